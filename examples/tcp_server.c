/*
 * A small non-blocking TCP server: one poll loop over the listener and every client,
 * each line a client sends comes back upper-cased. Plain POSIX C: it builds for Linux
 * with `cc`, and for WASIp3 with wasi-sdk (or clang + wasi-libc) and libp3shim.a.
 *
 *   usage: tcp_server PORT [CONNECTIONS]   (serves that many connections, 0 = forever)
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_CLIENTS 64

struct client {
    int fd;
    char out[4096];
    size_t len;
};

static void die(const char *what) {
    fprintf(stderr, "tcp_server: %s: %s\n", what, strerror(errno));
    exit(1);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s PORT [CONNECTIONS]\n", argv[0]);
        return 2;
    }
    int limit = argc > 2 ? atoi(argv[2]) : 0, served = 0;
    int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (l < 0)
        die("socket");
    int one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(l, (struct sockaddr *)&addr, sizeof addr) < 0)
        die("bind");
    if (listen(l, SOMAXCONN) < 0)
        die("listen");
    printf("listening on 127.0.0.1:%s\n", argv[1]);
    fflush(stdout);

    static struct client c[MAX_CLIENTS];
    int n = 0;
    while (limit == 0 || served < limit) {
        struct pollfd p[MAX_CLIENTS + 1];
        p[0] = (struct pollfd){l, n < MAX_CLIENTS ? POLLIN : 0, 0};
        for (int i = 0; i < n; i++)
            p[i + 1] = (struct pollfd){c[i].fd, c[i].len ? POLLOUT : POLLIN, 0};
        if (poll(p, n + 1, -1) < 0)
            die("poll");
        if (p[0].revents & POLLIN) {
            struct sockaddr_in peer;
            socklen_t plen = sizeof peer;
            int fd;
            while (n < MAX_CLIENTS &&
                   (fd = accept4(l, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK)) >= 0) {
                char ip[INET_ADDRSTRLEN];
                inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip);
                printf("client %s:%d connected\n", ip, ntohs(peer.sin_port));
                c[n++] = (struct client){.fd = fd};
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            short rev = p[i + 1].revents;
            if (rev == 0)
                continue;
            if (c[i].len) {
                ssize_t w = send(c[i].fd, c[i].out, c[i].len, MSG_NOSIGNAL);
                if (w > 0) {
                    memmove(c[i].out, c[i].out + w, c[i].len - (size_t)w);
                    c[i].len -= (size_t)w;
                } else if (errno != EAGAIN) {
                    c[i].len = 0;
                }
                continue;
            }
            ssize_t r = recv(c[i].fd, c[i].out, sizeof c[i].out, 0);
            if (r > 0) {
                for (ssize_t k = 0; k < r; k++)
                    c[i].out[k] = (char)toupper((unsigned char)c[i].out[k]);
                c[i].len = (size_t)r;
            } else if (r == 0 || errno != EAGAIN) {
                close(c[i].fd);
                c[i] = c[--n];
                served++;
                printf("client done (%d served)\n", served);
            }
        }
    }
    close(l);
    return 0;
}
