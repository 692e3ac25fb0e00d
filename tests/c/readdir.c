/* opendir/readdir/rewinddir/telldir/seekdir over a directory of many entries. */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define N 1500

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    CHECK(mkdir(P("many"), 0755) == 0);
    char path[128];
    for (int i = 0; i < N; i++) {
        snprintf(path, sizeof path, "%s/many/entry-%05d", work_dir, i);
        int fd = open(path, O_CREAT | O_WRONLY, 0644);
        CHECK(fd >= 0);
        CHECK(close(fd) == 0);
    }
    CHECK(mkdir(P("many/subdir"), 0755) == 0);

    static unsigned char seen[N];
    DIR *d = opendir(P("many"));
    CHECK(d != NULL);
    int files = 0, dots = 0, dirs = 0;
    long mark = -1;
    char after_mark[64] = "";
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) { dots++; continue; }
        if (!strcmp(e->d_name, "subdir")) { CHECK(e->d_type == DT_DIR); dirs++; continue; }
        int i = -1;
        CHECK(sscanf(e->d_name, "entry-%05d", &i) == 1 && i >= 0 && i < N);
        CHECK(seen[i] == 0);
        CHECK(e->d_type == DT_REG);
        CHECK(e->d_ino != 0);
        seen[i] = 1;
        files++;
        if (files == N / 2) {
            mark = telldir(d);
            struct dirent *next = readdir(d);
            CHECK(next != NULL);
            snprintf(after_mark, sizeof after_mark, "%s", next->d_name);
            seekdir(d, mark);
        }
    }
    printf("first pass: %d files, %d directories, %d dot entries\n", files, dirs, dots);

    rewinddir(d);
    int again = 0;
    while ((e = readdir(d)) != NULL) again++;
    printf("after rewinddir: %d entries\n", again);

    seekdir(d, mark);
    e = readdir(d);
    CHECK(e != NULL);
    printf("seekdir returns to the marked entry: %d\n", strcmp(e->d_name, after_mark) == 0);
    CHECK(closedir(d) == 0);

    /* Opening and closing many directory streams reuses engine resources. */
    for (int i = 0; i < 300; i++) {
        d = opendir(P("many"));
        CHECK(d != NULL);
        CHECK(readdir(d) != NULL);
        CHECK(closedir(d) == 0);
    }
    printf("300 opendir/closedir cycles\n");
    return 0;
}
