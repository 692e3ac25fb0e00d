//! Blocking on component-model waitables: the one place the engine suspends.

use crate::state::state;
use crate::wasi;

/// The engine's waitable set, created on first use and kept for the life of the task.
pub fn waitset() -> u32 {
    let st = state();
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
    let code = unsafe { wasi::waitable_set_wait(waitset(), &mut ev) };
    crate::trace::wait(waitset(), true, code, ev[0], ev[1]);
    (code, ev[0], ev[1])
}

/// Blocks until `handle` (a stream end, future end or subtask) reports an event and
/// returns its payload. Only `handle` is joined while this runs.
pub fn wait_for(handle: u32) -> u32 {
    join(handle, true);
    let payload = loop {
        let (code, which, payload) = next_event();
        if which == handle && code != 0 {
            break payload;
        }
        if code != 0 {
            // Output closed earlier keeps moving while we wait (`linger.rs`).
            crate::linger::deliver(code, which, payload);
        }
    };
    join(handle, false);
    payload
}

/// The pending event of `handle`, if it has one, without blocking.
pub fn poll_for(handle: u32) -> Option<u32> {
    join(handle, true);
    let found = loop {
        let mut ev = [0u32; 2];
        // SAFETY: `ev` is a valid 8-byte buffer for the event's waitable and payload.
        let code = unsafe { crate::wasi::waitable_set_poll(waitset(), &mut ev) };
        crate::trace::wait(waitset(), false, code, ev[0], ev[1]);
        if code == 0 {
            break None;
        }
        if ev[0] == handle {
            break Some(ev[1]);
        }
        // An event of output closed earlier (`linger.rs`), the set's only other members.
        crate::linger::deliver(code, ev[0], ev[1]);
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
        let code = unsafe { crate::wasi::waitable_set_wait(self.0, &mut ev) };
        crate::trace::wait(self.0, true, code, ev[0], ev[1]);
        (code, ev[0], ev[1])
    }
}

impl CallSet {
    pub fn id(&self) -> u32 {
        self.0
    }

    /// The next pending event, without waiting.
    pub fn poll(&self) -> Option<(u32, u32, u32)> {
        let mut ev = [0u32; 2];
        // SAFETY: `ev` is a valid 8-byte buffer for the event's waitable and payload.
        let code = unsafe { crate::wasi::waitable_set_poll(self.0, &mut ev) };
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

/// Blocks until subtask `task` has returned or `ns` nanoseconds have passed; true if it
/// returned. The engine's other waitables wait meanwhile (a set of its own).
pub fn wait_subtask_for(task: u32, ns: u64) -> bool {
    use crate::wasi::{BLOCKED, SUBTASK_RETURNED};
    let set = CallSet::new();
    set.join(task);
    // SAFETY: an async-lowered call with a scalar argument.
    let code = unsafe { crate::wasi::clocks::wait_for_async(ns) };
    let timer = if code & 0xf == SUBTASK_RETURNED {
        0
    } else {
        code >> 4
    };
    if timer != 0 {
        set.join(timer);
    }
    let mut returned = false;
    let mut timed_out = timer == 0;
    while !returned && !timed_out {
        let (_, which, payload) = set.wait();
        if which == task {
            returned = payload == SUBTASK_RETURNED;
        } else if which == timer {
            timed_out = payload == SUBTASK_RETURNED;
        }
    }
    // SAFETY: `task` is live and owned by the caller; it leaves this set before it drops.
    unsafe { crate::wasi::waitable_join(task, 0) };
    if timer != 0 {
        // SAFETY: as above, for the timer.
        unsafe { crate::wasi::waitable_join(timer, 0) };
        if !timed_out {
            // SAFETY: `timer` is our live subtask; cancelling then dropping it is allowed.
            if unsafe { crate::wasi::subtask_cancel(timer) } == BLOCKED {
                wait_subtask(timer);
            }
        }
        // SAFETY: the timer subtask has returned or been cancelled.
        unsafe { crate::wasi::subtask_drop(timer) };
    }
    returned
}

/// Blocks until subtask `task` has returned.
pub fn wait_subtask(task: u32) {
    while wait_for(task) != crate::wasi::SUBTASK_RETURNED {}
}
