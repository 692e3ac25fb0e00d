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
/* The `preads` workload's page size. */
#define PAGE 4096

/* The `files` workload's result: the checked line on stdout and the three figures; fails
 * when the stat pass saw other sizes than the read pass read. */
static inline int files_report(long n, uint64_t bytes, uint64_t stat_bytes, uint64_t sum,
                               double read_ms, double stat_ms) {
    if (stat_bytes != bytes) {
        fprintf(stderr, "files: stat says %llu bytes, read %llu\n",
                (unsigned long long)stat_bytes, (unsigned long long)bytes);
        return 1;
    }
    printf("files: %ld files, %llu bytes, checksum %016llx\n", n, (unsigned long long)bytes,
           (unsigned long long)sum);
    fprintf(stderr, "bench: files_read %.2f ms\n", read_ms);
    fprintf(stderr, "bench: files_stat %.2f ms\n", stat_ms);
    fprintf(stderr, "bench: small_files %.2f ms\n", read_ms + stat_ms);
    return 0;
}

/* The `preads` workload's result. */
static inline int preads_report(long n, uint64_t sum, double seconds) {
    printf("preads: %ld reads of %d bytes, checksum %016llx\n", n, PAGE, (unsigned long long)sum);
    fprintf(stderr, "bench: preads %.3f us\n", seconds * 1e6 / n);
    return 0;
}

#define PREADS_SEED 88172645463325252ull
#endif
