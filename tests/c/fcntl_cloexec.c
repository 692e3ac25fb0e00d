/* FD_CLOEXEC per descriptor through fcntl, dup3 and F_DUPFD_CLOEXEC, and F_DUPFD with a
 * minimum past the descriptor limit. Static form only: the adapter form's fcntl is the
 * libc's and wasip1 has no dup. Builds natively with gcc too. */
#include "check.h"

#include <fcntl.h>
#include <unistd.h>

int main(void) {
    int fd = dup(1);
    CHECK(fd >= 0);
    CHECK_EQ(fcntl(fd, F_GETFD), 0);
    CHECK_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
    CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
    CHECK_EQ(fcntl(fd, F_SETFD, 0), 0);
    CHECK_EQ(fcntl(fd, F_GETFD), 0);
    int d = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    CHECK(d >= 0);
    CHECK_EQ(fcntl(d, F_GETFD), FD_CLOEXEC);
    int d3 = dup3(fd, d + 1, O_CLOEXEC);
    CHECK_EQ(d3, d + 1);
    CHECK_EQ(fcntl(d3, F_GETFD), FD_CLOEXEC);
    CHECK_EQ(dup2(fd, d3), d3); /* dup2 clears the flag */
    CHECK_EQ(fcntl(d3, F_GETFD), 0);
    CHECK_EQ(fcntl(fd, F_DUPFD, 1 << 30), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(fcntl(12345, F_GETFD), -1);
    CHECK_EQ(errno, EBADF);
    printf("FD_CLOEXEC kept per descriptor; F_DUPFD past the limit EINVAL\n");
    return 0;
}
