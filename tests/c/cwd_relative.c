/* Relative paths after chdir: wasi-libc resolves them against its emulated
 * working directory and the preopens, so programs that chdir into their
 * data directory and use relative names work. */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    char cwd[1024];
    struct stat st;
    CHECK(chdir(work_dir) == 0);
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    printf("getcwd is the directory: %d\n", strcmp(cwd, work_dir) == 0);

    int fd = open("rel.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(write(fd, "relative\n", 9), 9);
    CHECK(close(fd) == 0);
    CHECK(mkdir("sub", 0755) == 0);
    CHECK(mkdir("./sub/inner", 0755) == 0);
    printf("created rel.txt, sub/ and sub/inner/ by relative names\n");

    CHECK(chdir("sub") == 0);
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    size_t n = strlen(cwd);
    printf("getcwd after chdir(sub) ends with /sub: %d\n", n >= 4 && strcmp(cwd + n - 4, "/sub") == 0);
    char b[32] = {0};
    fd = open("../rel.txt", O_RDONLY);
    CHECK(fd >= 0);
    CHECK_EQ(read(fd, b, sizeof b - 1), 9);
    CHECK(close(fd) == 0);
    printf("read ../rel.txt from sub: [%.8s]\n", b);
    CHECK(stat("inner", &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(rename("../rel.txt", "inner/moved.txt") == 0);
    CHECK(stat("inner/moved.txt", &st) == 0);
    printf("renamed ../rel.txt to inner/moved.txt, size %lld\n", (long long)st.st_size);

    CHECK(chdir("..") == 0);
    DIR *d = opendir(".");
    CHECK(d != NULL);
    int entries = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) entries++;
    CHECK(closedir(d) == 0);
    printf("opendir(\".\") after chdir(..) lists %d entry\n", entries);
    CHECK_ERRNO(access("rel.txt", F_OK), ENOENT);
    CHECK(access("sub/inner/moved.txt", R_OK) == 0);
    printf("access: gone ENOENT, moved readable\n");
    return 0;
}
