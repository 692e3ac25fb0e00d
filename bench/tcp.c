/* Loopback TCP in one process: throughput of a non-blocking transfer driven by poll
 * (argv[1] MiB, 64 KiB writes), and the median round trip of 64-byte ping-pongs.
 * Prints "bench: NAME VALUE UNIT" lines to stderr. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void pair(int *c, int *s) {
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (l < 0 || bind(l, (struct sockaddr *)&a, len) || listen(l, 1) ||
        getsockname(l, (struct sockaddr *)&a, &len)) {
        perror("listener");
        exit(1);
    }
    *c = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(*c, (struct sockaddr *)&a, len)) {
        perror("connect");
        exit(1);
    }
    *s = accept(l, NULL, NULL);
    if (*s < 0) fail("accept");
    close(l);
}

int main(int argc, char **argv) {
    size_t total = (size_t)(argc > 1 ? atoi(argv[1]) : 256) << 20;
    int c, s;
    pair(&c, &s);
    fcntl(c, F_SETFL, O_NONBLOCK);
    fcntl(s, F_SETFL, O_NONBLOCK);
    static char buf[65536];
    size_t sent = 0, got = 0;
    double t0 = now();
    while (got < total) {
        /* A finished sender leaves the set (fd -1): some libcs reject entries without events. */
        struct pollfd p[2] = {{sent < total ? c : -1, POLLOUT, 0}, {s, POLLIN, 0}};
        if (poll(p, 2, -1) < 0) fail("poll");
        if (p[0].revents & POLLOUT) {
            size_t want = total - sent < sizeof buf ? total - sent : sizeof buf;
            ssize_t n = send(c, buf, want, 0);
            if (n > 0) sent += (size_t)n;
            else if (n < 0 && errno != EAGAIN) fail("send");
        }
        if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = recv(s, buf, sizeof buf, 0);
            if (n > 0) got += (size_t)n;
            else if (n == 0) fail("recv: the connection ended early");
            else if (errno != EAGAIN) fail("recv");
        }
    }
    double dt = now() - t0;
    fprintf(stderr, "bench: tcp_transfer %.0f MB/s\n", total / dt / 1e6);
    close(c);
    close(s);

    pair(&c, &s);
    enum { N = 20000 };
    static double rt[N];
    char msg[64] = {0};
    for (int i = 0; i < N; i++) {
        double a = now();
        if (send(c, msg, 64, 0) != 64) exit(1);
        for (size_t k = 0; k < 64;) { ssize_t n = recv(s, msg + k, 64 - k, 0); if (n <= 0) exit(1); k += n; }
        if (send(s, msg, 64, 0) != 64) exit(1);
        for (size_t k = 0; k < 64;) { ssize_t n = recv(c, msg + k, 64 - k, 0); if (n <= 0) exit(1); k += n; }
        rt[i] = now() - a;
    }
    qsort(rt, N, sizeof rt[0], cmp);
    fprintf(stderr, "bench: tcp_pingpong %.2f us\n", rt[N / 2] * 1e6);
    fprintf(stderr, "tcp ping-pong p99 %.2f us\n", rt[N * 99 / 100] * 1e6);
    return 0;
}
