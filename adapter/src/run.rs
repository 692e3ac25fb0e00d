//! The program's start and end: the `wasi:cli/run@0.3.0#run` export, `exit` and
//! `raise`, and the canonical-ABI allocator exports.

/// Adapter: run the wasip1 program's `_start`, then flush. `run` is async-typed, so the
/// task may block inside the program's calls.
#[cfg(not(feature = "static-shim"))]
#[unsafe(export_name = "wasi:cli/run@0.3.0#run")]
pub extern "C" fn run() -> u32 {
    #[link(wasm_import_module = "__main_module__")]
    unsafe extern "C" {
        #[link_name = "_start"]
        fn start();
    }
    crate::mem::reserve();
    start_engine();
    // SAFETY: `_start` is the wasip1 command entry point; it is called exactly once.
    unsafe { start() };
    match crate::desc::flush_at_exit() {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

/// Static shim: run constructors, `main` and `exit` (which flushes stdio and ends in
/// `proc_exit`, where the engine closes its streams). The C glue (`libc-shim/c/exports.c`)
/// exports it as `wasi:cli/run@0.3.0#run`: a Rust export name does not make a wasm export
/// in a static library, and a C `export_name` attribute does, with no linker option.
#[cfg(feature = "static-shim")]
#[unsafe(export_name = "p3shim_run")]
pub extern "C" fn run() -> u32 {
    unsafe extern "C" {
        fn __wasm_call_ctors();
        fn __main_void() -> i32;
        fn exit(code: i32) -> !;
    }
    start_engine();
    // SAFETY: the C runtime's entry sequence, run once; `exit` does not return.
    unsafe {
        __wasm_call_ctors();
        exit(__main_void())
    }
}

/// Before the program runs: tracing, if the program has the tracer and the environment
/// asks for it. The descriptor table (std streams, preopened directories) fills itself on
/// first use, so a program that never touches a descriptor asks the host for nothing.
fn start_engine() {
    crate::trace::start();
}

/// Where the host puts lists and strings returned by imports (the engine arena).
#[cfg(not(feature = "static-shim"))]
#[unsafe(export_name = "cabi_import_realloc")]
pub extern "C" fn cabi_import_realloc(
    old: *mut u8,
    old_size: usize,
    align: usize,
    new_size: usize,
) -> *mut u8 {
    crate::base::import_realloc(old, old_size, align, new_size)
}

/// In the static shim the program's `cabi_realloc` export (from the C glue) serves imports:
/// the engine arena.
#[cfg(feature = "static-shim")]
#[unsafe(export_name = "p3shim_cabi_realloc")]
pub extern "C" fn cabi_realloc(
    old: *mut u8,
    old_size: usize,
    align: usize,
    new_size: usize,
) -> *mut u8 {
    crate::base::import_realloc(old, old_size, align, new_size)
}

/// Flushes every output stream, then ends the component with `code`.
pub fn exit(code: u32) -> ! {
    let _ = crate::desc::flush_at_exit();
    // SAFETY: these imports take no pointers; they end the component and never return.
    unsafe {
        if code == 0 {
            crate::wasi::cli::exit(0)
        } else {
            // POSIX keeps the low 8 bits of the status; WASIp3 carries them unchanged.
            crate::wasi::cli::exit_with_code(code & 0xff)
        }
    }
    core::arch::wasm32::unreachable()
}

/// `proc_raise`: there is no signal delivery, so apply each signal's default action:
/// terminate with the shell's 128+N status, or ignore.
pub fn raise(sig: u8) -> Result<(), crate::errno::Errno> {
    // Preview1 signal numbers -> Linux numbers (they differ from 16 on).
    let linux = match sig {
        0 => return Ok(()),
        1..=15 => sig as u32,
        16 | 17 | 22 | 27 => return Ok(()), // CHLD, CONT, URG, WINCH: ignored by default
        18..=21 => return Ok(()),           // STOP, TSTP, TTIN, TTOU: no job control here
        23 => 24,
        24 => 25,
        25 => 26,
        26 => 27,
        28 => 29,
        29 => 30,
        30 => 31,
        _ => return Err(crate::errno::EINVAL),
    };
    exit(128 + linux)
}
