/*
 * The POSIX calls that wasip1's wasi-libc lacks or cannot do right, for programs linked
 * against libp3shim.a: pipe, pipe2, dup, dup2, dup3, a full fcntl (F_DUPFD and friends),
 * ppoll, and an fstat that knows pipes. Written in C, against the program's own libc
 * headers, so variadic arguments, errno and struct layouts match the program exactly; the
 * work is done by the engine's p3shim_* functions (which return >= 0 or -errno).
 *
 * Defining these in libp3shim.a (linked before libc) takes precedence over the libc's
 * own fcntl/fstat, whose members are then never pulled in.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#include "p3shim.h"
#include "p3shim_net.h"

int p3shim_pipe(int fds[2], int nonblock);
int p3shim_dup(int fd, int min);
int p3shim_dup2(int fd, int to);
int p3shim_fd_is_pipe(int fd);

static int result(int r) {
    if (r < 0) {
        errno = -r;
        return -1;
    }
    return r;
}

int pipe2(int fds[2], int flags) {
    if (flags & ~(O_NONBLOCK | O_CLOEXEC)) {
        errno = EINVAL;
        return -1;
    }
    /* O_CLOEXEC: there is no exec, so close-on-exec has nothing to do. */
    return result(p3shim_pipe(fds, (flags & O_NONBLOCK) != 0));
}

int pipe(int fds[2]) { return pipe2(fds, 0); }

int dup(int fd) { return result(p3shim_dup(fd, 0)); }

int dup2(int fd, int to) { return result(p3shim_dup2(fd, to)); }

int dup3(int fd, int to, int flags) {
    if (fd == to || (flags & ~O_CLOEXEC)) {
        errno = EINVAL;
        return -1;
    }
    return result(p3shim_dup2(fd, to));
}

/* F_GETFL: the access mode from the descriptor's rights, and its status flags. */
static int get_fl(int fd) {
    __wasi_fdstat_t st;
    __wasi_errno_t e = __wasi_fd_fdstat_get(fd, &st);
    if (e != 0) {
        errno = e;
        return -1;
    }
    int fl = st.fs_flags;
    int r = (st.fs_rights_base & (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR)) != 0;
    int w = (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0;
    if (r && w)
        fl |= O_RDWR;
    else if (w)
        fl |= O_WRONLY;
    else if (r)
        fl |= O_RDONLY;
    return fl;
}

int fcntl(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    int arg = (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_SETFD || cmd == F_SETFL)
                  ? va_arg(ap, int)
                  : 0;
    va_end(ap);
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if (arg < 0) {
            errno = EINVAL;
            return -1;
        }
        return result(p3shim_dup(fd, arg));
    case F_GETFD:
        /* No exec, so FD_CLOEXEC is never observable; report it clear. */
        return get_fl(fd) < 0 ? -1 : 0;
    case F_SETFD:
        return get_fl(fd) < 0 ? -1 : 0;
    case F_GETFL:
        return get_fl(fd);
    case F_SETFL: {
        __wasi_errno_t e = __wasi_fd_fdstat_set_flags(
            fd, arg & (O_APPEND | O_DSYNC | O_NONBLOCK | O_RSYNC | O_SYNC));
        if (e != 0) {
            errno = e;
            return -1;
        }
        return 0;
    }
    default:
        errno = EINVAL;
        return -1;
    }
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *mask) {
    (void)mask; /* no signals are delivered to a component */
    int ms = -1;
    if (timeout != NULL) {
        if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000) {
            errno = EINVAL;
            return -1;
        }
        long long t = (long long)timeout->tv_sec * 1000 + (timeout->tv_nsec + 999999) / 1000000;
        ms = t > 0x7fffffff ? 0x7fffffff : (int)t;
    }
    return poll(fds, n, ms);
}

static struct timespec ts_from_ns(__wasi_timestamp_t ns) {
    struct timespec ts = {(time_t)(ns / 1000000000), (long)(ns % 1000000000)};
    return ts;
}

int fstat(int fd, struct stat *st) {
    __wasi_filestat_t fs;
    __wasi_errno_t e = __wasi_fd_filestat_get(fd, &fs);
    if (e != 0) {
        errno = e;
        return -1;
    }
    memset(st, 0, sizeof *st);
    st->st_dev = fs.dev;
    st->st_ino = fs.ino;
    st->st_nlink = fs.nlink;
    st->st_size = fs.size;
    st->st_atim = ts_from_ns(fs.atim);
    st->st_mtim = ts_from_ns(fs.mtim);
    st->st_ctim = ts_from_ns(fs.ctim);
    switch (fs.filetype) {
    case __WASI_FILETYPE_BLOCK_DEVICE: st->st_mode = S_IFBLK; break;
    case __WASI_FILETYPE_CHARACTER_DEVICE: st->st_mode = S_IFCHR; break;
    case __WASI_FILETYPE_DIRECTORY: st->st_mode = S_IFDIR; break;
    case __WASI_FILETYPE_REGULAR_FILE: st->st_mode = S_IFREG; break;
    case __WASI_FILETYPE_SOCKET_DGRAM:
    case __WASI_FILETYPE_SOCKET_STREAM: st->st_mode = S_IFSOCK; break;
    case __WASI_FILETYPE_SYMBOLIC_LINK: st->st_mode = S_IFLNK; break;
    default:
        if (p3shim_fd_is_pipe(fd) == 1) st->st_mode = S_IFIFO;
        break;
    }
    return 0;
}

/*
 * poll over preview1 poll_oneoff, which p3shim answers with real readiness for every
 * descriptor kind. Unlike the libc's, it accepts entries with no events (they still
 * report POLLHUP, POLLERR and POLLNVAL) and reports POLLNVAL for bad descriptors.
 */
#define P3SHIM_POLL_STACK 32

int poll(struct pollfd *fds, nfds_t n, int timeout) {
    __wasi_subscription_t stack_subs[P3SHIM_POLL_STACK * 2 + 1];
    __wasi_event_t stack_events[P3SHIM_POLL_STACK * 2 + 1];
    __wasi_subscription_t *subs = stack_subs;
    __wasi_event_t *events = stack_events;
    if (n > P3SHIM_POLL_STACK) {
        subs = malloc(sizeof *subs * (n * 2 + 1));
        events = malloc(sizeof *events * (n * 2 + 1));
        if (subs == NULL || events == NULL) {
            free(subs);
            free(events);
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
        /* A read subscription also carries hang-up and errors, so every entry has one
         * unless it asks only for output. */
        if (!want_out || (fds[i].events & (POLLIN | POLLRDNORM)) != 0) {
            memset(&subs[ns], 0, sizeof subs[ns]);
            subs[ns].userdata = i * 2;
            subs[ns].u.tag = __WASI_EVENTTYPE_FD_READ;
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
        free(subs);
        free(events);
    }
    return ready;
}
