//! The base of the engine state: the allocators, the tracer's state and the doors, which
//! the lowest layers need. It is the first part of `state::State` (`#[repr(C)]`), so the one wasm
//! global that finds the state finds it too, and code below the state's other parts
//! reaches only this.

use crate::mem::{Arena, Bump, Recycler};

unsafe extern "C" {
    fn p3shim_state_get() -> *mut u8;
    fn p3shim_state_set(p: *mut u8);
    fn p3shim_stack_state() -> i32;
}

/// Bytes reserved for the whole `State`: one page, what `mem::pages` rounds its size up
/// to anyway (`state.rs` checks at compile time that it fits).
pub const STATE_BYTES: usize = 65536;

/// The allocators and the tracer's state. All-zero bytes are a valid empty state, so a
/// fresh zeroed allocation needs no initialiser (which would need data).
#[repr(C)]
pub struct Base {
    pub bump: Bump,
    pub arena: Arena,
    pub blocks: Recycler,
    /// `P3SHIM_TRACE` call tracing.
    pub trace: Tracer,
    /// wit-component's stack allocation state, read once so the global stays live.
    pub stack_state: i32,
    /// What is behind the socket door (`netdoor.rs`), stored by the first socket, and
    /// behind the file door (`filedoor.rs`), stored by `path_open` or a directory read:
    /// static form only, a function's address (0: closed; `gate::door_call!`).
    #[cfg(feature = "static-shim")]
    pub net_door: usize,
    #[cfg(feature = "static-shim")]
    pub file_door: usize,
    /// The exit door (`desc::flush_at_exit`): 0 until the descriptor table or the tracer
    /// exists; static form: `desc::flush_all`'s address, adapter form: 1.
    pub exit_door: usize,
    /// Static form: the writer of `fatal!`'s message on stderr, stored with the exit door
    /// (`desc::fatal_write`); 0: the program has no output machinery, the trap says it.
    #[cfg(feature = "static-shim")]
    pub fatal_door: usize,
}

/// The tracer's state (all-zero: off, nothing pending); `tracer.rs` formats into it.
pub struct Tracer {
    pub on: bool,
    /// Set while the tracer writes, so its own stderr output is not traced.
    pub busy: bool,
    /// WASIp3 operations recorded since the last call line, one per line.
    pub ops: [u8; 1536],
    pub ops_len: usize,
    pub ops_lost: u32,
    /// The program's own stderr output stopped mid-line: a trace line starts a new one.
    pub mid_line: bool,
    /// The environment was read for `P3SHIM_TRACE` (by the tracer at start-up, or when
    /// the table is first filled, which says so if it asks for a missing tracer).
    pub checked: bool,
}

/// The base of the engine state, which is created (zeroed) on first use.
pub fn base() -> &'static mut Base {
    // SAFETY: the pointer is either null or the block `create` allocated, whose first part
    // is the Base; the engine runs on one thread and never re-enters itself, so handing
    // out one `&mut` is sound.
    unsafe {
        let p = p3shim_state_get() as *mut Base;
        if p.is_null() {
            return create();
        }
        &mut *p
    }
}

/// The state's block, for `state::state`: `base()` by its address.
#[inline(always)]
pub fn block() -> *mut u8 {
    base() as *mut Base as *mut u8
}

/// First use: kept out of `base`, which every call reaches many times, so that `base`
/// itself needs no stack frame.
#[cold]
#[inline(never)]
fn create() -> &'static mut Base {
    // SAFETY: fresh zeroed pages for the whole State, published before anything uses them.
    unsafe {
        let p = crate::mem::pages(STATE_BYTES) as *mut Base;
        p3shim_state_set(p as *mut u8);
        (*p).stack_state = p3shim_stack_state();
        &mut *p
    }
}

/// A zeroed engine block of at least `size` bytes, to be returned with `give_block`.
pub fn take_block(size: usize) -> *mut u8 {
    let b = base();
    b.blocks.take(&mut b.bump, size)
}

/// Returns a block from `take_block(size)`.
pub fn give_block(p: *mut u8, size: usize) {
    base().blocks.give(p, size)
}

/// Arena `realloc` used for values the host lowers into the engine (lists, strings).
pub fn import_realloc(old: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8 {
    base().arena.realloc(old, old_size, align, new_size)
}
