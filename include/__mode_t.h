/* p3shim: wasi-libc's file-type bits with S_IFIFO as every other libc has it. wasi-libc
 * before 2023 gives FIFOs the socket type (S_IFIFO == S_IFSOCK == 0xc000); libp3shim.a
 * reports pipe ends as 0x1000, as current wasi-libc, musl and glibc do, so S_ISFIFO works
 * with either libc and a pipe is never taken for a socket. Every libc header that defines
 * the S_IF* bits includes this one. */
#include_next <__mode_t.h>

#if defined(S_IFIFO) && S_IFIFO != 0x1000
#undef S_IFIFO
#define S_IFIFO 0x1000
#endif
