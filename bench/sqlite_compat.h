/* SQLite's shell calls chmod() and realpath(), which Debian's 2022 wasi-libc neither declares
 * nor defines. Only the shell's writefile() and realpath() SQL functions reach them, and the
 * benchmark script uses neither. bench/run.sh forces this header into the wasip1 compile
 * (-include) and links sqlite_compat.c, with that libc only. */
#ifndef P3SHIM_BENCH_SQLITE_COMPAT_H
#define P3SHIM_BENCH_SQLITE_COMPAT_H
#include <sys/types.h>
int chmod(const char *path, mode_t mode);
char *realpath(const char *restrict path, char *restrict resolved);
#endif
