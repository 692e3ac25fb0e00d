/*
 * p3shim.h: what libp3shim.a adds to a wasip1 C program.
 *
 * Build with `-I include` (this directory) and link with `-lp3shim`. The headers here wrap
 * the libc's own (<unistd.h>, <fcntl.h>) with `#include_next` and declare what wasip1's
 * wasi-libc lacks, so POSIX code compiles unchanged:
 *
 *   <unistd.h>  pipe, pipe2, dup, dup2, dup3
 *   <fcntl.h>   F_DUPFD (fcntl also handles F_DUPFD_CLOEXEC, F_GETFL/F_SETFL with
 *               O_NONBLOCK and O_APPEND, F_GETFD/F_SETFD)
 *   <poll.h>    poll (p3shim's: entries without events, POLLNVAL/POLLHUP/POLLERR) and
 *               ppoll (with _GNU_SOURCE, as on Linux); select and pselect are the libc's,
 *               over p3shim's readiness engine
 *   <sys/ioctl.h> FIONREAD, FIONBIO (the libc's, over the same engine)
 *   fstat reports S_IFIFO for pipe ends.
 */
#ifndef P3SHIM_H
#define P3SHIM_H

#define P3SHIM_VERSION_MAJOR 0
#define P3SHIM_VERSION_MINOR 1

#include <fcntl.h>
#include <unistd.h>

#endif
