/* A non-blocking TCP echo server (argv[2] = port, argv[3] = connections to serve): one
 * poll loop over the listener and every connection; exits when that many connections
 * have been served to EOF. */
#include "net_util.h"

#include <fcntl.h>
#include <poll.h>

#define MAX 256

static struct {
    int fd;
    size_t len;
    unsigned char buf[2048];
} c[MAX];

int main(int argc, char **argv) {
    CHECK(argc == 4);
    int want = atoi(argv[3]);
    int l = bound(AF_INET, SOCK_STREAM, atoi(argv[2]), NULL);
    CHECK(listen(l, SOMAXCONN) == 0);
    CHECK(fcntl(l, F_SETFL, O_NONBLOCK) == 0);
    int accepted = 0, served = 0, most = 0;
    size_t bytes = 0;
    printf("listening\n");
    fflush(stdout);
    static struct pollfd p[MAX + 1];
    while (served < want) {
        int n = 0, open = 0;
        p[n++] = (struct pollfd){l, POLLIN, 0};
        for (int i = 0; i < accepted; i++) {
            p[n++] = (struct pollfd){c[i].fd, c[i].len ? POLLOUT : POLLIN, 0};
            open += c[i].fd >= 0;
        }
        if (open > most)
            most = open;
        CHECK(poll(p, n, 30000) > 0);
        if (p[0].revents & POLLIN) {
            int fd;
            while ((fd = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                CHECK(accepted < MAX);
                c[accepted].fd = fd;
                c[accepted++].len = 0;
            }
            CHECK(errno == EAGAIN);
        }
        for (int i = 0; i < n - 1; i++) {
            short rev = p[i + 1].revents;
            if (c[i].fd < 0 || rev == 0)
                continue;
            if (c[i].len) {
                ssize_t w = send(c[i].fd, c[i].buf, c[i].len, 0);
                if (w < 0) {
                    CHECK(errno == EAGAIN);
                    continue;
                }
                memmove(c[i].buf, c[i].buf + w, c[i].len - (size_t)w);
                c[i].len -= (size_t)w;
                continue;
            }
            ssize_t r = recv(c[i].fd, c[i].buf, sizeof c[i].buf, 0);
            if (r < 0) {
                CHECK(errno == EAGAIN);
            } else if (r == 0) {
                CHECK(close(c[i].fd) == 0);
                c[i].fd = -1;
                served++;
            } else {
                c[i].len = (size_t)r;
                bytes += (size_t)r;
            }
        }
    }
    CHECK(close(l) == 0);
    printf("served %d connections, echoed %zu bytes, %s\n", served, bytes,
           most > 1 ? "several at once" : "one at a time");
    return 0;
}
