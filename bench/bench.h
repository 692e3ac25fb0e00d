/* Shared by the benchmark programs: a monotonic clock in seconds and a fatal error. */
#ifndef P3SHIM_BENCH_H
#define P3SHIM_BENCH_H
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static inline void fail(const char *what) {
    perror(what);
    exit(1);
}
#endif
