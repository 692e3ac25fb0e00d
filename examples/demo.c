/* p3shim demo: an ordinary POSIX C program, unchanged, running on a WASIp3-only host. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    printf("hello from a wasip1 C program on WASIp3 (%s)\n", argc > 1 ? argv[1] : "?");
    const char *user = getenv("DEMO_USER");
    printf("environment: DEMO_USER=%s\n", user ? user : "(unset)");

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("slept %s20 ms\n", ms >= 20 ? ">= " : "< ");

    mkdir("/work/notes", 0755);
    int fd = open("/work/notes/today.txt", O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0) { perror("open"); return 1; }
    const char *line = "written through wasi:filesystem@0.3.0 streams\n";
    write(fd, line, strlen(line));
    close(fd);

    struct stat st;
    stat("/work/notes/today.txt", &st);
    printf("wrote /work/notes/today.txt: %lld bytes\n", (long long)st.st_size);

    DIR *d = opendir("/work/notes");
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.') printf("  notes/%s\n", e->d_name);
    closedir(d);

    unsigned char rnd[4];
    getentropy(rnd, sizeof rnd);
    printf("4 random bytes from wasi:random: %02x%02x%02x%02x\n", rnd[0], rnd[1], rnd[2], rnd[3]);
    return 0;
}
