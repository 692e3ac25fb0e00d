/* open/read/write/lseek/pread/pwrite/readv/writev, O_APPEND, O_TRUNC, O_EXCL. */
#include "check.h"
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    char b[256];

    int fd = open(P("data.txt"), O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(write(fd, "hello world", 11), 11);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 11);
    CHECK_EQ(lseek(fd, 6, SEEK_SET), 6);
    CHECK_EQ(read(fd, b, 5), 5);
    CHECK(memcmp(b, "world", 5) == 0);
    CHECK_EQ(read(fd, b, 5), 0);
    printf("write/lseek/read ok\n");

    CHECK_EQ(pwrite(fd, "HELLO", 5, 0), 5);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 11); /* pwrite leaves the offset alone */
    memset(b, 0, sizeof b);
    CHECK_EQ(pread(fd, b, sizeof b, 0), 11);
    printf("pread [%s]\n", b);
    CHECK_EQ(pread(fd, b, 4, 100), 0); /* past the end */
    CHECK_EQ(lseek(fd, 0, SEEK_END), 11);
    CHECK_EQ(lseek(fd, -3, SEEK_END), 8);
    CHECK_EQ(lseek(fd, 2, SEEK_CUR), 10);

    /* A gap written past the end reads back as zeros. */
    CHECK_EQ(pwrite(fd, "Z", 1, 20), 1);
    CHECK_EQ(pread(fd, b, 10, 11), 10);
    for (int i = 0; i < 9; i++) CHECK(b[i] == 0);
    CHECK(b[9] == 'Z');
    printf("sparse gap ok\n");

    /* writev and readv use every iovec, including empty ones. */
    CHECK(ftruncate(fd, 0) == 0);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    struct iovec wv[4] = {{"alpha", 5}, {"", 0}, {"-beta-", 6}, {"gamma", 5}};
    CHECK_EQ(writev(fd, wv, 4), 16);
    char x[3], y[7], z[32];
    memset(z, 0, sizeof z);
    struct iovec rv[3] = {{x, 3}, {y, 7}, {z, sizeof z}};
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(readv(fd, rv, 3), 16);
    printf("readv [%.3s|%.7s|%s]\n", x, y, z);
    CHECK(close(fd) == 0);

    /* O_APPEND writes land at the end, whatever the offset. */
    fd = open(P("data.txt"), O_WRONLY | O_APPEND);
    CHECK(fd >= 0);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(write(fd, "+tail", 5), 5);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 21);
    CHECK(close(fd) == 0);
    fd = open(P("data.txt"), O_RDONLY);
    memset(b, 0, sizeof b);
    CHECK_EQ(read(fd, b, sizeof b), 21);
    printf("after append [%s]\n", b);
    CHECK(close(fd) == 0);

    /* O_EXCL refuses an existing file; O_TRUNC empties one. */
    CHECK_ERRNO(open(P("data.txt"), O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    fd = open(P("fresh.txt"), O_CREAT | O_EXCL | O_WRONLY, 0644);
    CHECK(fd >= 0);
    CHECK(close(fd) == 0);
    fd = open(P("data.txt"), O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    CHECK_EQ(lseek(fd, 0, SEEK_END), 0);
    CHECK_EQ(write(fd, "final contents\n", 15), 15);
    CHECK(close(fd) == 0);

    /* Two descriptors on one file see each other's writes at once. */
    int w = open(P("shared.txt"), O_CREAT | O_RDWR | O_TRUNC, 0644);
    int r = open(P("shared.txt"), O_RDONLY);
    CHECK(w >= 0 && r >= 0);
    CHECK_EQ(write(w, "0123456789", 10), 10);
    CHECK_EQ(read(r, b, 4), 4);
    CHECK_EQ(pwrite(w, "ABCDEF", 6, 4), 6);
    memset(b, 0, sizeof b);
    CHECK_EQ(read(r, b, 6), 6);
    printf("coherent read [%s]\n", b);
    close(w);
    close(r);

    /* End of file is never stale: after a read that met the end (the engine answers the
     * next read without asking the host again), bytes appended through another
     * description are read, by read and by pread, and a truncation is seen too. */
    int w2 = open(P("grow.txt"), O_CREAT | O_WRONLY | O_TRUNC | O_APPEND, 0644);
    int r2 = open(P("grow.txt"), O_RDONLY);
    CHECK(w2 >= 0 && r2 >= 0);
    CHECK_EQ(write(w2, "abc", 3), 3);
    CHECK_EQ(read(r2, b, sizeof b), 3);
    CHECK_EQ(read(r2, b, sizeof b), 0);
    CHECK_EQ(read(r2, b, sizeof b), 0);
    CHECK_EQ(write(w2, "defg", 4), 4);
    CHECK_EQ(read(r2, b, sizeof b), 4);
    CHECK(memcmp(b, "defg", 4) == 0);
    CHECK_EQ(pread(r2, b, sizeof b, 5), 2);
    CHECK_EQ(pread(r2, b, sizeof b, 7), 0);
    CHECK_EQ(write(w2, "hi", 2), 2);
    CHECK_EQ(pread(r2, b, sizeof b, 7), 2);
    CHECK(memcmp(b, "hi", 2) == 0);
    CHECK_EQ(read(r2, b, 1), 1);
    CHECK_EQ(ftruncate(w2, 2), 0);
    CHECK_EQ(read(r2, b, sizeof b), 0);
    CHECK_EQ(lseek(r2, 0, SEEK_SET), 0);
    CHECK_EQ(read(r2, b, sizeof b), 2);
    CHECK(memcmp(b, "ab", 2) == 0);
    close(w2);
    close(r2);
    printf("end of file re-read ok\n");

    /* stdio on files, with a buffer larger than stdio's. */
    FILE *f = fopen(P("stdio.txt"), "w+");
    CHECK(f != NULL);
    for (int i = 0; i < 1000; i++) fprintf(f, "line %04d\n", i);
    CHECK(fseek(f, 10 * 500, SEEK_SET) == 0);
    CHECK(fgets(b, sizeof b, f) != NULL);
    printf("fgets after fseek [%s", b);
    CHECK(fclose(f) == 0);
    return 0;
}
