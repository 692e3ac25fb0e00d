/* 64 non-blocking connections to a host peer (argv[2] = port) through one poll loop in
 * which every socket always asks for POLLOUT as well as POLLIN. The peer sends a one-byte
 * role first: 'E' echoes, 'R' resets after reading, 'S' never reads. Echo connections
 * must get back all they sent; reset ones must end with an error or EOF; stalled ones are
 * filled until sends stop, then closed, and close must return at once. The whole loop
 * has a deadline, so a starving or hanging poll fails instead of hanging. */
#include "net_util.h"

#include <fcntl.h>
#include <poll.h>

#define CONNS 64
#define QUOTA (32 * 1024)

struct conn {
    int fd;
    char role;
    long sent, got;
    double idle_since;
    int done;
};

int main(int argc, char **argv) {
    CHECK(argc >= 3);
    int port = atoi(argv[2]);
    static struct conn c[CONNS];
    struct sockaddr_storage ss;
    socklen_t len = loopback(AF_INET, port, &ss);
    for (int i = 0; i < CONNS; i++) {
        c[i].fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        CHECK(c[i].fd >= 0);
        int r = connect(c[i].fd, (struct sockaddr *)&ss, len);
        CHECK(r == 0 || errno == EINPROGRESS);
    }
    static char buf[16384];
    for (size_t k = 0; k < sizeof buf; k++)
        buf[k] = (char)(k * 7);
    int echoed = 0, reset = 0, stalled = 0, left = CONNS;
    double start = now_ms(), slowest_close = 0;
    while (left > 0) {
        CHECK(now_ms() - start < 60000);
        struct pollfd p[CONNS];
        for (int i = 0; i < CONNS; i++)
            p[i] = (struct pollfd){c[i].done ? -1 : c[i].fd, POLLIN | POLLOUT, 0};
        CHECK(poll(p, CONNS, 100) >= 0);
        for (int i = 0; i < CONNS; i++) {
            struct conn *k = &c[i];
            if (k->done)
                continue;
            if (k->role == 'S' && k->idle_since > 0 && now_ms() - k->idle_since > 300) {
                /* The peer stopped reading: sends have not moved for 300 ms. */
                double t = now_ms();
                CHECK_EQ(close(k->fd), 0);
                double took = now_ms() - t;
                if (took > slowest_close)
                    slowest_close = took;
                k->done = 1;
                stalled++;
                left--;
                continue;
            }
            if (p[i].revents == 0)
                continue;
            int ended = 0;
            if (p[i].revents & (POLLIN | POLLHUP | POLLERR)) {
                ssize_t n = recv(k->fd, buf, sizeof buf, 0);
                if (n > 0) {
                    if (k->role == 0) {
                        k->role = buf[0];
                        n--;
                    }
                    k->got += n;
                } else if (n == 0 || errno != EAGAIN) {
                    ended = 1;
                }
            }
            if (!ended && k->role != 0 && (p[i].revents & POLLOUT) &&
                (k->role == 'S' || k->sent < QUOTA)) {
                size_t want = k->role == 'S' ? sizeof buf : (size_t)(QUOTA - k->sent);
                if (want > sizeof buf)
                    want = sizeof buf;
                ssize_t n = send(k->fd, buf, want, MSG_NOSIGNAL);
                if (n > 0) {
                    k->sent += n;
                    k->idle_since = now_ms();
                } else if (errno != EAGAIN) {
                    ended = 1;
                }
            }
            if (k->role == 'E' && k->got == QUOTA) {
                close(k->fd);
                k->done = 1;
                echoed++;
                left--;
            } else if (ended) {
                CHECK(k->role == 'R');
                close(k->fd);
                k->done = 1;
                reset++;
                left--;
            }
        }
    }
    CHECK(slowest_close < 500);
    printf("%d connections: %d echoed %d bytes, %d reset, %d stalled and closed at once\n",
           CONNS, echoed, QUOTA, reset, stalled);
    return 0;
}
