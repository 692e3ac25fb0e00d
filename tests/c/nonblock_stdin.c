/* Non-blocking stdin: EAGAIN while the writer waits, then data through poll; FIONREAD
 * reports what can be read without blocking. */
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void) {
    CHECK(fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK) == 0);
    printf("O_NONBLOCK set %d\n", (fcntl(0, F_GETFL) & O_NONBLOCK) != 0);
    char b[256];
    CHECK_ERRNO(read(0, b, sizeof b), EAGAIN);
    printf("read before data: EAGAIN\n");
    int avail = -1;
    CHECK(ioctl(0, FIONREAD, &avail) == 0);
    printf("FIONREAD before data %d\n", avail);
    size_t total = 0;
    unsigned h = FNV1A_INIT;
    int eagains = 0;
    for (;;) {
        struct pollfd p = {0, POLLIN, 0};
        CHECK(poll(&p, 1, 10000) == 1);
        ssize_t n = read(0, b, sizeof b);
        if (n < 0) {
            CHECK(errno == EAGAIN);
            eagains++;
            continue;
        }
        if (n == 0) break;
        h = fnv1a(h, (unsigned char *)b, (size_t)n);
        total += (size_t)n;
    }
    printf("read %zu bytes fnv1a %08x\n", total, h);
    return 0;
}
