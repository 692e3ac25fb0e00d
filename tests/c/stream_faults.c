/* Host stream faults (p3run --fault): the guest must see an errno, never a trap, and
 * report exactly what it did so the harness can check nothing reported was lost.
 *
 *   stream_faults DIR write TOTAL      write(1) TOTAL pattern bytes in 1000-byte blocks;
 *                                      stop at the first error
 *   stream_faults DIR nonblock TOTAL   the same with O_NONBLOCK stdout and poll(POLLOUT)
 *   stream_faults DIR read             read(0) to EOF or the first error
 *
 * The summary goes to stderr: "wrote N then ERRNO again ERRNO close R" (the error repeats
 * on the next write), or "read N fnv1a H then ERRNO|EOF again ...".
 */
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

static unsigned char buf[1 << 16];

static unsigned char pattern(size_t i) { return (unsigned char)(i * 7 + (i >> 8)); }

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    CHECK(argc >= 3);
    const char *mode = argv[2];
    if (!strcmp(mode, "read")) {
        size_t total = 0;
        unsigned h = FNV1A_INIT;
        ssize_t n;
        while ((n = read(0, buf, sizeof buf)) > 0) {
            h = fnv1a(h, buf, (size_t)n);
            total += (size_t)n;
        }
        const char *first = n == 0 ? "EOF" : errno_name(errno);
        errno = 0;
        n = read(0, buf, sizeof buf);
        const char *again = n == 0 ? "EOF" : n > 0 ? "data" : errno_name(errno);
        fprintf(stderr, "read %zu fnv1a %08x then %s again %s\n", total, h, first, again);
        return 0;
    }
    size_t total = (size_t)atol(argv[3]);
    int nonblock = !strcmp(mode, "nonblock");
    if (nonblock) CHECK(fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK) == 0);
    size_t sent = 0;
    int err = 0;
    while (sent < total && !err) {
        size_t want = total - sent < 1000 ? total - sent : 1000;
        for (size_t i = 0; i < want; i++) buf[i] = pattern(sent + i);
        ssize_t n = write(1, buf, want);
        if (n < 0 && errno == EAGAIN && nonblock) {
            struct pollfd p = {1, POLLOUT, 0};
            CHECK(poll(&p, 1, 30000) == 1);
            continue;
        }
        if (n < 0) {
            err = errno;
            break;
        }
        CHECK(n > 0 && (size_t)n <= want);
        sent += (size_t)n;
    }
    int again = 0;
    if (err) {
        errno = 0;
        buf[0] = pattern(sent);
        CHECK_EQ(write(1, buf, 1), -1);
        again = errno;
    }
    /* Closing stdout after the failure must not trap either. */
    errno = 0;
    int c = close(1);
    fprintf(stderr, "wrote %zu then %s again %s close %s\n", sent, err ? errno_name(err) : "done",
            again ? errno_name(again) : "-", c == 0 ? "ok" : errno_name(errno));
    return 0;
}
