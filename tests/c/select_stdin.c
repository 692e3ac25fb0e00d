/* select/pselect on stdin with zero, finite and infinite timeouts, and poll over many
 * descriptors at once. */
#define _GNU_SOURCE 1
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(0, &rd);
    struct timeval zero = {0, 0};
    CHECK_EQ(select(1, &rd, NULL, NULL, &zero), 0);
    printf("zero timeout, no data: 0 ready\n");

    FD_ZERO(&rd);
    FD_SET(0, &rd);
    struct timespec ts = {0, 150 * 1000000};
    long long t0 = now_ms();
    CHECK_EQ(pselect(1, &rd, NULL, NULL, &ts, NULL), 0);
    long long waited = now_ms() - t0;
    printf("pselect 150 ms: waited within bounds %d\n", waited >= 150 && waited < 3000);

    FD_ZERO(&rd);
    FD_SET(0, &rd);
    CHECK_EQ(select(1, &rd, NULL, NULL, NULL), 1); /* infinite: until the data comes */
    printf("infinite timeout: stdin readable %d\n", FD_ISSET(0, &rd) != 0);
    char b[64];
    ssize_t n = read(0, b, sizeof b);
    printf("read [%.*s]\n", (int)(n > 0 ? n - 1 : 0), b);

    /* Exception sets are waited on, never reported (the 2022 wasi-libc's own select gave
     * ENOSYS for any): stdout writable, nothing exceptional. */
    fd_set wr, ex;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_ZERO(&ex);
    FD_SET(1, &wr);
    FD_SET(0, &ex);
    FD_SET(1, &ex);
    zero = (struct timeval){0, 0};
    int nsel = select(2, &rd, &wr, &ex, &zero);
    printf("select with exception sets: %d ready, stdout %d, except %d %d\n", nsel,
           FD_ISSET(1, &wr) != 0, FD_ISSET(0, &ex) != 0, FD_ISSET(1, &ex) != 0);

    /* Many descriptors in one call. */
    enum { N = 300 };
    static struct pollfd fds[N];
    for (int i = 0; i < N; i++) {
        char path[64];
        snprintf(path, sizeof path, "%s/f%03d", work_dir, i);
        int fd = open(path, O_CREAT | O_RDWR, 0644);
        CHECK(fd >= 0);
        CHECK_EQ(write(fd, "x", i % 2), i % 2);
        CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
        fds[i] = (struct pollfd){fd, POLLIN | POLLOUT, 0};
    }
    fds[7].fd = -1;   /* ignored */
    fds[8].fd = 4000; /* not open */
    int ready = poll(fds, N, 0);
    int in = 0, out = 0, nval = 0;
    for (int i = 0; i < N; i++) {
        in += (fds[i].revents & POLLIN) != 0;
        out += (fds[i].revents & POLLOUT) != 0;
        nval += (fds[i].revents & POLLNVAL) != 0;
    }
    printf("poll over %d descriptors: %d ready, %d in, %d out, %d invalid\n", N, ready, in, out, nval);
    return 0;
}
