/* Many descriptors at once: 300 files open together, each with its own
 * offset and contents; half closed and 150 more opened (descriptor slots
 * are reused without mixing files up); every file verified at the end. */
#include "check.h"
#include <fcntl.h>
#include <unistd.h>

#define FIRST 300
#define MORE 150

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    static int fds[FIRST + MORE];
    char name[64], b[64], want[64];
    for (int i = 0; i < FIRST; i++) {
        snprintf(name, sizeof name, "f%03d.txt", i);
        fds[i] = open(P(name), O_CREAT | O_RDWR | O_TRUNC, 0644);
        CHECK(fds[i] >= 0);
        for (int j = 0; j < i; j++) CHECK(fds[j] != fds[i]);
    }
    /* Interleave small writes across all of them. */
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < FIRST; i++) {
            int n = snprintf(b, sizeof b, "%d:%d;", i, round);
            CHECK_EQ(write(fds[i], b, n), n);
        }
    printf("%d descriptors open at once, 3 interleaved writes each\n", FIRST);

    for (int i = 0; i < FIRST; i += 2) CHECK(close(fds[i]) == 0);
    for (int k = 0; k < MORE; k++) {
        int i = FIRST + k;
        snprintf(name, sizeof name, "g%03d.txt", k);
        fds[i] = open(P(name), O_CREAT | O_RDWR | O_TRUNC, 0644);
        CHECK(fds[i] >= 0);
        int n = snprintf(b, sizeof b, "new %d", k);
        CHECK_EQ(write(fds[i], b, n), n);
    }
    /* Every open descriptor is distinct. */
    int open_count = 0;
    for (int i = 0; i < FIRST + MORE; i++) {
        if (i < FIRST && i % 2 == 0) continue;
        open_count++;
        for (int j = i + 1; j < FIRST + MORE; j++) {
            if (j < FIRST && j % 2 == 0) continue;
            CHECK(fds[i] != fds[j]);
        }
    }
    printf("closed %d, opened %d more: %d distinct descriptors\n", FIRST / 2, MORE, open_count);

    int verified = 0;
    for (int i = 0; i < FIRST + MORE; i++) {
        if (i < FIRST && i % 2 == 0) continue;
        int n;
        if (i < FIRST)
            n = snprintf(want, sizeof want, "%d:0;%d:1;%d:2;", i, i, i);
        else
            n = snprintf(want, sizeof want, "new %d", i - FIRST);
        memset(b, 0, sizeof b);
        CHECK_EQ(pread(fds[i], b, sizeof b, 0), n);
        CHECK(memcmp(b, want, (size_t)n) == 0);
        CHECK_EQ(lseek(fds[i], 0, SEEK_CUR), n);
        CHECK(close(fds[i]) == 0);
        verified++;
    }
    printf("verified and closed %d\n", verified);
    return 0;
}
