/* poll() on stdin fed after a delay (1.5 s, so that a slow start-up under load cannot
 * see the data early): a timeout with no data, readiness when data
 * arrives, and POLLHUP with end of input. */
#include "check.h"
#include <poll.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

int main(void) {
    struct pollfd p = {0, POLLIN, 0};
    long long t0 = now_ms();
    CHECK_EQ(poll(&p, 1, 100), 0);
    printf("no data yet: timed out after >= 100 ms: %d\n", now_ms() - t0 >= 100);
    CHECK_EQ(poll(&p, 1, 10000), 1);
    printf("data arrived: POLLIN %d\n", (p.revents & POLLIN) != 0);
    char b[64];
    ssize_t n = read(0, b, sizeof b);
    CHECK(n > 0);
    printf("read [%.*s]\n", (int)(n - 1), b);
    CHECK_EQ(poll(&p, 1, 10000), 1);
    n = read(0, b, sizeof b);
    printf("at end of input: POLLHUP %d, read returns %zd\n", (p.revents & POLLHUP) != 0, n);
    return 0;
}
