/*
 * p3shim.h: C declarations for programs linked against libp3shim.a.
 *
 * The preview1 layer needs no declarations: wasi-libc's own headers cover it. POSIX calls
 * that wasip1's wasi-libc lacks (pipe, dup, sockets, ...) are declared here as p3shim
 * implements them.
 */
#ifndef P3SHIM_H
#define P3SHIM_H

#define P3SHIM_VERSION_MAJOR 0
#define P3SHIM_VERSION_MINOR 1

#endif
