/* p3shim I/O benchmark: throughput of file writes/reads and stdout, latency of small calls.
 * Usage: io <dir> <MiB>. Prints one "name value unit" line per measurement. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static char buf[1 << 16];

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : ".";
    long mib = argc > 2 ? atol(argv[2]) : 64;
    char path[512];
    snprintf(path, sizeof path, "%s/bench.dat", dir);
    memset(buf, 'x', sizeof buf);
    long total = mib << 20;

    double t = now();
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    for (long done = 0; done < total; done += sizeof buf)
        if (write(fd, buf, sizeof buf) != sizeof buf) { perror("write"); return 1; }
    close(fd);
    fprintf(stderr, "file_write_64k %.1f MB/s\n", total / (now() - t) / 1e6);

    t = now();
    fd = open(path, O_RDONLY);
    long got = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) got += n;
    close(fd);
    if (got != total) { fprintf(stderr, "short read %ld\n", got); return 1; }
    fprintf(stderr, "file_read_64k %.1f MB/s\n", total / (now() - t) / 1e6);

    t = now();
    fd = open(path, O_WRONLY);
    for (int i = 0; i < 20000; i++)
        if (write(fd, buf, 100) != 100) return 1;
    close(fd);
    fprintf(stderr, "file_write_100b %.2f us/call\n", (now() - t) / 20000 * 1e6);

    t = now();
    for (long done = 0; done < total; done += sizeof buf)
        if (write(1, buf, sizeof buf) != sizeof buf) return 1;
    fprintf(stderr, "stdout_write_64k %.1f MB/s\n", total / (now() - t) / 1e6);

    struct stat st;
    t = now();
    for (int i = 0; i < 5000; i++) stat(path, &st);
    fprintf(stderr, "stat %.2f us/call\n", (now() - t) / 5000 * 1e6);

    t = now();
    for (int i = 0; i < 2000; i++) close(open(path, O_RDONLY));
    fprintf(stderr, "open_close %.2f us/call\n", (now() - t) / 2000 * 1e6);
    unlink(path);
    return 0;
}
