/*
 * getaddrinfo, freeaddrinfo, gai_strerror, getnameinfo over the engine's resolver
 * (wasi:sockets/ip-name-lookup@0.3.0). Numeric hosts and
 * services never reach the resolver; WASIp3 has no reverse lookup, so getnameinfo is
 * numeric.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "p3shim_net.h"

#define MAX_ADDRS 32

/* Which socket types a service has an entry for (as in /etc/services). */
#define SVC_TCP 1
#define SVC_UDP 2

/* The well-known services programs ask for by name. */
static const struct {
    const char *name;
    short port;
    short types;
} services[] = {
    {"echo", 7, SVC_TCP | SVC_UDP}, {"ftp", 21, SVC_TCP},     {"ssh", 22, SVC_TCP},
    {"telnet", 23, SVC_TCP},        {"smtp", 25, SVC_TCP},    {"domain", 53, SVC_TCP | SVC_UDP},
    {"http", 80, SVC_TCP},          {"pop3", 110, SVC_TCP},   {"ntp", 123, SVC_UDP},
    {"imap", 143, SVC_TCP},         {"https", 443, SVC_TCP | SVC_UDP},
    {"imaps", 993, SVC_TCP},        {"pop3s", 995, SVC_TCP},
};

/* The port of `service` and, in `types`, the socket types it exists for. */
static int parse_service(const char *service, int flags, int *port, int *types) {
    *port = 0;
    *types = SVC_TCP | SVC_UDP;
    if (service == NULL || *service == '\0')
        return 0;
    char *end;
    unsigned long n = strtoul(service, &end, 10);
    if (*end == '\0' && service[0] >= '0' && service[0] <= '9') {
        if (n > 65535)
            return EAI_SERVICE;
        *port = (int)n;
        return 0;
    }
    if (flags & AI_NUMERICSERV)
        return EAI_NONAME;
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
        if (strcmp(services[i].name, service) == 0) {
            *port = services[i].port;
            *types = services[i].types;
            return 0;
        }
    }
    return EAI_SERVICE;
}

/* A numeric IPv4 or IPv6 host, or 0 when `node` is not one. */
static int parse_numeric(const char *node, struct p3shim_addr *a) {
    memset(a, 0, sizeof *a);
    if (inet_pton(AF_INET, node, a->addr) == 1) {
        a->family = 4;
        return 1;
    }
    if (inet_pton(AF_INET6, node, a->addr) == 1) {
        a->family = 6;
        return 1;
    }
    return 0;
}

static int lookup_error(int r) {
    switch (-r - 1000) {
    case 0: /* access-denied: name lookup was not granted to this program */
        errno = EACCES;
        return EAI_SYSTEM;
    case 1: /* invalid-argument */
    case 2: /* name-unresolvable */
        return EAI_NONAME;
    case 3:
        return EAI_AGAIN;
    default:
        return EAI_FAIL;
    }
}

static int append(struct addrinfo ***tail, const struct p3shim_addr *a, int port, int socktype,
                  int flags) {
    struct block {
        struct addrinfo ai;
        struct sockaddr_storage ss;
    } *b = calloc(1, sizeof *b);
    if (b == NULL)
        return EAI_MEMORY;
    if (a->family == 6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&b->ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        memcpy(&in6->sin6_addr, a->addr, 16);
        in6->sin6_scope_id = a->scope_id;
        b->ai.ai_family = AF_INET6;
        b->ai.ai_addrlen = sizeof *in6;
    } else {
        struct sockaddr_in *in = (struct sockaddr_in *)&b->ss;
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        memcpy(&in->sin_addr, a->addr, 4);
        b->ai.ai_family = AF_INET;
        b->ai.ai_addrlen = sizeof *in;
    }
    b->ai.ai_flags = flags;
    b->ai.ai_socktype = socktype;
    b->ai.ai_protocol = socktype == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
    b->ai.ai_addr = (struct sockaddr *)&b->ss;
    **tail = &b->ai;
    *tail = &b->ai.ai_next;
    return 0;
}

int getaddrinfo(const char *__restrict node, const char *__restrict service,
                const struct addrinfo *__restrict hints, struct addrinfo **__restrict res) {
    int flags = 0, family = AF_UNSPEC, socktype = 0, protocol = 0;
    if (hints != NULL) {
        flags = hints->ai_flags;
        family = hints->ai_family;
        socktype = hints->ai_socktype;
        protocol = hints->ai_protocol;
    }
    const int known = AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | AI_ALL |
                      AI_ADDRCONFIG | AI_NUMERICSERV;
    if (flags & ~known)
        return EAI_BADFLAGS;
    if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6)
        return EAI_FAMILY;
    if (socktype != 0 && socktype != SOCK_STREAM && socktype != SOCK_DGRAM)
        return EAI_SOCKTYPE;
    if ((socktype == SOCK_STREAM && protocol != 0 && protocol != IPPROTO_TCP) ||
        (socktype == SOCK_DGRAM && protocol != 0 && protocol != IPPROTO_UDP))
        return EAI_SOCKTYPE;
    if (node == NULL && service == NULL)
        return EAI_NONAME;
    if (res == NULL)
        return EAI_FAIL;
    int port, types;
    int e = parse_service(service, flags, &port, &types);
    if (e != 0)
        return e;
    /* As glibc: a named service without an entry for the requested type is unknown. */
    if ((socktype == SOCK_STREAM && !(types & SVC_TCP)) ||
        (socktype == SOCK_DGRAM && !(types & SVC_UDP)))
        return EAI_SERVICE;

    struct p3shim_addr addrs[MAX_ADDRS];
    int n = 0;
    if (node == NULL) {
        /* The wildcard (AI_PASSIVE) or loopback address of each family, IPv4 first. */
        memset(addrs, 0, sizeof addrs[0] * 2);
        addrs[0].family = 4;
        addrs[1].family = 6;
        if (!(flags & AI_PASSIVE)) {
            addrs[0].addr[0] = 127;
            addrs[0].addr[3] = 1;
            addrs[1].addr[15] = 1;
        }
        n = 2;
    } else if (parse_numeric(node, &addrs[0])) {
        n = 1;
    } else if (flags & AI_NUMERICHOST) {
        return EAI_NONAME;
    } else {
        n = p3shim_resolve(node, strlen(node), addrs, MAX_ADDRS);
        if (n < 0)
            return lookup_error(n);
    }

    struct addrinfo *head = NULL, **tail = &head;
    int matched = 0;
    for (int i = 0; i < n; i++) {
        int fam = addrs[i].family == 6 ? AF_INET6 : AF_INET;
        if (family != AF_UNSPEC && fam != family)
            continue;
        matched++;
        for (int t = 0; t < 2; t++) {
            int st = t == 0 ? SOCK_STREAM : SOCK_DGRAM;
            if ((socktype != 0 && st != socktype) ||
                !(types & (st == SOCK_STREAM ? SVC_TCP : SVC_UDP)))
                continue;
            e = append(&tail, &addrs[i], port, st, flags);
            if (e != 0) {
                freeaddrinfo(head);
                return e;
            }
        }
    }
    if (matched == 0)
        return node != NULL && n > 0 ? EAI_ADDRFAMILY : EAI_NONAME;
    if ((flags & AI_CANONNAME) && head != NULL) {
        head->ai_canonname = strdup(node != NULL ? node : "localhost");
        if (head->ai_canonname == NULL) {
            freeaddrinfo(head);
            return EAI_MEMORY;
        }
    }
    *res = head;
    return 0;
}

void freeaddrinfo(struct addrinfo *ai) {
    while (ai != NULL) {
        struct addrinfo *next = ai->ai_next;
        free(ai->ai_canonname);
        free(ai); /* the address lives in the same block */
        ai = next;
    }
}

const char *gai_strerror(int code) {
    switch (code) {
    case 0: return "Success";
    case EAI_BADFLAGS: return "Invalid flags";
    case EAI_NONAME: return "Name does not resolve";
    case EAI_AGAIN: return "Temporary failure in name resolution";
    case EAI_FAIL: return "Non-recoverable failure in name resolution";
    case EAI_NODATA: return "No address associated with name";
    case EAI_FAMILY: return "Unrecognized address family or invalid length";
    case EAI_SOCKTYPE: return "Unrecognized socket type";
    case EAI_SERVICE: return "Unrecognized service";
    case EAI_ADDRFAMILY: return "Address family for name not supported";
    case EAI_MEMORY: return "Out of memory";
    case EAI_SYSTEM: return "System error";
    case EAI_OVERFLOW: return "Overflow";
    default: return "Unknown error";
    }
}

int getnameinfo(const struct sockaddr *__restrict sa, socklen_t salen, char *__restrict host,
                socklen_t hostlen, char *__restrict serv, socklen_t servlen, int flags) {
    if (sa == NULL)
        return EAI_FAIL;
    const void *addr;
    int port;
    if (sa->sa_family == AF_INET && salen >= (socklen_t)sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        addr = &in->sin_addr;
        port = ntohs(in->sin_port);
    } else if (sa->sa_family == AF_INET6 && salen >= (socklen_t)sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        addr = &in6->sin6_addr;
        port = ntohs(in6->sin6_port);
    } else {
        return EAI_FAMILY;
    }
    if (host != NULL && hostlen > 0) {
        /* No reverse lookup in WASIp3: a name is only ever the numeric form. */
        if (flags & NI_NAMEREQD)
            return EAI_NONAME;
        if (inet_ntop(sa->sa_family, addr, host, hostlen) == NULL)
            return EAI_OVERFLOW;
    }
    if (serv != NULL && servlen > 0) {
        int w = snprintf(serv, servlen, "%d", port);
        if (w < 0 || (socklen_t)w >= servlen)
            return EAI_OVERFLOW;
    }
    return 0;
}
