/* Pipes, dup, non-blocking descriptors, poll/select readiness and FIONREAD through the
 * static shim's C ABI. */
#define _GNU_SOURCE 1
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static unsigned char big_out[1 << 20], big_in[1 << 20];

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    int p[2];
    char b[128];
    struct stat st;

    /* Basic pipe: data, FIFO type, no seeking. */
    CHECK(pipe(p) == 0);
    CHECK_EQ(write(p[1], "hello", 5), 5);
    int avail = -1;
    CHECK(ioctl(p[0], FIONREAD, &avail) == 0);
    printf("FIONREAD on pipe %d\n", avail);
    CHECK_EQ(read(p[0], b, sizeof b), 5);
    printf("pipe read [%.5s]\n", b);
    CHECK(fstat(p[0], &st) == 0);
    printf("fstat is FIFO %d, socket %d\n", S_ISFIFO(st.st_mode), S_ISSOCK(st.st_mode));
    CHECK_ERRNO(lseek(p[0], 0, SEEK_SET), ESPIPE);
    CHECK_ERRNO(read(p[0], b, sizeof b), EDEADLK); /* nothing could ever write it */

    /* The write end's duplicate keeps the pipe open; EOF after the last one closes. */
    int w2 = dup(p[1]);
    CHECK(w2 > p[1]);
    CHECK(close(p[1]) == 0);
    CHECK_EQ(write(w2, "x", 1), 1);
    CHECK_EQ(read(p[0], b, sizeof b), 1);
    CHECK(close(w2) == 0);
    struct pollfd pf = {p[0], POLLIN, 0};
    CHECK_EQ(poll(&pf, 1, 1000), 1);
    printf("after last writer closed: POLLHUP %d, read %d\n", (pf.revents & POLLHUP) != 0, (int)read(p[0], b, sizeof b));
    CHECK(close(p[0]) == 0);

    /* Writing with no reader fails with EPIPE. */
    CHECK(pipe(p) == 0);
    CHECK(close(p[0]) == 0);
    pf = (struct pollfd){p[1], POLLOUT, 0};
    CHECK_EQ(poll(&pf, 1, 0), 1);
    printf("write end without reader: POLLERR %d\n", (pf.revents & POLLERR) != 0);
    CHECK_ERRNO(write(p[1], "x", 1), EPIPE);
    CHECK(close(p[1]) == 0);

    /* pipe2(O_NONBLOCK): EAGAIN, PIPE_BUF atomicity, flags per end. */
    CHECK(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
    printf("both ends non-blocking %d %d\n", (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0,
           (fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0);
    CHECK_ERRNO(read(p[0], b, sizeof b), EAGAIN);
    long total = 0;
    for (;;) {
        ssize_t n = write(p[1], big_out, 1000);
        if (n < 0) { CHECK(errno == EAGAIN); break; }
        total += n;
    }
    printf("filled to %ld bytes\n", total);
    /* 536 bytes of room are left. */
    CHECK_ERRNO(write(p[1], big_out, 600), EAGAIN); /* <= PIPE_BUF: all or nothing */
    struct iovec halves[2] = {{big_out, 300}, {big_out + 300, 300}};
    CHECK_ERRNO(writev(p[1], halves, 2), EAGAIN); /* so is a writev of that much */
    CHECK_EQ(write(p[1], big_out, 10000), 536);      /* > PIPE_BUF: what fits */
    pf = (struct pollfd){p[1], POLLOUT, 0};
    printf("full pipe POLLOUT %d\n", poll(&pf, 1, 0));
    CHECK(fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) & ~O_NONBLOCK) == 0);
    printf("after clearing one end: %d %d\n", (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0,
           (fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0);
    int on = 1;
    CHECK(ioctl(p[0], FIONBIO, &on) == 0);
    printf("FIONBIO sets it again: %d\n", (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
    CHECK(close(p[0]) == 0 && close(p[1]) == 0);

    /* 1 MiB through a non-blocking pipe, driven by poll. */
    for (size_t i = 0; i < sizeof big_out; i++) big_out[i] = (unsigned char)(i * 7 + (i >> 9));
    CHECK(pipe2(p, O_NONBLOCK) == 0);
    size_t sent = 0, got = 0;
    while (got < sizeof big_in) {
        struct pollfd fds[2] = {{p[0], POLLIN, 0}, {p[1], sent < sizeof big_out ? POLLOUT : 0, 0}};
        CHECK(poll(fds, 2, 1000) > 0);
        if (fds[1].revents & POLLOUT) {
            ssize_t n = write(p[1], big_out + sent, sizeof big_out - sent > 30000 ? 30000 : sizeof big_out - sent);
            CHECK(n > 0 || errno == EAGAIN);
            if (n > 0) sent += (size_t)n;
            if (sent == sizeof big_out) CHECK(close(p[1]) == 0);
        }
        if (fds[0].revents & POLLIN) {
            ssize_t n = read(p[0], big_in + got, sizeof big_in - got);
            CHECK(n > 0 || errno == EAGAIN);
            if (n > 0) got += (size_t)n;
        }
    }
    CHECK_EQ(read(p[0], b, 1), 0);
    printf("1 MiB through a pipe: identical %d fnv1a %08x\n", memcmp(big_in, big_out, sizeof big_in) == 0,
           fnv1a(FNV1A_INIT, big_in, sizeof big_in));
    CHECK(close(p[0]) == 0);

    /* select with a timeout on an empty pipe, then with data. */
    CHECK(pipe(p) == 0);
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    struct timeval tv = {0, 100000};
    long long t0 = now_ms();
    CHECK_EQ(select(p[0] + 1, &rd, NULL, NULL, &tv), 0);
    long long waited = now_ms() - t0;
    printf("select timed out after 100 ms: %d\n", waited >= 100 && waited < 2000);
    CHECK_EQ(write(p[1], "z", 1), 1);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    tv = (struct timeval){5, 0};
    CHECK_EQ(select(p[0] + 1, &rd, NULL, NULL, &tv), 1);
    printf("select sees data %d\n", FD_ISSET(p[0], &rd) != 0);
    /* An exception set is waited on too (nothing is ever exceptional here): the readable
     * end is reported, the exception set comes back empty, the write end is writable. */
    fd_set wr, ex;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_ZERO(&ex);
    FD_SET(p[0], &rd);
    FD_SET(p[0], &ex);
    FD_SET(p[1], &wr);
    FD_SET(p[1], &ex);
    tv = (struct timeval){5, 0};
    int nsel = select(p[1] + 1, &rd, &wr, &ex, &tv);
    struct timespec pselect_ts = {5, 0};
    printf("select with exception sets: %d ready, read %d write %d except %d %d\n", nsel,
           FD_ISSET(p[0], &rd) != 0, FD_ISSET(p[1], &wr) != 0, FD_ISSET(p[0], &ex) != 0,
           FD_ISSET(p[1], &ex) != 0);
    FD_ZERO(&ex);
    FD_SET(p[0], &ex);
    FD_SET(p[0], &rd);
    CHECK_EQ(pselect(p[0] + 1, &rd, NULL, &ex, &pselect_ts, NULL), 1);
    FD_ZERO(&rd);
    FD_SET(77, &rd);
    tv = (struct timeval){0, 0};
    CHECK_ERRNO(select(78, &rd, NULL, NULL, &tv), EBADF);
    struct timespec pts = {0, 30000000};
    pf = (struct pollfd){p[0], POLLIN, 0};
    CHECK_EQ(ppoll(&pf, 1, &pts, NULL), 1);
    CHECK(close(p[0]) == 0 && close(p[1]) == 0);

    /* dup shares the offset and status flags of one open file description. */
    int fd = open(P("dup.txt"), O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    int d = dup(fd);
    CHECK_EQ(write(fd, "abc", 3), 3);
    CHECK_EQ(lseek(d, 0, SEEK_CUR), 3);
    CHECK_EQ(write(d, "def", 3), 3);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 6);
    CHECK(fcntl(d, F_SETFL, O_APPEND) == 0);
    printf("status flags shared %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
    CHECK(close(fd) == 0);
    CHECK_EQ(write(d, "g", 1), 1); /* still open through the duplicate */
    int hi = fcntl(d, F_DUPFD, 20);
    printf("F_DUPFD(20) gives %d\n", hi);
    int hc = fcntl(d, F_DUPFD_CLOEXEC, 30);
    printf("F_DUPFD_CLOEXEC(30) gives %d\n", hc);
    int other = open(P("other.txt"), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(dup2(d, other) == other); /* closes other.txt's description */
    CHECK_EQ(write(other, "h", 1), 1);
    CHECK_EQ(dup2(d, d), d);
    CHECK_ERRNO(dup3(d, d, 0), EINVAL);
    CHECK_ERRNO(dup(99), EBADF);
    CHECK_ERRNO(dup2(99, 5), EBADF);
    lseek(d, 0, SEEK_SET);
    avail = -1;
    CHECK(ioctl(d, FIONREAD, &avail) == 0);
    printf("FIONREAD on a file %d\n", avail);
    CHECK(close(d) == 0 && close(hi) == 0 && close(hc) == 0 && close(other) == 0);
    return 0;
}
