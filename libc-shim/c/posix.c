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
int p3shim_cloexec(int fd, int set);

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
    /* O_CLOEXEC: there is no exec, but F_GETFD reports the flag as it was set. */
    int r = result(p3shim_pipe(fds, (flags & O_NONBLOCK) != 0));
    if (r == 0 && (flags & O_CLOEXEC)) {
        p3shim_cloexec(fds[0], 1);
        p3shim_cloexec(fds[1], 1);
    }
    return r;
}

int pipe(int fds[2]) { return pipe2(fds, 0); }

int dup(int fd) { return result(p3shim_dup(fd, 0)); }

int dup2(int fd, int to) { return result(p3shim_dup2(fd, to)); }

int dup3(int fd, int to, int flags) {
    if (fd == to || (flags & ~O_CLOEXEC)) {
        errno = EINVAL;
        return -1;
    }
    int r = result(p3shim_dup2(fd, to));
    if (r >= 0 && (flags & O_CLOEXEC))
        p3shim_cloexec(r, 1);
    return r;
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
    {
        int r = result(p3shim_dup(fd, arg));
        if (r >= 0 && cmd == F_DUPFD_CLOEXEC)
            p3shim_cloexec(r, 1);
        return r;
    }
    /* There is no exec, so FD_CLOEXEC changes nothing, but it is kept per descriptor. */
    case F_GETFD: {
        int r = result(p3shim_cloexec(fd, -1));
        return r <= 0 ? r : FD_CLOEXEC;
    }
    case F_SETFD:
        return result(p3shim_cloexec(fd, (arg & FD_CLOEXEC) != 0)) < 0 ? -1 : 0;
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
