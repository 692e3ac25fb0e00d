/*
 * p3shim.h: what libp3shim.a adds to a wasip1 C program.
 *
 * Build with `-I include` (this directory) and link with p3shim_glue.o and `-lp3shim`
 * (p3shim-cc and `pkg-config --libs p3shim` do both). The headers here wrap the libc's own
 * with `#include_next` and declare what wasip1's wasi-libc lacks, so POSIX code compiles
 * unchanged with Debian's 2022 wasi-libc and with a current one (wasi-sdk's, Zig's):
 *
 *   <unistd.h>  pipe, pipe2, dup, dup2, dup3
 *   <fcntl.h>   F_DUPFD, F_DUPFD_CLOEXEC (fcntl also handles F_GETFL/F_SETFL with
 *               O_NONBLOCK and O_APPEND, F_GETFD/F_SETFD with FD_CLOEXEC)
 *   <poll.h>    poll (p3shim's: entries without events wait, POLLNVAL/POLLHUP/POLLERR),
 *               ppoll (declared without _GNU_SOURCE), POLLPRI/POLLRDBAND/POLLWRBAND
 *   <limits.h>  PIPE_BUF
 *   <sys/socket.h>, <netdb.h>, <arpa/inet.h>  BSD sockets and name resolution, PF_*
 *   <__mode_t.h>  S_IFIFO as 0x1000 with the 2022 libc too (it gave FIFOs the socket type)
 *   select, pselect (exception sets wait; nothing is ever exceptional) and ioctl
 *   (FIONREAD, FIONBIO) are p3shim's too; fstat reports S_IFIFO for pipe ends.
 */
#ifndef P3SHIM_H
#define P3SHIM_H

#define P3SHIM_VERSION_MAJOR 0
#define P3SHIM_VERSION_MINOR 1

#include <fcntl.h>
#include <unistd.h>

#endif
