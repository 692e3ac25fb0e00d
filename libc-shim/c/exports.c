/*
 * The static shim's component exports, made with the C attribute `export_name`, which marks
 * them so the linker exports them with no option (a Rust export name does not
 * make a wasm export in a static library, and `-Wl,--export=wasi:cli/run@0.3.0#run` cannot
 * pass through pkg-config, whose files treat `#` as a comment, nor through `zig cc`, which
 * refuses linker response files). This object is always linked, so every static program has
 * them.
 */
#include <stddef.h>

unsigned p3shim_run(void);
void *p3shim_cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size);

/* The symbols are named as the exports too (asm labels): `wasm-ld -r`, which joins the
 * glue into one object, keeps a symbol's export flag but not a separate export name. */

/* wasi:cli/run: constructors, main, exit (the engine's `run`). */
__attribute__((export_name("wasi:cli/run@0.3.0#run"))) unsigned
p3shim_export_run(void) __asm__("wasi:cli/run@0.3.0#run");
unsigned p3shim_export_run(void) { return p3shim_run(); }

/* Where the host puts the lists and strings that imports return: the engine arena. */
__attribute__((export_name("cabi_realloc"))) void *
p3shim_export_cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size)
    __asm__("cabi_realloc");
void *p3shim_export_cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    return p3shim_cabi_realloc(old, old_size, align, new_size);
}

/* The tracer's door (docs/DECISIONS.md, "The tracer only where it was asked for"): null,
 * so `P3SHIM_TRACE` only prints a note, unless p3shim_trace.o (`p3shim-cc --trace`)
 * defines it and so links the engine's tracer in. */
__attribute__((weak)) void (*p3shim_tracer)(const void *event) = NULL;
