/* p3shim benchmark workloads that need only wasip1 (so every configuration can run them).
 * Usage: workloads MODE ARGS...
 *   file DIR MIB      write MIB MiB to DIR/bulk.dat in 64 KiB writes, then read it back (MB/s)
 *   smallops DIR N    N rounds of 1-byte pread + fstat + lseek (operations/s: one op = one call)
 *   stdout MIB LINES  MIB MiB of 64 KiB writes to stdout, then LINES 64-byte writes
 *   dir DIR N         list DIR (N entries) with readdir and stat every entry (ms for the
 *                     whole pass); a listing that misses or repeats entries fails
 *   files DIR N       N small files DIR/dQQQ/fNNNNN (100 a directory, made by the harness):
 *                     open, read to EOF and close each, then stat each (ms for each pass
 *                     and both); prints the file count, byte count and a checksum on stdout
 *   preads FILE N     N 4 KiB preads at pseudo-random page offsets of FILE, as a database
 *                     reads its pages (us per read); prints a checksum of what was read
 * Figures go to stderr, one "bench: NAME VALUE UNIT" line each; the harness collects them. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

static char buf[1 << 16];

static int bulk(const char *dir, long mib) {
    char path[512];
    snprintf(path, sizeof path, "%s/bulk.dat", dir);
    long total = mib << 20;
    memset(buf, 'x', sizeof buf);

    double t = now();
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0) fail("open");
    for (long done = 0; done < total; done += sizeof buf)
        if (write(fd, buf, sizeof buf) != sizeof buf) fail("write");
    if (close(fd)) fail("close");
    fprintf(stderr, "bench: file_write %.1f MB/s\n", total / (now() - t) / 1e6);

    t = now();
    fd = open(path, O_RDONLY);
    if (fd < 0) fail("open");
    long got = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) got += n;
    close(fd);
    if (got != total) {
        fprintf(stderr, "short read: %ld of %ld bytes\n", got, total);
        return 1;
    }
    fprintf(stderr, "bench: file_read %.1f MB/s\n", total / (now() - t) / 1e6);
    unlink(path);
    return 0;
}

static int smallops(const char *dir, long rounds) {
    char path[512];
    snprintf(path, sizeof path, "%s/small.dat", dir);
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
    if (fd < 0) fail("open");
    memset(buf, 'y', 4096);
    if (write(fd, buf, 4096) != 4096) fail("write");
    struct stat st;
    char c;
    double t = now();
    for (long i = 0; i < rounds; i++) {
        if (pread(fd, &c, 1, i & 4095) != 1) fail("pread");
        if (fstat(fd, &st)) fail("fstat");
        if (lseek(fd, i & 4095, SEEK_SET) < 0) fail("lseek");
    }
    double dt = now() - t;
    close(fd);
    unlink(path);
    fprintf(stderr, "bench: small_ops %.0f ops/s\n", rounds * 3 / dt);
    return 0;
}

static int out(long mib, long lines) {
    long total = mib << 20;
    memset(buf, 'z', sizeof buf);
    double t = now();
    for (long done = 0; done < total; done += sizeof buf)
        if (write(1, buf, sizeof buf) != sizeof buf) fail("write");
    fprintf(stderr, "bench: stdout_64k %.1f MB/s\n", total / (now() - t) / 1e6);

    memset(buf, 'l', 63);
    buf[63] = '\n';
    t = now();
    for (long i = 0; i < lines; i++)
        if (write(1, buf, 64) != 64) fail("write");
    fprintf(stderr, "bench: stdout_64b %.0f lines/s\n", lines / (now() - t));
    return 0;
}

static int listing(const char *dir, long expected) {
    char path[1024];
    struct stat st;
    long entries = 0, bytes = 0;
    double t = now();
    DIR *d = opendir(dir);
    if (!d) fail("opendir");
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st)) fail("stat");
        entries++;
        bytes += st.st_size;
    }
    closedir(d);
    double dt = now() - t;
    if (entries != expected) {
        fprintf(stderr, "dir: %ld entries, expected %ld\n", entries, expected);
        exit(1);
    }
    fprintf(stderr, "bench: dir_list_stat %.2f ms\n", dt * 1e3);
    fprintf(stderr, "dir: %ld entries, %ld bytes\n", entries, bytes);
    return 0;
}

static int files(const char *dir, long n) {
    char path[1024];
    uint64_t sum = 0, bytes = 0, stat_bytes = 0;
    double t = now();
    for (long j = 0; j < n; j++) {
        file_path(path, sizeof path, dir, j);
        int fd = open(path, O_RDONLY);
        if (fd < 0) fail(path);
        size_t got = 0;
        ssize_t r;
        while ((r = read(fd, buf + got, sizeof buf - got)) > 0) got += (size_t)r;
        if (r < 0) fail("read");
        if (close(fd)) fail("close");
        sum = sum * 31 + words((const unsigned char *)buf, got) + got;
        bytes += got;
    }
    double read_ms = (now() - t) * 1e3;
    struct stat st;
    t = now();
    for (long j = 0; j < n; j++) {
        file_path(path, sizeof path, dir, j);
        if (stat(path, &st)) fail(path);
        stat_bytes += (uint64_t)st.st_size;
    }
    return files_report(n, bytes, stat_bytes, sum, read_ms, (now() - t) * 1e3);
}

static int preads(const char *path, long n) {
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st)) fail(path);
    uint64_t pages = (uint64_t)st.st_size / PAGE, x = PREADS_SEED, sum = 0;
    if (pages == 0) fail("empty file");
    double t = now();
    for (long i = 0; i < n; i++) {
        ssize_t got = pread(fd, buf, PAGE, (off_t)(next_page(&x, pages) * PAGE));
        if (got != PAGE) fail("pread");
        sum = sum * 31 + words((const unsigned char *)buf, PAGE);
    }
    double dt = now() - t;
    close(fd);
    return preads_report(n, sum, dt);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "file") && argc == 4) return bulk(argv[2], atol(argv[3]));
    if (!strcmp(mode, "smallops") && argc == 4) return smallops(argv[2], atol(argv[3]));
    if (!strcmp(mode, "stdout") && argc == 4) return out(atol(argv[2]), atol(argv[3]));
    if (!strcmp(mode, "dir") && argc == 4) return listing(argv[2], atol(argv[3]));
    if (!strcmp(mode, "files") && argc == 4) return files(argv[2], atol(argv[3]));
    if (!strcmp(mode, "preads") && argc == 4) return preads(argv[2], atol(argv[3]));
    fprintf(stderr, "usage: workloads file DIR MIB | smallops DIR N | stdout MIB LINES | dir DIR N"
                    " | files DIR N | preads FILE N\n");
    return 2;
}
