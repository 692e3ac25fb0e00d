//! `libp3shim.a`: the p3shim engine linked straight into a C program.
//!
//! The engine defines wasi-libc's `__imported_wasi_snapshot_preview1_*` functions, so the
//! program's preview1 calls resolve at link time, plus `wasi:cli/run@0.3.0#run`,
//! `cabi_realloc` and the `component-type` metadata that `wasm-tools component new` needs.

#![no_std]

pub use p3shim_adapter::*;
