//! Output that was closed before the host took all of it: a socket, stdout or stderr
//! closed with bytes still in its write-behind buffer, or whose host still has to finish
//! sending. As on Linux, `close` returns at once and the bytes keep going out in the
//! background: each such writer becomes an entry here, its one waitable (the stream while
//! a copy is in flight, then the stream's future) joined to whatever set the engine waits
//! on, so every blocking wait and every `poll` moves it on. At exit the engine waits for
//! the entries while the host keeps taking bytes (`finish_all`).

use crate::base::{give_block, take_block};
use crate::stream::{self, Writer};
use crate::wait;
use crate::wasi::{self, BLOCKED, EVENT_FUTURE_READ, EVENT_STREAM_WRITE};

/// Lingering output's part of the engine state, after the waits' (`state.rs` has the
/// whole).
#[repr(C)]
pub struct Lingering {
    waits: wait::Waits,
    /// The first entry (0: none).
    first: usize,
    /// The set the entries' waitables join (0: the engine's).
    set: u32,
    /// How many completions the entries have had.
    progress: u64,
}

fn state() -> &'static mut Lingering {
    // SAFETY: the state block starts with a `Lingering` (`state::State` nests it first);
    // one thread, no re-entry, so one `&mut` at a time.
    unsafe { &mut *(crate::base::block() as *mut Lingering) }
}

/// One closed writer. Entries are engine blocks linked from `Lingering::first`.
pub struct Entry {
    next: usize,
    writer: Writer,
    /// The `tcp-socket` to drop once the host has everything (0: none).
    sock: u32,
    /// The stream has ended; its future is being read into `result`.
    future: u32,
    result: [u32; 6],
}

/// Whether anything is still being delivered in the background.
pub fn any() -> bool {
    state().first != 0
}

/// The set lingering waitables join: a `poll` call's own set while it runs, else the
/// engine's.
fn set() -> u32 {
    match state().set {
        0 => wait::waitset(),
        s => s,
    }
}

fn each(mut f: impl FnMut(&mut Entry)) {
    let mut p = state().first;
    while p != 0 {
        // SAFETY: `p` is a live entry block on the list; `f` does not unlink it.
        let e = unsafe { &mut *(p as *mut Entry) };
        p = e.next;
        f(e);
    }
}

impl Entry {
    fn waitable(&self) -> u32 {
        if self.future != 0 {
            self.future
        } else {
            self.writer.stream
        }
    }

    /// Moves the entry on without waiting; true once it is done.
    fn advance(&mut self) -> bool {
        if self.future != 0 {
            return false;
        }
        if !self.writer.flushed_nowait() {
            // SAFETY: the stream is live and the engine's.
            unsafe { wasi::waitable_join(self.writer.stream, set()) };
            return false;
        }
        if self.writer.stream != 0 {
            // SAFETY: leave any set before the stream is dropped.
            unsafe { wasi::waitable_join(self.writer.stream, 0) };
        }
        let future = self.writer.end_nowait();
        if future == 0 {
            return true;
        }
        let code = stream::future_start(
            self.writer.site,
            future,
            self.result.as_mut_ptr() as *mut u8,
        );
        if code == BLOCKED {
            self.future = future;
            // SAFETY: the future is live and the engine's.
            unsafe { wasi::waitable_join(future, set()) };
            return false;
        }
        stream::future_drop(self.writer.site, future);
        true
    }

    fn release(&mut self) {
        self.writer.free_buffer();
        if self.sock != 0 {
            // The socket is ours and its streams have ended.
            crate::netgate::drop_tcp(self.sock);
        }
    }
}

/// Takes over `w` (and `sock`, the socket it sends on, dropped when done): returns at once,
/// the host gets the rest in the background.
/// Returns the entry (0 when it finished at once).
pub fn adopt(w: &mut Writer, sock: u32) -> usize {
    let e = take_block(core::mem::size_of::<Entry>()) as *mut Entry;
    // SAFETY: a fresh zeroed block sized for an Entry (all-zero is a valid Entry).
    let entry = unsafe { &mut *e };
    entry.writer = core::mem::take(w);
    entry.writer.quiet = true;
    entry.sock = sock;
    if entry.advance() {
        entry.release();
        give_block(e as *mut u8, core::mem::size_of::<Entry>());
        return 0;
    }
    let st = state();
    entry.next = st.first;
    st.first = e as usize;
    e as usize
}

fn contains(entry: usize) -> bool {
    let mut found = false;
    each(|e| found |= e as *mut Entry as usize == entry);
    found
}

/// Hands a waitable event to the entry it belongs to; true when one took it.
pub fn deliver(code: u32, which: u32, payload: u32) -> bool {
    let st = state();
    let mut link: *mut usize = &mut st.first;
    // SAFETY: `link` points at the list head or at a live entry's `next` field.
    while unsafe { *link } != 0 {
        let p = unsafe { *link };
        // SAFETY: `p` is a live entry block on the list.
        let e = unsafe { &mut *(p as *mut Entry) };
        let done = if code == EVENT_STREAM_WRITE && e.future == 0 && which == e.writer.stream {
            e.writer.complete(payload);
            st.progress += 1;
            e.advance()
        } else if code == EVENT_FUTURE_READ && e.future != 0 && which == e.future {
            // SAFETY: leave the set before dropping the future.
            unsafe { wasi::waitable_join(e.future, 0) };
            stream::future_drop(e.writer.site, e.future);
            e.future = 0;
            st.progress += 1;
            true
        } else {
            link = &mut e.next;
            continue;
        };
        if done {
            // SAFETY: unlink the finished entry; `link` still points at its predecessor.
            unsafe { *link = e.next };
            e.release();
            give_block(p as *mut u8, core::mem::size_of::<Entry>());
        }
        return true;
    }
    false
}

/// Moves every entry's waitable to `set` (a `poll` call's), or back to the engine's set
/// with 0, before that set is dropped.
pub fn rejoin(set_id: u32) {
    state().set = set_id;
    let target = set();
    each(|e| {
        let h = e.waitable();
        if h != 0 {
            // SAFETY: the waitable is live and the engine's.
            unsafe { wasi::waitable_join(h, target) };
        }
    });
}

/// At exit: waits for every entry while the host keeps taking bytes, giving up once
/// `idle` nanoseconds pass without progress (a peer that never reads).
pub fn finish_all(idle: u64) {
    wait_done(0, idle, true);
}

/// `SO_LINGER`: waits up to `ns` nanoseconds for `entry` to finish.
pub fn wait_entry(entry: usize, ns: u64) {
    if entry != 0 {
        wait_done(entry, ns, false);
    }
}

/// Waits until `only` (0: every entry) is done, or `ns` passes (with `idle`: passes
/// without progress).
fn wait_done(only: usize, ns: u64, idle: bool) {
    let done = || if only == 0 { !any() } else { !contains(only) };
    while !done() {
        let set = wait::CallSet::new();
        rejoin(set.id());
        let before = state().progress;
        let mut timer = wait::Timer::start(ns, &set, deliver);
        while timer.as_ref().is_some_and(|t| !t.fired()) && !done() {
            let (code, which, payload) = set.wait();
            if !timer
                .as_mut()
                .is_some_and(|t| t.takes(code, which, payload))
            {
                deliver(code, which, payload);
            }
        }
        let timed_out = timer.as_ref().is_none_or(|t| t.fired());
        drop(timer);
        rejoin(0);
        if timed_out && (!idle || state().progress == before) {
            return;
        }
    }
}
