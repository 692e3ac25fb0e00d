/*
 * The engine's socket entry points (adapter/src/net_abi.rs) as C sees them. Each returns
 * >= 0 or a negated errno. With P3SHIM_VIA_ADAPTER defined they are declared as imports
 * from the adapter's `wasi_snapshot_preview1` module instead of link-time symbols, which is
 * how a wasip1 program wrapped with the adapter obtains sockets.
 */
#ifndef P3SHIM_NET_H
#define P3SHIM_NET_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

struct p3shim_addr {
    uint16_t family; /* 4 or 6 */
    uint16_t port;   /* host order */
    uint32_t flowinfo;
    uint8_t addr[16]; /* network order; IPv4 in the first 4 bytes */
    uint32_t scope_id;
};

#ifdef P3SHIM_VIA_ADAPTER
#define P3SHIM_ENGINE(name) \
    __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
#else
#define P3SHIM_ENGINE(name)
#endif

P3SHIM_ENGINE(p3shim_socket) int p3shim_socket(int family, int stream, int nonblock);
P3SHIM_ENGINE(p3shim_bind) int p3shim_bind(int fd, const struct p3shim_addr *addr);
P3SHIM_ENGINE(p3shim_connect) int p3shim_connect(int fd, const struct p3shim_addr *addr);
P3SHIM_ENGINE(p3shim_listen) int p3shim_listen(int fd, int backlog);
P3SHIM_ENGINE(p3shim_accept) int p3shim_accept(int fd, struct p3shim_addr *peer, int nonblock);
P3SHIM_ENGINE(p3shim_sendmsg)
ssize_t p3shim_sendmsg(int fd, const struct iovec *iov, int n, int flags,
                       const struct p3shim_addr *to);
P3SHIM_ENGINE(p3shim_recvmsg)
ssize_t p3shim_recvmsg(int fd, const struct iovec *iov, int n, int flags,
                       struct p3shim_addr *from, unsigned *oflags);
P3SHIM_ENGINE(p3shim_shutdown) int p3shim_shutdown(int fd, int how);
P3SHIM_ENGINE(p3shim_sockname) int p3shim_sockname(int fd, int peer, struct p3shim_addr *out);
P3SHIM_ENGINE(p3shim_sockopt) int p3shim_sockopt(int fd, int id, int set, uint64_t *value);
P3SHIM_ENGINE(p3shim_socket_type) int p3shim_socket_type(int fd);
P3SHIM_ENGINE(p3shim_resolve)
int p3shim_resolve(const char *name, size_t len, struct p3shim_addr *out, int max);

/* Scratch memory for calls whose arrays outgrow the stack (poll, select). The static
 * shim's C half takes engine blocks instead of `malloc`, so that a program which never
 * allocates links no allocator (docs/DECISIONS.md, "A program without malloc carries
 * none"); adapter-form programs use their own `malloc`. */
#ifdef P3SHIM_VIA_ADAPTER
#include <stdlib.h>
static inline void *p3shim_scratch(size_t n) { return malloc(n); }
static inline void p3shim_scratch_free(void *p, size_t n) {
    (void)n;
    free(p);
}
#else
void *p3shim_block_take(size_t n);
void p3shim_block_give(void *p, size_t n);
static inline void *p3shim_scratch(size_t n) { return p3shim_block_take(n); }
static inline void p3shim_scratch_free(void *p, size_t n) { p3shim_block_give(p, n); }
#endif

/* The descriptor limit (RLIMIT_NOFILE): poll refuses more entries, as Linux does. */
#define P3SHIM_MAX_FDS 1024

#define P3SHIM_SEND_DONTWAIT 1
#define P3SHIM_RECV_PEEK 1
#define P3SHIM_RECV_DONTWAIT 2
#define P3SHIM_RECV_WAITALL 4
#define P3SHIM_RECV_TRUNCATED 1

/* In the unused bytes 8..16 of a poll_oneoff fd_read subscription: report this entry only
 * for a hang-up or an error (poll entries with no events; adapter/src/poll.rs). */
#define P3SHIM_POLL_HUP_ONLY 0x70336875706f6e6cULL

/* Engine option ids (adapter/src/socket.rs, `opt`). */
#define P3SHIM_SO_REUSEADDR 1
#define P3SHIM_SO_KEEPALIVE 2
#define P3SHIM_SO_RCVBUF 3
#define P3SHIM_SO_SNDBUF 4
#define P3SHIM_SO_RCVTIMEO 5
#define P3SHIM_SO_SNDTIMEO 6
#define P3SHIM_SO_ERROR 7
#define P3SHIM_SO_TYPE 8
#define P3SHIM_SO_DOMAIN 9
#define P3SHIM_SO_ACCEPTCONN 10
#define P3SHIM_TCP_NODELAY 11
#define P3SHIM_TCP_KEEPIDLE 12
#define P3SHIM_TCP_KEEPINTVL 13
#define P3SHIM_TCP_KEEPCNT 14
#define P3SHIM_IPV6_V6ONLY 15
#define P3SHIM_IP_HOPS 16
#define P3SHIM_SO_PROTOCOL 17
#define P3SHIM_SO_LINGER 18 /* value: onoff << 32 | seconds */

#endif
