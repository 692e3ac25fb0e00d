/* Shared helpers for the p3shim C test programs.
 *
 * Every program takes the directory it may work in as argv[1] (the harness
 * passes "/sandbox", a fresh host temporary directory preopened for the guest)
 * and prints meaningful lines to stdout that the Rust tests compare exactly.
 * Any failed CHECK prints file:line, the expression and errno to stderr and
 * exits with status 1, so a failure is always visible in the test output.
 *
 * Programs for both forms use only what Debian's 2022 wasi-libc declares; the
 * static-shim-only programs (pipes, sockets) also use what p3shim's include/
 * adds. The programs also build natively with gcc so their expectations can be
 * checked on Linux.
 */
#ifndef P3SHIM_TEST_CHECK_H
#define P3SHIM_TEST_CHECK_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline const char *errno_name(int e) {
    switch (e) {
    case 0: return "0";
#define N(x) case x: return #x;
    N(E2BIG) N(EACCES) N(EAGAIN) N(EBADF) N(EBUSY) N(EEXIST) N(EFAULT)
    N(EFBIG) N(EINTR) N(EINVAL) N(EIO) N(EISDIR) N(ELOOP) N(EMFILE)
    N(EMLINK) N(ENAMETOOLONG) N(ENFILE) N(ENODEV) N(ENOENT) N(ENOMEM)
    N(ENOSPC) N(ENOSYS) N(ENOTDIR) N(ENOTEMPTY) N(ENOTSUP) N(ENOTTY)
    N(ENXIO) N(EPERM) N(EPIPE) N(EROFS) N(ESPIPE) N(EXDEV) N(EOVERFLOW) N(EILSEQ)
#if defined(EOPNOTSUPP) && EOPNOTSUPP != ENOTSUP
    N(EOPNOTSUPP)
#endif
#ifdef ENOTCAPABLE
    N(ENOTCAPABLE)
#endif
    N(ECONNREFUSED) N(ECONNRESET) N(ECONNABORTED) N(EADDRINUSE)
    N(EADDRNOTAVAIL) N(ENOTCONN) N(EISCONN) N(EALREADY) N(EAFNOSUPPORT)
    N(ENOTSOCK) N(EINPROGRESS) N(EDESTADDRREQ) N(EMSGSIZE) N(ENOPROTOOPT)
    N(EPROTONOSUPPORT) N(EPROTOTYPE) N(ETIMEDOUT) N(EHOSTUNREACH)
#undef N
    default: {
        static char buf[32];
        snprintf(buf, sizeof buf, "errno#%d", e);
        return buf;
    }
    }
}

static inline void check_failed(const char *file, int line, const char *expr, int e) {
    fflush(stdout);
    fprintf(stderr, "%s:%d: CHECK failed: %s (errno %d %s: %s)\n", file, line,
            expr, e, errno_name(e), strerror(e));
    exit(1);
}

/* Fails the program when cond is false, reporting errno as it was. */
#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) check_failed(__FILE__, __LINE__, #cond, errno);         \
    } while (0)

/* Compares two integers and prints both values on mismatch. */
#define CHECK_EQ(a, b)                                                       \
    do {                                                                     \
        long long a_ = (long long)(a), b_ = (long long)(b);                  \
        if (a_ != b_) {                                                      \
            int e_ = errno;                                                  \
            fflush(stdout);                                                  \
            fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %s (%lld != %lld)"\
                    " (errno %d %s)\n", __FILE__, __LINE__, #a, #b, a_, b_,  \
                    e_, errno_name(e_));                                     \
            exit(1);                                                         \
        }                                                                    \
    } while (0)

/* Expects `call` to fail with -1 (or NULL) and errno == expected. */
#define CHECK_ERRNO(call, expected)                                          \
    do {                                                                     \
        errno = 0;                                                           \
        long long r_ = (long long)(call);                                    \
        int e_ = errno;                                                      \
        if (r_ != -1 || e_ != (expected)) {                                  \
            fflush(stdout);                                                  \
            fprintf(stderr, "%s:%d: expected %s to fail with %s, got %lld "  \
                    "errno %s\n", __FILE__, __LINE__, #call, #expected, r_,  \
                    errno_name(e_));                                         \
            exit(1);                                                         \
        }                                                                    \
    } while (0)

/* The working directory passed as argv[1]. */
static const char *work_dir __attribute__((unused)) = ".";

static inline void set_work_dir(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR ...\n", argc > 0 ? argv[0] : "prog");
        exit(2);
    }
    work_dir = argv[1];
}

/* Returns "<work_dir>/<name>" in one of 8 rotating static buffers. */
static inline const char *P(const char *name) {
    static char bufs[8][1024];
    static unsigned next;
    char *b = bufs[next++ % 8];
    int n = snprintf(b, sizeof bufs[0], "%s/%s", work_dir, name);
    CHECK(n > 0 && (size_t)n < sizeof bufs[0]);
    return b;
}

/* FNV-1a, 32 bits: the harness computes the same checksum. */
static inline unsigned fnv1a(unsigned h, const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}
#define FNV1A_INIT 2166136261u

#endif
