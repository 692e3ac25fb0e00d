/* The interpreter of the differential file-system test (tests/tests/differential.rs).
 *
 * Reads an op script from stdin and prints one line per op: the op as read, then its
 * result or errno name. The same program runs natively on Linux and under p3shim, and
 * the two outputs (and the directory trees left behind) must match byte for byte. What
 * legitimately differs is normalised here: descriptor numbers are printed relative to
 * the lowest free one at start (wasm has a preopen at 3), errno by name (the numbers
 * differ), and stat prints no inode numbers, times, modes or directory sizes.
 *
 * Script lines (S, T: descriptor slots 0..7; paths relative to the sequence directory):
 *   seq N                  start sequence N in directory s<N>: close every slot
 *   open S PATH FLAGS      FLAGS: r|w|x (rdonly|wronly|rdwr) + c creat, e excl,
 *                          t trunc, a append, d directory, n nofollow
 *   close S | fstat S | dup S T
 *   read S LEN | write S LEN | pread S LEN OFF | pwrite S LEN OFF
 *   seek S OFF s|c|e | ftruncate S LEN | truncate PATH LEN
 *   rename A B | link A B | unlink P | mkdir P | rmdir P | stat P | readdir P
 * Written bytes are 'a'..'z' from a counter reset at each sequence. pwrite on an O_APPEND
 * descriptor is not compared (Linux appends there, against POSIX; p3shim writes at the
 * offset), nor is a seek or read on a directory (preview1: EBADF; Linux moves the offset
 * or says EISDIR), nor a
 * write or ftruncate through O_RDONLY with O_CREAT or O_TRUNC (preview1 grants writing).
 */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define SLOTS 8

/* wasip1 has no dup: adapter-form programs (which get no libp3shim.a) are built without it. */
#ifdef FSDIFF_NO_DUP
#define dup(fd) ((void)(fd), errno = ENOSYS, -1)
#endif

static int slot[SLOTS];
/* Opened O_RDONLY with O_CREAT or O_TRUNC: Linux refuses writes through it, preview1 (as
 * Wasmtime implements it, and p3shim follows) grants them. Such writes are not compared. */
static unsigned char ro_but_writable[1024]; /* by descriptor number */
static int ro_writable(int fd) { return fd >= 0 && fd < 1024 && ro_but_writable[fd]; }
static int base_fd;
static unsigned counter;
static char seqdir[1024];

static void reset_slots(void) {
    for (int i = 0; i < SLOTS; i++) {
        if (slot[i] >= 0) close(slot[i]);
        slot[i] = -1;
    }
}

static const char *path_of(const char *p) {
    static char bufs[2][2048];
    static int next;
    char *b = bufs[next++ & 1];
    snprintf(b, sizeof bufs[0], "%s/%s", seqdir, p);
    return b;
}

static int fd_of(int s) { return s >= 0 && s < SLOTS ? slot[s] : -1; }

static void fail(void) { printf("-> %s\n", errno_name(errno)); }

static void print_bytes(const unsigned char *b, long n) {
    printf("-> %ld [", n);
    for (long i = 0; i < n && i < 48; i++) putchar(b[i] >= 32 && b[i] < 127 ? b[i] : '.');
    if (n > 48) printf("...%08x", fnv1a(FNV1A_INIT, b, (size_t)n));
    printf("]\n");
}

static void print_stat(const struct stat *st) {
    if (S_ISREG(st->st_mode))
        printf("-> file size %lld nlink %lld\n", (long long)st->st_size, (long long)st->st_nlink);
    else if (S_ISDIR(st->st_mode))
        printf("-> dir nlink %lld\n", (long long)st->st_nlink);
    else
        printf("-> other\n");
}

static int parse_flags(const char *f) {
    int fl = 0;
    switch (f[0]) {
    case 'r': fl = O_RDONLY; break;
    case 'w': fl = O_WRONLY; break;
    default: fl = O_RDWR; break;
    }
    for (const char *c = f + 1; *c; c++) switch (*c) {
        case 'c': fl |= O_CREAT; break;
        case 'e': fl |= O_EXCL; break;
        case 't': fl |= O_TRUNC; break;
        case 'a': fl |= O_APPEND; break;
        case 'd': fl |= O_DIRECTORY; break;
        case 'n': fl |= O_NOFOLLOW; break;
        }
    return fl;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void do_readdir(const char *p) {
    DIR *d = opendir(path_of(p));
    if (!d) {
        fail();
        return;
    }
    char *names[256];
    int n = 0, dots = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
            dots++;
            continue;
        }
        if (n < 256) {
            char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : '?';
            size_t len = strlen(e->d_name);
            names[n] = malloc(len + 3);
            CHECK(names[n] != NULL);
            memcpy(names[n], e->d_name, len);
            names[n][len] = ':';
            names[n][len + 1] = t;
            names[n][len + 2] = 0;
            n++;
        }
    }
    int err = errno;
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_str);
    printf("-> dots %d%s", dots, err ? " error " : "");
    if (err) printf("%s", errno_name(err));
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    for (int i = 0; i < SLOTS; i++) slot[i] = -1;
#ifndef __wasi__
    /* Descriptors inherited from the test runner (cargo's jobserver pipes) would make
     * Linux skip numbers that are free under p3shim. */
    for (int fd = 3; fd < 1024; fd++) close(fd);
#endif
    /* The lowest free descriptor: descriptor numbers print relative to it. */
    base_fd = open(work_dir, O_RDONLY | O_DIRECTORY);
    CHECK(base_fd >= 0);
    close(base_fd);
    snprintf(seqdir, sizeof seqdir, "%s", work_dir);

    static char line[4096];
    static unsigned char buf[1 << 16];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        if (!line[0]) continue;
        char op[32] = "", a[1024] = "", b[1024] = "";
        long x = 0, y = 0;
        sscanf(line, "%31s", op);
        printf("%s ", line);
        errno = 0;
        if (!strcmp(op, "seq")) {
            reset_slots();
            counter = 0;
            sscanf(line, "%*s %ld", &x);
            snprintf(seqdir, sizeof seqdir, "%s/s%ld", work_dir, x);
            CHECK(mkdir(seqdir, 0755) == 0);
            printf("-> ok\n");
        } else if (!strcmp(op, "open")) {
            CHECK(sscanf(line, "%*s %ld %1023s %1023s", &x, a, b) == 3);
            int fd = open(path_of(a), parse_flags(b), 0644);
            if (fd < 0) {
                fail();
            } else {
                int fl = parse_flags(b);
                if (x >= 0 && x < SLOTS) slot[x] = fd;
                if (fd < 1024)
                    ro_but_writable[fd] = (fl & O_ACCMODE) == O_RDONLY && (fl & (O_CREAT | O_TRUNC));
                printf("-> fd %d\n", fd - base_fd);
            }
        } else if (!strcmp(op, "close")) {
            sscanf(line, "%*s %ld", &x);
            if (close(fd_of((int)x)) < 0) fail(); else printf("-> ok\n");
        } else if (!strcmp(op, "dup")) {
            sscanf(line, "%*s %ld %ld", &x, &y);
            int fd = dup(fd_of((int)x));
            if (fd < 0) {
                fail();
            } else {
                if (y >= 0 && y < SLOTS) slot[y] = fd;
                if (fd < 1024) ro_but_writable[fd] = ro_writable(fd_of((int)x));
                printf("-> fd %d\n", fd - base_fd);
            }
        } else if (!strcmp(op, "read") || !strcmp(op, "pread")) {
            long off = 0;
            sscanf(line, "%*s %ld %ld %ld", &x, &y, &off);
            if (y > (long)sizeof buf) y = sizeof buf;
            /* Linux says EISDIR for a directory, preview1 EBADF, and p3shim follows
             * preview1 (docs/DECISIONS.md): not compared. */
            struct stat st;
            if (fstat(fd_of((int)x), &st) == 0 && S_ISDIR(st.st_mode)) {
                printf("-> skipped: read of a directory\n");
                continue;
            }
            long n = op[0] == 'p' ? pread(fd_of((int)x), buf, (size_t)y, off)
                                  : read(fd_of((int)x), buf, (size_t)y);
            if (n < 0) fail(); else print_bytes(buf, n);
        } else if (!strcmp(op, "write") || !strcmp(op, "pwrite")) {
            long off = 0;
            sscanf(line, "%*s %ld %ld %ld", &x, &y, &off);
            if (y > (long)sizeof buf) y = sizeof buf;
            if (ro_writable(fd_of((int)x))) {
                printf("-> skipped: write through O_RDONLY|O_CREAT/O_TRUNC\n");
                continue;
            }
            /* Linux's pwrite appends on an O_APPEND descriptor whatever the offset (a
             * documented deviation from POSIX, which p3shim follows): not compared. */
            int fl = fcntl(fd_of((int)x), F_GETFL);
            if (op[0] == 'p' && fl >= 0 && (fl & O_APPEND)) {
                printf("-> skipped: pwrite on O_APPEND\n");
                continue;
            }
            for (long i = 0; i < y; i++) buf[i] = (unsigned char)('a' + counter++ % 26);
            long n = op[0] == 'p' ? pwrite(fd_of((int)x), buf, (size_t)y, off)
                                  : write(fd_of((int)x), buf, (size_t)y);
            if (n < 0) fail(); else printf("-> %ld\n", n);
        } else if (!strcmp(op, "seek")) {
            char w = 's';
            sscanf(line, "%*s %ld %ld %c", &x, &y, &w);
            int whence = w == 'c' ? SEEK_CUR : w == 'e' ? SEEK_END : SEEK_SET;
            /* Linux moves a directory's offset; preview1 answers EBADF and p3shim follows
             * preview1 (docs/DECISIONS.md): not compared. */
            struct stat st;
            if (fstat(fd_of((int)x), &st) == 0 && S_ISDIR(st.st_mode)) {
                printf("-> skipped: seek on a directory\n");
                continue;
            }
            long long r = lseek(fd_of((int)x), y, whence);
            if (r < 0) fail(); else printf("-> %lld\n", r);
        } else if (!strcmp(op, "ftruncate")) {
            sscanf(line, "%*s %ld %ld", &x, &y);
            if (ro_writable(fd_of((int)x))) {
                printf("-> skipped: ftruncate through O_RDONLY|O_CREAT/O_TRUNC\n");
                continue;
            }
            if (ftruncate(fd_of((int)x), y) < 0) fail(); else printf("-> ok\n");
        } else if (!strcmp(op, "truncate")) {
            sscanf(line, "%*s %1023s %ld", a, &y);
            if (truncate(path_of(a), y) < 0) fail(); else printf("-> ok\n");
        } else if (!strcmp(op, "rename") || !strcmp(op, "link")) {
            sscanf(line, "%*s %1023s %1023s", a, b);
            const char *pa = path_of(a), *pb = path_of(b);
            int r = op[0] == 'r' ? rename(pa, pb) : link(pa, pb);
            if (r < 0) fail(); else printf("-> ok\n");
        } else if (!strcmp(op, "unlink") || !strcmp(op, "mkdir") || !strcmp(op, "rmdir")) {
            sscanf(line, "%*s %1023s", a);
            int r = op[0] == 'u' ? unlink(path_of(a)) : op[1] == 'k' ? mkdir(path_of(a), 0755)
                                                                    : rmdir(path_of(a));
            if (r < 0) fail(); else printf("-> ok\n");
        } else if (!strcmp(op, "stat")) {
            struct stat st;
            sscanf(line, "%*s %1023s", a);
            if (stat(path_of(a), &st) < 0) fail(); else print_stat(&st);
        } else if (!strcmp(op, "fstat")) {
            struct stat st;
            sscanf(line, "%*s %ld", &x);
            if (fstat(fd_of((int)x), &st) < 0) fail(); else print_stat(&st);
        } else if (!strcmp(op, "readdir")) {
            sscanf(line, "%*s %1023s", a);
            do_readdir(a);
        } else {
            printf("-> unknown op\n");
        }
    }
    reset_slots();
    return 0;
}
