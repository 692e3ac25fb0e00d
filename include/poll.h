/* p3shim: <poll.h> plus POLLPRI and the other flags wasi-libc leaves out, and ppoll
 * declared without _GNU_SOURCE (POSIX.1-2024 has it). libp3shim.a provides poll and ppoll. */
#include_next <poll.h>

#ifndef P3SHIM_POLL_H
#define P3SHIM_POLL_H
#ifdef __cplusplus
extern "C" {
#endif

/* Linux's values; p3shim never reports POLLPRI (no urgent data over wasi:sockets). */
#ifndef POLLPRI
#define POLLPRI 0x002
#endif
#ifndef POLLRDBAND
#define POLLRDBAND 0x080
#endif
#ifndef POLLWRBAND
#define POLLWRBAND 0x200
#endif

#define __NEED_time_t
#define __NEED_struct_timespec
#define __NEED_sigset_t
#include <bits/alltypes.h>
int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *mask);

#ifdef __cplusplus
}
#endif
#endif
