//! p3shim: the POSIX engine over WASIp3 and the preview1 adapter built from it.
//!
//! Layers, bottom to top: `wasi` (raw imports) and `state`/`mem` (global state) →
//! `wait`, `stream` (the readiness/completion bridge), `fd` (descriptor table), `clocks` →
//! `fs`, `dir`, `stdio`, `pipe`, `cli`, `sockaddr`/`socket`/`tcp`/`udp`/`dns` → `io` (any
//! descriptor), `poll` → the faces:
//! `preview1` (exports), `c_abi` (static shim only) and `run`.
//!
//! The crate obeys wit-component's adapter rules: no data or element sections, no tables,
//! no start function, state reached through a wasm global.

#![no_std]
#![cfg_attr(not(target_family = "wasm"), allow(dead_code, unused_imports))]

#[cfg(target_family = "wasm")]
mod abi;
#[cfg(all(target_family = "wasm", feature = "static-shim"))]
mod c_abi;
#[cfg(target_family = "wasm")]
mod cli;
#[cfg(target_family = "wasm")]
mod clocks;
#[cfg(target_family = "wasm")]
mod dir;
#[cfg(target_family = "wasm")]
mod dns;
#[cfg(target_family = "wasm")]
pub mod errno;
#[cfg(target_family = "wasm")]
mod fd;
#[cfg(target_family = "wasm")]
mod filegate;
#[cfg(target_family = "wasm")]
mod fs;
#[cfg(target_family = "wasm")]
mod gate;
#[cfg(target_family = "wasm")]
mod io;
#[cfg(target_family = "wasm")]
mod linger;
#[cfg(target_family = "wasm")]
mod mem;
#[cfg(target_family = "wasm")]
mod net_abi;
#[cfg(target_family = "wasm")]
mod netgate;
#[cfg(target_family = "wasm")]
mod pipe;
#[cfg(target_family = "wasm")]
mod poll;
#[cfg(target_family = "wasm")]
pub mod preview1;
#[cfg(target_family = "wasm")]
mod run;
#[cfg(target_family = "wasm")]
mod sockaddr;
#[cfg(target_family = "wasm")]
mod socket;
#[cfg(target_family = "wasm")]
mod state;
#[cfg(target_family = "wasm")]
mod stdio;
#[cfg(target_family = "wasm")]
mod stream;
#[cfg(target_family = "wasm")]
mod tcp;
#[cfg(target_family = "wasm")]
pub mod trace;
#[cfg(target_family = "wasm")]
mod udp;
#[cfg(target_family = "wasm")]
mod wait;
#[cfg(target_family = "wasm")]
mod wasi;

/// Stops the program on an engine invariant violation. The adapter cannot carry message
/// text (no data section), so only the static shim prints one.
#[macro_export]
macro_rules! fatal {
    ($msg:literal) => {{
        #[cfg(feature = "static-shim")]
        $crate::fatal_message(concat!($msg, "\n").as_bytes());
        core::arch::wasm32::unreachable()
    }};
}

#[cfg(all(target_family = "wasm", feature = "static-shim"))]
#[doc(hidden)]
pub fn fatal_message(msg: &[u8]) {
    let iov = abi::Iovec {
        buf: msg.as_ptr() as *mut u8,
        len: msg.len(),
    };
    let _ = stdio::write(fd::Kind::Stderr, &[iov], false);
    let _ = stdio::flush();
}

/// Sets up descriptors 0-2 and the preopened directories (from 3 on).
#[cfg(target_family = "wasm")]
fn init() {
    cli::init_trace();
    let fds = &mut state::state().fds;
    for (n, kind) in [fd::Kind::Stdin, fd::Kind::Stdout, fd::Kind::Stderr]
        .into_iter()
        .enumerate()
    {
        if let Ok(idx) = fds.new_ofd(kind) {
            fds.install_at(idx, n as u32);
        }
    }
    let mut ret = [0usize; 2];
    state::state().arena.reset();
    // SAFETY: `ret` receives (ptr, len) of `list<tuple<descriptor, string>>` in the arena.
    unsafe { wasi::filesystem::get_directories(ret.as_mut_ptr().cast()) };
    let list = ret[0] as *const u32;
    for i in 0..ret[1] {
        // SAFETY: each element is (handle: u32, name ptr: u32, name len: u32).
        let (handle, name, len) =
            unsafe { (*list.add(3 * i), *list.add(3 * i + 1), *list.add(3 * i + 2)) };
        if fs::add_preopen(handle, name as *const u8, len as usize).is_err() {
            // SAFETY: the handle is ours and no descriptor refers to it.
            unsafe { wasi::filesystem::drop_descriptor(handle) };
        }
    }
}

/// How long exit waits for output the host has stopped taking: each time the host takes
/// bytes of a socket, stdout or stderr the wait starts again, so a host that consumes
/// slowly gets everything and one that never reads costs this much once.
#[cfg(target_family = "wasm")]
const EXIT_IDLE_NS: u64 = 3_000_000_000;

/// Flushes and closes every output stream so that no byte is lost at exit (output the host
/// has stopped taking gets `EXIT_IDLE_NS`).
#[cfg(target_family = "wasm")]
fn flush_all() -> Result<(), errno::Errno> {
    let mut result = Ok(());
    for ofd in state::state().fds.each_live() {
        if matches!(ofd.kind, fd::Kind::Tcp) {
            // Sent in the background like a closed socket's, within the exit bound.
            if ofd.writer.is_open() {
                linger::adopt(&mut ofd.writer, 0);
            }
        } else if let Err(e) = ofd.writer.close() {
            result = Err(e);
        }
    }
    stdio::linger_unsent();
    linger::finish_all(EXIT_IDLE_NS);
    stdio::flush().and(result)
}

#[cfg(all(target_family = "wasm", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
