/* Shared by the benchmark programs: a monotonic clock in seconds and a fatal error. */
#ifndef P3SHIM_BENCH_H
#define P3SHIM_BENCH_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Cheap, so that a pass measures I/O: the sum of the bytes' little-endian 64-bit words
 * (the tail zero-padded). The harness computes the same value for the files it made. */
static inline uint64_t words(const unsigned char *p, size_t n) {
    uint64_t h = 0, w;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, p + i, 8);
        h += w;
    }
    for (size_t k = 0; i + k < n; k++) h += (uint64_t)p[i + k] << (8 * k);
    return h;
}

/* Small file j of the `files` workload: DIR/dQQQ/fNNNNN, 100 to a directory. */
static inline int file_path(char *path, size_t size, const char *dir, long j) {
    return snprintf(path, size, "%s/d%03ld/f%05ld", dir, j / 100, j);
}

/* The `preads` workload's next page, from a fixed xorshift sequence: every configuration
 * reads the same pages in the same order. */
static inline uint64_t next_page(uint64_t *x, uint64_t pages) {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x % pages;
}
#define PREADS_SEED 88172645463325252ull
#define PAGE 4096
#endif
