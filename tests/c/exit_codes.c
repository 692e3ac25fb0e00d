/* Exit statuses reach the host unchanged; buffered output is flushed first. */
#include "check.h"

int main(int argc, char **argv) {
    const char *mode = argc > 2 ? argv[2] : "zero";
    printf("mode %s", mode); /* no newline: only the exit path flushes it */
    if (!strcmp(mode, "zero")) exit(0);
    if (!strcmp(mode, "three")) exit(3);
    if (!strcmp(mode, "max")) exit(255);
    if (!strcmp(mode, "return42")) return 42;
    if (!strcmp(mode, "failure")) return EXIT_FAILURE;
    if (!strcmp(mode, "underscore_exit")) { fflush(stdout); _Exit(9); }
    if (!strcmp(mode, "abort")) { fflush(stdout); abort(); }
    return 0;
}
