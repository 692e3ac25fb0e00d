/* C ABI calls under P3SHIM_TRACE (static shim): a refused TCP connect and a pipe. */
#include "check.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(s >= 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(1);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK_ERRNO(connect(s, (struct sockaddr *)&a, sizeof a), ECONNREFUSED);
    CHECK_EQ(close(s), 0);
    int p[2];
    CHECK_EQ(pipe(p), 0);
    printf("ok\n");
    return 0;
}
