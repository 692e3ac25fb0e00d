//! The engine's global state: one object in engine-owned memory, found through a wasm
//! global (the adapter may have no statics with data). It is built in layers, each the
//! first field of the next, so that code reaches only its own layer's part: `base::Base`
//! (allocators, tracer, doors), `wait::Waits` (the waitable set), `linger::Lingering`
//! (output closed before the host took it), then this, what the descriptor kinds keep,
//! then the descriptor table (`desc.rs`).

use crate::base::STATE_BYTES;
use crate::stream::linger::Lingering;
use crate::stream::{Reader, Writer};

/// Everything the engine remembers. All-zero bytes are a valid empty state, so a fresh
/// zeroed allocation needs no initialiser (which would need data).
#[repr(C)]
pub struct State {
    /// First: the parts of the layers below (`base::Base` in `wait::Waits` in this), so
    /// that each finds its own at the state's address.
    pub lower: Lingering,
    /// Bumped by every change to file contents; a read stream opened under an older
    /// generation is reopened, since a host may have read ahead of the change.
    pub fs_gen: u64,
    /// The files whose offset may be "at the end" after an append: a list through
    /// `fs::File` (0: empty; see `fs::settle_append_offsets`).
    pub lazy_files: usize,
    pub stdin: Reader,
    pub stdout: Writer,
    pub stderr: Writer,
    /// Whether stdout/stderr are terminals (1 = no, 2 = yes, 0 = not asked yet).
    pub tty: [u8; 3],
    /// Directory cursors kept for reuse after `closedir`: a list through `dir::Cursor`
    /// (0: empty).
    pub free_cursors: usize,
    /// `io::GATHER_MAX` bytes where `io::write` joins small iovecs (0: not needed yet).
    pub gather: usize,
}

const _: () = assert!(core::mem::size_of::<State>() <= STATE_BYTES);

/// The engine state, created on first use (by `base::base`).
#[inline(always)]
pub fn state() -> &'static mut State {
    // SAFETY: the block holds a State (`STATE_BYTES` zeroed bytes, checked above), which
    // starts with the lower layers' parts; one thread, no re-entry, so one `&mut` at a time.
    unsafe { &mut *(crate::base::block() as *mut State) }
}
