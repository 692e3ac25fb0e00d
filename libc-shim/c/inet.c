/*
 * inet_aton and inet_addr. Apart from netdb.c because wasi-libc defines inet_aton too: in
 * the static shim this file is part of the always-linked glue object, which must win over
 * the libc's, while netdb.c is an archive member (it needs the libc's stdio, through
 * snprintf and inet_ntop, which a program that never resolves names should not carry).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>

int inet_aton(const char *text, struct in_addr *out) {
    /* The classic forms: a.b.c.d, a.b.c, a.b and a, each part decimal, octal or hex. */
    unsigned long parts[4];
    int n = 0;
    const char *p = text;
    for (;;) {
        char *end;
        if (*p < '0' || *p > '9')
            return 0;
        parts[n++] = strtoul(p, &end, 0);
        if (*end == '\0')
            break;
        if (*end != '.' || n == 4)
            return 0;
        p = end + 1;
    }
    unsigned long v;
    switch (n) {
    case 1: v = parts[0]; break;
    case 2:
        if (parts[0] > 255 || parts[1] > 0xffffff) return 0;
        v = parts[0] << 24 | parts[1];
        break;
    case 3:
        if (parts[0] > 255 || parts[1] > 255 || parts[2] > 0xffff) return 0;
        v = parts[0] << 24 | parts[1] << 16 | parts[2];
        break;
    default:
        for (int i = 0; i < 4; i++)
            if (parts[i] > 255) return 0;
        v = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3];
    }
    if (v > 0xffffffffu)
        return 0;
    if (out != NULL)
        out->s_addr = htonl((uint32_t)v);
    return 1;
}

in_addr_t inet_addr(const char *text) {
    struct in_addr a;
    return inet_aton(text, &a) ? a.s_addr : (in_addr_t)-1;
}
