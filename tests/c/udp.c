/* UDP round trips on loopback (argv[2] = "4" or "6"): unconnected sendto/recvfrom with
 * the sender's address, connected send/recv, MSG_PEEK, truncation (MSG_TRUNC), scatter-
 * gather sendmsg, non-blocking EAGAIN and poll readiness, and the datagram errors. */
#include "net_util.h"

#include <poll.h>
#include <sys/uio.h>

int main(int argc, char **argv) {
    CHECK(argc == 3);
    int fam = argv[2][0] == '6' ? AF_INET6 : AF_INET;
    int pa, pb;
    int a = bound(fam, SOCK_DGRAM, 0, &pa);
    int b = bound(fam, SOCK_DGRAM, 0, &pb);
    struct sockaddr_storage sa, sb, from;
    socklen_t la = loopback(fam, pa, &sa), lb = loopback(fam, pb, &sb), lf;
    char buf[256];

    CHECK_EQ(sendto(b, "ping", 4, 0, (struct sockaddr *)&sa, la), 4);
    lf = sizeof from;
    CHECK_EQ(recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&from, &lf), 4);
    CHECK_EQ(port_of(&from), pb);
    CHECK_EQ(sendto(a, "pong", 4, 0, (struct sockaddr *)&from, lf), 4);
    CHECK_EQ(recv(b, buf, sizeof buf, 0), 4);
    printf("unconnected: ping/pong, sender port reported\n");

    CHECK(send(b, "x", 1, 0) == -1 && errno == EDESTADDRREQ);
    CHECK(connect(b, (struct sockaddr *)&sa, la) == 0);
    CHECK(connect(a, (struct sockaddr *)&sb, lb) == 0);
    struct sockaddr_storage peer;
    socklen_t lp = sizeof peer;
    CHECK(getpeername(b, (struct sockaddr *)&peer, &lp) == 0);
    CHECK_EQ(port_of(&peer), pa);
    CHECK_EQ(send(b, "conn", 4, 0), 4);
    CHECK_EQ(read(a, buf, sizeof buf), 4);
    CHECK_EQ(write(a, "back", 4), 4);
    CHECK_EQ(recv(b, buf, sizeof buf, 0), 4);
    printf("connected: send/recv and read/write\n");

    CHECK_EQ(send(b, "peekme", 6, 0), 6);
    memset(buf, 0, sizeof buf);
    CHECK_EQ(recv(a, buf, sizeof buf, MSG_PEEK), 6);
    CHECK_EQ(recv(a, buf, sizeof buf, 0), 6);
    printf("peek then read: %s\n", buf);

    char big[100];
    memset(big, 'z', sizeof big);
    CHECK_EQ(send(b, big, sizeof big, 0), 100);
    struct iovec iv = {buf, 10};
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = &iv;
    m.msg_iovlen = 1;
    CHECK_EQ(recvmsg(a, &m, 0), 10);
    printf("truncated: MSG_TRUNC %s\n", (m.msg_flags & MSG_TRUNC) ? "set" : "missing");

    struct iovec parts[3] = {{"sca", 3}, {"tter", 4}, {"-gather", 7}};
    memset(&m, 0, sizeof m);
    m.msg_iov = parts;
    m.msg_iovlen = 3;
    CHECK_EQ(sendmsg(b, &m, 0), 14);
    memset(buf, 0, sizeof buf);
    CHECK_EQ(recv(a, buf, sizeof buf, 0), 14);
    printf("one datagram: %s\n", buf);

    CHECK(recv(a, buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN);
    struct pollfd p = {a, POLLIN, 0};
    CHECK_EQ(poll(&p, 1, 50), 0);
    CHECK_EQ(send(b, "late", 4, 0), 4);
    CHECK_EQ(poll(&p, 1, 5000), 1);
    CHECK(p.revents & POLLIN);
    CHECK_EQ(recv(a, buf, sizeof buf, MSG_DONTWAIT), 4);
    printf("non-blocking: EAGAIN, poll timeout, then POLLIN\n");

    static char huge[65508];
    CHECK_EQ(send(b, huge, 65507, 0), 65507);
    CHECK_EQ(recv(a, huge, sizeof huge, 0), 65507);
    CHECK(send(b, huge, 65508, 0) == -1 && errno == EMSGSIZE);
    int pc;
    int c = bound(fam, SOCK_DGRAM, 0, &pc);
    struct sockaddr_storage sc;
    socklen_t lc = loopback(fam, pc, &sc);
    CHECK(sendto(b, "x", 1, 0, (struct sockaddr *)&sc, lc) == -1 && errno == EISCONN);
    struct sockaddr unspec = {0};
    unspec.sa_family = AF_UNSPEC;
    CHECK(connect(b, &unspec, sizeof unspec) == 0);
    lp = sizeof peer;
    CHECK(getpeername(b, (struct sockaddr *)&peer, &lp) == -1 && errno == ENOTCONN);
    CHECK(listen(a, 1) == -1 && errno == EOPNOTSUPP);
    printf("errors: EMSGSIZE, EISCONN, ENOTCONN after AF_UNSPEC, EOPNOTSUPP\n");
    CHECK(close(a) == 0 && close(b) == 0 && close(c) == 0);
    return 0;
}
