/* A wasip1 program that reaches sockets only through preview1: it obtains a listener and
 * a client from p3shim's engine (imported from the adapter's wasi_snapshot_preview1
 * module), then uses the libc's accept, send, recv (MSG_PEEK) and shutdown, which call
 * preview1 sock_accept, sock_send, sock_recv and sock_shutdown, and read/write/poll. */
#include "check.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../libc-shim/c/p3shim_net.h"

int main(void) {
    struct p3shim_addr any = {4, 0, 0, {127, 0, 0, 1}, 0}, bound;
    int l = p3shim_socket(4, 1, 0);
    CHECK(l >= 0);
    CHECK_EQ(p3shim_bind(l, &any), 0);
    CHECK_EQ(p3shim_listen(l, 4), 0);
    CHECK_EQ(p3shim_sockname(l, 0, &bound), 0);
    int c = p3shim_socket(4, 1, 0);
    CHECK_EQ(p3shim_connect(c, &bound), 0);

    int s = accept(l, NULL, NULL); /* sock_accept */
    CHECK(s >= 0);
    CHECK_EQ(send(c, "hello preview1", 14, 0), 14); /* sock_send */
    char buf[32] = {0};
    struct pollfd p = {s, POLLIN, 0};
    CHECK_EQ(poll(&p, 1, 5000), 1);
    CHECK(recv(s, buf, 5, MSG_PEEK) > 0); /* sock_recv with RECV_PEEK */
    size_t got = 0;
    while (got < 14) {
        ssize_t n = recv(s, buf + got, sizeof buf - 1 - got, 0);
        CHECK(n > 0);
        got += (size_t)n;
    }
    printf("accepted and received: %s\n", buf);
    CHECK_EQ(write(s, "reply", 5), 5); /* fd_write on a socket */
    CHECK_EQ(shutdown(s, SHUT_WR), 0);  /* sock_shutdown */
    memset(buf, 0, sizeof buf);
    got = 0;
    ssize_t n;
    while ((n = read(c, buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)n;
    CHECK_EQ(n, 0);
    printf("reply then EOF: %s\n", buf);
    CHECK(send(s, "x", 1, 0) == -1 && errno == EPIPE);
    int f = 0; /* stdin is not a socket */
    CHECK(accept(f, NULL, NULL) == -1 && errno == ENOTSOCK);
    printf("EPIPE after shutdown, ENOTSOCK on stdin\n");
    close(c);
    close(s);
    close(l);
    return 0;
}
