/* A large write to stdout must arrive complete and byte-exact.
 * argv[1] = "write" (write(2) loop, handling short writes),
 *           "fwrite" (one fwrite through stdio), or
 *           "chunks" (many 4097-byte fwrites with fflush between some).
 * argv[2] = size in bytes (default 8 MiB).
 * Byte i of the stream is pattern(i) below; the harness checks it. */
#include "check.h"
#include <unistd.h>

static unsigned char pattern(size_t i) {
    return (unsigned char)((i * 31u) ^ (i >> 11) ^ (i >> 19));
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "write";
    size_t size = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : (size_t)8 << 20;
    unsigned char *buf = malloc(size ? size : 1);
    CHECK(buf != NULL);
    for (size_t i = 0; i < size; i++) buf[i] = pattern(i);

    if (strcmp(mode, "write") == 0) {
        size_t done = 0;
        while (done < size) {
            ssize_t n = write(1, buf + done, size - done);
            if (n < 0 && errno == EINTR) continue;
            CHECK(n > 0);
            done += (size_t)n;
        }
    } else if (strcmp(mode, "fwrite") == 0) {
        CHECK_EQ(fwrite(buf, 1, size, stdout), size);
        CHECK(fflush(stdout) == 0);
    } else if (strcmp(mode, "chunks") == 0) {
        size_t done = 0, k = 0;
        while (done < size) {
            size_t n = size - done < 4097 ? size - done : 4097;
            CHECK_EQ(fwrite(buf + done, 1, n, stdout), n);
            done += n;
            if (++k % 7 == 0) CHECK(fflush(stdout) == 0);
        }
    } else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    fprintf(stderr, "wrote %zu bytes with %s\n", size, mode);
    free(buf);
    return 0;
}
