/* Host calls failing with unusual error codes (p3run --fault fs-error / dns-fail): the
 * guest sees the matching errno or EAI_* code and carries on.
 *
 *   host_errors DIR fs     fsync, fdatasync and ftruncate on a file; prints each result,
 *                          then checks the file still takes writes and reads back
 *   host_errors DIR dns    getaddrinfo of a name and of a numeric address
 */
#include "check.h"
#include <fcntl.h>
#include <unistd.h>
#ifdef HOST_ERRORS_DNS
#include <netdb.h>
#include <sys/socket.h>
#endif

static const char *result(int r) { return r == 0 ? "ok" : errno_name(errno); }

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    CHECK(argc >= 3);
    if (!strcmp(argv[2], "fs")) {
        int fd = open(P("f.txt"), O_CREAT | O_RDWR | O_TRUNC, 0644);
        CHECK(fd >= 0);
        CHECK_EQ(write(fd, "hello", 5), 5);
        errno = 0;
        printf("fsync %s\n", result(fsync(fd)));
        errno = 0;
        printf("fdatasync %s\n", result(fdatasync(fd)));
        errno = 0;
        printf("ftruncate %s\n", result(ftruncate(fd, 2)));
        CHECK_EQ(write(fd, " world", 6), 6);
        char b[32] = {0};
        CHECK_EQ(pread(fd, b, sizeof b, 0), 11);
        printf("after the errors: [%s]\n", b);
        CHECK(close(fd) == 0);
        return 0;
    }
#ifdef HOST_ERRORS_DNS
    if (!strcmp(argv[2], "dns")) {
        struct addrinfo *res;
        int r = getaddrinfo("localhost", NULL, NULL, &res);
        const char *name = r == 0 ? "ok" : r == EAI_AGAIN ? "EAI_AGAIN" : r == EAI_FAIL ? "EAI_FAIL"
                         : r == EAI_NONAME ? "EAI_NONAME" : r == EAI_SYSTEM ? "EAI_SYSTEM" : "other";
        printf("getaddrinfo(localhost) %s\n", name);
        if (r == 0) freeaddrinfo(res);
        /* Numeric addresses need no resolver. */
        CHECK_EQ(getaddrinfo("127.0.0.1", NULL, NULL, &res), 0);
        freeaddrinfo(res);
        printf("getaddrinfo(127.0.0.1) ok\n");
        return 0;
    }
#endif
    fprintf(stderr, "unknown mode %s\n", argv[2]);
    return 2;
}
