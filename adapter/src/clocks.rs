//! Clocks and randomness over `wasi:clocks@0.3.0` and `wasi:random@0.3.0`.

use crate::base::base;
use crate::errno::{self, Errno};
use crate::wasi::{clocks, random};

pub const REALTIME: u32 = 0;
pub const MONOTONIC: u32 = 1;
pub const PROCESS_CPUTIME: u32 = 2;
pub const THREAD_CPUTIME: u32 = 3;

pub fn monotonic_now() -> u64 {
    // SAFETY: no preconditions.
    unsafe { clocks::monotonic_now() }
}

pub fn realtime_now() -> u64 {
    let mut ret = crate::abi::Ret::new();
    // SAFETY: `ret` fits an `instant` record.
    unsafe { clocks::system_now(ret.ptr()) };
    let secs = ret.u64(0) as i64;
    (secs.max(0) as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(ret.u32(8) as u64)
}

/// `clock_time_get`. CPU-time clocks are served by the monotonic clock: a component has
/// no other measure of the time it ran.
pub fn time_get(id: u32) -> Result<u64, Errno> {
    match id {
        REALTIME => Ok(realtime_now()),
        MONOTONIC | PROCESS_CPUTIME | THREAD_CPUTIME => Ok(monotonic_now()),
        _ => Err(errno::EINVAL),
    }
}

pub fn res_get(id: u32) -> Result<u64, Errno> {
    // SAFETY: no preconditions.
    match id {
        REALTIME => Ok(unsafe { clocks::system_resolution() }.max(1)),
        MONOTONIC | PROCESS_CPUTIME | THREAD_CPUTIME => {
            // SAFETY: no preconditions.
            Ok(unsafe { clocks::monotonic_resolution() }.max(1))
        }
        _ => Err(errno::EINVAL),
    }
}

/// Sleeps for `ns` nanoseconds (the calling task blocks).
pub fn sleep(ns: u64) {
    // SAFETY: no preconditions; `run` is async-typed, so blocking is allowed.
    unsafe { clocks::wait_for(ns) }
}

/// Fills `buf` with cryptographically secure random bytes.
pub fn random_fill(buf: *mut u8, len: usize) {
    let mut done = 0;
    while done < len {
        let want = (len - done).min(64 * 1024);
        let mut ret = [0usize; 2];
        base().arena.reset();
        // SAFETY: `ret` receives a `list<u8>` in the arena.
        unsafe { random::get_random_bytes(want as u64, ret.as_mut_ptr().cast()) };
        let n = ret[1].min(want);
        // SAFETY: the arena holds `n` bytes; `buf + done` has room for them.
        unsafe { core::ptr::copy_nonoverlapping(ret[0] as *const u8, buf.add(done), n) };
        done += n;
    }
}
