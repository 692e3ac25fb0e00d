/*
 * Compatibility object for wasip1 programs built against an older wasi-libc (such as
 * Debian's 2022 package) that are turned into components with the p3shim adapter.
 *
 * That libc exports no `cabi_realloc`, so wit-component gives the adapter pages from
 * `memory.grow`, which the old dlmalloc then claims as heap; and its `crt1` never calls
 * `__wasm_call_ctors`, so wasm-ld wraps every export in constructor/destructor calls.
 * Linking this object (with -nostartfiles) fixes both: the adapter's stack and state come
 * from `malloc` through `cabi_realloc`, and `_start` runs constructors itself.
 * Current wasi-sdk and Rust's wasm32-wasip1 do not need it.
 */
#include <stdlib.h>
#include <string.h>

extern void __wasm_call_ctors(void);
extern int __main_void(void);

__attribute__((export_name("_start"))) void _start(void) {
    __wasm_call_ctors();
    exit(__main_void());
}

/* The canonical ABI allocator: `realloc` with an alignment. */
__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *ptr, size_t old_size,
                                                                size_t align, size_t new_size) {
    if (new_size == 0)
        return (void *)align;
    if (ptr == NULL || align <= 16) {
        void *p = ptr ? realloc(ptr, new_size) : aligned_alloc(align < 16 ? 16 : align,
                                                              (new_size + 15) & ~(size_t)15);
        if (p == NULL)
            abort();
        return p;
    }
    void *p = aligned_alloc(align, (new_size + align - 1) & ~(align - 1));
    if (p == NULL)
        abort();
    memcpy(p, ptr, old_size < new_size ? old_size : new_size);
    free(ptr);
    return p;
}
