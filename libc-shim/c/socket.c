/*
 * The BSD socket API over p3shim's engine (wasi:sockets@0.3.0): socket, bind, listen,
 * accept/accept4, connect, send/recv (and the sendto/recvfrom/sendmsg/recvmsg forms), shutdown,
 * getsockname/getpeername, setsockopt/getsockopt. This file only translates between the
 * libc's types and constants and the engine's (struct p3shim_addr, engine option ids);
 * the engine does the work and returns >= 0 or -errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include "p3shim_net.h"

/* Out-of-band data does not exist in WASIp3 (where the libc defines MSG_OOB at all). */
#ifdef MSG_OOB
#define OOB (MSG_OOB != MSG_PEEK ? MSG_OOB : 0)
#else
#define OOB 0
#endif

static int fail(int e) {
    errno = e;
    return -1;
}

static int result(int r) { return r < 0 ? fail(-r) : r; }

static ssize_t sresult(ssize_t r) { return r < 0 ? fail((int)-r) : r; }

/* sockaddr -> engine address; 0 or an errno. */
static int to_engine(const struct sockaddr *sa, socklen_t len, struct p3shim_addr *out) {
    if (sa == NULL)
        return EFAULT;
    memset(out, 0, sizeof *out);
    if (len < (socklen_t)sizeof(sa_family_t))
        return EINVAL;
    if (sa->sa_family == AF_INET) {
        if (len < (socklen_t)sizeof(struct sockaddr_in))
            return EINVAL;
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        out->family = 4;
        out->port = ntohs(in->sin_port);
        memcpy(out->addr, &in->sin_addr, 4);
        return 0;
    }
    if (sa->sa_family == AF_INET6) {
        if (len < (socklen_t)sizeof(struct sockaddr_in6))
            return EINVAL;
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        out->family = 6;
        out->port = ntohs(in6->sin6_port);
        out->flowinfo = in6->sin6_flowinfo;
        memcpy(out->addr, &in6->sin6_addr, 16);
        out->scope_id = in6->sin6_scope_id;
        return 0;
    }
    return EAFNOSUPPORT;
}

/* Engine address -> sockaddr, truncated to *len as POSIX says; *len gets the full size. */
static void from_engine(const struct p3shim_addr *a, struct sockaddr *sa, socklen_t *len) {
    if (sa == NULL || len == NULL)
        return;
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t size;
    if (a->family == 6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(a->port);
        in6->sin6_flowinfo = a->flowinfo;
        memcpy(&in6->sin6_addr, a->addr, 16);
        in6->sin6_scope_id = a->scope_id;
        size = sizeof *in6;
    } else {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        in->sin_family = AF_INET;
        in->sin_port = htons(a->port);
        memcpy(&in->sin_addr, a->addr, 4);
        size = sizeof *in;
    }
    memcpy(sa, &ss, *len < size ? *len : size);
    *len = size;
}

static int family_of(int domain) {
    return domain == AF_INET ? 4 : domain == AF_INET6 ? 6 : 0;
}

int socket(int domain, int type, int protocol) {
    int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    int family = family_of(domain);
    if (family == 0)
        return fail(EAFNOSUPPORT);
    if (base == SOCK_STREAM) {
        if (protocol != 0 && protocol != IPPROTO_TCP)
            return fail(EPROTONOSUPPORT);
    } else if (base == SOCK_DGRAM) {
        if (protocol != 0 && protocol != IPPROTO_UDP)
            return fail(EPROTONOSUPPORT);
    } else {
        return fail(EPROTOTYPE);
    }
    /* SOCK_CLOEXEC: there is no exec. */
    return result(p3shim_socket(family, base == SOCK_STREAM, (type & SOCK_NONBLOCK) != 0));
}

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
    struct p3shim_addr a;
    int e = to_engine(addr, len, &a);
    if (e != 0)
        return fail(e == EAFNOSUPPORT && p3shim_socket_type(fd) <= 0 ? ENOTSOCK : e);
    return result(p3shim_bind(fd, &a));
}

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
    if (addr != NULL && len >= (socklen_t)sizeof(sa_family_t) && addr->sa_family == AF_UNSPEC)
        return result(p3shim_connect(fd, NULL));
    struct p3shim_addr a;
    int e = to_engine(addr, len, &a);
    if (e != 0)
        return fail(e);
    return result(p3shim_connect(fd, &a));
}

int listen(int fd, int backlog) { return result(p3shim_listen(fd, backlog)); }

int accept4(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len, int flags) {
    if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
        return fail(EINVAL);
    struct p3shim_addr a;
    int r = p3shim_accept(fd, &a, (flags & SOCK_NONBLOCK) != 0);
    if (r < 0)
        return fail(-r);
    from_engine(&a, addr, len);
    return r;
}

int accept(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len) {
    return accept4(fd, addr, len, 0);
}

static int sockname(int fd, int peer, struct sockaddr *addr, socklen_t *len) {
    if (addr == NULL || len == NULL)
        return fail(EFAULT);
    struct p3shim_addr a;
    int r = p3shim_sockname(fd, peer, &a);
    if (r < 0)
        return fail(-r);
    from_engine(&a, addr, len);
    return 0;
}

int getsockname(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len) {
    return sockname(fd, 0, addr, len);
}

int getpeername(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len) {
    return sockname(fd, 1, addr, len);
}

/* MSG_* flags the engine understands; others are refused like Linux refuses MSG_OOB. */
static int send_flags(int flags, int *out) {
    if (flags & OOB)
        return EOPNOTSUPP;
    *out = (flags & MSG_DONTWAIT) ? P3SHIM_SEND_DONTWAIT : 0;
    /* MSG_NOSIGNAL: WASI has no signals; a broken connection is EPIPE either way. */
    return 0;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) {
    if (msg == NULL)
        return fail(EFAULT);
    int f;
    int e = send_flags(flags, &f);
    if (e != 0)
        return fail(e);
    struct p3shim_addr a, *to = NULL;
    if (msg->msg_name != NULL && msg->msg_namelen > 0) {
        e = to_engine(msg->msg_name, msg->msg_namelen, &a);
        if (e != 0)
            return fail(e);
        to = &a;
    }
    if (msg->msg_iovlen < 0 || msg->msg_iovlen > IOV_MAX)
        return fail(EMSGSIZE);
    return sresult(p3shim_sendmsg(fd, msg->msg_iov, msg->msg_iovlen, f, to));
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to,
               socklen_t tolen) {
    struct iovec iov = {(void *)buf, len};
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_name = (void *)to;
    msg.msg_namelen = to == NULL ? 0 : tolen;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    return sendmsg(fd, &msg, flags);
}

ssize_t send(int fd, const void *buf, size_t len, int flags) {
    return sendto(fd, buf, len, flags, NULL, 0);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags) {
    if (msg == NULL)
        return fail(EFAULT);
    if (flags & OOB)
        return fail(EOPNOTSUPP);
    if (msg->msg_iovlen < 0 || msg->msg_iovlen > IOV_MAX)
        return fail(EMSGSIZE);
    int f = 0;
    if (flags & MSG_PEEK)
        f |= P3SHIM_RECV_PEEK;
    if (flags & MSG_DONTWAIT)
        f |= P3SHIM_RECV_DONTWAIT;
    if (flags & MSG_WAITALL)
        f |= P3SHIM_RECV_WAITALL;
    struct p3shim_addr from;
    unsigned oflags = 0;
    ssize_t r = p3shim_recvmsg(fd, msg->msg_iov, msg->msg_iovlen, f, &from, &oflags);
    if (r < 0)
        return fail((int)-r);
    msg->msg_flags = (oflags & P3SHIM_RECV_TRUNCATED) ? MSG_TRUNC : 0;
    if (msg->msg_name != NULL) {
        if (from.family == 0)
            msg->msg_namelen = 0;
        else
            from_engine(&from, msg->msg_name, &msg->msg_namelen);
    }
    msg->msg_controllen = 0;
    return r;
}

ssize_t recvfrom(int fd, void *__restrict buf, size_t len, int flags,
                 struct sockaddr *__restrict from, socklen_t *__restrict fromlen) {
    struct iovec iov = {buf, len};
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_name = from;
    msg.msg_namelen = (from != NULL && fromlen != NULL) ? *fromlen : 0;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    ssize_t r = recvmsg(fd, &msg, flags);
    if (r >= 0 && from != NULL && fromlen != NULL)
        *fromlen = msg.msg_namelen;
    return r;
}

ssize_t recv(int fd, void *buf, size_t len, int flags) {
    return recvfrom(fd, buf, len, flags, NULL, NULL);
}

int shutdown(int fd, int how) {
    int bits;
    if (how == SHUT_RD)
        bits = 1;
    else if (how == SHUT_WR)
        bits = 2;
    else if (how == SHUT_RDWR)
        bits = 3;
    else
        return fail(EINVAL);
    return result(p3shim_shutdown(fd, bits));
}

/* How an option's value is represented on the C side. */
enum shape { INT, BOOL, TIMEVAL, TYPE, DOMAIN, LINGER };

static int option(int level, int name, int *id, enum shape *shape) {
    *shape = INT;
    if (level == SOL_SOCKET) {
        switch (name) {
        case SO_REUSEADDR: *id = P3SHIM_SO_REUSEADDR; *shape = BOOL; return 0;
        case SO_KEEPALIVE: *id = P3SHIM_SO_KEEPALIVE; *shape = BOOL; return 0;
        case SO_RCVBUF: *id = P3SHIM_SO_RCVBUF; return 0;
        case SO_SNDBUF: *id = P3SHIM_SO_SNDBUF; return 0;
        case SO_RCVTIMEO: *id = P3SHIM_SO_RCVTIMEO; *shape = TIMEVAL; return 0;
        case SO_SNDTIMEO: *id = P3SHIM_SO_SNDTIMEO; *shape = TIMEVAL; return 0;
        case SO_ERROR: *id = P3SHIM_SO_ERROR; return 0;
        case SO_TYPE: *id = P3SHIM_SO_TYPE; *shape = TYPE; return 0;
        case SO_DOMAIN: *id = P3SHIM_SO_DOMAIN; *shape = DOMAIN; return 0;
        case SO_ACCEPTCONN: *id = P3SHIM_SO_ACCEPTCONN; *shape = BOOL; return 0;
        case SO_PROTOCOL: *id = P3SHIM_SO_PROTOCOL; return 0;
        case SO_LINGER: *id = P3SHIM_SO_LINGER; *shape = LINGER; return 0;
        }
    } else if (level == IPPROTO_TCP) {
        switch (name) {
        case TCP_NODELAY: *id = P3SHIM_TCP_NODELAY; *shape = BOOL; return 0;
        case TCP_KEEPIDLE: *id = P3SHIM_TCP_KEEPIDLE; return 0;
        case TCP_KEEPINTVL: *id = P3SHIM_TCP_KEEPINTVL; return 0;
        case TCP_KEEPCNT: *id = P3SHIM_TCP_KEEPCNT; return 0;
        }
    } else if (level == IPPROTO_IP && name == IP_TTL) {
        *id = P3SHIM_IP_HOPS;
        return 0;
    } else if (level == IPPROTO_IPV6) {
        switch (name) {
        case IPV6_V6ONLY: *id = P3SHIM_IPV6_V6ONLY; *shape = BOOL; return 0;
        case IPV6_UNICAST_HOPS: *id = P3SHIM_IP_HOPS; return 0;
        }
    }
    return ENOPROTOOPT;
}

/* The engine option behind (level, name) on socket `fd`: 0 or an errno (EBADF, ENOTSOCK,
 * ENOPROTOOPT). */
static int lookup(int fd, int level, int name, int *id, enum shape *shape) {
    int type = p3shim_socket_type(fd);
    if (type < 0)
        return -type;
    if (type == 0)
        return ENOTSOCK;
    return option(level, name, id, shape);
}

int setsockopt(int fd, int level, int name, const void *value, socklen_t len) {
    int id;
    enum shape shape;
    int e = lookup(fd, level, name, &id, &shape);
    if (e != 0)
        return fail(e);
    if (value == NULL)
        return fail(EFAULT);
    uint64_t v;
    if (shape == TIMEVAL) {
        if (len < (socklen_t)sizeof(struct timeval))
            return fail(EINVAL);
        const struct timeval *tv = value;
        if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
            return fail(EDOM);
        v = (uint64_t)tv->tv_sec * 1000000000u + (uint64_t)tv->tv_usec * 1000u;
    } else if (shape == LINGER) {
        if (len < (socklen_t)sizeof(struct linger))
            return fail(EINVAL);
        const struct linger *l = value;
        /* A negative timeout counts as a very long one, as on Linux. */
        uint32_t secs = l->l_linger < 0 ? INT32_MAX : (uint32_t)l->l_linger;
        v = (uint64_t)(l->l_onoff != 0) << 32 | secs;
    } else {
        if (len < (socklen_t)sizeof(int))
            return fail(EINVAL);
        int i = *(const int *)value;
        if (shape == BOOL)
            i = i != 0;
        else if (i < 0)
            return fail(EINVAL);
        v = (uint64_t)i;
    }
    return result(p3shim_sockopt(fd, id, 1, &v));
}

int getsockopt(int fd, int level, int name, void *__restrict value, socklen_t *__restrict len) {
    int id;
    enum shape shape;
    int e = lookup(fd, level, name, &id, &shape);
    if (e != 0)
        return fail(e);
    if (value == NULL || len == NULL)
        return fail(EFAULT);
    uint64_t v = 0;
    int r = p3shim_sockopt(fd, id, 0, &v);
    if (r < 0)
        return fail(-r);
    if (shape == TIMEVAL) {
        struct timeval tv = {(time_t)(v / 1000000000u), (suseconds_t)(v % 1000000000u / 1000u)};
        if (*len < (socklen_t)sizeof tv)
            return fail(EINVAL);
        memcpy(value, &tv, sizeof tv);
        *len = sizeof tv;
        return 0;
    }
    if (shape == LINGER) {
        struct linger l = {(int)(v >> 32), (int)(uint32_t)v};
        if (*len < (socklen_t)sizeof l)
            return fail(EINVAL);
        memcpy(value, &l, sizeof l);
        *len = sizeof l;
        return 0;
    }
    int i = (int)(v > INT32_MAX ? INT32_MAX : v);
    if (shape == TYPE)
        i = v == 1 ? SOCK_STREAM : SOCK_DGRAM;
    else if (shape == DOMAIN)
        i = v == 6 ? AF_INET6 : AF_INET;
    if (*len < (socklen_t)sizeof i)
        return fail(EINVAL);
    memcpy(value, &i, sizeof i);
    *len = sizeof i;
    return 0;
}
