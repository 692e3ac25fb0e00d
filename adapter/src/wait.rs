//! Blocking on component-model waitables: the one place the engine suspends.

use crate::base::Base;
use crate::errno::Errno;
use crate::wasi;

/// What a readiness check found (`poll`, a socket's timeout): what it waits for.
#[derive(Clone, Copy, PartialEq)]
pub enum Wants {
    /// Ready with this many bytes (an estimate), and whether the peer hung up.
    Ready(u64, bool),
    Failed(Errno),
    Clock(u64),
    /// Not ready; an event on this waitable may change that (0: none in flight).
    Wait(u32),
    Never,
}

/// The waits' part of the engine state, after the base (`state.rs` has the whole).
#[repr(C)]
pub struct Waits {
    base: Base,
    /// The engine's waitable set (0: not created yet).
    waitset: u32,
}

fn waits() -> &'static mut Waits {
    // SAFETY: the state block starts with a `Waits` (`state::State` nests it first); one
    // thread, no re-entry, so one `&mut` at a time.
    unsafe { &mut *(crate::base::block() as *mut Waits) }
}

/// The engine's waitable set, created on first use and kept for the life of the task.
pub fn waitset() -> u32 {
    let st = waits();
    if st.waitset == 0 {
        // SAFETY: a canonical built-in with no preconditions.
        st.waitset = unsafe { wasi::waitable_set_new() };
    }
    st.waitset
}

/// Joins `handle` to the engine's set (or leaves it, with `join = false`).
pub fn join(handle: u32, join: bool) {
    let set = if join { waitset() } else { 0 };
    // SAFETY: `handle` is a live waitable owned by the engine.
    unsafe { wasi::waitable_join(handle, set) };
}

/// Waits for the next event on the engine's set: `(code, waitable, payload)`.
pub fn next_event() -> (u32, u32, u32) {
    let mut ev = [0u32; 2];
    // SAFETY: `ev` is a valid 8-byte buffer for the event's waitable and payload.
    let code = unsafe { wasi::waitable_set_wait(waitset(), ev.as_mut_ptr().cast()) };
    crate::trace::wait(waitset(), true, code, ev[0], ev[1]);
    (code, ev[0], ev[1])
}

/// Blocks until `handle` (a stream end, future end or subtask) reports an event and
/// returns its payload. Only `handle` is joined while this runs; events of other members
/// of the engine's set go to `other` (`stream::wait_for` passes the lingering output's).
pub fn wait_for(handle: u32, mut other: impl FnMut(u32, u32, u32) -> bool) -> u32 {
    join(handle, true);
    let payload = loop {
        let (code, which, payload) = next_event();
        if which == handle && code != 0 {
            break payload;
        }
        if code != 0 {
            other(code, which, payload);
        }
    };
    join(handle, false);
    payload
}

/// The pending event of `handle`, if it has one, without blocking; other events go to
/// `other`, as in `wait_for`.
pub fn poll_for(handle: u32, mut other: impl FnMut(u32, u32, u32) -> bool) -> Option<u32> {
    join(handle, true);
    let found = loop {
        let mut ev = [0u32; 2];
        // SAFETY: `ev` is a valid 8-byte buffer for the event's waitable and payload.
        let code = unsafe { crate::wasi::waitable_set_poll(waitset(), ev.as_mut_ptr().cast()) };
        crate::trace::wait(waitset(), false, code, ev[0], ev[1]);
        if code == 0 {
            break None;
        }
        if ev[0] == handle {
            break Some(ev[1]);
        }
        other(code, ev[0], ev[1]);
    };
    join(handle, false);
    found
}

/// A waitable set for one `poll` call, dropped when the call ends.
pub struct CallSet(u32);

impl CallSet {
    pub fn new() -> Self {
        // SAFETY: a canonical built-in with no preconditions.
        CallSet(unsafe { crate::wasi::waitable_set_new() })
    }

    /// Joins `handle` to this set.
    pub fn join(&self, handle: u32) {
        // SAFETY: `handle` is a live waitable owned by the engine.
        unsafe { crate::wasi::waitable_join(handle, self.0) };
    }

    /// Waits for the next event: `(code, waitable, payload)`.
    pub fn wait(&self) -> (u32, u32, u32) {
        let mut ev = [0u32; 2];
        // SAFETY: `ev` is a valid 8-byte buffer for the event's waitable and payload.
        let code = unsafe { crate::wasi::waitable_set_wait(self.0, ev.as_mut_ptr().cast()) };
        crate::trace::wait(self.0, true, code, ev[0], ev[1]);
        (code, ev[0], ev[1])
    }

    pub fn id(&self) -> u32 {
        self.0
    }

    /// The next pending event, without waiting.
    pub fn poll(&self) -> Option<(u32, u32, u32)> {
        let mut ev = [0u32; 2];
        // SAFETY: `ev` is a valid 8-byte buffer for the event's waitable and payload.
        let code = unsafe { crate::wasi::waitable_set_poll(self.0, ev.as_mut_ptr().cast()) };
        crate::trace::wait(self.0, false, code, ev[0], ev[1]);
        (code != 0).then_some((code, ev[0], ev[1]))
    }
}

/// Lets the host run: `waitable-set.poll` and zero-timeout timers never suspend the
/// guest, and Wasmtime moves host-side stream copies only while the guest is suspended.
pub fn yield_to_host() {
    // SAFETY: a canonical built-in with no arguments; `run` is async-typed, so its task
    // may suspend. Cancellation is not used by the engine, so the result is ignored.
    unsafe { crate::wasi::thread_yield() };
}

impl Drop for CallSet {
    fn drop(&mut self) {
        // SAFETY: the set is ours; members must have left it (callers unjoin them).
        unsafe { crate::wasi::waitable_set_drop(self.0) };
    }
}

/// The deadline of one blocking wait: a `wait-for` timer subtask joined to a set. Dropping
/// it leaves the set and cancels the timer if it has not fired, so it must be dropped
/// before its set (declare it after the set). A cancelled timer may take a moment to
/// finish; events of other waitables seen meanwhile go to `other`, as in `wait_for`.
pub struct Timer<F: FnMut(u32, u32, u32) -> bool + Copy> {
    handle: u32,
    fired: bool,
    other: F,
}

impl<F: FnMut(u32, u32, u32) -> bool + Copy> Timer<F> {
    /// Starts a timer of `ns` nanoseconds in `set`; `None` when it expired at once.
    pub fn start(ns: u64, set: &CallSet, other: F) -> Option<Self> {
        // SAFETY: an async-lowered call with a scalar argument.
        let code = unsafe { crate::wasi::clocks::wait_for_async(ns) };
        if code & 0xf == crate::wasi::SUBTASK_RETURNED {
            return None;
        }
        let handle = code >> 4;
        set.join(handle);
        Some(Timer {
            handle,
            fired: false,
            other,
        })
    }

    /// Whether the event `(code, which, payload)` is this timer's (recording that it fired).
    pub fn takes(&mut self, code: u32, which: u32, payload: u32) -> bool {
        let mine = which == self.handle && code == crate::wasi::EVENT_SUBTASK;
        self.fired |= mine && payload == crate::wasi::SUBTASK_RETURNED;
        mine
    }

    pub fn fired(&self) -> bool {
        self.fired
    }
}

impl<F: FnMut(u32, u32, u32) -> bool + Copy> Drop for Timer<F> {
    fn drop(&mut self) {
        join(self.handle, false);
        if !self.fired {
            // SAFETY: `handle` is our live subtask; cancelling then dropping it is allowed.
            let code = unsafe { crate::wasi::subtask_cancel(self.handle) };
            crate::trace::cancel(self.handle, code);
            if code == crate::wasi::BLOCKED {
                while wait_for(self.handle, self.other) != crate::wasi::SUBTASK_RETURNED {}
            }
        }
        // SAFETY: the subtask has returned or been cancelled.
        unsafe { crate::wasi::subtask_drop(self.handle) };
    }
}

/// Blocks until subtask `task` has returned or `ns` nanoseconds have passed; true if it
/// returned. The engine's other waitables wait meanwhile (a set of its own; `other` as
/// for `Timer`).
pub fn wait_subtask_for(
    task: u32,
    ns: u64,
    other: impl FnMut(u32, u32, u32) -> bool + Copy,
) -> bool {
    let set = CallSet::new();
    set.join(task);
    let mut timer = Timer::start(ns, &set, other);
    let mut returned = false;
    while !returned && timer.as_ref().is_some_and(|t| !t.fired()) {
        let (code, which, payload) = set.wait();
        if which == task {
            returned = payload == crate::wasi::SUBTASK_RETURNED;
        } else if let Some(t) = &mut timer {
            t.takes(code, which, payload);
        }
    }
    join(task, false);
    returned
}
