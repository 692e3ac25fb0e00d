/* 64 MiB each way with a host peer (argv[2] = port): send a pattern, shut down writing,
 * then read the peer's 64 MiB to EOF. Prints the checksum of what came back. */
#include "net_util.h"

#define TOTAL (64u << 20)

int main(int argc, char **argv) {
    CHECK(argc == 3);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(s >= 0);
    struct sockaddr_storage ss;
    socklen_t len = loopback(AF_INET, atoi(argv[2]), &ss);
    CHECK(connect(s, (struct sockaddr *)&ss, len) == 0);
    static unsigned char buf[256 * 1024];
    unsigned sum = FNV1A_INIT;
    for (size_t off = 0; off < TOTAL; off += sizeof buf) {
        for (size_t i = 0; i < sizeof buf; i++)
            buf[i] = (unsigned char)((off + i) * 131 + ((off + i) >> 12));
        sum = fnv1a(sum, buf, sizeof buf);
        send_all(s, buf, sizeof buf);
    }
    CHECK(shutdown(s, SHUT_WR) == 0);
    printf("sent %u bytes, checksum %08x\n", TOTAL, sum);
    sum = FNV1A_INIT;
    size_t total = 0;
    ssize_t n;
    while ((n = read(s, buf, sizeof buf)) > 0) {
        sum = fnv1a(sum, buf, (size_t)n);
        total += (size_t)n;
    }
    CHECK_EQ(n, 0);
    printf("received %zu bytes, checksum %08x\n", total, sum);
    CHECK(close(s) == 0);
    return 0;
}
