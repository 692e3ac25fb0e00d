/* A blocking TCP client against an echo peer on the host (argv[2] = port, argv[3] = "4" or
 * "6"): connect, addresses, send/recv, MSG_PEEK, sendmsg/recvmsg scatter-gather,
 * MSG_WAITALL, SO_RCVTIMEO, MSG_DONTWAIT, shutdown and the peer's hang-up. */
#include "net_util.h"

#include <poll.h>
#include <sys/time.h>
#include <sys/uio.h>

int main(int argc, char **argv) {
    CHECK(argc == 4);
    int port = atoi(argv[2]);
    int family = argv[3][0] == '6' ? AF_INET6 : AF_INET;
    int s = socket(family, SOCK_STREAM, 0);
    CHECK(s >= 0);
    struct sockaddr_storage ss;
    socklen_t len = loopback(family, port, &ss);
    CHECK(connect(s, (struct sockaddr *)&ss, len) == 0);

    struct sockaddr_storage peer, local;
    socklen_t plen = sizeof peer, llen = sizeof local;
    CHECK(getpeername(s, (struct sockaddr *)&peer, &plen) == 0);
    CHECK(getsockname(s, (struct sockaddr *)&local, &llen) == 0);
    CHECK_EQ(port_of(&peer), port);
    CHECK_EQ(peer.ss_family, family);
    CHECK(port_of(&local) != 0);
    printf("connected: peer port matches, local port assigned\n");

    send_all(s, "hello", 5);
    char buf[64] = {0};
    ssize_t n = recv(s, buf, 5, MSG_PEEK | MSG_WAITALL);
    CHECK(n > 0);
    n = recv(s, buf, 5, MSG_WAITALL);
    CHECK_EQ(n, 5);
    printf("peeked then read: %.5s\n", buf);

    struct iovec out[3] = {{"abc", 3}, {"defg", 4}, {"hi", 2}};
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = out;
    m.msg_iovlen = 3;
    CHECK_EQ(sendmsg(s, &m, 0), 9);
    char a[4], b[5];
    struct iovec in[2] = {{a, 4}, {b, 5}};
    memset(&m, 0, sizeof m);
    m.msg_iov = in;
    m.msg_iovlen = 2;
    CHECK_EQ(recvmsg(s, &m, MSG_WAITALL), 9);
    printf("scatter-gather: %.4s|%.5s\n", a, b);

    CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN);
    struct timeval tv = {0, 200000};
    CHECK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);
    struct timeval got;
    socklen_t glen = sizeof got;
    CHECK(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &got, &glen) == 0);
    CHECK_EQ(got.tv_usec, 200000);
    double t0 = now_ms();
    CHECK(recv(s, buf, sizeof buf, 0) == -1 && errno == EAGAIN);
    double waited = now_ms() - t0;
    printf("SO_RCVTIMEO 200 ms: EAGAIN after %s\n",
           waited >= 150 && waited < 5000 ? "about 200 ms" : "a wrong time");

    /* After our FIN the peer echoes what is left and closes: EOF, then POLLHUP. */
    send_all(s, "bye", 3);
    CHECK(shutdown(s, SHUT_WR) == 0);
    CHECK(send(s, "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
    size_t total = 0;
    while ((n = recv(s, buf + total, sizeof buf - total, 0)) > 0)
        total += (size_t)n;
    CHECK_EQ(n, 0);
    printf("after shutdown: read %.*s then EOF\n", (int)total, buf);
    struct pollfd p = {s, POLLIN, 0};
    CHECK_EQ(poll(&p, 1, 1000), 1);
    printf("poll at EOF: %s%s\n", (p.revents & POLLIN) ? "POLLIN " : "",
           (p.revents & POLLHUP) ? "POLLHUP" : "");
    CHECK(close(s) == 0);
    return 0;
}
