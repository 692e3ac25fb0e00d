/* Bulk and random-access file I/O: a 16 MiB file written in odd-sized
 * chunks and read back with other chunk sizes; reads and writes interleaved
 * on one descriptor at scattered offsets; ftruncate shrink/grow zero-fill;
 * a write past the end after a shrink leaves a hole of zeros. The host
 * checks the files left behind byte for byte. */
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define BIG (16u << 20)

static unsigned char pat(unsigned i) { return (unsigned char)(i * 131u + (i >> 8) + (i >> 16)); }

static void write_all(int fd, const unsigned char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        CHECK(w > 0);
        p += w;
        n -= (size_t)w;
    }
}

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    unsigned char *buf = malloc(BIG);
    CHECK(buf != NULL);
    for (unsigned i = 0; i < BIG; i++) buf[i] = pat(i);

    /* 1. Sequential write in chunks of 1, 7, 4095, 4097, 65537, 1 MiB+3, ... */
    static const size_t chunks[] = {1, 7, 4095, 4097, 65537, (1u << 20) + 3, 12345};
    int fd = open(P("big.bin"), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    size_t off = 0;
    for (unsigned k = 0; off < BIG; k++) {
        size_t n = chunks[k % 7];
        if (n > BIG - off) n = BIG - off;
        write_all(fd, buf + off, n);
        off += n;
    }
    CHECK(close(fd) == 0);
    struct stat st;
    CHECK(stat(P("big.bin"), &st) == 0);
    printf("wrote %lld bytes\n", (long long)st.st_size);

    /* 2. Read back with different chunk sizes and compare. */
    static const size_t rchunks[] = {3, 8192, 100000, 1u << 20, 17};
    unsigned char *back = malloc(1u << 20);
    CHECK(back != NULL);
    fd = open(P("big.bin"), O_RDONLY);
    CHECK(fd >= 0);
    off = 0;
    unsigned h = FNV1A_INIT;
    for (unsigned k = 0;; k++) {
        ssize_t n = read(fd, back, rchunks[k % 5]);
        CHECK(n >= 0);
        if (n == 0) break;
        CHECK(off + (size_t)n <= BIG);
        CHECK(memcmp(back, buf + off, (size_t)n) == 0);
        h = fnv1a(h, back, (size_t)n);
        off += (size_t)n;
    }
    CHECK(close(fd) == 0);
    printf("read back %zu bytes identical, fnv1a %08x\n", off, h);

    /* 3. Interleaved reads and writes at scattered offsets on one descriptor. */
    fd = open(P("big.bin"), O_RDWR);
    CHECK(fd >= 0);
    unsigned seed = 12345;
    int checks = 0;
    for (int i = 0; i < 2000; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned pos = (seed >> 4) % (BIG - 64);
        unsigned len = 1 + (seed >> 24) % 64;
        if (i % 3 == 0) {
            /* overwrite with a marker, and mirror it in buf */
            for (unsigned j = 0; j < len; j++) buf[pos + j] = (unsigned char)(i + j);
            CHECK_EQ(lseek(fd, pos, SEEK_SET), pos);
            write_all(fd, buf + pos, len);
        } else {
            CHECK_EQ(lseek(fd, pos, SEEK_SET), pos);
            CHECK_EQ(read(fd, back, len), len);
            CHECK(memcmp(back, buf + pos, len) == 0);
            checks++;
        }
        /* the offset continues after the transfer */
        CHECK_EQ(lseek(fd, 0, SEEK_CUR), pos + len);
    }
    CHECK(close(fd) == 0);
    printf("interleaved: %d reads matched the latest writes\n", checks);

    /* 4. ftruncate shrink then grow: the regrown region reads as zeros. */
    fd = open(P("trunc.bin"), O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    write_all(fd, buf, 10000);
    CHECK(ftruncate(fd, 100) == 0);
    CHECK(ftruncate(fd, 5000) == 0);
    CHECK_EQ(pread(fd, back, 10000, 0), 5000);
    CHECK(memcmp(back, buf, 100) == 0);
    int zeros = 1;
    for (int i = 100; i < 5000; i++) zeros &= back[i] == 0;
    printf("shrink to 100 then grow to 5000: old bytes kept, new bytes zero %d\n", zeros);
    /* The offset (10000) is now past the end: a write there leaves a hole. */
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10000);
    write_all(fd, (const unsigned char *)"END", 3);
    CHECK(fstat(fd, &st) == 0);
    CHECK_EQ(pread(fd, back, 5000, 5000), 5000);
    zeros = 1;
    for (int i = 0; i < 5000; i++) zeros &= back[i] == 0;
    printf("write at 10000 after shrink: size %lld, hole zero %d\n", (long long)st.st_size, zeros);
    CHECK(close(fd) == 0);

    /* Leave the modified big file's checksum for the host to compare. */
    printf("final big.bin fnv1a %08x\n", fnv1a(FNV1A_INIT, buf, BIG));
    free(back);
    free(buf);
    return 0;
}
