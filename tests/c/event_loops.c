/* Event loops that must never hang, and socket edge cases, one case per run:
 *   event_loops DIR CASE [ARG]
 * Each case prints one line the Rust test compares; a failed CHECK exits with status 1.
 * Builds natively with gcc too, so every expectation can be checked against Linux. */
#include "net_util.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __wasi__
#include <wasi/api.h>
#endif

/* Sends non-blocking until the peer's buffers are full; the bytes sent. */
static long fill(int fd) {
    CHECK(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0);
    static char chunk[16384];
    long total = 0;
    double idle_since = now_ms();
    /* EAGAIN for 200 ms in a row: whoever takes the bytes has stopped. */
    while (now_ms() - idle_since < 200) {
        ssize_t n = send(fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            total += n;
            idle_since = now_ms();
        } else {
            CHECK(errno == EAGAIN);
            struct pollfd p = {fd, POLLOUT, 0};
            poll(&p, 1, 20);
        }
    }
    return total;
}

/* A listener with a connection waiting: a poll entry with no events still waits. */
static void poll_no_events(void) {
    int port;
    int l = bound(AF_INET, SOCK_STREAM, 0, &port);
    CHECK(listen(l, 4) == 0);
    struct sockaddr_storage ss;
    socklen_t len = loopback(AF_INET, port, &ss);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(connect(c, (struct sockaddr *)&ss, len) == 0);
    struct pollfd p = {l, POLLIN, 0};
    CHECK_EQ(poll(&p, 1, 1000), 1); /* the connection is there */
    p.events = 0;
    double t = now_ms();
    CHECK_EQ(poll(&p, 1, 300), 0);
    double waited = now_ms() - t;
    CHECK_EQ(p.revents, 0);
    CHECK(waited >= 250);
    /* Next to a readable socket, the entry is simply not reported. */
    CHECK_EQ(send(c, "x", 1, 0), 1);
    int a = accept(l, NULL, NULL);
    CHECK(a >= 0);
    int c2 = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(connect(c2, (struct sockaddr *)&ss, len) == 0);
    struct pollfd two[2] = {{l, 0, 0}, {a, POLLIN, 0}};
    CHECK_EQ(poll(two, 2, 1000), 1);
    CHECK_EQ(two[0].revents, 0);
    CHECK_EQ(two[1].revents, POLLIN);
    printf("events=0: waited the full timeout, reported nothing\n");
}

/* One descriptor always ready (stdout's POLLOUT), another waiting on the host. */
static void fair_tcp(void) {
    int cl, sv;
    tcp_pair(&cl, &sv);
    CHECK(fcntl(cl, F_SETFL, O_NONBLOCK) == 0);
    CHECK(fcntl(sv, F_SETFL, O_NONBLOCK) == 0);
    long calls = 0;
    double t = now_ms();
    for (;;) {
        struct pollfd p[2] = {{sv, POLLOUT, 0}, {cl, POLLIN, 0}};
        CHECK(poll(p, 2, -1) >= 1);
        calls++;
        /* Sent only once the read is waiting: the host must run to deliver it. */
        if (calls == 1)
            CHECK_EQ(send(sv, "hello", 5, 0), 5);
        if (p[1].revents & POLLIN)
            break;
        /* Without fairness the read never shows (3 million polls in 3 s were measured);
         * the bound is time, not a count, so a loaded machine does not fail it. */
        CHECK(now_ms() - t < 10000);
    }
    char buf[8];
    CHECK_EQ(recv(cl, buf, sizeof buf, 0), 5);
    printf("tcp: read seen next to an always-writable socket\n");
}

static void fair_stdin(void) {
    double t = now_ms();
    long calls = 0;
    for (;;) {
        struct pollfd p[2] = {{1, POLLOUT, 0}, {0, POLLIN, 0}};
        CHECK(poll(p, 2, -1) >= 1);
        calls++;
        if (p[1].revents & (POLLIN | POLLHUP))
            break;
        CHECK(now_ms() - t < 20000);
    }
    char buf[16];
    CHECK_EQ(read(0, buf, sizeof buf), 3);
    printf("stdin: data seen next to an always-writable stdout\n");
}

#ifdef __wasi__
/* An absolute clock deadline is reported next to an always-ready descriptor. */
static void fair_timer(void) {
    __wasi_timestamp_t now;
    CHECK_EQ(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &now), 0);
    __wasi_subscription_t s[2];
    memset(s, 0, sizeof s);
    s[0].userdata = 1;
    s[0].u.tag = __WASI_EVENTTYPE_FD_WRITE;
    s[0].u.u.fd_write.file_descriptor = 1;
    s[1].userdata = 2;
    s[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[1].u.u.clock.timeout = now + 100000000; /* 100 ms */
    s[1].u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
    double t = now_ms();
    for (;;) {
        __wasi_event_t ev[2];
        __wasi_size_t n = 0;
        CHECK_EQ(__wasi_poll_oneoff(s, ev, 2, &n), 0);
        int clock = 0;
        for (__wasi_size_t i = 0; i < n; i++)
            clock |= ev[i].userdata == 2;
        if (clock)
            break;
        CHECK(now_ms() - t < 20000);
    }
    CHECK(now_ms() - t >= 90);
    printf("timer: deadline reported next to an always-writable stdout\n");
}
#else
static void fair_timer(void) { printf("timer: deadline reported next to an always-writable stdout\n"); }
#endif

/* close() with unsent data returns at once; the bytes still arrive. */
static void close_unsent(void) {
    int cl, sv;
    tcp_pair(&cl, &sv);
    long sent = fill(cl);
    double t = now_ms();
    CHECK_EQ(close(cl), 0);
    double took = now_ms() - t;
    CHECK(took < 500);
    static char buf[65536];
    long got = 0;
    ssize_t n;
    while ((n = recv(sv, buf, sizeof buf, 0)) > 0)
        got += n;
    CHECK_EQ(n, 0);
    CHECK_EQ(got, sent);
    printf("close with unsent data: prompt; every byte arrived, then EOF\n");
}

/* SO_LINGER: {1, 0} discards unsent data at once; {1, N} waits up to N seconds. */
static void so_linger(void) {
    int cl, sv;
    tcp_pair(&cl, &sv);
    struct linger lg = {1, 0}, back;
    socklen_t len = sizeof back;
    CHECK(setsockopt(cl, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) == 0);
    CHECK(getsockopt(cl, SOL_SOCKET, SO_LINGER, &back, &len) == 0);
    CHECK(back.l_onoff != 0 && back.l_linger == 0);
    fill(cl);
    double t = now_ms();
    CHECK_EQ(close(cl), 0);
    CHECK(now_ms() - t < 500);
    close(sv);

    tcp_pair(&cl, &sv);
    lg.l_linger = 1;
    CHECK(setsockopt(cl, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) == 0);
    fill(cl);
    t = now_ms();
    close(cl);
    double took = now_ms() - t;
    CHECK(took >= 900 && took < 3000);
    close(sv);
    printf("SO_LINGER: 0 s closes at once, 1 s waits about a second for a peer not reading\n");
}

/* Exit with unsent data to a host peer (ARG = port) that reads only if it wants to. */
static void exit_unsent(int port) {
    struct sockaddr_storage ss;
    socklen_t len = loopback(AF_INET, port, &ss);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(connect(c, (struct sockaddr *)&ss, len) == 0);
    long sent = fill(c);
    printf("sent %ld\n", sent);
    fflush(stdout);
    /* No close: exit must deliver what it can, and not wait forever. */
}

static void getsockname_connecting(void) {
    int port;
    int l = bound(AF_INET, SOCK_STREAM, 0, &port);
    CHECK(listen(l, 4) == 0);
    struct sockaddr_storage ss, mine, theirs;
    socklen_t len = loopback(AF_INET, port, &ss);
    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r = connect(c, (struct sockaddr *)&ss, len);
    CHECK(r == 0 || errno == EINPROGRESS);
    socklen_t ml = sizeof mine;
    CHECK(getsockname(c, (struct sockaddr *)&mine, &ml) == 0);
    socklen_t tl = sizeof theirs;
    int a = accept(l, (struct sockaddr *)&theirs, &tl);
    CHECK(a >= 0);
    CHECK(port_of(&mine) != 0);
    CHECK_EQ(port_of(&mine), port_of(&theirs));
    CHECK_EQ(((struct sockaddr_in *)&mine)->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
    printf("getsockname during a non-blocking connect: the port the peer sees\n");
}

static void shutdown_pollout(void) {
    int cl, sv;
    tcp_pair(&cl, &sv);
    CHECK(shutdown(cl, SHUT_RDWR) == 0);
    struct pollfd p = {cl, POLLOUT, 0};
    CHECK_EQ(poll(&p, 1, 1000), 1);
    CHECK_EQ(p.revents, POLLOUT | POLLHUP);
    printf("after shutdown(SHUT_RDWR): POLLOUT POLLHUP\n");
}

static void gai_service(void) {
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_DGRAM;
    CHECK_EQ(getaddrinfo("localhost", "ftp", &hints, &res), EAI_SERVICE);
    CHECK_EQ(getaddrinfo("127.0.0.1", "ntp", &hints, &res), 0);
    freeaddrinfo(res);
    hints.ai_socktype = SOCK_STREAM;
    CHECK_EQ(getaddrinfo("127.0.0.1", "ntp", &hints, &res), EAI_SERVICE);
    printf("getaddrinfo: ftp over UDP and ntp over TCP are EAI_SERVICE\n");
}


int main(int argc, char **argv) {
    CHECK(argc >= 3);
    const char *c = argv[2];
    if (!strcmp(c, "poll_no_events"))
        poll_no_events();
    else if (!strcmp(c, "fair_tcp"))
        fair_tcp();
    else if (!strcmp(c, "fair_stdin"))
        fair_stdin();
    else if (!strcmp(c, "fair_timer"))
        fair_timer();
    else if (!strcmp(c, "close_unsent"))
        close_unsent();
    else if (!strcmp(c, "so_linger"))
        so_linger();
    else if (!strcmp(c, "exit_unsent"))
        exit_unsent(atoi(argv[3]));
    else if (!strcmp(c, "getsockname_connecting"))
        getsockname_connecting();
    else if (!strcmp(c, "shutdown_pollout"))
        shutdown_pollout();
    else if (!strcmp(c, "gai_service"))
        gai_service();
    else
        CHECK(!"unknown case");
    return 0;
}
