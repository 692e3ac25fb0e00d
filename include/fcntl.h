/* p3shim: <fcntl.h> plus F_DUPFD, which wasip1's wasi-libc leaves out. */
#include_next <fcntl.h>

#ifndef F_DUPFD
#define F_DUPFD 0
#endif

#ifndef F_DUPFD_CLOEXEC
#define F_DUPFD_CLOEXEC 1030
#endif

/* Some wasi-libc releases define O_CLOEXEC as 0, so dup3 and pipe2 could not tell it
 * apart from no flags. A bit that open() ignores (it reads bits 0-11 as fdflags, 12-23 as
 * oflags, and the access-mode bits above) lets libp3shim.a keep FD_CLOEXEC for them. */
#if defined(O_CLOEXEC) && O_CLOEXEC == 0
#undef O_CLOEXEC
#define O_CLOEXEC 0x20000000
#endif
