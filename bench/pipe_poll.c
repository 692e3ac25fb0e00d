/* Pipe ping-pong inside one process through poll(): each round trip writes one byte into
 * pipe A, polls A's read end, reads it, then does the same on pipe B.
 * Usage: pipe_poll [ROUNDS]. Prints "bench: pipe_pingpong RATE rt/s" to stderr. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

static void hop(int w, int r) {
    char c = 'x';
    if (write(w, &c, 1) != 1) { perror("write"); exit(1); }
    struct pollfd pf = {r, POLLIN, 0};
    if (poll(&pf, 1, 1000) != 1 || !(pf.revents & POLLIN)) { perror("poll"); exit(1); }
    if (read(r, &c, 1) != 1) { perror("read"); exit(1); }
}

int main(int argc, char **argv) {
    long rounds = argc > 1 ? atol(argv[1]) : 100000;
    int a[2], b[2];
    if (pipe(a) || pipe(b)) { perror("pipe"); return 1; }
    double t = now();
    for (long i = 0; i < rounds; i++) {
        hop(a[1], a[0]);
        hop(b[1], b[0]);
    }
    fprintf(stderr, "bench: pipe_pingpong %.0f rt/s\n", rounds / (now() - t));
    return 0;
}
