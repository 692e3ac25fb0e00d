/* p3shim: <unistd.h> plus the descriptor calls wasip1's wasi-libc leaves out. */
#include_next <unistd.h>

#ifndef P3SHIM_UNISTD_H
#define P3SHIM_UNISTD_H
#ifdef __cplusplus
extern "C" {
#endif

int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int dup(int fd);
int dup2(int fd, int to);
int dup3(int fd, int to, int flags);

#ifdef __cplusplus
}
#endif
#endif
