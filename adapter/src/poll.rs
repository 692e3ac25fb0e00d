//! Preview1 `poll_oneoff`: readiness for clocks, files, the std streams, pipes and sockets,
//! with one waitable set per call.
//!
//! Each subscription is classified as ready, failed, a clock deadline, or waiting on one
//! waitable (a read-ahead or probe in flight, a write-behind copy, a connect or receive
//! subtask, an accept). Files are always ready, as POSIX specifies. The call joins every
//! such waitable and a timer subtask for the earliest clock to its set, hands each event
//! to the stream or socket that owns the waitable, and classifies again until something
//! is ready.

use crate::clocks;
use crate::desc::{self, Desc};
use crate::errno::{self, Errno};
use crate::state::state;
use crate::stdio::Stdio;
use crate::wait::{self, Wants};
use crate::wasi::{EVENT_STREAM_READ, EVENT_STREAM_WRITE};

const EVENTTYPE_CLOCK: u8 = 0;
const EVENTTYPE_FD_READ: u8 = 1;
const EVENTTYPE_FD_WRITE: u8 = 2;
const SUBCLOCK_ABSTIME: u16 = 1;
const EVENTRWFLAGS_HANGUP: u16 = 1;
/// In `u[1]` of an fd_read subscription (bytes the preview1 layout leaves unused): report
/// it only for a hang-up or an error, as Linux treats a `pollfd` with no events. Set by
/// p3shim's C `poll` (`P3SHIM_POLL_HUP_ONLY` in `libc-shim/c/p3shim_net.h`).
const HUP_ONLY: u64 = 0x7033_6875_706f_6e6c;

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

impl crate::trace::Pointee for Subscription {}
impl crate::trace::Pointee for Event {}

/// The start of a `poll_oneoff` call on the monotonic clock, read only when a clock
/// subscription needs it: a clock read is a host call, which costs about what a stream
/// copy does, and most calls on sockets have no clock.
struct Start(Option<u64>);

impl Start {
    fn get(&mut self) -> u64 {
        *self.0.get_or_insert_with(clocks::monotonic_now)
    }
}

fn classify(s: &Subscription, start: &mut Start) -> Wants {
    let w = classify_any(s, start);
    if s.tag == EVENTTYPE_FD_READ && s.u[1] == HUP_ONLY {
        // Readable is not an event here: wait on (and report) only hang-ups and errors.
        return match w {
            Wants::Ready(_, true) => Wants::Ready(0, true),
            Wants::Ready(_, false) => Wants::Never,
            w => w,
        };
    }
    w
}

fn classify_any(s: &Subscription, start: &mut Start) -> Wants {
    match s.tag {
        EVENTTYPE_CLOCK => {
            let id = s.u[0] as u32;
            let timeout = s.u[1];
            let flags = s.u[3] as u16;
            if !matches!(id, clocks::REALTIME | clocks::MONOTONIC) {
                return Wants::Failed(errno::EINVAL);
            }
            let rel = if flags & SUBCLOCK_ABSTIME == 0 {
                timeout
            } else if id == clocks::REALTIME {
                timeout.saturating_sub(clocks::realtime_now())
            } else {
                timeout.saturating_sub(start.get())
            };
            Wants::Clock(start.get().saturating_add(rel))
        }
        EVENTTYPE_FD_READ | EVENTTYPE_FD_WRITE => {
            let fd = s.u[0] as u32;
            let Ok(ofd) = desc::get(fd) else {
                return Wants::Failed(errno::EBADF);
            };
            let read = s.tag == EVENTTYPE_FD_READ;
            match (&mut ofd.desc, read) {
                (Desc::File(f), true) => {
                    let size = crate::fs::size_of(f.node.handle).unwrap_or(0);
                    Wants::Ready(size.saturating_sub(f.pos.min(size)), false)
                }
                (Desc::File(_) | Desc::Dir(_), _) => Wants::Ready(0, false),
                (Desc::Stdio(Stdio::In), true) => {
                    let r = &mut state().stdin;
                    if !r.is_open() && !r.eof {
                        // Open the stream through the ordinary read path's setup.
                        let _ = crate::stdio::read(&[], true);
                    }
                    if r.start_readahead() {
                        let n = r.buffered() as u64;
                        Wants::Ready(n, n == 0)
                    } else {
                        Wants::Wait(r.stream)
                    }
                }
                (Desc::Stdio(o @ (Stdio::Out | Stdio::Err)), false) => {
                    let w = crate::stdio::output(*o);
                    match w.room() {
                        0 => Wants::Wait(w.pending().unwrap_or(0)),
                        room => Wants::Ready(room as u64, false),
                    }
                }
                (Desc::Pipe(p), true) if !p.write => match crate::pipe::readable(p) {
                    (0, false) => Wants::Never,
                    (n, hup) => Wants::Ready(n as u64, hup),
                },
                (Desc::Pipe(p), false) if p.write => match crate::pipe::writable(p) {
                    (_, true) => Wants::Failed(errno::EPIPE),
                    (room, false) if room >= crate::pipe::PIPE_BUF => {
                        Wants::Ready(room as u64, false)
                    }
                    _ => Wants::Never,
                },
                (d, _) => match desc::door_sock(d) {
                    Some(s) => crate::netgate::readiness(s, !read),
                    None => Wants::Never,
                },
            }
        }
        _ => Wants::Failed(errno::EINVAL),
    }
}

/// Preview1 `poll_oneoff`; returns the number of events written.
pub fn poll(subs: &[Subscription], events: *mut Event) -> Result<usize, Errno> {
    if subs.is_empty() {
        return Err(errno::EINVAL);
    }
    let mut start = Start(None);
    let mut set: Option<wait::CallSet> = None;
    let mut timer: Option<wait::Timer<_>> = None;
    let mut yielded = false;
    let mut first = true;
    if crate::stream::linger::any() {
        // Output closed earlier keeps moving while this call waits.
        crate::stream::linger::rejoin(set.get_or_insert_with(wait::CallSet::new).id());
    }
    // Each pass writes the events of what is ready; the call returns right after a pass,
    // so the last one is the answer (clock deadlines stay relative to the start).
    let mut n;
    loop {
        let mut deadline = u64::MAX;
        let mut now = None;
        let mut waiting = crate::stream::linger::any();
        n = 0;
        for s in subs {
            let (error, nbytes, hup) = match classify(s, &mut start) {
                Wants::Ready(nb, hup) => (0, nb, hup),
                Wants::Failed(e) => (e, 0, false),
                Wants::Clock(d) => {
                    deadline = deadline.min(d);
                    // The first pass has just read the clock for the start.
                    let now = *now.get_or_insert_with(|| {
                        if first {
                            start.get()
                        } else {
                            clocks::monotonic_now()
                        }
                    });
                    if d > now {
                        continue;
                    }
                    (0, 0, false)
                }
                Wants::Wait(h) if h != 0 => {
                    // Joined again each round: settling a copy may have moved it.
                    set.get_or_insert_with(wait::CallSet::new).join(h);
                    waiting = true;
                    continue;
                }
                _ => continue,
            };
            // SAFETY: `events` has room for one event per subscription.
            unsafe {
                events.add(n).write(Event {
                    userdata: s.userdata,
                    error,
                    kind: s.tag,
                    _pad: [0; 5],
                    nbytes,
                    flags: if hup { EVENTRWFLAGS_HANGUP } else { 0 },
                    _pad2: [0; 6],
                })
            };
            n += 1;
        }
        first = false;
        let ready = n > 0;
        if ready && waiting && !yielded {
            // Something is ready at once while other subscriptions wait on the host: let
            // the host run once, collect what it finished, and look again, so a loop that
            // always has a ready descriptor still sees the others (DESIGN.md section 7).
            yielded = true;
            wait::yield_to_host();
            if let Some(set) = &set {
                while let Some((code, which, payload)) = set.poll() {
                    if !timer
                        .as_mut()
                        .is_some_and(|t| t.takes(code, which, payload))
                    {
                        deliver(subs, code, which, payload);
                    }
                }
            }
            continue;
        }
        let timer_done = timer.as_ref().is_some_and(|t| t.fired());
        if ready || timer_done || (!waiting && deadline == u64::MAX) {
            break;
        }
        // A deadline comes from a clock subscription, whose pass read the clock.
        let now = now.unwrap_or(0);
        if !waiting {
            clocks::sleep(deadline - now);
            continue;
        }
        let set = set.get_or_insert_with(wait::CallSet::new);
        if deadline != u64::MAX && timer.is_none() {
            timer = wait::Timer::start(deadline - now, set, crate::stream::linger::deliver);
            if timer.is_none() {
                continue;
            }
        }
        let (code, which, payload) = set.wait();
        if !timer
            .as_mut()
            .is_some_and(|t| t.takes(code, which, payload))
        {
            deliver(subs, code, which, payload);
        }
    }
    if set.is_some() {
        crate::stream::linger::rejoin(0);
        // Leave the set: every waitable a subscription's owner still holds.
        for s in subs {
            for h in live_waitables(s) {
                if h != 0 {
                    wait::join(h, false);
                }
            }
        }
    }
    drop(timer);
    drop(set);
    Ok(n)
}

/// Hands a waitable event to the stream or socket that owns the waitable.
fn deliver(subs: &[Subscription], code: u32, which: u32, payload: u32) {
    if crate::stream::linger::deliver(code, which, payload) {
        return;
    }
    let st = state();
    if code == EVENT_STREAM_READ && st.stdin.inflight && which == st.stdin.stream {
        st.stdin.complete_readahead(payload);
        return;
    }
    if code == EVENT_STREAM_WRITE {
        for w in [&mut st.stdout, &mut st.stderr] {
            if w.pending() == Some(which) {
                w.complete(payload);
                return;
            }
        }
    }
    for s in subs.iter().filter(|s| s.tag != EVENTTYPE_CLOCK) {
        if let Ok(ofd) = desc::get(s.u[0] as u32)
            && let Some(s) = desc::door_sock(&mut ofd.desc)
            && crate::netgate::deliver(s, code, which, payload)
        {
            return;
        }
    }
}

/// The waitables a subscription's descriptor holds that a `poll` set may have joined.
fn live_waitables(s: &Subscription) -> [u32; 4] {
    if s.tag == EVENTTYPE_CLOCK {
        return [0; 4];
    }
    let Ok(ofd) = desc::get(s.u[0] as u32) else {
        return [0; 4];
    };
    let st = state();
    match &mut ofd.desc {
        Desc::Stdio(Stdio::In) => [st.stdin.stream, 0, 0, 0],
        Desc::Stdio(Stdio::Out) => [st.stdout.stream, 0, 0, 0],
        Desc::Stdio(Stdio::Err) => [st.stderr.stream, 0, 0, 0],
        d => match desc::door_sock(d) {
            Some(s) => crate::netgate::waitables(s),
            None => [0; 4],
        },
    }
}
