//! p3shim: the POSIX engine over WASIp3 and the preview1 adapter built from it.
//!
//! Layers, bottom to top. A module uses only modules of its own layer or below, and no
//! two modules use each other, directly or not (`tests/tests/structure.rs` reads this
//! list and checks both; a macro counts as its defining module):
//!
//! - layer 1, memory and bindings: `text`, `wasi`, `errno`, `abi`, `mem`, `base`, `trace`
//! - layer 2, streams, waiting and the table: `wait`, `gate`, `netgate`, `filegate`, `stream`, `state`, `fd`, `clocks`
//! - layer 3, descriptor kinds: `fs`, `dir`, `stdio`, `pipe`, `cli`, `sockaddr`, `socket`, `tcp`, `udp`, `net`, `dns`, `netdoor`, `filedoor`
//! - layer 4, any descriptor: `desc`, `io`, `poll`, `tracer`
//! - layer 5, the faces: `preview1`, `c_abi`, `net_abi`, `run`, `lib`
//!
//! Each descriptor kind keeps its own state (`stdio::Stdio`, `fs::File`, `dir::Dir`,
//! `pipe::End`, `tcp::Tcp`, `udp::Udp`); `desc::Desc` has one variant per kind and is what
//! the generic table (`fd::Table`) holds. Kinds never look a descriptor up: `desc`, `io`
//! and the faces do, and hand each kind its own state.
//!
//! The engine state is one block found through a wasm global, nested by layer so that
//! code reaches only its own part: `base::Base` (allocators, tracer, doors) in
//! `wait::Waits` in `linger::Lingering` in `state::State`, then the descriptor table
//! (`desc.rs`). Code below a part it needs reaches it only through a door, by symbol
//! name at link time rather than by module: the tracer (`trace` → `tracer`), the socket
//! and file kinds (`netgate` → `netdoor`, `filegate` → `filedoor`) and the static shim's
//! fatal message (`errno::fatal_message` → `p3shim_fatal_write` here).
//!
//! The crate obeys wit-component's adapter rules: no data or element sections, no tables,
//! no start function, state reached through a wasm global.

#![no_std]
#![cfg_attr(not(target_family = "wasm"), allow(dead_code, unused_imports))]

#[cfg(target_family = "wasm")]
mod abi;
#[cfg(target_family = "wasm")]
mod base;
#[cfg(all(target_family = "wasm", feature = "static-shim"))]
mod c_abi;
#[cfg(target_family = "wasm")]
mod cli;
#[cfg(target_family = "wasm")]
mod clocks;
#[cfg(target_family = "wasm")]
mod desc;
#[cfg(target_family = "wasm")]
mod dir;
#[cfg(target_family = "wasm")]
mod dns;
#[cfg(target_family = "wasm")]
pub mod errno;
#[cfg(target_family = "wasm")]
mod fd;
#[cfg(target_family = "wasm")]
mod filedoor;
#[cfg(target_family = "wasm")]
mod filegate;
#[cfg(target_family = "wasm")]
mod fs;
#[cfg(target_family = "wasm")]
mod gate;
#[cfg(target_family = "wasm")]
mod io;
#[cfg(target_family = "wasm")]
mod mem;
#[cfg(target_family = "wasm")]
mod net;
#[cfg(target_family = "wasm")]
mod net_abi;
#[cfg(target_family = "wasm")]
mod netdoor;
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
pub mod text;
#[cfg(target_family = "wasm")]
pub mod trace;
#[cfg(target_family = "wasm")]
mod tracer;
#[cfg(target_family = "wasm")]
mod udp;
#[cfg(target_family = "wasm")]
mod wait;
#[cfg(target_family = "wasm")]
mod wasi;

/// The static shim's fatal message (`errno::fatal_message`), written like any stderr
/// output. A door by symbol name: `fatal!` sits in the lowest layer, stderr above it.
#[cfg(all(target_family = "wasm", feature = "static-shim"))]
#[unsafe(no_mangle)]
pub extern "C" fn p3shim_fatal_write(msg: *const u8, len: usize) {
    desc::fatal_write(msg, len);
}

#[cfg(all(target_family = "wasm", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
