/* See sqlite_compat.h: both fail with ENOTSUP, as WASI has no permission bits and the
 * 2022 libc no path canonicalisation. */
#include <errno.h>
#include "sqlite_compat.h"

int chmod(const char *path, mode_t mode) {
    (void)path;
    (void)mode;
    errno = ENOTSUP;
    return -1;
}

char *realpath(const char *restrict path, char *restrict resolved) {
    (void)path;
    (void)resolved;
    errno = ENOTSUP;
    return 0;
}
