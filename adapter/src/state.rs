//! The engine's global state: one object in engine-owned memory, found through a wasm
//! global (the adapter may have no statics with data). Its first part is `base::Base`
//! (allocators, tracer), which the layer below reaches on its own.

use crate::base::{Base, STATE_BYTES};
use crate::fd::Table;
use crate::stream::{Reader, Writer};

/// Everything the engine remembers. All-zero bytes are a valid empty state, so a fresh
/// zeroed allocation needs no initialiser (which would need data).
#[repr(C)]
pub struct State {
    /// First, so that `base::base()` finds it at the state's address.
    pub base: Base,
    pub waitset: u32,
    /// Bumped by every change to file contents; a read stream opened under an older
    /// generation is reopened, since a host may have read ahead of the change.
    pub fs_gen: u64,
    /// Which descriptions may hold a lazy "at the end" offset after an append: 0 none,
    /// an `Ofd` address when at most that one does, 1 when several may (see fs.rs).
    pub lazy_end: usize,
    pub fds: Table,
    pub stdin: Reader,
    pub stdout: Writer,
    pub stderr: Writer,
    /// Whether stdout/stderr are terminals (1 = no, 2 = yes, 0 = not asked yet).
    pub tty: [u8; 3],
    /// A directory cursor kept for reuse after `closedir`.
    pub free_cursor: Option<&'static mut crate::fd::DirCursor>,
    /// Output closed before the host took it all (`linger.rs`): the first entry (0: none),
    /// the set its waitables join (0: the engine's), and a count of its completions.
    pub lingering: usize,
    pub linger_set: u32,
    pub linger_progress: u64,
}

const _: () = assert!(core::mem::size_of::<State>() <= STATE_BYTES);

/// The engine state, created on first use (by `base::base`).
#[inline(always)]
pub fn state() -> &'static mut State {
    // SAFETY: the block holds a State (`STATE_BYTES` zeroed bytes, checked above), whose
    // first field is the Base; one thread, no re-entry, so one `&mut` at a time.
    unsafe { &mut *(crate::base::block() as *mut State) }
}
