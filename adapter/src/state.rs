//! The engine's global state: one object in engine-owned memory, found through a wasm
//! global (the adapter may have no statics with data).

use crate::fd::Table;
use crate::mem::{Arena, Bump, Recycler};
use crate::stream::{Reader, Writer};

unsafe extern "C" {
    fn p3shim_state_get() -> *mut u8;
    fn p3shim_state_set(p: *mut u8);
    fn p3shim_stack_state() -> i32;
}

/// Everything the engine remembers. All-zero bytes are a valid empty state, so a fresh
/// zeroed allocation needs no initialiser (which would need data).
pub struct State {
    pub bump: Bump,
    pub arena: Arena,
    pub blocks: Recycler,
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
    /// `P3SHIM_TRACE` call tracing.
    pub trace: crate::trace::Tracer,
    /// The socket side of `netgate`, stored by the first socket (static form).
    #[cfg(feature = "static-shim")]
    pub net_door: Option<fn(crate::netgate::Op<'_>) -> crate::netgate::Out>,
    /// The file side of `filegate`, stored by the first file opened or directory read.
    #[cfg(feature = "static-shim")]
    pub file_door: Option<fn(crate::filegate::Op<'_>) -> crate::filegate::Out>,
    /// wit-component's stack allocation state, read once so the global stays live.
    pub stack_state: i32,
}

/// The engine state, created on first use.
pub fn state() -> &'static mut State {
    // SAFETY: the pointer is either null or the State `create_state` allocated; the engine
    // runs on one thread and never re-enters itself, so handing out one `&mut` is sound.
    unsafe {
        let p = p3shim_state_get() as *mut State;
        if p.is_null() {
            return create_state();
        }
        &mut *p
    }
}

/// First use: kept out of `state`, which every call reaches many times, so that `state`
/// itself needs no stack frame.
#[cold]
#[inline(never)]
fn create_state() -> &'static mut State {
    // SAFETY: fresh zeroed pages for the State, published before `init` uses them.
    unsafe {
        let p = crate::mem::pages(core::mem::size_of::<State>()) as *mut State;
        p3shim_state_set(p as *mut u8);
        (*p).stack_state = p3shim_stack_state();
        crate::init();
        &mut *p
    }
}

/// A zeroed engine block of at least `size` bytes, to be returned with `give_block`.
pub fn take_block(size: usize) -> *mut u8 {
    let st = state();
    st.blocks.take(&mut st.bump, size)
}

/// Returns a block from `take_block(size)`.
pub fn give_block(p: *mut u8, size: usize) {
    state().blocks.give(p, size)
}

/// Arena `realloc` used for values the host lowers into the engine (lists, strings).
pub fn import_realloc(old: *mut u8, old_size: usize, align: usize, new_size: usize) -> *mut u8 {
    state().arena.realloc(old, old_size, align, new_size)
}
