/* Non-blocking stdout: writes take what fits (EAGAIN when the write-behind buffer is
 * full), poll(POLLOUT) waits for room, and every byte arrives in order. argv[2] = MiB. */
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

static unsigned char buf[1 << 16];

int main(int argc, char **argv) {
    size_t total = (size_t)(argc > 2 ? atoi(argv[2]) : 4) << 20;
    CHECK(fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK) == 0);
    size_t sent = 0;
    long eagain = 0, partial = 0, polls = 0;
    unsigned h = FNV1A_INIT;
    while (sent < total) {
        size_t want = total - sent < sizeof buf ? total - sent : sizeof buf;
        for (size_t i = 0; i < want; i++) buf[i] = (unsigned char)((sent + i) * 13 + ((sent + i) >> 12));
        size_t off = 0;
        while (off < want) {
            ssize_t n = write(1, buf + off, want - off);
            if (n < 0) {
                CHECK(errno == EAGAIN);
                eagain++;
                struct pollfd p = {1, POLLOUT, 0};
                CHECK(poll(&p, 1, 30000) == 1 && (p.revents & POLLOUT));
                polls++;
                continue;
            }
            if ((size_t)n < want - off) partial++;
            h = fnv1a(h, buf + off, (size_t)n);
            off += (size_t)n;
        }
        sent += want;
    }
    fprintf(stderr, "sent %zu fnv1a %08x eagain %ld partial %ld polls %ld\n", sent, h, eagain, partial, polls);
    return 0;
}
