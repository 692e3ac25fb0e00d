/* Reads stdin to EOF and reports the byte count and the FNV-1a checksum.
 * argv[1] = "read" (read(0) in 64 KiB chunks),
 *           "small" (read(0) 1 byte at a time for the first 100 bytes, then 3-byte reads),
 *           "lines" (fgets; also prints the line count and the last line). */
#include "check.h"
#include <unistd.h>

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "read";
    unsigned long long total = 0;
    unsigned h = FNV1A_INIT;
    if (strcmp(mode, "read") == 0 || strcmp(mode, "small") == 0) {
        static unsigned char buf[65536];
        int small = strcmp(mode, "small") == 0;
        unsigned long long reads = 0;
        for (;;) {
            size_t want = small ? (total < 100 ? 1 : 3) : sizeof buf;
            ssize_t n = read(0, buf, want);
            if (n < 0 && errno == EINTR) continue;
            CHECK(n >= 0);
            if (n == 0) break;
            CHECK((size_t)n <= want);
            reads++;
            h = fnv1a(h, buf, (size_t)n);
            total += (unsigned long long)n;
        }
        /* EOF is sticky: another read still returns 0. */
        CHECK_EQ(read(0, buf, sizeof buf), 0);
        printf("bytes %llu fnv1a %08x\n", total, h);
    } else if (strcmp(mode, "lines") == 0) {
        static char line[4096];
        static char last[4096];
        unsigned long long lines = 0;
        last[0] = 0;
        while (fgets(line, sizeof line, stdin)) {
            size_t n = strlen(line);
            h = fnv1a(h, (unsigned char *)line, n);
            total += n;
            if (n > 0 && line[n - 1] == '\n') {
                lines++;
                line[n - 1] = 0;
            }
            strcpy(last, line);
        }
        CHECK(!ferror(stdin));
        CHECK(feof(stdin));
        printf("bytes %llu fnv1a %08x\n", total, h);
        printf("lines %llu last [%s]\n", lines, last);
    } else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    return 0;
}
