/* Preview1 answers that binaries built for preview1 depend on, as Wasmtime's preview1 gives
 * them (where they differ from Linux, the native build prints what the wasm build must):
 * rights per descriptor kind and open mode, rights that cannot be changed, fd_renumber onto
 * a closed descriptor, seeking a directory, a listing restarted from cookie 0 seeing new
 * entries, and faccessat answering by the directory descriptor's rights. */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __wasi__
#include <wasi/api.h>

static void rights(const char *what, int fd) {
    __wasi_fdstat_t st;
    CHECK_EQ(__wasi_fd_fdstat_get(fd, &st), 0);
    printf("%s: type %d base %#llx inheriting %#llx\n", what, st.fs_filetype,
           (unsigned long long)st.fs_rights_base, (unsigned long long)st.fs_rights_inheriting);
}
#endif

static int count_entries(DIR *d) {
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.') n++;
    return n;
}

static void touch(const char *path) {
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    CHECK(close(fd) == 0);
}

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    CHECK(mkdir(P("d"), 0755) == 0);
    touch(P("d/a"));
    touch(P("d/b"));
    int ro = open(P("d/a"), O_RDONLY);
    int wo = open(P("d/b"), O_WRONLY);
    int rw = open(P("d/a"), O_RDWR | O_APPEND);
    int dir = open(P("d"), O_RDONLY | O_DIRECTORY);
    CHECK(ro >= 0 && wo >= 0 && rw >= 0 && dir >= 0);

#ifdef __wasi__
    /* 1. Rights by kind and open mode (the preopen is descriptor 3). */
    rights("preopen", 3);
    rights("stdin", 0);
    rights("stdout", 1);
    rights("file O_RDONLY", ro);
    rights("file O_WRONLY", wo);
    rights("file O_RDWR|O_APPEND", rw);
    rights("directory O_RDONLY", dir);
    /* Creating or truncating opens for writing too, whatever the access mode. */
    int created = open(P("d/n"), O_RDONLY | O_CREAT, 0644);
    CHECK(created >= 0);
    rights("file O_RDONLY|O_CREAT", created);
    printf("write through O_RDONLY|O_CREAT: %d\n", (int)write(created, "abc", 3));
    CHECK(close(created) == 0);
    CHECK(unlink(P("d/n")) == 0);

    /* 2. Rights cannot be changed: ENOTSUP for files and directories, EBADF for stdio. */
    __wasi_fdstat_t st;
    CHECK_EQ(__wasi_fd_fdstat_get(ro, &st), 0);
    printf("set_rights file %d dir %d stdout %d\n",
           __wasi_fd_fdstat_set_rights(ro, st.fs_rights_base & ~__WASI_RIGHTS_FD_READ, 0),
           __wasi_fd_fdstat_set_rights(dir, 0, 0), __wasi_fd_fdstat_set_rights(1, 0, 0));
    char c;
    CHECK_EQ(read(ro, &c, 0), 0);

    /* 3. fd_renumber onto a descriptor that is not open: EBADF, and both stay as they were. */
    printf("renumber onto closed %d, source open %d\n", __wasi_fd_renumber(ro, 900),
           __wasi_fd_fdstat_get(ro, &st) == 0);
    printf("renumber onto itself %d\n", __wasi_fd_renumber(ro, ro));

    /* 4. A directory cannot be seeked. */
    __wasi_filesize_t pos = 7;
    printf("fd_seek dir %d fd_tell dir %d\n", __wasi_fd_seek(dir, 0, __WASI_WHENCE_SET, &pos),
           __wasi_fd_tell(dir, &pos));
#else
    printf("preopen: type 3 base 0x7b7fe00 inheriting 0xff7ffff\n"
           "stdin: type 0 base 0x2 inheriting 0x2\n"
           "stdout: type 0 base 0x40 inheriting 0x40\n"
           "file O_RDONLY: type 4 base 0x3fffffbf inheriting 0x3fffffbf\n"
           "file O_WRONLY: type 4 base 0x3fffbffd inheriting 0x3fffbffd\n"
           "file O_RDWR|O_APPEND: type 4 base 0x3fffffff inheriting 0x3fffffff\n"
           "directory O_RDONLY: type 3 base 0x3fb7ffbb inheriting 0x3fb7ffbb\n"
           "file O_RDONLY|O_CREAT: type 4 base 0x3fffffff inheriting 0x3fffffff\n"
           "write through O_RDONLY|O_CREAT: 3\n"
           "set_rights file 58 dir 58 stdout 8\n"
           "renumber onto closed 8, source open 1\n"
           "renumber onto itself 0\n"
           "fd_seek dir 8 fd_tell dir 8\n");
#endif

    /* 5. A listing that ended, restarted from the beginning, sees entries added since. */
    DIR *d = opendir(P("d"));
    CHECK(d != NULL);
    int n1 = count_entries(d);
    touch(P("d/c"));
    CHECK(readdir(d) == NULL); /* still at the end */
    rewinddir(d);
    int n2 = count_entries(d);
    touch(P("d/e"));
    rewinddir(d);
    int n3 = count_entries(d);
    CHECK(closedir(d) == 0);
    printf("listing after rewinddir: %d %d %d\n", n1, n2, n3);

    /* 6. faccessat answers by the directory descriptor's rights (preview1): W_OK through a
     * directory opened read-only is EACCES there; Linux checks the file's mode. */
    CHECK(faccessat(dir, "a", R_OK, 0) == 0);
    CHECK(faccessat(dir, "a", F_OK, 0) == 0);
#ifdef __wasi__
    CHECK_ERRNO(faccessat(dir, "a", W_OK, 0), EACCES);
#else
    CHECK(faccessat(dir, "a", W_OK, 0) == 0);
#endif
    CHECK(access(P("d/a"), W_OK) == 0); /* through the preopen: writable */
    CHECK_ERRNO(faccessat(dir, "missing", R_OK, 0), ENOENT);
    printf("faccessat through a read-only directory: R_OK yes, W_OK preview1 EACCES\n");

    CHECK(close(ro) == 0 && close(wo) == 0 && close(rw) == 0 && close(dir) == 0);
    return 0;
}
