/* Helpers for the socket test programs: loopback addresses and whole-buffer I/O. */
#ifndef P3SHIM_TEST_NET_UTIL_H
#define P3SHIM_TEST_NET_UTIL_H
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The loopback address of `family` (AF_INET or AF_INET6) with `port`. */
static inline socklen_t loopback(int family, int port, struct sockaddr_storage *ss) {
    memset(ss, 0, sizeof *ss);
    if (family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        in->sin_family = AF_INET;
        in->sin_port = htons((unsigned short)port);
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return sizeof *in;
    }
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons((unsigned short)port);
    in6->sin6_addr = in6addr_loopback;
    return sizeof *in6;
}

static inline int port_of(const struct sockaddr_storage *ss) {
    if (ss->ss_family == AF_INET)
        return ntohs(((const struct sockaddr_in *)ss)->sin_port);
    return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
}

/* A bound socket on loopback (port 0 = any) and its port. */
static inline int bound(int family, int type, int port, int *out_port) {
    int s = socket(family, type, 0);
    CHECK(s >= 0);
    struct sockaddr_storage ss;
    socklen_t len = loopback(family, port, &ss);
    CHECK(bind(s, (struct sockaddr *)&ss, len) == 0);
    len = sizeof ss;
    CHECK(getsockname(s, (struct sockaddr *)&ss, &len) == 0);
    if (out_port)
        *out_port = port_of(&ss);
    return s;
}

/* A connected TCP pair on IPv4 loopback: `*cl` from connect, `*sv` from accept. */
static inline void tcp_pair(int *cl, int *sv) {
    int port;
    int l = bound(AF_INET, SOCK_STREAM, 0, &port);
    CHECK(listen(l, 4) == 0);
    struct sockaddr_storage ss;
    socklen_t len = loopback(AF_INET, port, &ss);
    *cl = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(*cl >= 0);
    CHECK(connect(*cl, (struct sockaddr *)&ss, len) == 0);
    *sv = accept(l, NULL, NULL);
    CHECK(*sv >= 0);
    CHECK(close(l) == 0);
}

static inline void send_all(int fd, const void *buf, size_t len) {
    const char *p = buf;
    while (len > 0) {
        ssize_t n = send(fd, p, len, 0);
        CHECK(n > 0);
        p += n;
        len -= (size_t)n;
    }
}

static inline double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
#endif
