//! Preview1 `poll_oneoff`: readiness for clocks, files and the std streams, with one
//! waitable set per call.
//!
//! Files are always ready, as POSIX specifies. Stdin is ready when its read-ahead buffer
//! holds data or the stream ended; otherwise a read of at least one byte is started into
//! that buffer and awaited together with a timer subtask for the earliest clock.

use crate::clocks;
use crate::errno::{self, Errno};
use crate::fd::Kind;
use crate::state::state;
use crate::wait;
use crate::wasi::{self, EVENT_STREAM_READ, EVENT_STREAM_WRITE, EVENT_SUBTASK, SUBTASK_RETURNED};

const EVENTTYPE_CLOCK: u8 = 0;
const EVENTTYPE_FD_READ: u8 = 1;
const EVENTTYPE_FD_WRITE: u8 = 2;
const SUBCLOCK_ABSTIME: u16 = 1;
const EVENTRWFLAGS_HANGUP: u16 = 1;

#[repr(C)]
pub struct Subscription {
    userdata: u64,
    tag: u8,
    _pad: [u8; 7],
    /// clock: id (u32), _, timeout (u64), precision (u64), flags (u16); fd: fd (u32).
    u: [u64; 4],
}

#[repr(C)]
pub struct Event {
    userdata: u64,
    error: u16,
    kind: u8,
    _pad: [u8; 5],
    nbytes: u64,
    flags: u16,
    _pad2: [u8; 6],
}

/// What one subscription is waiting for.
#[derive(Clone, Copy, PartialEq)]
enum Wants {
    Ready(u64, u16),
    Failed(Errno),
    Clock(u64),
    Stdin,
    /// Stdout (1) or stderr (2) with a full write-behind buffer.
    Output(u8),
    Never,
}

fn classify(s: &Subscription, now: u64) -> Wants {
    match s.tag {
        EVENTTYPE_CLOCK => {
            let id = s.u[0] as u32;
            let timeout = s.u[1];
            let flags = s.u[3] as u16;
            let rel = if flags & SUBCLOCK_ABSTIME == 0 {
                timeout
            } else {
                match id {
                    clocks::REALTIME => timeout.saturating_sub(clocks::realtime_now()),
                    clocks::MONOTONIC => timeout.saturating_sub(now),
                    _ => return Wants::Failed(errno::EINVAL),
                }
            };
            if !matches!(id, clocks::REALTIME | clocks::MONOTONIC) {
                return Wants::Failed(errno::EINVAL);
            }
            Wants::Clock(now.saturating_add(rel))
        }
        EVENTTYPE_FD_READ | EVENTTYPE_FD_WRITE => {
            let fd = s.u[0] as u32;
            let Ok(ofd) = state().fds.get(fd) else {
                return Wants::Failed(errno::EBADF);
            };
            let read = s.tag == EVENTTYPE_FD_READ;
            match (ofd.kind, read) {
                (Kind::File, true) => {
                    let size = crate::fs::stat_handle(ofd.handle)
                        .map(|s| s.size)
                        .unwrap_or(0);
                    Wants::Ready(size.saturating_sub(ofd.pos.min(size)), 0)
                }
                (Kind::File | Kind::Dir, _) => Wants::Ready(0, 0),
                (Kind::Stdin, true) => {
                    let r = &mut state().stdin;
                    if !r.is_open() && !r.eof {
                        // Open the stream through the ordinary read path's setup.
                        let _ = crate::stdio::read(&[], true);
                    }
                    if r.start_readahead() {
                        let n = r.buffered() as u64;
                        Wants::Ready(n, if n == 0 { EVENTRWFLAGS_HANGUP } else { 0 })
                    } else {
                        Wants::Stdin
                    }
                }
                (Kind::Stdout | Kind::Stderr, false) => {
                    let (w, which) = output(ofd.kind);
                    match w.room() {
                        0 => Wants::Output(which),
                        room => Wants::Ready(room as u64, 0),
                    }
                }
                (Kind::PipeRead, true) => match crate::pipe::readable(ofd) {
                    (0, false) => Wants::Never,
                    (n, hup) => Wants::Ready(n as u64, if hup { EVENTRWFLAGS_HANGUP } else { 0 }),
                },
                (Kind::PipeWrite, false) => match crate::pipe::writable(ofd) {
                    (_, true) => Wants::Failed(errno::EPIPE),
                    (room, false) if room >= crate::pipe::PIPE_BUF => Wants::Ready(room as u64, 0),
                    _ => Wants::Never,
                },
                _ => Wants::Never,
            }
        }
        _ => Wants::Failed(errno::EINVAL),
    }
}

fn output(kind: Kind) -> (&'static mut crate::stream::Writer, u8) {
    let st = state();
    if kind == Kind::Stdout {
        (&mut st.stdout, 1)
    } else {
        (&mut st.stderr, 2)
    }
}

/// Preview1 `poll_oneoff`; returns the number of events written.
pub fn poll(subs: &[Subscription], events: *mut Event) -> Result<usize, Errno> {
    if subs.is_empty() {
        return Err(errno::EINVAL);
    }
    let now = clocks::monotonic_now();
    let mut deadline = u64::MAX;
    let mut any_ready = false;
    // What to wait on: stdin's read-ahead, stdout's and stderr's write-behind.
    let mut waits = [false; 3];
    for s in subs {
        match classify(s, now) {
            Wants::Clock(d) => {
                deadline = deadline.min(d);
                any_ready |= d <= now;
            }
            Wants::Ready(..) | Wants::Failed(_) => any_ready = true,
            Wants::Stdin => waits[0] = true,
            Wants::Output(which) => waits[which as usize] = true,
            Wants::Never => {}
        }
    }
    if !any_ready {
        block(deadline, now, waits);
    }
    // Report everything ready now; clock deadlines stay relative to the start.
    let start = now;
    let now = clocks::monotonic_now();
    let mut n = 0;
    for s in subs {
        let (error, nbytes, flags, ready) = match classify_after(s, start) {
            Wants::Ready(nb, fl) => (0, nb, fl, true),
            Wants::Failed(e) => (e, 0, 0, true),
            Wants::Clock(d) => (0, 0, 0, d <= now),
            _ => (0, 0, 0, false),
        };
        if ready {
            // SAFETY: `events` has room for one event per subscription.
            unsafe {
                events.add(n).write(Event {
                    userdata: s.userdata,
                    error,
                    kind: s.tag,
                    _pad: [0; 5],
                    nbytes,
                    flags,
                    _pad2: [0; 6],
                })
            };
            n += 1;
        }
    }
    Ok(n)
}

/// Like `classify`, but never starts new work (the wait is over).
fn classify_after(s: &Subscription, now: u64) -> Wants {
    if s.tag == EVENTTYPE_FD_READ
        && let Ok(ofd) = state().fds.get(s.u[0] as u32)
        && ofd.kind == Kind::Stdin
    {
        let r = &state().stdin;
        let n = r.buffered() as u64;
        return if n > 0 || r.eof || r.error != 0 {
            Wants::Ready(n, if n == 0 { EVENTRWFLAGS_HANGUP } else { 0 })
        } else {
            Wants::Never
        };
    }
    classify(s, now)
}

/// The stream each wait slot is waiting on (0 when it has nothing in flight).
fn wait_handle(slot: usize) -> u32 {
    let st = state();
    match slot {
        0 if st.stdin.inflight => st.stdin.stream,
        1 => st.stdout.pending().unwrap_or(0),
        2 => st.stderr.pending().unwrap_or(0),
        _ => 0,
    }
}

/// Waits until one of the streams in `waits` makes progress or the deadline passes.
fn block(deadline: u64, now: u64, waits: [bool; 3]) {
    let mut handles = [0u32; 3];
    for (slot, h) in handles.iter_mut().enumerate() {
        if waits[slot] {
            *h = wait_handle(slot);
        }
    }
    if handles.iter().all(|&h| h == 0) {
        if deadline != u64::MAX {
            clocks::sleep(deadline - now);
        }
        return;
    }
    // One waitable set per call, holding exactly what this call waits on.
    let set = wait::CallSet::new();
    for &h in handles.iter().filter(|&&h| h != 0) {
        set.join(h);
    }
    let mut timer = 0u32;
    let mut timer_done = deadline == u64::MAX;
    if deadline != u64::MAX {
        // SAFETY: an async-lowered call with a scalar argument.
        let code = unsafe { wasi::clocks::wait_for_async(deadline - now) };
        if code & 0xf == SUBTASK_RETURNED {
            timer_done = true;
        } else {
            timer = code >> 4;
            set.join(timer);
        }
    }
    if !timer_done || deadline == u64::MAX {
        loop {
            let (code, which, payload) = set.wait();
            // An event that leaves its stream still not ready (a probe the host answered
            // falsely, a copy that moved nothing) means waiting on.
            if code == EVENT_STREAM_READ && which == handles[0] {
                let r = &mut state().stdin;
                r.complete_readahead(payload);
                if r.buffered() > 0 || r.eof || r.error != 0 {
                    break;
                }
                continue;
            }
            if code == EVENT_STREAM_WRITE
                && which != 0
                && (which == handles[1] || which == handles[2])
            {
                let (w, _) = output(if which == handles[1] {
                    Kind::Stdout
                } else {
                    Kind::Stderr
                });
                w.complete(payload);
                if w.room() > 0 {
                    break;
                }
                continue;
            }
            if code == EVENT_SUBTASK && which == timer && payload == SUBTASK_RETURNED {
                timer_done = true;
                break;
            }
        }
    }
    // A finished copy may have ended its stream, which released the handle.
    for (slot, &h) in handles.iter().enumerate() {
        if h != 0 && still_open(slot, h) {
            wait::join(h, false);
        }
    }
    if timer != 0 {
        wait::join(timer, false);
        if !timer_done {
            // SAFETY: `timer` is our live subtask; cancelling then dropping it is allowed.
            unsafe { wasi::subtask_cancel(timer) };
        }
        // SAFETY: the subtask has returned or been cancelled.
        unsafe { wasi::subtask_drop(timer) };
    }
}

fn still_open(slot: usize, h: u32) -> bool {
    let st = state();
    match slot {
        0 => st.stdin.stream == h,
        1 => st.stdout.stream == h,
        _ => st.stderr.stream == h,
    }
}
