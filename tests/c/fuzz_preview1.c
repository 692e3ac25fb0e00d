/* Random-input fuzzing of the engine's parsing of guest-supplied structures, through the
 * raw preview1 imports: iovec arrays (zero-length, overlapping, out-of-memory and huge
 * entries), poll_oneoff subscription arrays (random tags, clock ids, flags, descriptors),
 * fd_readdir buffers and cookies (directory-entry serialisation into any size), and
 * path bytes (NUL, non-UTF-8, `..`, long). Every call must return a preview1 errno and
 * the program must never trap.
 *
 * With a fourth argument `net` (the runner must grant network access) it also fuzzes the
 * socket layer's parsing: `sockaddr` bytes and lengths for bind/connect, getsockname
 * buffers, and `msghdr` for sendmsg/recvmsg (destinations are always loopback, so no
 * packet leaves the machine).
 *
 *   usage: fuzz_preview1 DIR SEED CALLS [net]
 * Prints "calls N distinct-errnos M" at the end. Output buffers always lie in `arena`,
 * so the fuzzer cannot corrupt its own state; input pointers may point anywhere, including
 * past the end of memory.
 */
#include "check.h"

#include <time.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMPORT(name) __attribute__((__import_module__("wasi_snapshot_preview1"), __import_name__(#name)))
int32_t __imported_wasi_snapshot_preview1_fd_write(int32_t, int32_t, int32_t, int32_t) IMPORT(fd_write);
int32_t __imported_wasi_snapshot_preview1_fd_read(int32_t, int32_t, int32_t, int32_t) IMPORT(fd_read);
int32_t __imported_wasi_snapshot_preview1_fd_pread(int32_t, int32_t, int32_t, int64_t, int32_t) IMPORT(fd_pread);
int32_t __imported_wasi_snapshot_preview1_fd_pwrite(int32_t, int32_t, int32_t, int64_t, int32_t) IMPORT(fd_pwrite);
int32_t __imported_wasi_snapshot_preview1_poll_oneoff(int32_t, int32_t, int32_t, int32_t) IMPORT(poll_oneoff);
int32_t __imported_wasi_snapshot_preview1_fd_readdir(int32_t, int32_t, int32_t, int64_t, int32_t) IMPORT(fd_readdir);
int32_t __imported_wasi_snapshot_preview1_path_open(int32_t, int32_t, int32_t, int32_t, int32_t, int64_t,
                                                    int64_t, int32_t, int32_t) IMPORT(path_open);
int32_t __imported_wasi_snapshot_preview1_path_filestat_get(int32_t, int32_t, int32_t, int32_t, int32_t)
    IMPORT(path_filestat_get);
int32_t __imported_wasi_snapshot_preview1_fd_close(int32_t) IMPORT(fd_close);
int32_t __imported_wasi_snapshot_preview1_fd_seek(int32_t, int64_t, int32_t, int32_t) IMPORT(fd_seek);

static uint64_t rng;
static uint32_t next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}
static uint32_t below(uint32_t n) { return next() % n; }

static _Alignas(16) unsigned char arena[1 << 16];
static int seen[128];
static long calls;

/* A pointer for the engine to read: into the arena, to address 0, or past memory. */
static int32_t in_ptr(void) {
    switch (below(8)) {
    case 0: return 0;
    case 1: return (int32_t)0xfffffff0u;
    case 2: return (int32_t)(0x7fff0000u + below(0x10000));
    default: return (int32_t)(uintptr_t)(arena + below(sizeof arena));
    }
}
/* A length: zero, small, up to the arena, or huge. */
static uint32_t length(void) {
    switch (below(6)) {
    case 0: return 0;
    case 1: return 0xffffffffu - below(16);
    case 2: return 1u << (20 + below(12));
    default: return below(4096);
    }
}
/* A descriptor: the sandbox directory (3), our scratch file, stdin, closed or invalid. */
static int scratch = -1;
static int32_t fd(void) {
    int32_t choices[] = {3, scratch, 0, -1, 64, 1000000, (int32_t)0x80000000u, 4};
    return choices[below(8)];
}

static void check(const char *what, int32_t e) {
    calls++;
    if (e < 0 || e > 76) {
        printf("%s returned %d, not a preview1 errno\n", what, e);
        exit(1);
    }
    seen[e] = 1;
}

/* An iovec array of `n` entries whose buffers lie in the arena (output) or anywhere
 * (input), with random lengths; entries may overlap each other (and, for input, the array). */
static uint32_t out_iovs[16];
static int32_t iovecs(int n, int output) {
    /* An output array lives apart from the arena, so that data the engine writes cannot
     * rewrite entries it has yet to read (that would be the fuzzer corrupting itself). */
    uint32_t *iov = output ? out_iovs : (uint32_t *)(arena + 8 * below(1024));
    for (int i = 0; i < n; i++) {
        uint32_t off = below(sizeof arena);
        iov[2 * i] = output ? (uint32_t)(uintptr_t)(arena + off) : (uint32_t)in_ptr();
        uint32_t len = length();
        /* Output buffers must stay inside the arena; inputs may run off anywhere. */
        iov[2 * i + 1] = output ? (len % (sizeof arena - off + 1)) : len;
    }
    return (int32_t)(uintptr_t)iov;
}

static void fuzz_rw(void) {
    int n = (int)below(9);
    int32_t out = (int32_t)(uintptr_t)(arena + 4 * below(16384));
    int32_t f = fd();
    if (f == 0) f = scratch; /* fd() never picks 1 or 2; this keeps the I/O off stdio */
    switch (below(4)) {
    case 0: check("fd_write", __imported_wasi_snapshot_preview1_fd_write(f, iovecs(n, 0), n, out)); break;
    case 1: check("fd_read", __imported_wasi_snapshot_preview1_fd_read(f, iovecs(n, 1), n, out)); break;
    case 2: check("fd_pwrite", __imported_wasi_snapshot_preview1_fd_pwrite(f, iovecs(n, 0), n, (int64_t)below(1 << 20) - 16, out)); break;
    default: check("fd_pread", __imported_wasi_snapshot_preview1_fd_pread(f, iovecs(n, 1), n, (int64_t)next() << below(32), out)); break;
    }
    /* Keep the scratch file small. */
    __imported_wasi_snapshot_preview1_fd_seek(scratch, 0, 0, (int32_t)(uintptr_t)arena);
}

static void fuzz_poll(void) {
    int n = 1 + (int)below(12);
    unsigned char *subs = arena + 8 * below(4096);
    for (int i = 0; i < n; i++) {
        unsigned char *s = subs + 48 * i;
        for (int k = 0; k < 48; k++) s[k] = (unsigned char)next();
        if (i == 0 || below(3) == 0) {
            /* A clock with a tiny timeout, so the call always ends. */
            s[8] = 0;                         /* tag: clock */
            *(uint32_t *)(s + 16) = below(5); /* clock id, some invalid */
            *(uint64_t *)(s + 24) = below(200000); /* ns */
            *(uint16_t *)(s + 40) = (uint16_t)below(3);
        } else {
            s[8] = (unsigned char)below(4); /* fd_read, fd_write, or invalid tags */
            *(uint32_t *)(s + 16) = (uint32_t)fd();
        }
    }
    if (below(4) != 0) {
        /* Only a clock first keeps the call bounded even with all-invalid fds. */
        subs[8] = 0;
        *(uint32_t *)(subs + 16) = 1;
        *(uint64_t *)(subs + 24) = 1000;
        *(uint16_t *)(subs + 40) = 0;
    }
    int32_t events = (int32_t)(uintptr_t)(arena + 32 * below(1024));
    int32_t nev = (int32_t)(uintptr_t)(arena + 4 * below(16384));
    check("poll_oneoff", __imported_wasi_snapshot_preview1_poll_oneoff((int32_t)(uintptr_t)subs, events, n, nev));
}

static void fuzz_readdir(void) {
    uint32_t off = below(sizeof arena);
    uint32_t len = below(sizeof arena - off + 1);
    if (below(2)) len %= 64;
    int64_t cookie = below(4) ? (int64_t)below(40) : (int64_t)next() << 31;
    int32_t used = (int32_t)(uintptr_t)(arena + 4 * below(16384));
    check("fd_readdir", __imported_wasi_snapshot_preview1_fd_readdir(fd(), (int32_t)(uintptr_t)(arena + off), (int32_t)len, cookie, used));
}

static void fuzz_path(void) {
    static const char pieces[][8] = {"a", "..", ".", "/", "b/", "\xff", "\0", "c.txt", "\xc3\x28", "//"};
    unsigned char *p = arena + below(sizeof arena - 600);
    uint32_t len = 0;
    int parts = (int)below(12);
    for (int i = 0; i < parts; i++) {
        const char *s = pieces[below(10)];
        size_t l = s[0] ? strlen(s) : 1;
        memcpy(p + len, s, l);
        len += (uint32_t)l;
    }
    if (below(8) == 0) len += below(300); /* and whatever bytes follow */
    int32_t out = (int32_t)(uintptr_t)(arena + 8 * below(8000));
    if (below(2)) {
        int32_t e = __imported_wasi_snapshot_preview1_path_open(
            fd(), (int32_t)below(3), (int32_t)(uintptr_t)p, (int32_t)len, (int32_t)below(32),
            (int64_t)next() << below(32), (int64_t)next(), (int32_t)below(64), out);
        check("path_open", e);
        if (e == 0) {
            int32_t opened = *(int32_t *)(uintptr_t)out;
            check("fd_close", __imported_wasi_snapshot_preview1_fd_close(opened));
        }
    } else {
        check("path_filestat_get", __imported_wasi_snapshot_preview1_path_filestat_get(
                                       fd(), (int32_t)below(3), (int32_t)(uintptr_t)p, (int32_t)len, out));
    }
}

/* A libc-level call: -1 with an errno in range, or a non-negative result. */
static void check_libc(const char *what, long r) {
    calls++;
    if (r < -1 || (r == -1 && (errno <= 0 || errno > 76))) {
        printf("%s returned %ld errno %d\n", what, r, errno);
        exit(1);
    }
    if (r == -1) seen[errno] = 1;
}

static void loopback(struct sockaddr_in6 *a, int family) {
    memset(a, 0, sizeof *a);
    if (family == AF_INET) {
        struct sockaddr_in *v4 = (struct sockaddr_in *)a;
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)(1 + below(65535)));
        v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    } else {
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)(1 + below(65535)));
        a->sin6_addr = in6addr_loopback;
    }
}

static void fuzz_socket(void) {
    int family = below(2) ? AF_INET : AF_INET6;
    int s = socket(family, (below(2) ? SOCK_STREAM : SOCK_DGRAM) | (below(2) ? SOCK_NONBLOCK : 0), 0);
    check_libc("socket", s);
    if (s < 0) return;
    /* bind: random bytes and length, sometimes with a plausible family in front. */
    unsigned char *a = arena + 8 * below(4096);
    for (int i = 0; i < 64; i++) a[i] = (unsigned char)next();
    if (below(2)) ((struct sockaddr *)a)->sa_family = (sa_family_t)(below(2) ? family : below(12));
    if (below(3) == 0) { loopback((struct sockaddr_in6 *)a, family); ((struct sockaddr_in6 *)a)->sin6_port = 0; }
    socklen_t len = below(8) ? below(64) : (socklen_t)next();
    check_libc("bind", bind(s, (struct sockaddr *)a, len));
    /* connect, always to loopback, with a random length. */
    if (below(2)) {
        struct sockaddr_in6 to;
        loopback(&to, below(4) ? family : AF_INET + AF_INET6 - family);
        check_libc("connect", connect(s, (struct sockaddr *)&to, below(4) ? sizeof to : below(40)));
    }
    /* getsockname/getpeername into buffers of random size. */
    socklen_t *lenp = (socklen_t *)(arena + 4 * below(16384));
    *lenp = below(64);
    unsigned char *name = arena + 8 * below(7000);
    check_libc("getsockname", below(2) ? getsockname(s, (struct sockaddr *)name, lenp)
                                       : getpeername(s, (struct sockaddr *)name, lenp));
    /* sendmsg/recvmsg with random msghdrs; destinations loopback or none. */
    struct sockaddr_in6 dest;
    loopback(&dest, family);
    struct iovec iov[8];
    struct msghdr m;
    memset(&m, 0, sizeof m);
    int n = (int)below(9);
    for (int i = 0; i < n; i++) {
        uint32_t off = below(sizeof arena);
        iov[i].iov_base = arena + off;
        iov[i].iov_len = below(8) ? below(sizeof arena - off + 1) % 2048 : 0;
    }
    m.msg_iov = below(8) ? iov : NULL;
    m.msg_iovlen = (size_t)n;
    m.msg_name = below(2) ? &dest : NULL;
    m.msg_namelen = below(4) ? sizeof dest : below(40);
    m.msg_control = below(4) ? NULL : arena;
    m.msg_controllen = below(64);
    m.msg_flags = (int)next();
    check_libc("sendmsg", (long)sendmsg(s, &m, MSG_DONTWAIT | (below(2) ? MSG_NOSIGNAL : 0)));
    m.msg_name = below(2) ? arena + 8 * below(7000) : NULL;
    m.msg_namelen = below(64);
    check_libc("recvmsg", (long)recvmsg(s, &m, MSG_DONTWAIT | (below(2) ? MSG_PEEK : 0)));
    check_libc("close", close(s));
}

/* A step makes at most a few calls, each bounded (poll_oneoff gets short clocks). */
#define STEP_DEADLINE_MS 5000

int main(int argc, char **argv) {
    CHECK(argc == 4 || argc == 5);
    int net = argc == 5 && strcmp(argv[4], "net") == 0;
    rng = strtoull(argv[2], NULL, 10) * 0x9e3779b97f4a7c15ull + 1;
    long n = atol(argv[3]);
    char path[256];
    snprintf(path, sizeof path, "%s/scratch", argv[1]);
    scratch = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(scratch >= 0);
    snprintf(path, sizeof path, "%s/sub", argv[1]);
    mkdir(path, 0755);
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/sub/file%d", argv[1], i);
        close(open(path, O_CREAT | O_WRONLY, 0644));
    }
    static const char *const kinds[] = {"rw", "poll", "readdir", "path", "socket"};
    long step = 0;
    while (calls < n) {
        int kind = (int)below(net ? 5 : 4);
        /* Every step must return within STEP_DEADLINE_MS; the step is named on stderr
         * first, so a harness that kills a hung run can say which one never returned. */
        fprintf(stderr, "step %ld %s (after %ld calls)\n", step, kinds[kind], calls);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        switch (kind) {
        case 4: fuzz_socket(); break;
        case 0: fuzz_rw(); break;
        case 1: fuzz_poll(); break;
        case 2: fuzz_readdir(); break;
        default: fuzz_path(); break;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        if (ms > STEP_DEADLINE_MS) {
            printf("step %ld (%s) did not return within %d ms: took %ld ms\n", step,
                   kinds[kind], STEP_DEADLINE_MS, ms);
            return 1;
        }
        step++;
    }
    int distinct = 0;
    for (int i = 0; i < 128; i++) distinct += seen[i];
    printf("calls %ld distinct-errnos %d\n", calls, distinct);
    return 0;
}
