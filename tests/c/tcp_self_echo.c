/* A TCP echo server and its clients in one program, all non-blocking, driven by one
 * poll loop: accept, partial reads and writes, EAGAIN, POLLHUP/EOF and close, over
 * 127.0.0.1 and ::1. Prints one summary line per address family. */
#include "check.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#define CLIENTS 8
#define BYTES (256 * 1024)

struct conn {
    int fd;
    unsigned char buf[4096];
    size_t len;     /* bytes buffered for echo (server side) */
    size_t sent;    /* client: bytes sent */
    size_t got;     /* client: bytes received back */
    unsigned sum;   /* client: checksum of what came back */
    int eof;
};

static unsigned char pattern(size_t i, int c) { return (unsigned char)(i * 7 + c * 13 + (i >> 9)); }

static int listener(int family, struct sockaddr_storage *ss, socklen_t *len) {
    int l = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK(l >= 0);
    int one = 1;
    CHECK(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
    memset(ss, 0, sizeof *ss);
    if (family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        *len = sizeof *in;
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_addr = in6addr_loopback;
        *len = sizeof *in6;
    }
    CHECK(bind(l, (struct sockaddr *)ss, *len) == 0);
    CHECK(listen(l, 16) == 0);
    *len = sizeof *ss;
    CHECK(getsockname(l, (struct sockaddr *)ss, len) == 0);
    return l;
}

static void run(int family, const char *name) {
    struct sockaddr_storage ss;
    socklen_t sslen;
    int l = listener(family, &ss, &sslen);
    CHECK(accept(l, NULL, NULL) == -1 && errno == EAGAIN);

    static struct conn cl[CLIENTS], sv[CLIENTS];
    int nsv = 0, inprogress = 0;
    memset(cl, 0, sizeof cl);
    memset(sv, 0, sizeof sv);
    for (int i = 0; i < CLIENTS; i++) {
        cl[i].fd = socket(family, SOCK_STREAM, 0);
        CHECK(cl[i].fd >= 0);
        CHECK(fcntl(cl[i].fd, F_SETFL, fcntl(cl[i].fd, F_GETFL) | O_NONBLOCK) == 0);
        int r = connect(cl[i].fd, (struct sockaddr *)&ss, sslen);
        if (r == -1) {
            CHECK(errno == EINPROGRESS);
            inprogress++;
        }
        cl[i].sum = FNV1A_INIT;
    }
    int done = 0, rounds = 0;
    while (done < CLIENTS) {
        struct pollfd p[1 + 2 * CLIENTS];
        int n = 0;
        p[n++] = (struct pollfd){l, POLLIN, 0};
        for (int i = 0; i < CLIENTS; i++) {
            short ev = POLLIN;
            if (cl[i].sent < BYTES)
                ev |= POLLOUT;
            p[n++] = (struct pollfd){cl[i].eof ? -1 : cl[i].fd, ev, 0};
        }
        for (int i = 0; i < nsv; i++) {
            short ev = sv[i].len > 0 ? POLLOUT : POLLIN;
            p[n++] = (struct pollfd){sv[i].fd, ev, 0};
        }
        int r = poll(p, n, 10000);
        CHECK(r > 0);
        rounds++;
        if (p[0].revents & POLLIN) {
            for (;;) {
                struct sockaddr_storage peer;
                socklen_t plen = sizeof peer;
                int fd = accept4(l, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK);
                if (fd < 0) {
                    CHECK(errno == EAGAIN);
                    break;
                }
                CHECK(nsv < CLIENTS);
                CHECK(peer.ss_family == family);
                sv[nsv].fd = fd;
                nsv++;
            }
        }
        for (int i = 0; i < CLIENTS; i++) {
            short rev = p[1 + i].revents;
            struct conn *c = &cl[i];
            if (rev & POLLOUT) {
                int err = -1;
                socklen_t elen = sizeof err;
                CHECK(getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &elen) == 0);
                CHECK_EQ(err, 0);
                unsigned char out[3000];
                size_t want = BYTES - c->sent < sizeof out ? BYTES - c->sent : sizeof out;
                for (size_t k = 0; k < want; k++)
                    out[k] = pattern(c->sent + k, i);
                ssize_t w = send(c->fd, out, want, MSG_NOSIGNAL);
                if (w < 0)
                    CHECK(errno == EAGAIN);
                else
                    c->sent += (size_t)w;
                if (c->sent == BYTES)
                    CHECK(shutdown(c->fd, SHUT_WR) == 0);
            }
            if (rev & (POLLIN | POLLHUP)) {
                unsigned char in[5000];
                ssize_t g = recv(c->fd, in, sizeof in, 0);
                if (g < 0) {
                    CHECK(errno == EAGAIN);
                } else if (g == 0) {
                    c->eof = 1;
                    done++;
                } else {
                    for (ssize_t k = 0; k < g; k++)
                        CHECK_EQ(in[k], pattern(c->got + (size_t)k, i));
                    c->sum = fnv1a(c->sum, in, (size_t)g);
                    c->got += (size_t)g;
                }
            }
        }
        for (int i = 0; i < nsv; i++) {
            short rev = p[1 + CLIENTS + i].revents;
            struct conn *s = &sv[i];
            if (s->fd < 0)
                continue;
            if ((rev & POLLOUT) && s->len > 0) {
                ssize_t w = write(s->fd, s->buf, s->len);
                if (w < 0) {
                    CHECK(errno == EAGAIN);
                } else {
                    memmove(s->buf, s->buf + w, s->len - (size_t)w);
                    s->len -= (size_t)w;
                }
                if (s->len == 0 && s->eof) {
                    CHECK(close(s->fd) == 0);
                    s->fd = -1;
                }
            } else if (rev & (POLLIN | POLLHUP)) {
                ssize_t g = read(s->fd, s->buf, sizeof s->buf);
                if (g < 0) {
                    CHECK(errno == EAGAIN);
                } else if (g == 0) {
                    s->eof = 1;
                    CHECK(close(s->fd) == 0);
                    s->fd = -1;
                } else {
                    s->len = (size_t)g;
                }
            }
        }
    }
    for (int i = 0; i < CLIENTS; i++) {
        CHECK_EQ(cl[i].got, BYTES);
        CHECK(close(cl[i].fd) == 0);
    }
    CHECK(close(l) == 0);
    printf("%s: %d clients echoed %d bytes each, accepted %d\n", name,
           CLIENTS, BYTES, nsv);
    (void)inprogress;
    (void)rounds;
}

int main(void) {
    run(AF_INET, "ipv4");
    run(AF_INET6, "ipv6");
    return 0;
}
