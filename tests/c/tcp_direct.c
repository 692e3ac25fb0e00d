/* TCP receives and sends that go straight between the program's buffers and the host,
 * with the guarantees that make that safe: bytes in order and never lost or repeated
 * across read-ahead and direct reads of any size (p3shim's read-ahead holds 16 KiB, then
 * 64 KiB once a receive wants more), poll that waits once a receive emptied
 * the socket, EAGAIN that keeps a started read, and exact counts from non-blocking sends
 * to a peer that stops reading. One loopback connection per case; one line per case.
 * Builds natively with gcc too, so every expectation can be checked against Linux. */
#include "net_util.h"

#include <fcntl.h>
#include <poll.h>

static void nonblocking(int fd, int on) {
    int fl = fcntl(fd, F_GETFL);
    CHECK(fl >= 0);
    CHECK(fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK) == 0);
}

/* Byte `i` of every stream the cases send. */
static unsigned char pattern(size_t i) {
    return (unsigned char)(i * 7 + (i >> 9));
}

static void fill_pattern(unsigned char *buf, size_t from, size_t len) {
    for (size_t i = 0; i < len; i++)
        buf[i] = pattern(from + i);
}

static void check_pattern(const unsigned char *buf, size_t from, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (buf[i] != pattern(from + i)) {
            fprintf(stderr, "byte %zu: got %u, expected %u\n", from + i, buf[i], pattern(from + i));
            exit(1);
        }
}

static int poll1(int fd, short events, int ms) {
    struct pollfd p = {fd, events, 0};
    int r = poll(&p, 1, ms);
    CHECK(r >= 0);
    return r == 1 ? p.revents : 0;
}

static unsigned char buf[256 * 1024];

/* After poll reports data, one recv with a large buffer takes more than the first read
 * for poll could hold, and every byte arrives once and in order. */
static void large_recv_after_poll(void) {
    int c, s;
    tcp_pair(&c, &s);
    nonblocking(s, 1);
    enum { TOTAL = 100000 };
    fill_pattern(buf, 0, TOTAL);
    send_all(c, buf, TOTAL);
    CHECK_EQ(poll1(s, POLLIN, 5000), POLLIN);
    memset(buf, 0, sizeof buf);
    ssize_t n = recv(s, buf, 65536, 0);
    CHECK(n > 16384);
    size_t got = (size_t)n;
    while (got < TOTAL) {
        CHECK(poll1(s, POLLIN, 5000) & POLLIN);
        n = recv(s, buf + got, 65536, 0);
        CHECK(n > 0);
        got += (size_t)n;
    }
    CHECK_EQ(got, TOTAL);
    check_pattern(buf, 0, TOTAL);
    CHECK(close(c) == 0);
    CHECK_EQ(poll1(s, POLLIN, 5000) & POLLIN, POLLIN);
    CHECK_EQ(recv(s, buf, 65536, 0), 0);
    CHECK(close(s) == 0);
    printf("poll, then recv(64 KiB): %d bytes in order, EOF after them\n", TOTAL);
}

/* Receives of every size around the read-ahead's, each after poll, on one stream: the
 * bytes keep their order whichever way each one travelled. */
static void mixed_sizes_after_poll(void) {
    static const size_t sizes[] = {1, 7, 100, 4096, 16383, 16384, 16385, 65536, 3, 70000};
    int c, s;
    tcp_pair(&c, &s);
    nonblocking(s, 1);
    size_t sent = 0, got = 0;
    static unsigned char out[300 * 1024];
    for (int round = 0; round < 20; round++) {
        size_t chunk = 3000 + (size_t)round * 5000;
        fill_pattern(out, sent, chunk);
        send_all(c, out, chunk);
        sent += chunk;
        for (size_t k = 0; got < sent; k++) {
            size_t want = sizes[(round + k) % (sizeof sizes / sizeof sizes[0])];
            CHECK(poll1(s, POLLIN, 5000) & POLLIN);
            ssize_t n = recv(s, buf, want, 0);
            CHECK(n > 0 && (size_t)n <= want);
            check_pattern(buf, got, (size_t)n);
            got += (size_t)n;
        }
    }
    CHECK_EQ(got, sent);
    CHECK(close(c) == 0);
    CHECK(close(s) == 0);
    printf("recvs of 1 to 70000 bytes after poll: %zu bytes in order\n", sent);
}

/* Once a receive has emptied the socket, poll waits for the next bytes (a blocking
 * socket's recv after POLLIN must not hang), also when exactly a full read-ahead was there. */
static void poll_waits_after_the_socket_is_emptied(void) {
    static const size_t sizes[] = {10, 16384, 16385, 65536, 70000};
    int c, s;
    tcp_pair(&c, &s);
    size_t total = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        fill_pattern(buf, total, sizes[k]);
        send_all(c, buf, sizes[k]);
        size_t got = 0;
        while (got < sizes[k]) {
            CHECK_EQ(poll1(s, POLLIN, 5000), POLLIN);
            ssize_t n = recv(s, buf + got, 65536, 0); /* blocking socket */
            CHECK(n > 0);
            got += (size_t)n;
        }
        CHECK_EQ(got, sizes[k]);
        check_pattern(buf, total, got);
        total += got;
        CHECK_EQ(poll1(s, POLLIN, 150), 0);
    }
    CHECK(close(c) == 0);
    CHECK(close(s) == 0);
    printf("after a recv empties the socket: poll waits (10, 16384, 16385, 65536, 70000 bytes)\n");
}

/* Blocking receives of one byte at a time, then poll and a large receive: the bytes a
 * small receive brought in beyond what it returned come next, in order. */
static void byte_at_a_time_then_large(void) {
    int c, s;
    tcp_pair(&c, &s);
    enum { TOTAL = 10000, SMALL = 1000 };
    fill_pattern(buf, 0, TOTAL);
    send_all(c, buf, TOTAL);
    memset(buf, 0, sizeof buf);
    for (size_t i = 0; i < SMALL; i++)
        CHECK_EQ(recv(s, buf + i, 1, 0), 1);
    check_pattern(buf, 0, SMALL);
    CHECK_EQ(poll1(s, POLLIN, 0), POLLIN);
    size_t got = SMALL;
    while (got < TOTAL) {
        ssize_t n = recv(s, buf + got, 65536, 0);
        CHECK(n > 0);
        got += (size_t)n;
    }
    CHECK_EQ(got, TOTAL);
    check_pattern(buf, 0, TOTAL);
    CHECK(close(c) == 0);
    CHECK(close(s) == 0);
    printf("%d one-byte blocking recvs, then poll and recv(64 KiB): %d bytes in order\n", SMALL,
           TOTAL);
}

/* A non-blocking recv with nothing there is EAGAIN; bytes that come later, taken by
 * poll, a non-blocking or a blocking recv, a peek, or MSG_WAITALL, all arrive in order. */
static void eagain_then_data(void) {
    int c, s;
    tcp_pair(&c, &s);
    nonblocking(s, 1);
    errno = 0;
    CHECK_EQ(recv(s, buf, sizeof buf, 0), -1);
    CHECK_EQ(errno, EAGAIN);
    CHECK_EQ(recv(s, buf, 10, MSG_DONTWAIT), -1);
    CHECK_EQ(errno, EAGAIN);
    CHECK_EQ(poll1(s, POLLIN, 100), 0);
    size_t sent = 0, got = 0;
    fill_pattern(buf, sent, 10000);
    send_all(c, buf, 10000);
    sent += 10000;
    /* Straight after the send, without poll. */
    while (got < sent) {
        ssize_t n = recv(s, buf, 3000, 0);
        if (n < 0) {
            CHECK_EQ(errno, EAGAIN);
            CHECK(poll1(s, POLLIN, 5000) & POLLIN);
            continue;
        }
        CHECK(n > 0);
        check_pattern(buf, got, (size_t)n);
        got += (size_t)n;
    }
    /* EAGAIN again, then the socket turns blocking: the next bytes go to a blocking recv. */
    CHECK_EQ(recv(s, buf, sizeof buf, 0), -1);
    CHECK_EQ(errno, EAGAIN);
    nonblocking(s, 0);
    fill_pattern(buf, sent, 5000);
    send_all(c, buf, 5000);
    sent += 5000;
    while (got < sent) {
        ssize_t n = recv(s, buf, sizeof buf, 0);
        CHECK(n > 0);
        check_pattern(buf, got, (size_t)n);
        got += (size_t)n;
    }
    /* A peek sees the next bytes without taking them; MSG_WAITALL then takes them all. */
    fill_pattern(buf, sent, 30000);
    send_all(c, buf, 30000);
    sent += 30000;
    CHECK(poll1(s, POLLIN, 5000) & POLLIN);
    ssize_t n = recv(s, buf, 16, MSG_PEEK);
    CHECK(n > 0);
    check_pattern(buf, got, (size_t)n);
    CHECK_EQ(recv(s, buf, 30000, MSG_WAITALL), 30000);
    check_pattern(buf, got, 30000);
    got += 30000;
    CHECK_EQ(got, sent);
    CHECK(shutdown(c, SHUT_WR) == 0);
    CHECK_EQ(recv(s, buf, sizeof buf, 0), 0);
    CHECK(close(c) == 0);
    CHECK(close(s) == 0);
    printf("EAGAIN, then %zu bytes through poll, blocking recv, MSG_PEEK and MSG_WAITALL\n", sent);
}

/* Non-blocking sends to a peer that stops reading: partial counts and EAGAIN, POLLOUT
 * that waits, and afterwards exactly the bytes the sends reported, in order, then EOF. */
static void sends_to_a_peer_that_stops_reading(void) {
    int c, s;
    tcp_pair(&c, &s);
    nonblocking(c, 1);
    static unsigned char out[100000];
    size_t sent = 0;
    int partial = 0, eagain = 0;
    double idle_since = now_ms();
    /* EAGAIN for 200 ms in a row: the peer's buffers and ours are full. */
    while (now_ms() - idle_since < 200) {
        fill_pattern(out, sent, sizeof out);
        ssize_t n = send(c, out, sizeof out, 0);
        if (n > 0) {
            partial += (size_t)n < sizeof out;
            sent += (size_t)n;
            idle_since = now_ms();
        } else {
            CHECK_EQ(n, -1);
            CHECK_EQ(errno, EAGAIN);
            eagain++;
            poll1(c, POLLOUT, 20);
        }
    }
    CHECK(eagain > 0 && partial > 0);
    CHECK_EQ(poll1(c, POLLOUT, 150), 0);
    /* The peer reads everything now; what the sender still holds follows meanwhile. */
    size_t got = 0;
    while (got < sent) {
        CHECK_EQ(poll1(s, POLLIN, 5000), POLLIN);
        ssize_t n = recv(s, buf, sizeof buf, 0);
        CHECK(n > 0);
        check_pattern(buf, got, (size_t)n);
        got += (size_t)n;
    }
    CHECK_EQ(got, sent);
    CHECK_EQ(poll1(c, POLLOUT, 5000), POLLOUT);
    CHECK(shutdown(c, SHUT_WR) == 0);
    CHECK_EQ(recv(s, buf, sizeof buf, 0), 0);
    CHECK(close(c) == 0);
    CHECK(close(s) == 0);
    printf("non-blocking sends to a peer that stopped reading: partial counts, EAGAIN, "
           "POLLOUT waits, every byte sent arrives once, then EOF\n");
}

int main(void) {
    large_recv_after_poll();
    mixed_sizes_after_poll();
    poll_waits_after_the_socket_is_emptied();
    byte_at_a_time_then_large();
    eagain_then_data();
    sends_to_a_peer_that_stops_reading();
    return 0;
}
