/* clock_gettime/clock_getres/nanosleep, getentropy, poll() as a timer. */
#include "check.h"
#include <poll.h>
#include <time.h>
#include <unistd.h>

static long long ms_since(const struct timespec *a) {
    struct timespec b;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
    return (b.tv_sec - a->tv_sec) * 1000LL + (b.tv_nsec - a->tv_nsec) / 1000000;
}

int main(void) {
    struct timespec rt, m1, m2, res;
    CHECK(clock_gettime(CLOCK_REALTIME, &rt) == 0);
    printf("realtime after 2020: %d\n", rt.tv_sec > 1577836800);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &m1) == 0);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &m2) == 0);
    printf("monotonic does not go back: %d\n",
           m2.tv_sec > m1.tv_sec || (m2.tv_sec == m1.tv_sec && m2.tv_nsec >= m1.tv_nsec));
    CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0);
    printf("monotonic resolution positive: %d\n", res.tv_sec > 0 || res.tv_nsec > 0);
    CHECK(clock_getres(CLOCK_REALTIME, &res) == 0);

    struct timespec nap = {0, 50 * 1000 * 1000};
    CHECK(clock_gettime(CLOCK_MONOTONIC, &m1) == 0);
    CHECK(nanosleep(&nap, NULL) == 0);
    printf("nanosleep(50ms) slept >= 50ms: %d\n", ms_since(&m1) >= 50);

    CHECK(clock_gettime(CLOCK_MONOTONIC, &m1) == 0);
    CHECK_EQ(poll(NULL, 0, 30), 0);
    printf("poll(NULL, 0, 30) waited >= 30ms: %d\n", ms_since(&m1) >= 30);

    CHECK(clock_gettime(CLOCK_MONOTONIC, &m1) == 0);
    CHECK(usleep(20000) == 0);
    printf("usleep(20ms) slept >= 20ms: %d\n", ms_since(&m1) >= 20);

    unsigned char a[32], b[32];
    CHECK(getentropy(a, sizeof a) == 0);
    CHECK(getentropy(b, sizeof b) == 0);
    printf("two getentropy draws differ: %d\n", memcmp(a, b, sizeof a) != 0);
    CHECK_ERRNO(getentropy(a, 257), EIO);
    return 0;
}
