/* Leak and capacity checks: many create/close cycles of one kind of descriptor, with
 * the descriptor capacity (how many can be open at once) measured before and after.
 * Any descriptor, open file description or host resource leaked per cycle shows up as
 * a smaller capacity, as a descriptor number that is not the lowest free one, or (under
 * `p3run --max-resources=N`) as a host resource table that fills up.
 *
 *   leak_cycles DIR files N     N cycles of open + write/read + close (a file stream each)
 *   leak_cycles DIR dirs N      N cycles of opendir + readdir + closedir
 *   leak_cycles DIR pipes N     N pipe pairs: write, read, close both (static form only)
 *   leak_cycles DIR sockets N   N TCP sockets: socket, bind to loopback, close
 *   leak_cycles DIR capacity    only the capacity, twice, and the errno at the limit
 * With a fourth argument "cap" the cycles are bracketed by capacity measurements;
 * without it only the descriptor numbers are checked (for runs under --max-resources,
 * where the capacity is the host's limit instead).
 */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#ifdef P3SHIM_LEAK_NET
#include <netinet/in.h>
#include <sys/socket.h>
#endif

static int fds[4096];

/* Opens `f.txt` until failure; returns the count and closes everything again. */
static int capacity(int *err) {
    int n = 0;
    for (;;) {
        int fd = open(P("f.txt"), O_RDONLY);
        if (fd < 0) {
            *err = errno;
            break;
        }
        CHECK(n < (int)(sizeof fds / sizeof fds[0]));
        fds[n++] = fd;
    }
    for (int i = 0; i < n; i++) CHECK(close(fds[i]) == 0);
    return n;
}

static int lowest_free(void) {
    int fd = open(P("f.txt"), O_RDONLY);
    CHECK(fd >= 0);
    CHECK(close(fd) == 0);
    return fd;
}

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    CHECK(argc >= 3);
    const char *mode = argv[2];
    long cycles = argc > 3 ? atol(argv[3]) : 0;
    int measure = !strcmp(mode, "capacity") || (argc > 4 && !strcmp(argv[4], "cap"));
    int fd = open(P("f.txt"), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(write(fd, "x", 1), 1);
    CHECK(close(fd) == 0);

    int err1 = 0, err2 = 0;
    int low = lowest_free();
    int cap1 = measure ? capacity(&err1) : 0;
    char b[8];

    if (!strcmp(mode, "files")) {
        for (long i = 0; i < cycles; i++) {
            fd = open(P("f.txt"), O_RDWR);
            CHECK_EQ(fd, low);
            if (i % 2) CHECK_EQ(pwrite(fd, "y", 1, 1), 1);
            CHECK_EQ(read(fd, b, 1), 1);
            CHECK(close(fd) == 0);
        }
    } else if (!strcmp(mode, "dirs")) {
        for (long i = 0; i < cycles; i++) {
            DIR *d = opendir(work_dir);
            CHECK(d != NULL);
            int seen = 0;
            while (readdir(d)) seen++;
            CHECK(seen >= 3);
            CHECK(closedir(d) == 0);
        }
#ifdef P3SHIM_LEAK_PIPES
    } else if (!strcmp(mode, "pipes")) {
        for (long i = 0; i < cycles; i++) {
            int p[2];
            CHECK(pipe(p) == 0);
            CHECK_EQ(p[0], low);
            CHECK_EQ(write(p[1], "z", 1), 1);
            CHECK_EQ(read(p[0], b, 1), 1);
            CHECK(close(p[1]) == 0);
            CHECK_EQ(read(p[0], b, 1), 0);
            CHECK(close(p[0]) == 0);
        }
#endif
#ifdef P3SHIM_LEAK_NET
    } else if (!strcmp(mode, "sockets")) {
        for (long i = 0; i < cycles; i++) {
            int s = socket(AF_INET, SOCK_STREAM, 0);
            CHECK_EQ(s, low);
            struct sockaddr_in a = {0};
            a.sin_family = AF_INET;
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == 0);
            CHECK(close(s) == 0);
        }
#endif
    } else if (strcmp(mode, "capacity") != 0) {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }

    CHECK_EQ(lowest_free(), low);
    printf("%s %ld cycles\n", mode, cycles);
    if (!measure) return 0;
    int cap2 = capacity(&err2);
    CHECK_EQ(lowest_free(), low);
    printf("capacity %d %s, after %d %s\n", cap1, errno_name(err1), cap2, errno_name(err2));
    return cap1 == cap2 && err1 == err2 ? 0 : 1;
}
