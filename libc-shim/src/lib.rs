//! `libp3shim.a`: the p3shim engine linked straight into a C program.
//!
//! The engine defines every preview1 function under the names libcs import them by
//! (wasi-libc's `__imported_wasi_snapshot_preview1_*`, Zig's `NAME|wasi_snapshot_preview1`),
//! so the program's preview1 calls resolve at link time, plus the `run` and `cabi_realloc`
//! that the C glue (`p3shim_glue.o`, built by `make shim` from `c/*.c`) exports, and the
//! `component-type` metadata that `wasm-tools component new` needs.

#![no_std]

pub use p3shim_adapter::*;
