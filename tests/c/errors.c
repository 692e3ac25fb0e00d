/* errno values for the failures POSIX programs check for. Each line names the case and
 * the errno observed; the harness compares them with what Linux reports. */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHOW(label, call)                                                     \
    do {                                                                      \
        errno = 0;                                                            \
        long long r_ = (long long)(call);                                     \
        printf("%s: %s\n", label, r_ == -1 ? errno_name(errno) : "succeeded"); \
    } while (0)

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    char b[8];
    struct stat st;
    CHECK(mkdir(P("dir"), 0755) == 0);
    int fd = open(P("dir/file"), O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    CHECK(close(fd) == 0);

    SHOW("open missing file", open(P("missing"), O_RDONLY));
    SHOW("stat missing file", stat(P("missing/deeper"), &st));
    SHOW("open directory for writing", open(P("dir"), O_WRONLY));
    SHOW("O_DIRECTORY on a file", open(P("dir/file"), O_RDONLY | O_DIRECTORY));
    SHOW("mkdir existing", mkdir(P("dir"), 0755));
    SHOW("rmdir non-empty", rmdir(P("dir")));
    SHOW("rmdir a file", rmdir(P("dir/file")));
    SHOW("unlink a directory", unlink(P("dir")));
    SHOW("read bad fd", read(99, b, 1));
    SHOW("write bad fd", write(99, b, 1));
    SHOW("close bad fd", close(99));
    SHOW("fstat bad fd", fstat(1234, &st));
    SHOW("lseek bad fd", lseek(77, 0, SEEK_SET));
    fd = open(P("dir/file"), O_RDONLY);
    SHOW("write read-only fd", write(fd, "x", 1));
    SHOW("lseek before start", lseek(fd, -5, SEEK_SET));
    SHOW("lseek bad whence", lseek(fd, 0, 42));
    SHOW("ftruncate read-only fd", ftruncate(fd, 0));
    close(fd);
    fd = open(P("dir/file"), O_WRONLY);
    SHOW("read write-only fd", read(fd, b, 1));
    close(fd);
    SHOW("lseek on stdin", lseek(0, 0, SEEK_CUR));
    SHOW("read from a directory", ({ int d = open(P("dir"), O_RDONLY | O_DIRECTORY); long long r = read(d, b, 1); int e = errno; close(d); errno = e; r; }));
    SHOW("rename missing", rename(P("nothing"), P("other")));
    SHOW("readlink on a file", readlink(P("dir/file"), b, sizeof b));
    SHOW("link to existing", link(P("dir/file"), P("dir/file")));
    SHOW("opendir missing", opendir(P("missing")) ? 0 : -1);

    /* Escaping the preopen: every form is refused. */
    errno = 0;
    int r1 = open("../escape", O_RDONLY);
    printf("relative escape refused: %d\n", r1 == -1 && errno != 0);
    errno = 0;
    int r2 = open("/sandbox/../../etc/passwd", O_RDONLY);
    printf("absolute escape refused: %d\n", r2 == -1 && errno != 0);
    /* The host refuses to create an absolute symlink; a relative one that climbs out of
     * the sandbox can be made but not followed. */
    CHECK(symlink("../../../../../../../../etc/passwd", P("up-link")) == 0);
    errno = 0;
    int r3 = open(P("up-link"), O_RDONLY);
    printf("symlink escape refused: %d\n", r3 == -1 && errno != 0);
    errno = 0;
    int r4 = open("/etc/passwd", O_RDONLY);
    printf("path outside every preopen refused: %d\n", r4 == -1 && errno != 0);
    return 0;
}
