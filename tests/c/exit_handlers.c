/* Constructors run before main; atexit handlers and destructors run after it,
 * in the order C specifies, and their buffered output still reaches stdout
 * before the streams close.
 * argv[2] selects how main ends: "return" (return 0), "exit" (exit(6)),
 * "exit-unflushed" (a printf without newline, then exit(7)). */
#include "check.h"

static int constructed;

__attribute__((constructor)) static void ctor(void) {
    constructed = 1;
    printf("constructor ran\n");
}

__attribute__((destructor)) static void dtor(void) {
    printf("destructor ran (buffered, no newline)");
}

static void first_registered(void) { printf("atexit handler registered first runs last\n"); }
static void second_registered(void) { printf("atexit handler registered second runs first\n"); }

int main(int argc, char **argv) {
    const char *mode = argc > 2 ? argv[2] : "return";
    printf("main sees constructed=%d\n", constructed);
    CHECK(atexit(first_registered) == 0);
    CHECK(atexit(second_registered) == 0);
    /* Big enough that stdio must have buffered part of it. */
    for (int i = 0; i < 200; i++) printf("%s line %03d of buffered output\n", mode, i);
    if (strcmp(mode, "exit") == 0) exit(6);
    if (strcmp(mode, "exit-unflushed") == 0) {
        printf("tail without newline|");
        exit(7);
    }
    return 0;
}
