/* A read at the size fstat reported, as Rust's fs::read and Go's os.ReadFile make after
 * reading exactly that much: 0 at the end, and the new bytes when the file grew since the
 * fstat (written through another descriptor here). tests/tests/trace.rs checks that the
 * read at the end takes no stream read. */
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    char path[256], buf[256];
    snprintf(path, sizeof path, "%s/seen_end.txt", argv[1]);
    int w = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(w >= 0);
    memset(buf, 'a', 100);
    CHECK_EQ(write(w, buf, 100), 100);

    int r = open(path, O_RDONLY);
    CHECK(r >= 0);
    struct stat st;
    CHECK_EQ(fstat(r, &st), 0);
    CHECK_EQ(st.st_size, 100);
    CHECK_EQ(read(r, buf, 100), 100);
    CHECK_EQ(read(r, buf, 32), 0);
    printf("read the 100 bytes fstat said, then 0\n");

    /* Grown after the fstat: the read at the old size gets the new bytes. */
    CHECK_EQ(write(w, "0123456789", 10), 10);
    CHECK_EQ(read(r, buf, 32), 10);
    CHECK(!memcmp(buf, "0123456789", 10));
    CHECK_EQ(read(r, buf, 32), 0);
    printf("after growing by 10: 10 new bytes, then 0\n");

    /* fstat again at the end, and a read there. */
    CHECK_EQ(fstat(r, &st), 0);
    CHECK_EQ(st.st_size, 110);
    CHECK_EQ(read(r, buf, 32), 0);
    /* Shrunk below the offset: still the end. */
    CHECK_EQ(ftruncate(w, 50), 0);
    CHECK_EQ(read(r, buf, 32), 0);
    /* Back to the start: every byte that is left. */
    CHECK_EQ(lseek(r, 0, SEEK_SET), 0);
    CHECK_EQ(read(r, buf, sizeof buf), 50);
    CHECK_EQ(read(r, buf, sizeof buf), 0);
    printf("at the end after fstat and after truncation: 0; from the start: 50\n");
    CHECK_EQ(close(r), 0);
    CHECK_EQ(close(w), 0);
    printf("done\n");
    return 0;
}
