/* p3shim: <fcntl.h> plus F_DUPFD, which wasip1's wasi-libc leaves out. */
#include_next <fcntl.h>

#ifndef F_DUPFD
#define F_DUPFD 0
#endif

#ifndef F_DUPFD_CLOEXEC
#define F_DUPFD_CLOEXEC 1030
#endif
