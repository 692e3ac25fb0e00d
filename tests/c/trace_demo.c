/* A small program whose P3SHIM_TRACE output tests/tests/trace.rs checks: a failed open,
 * a created file written and closed, and a line on stdout. */
#include "check.h"
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv) {
    char path[256];
    snprintf(path, sizeof path, "%s/missing.txt", argv[1]);
    CHECK_ERRNO(open(path, O_RDONLY), ENOENT);
    snprintf(path, sizeof path, "%s/note.txt", argv[1]);
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(write(fd, "hi\n", 3), 3);
    CHECK_EQ(close(fd), 0);
    printf("done\n");
    return 0;
}
