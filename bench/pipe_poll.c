/* Latency of a poll() wake-up on a pipe: write one byte, poll for POLLIN, read it back;
 * reports the median and 99th percentile over many rounds (static shim: pipes need it). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 20000

static long long ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static long long samples[ROUNDS];

int main(void) {
    int p[2];
    if (pipe(p) != 0) { perror("pipe"); return 1; }
    char c = 'x';
    for (int i = 0; i < ROUNDS; i++) {
        long long t0 = ns();
        if (write(p[1], &c, 1) != 1) return 1;
        struct pollfd pf = {p[0], POLLIN, 0};
        if (poll(&pf, 1, 1000) != 1) return 1;
        if (read(p[0], &c, 1) != 1) return 1;
        samples[i] = ns() - t0;
    }
    qsort(samples, ROUNDS, sizeof samples[0], cmp);
    fprintf(stderr, "pipe_poll_wakeup median %.2f us p99 %.2f us (write+poll+read, %d rounds)\n",
            samples[ROUNDS / 2] / 1000.0, samples[ROUNDS * 99 / 100] / 1000.0, ROUNDS);
    return 0;
}
