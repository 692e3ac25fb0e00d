/* Socket errors servers rely on, each provoked on purpose on loopback. */
#include "net_util.h"

#include <fcntl.h>
#include <netinet/tcp.h>
#include <netdb.h>
#include <poll.h>

static int connected_pair(int *srv, int *l_out) {
    int port;
    int l = bound(AF_INET, SOCK_STREAM, 0, &port);
    CHECK(listen(l, 4) == 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_storage ss;
    socklen_t len = loopback(AF_INET, port, &ss);
    CHECK(connect(c, (struct sockaddr *)&ss, len) == 0);
    *srv = accept(l, NULL, NULL);
    CHECK(*srv >= 0);
    *l_out = l;
    return c;
}

int main(int argc, char **argv) {
    set_work_dir(argc, argv);
    CHECK(argc == 3);
    struct sockaddr_storage ss;
    socklen_t len;
    char buf[4096];

    /* ECONNREFUSED: nothing listens on a port we just released. */
    int port;
    int t = bound(AF_INET, SOCK_STREAM, 0, &port);
    CHECK(close(t) == 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    len = loopback(AF_INET, port, &ss);
    CHECK_ERRNO(connect(c, (struct sockaddr *)&ss, len), ECONNREFUSED);
    close(c);
    /* ... and non-blocking: EINPROGRESS, then POLLERR/POLLOUT and SO_ERROR. */
    c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r = connect(c, (struct sockaddr *)&ss, len);
    int e0 = errno;
    if (r == -1 && e0 == EINPROGRESS) {
        CHECK_ERRNO(connect(c, (struct sockaddr *)&ss, len), EALREADY);
        struct pollfd p = {c, POLLOUT, 0};
        CHECK_EQ(poll(&p, 1, 5000), 1);
        int err = 0;
        socklen_t el = sizeof err;
        CHECK(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &el) == 0);
        CHECK_EQ(err, ECONNREFUSED);
        printf("ECONNREFUSED (blocking, and non-blocking: EINPROGRESS, EALREADY, SO_ERROR)\n");
    } else {
        /* The refusal came back before connect returned. */
        CHECK(r == -1 && e0 == ECONNREFUSED);
        printf("ECONNREFUSED (blocking, and non-blocking: EINPROGRESS, EALREADY, SO_ERROR)\n");
    }
    close(c);

    /* EADDRINUSE, EADDRNOTAVAIL, EAFNOSUPPORT. */
    int l = bound(AF_INET, SOCK_STREAM, 0, &port);
    CHECK(listen(l, 1) == 0);
    t = socket(AF_INET, SOCK_STREAM, 0);
    len = loopback(AF_INET, port, &ss);
    CHECK_ERRNO(bind(t, (struct sockaddr *)&ss, len), EADDRINUSE);
    close(t);
    close(l);
    t = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in far;
    memset(&far, 0, sizeof far);
    far.sin_family = AF_INET;
    far.sin_addr.s_addr = htonl(0xC0000201); /* 192.0.2.1, TEST-NET-1: not ours */
    CHECK_ERRNO(bind(t, (struct sockaddr *)&far, sizeof far), EADDRNOTAVAIL);
    len = loopback(AF_INET6, 0, &ss);
    CHECK_ERRNO(bind(t, (struct sockaddr *)&ss, len), EAFNOSUPPORT);
    CHECK_ERRNO(socket(AF_UNIX, SOCK_STREAM, 0), EAFNOSUPPORT);
    printf("EADDRINUSE, EADDRNOTAVAIL, EAFNOSUPPORT\n");

    /* ENOTCONN, EOPNOTSUPP-like misuse, EINVAL. */
    CHECK_ERRNO(recv(t, buf, 1, 0), ENOTCONN);
    CHECK_ERRNO(send(t, "x", 1, 0), ENOTCONN);
    CHECK_ERRNO(shutdown(t, SHUT_RD), ENOTCONN);
    len = sizeof ss;
    CHECK_ERRNO(getpeername(t, (struct sockaddr *)&ss, &len), ENOTCONN);
    CHECK_ERRNO(accept(t, NULL, NULL), EINVAL);
    close(t);
    printf("ENOTCONN, EINVAL for accept without listen\n");

    /* EISCONN; hang-up as EOF and POLLHUP; EPIPE after the peer closed. */
    int s;
    c = connected_pair(&s, &l);
    len = sizeof ss;
    CHECK(getpeername(c, (struct sockaddr *)&ss, &len) == 0);
    CHECK_ERRNO(connect(c, (struct sockaddr *)&ss, len), EISCONN);
    CHECK(close(s) == 0);
    struct pollfd p = {c, POLLIN, 0};
    CHECK_EQ(poll(&p, 1, 5000), 1);
    CHECK(p.revents & (POLLIN | POLLHUP));
    CHECK_EQ(recv(c, buf, sizeof buf, 0), 0);
    int e = 0;
    for (int i = 0; i < 200 && e == 0; i++) {
        if (send(c, buf, sizeof buf, MSG_NOSIGNAL) < 0)
            e = errno;
        else
            usleep(2000);
    }
    printf("EISCONN, peer close: EOF and POLLHUP, then %s on write\n", errno_name(e));
    close(c);
    close(l);

    /* ECONNRESET: the host peer (argv[2]) resets the connection when it gets a byte. */
    c = socket(AF_INET, SOCK_STREAM, 0);
    len = loopback(AF_INET, atoi(argv[2]), &ss);
    CHECK(connect(c, (struct sockaddr *)&ss, len) == 0);
    send_all(c, "r", 1);
    CHECK_ERRNO(recv(c, buf, sizeof buf, 0), ECONNRESET);
    e = 0;
    for (int i = 0; i < 100 && e == 0; i++)
        if (send(c, buf, sizeof buf, MSG_NOSIGNAL) < 0)
            e = errno;
    printf("peer reset: ECONNRESET on read, %s on write\n", errno_name(e));
    close(c);

    /* ENOTSOCK for socket calls on a file; EBADF for a closed descriptor. */
    int f = open(P("file"), O_CREAT | O_RDWR, 0644);
    CHECK(f >= 0);
    CHECK_ERRNO(accept(f, NULL, NULL), ENOTSOCK);
    CHECK_ERRNO(recv(f, buf, 1, 0), ENOTSOCK);
    CHECK_ERRNO(send(f, "x", 1, 0), ENOTSOCK);
    CHECK_ERRNO(listen(f, 1), ENOTSOCK);
    CHECK_ERRNO(shutdown(f, SHUT_RDWR), ENOTSOCK);
    int v = 1;
    CHECK_ERRNO(setsockopt(f, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v), ENOTSOCK);
    close(f);
    CHECK_ERRNO(listen(f, 1), EBADF);
    printf("ENOTSOCK on a file, EBADF after close\n");

    /* Options: the ones WASIp3 backs and the ones the engine keeps. */
    c = socket(AF_INET, SOCK_STREAM, 0);
    socklen_t vl = sizeof v;
    v = 1;
    CHECK(setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v) == 0);
    CHECK(getsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &v, &vl) == 0 && v == 1);
    v = 30;
    CHECK(setsockopt(c, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof v) == 0);
    CHECK(getsockopt(c, IPPROTO_TCP, TCP_KEEPIDLE, &v, &vl) == 0 && v == 30);
    v = 5;
    CHECK(setsockopt(c, IPPROTO_TCP, TCP_KEEPINTVL, &v, sizeof v) == 0);
    CHECK(getsockopt(c, IPPROTO_TCP, TCP_KEEPINTVL, &v, &vl) == 0 && v == 5);
    v = 4;
    CHECK(setsockopt(c, IPPROTO_TCP, TCP_KEEPCNT, &v, sizeof v) == 0);
    CHECK(getsockopt(c, IPPROTO_TCP, TCP_KEEPCNT, &v, &vl) == 0 && v == 4);
    v = 1;
    CHECK(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v) == 0);
    CHECK(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &vl) == 0 && v == 1);
    v = 33;
    CHECK(setsockopt(c, IPPROTO_IP, IP_TTL, &v, sizeof v) == 0);
    CHECK(getsockopt(c, IPPROTO_IP, IP_TTL, &v, &vl) == 0 && v == 33);
    v = 65536;
    CHECK(setsockopt(c, SOL_SOCKET, SO_RCVBUF, &v, sizeof v) == 0);
    CHECK(getsockopt(c, SOL_SOCKET, SO_RCVBUF, &v, &vl) == 0 && v >= 65536);
    CHECK(setsockopt(c, SOL_SOCKET, SO_SNDBUF, &v, sizeof v) == 0);
    CHECK(getsockopt(c, SOL_SOCKET, SO_SNDBUF, &v, &vl) == 0 && v >= 65536);
    CHECK(setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v) == 0);
    CHECK(getsockopt(c, SOL_SOCKET, SO_REUSEADDR, &v, &vl) == 0 && v == 1);
    CHECK(getsockopt(c, SOL_SOCKET, SO_TYPE, &v, &vl) == 0 && v == SOCK_STREAM);
    CHECK(getsockopt(c, SOL_SOCKET, SO_DOMAIN, &v, &vl) == 0 && v == AF_INET);
    CHECK(getsockopt(c, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl) == 0 && v == 0);
    CHECK(listen(c, 8) == 0);
    CHECK(getsockopt(c, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl) == 0 && v == 1);
    CHECK_ERRNO(getsockopt(c, SOL_SOCKET, 12345, &v, &vl), ENOPROTOOPT);
    close(c);
    c = socket(AF_INET6, SOCK_DGRAM, 0);
    CHECK(getsockopt(c, IPPROTO_IPV6, IPV6_V6ONLY, &v, &vl) == 0 && v == 1);
    v = 7;
    CHECK(setsockopt(c, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &v, sizeof v) == 0);
    CHECK(getsockopt(c, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &v, &vl) == 0 && v == 7);
    close(c);
    printf("options: keepalive, keepidle/intvl/cnt, nodelay, ttl, buffers, reuseaddr, type, domain, acceptconn, v6only, hops\n");
    return 0;
}
