/* Name resolution: getaddrinfo for localhost and numeric forms, services, AI_PASSIVE,
 * family filters, errors, getnameinfo numeric forms, inet_aton/inet_addr. */
#include "net_util.h"

#include <netdb.h>

static int count(struct addrinfo *ai, int family) {
    int n = 0;
    for (; ai; ai = ai->ai_next)
        n += ai->ai_family == family;
    return n;
}

int main(void) {
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    CHECK_EQ(getaddrinfo("localhost", "80", &hints, &res), 0);
    int found = 0;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        char host[NI_MAXHOST], serv[NI_MAXSERV];
        CHECK_EQ(getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, serv,
                             sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV), 0);
        CHECK_EQ(strcmp(serv, "80"), 0);
        CHECK_EQ(ai->ai_protocol, IPPROTO_TCP);
        found |= strcmp(host, "127.0.0.1") == 0 || strcmp(host, "::1") == 0;
    }
    freeaddrinfo(res);
    printf("localhost: resolves to loopback: %s\n", found ? "yes" : "no");

    CHECK_EQ(getaddrinfo("127.0.0.1", "http", NULL, &res), 0);
    CHECK_EQ(count(res, AF_INET), 1); /* http has no UDP entry: stream only, as glibc */
    CHECK_EQ(port_of((struct sockaddr_storage *)res->ai_addr), 80);
    freeaddrinfo(res);
    hints.ai_flags = AI_NUMERICHOST | AI_CANONNAME;
    CHECK_EQ(getaddrinfo("::1", "8080", &hints, &res), 0);
    CHECK_EQ(count(res, AF_INET6), 1);
    CHECK(res->ai_canonname != NULL);
    freeaddrinfo(res);
    hints.ai_flags = AI_PASSIVE;
    hints.ai_family = AF_INET;
    CHECK_EQ(getaddrinfo(NULL, "9000", &hints, &res), 0);
    CHECK_EQ(count(res, AF_INET), 1);
    CHECK_EQ(((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr, htonl(INADDR_ANY));
    freeaddrinfo(res);
    printf("numeric forms, services, AI_PASSIVE: ok\n");

    memset(&hints, 0, sizeof hints);
    CHECK_EQ(getaddrinfo("no-such-host.invalid", NULL, NULL, &res), EAI_NONAME);
    hints.ai_flags = AI_NUMERICHOST;
    CHECK_EQ(getaddrinfo("localhost", NULL, &hints, &res), EAI_NONAME);
    hints.ai_flags = AI_NUMERICSERV;
    CHECK_EQ(getaddrinfo("127.0.0.1", "http", &hints, &res), EAI_NONAME);
    hints.ai_flags = 0;
    CHECK_EQ(getaddrinfo("127.0.0.1", "no-such-service", &hints, &res), EAI_SERVICE);
    hints.ai_family = 99;
    CHECK_EQ(getaddrinfo("127.0.0.1", NULL, &hints, &res), EAI_FAMILY);
    hints.ai_family = AF_INET6;
    CHECK_EQ(getaddrinfo("127.0.0.1", NULL, &hints, &res), EAI_ADDRFAMILY);
    CHECK_EQ(getaddrinfo(NULL, NULL, NULL, &res), EAI_NONAME);
    printf("errors: %s; %s\n", gai_strerror(EAI_NONAME), gai_strerror(EAI_SERVICE));

    struct sockaddr_in in;
    memset(&in, 0, sizeof in);
    in.sin_family = AF_INET;
    in.sin_port = htons(443);
    CHECK_EQ(inet_aton("10.1.2.3", &in.sin_addr), 1);
    CHECK_EQ(in.sin_addr.s_addr, inet_addr("10.1.2.3"));
    CHECK_EQ(inet_addr("300.1.1.1"), (in_addr_t)-1);
    char first[64], host[64], serv[8];
    CHECK_EQ(getnameinfo((struct sockaddr *)&in, sizeof in, first, sizeof first, serv,
                         sizeof serv, 0), 0);
    CHECK_EQ(getnameinfo((struct sockaddr *)&in, sizeof in, host, sizeof host, NULL, 0,
                         NI_NAMEREQD), EAI_NONAME);
    CHECK_EQ(getnameinfo((struct sockaddr *)&in, sizeof in, host, 4, NULL, 0, 0), EAI_OVERFLOW);
    printf("getnameinfo: %s port %s\n", first, serv);
    return 0;
}
