/* Every constant and struct layout the C glue (libc-shim/c) takes from libc headers, printed
 * so that a test can compare them across libcs: p3shim_glue.o is compiled once, against
 * Debian's 2022 wasi-libc with p3shim's headers, and linked into programs built with any
 * wasi-libc, so the values must agree (tests/tests/libcs.rs). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#define SHOW(name) printf("%s %ld\n", #name, (long)(name))
#define LAYOUT(type, field) \
    printf("%s.%s at %zu size %zu\n", #type, #field, offsetof(type, field), \
           sizeof(((type *)0)->field))

int main(void) {
#ifdef AF_INET
    SHOW(AF_INET);
#else
    printf("AF_INET undefined\n");
#endif
#ifdef AF_INET6
    SHOW(AF_INET6);
#else
    printf("AF_INET6 undefined\n");
#endif
#ifdef AF_UNSPEC
    SHOW(AF_UNSPEC);
#else
    printf("AF_UNSPEC undefined\n");
#endif
#ifdef AI_ADDRCONFIG
    SHOW(AI_ADDRCONFIG);
#else
    printf("AI_ADDRCONFIG undefined\n");
#endif
#ifdef AI_ALL
    SHOW(AI_ALL);
#else
    printf("AI_ALL undefined\n");
#endif
#ifdef AI_CANONNAME
    SHOW(AI_CANONNAME);
#else
    printf("AI_CANONNAME undefined\n");
#endif
#ifdef AI_NUMERICHOST
    SHOW(AI_NUMERICHOST);
#else
    printf("AI_NUMERICHOST undefined\n");
#endif
#ifdef AI_NUMERICSERV
    SHOW(AI_NUMERICSERV);
#else
    printf("AI_NUMERICSERV undefined\n");
#endif
#ifdef AI_PASSIVE
    SHOW(AI_PASSIVE);
#else
    printf("AI_PASSIVE undefined\n");
#endif
#ifdef AI_V4MAPPED
    SHOW(AI_V4MAPPED);
#else
    printf("AI_V4MAPPED undefined\n");
#endif
#ifdef EACCES
    SHOW(EACCES);
#else
    printf("EACCES undefined\n");
#endif
#ifdef EAFNOSUPPORT
    SHOW(EAFNOSUPPORT);
#else
    printf("EAFNOSUPPORT undefined\n");
#endif
#ifdef EAI_ADDRFAMILY
    SHOW(EAI_ADDRFAMILY);
#else
    printf("EAI_ADDRFAMILY undefined\n");
#endif
#ifdef EAI_AGAIN
    SHOW(EAI_AGAIN);
#else
    printf("EAI_AGAIN undefined\n");
#endif
#ifdef EAI_BADFLAGS
    SHOW(EAI_BADFLAGS);
#else
    printf("EAI_BADFLAGS undefined\n");
#endif
#ifdef EAI_FAIL
    SHOW(EAI_FAIL);
#else
    printf("EAI_FAIL undefined\n");
#endif
#ifdef EAI_FAMILY
    SHOW(EAI_FAMILY);
#else
    printf("EAI_FAMILY undefined\n");
#endif
#ifdef EAI_MEMORY
    SHOW(EAI_MEMORY);
#else
    printf("EAI_MEMORY undefined\n");
#endif
#ifdef EAI_NODATA
    SHOW(EAI_NODATA);
#else
    printf("EAI_NODATA undefined\n");
#endif
#ifdef EAI_NONAME
    SHOW(EAI_NONAME);
#else
    printf("EAI_NONAME undefined\n");
#endif
#ifdef EAI_OVERFLOW
    SHOW(EAI_OVERFLOW);
#else
    printf("EAI_OVERFLOW undefined\n");
#endif
#ifdef EAI_SERVICE
    SHOW(EAI_SERVICE);
#else
    printf("EAI_SERVICE undefined\n");
#endif
#ifdef EAI_SOCKTYPE
    SHOW(EAI_SOCKTYPE);
#else
    printf("EAI_SOCKTYPE undefined\n");
#endif
#ifdef EAI_SYSTEM
    SHOW(EAI_SYSTEM);
#else
    printf("EAI_SYSTEM undefined\n");
#endif
#ifdef EBADF
    SHOW(EBADF);
#else
    printf("EBADF undefined\n");
#endif
#ifdef EDEADLK
    SHOW(EDEADLK);
#else
    printf("EDEADLK undefined\n");
#endif
#ifdef EDOM
    SHOW(EDOM);
#else
    printf("EDOM undefined\n");
#endif
#ifdef EFAULT
    SHOW(EFAULT);
#else
    printf("EFAULT undefined\n");
#endif
#ifdef EINVAL
    SHOW(EINVAL);
#else
    printf("EINVAL undefined\n");
#endif
#ifdef EMSGSIZE
    SHOW(EMSGSIZE);
#else
    printf("EMSGSIZE undefined\n");
#endif
#ifdef ENOMEM
    SHOW(ENOMEM);
#else
    printf("ENOMEM undefined\n");
#endif
#ifdef ENOPROTOOPT
    SHOW(ENOPROTOOPT);
#else
    printf("ENOPROTOOPT undefined\n");
#endif
#ifdef ENOTSOCK
    SHOW(ENOTSOCK);
#else
    printf("ENOTSOCK undefined\n");
#endif
#ifdef EOPNOTSUPP
    SHOW(EOPNOTSUPP);
#else
    printf("EOPNOTSUPP undefined\n");
#endif
#ifdef EPIPE
    SHOW(EPIPE);
#else
    printf("EPIPE undefined\n");
#endif
#ifdef EPROTONOSUPPORT
    SHOW(EPROTONOSUPPORT);
#else
    printf("EPROTONOSUPPORT undefined\n");
#endif
#ifdef EPROTOTYPE
    SHOW(EPROTOTYPE);
#else
    printf("EPROTOTYPE undefined\n");
#endif
#ifdef FD_CLOEXEC
    SHOW(FD_CLOEXEC);
#else
    printf("FD_CLOEXEC undefined\n");
#endif
#ifdef F_DUPFD
    SHOW(F_DUPFD);
#else
    printf("F_DUPFD undefined\n");
#endif
#ifdef F_DUPFD_CLOEXEC
    SHOW(F_DUPFD_CLOEXEC);
#else
    printf("F_DUPFD_CLOEXEC undefined\n");
#endif
#ifdef F_GETFD
    SHOW(F_GETFD);
#else
    printf("F_GETFD undefined\n");
#endif
#ifdef F_GETFL
    SHOW(F_GETFL);
#else
    printf("F_GETFL undefined\n");
#endif
#ifdef F_SETFD
    SHOW(F_SETFD);
#else
    printf("F_SETFD undefined\n");
#endif
#ifdef F_SETFL
    SHOW(F_SETFL);
#else
    printf("F_SETFL undefined\n");
#endif
#ifdef IOV_MAX
    SHOW(IOV_MAX);
#else
    printf("IOV_MAX undefined\n");
#endif
#ifdef IPPROTO_IP
    SHOW(IPPROTO_IP);
#else
    printf("IPPROTO_IP undefined\n");
#endif
#ifdef IPPROTO_IPV6
    SHOW(IPPROTO_IPV6);
#else
    printf("IPPROTO_IPV6 undefined\n");
#endif
#ifdef IPPROTO_TCP
    SHOW(IPPROTO_TCP);
#else
    printf("IPPROTO_TCP undefined\n");
#endif
#ifdef IPPROTO_UDP
    SHOW(IPPROTO_UDP);
#else
    printf("IPPROTO_UDP undefined\n");
#endif
#ifdef IPV6_UNICAST_HOPS
    SHOW(IPV6_UNICAST_HOPS);
#else
    printf("IPV6_UNICAST_HOPS undefined\n");
#endif
#ifdef IPV6_V6ONLY
    SHOW(IPV6_V6ONLY);
#else
    printf("IPV6_V6ONLY undefined\n");
#endif
#ifdef IP_TTL
    SHOW(IP_TTL);
#else
    printf("IP_TTL undefined\n");
#endif
#ifdef MSG_DONTWAIT
    SHOW(MSG_DONTWAIT);
#else
    printf("MSG_DONTWAIT undefined\n");
#endif
#ifdef MSG_NOSIGNAL
    SHOW(MSG_NOSIGNAL);
#else
    printf("MSG_NOSIGNAL undefined\n");
#endif
#ifdef MSG_OOB
    SHOW(MSG_OOB);
#else
    printf("MSG_OOB undefined\n");
#endif
#ifdef MSG_PEEK
    SHOW(MSG_PEEK);
#else
    printf("MSG_PEEK undefined\n");
#endif
#ifdef MSG_TRUNC
    SHOW(MSG_TRUNC);
#else
    printf("MSG_TRUNC undefined\n");
#endif
#ifdef MSG_WAITALL
    SHOW(MSG_WAITALL);
#else
    printf("MSG_WAITALL undefined\n");
#endif
#ifdef NI_NAMEREQD
    SHOW(NI_NAMEREQD);
#else
    printf("NI_NAMEREQD undefined\n");
#endif
#ifdef NI_NUMERICHOST
    SHOW(NI_NUMERICHOST);
#else
    printf("NI_NUMERICHOST undefined\n");
#endif
#ifdef NI_NUMERICSERV
    SHOW(NI_NUMERICSERV);
#else
    printf("NI_NUMERICSERV undefined\n");
#endif
#ifdef O_APPEND
    SHOW(O_APPEND);
#else
    printf("O_APPEND undefined\n");
#endif
#ifdef O_CLOEXEC
    SHOW(O_CLOEXEC);
#else
    printf("O_CLOEXEC undefined\n");
#endif
#ifdef O_DSYNC
    SHOW(O_DSYNC);
#else
    printf("O_DSYNC undefined\n");
#endif
#ifdef O_NONBLOCK
    SHOW(O_NONBLOCK);
#else
    printf("O_NONBLOCK undefined\n");
#endif
#ifdef O_RDONLY
    SHOW(O_RDONLY);
#else
    printf("O_RDONLY undefined\n");
#endif
#ifdef O_RDWR
    SHOW(O_RDWR);
#else
    printf("O_RDWR undefined\n");
#endif
#ifdef O_RSYNC
    SHOW(O_RSYNC);
#else
    printf("O_RSYNC undefined\n");
#endif
#ifdef O_SYNC
    SHOW(O_SYNC);
#else
    printf("O_SYNC undefined\n");
#endif
#ifdef O_WRONLY
    SHOW(O_WRONLY);
#else
    printf("O_WRONLY undefined\n");
#endif
#ifdef POLLERR
    SHOW(POLLERR);
#else
    printf("POLLERR undefined\n");
#endif
#ifdef POLLHUP
    SHOW(POLLHUP);
#else
    printf("POLLHUP undefined\n");
#endif
#ifdef POLLIN
    SHOW(POLLIN);
#else
    printf("POLLIN undefined\n");
#endif
#ifdef POLLNVAL
    SHOW(POLLNVAL);
#else
    printf("POLLNVAL undefined\n");
#endif
#ifdef POLLOUT
    SHOW(POLLOUT);
#else
    printf("POLLOUT undefined\n");
#endif
#ifdef POLLPRI
    SHOW(POLLPRI);
#else
    printf("POLLPRI undefined\n");
#endif
#ifdef POLLRDNORM
    SHOW(POLLRDNORM);
#else
    printf("POLLRDNORM undefined\n");
#endif
#ifdef POLLWRNORM
    SHOW(POLLWRNORM);
#else
    printf("POLLWRNORM undefined\n");
#endif
#ifdef SHUT_RD
    SHOW(SHUT_RD);
#else
    printf("SHUT_RD undefined\n");
#endif
#ifdef SHUT_RDWR
    SHOW(SHUT_RDWR);
#else
    printf("SHUT_RDWR undefined\n");
#endif
#ifdef SHUT_WR
    SHOW(SHUT_WR);
#else
    printf("SHUT_WR undefined\n");
#endif
#ifdef SOCK_CLOEXEC
    SHOW(SOCK_CLOEXEC);
#else
    printf("SOCK_CLOEXEC undefined\n");
#endif
#ifdef SOCK_DGRAM
    SHOW(SOCK_DGRAM);
#else
    printf("SOCK_DGRAM undefined\n");
#endif
#ifdef SOCK_NONBLOCK
    SHOW(SOCK_NONBLOCK);
#else
    printf("SOCK_NONBLOCK undefined\n");
#endif
#ifdef SOCK_STREAM
    SHOW(SOCK_STREAM);
#else
    printf("SOCK_STREAM undefined\n");
#endif
#ifdef SOL_SOCKET
    SHOW(SOL_SOCKET);
#else
    printf("SOL_SOCKET undefined\n");
#endif
#ifdef SO_ACCEPTCONN
    SHOW(SO_ACCEPTCONN);
#else
    printf("SO_ACCEPTCONN undefined\n");
#endif
#ifdef SO_DOMAIN
    SHOW(SO_DOMAIN);
#else
    printf("SO_DOMAIN undefined\n");
#endif
#ifdef SO_ERROR
    SHOW(SO_ERROR);
#else
    printf("SO_ERROR undefined\n");
#endif
#ifdef SO_KEEPALIVE
    SHOW(SO_KEEPALIVE);
#else
    printf("SO_KEEPALIVE undefined\n");
#endif
#ifdef SO_LINGER
    SHOW(SO_LINGER);
#else
    printf("SO_LINGER undefined\n");
#endif
#ifdef SO_PROTOCOL
    SHOW(SO_PROTOCOL);
#else
    printf("SO_PROTOCOL undefined\n");
#endif
#ifdef SO_RCVBUF
    SHOW(SO_RCVBUF);
#else
    printf("SO_RCVBUF undefined\n");
#endif
#ifdef SO_RCVTIMEO
    SHOW(SO_RCVTIMEO);
#else
    printf("SO_RCVTIMEO undefined\n");
#endif
#ifdef SO_REUSEADDR
    SHOW(SO_REUSEADDR);
#else
    printf("SO_REUSEADDR undefined\n");
#endif
#ifdef SO_SNDBUF
    SHOW(SO_SNDBUF);
#else
    printf("SO_SNDBUF undefined\n");
#endif
#ifdef SO_SNDTIMEO
    SHOW(SO_SNDTIMEO);
#else
    printf("SO_SNDTIMEO undefined\n");
#endif
#ifdef SO_TYPE
    SHOW(SO_TYPE);
#else
    printf("SO_TYPE undefined\n");
#endif
#ifdef S_IFMT
    SHOW(S_IFMT);
#else
    printf("S_IFMT undefined\n");
#endif
#ifdef S_IFBLK
    SHOW(S_IFBLK);
#else
    printf("S_IFBLK undefined\n");
#endif
#ifdef S_IFCHR
    SHOW(S_IFCHR);
#else
    printf("S_IFCHR undefined\n");
#endif
#ifdef S_IFDIR
    SHOW(S_IFDIR);
#else
    printf("S_IFDIR undefined\n");
#endif
#ifdef S_IFIFO
    SHOW(S_IFIFO);
#else
    printf("S_IFIFO undefined\n");
#endif
#ifdef S_IFLNK
    SHOW(S_IFLNK);
#else
    printf("S_IFLNK undefined\n");
#endif
#ifdef S_IFREG
    SHOW(S_IFREG);
#else
    printf("S_IFREG undefined\n");
#endif
#ifdef S_IFSOCK
    SHOW(S_IFSOCK);
#else
    printf("S_IFSOCK undefined\n");
#endif
#ifdef TCP_KEEPCNT
    SHOW(TCP_KEEPCNT);
#else
    printf("TCP_KEEPCNT undefined\n");
#endif
#ifdef TCP_KEEPIDLE
    SHOW(TCP_KEEPIDLE);
#else
    printf("TCP_KEEPIDLE undefined\n");
#endif
#ifdef TCP_KEEPINTVL
    SHOW(TCP_KEEPINTVL);
#else
    printf("TCP_KEEPINTVL undefined\n");
#endif
#ifdef TCP_NODELAY
    SHOW(TCP_NODELAY);
#else
    printf("TCP_NODELAY undefined\n");
#endif
#ifdef FIONREAD
    SHOW(FIONREAD);
#else
    printf("FIONREAD undefined\n");
#endif
#ifdef FIONBIO
    SHOW(FIONBIO);
#else
    printf("FIONBIO undefined\n");
#endif
#ifdef EAGAIN
    SHOW(EAGAIN);
#else
    printf("EAGAIN undefined\n");
#endif
#ifdef EWOULDBLOCK
    SHOW(EWOULDBLOCK);
#else
    printf("EWOULDBLOCK undefined\n");
#endif
#ifdef EINPROGRESS
    SHOW(EINPROGRESS);
#else
    printf("EINPROGRESS undefined\n");
#endif
#ifdef ECONNREFUSED
    SHOW(ECONNREFUSED);
#else
    printf("ECONNREFUSED undefined\n");
#endif
#ifdef ENOTCONN
    SHOW(ENOTCONN);
#else
    printf("ENOTCONN undefined\n");
#endif
#ifdef EISCONN
    SHOW(EISCONN);
#else
    printf("EISCONN undefined\n");
#endif
#ifdef EADDRINUSE
    SHOW(EADDRINUSE);
#else
    printf("EADDRINUSE undefined\n");
#endif
#ifdef ETIMEDOUT
    SHOW(ETIMEDOUT);
#else
    printf("ETIMEDOUT undefined\n");
#endif
#ifdef ECONNRESET
    SHOW(ECONNRESET);
#else
    printf("ECONNRESET undefined\n");
#endif
#ifdef ENOTTY
    SHOW(ENOTTY);
#else
    printf("ENOTTY undefined\n");
#endif
#ifdef FD_SETSIZE
    SHOW(FD_SETSIZE);
#else
    printf("FD_SETSIZE undefined\n");
#endif
#ifdef PIPE_BUF
    SHOW(PIPE_BUF);
#else
    printf("PIPE_BUF undefined\n");
#endif
#ifdef PF_INET
    SHOW(PF_INET);
#else
    printf("PF_INET undefined\n");
#endif
#ifdef PF_INET6
    SHOW(PF_INET6);
#else
    printf("PF_INET6 undefined\n");
#endif
#ifdef PF_UNSPEC
    SHOW(PF_UNSPEC);
#else
    printf("PF_UNSPEC undefined\n");
#endif
    printf("sizeof struct stat %zu, pollfd %zu, fd_set %zu, timespec %zu, timeval %zu\n",
           sizeof(struct stat), sizeof(struct pollfd), sizeof(fd_set), sizeof(struct timespec),
           sizeof(struct timeval));
    printf("sizeof addrinfo %zu, sockaddr_in %zu, sockaddr_in6 %zu, sockaddr_storage %zu, "
           "msghdr %zu, iovec %zu, linger %zu\n",
           sizeof(struct addrinfo), sizeof(struct sockaddr_in), sizeof(struct sockaddr_in6),
           sizeof(struct sockaddr_storage), sizeof(struct msghdr), sizeof(struct iovec),
           sizeof(struct linger));
    LAYOUT(struct stat, st_dev);
    LAYOUT(struct stat, st_ino);
    LAYOUT(struct stat, st_mode);
    LAYOUT(struct stat, st_nlink);
    LAYOUT(struct stat, st_size);
    LAYOUT(struct stat, st_atim);
    LAYOUT(struct stat, st_mtim);
    LAYOUT(struct stat, st_ctim);
    LAYOUT(struct addrinfo, ai_flags);
    LAYOUT(struct addrinfo, ai_family);
    LAYOUT(struct addrinfo, ai_socktype);
    LAYOUT(struct addrinfo, ai_protocol);
    LAYOUT(struct addrinfo, ai_addrlen);
    LAYOUT(struct addrinfo, ai_addr);
    LAYOUT(struct addrinfo, ai_canonname);
    LAYOUT(struct addrinfo, ai_next);
    LAYOUT(struct sockaddr_in, sin_family);
    LAYOUT(struct sockaddr_in, sin_port);
    LAYOUT(struct sockaddr_in, sin_addr);
    LAYOUT(struct sockaddr_in6, sin6_family);
    LAYOUT(struct sockaddr_in6, sin6_port);
    LAYOUT(struct sockaddr_in6, sin6_flowinfo);
    LAYOUT(struct sockaddr_in6, sin6_addr);
    LAYOUT(struct sockaddr_in6, sin6_scope_id);
    LAYOUT(struct msghdr, msg_name);
    LAYOUT(struct msghdr, msg_namelen);
    LAYOUT(struct msghdr, msg_iov);
    LAYOUT(struct msghdr, msg_iovlen);
    LAYOUT(struct msghdr, msg_control);
    LAYOUT(struct msghdr, msg_controllen);
    LAYOUT(struct msghdr, msg_flags);
    LAYOUT(struct linger, l_onoff);
    LAYOUT(struct linger, l_linger);
    /* fd_set is a list in wasi-libc, used through FD_SET/FD_ISSET: their effect, too. */
    fd_set s;
    FD_ZERO(&s);
    FD_SET(5, &s);
    FD_SET(700, &s);
    printf("fd_set with 5 and 700: %d %d %d\n", FD_ISSET(5, &s) != 0, FD_ISSET(700, &s) != 0,
           FD_ISSET(6, &s) != 0);
    return 0;
}
