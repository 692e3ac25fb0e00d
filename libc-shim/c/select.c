/*
 * select, pselect and ioctl over p3shim's poll, for programs linked against libp3shim.a.
 * The libc's versions go through preview1 poll_oneoff directly: the 2022 wasi-libc fails
 * any call with a non-empty exception set (ENOSYS), and neither reports POLLHUP/POLLNVAL
 * the way poll does here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <time.h>
#include <wasi/api.h>

#include "p3shim_net.h"

/* Milliseconds for poll from a timespec, rounded up; -1 for none; -2 if invalid. */
static int timeout_ms(const struct timespec *t) {
    if (t == NULL) return -1;
    if (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= 1000000000) return -2;
    long long ms = (long long)t->tv_sec * 1000 + (t->tv_nsec + 999999) / 1000000;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

static int do_select(int n, fd_set *r, fd_set *w, fd_set *e, int ms) {
    if (n < 0 || n > FD_SETSIZE || ms == -2) {
        errno = EINVAL;
        return -1;
    }
    struct pollfd stack[64];
    struct pollfd *p = stack;
    if (n > 64 && (p = p3shim_scratch(sizeof *p * (size_t)n)) == NULL) {
        errno = ENOMEM;
        return -1;
    }
    int np = 0;
    for (int fd = 0; fd < n; fd++) {
        short ev = (r && FD_ISSET(fd, r) ? POLLIN : 0) | (w && FD_ISSET(fd, w) ? POLLOUT : 0) |
                   (e && FD_ISSET(fd, e) ? POLLPRI : 0);
        if (ev) p[np++] = (struct pollfd){fd, ev, 0};
    }
    int ready = poll(p, (nfds_t)np, ms);
    if (ready >= 0) {
        for (int i = 0; i < np; i++) {
            if (p[i].revents & POLLNVAL) {
                errno = EBADF;
                ready = -1;
                break;
            }
        }
    }
    if (ready >= 0) {
        if (r) FD_ZERO(r);
        if (w) FD_ZERO(w);
        if (e) FD_ZERO(e);
        ready = 0;
        /* As Linux: hang-up and errors make a descriptor readable (and errors writable). */
        for (int i = 0; i < np; i++) {
            short rev = p[i].revents, ev = p[i].events;
            if ((ev & POLLIN) && (rev & (POLLIN | POLLHUP | POLLERR))) {
                FD_SET(p[i].fd, r);
                ready++;
            }
            if ((ev & POLLOUT) && (rev & (POLLOUT | POLLERR))) {
                FD_SET(p[i].fd, w);
                ready++;
            }
            if ((ev & POLLPRI) && (rev & POLLPRI)) {
                FD_SET(p[i].fd, e);
                ready++;
            }
        }
    }
    if (p != stack) p3shim_scratch_free(p, sizeof *p * (size_t)n);
    return ready;
}

int select(int n, fd_set *restrict r, fd_set *restrict w, fd_set *restrict e,
           struct timeval *restrict tv) {
    struct timespec ts, *t = NULL;
    if (tv != NULL) {
        if (tv->tv_usec < 0 || tv->tv_usec >= 1000000) {
            errno = EINVAL;
            return -1;
        }
        ts = (struct timespec){tv->tv_sec, (long)tv->tv_usec * 1000};
        t = &ts;
    }
    return do_select(n, r, w, e, timeout_ms(t));
}

int pselect(int n, fd_set *restrict r, fd_set *restrict w, fd_set *restrict e,
            const struct timespec *restrict t, const sigset_t *restrict mask) {
    (void)mask; /* no signals are delivered to a component */
    return do_select(n, r, w, e, timeout_ms(t));
}

/* FIONREAD: bytes readable now (from the engine's readiness); FIONBIO: O_NONBLOCK.
 * Anything else: ENOTTY, as Linux answers for a request the descriptor does not know. */
int ioctl(int fd, int request, ...) {
    va_list ap;
    va_start(ap, request);
    int *arg = va_arg(ap, int *);
    va_end(ap);
    if (request == FIONREAD) {
        __wasi_subscription_t subs[2] = {0};
        subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
        subs[0].u.u.fd_read.file_descriptor = fd;
        subs[1].userdata = 1;
        subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
        subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
        __wasi_event_t evs[2];
        __wasi_size_t nev = 0;
        __wasi_errno_t err = __wasi_poll_oneoff(subs, evs, 2, &nev);
        if (err != 0) {
            errno = err;
            return -1;
        }
        *arg = 0;
        for (__wasi_size_t i = 0; i < nev; i++) {
            if (evs[i].userdata != 0) continue;
            if (evs[i].error != 0) {
                errno = evs[i].error;
                return -1;
            }
            __wasi_filesize_t nb = evs[i].fd_readwrite.nbytes;
            *arg = nb > INT_MAX ? INT_MAX : (int)nb;
        }
        return 0;
    }
    if (request == FIONBIO) {
        __wasi_fdstat_t st;
        __wasi_errno_t err = __wasi_fd_fdstat_get(fd, &st);
        if (err == 0) {
            __wasi_fdflags_t fl = *arg ? (st.fs_flags | __WASI_FDFLAGS_NONBLOCK)
                                       : (st.fs_flags & ~__WASI_FDFLAGS_NONBLOCK);
            err = __wasi_fd_fdstat_set_flags(fd, fl);
        }
        if (err != 0) {
            errno = err;
            return -1;
        }
        return 0;
    }
    errno = ENOTTY;
    return -1;
}
