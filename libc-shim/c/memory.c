/*
 * Where the engine's pages come from in the static shim (docs/DECISIONS.md, "A program
 * without malloc carries none"). `malloc` and `calloc` are weak references: they name the
 * C allocator only when something else in the program links one, so a program that never
 * allocates carries none and the engine grows memory itself. When there is one the engine
 * asks it, since growing memory under a `malloc` is not safe with every libc (the 2022
 * wasi-libc's claims every page up to the end of memory the first time it runs).
 */
#include <stddef.h>
#include <string.h>

extern void *malloc(size_t size) __attribute__((weak));
extern void *calloc(size_t n, size_t size) __attribute__((weak));

int p3shim_libc_has_allocator(void) { return malloc != NULL || calloc != NULL; }

void *p3shim_libc_calloc(size_t bytes) {
    if (calloc != NULL)
        return calloc(1, bytes);
    void *p = malloc(bytes);
    return p != NULL ? memset(p, 0, bytes) : NULL;
}
