/* File times with full precision: futimens and utimensat with explicit
 * seconds and nanoseconds, times beyond 2038, a directory's times, and a
 * symlink's own times (AT_SYMLINK_NOFOLLOW) versus its target's. The host
 * reads the same times back with its own stat, so a conversion error that
 * round-trips inside the guest is still caught. */
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void show(const char *label, const struct timespec *a, const struct timespec *m) {
    printf("%s atime %lld.%09ld mtime %lld.%09ld\n", label, (long long)a->tv_sec, (long)a->tv_nsec,
           (long long)m->tv_sec, (long)m->tv_nsec);
}

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    struct stat st;
    int fd = open(P("f.txt"), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(write(fd, "x", 1), 1);

    struct timespec t1[2] = {{1000000000, 123456789}, {1234567890, 987654321}};
    CHECK(futimens(fd, t1) == 0);
    CHECK(fstat(fd, &st) == 0);
    show("futimens", &st.st_atim, &st.st_mtim);
    CHECK(close(fd) == 0);

    /* After 2038 (needs 64-bit seconds all the way), with odd nanoseconds. */
    struct timespec t2[2] = {{4102444800LL, 1}, {4102444801LL, 999999999}};
    CHECK(utimensat(AT_FDCWD, P("f.txt"), t2, 0) == 0);
    CHECK(stat(P("f.txt"), &st) == 0);
    show("utimensat after 2038", &st.st_atim, &st.st_mtim);

    /* Writing through a descriptor updates mtime to about now. */
    struct timespec now;
    CHECK(clock_gettime(CLOCK_REALTIME, &now) == 0);
    fd = open(P("f.txt"), O_WRONLY | O_APPEND);
    CHECK(fd >= 0);
    CHECK_EQ(write(fd, "y", 1), 1);
    CHECK(close(fd) == 0);
    CHECK(stat(P("f.txt"), &st) == 0);
    long long d = (long long)st.st_mtim.tv_sec - (long long)now.tv_sec;
    printf("a write sets mtime to about now: %d\n", d >= -5 && d <= 5);

    /* A directory. */
    CHECK(mkdir(P("d"), 0755) == 0);
    struct timespec t3[2] = {{1500000000, 5}, {1600000000, 500000000}};
    CHECK(utimensat(AT_FDCWD, P("d"), t3, 0) == 0);
    CHECK(stat(P("d"), &st) == 0);
    show("directory", &st.st_atim, &st.st_mtim);

    /* A symlink's own times, leaving the target alone. */
    CHECK(stat(P("f.txt"), &st) == 0);
    struct timespec before = st.st_mtim;
    CHECK(symlink("f.txt", P("link")) == 0);
    struct timespec t4[2] = {{1100000000, 0}, {1200000000, 250000000}};
    CHECK(utimensat(AT_FDCWD, P("link"), t4, AT_SYMLINK_NOFOLLOW) == 0);
    CHECK(lstat(P("link"), &st) == 0);
    printf("symlink mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    CHECK(stat(P("link"), &st) == 0);
    printf("target mtime unchanged %d\n",
           st.st_mtim.tv_sec == before.tv_sec && st.st_mtim.tv_nsec == before.tv_nsec);
    return 0;
}
