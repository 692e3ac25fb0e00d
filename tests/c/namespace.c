/* mkdir/rmdir/unlink/rename/link/symlink/readlink. */
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void touch(const char *p, const char *text) {
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(write(fd, text, strlen(text)), (long long)strlen(text));
    CHECK(close(fd) == 0);
}

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    struct stat st;
    CHECK(mkdir(P("a"), 0755) == 0);
    CHECK(mkdir(P("a/b"), 0755) == 0);
    touch(P("a/b/file"), "contents");
    CHECK(rename(P("a/b/file"), P("a/renamed")) == 0);
    CHECK_ERRNO(stat(P("a/b/file"), &st), ENOENT);
    CHECK(rename(P("a/b"), P("c")) == 0);
    printf("renamed a file and a directory\n");

    CHECK(link(P("a/renamed"), P("hard")) == 0);
    CHECK(stat(P("hard"), &st) == 0);
    printf("hard link count %lld\n", (long long)st.st_nlink);

    CHECK(symlink("a/renamed", P("soft")) == 0);
    char buf[64];
    ssize_t n = readlink(P("soft"), buf, sizeof buf);
    CHECK(n > 0);
    printf("readlink [%.*s]\n", (int)n, buf);
    n = readlink(P("soft"), buf, 3);
    printf("readlink truncated to %zd [%.*s]\n", n, (int)n, buf);

    CHECK(unlink(P("soft")) == 0);
    CHECK(unlink(P("hard")) == 0);
    CHECK(rmdir(P("c")) == 0);
    touch(P("a/keep"), "kept\n");
    CHECK(unlink(P("a/renamed")) == 0);
    printf("removed links, a file and a directory\n");
    return 0;
}
