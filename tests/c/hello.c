/* stdio basics: printf formatting, puts, fputs, putchar, stderr, and that
 * buffered stdout is flushed at exit. */
#include "check.h"

int main(void) {
    printf("hello from p3shim\n");
    printf("int %d, negative %d, unsigned %u, hex %x, octal %o\n", 42, -7, 3000000000u, 0xbeef, 8);
    printf("long long %lld, size %zu, char %c, percent %%\n", -1234567890123LL, (size_t)65536, 'Z');
    printf("string [%s] padded [%8s] left [%-6s] precision [%.3s]\n", "abc", "right", "left", "truncate");
    printf("float %.3f, exp %.2e, general %g\n", 3.14159, 12345.678, 0.0001);
    puts("puts adds a newline");
    fputs("fputs does not", stdout);
    putchar('\n');
    fprintf(stderr, "this line goes to stderr\n");
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%05d|%+d|%s", 42, 5, "snprintf");
    printf("snprintf wrote %d bytes: %s\n", n, buf);
    /* No trailing newline: exit must flush it. */
    printf("last line without newline");
    return 0;
}
