/* A descriptor opened by path without O_DIRECTORY is a file or a directory, and the
 * engine asks the host which only when an answer depends on it (docs/DECISIONS.md, "The
 * type of an opened file is asked when needed"). So each check below starts from a fresh
 * descriptor: whichever call comes first must still give the directory's or the file's
 * answer. Builds and passes natively too (gcc); where preview1 and Linux differ (reading
 * or seeking a directory), the wasm build expects preview1's answer (Wasmtime's). */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __wasi__
#define EDIRREAD EBADF /* preview1 */
#else
#define EDIRREAD EISDIR
#endif

static int open_dir(void) {
    int d = open(P("d"), O_RDONLY);
    CHECK(d >= 0);
    return d;
}

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    CHECK(mkdir(P("d"), 0755) == 0);
    int f = open(P("d/inner"), O_CREAT | O_WRONLY, 0644);
    CHECK(f >= 0);
    CHECK_EQ(write(f, "inside\n", 7), 7);
    CHECK(close(f) == 0);
    f = open(P("empty"), O_CREAT | O_WRONLY, 0644);
    CHECK(f >= 0);
    CHECK(close(f) == 0);

    char b[16];
    struct stat st;
    int d = open_dir();
    CHECK_ERRNO(read(d, b, sizeof b), EDIRREAD);
    CHECK_ERRNO(read(d, b, sizeof b), EDIRREAD);
    CHECK(close(d) == 0);
    d = open_dir();
    CHECK_ERRNO(read(d, b, 0), EDIRREAD);
    CHECK(close(d) == 0);
    d = open_dir();
    CHECK_ERRNO(pread(d, b, sizeof b, 0), EDIRREAD);
    CHECK(close(d) == 0);
    d = open_dir();
    CHECK_ERRNO(write(d, "x", 1), EBADF);
    CHECK_ERRNO(read(d, b, 1), EDIRREAD);
    CHECK(close(d) == 0);
    printf("directory without O_DIRECTORY: read and pread refused as preview1, write EBADF\n");

    d = open_dir();
    CHECK(fstat(d, &st) == 0);
    CHECK(S_ISDIR(st.st_mode));
    CHECK_ERRNO(read(d, b, sizeof b), EDIRREAD);
    CHECK(close(d) == 0);
    d = open_dir();
#ifdef __wasi__
    CHECK_ERRNO(lseek(d, 0, SEEK_SET), EBADF);
#else
    CHECK_EQ(lseek(d, 0, SEEK_SET), 0);
#endif
    CHECK(close(d) == 0);
    printf("fstat says directory; lseek as preview1\n");

    d = open_dir();
    int in = openat(d, "inner", O_RDONLY);
    CHECK(in >= 0);
    CHECK_EQ(read(in, b, sizeof b), 7);
    CHECK_EQ(read(in, b, sizeof b), 0);
    CHECK(close(in) == 0);
    CHECK(close(d) == 0);
    d = open_dir();
    DIR *dir = fdopendir(d);
    CHECK(dir != NULL);
    int seen = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL)
        seen += strcmp(e->d_name, "inner") == 0;
    CHECK_EQ(seen, 1);
    CHECK(closedir(dir) == 0);
    printf("openat below it and readdir of it work\n");

    /* Files: bytes prove a file; an empty file reads 0, not an error. */
    int r = open(P("d/inner"), O_RDONLY);
    CHECK(r >= 0);
    CHECK_EQ(read(r, b, 3), 3);
    CHECK(fstat(r, &st) == 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK_EQ(st.st_size, 7);
    CHECK_EQ(lseek(r, 0, SEEK_CUR), 3);
    CHECK_ERRNO(openat(r, "x", O_RDONLY), ENOTDIR);
    CHECK(close(r) == 0);
    r = open(P("empty"), O_RDONLY);
    CHECK(r >= 0);
    CHECK_EQ(read(r, b, sizeof b), 0);
    CHECK_EQ(read(r, b, sizeof b), 0);
    CHECK(close(r) == 0);
    r = open(P("empty"), O_RDONLY);
    CHECK(r >= 0);
    CHECK_ERRNO(openat(r, "x", O_RDONLY), ENOTDIR);
    CHECK(fstat(r, &st) == 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK(close(r) == 0);
    int w = open(P("empty"), O_WRONLY);
    CHECK(w >= 0);
    CHECK(fstat(w, &st) == 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK_EQ(lseek(w, 2, SEEK_SET), 2);
    CHECK(close(w) == 0);
    printf("files: read, fstat, lseek, openat ENOTDIR; an empty file reads 0\n");
    return 0;
}
