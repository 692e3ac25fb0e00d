/* p3shim: <limits.h> plus PIPE_BUF, which wasip1's wasi-libc leaves out (it has no pipes):
 * writes of at most PIPE_BUF bytes to a p3shim pipe are atomic. */
#include_next <limits.h>

#ifndef PIPE_BUF
#define PIPE_BUF 4096
#endif
