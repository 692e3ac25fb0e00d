/* The remaining preview1 calls: fcntl flags, posix_fadvise, renumber, rights, yield,
 * isatty, and poll() readiness for files and stdout. */
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __wasi__
#include <wasi/api.h>
#endif

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    int fd = open(P("f.txt"), O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    int fl = fcntl(fd, F_GETFL);
    CHECK(fl >= 0);
    printf("O_RDWR %d O_APPEND %d\n", (fl & O_ACCMODE) == O_RDWR, (fl & O_APPEND) != 0);
    CHECK(fcntl(fd, F_SETFL, fl | O_APPEND) == 0);
    printf("after F_SETFL O_APPEND %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
    CHECK_EQ(write(fd, "abc", 3), 3);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(write(fd, "def", 3), 3); /* appended despite the seek */
    char b[16] = {0};
    CHECK_EQ(pread(fd, b, sizeof b, 0), 6);
    printf("content [%s]\n", b);
    CHECK(fcntl(fd, F_SETFL, fl & ~O_APPEND) == 0);
    printf("after clearing O_APPEND %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
    CHECK(posix_fadvise(fd, 0, 6, POSIX_FADV_SEQUENTIAL) == 0);
    CHECK(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0);

    struct pollfd p[2] = {{fd, POLLIN | POLLOUT, 0}, {1, POLLOUT, 0}};
    CHECK_EQ(poll(p, 2, 1000), 2);
    printf("file poll in %d out %d, stdout poll out %d\n", (p[0].revents & POLLIN) != 0,
           (p[0].revents & POLLOUT) != 0, (p[1].revents & POLLOUT) != 0);

    printf("isatty(stdout) when piped %d\n", isatty(1));
    CHECK(sched_yield() == 0);

#ifdef __wasi__
    /* fd_renumber moves a descriptor over another (closing the target). */
    int other = open(P("g.txt"), O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(other >= 0);
    CHECK_EQ(__wasi_fd_renumber(fd, other), 0);
    CHECK_EQ(write(other, "!", 1), 1);
    CHECK_ERRNO(write(fd, "x", 1), EBADF);
    CHECK_EQ(pread(other, b, sizeof b, 0), 7);
    printf("renumbered content [%.7s]\n", b);
    CHECK_EQ(__wasi_fd_renumber(12345, other), __WASI_ERRNO_BADF);

    /* Rights cannot be changed (Wasmtime's preview1 answer; see preview1_semantics.c). */
    __wasi_fdstat_t st;
    CHECK_EQ(__wasi_fd_fdstat_get(other, &st), 0);
    CHECK_EQ(__wasi_fd_fdstat_set_rights(other, st.fs_rights_base & ~__WASI_RIGHTS_FD_SEEK, 0),
             __WASI_ERRNO_NOTSUP);
    printf("rights unchanged\n");
    fd = other;
#else
    printf("renumbered content [abcdef!]\nrights unchanged\n");
#endif
    CHECK(close(fd) == 0);
    return 0;
}
