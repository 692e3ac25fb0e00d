/* p3shim: <poll.h> plus POLLPRI and the other flags wasi-libc leaves out, and ppoll
 * declared without _GNU_SOURCE (POSIX.1-2024 has it). libp3shim.a provides poll and ppoll. */
#include_next <poll.h>

#ifndef P3SHIM_POLL_H
#define P3SHIM_POLL_H
#ifdef __cplusplus
extern "C" {
#endif

/* Bits wasi-libc's layout leaves free (POLLIN is 0x1 and POLLOUT 0x2 there, not Linux's
 * values). p3shim never reports them: there is no urgent or band data over wasi:sockets,
 * so an entry asking for them waits like any other. */
#ifndef POLLPRI
#define POLLPRI 0x004
#endif
#ifndef POLLRDBAND
#define POLLRDBAND 0x008
#endif
#ifndef POLLWRBAND
#define POLLWRBAND 0x010
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
