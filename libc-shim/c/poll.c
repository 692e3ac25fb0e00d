/*
 * poll over preview1 poll_oneoff, for both forms: in libp3shim.a, and in libp3shim_net.a
 * for adapter-form programs (whose libc's poll refuses entries without events).
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <wasi/api.h>

#include "p3shim_net.h"

/*
 * poll over preview1 poll_oneoff, which p3shim answers with real readiness for every
 * descriptor kind. Unlike the libc's, it accepts entries with no events (they still
 * report POLLHUP, POLLERR and POLLNVAL) and reports POLLNVAL for bad descriptors.
 * Such an entry is a read subscription marked "hang-up only" (P3SHIM_POLL_HUP_ONLY in
 * bytes the fd_read variant leaves unused; other hosts ignore them): p3shim then reports
 * it only for a hang-up or an error, so the call waits as on Linux.
 */
#define P3SHIM_POLL_STACK 32

int poll(struct pollfd *fds, nfds_t n, int timeout) {
    __wasi_subscription_t stack_subs[P3SHIM_POLL_STACK * 2 + 1];
    __wasi_event_t stack_events[P3SHIM_POLL_STACK * 2 + 1];
    __wasi_subscription_t *subs = stack_subs;
    __wasi_event_t *events = stack_events;
    if (n > P3SHIM_MAX_FDS) {
        errno = EINVAL;
        return -1;
    }
    if (n > P3SHIM_POLL_STACK) {
        subs = p3shim_scratch(sizeof *subs * (n * 2 + 1));
        events = p3shim_scratch(sizeof *events * (n * 2 + 1));
        if (subs == NULL || events == NULL) {
            if (subs) p3shim_scratch_free(subs, sizeof *subs * (n * 2 + 1));
            if (events) p3shim_scratch_free(events, sizeof *events * (n * 2 + 1));
            errno = ENOMEM;
            return -1;
        }
    }
    size_t ns = 0;
    for (nfds_t i = 0; i < n; i++) {
        fds[i].revents = 0;
        if (fds[i].fd < 0)
            continue;
        int want_out = (fds[i].events & (POLLOUT | POLLWRNORM)) != 0;
        int want_in = (fds[i].events & (POLLIN | POLLRDNORM)) != 0;
        /* A read subscription also carries hang-up and errors, so every entry has one
         * unless it asks only for output. */
        if (!want_out || want_in) {
            memset(&subs[ns], 0, sizeof subs[ns]);
            subs[ns].userdata = i * 2;
            subs[ns].u.tag = __WASI_EVENTTYPE_FD_READ;
            if (!want_in && !want_out)
                subs[ns].u.u.clock.timeout = P3SHIM_POLL_HUP_ONLY;
            subs[ns].u.u.fd_read.file_descriptor = fds[i].fd;
            ns++;
        }
        if (want_out) {
            memset(&subs[ns], 0, sizeof subs[ns]);
            subs[ns].userdata = i * 2 + 1;
            subs[ns].u.tag = __WASI_EVENTTYPE_FD_WRITE;
            subs[ns].u.u.fd_write.file_descriptor = fds[i].fd;
            ns++;
        }
    }
    if (timeout >= 0) {
        memset(&subs[ns], 0, sizeof subs[ns]);
        subs[ns].userdata = (__wasi_userdata_t)-1;
        subs[ns].u.tag = __WASI_EVENTTYPE_CLOCK;
        subs[ns].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
        subs[ns].u.u.clock.timeout = (__wasi_timestamp_t)timeout * 1000000;
        ns++;
    }
    int ready = 0;
    if (ns == 0) {
        /* Nothing to wait for, forever: POSIX would hang; there is nothing to wake us. */
        errno = EDEADLK;
        ready = -1;
        goto out;
    }
    size_t nevents = 0;
    __wasi_errno_t e = __wasi_poll_oneoff(subs, events, ns, &nevents);
    if (e != 0) {
        errno = e;
        ready = -1;
        goto out;
    }
    for (size_t k = 0; k < nevents; k++) {
        __wasi_event_t *ev = &events[k];
        if (ev->type == __WASI_EVENTTYPE_CLOCK)
            continue;
        struct pollfd *p = &fds[ev->userdata / 2];
        int is_write = ev->userdata % 2;
        if (ev->error == __WASI_ERRNO_BADF) {
            p->revents |= POLLNVAL;
        } else if (ev->error != 0) {
            p->revents |= POLLERR;
        } else if (is_write) {
            p->revents |= p->events & (POLLOUT | POLLWRNORM);
            /* Both directions shut down: writable and hung up, as on Linux. */
            if (ev->fd_readwrite.flags & __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP)
                p->revents |= POLLHUP;
        } else {
            if (ev->fd_readwrite.flags & __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP)
                p->revents |= POLLHUP;
            /* A socket whose peer hung up is also readable (read returns 0), as on
             * Linux; a pipe with no writer left reports POLLHUP alone. */
            if (ev->fd_readwrite.nbytes > 0 || !(p->revents & POLLHUP) ||
                p3shim_socket_type(p->fd) > 0)
                p->revents |= p->events & (POLLIN | POLLRDNORM);
        }
    }
    for (nfds_t i = 0; i < n; i++)
        if (fds[i].revents != 0)
            ready++;
out:
    if (subs != stack_subs) {
        p3shim_scratch_free(subs, sizeof *subs * (n * 2 + 1));
        p3shim_scratch_free(events, sizeof *events * (n * 2 + 1));
    }
    return ready;
}
