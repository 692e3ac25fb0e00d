/* writev with several small iovecs, as a libc's stdio flushes (its buffer, then the caller's
 * data): every byte arrives, in order, with the exact count, on stdout and in a file; empty
 * iovecs in between change nothing; a writev larger than p3shim joins (4 KiB) and one whose
 * second buffer lies outside memory keep their usual answers. tests/tests/trace.rs checks
 * that the small ones cost one host write each. */
#include "check.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/uio.h>
#include <unistd.h>

static char big[6000];

int main(int argc, char **argv) {
    /* Two parts, then three with empty ones around them. */
    struct iovec two[2] = {{"gather: one ", 12}, {"line\n", 5}};
    CHECK_EQ(writev(1, two, 2), 17);
    struct iovec five[5] = {{"", 0}, {"gather: ", 8}, {"", 0}, {"three ", 6}, {"parts\n", 6}};
    CHECK_EQ(writev(1, five, 5), 20);

    /* More than 4 KiB in all: written as before, every byte. */
    memset(big, 'b', sizeof big);
    big[sizeof big - 1] = '\n';
    struct iovec large[2] = {{"gather: large ", 14}, {big, sizeof big}};
    CHECK_EQ(writev(1, large, 2), 14 + (ssize_t)sizeof big);

    /* Stdio, which flushes through writev. */
    for (int i = 0; i < 100; i++) printf("gather: printf line %d\n", i);
    fflush(stdout);

    /* A file: the bytes read back are the bytes written. */
    char path[256];
    snprintf(path, sizeof path, "%s/gathered.txt", argv[1]);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    struct iovec parts[3] = {{"abc", 3}, {"defgh", 5}, {"ij\n", 3}};
    CHECK_EQ(writev(fd, parts, 3), 11);
    CHECK_EQ(writev(fd, parts, 3), 11);
    char back[32] = {0};
    CHECK_EQ(pread(fd, back, sizeof back, 0), 22);
    CHECK(!memcmp(back, "abcdefghij\nabcdefghij\n", 22));
    CHECK_EQ(close(fd), 0);

#ifdef __wasm__
    /* The second buffer starts at the end of linear memory: the first is written and its
     * count returned, as without joining (Linux: EFAULT for the part it cannot read). */
    char *end = (char *)(uintptr_t)(__builtin_wasm_memory_size(0) * 65536);
    struct iovec outside[2] = {{"gather: before the end\n", 23}, {end, 8}};
    CHECK_EQ(writev(1, outside, 2), 23);
#else
    printf("gather: before the end\n");
#endif
    printf("done\n");
    return 0;
}
