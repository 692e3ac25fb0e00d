//! Pipes inside one instance: an engine-side byte buffer shared by a read end and a write
//! end (component-model streams may not have both ends in one instance).
//!
//! Only the static shim has `pipe()` (wasip1 programs cannot ask for one). The pipe and
//! its buffer are engine blocks, returned when both ends close. Semantics, as POSIX says unless
//! noted: reads return what is buffered; EOF once every writer closed; `EPIPE` once every
//! reader closed; writes of at most `PIPE_BUF` bytes are atomic; non-blocking ends see a
//! 64 KiB capacity and `EAGAIN`. One instance has one thread, so nothing can ever drain or
//! fill a pipe while a call waits: a blocking write to a full pipe grows the buffer instead
//! of waiting forever, and a blocking read of an empty pipe whose writer is still open
//! fails with `EDEADLK` instead of hanging.

// Pipes are created only through the static shim's C ABI.
#![cfg_attr(not(feature = "static-shim"), allow(dead_code))]

use crate::base::give_block;
use crate::errno::{self, Errno};
#[cfg(feature = "static-shim")]
use crate::mem::MAX_BLOCK;

pub const PIPE_BUF: usize = 4096;
const CAPACITY: usize = 64 * 1024;

pub struct Pipe {
    buf: *mut u8,
    cap: usize,
    head: usize,
    len: usize,
    readers: u32,
    writers: u32,
}

/// A zeroed buffer of `n` bytes (a power of two), or ENOMEM past the largest block.
#[cfg(feature = "static-shim")]
fn alloc(n: usize) -> Result<*mut u8, Errno> {
    if n > MAX_BLOCK {
        return Err(errno::ENOMEM);
    }
    Ok(crate::base::take_block(n))
}

/// No pipe exists in the adapter (wasip1 has no `pipe()`): the code that would grow one
/// is never reached there, and stays out of the module.
#[cfg(not(feature = "static-shim"))]
fn alloc(_: usize) -> Result<*mut u8, Errno> {
    crate::fatal!("p3shim: no pipes in the adapter")
}

/// A pipe end's state: the shared buffer and which end this is.
pub struct End {
    /// Shared with the other end: a pointer, not a reference, since both ends hold it.
    pipe: *mut Pipe,
    pub write: bool,
}

impl End {
    fn pipe(&self) -> &'static mut Pipe {
        // SAFETY: the pipe lives until both ends are released, and the engine uses one end
        // at a time (one thread, no re-entry).
        unsafe { &mut *self.pipe }
    }
}

/// Creates a pipe: its read and write ends.
pub fn create() -> Result<(End, End), Errno> {
    let p = alloc(core::mem::size_of::<Pipe>())? as *mut Pipe;
    let buf = match alloc(CAPACITY) {
        Ok(b) => b,
        Err(e) => {
            crate::base::give_block(p as *mut u8, core::mem::size_of::<Pipe>());
            return Err(e);
        }
    };
    // SAFETY: `p` is a fresh allocation sized for a Pipe; it lives until both ends are
    // released (see `release`).
    unsafe {
        p.write(Pipe {
            buf,
            cap: CAPACITY,
            head: 0,
            len: 0,
            readers: 1,
            writers: 1,
        })
    };
    Ok((
        End {
            pipe: p,
            write: false,
        },
        End {
            pipe: p,
            write: true,
        },
    ))
}

/// Drops one end; the buffer goes when both sides are gone.
pub fn release(end: &End) {
    let p = end.pipe();
    if end.write {
        p.writers -= 1;
    } else {
        p.readers -= 1;
    }
    if p.readers == 0 && p.writers == 0 {
        // No description refers to the pipe any more.
        give_block(p.buf, p.cap);
        give_block(p as *mut Pipe as *mut u8, core::mem::size_of::<Pipe>());
    }
}

pub fn read(end: &mut End, dst: *mut u8, len: usize, nonblock: bool) -> Result<usize, Errno> {
    let p = end.pipe();
    if len == 0 {
        return Ok(0);
    }
    if p.len == 0 {
        return if p.writers == 0 {
            Ok(0)
        } else if nonblock {
            Err(errno::EAGAIN)
        } else {
            Err(errno::EDEADLK)
        };
    }
    let n = len.min(p.len);
    let first = n.min(p.cap - p.head);
    // SAFETY: both ranges lie within the ring buffer and the caller's `len` bytes.
    unsafe {
        core::ptr::copy_nonoverlapping(p.buf.add(p.head), dst, first);
        core::ptr::copy_nonoverlapping(p.buf, dst.add(first), n - first);
    }
    p.head = (p.head + n) % p.cap;
    p.len -= n;
    if p.len == 0 {
        p.head = 0;
    }
    Ok(n)
}

pub fn write(end: &mut End, src: *const u8, len: usize, nonblock: bool) -> Result<usize, Errno> {
    let p = end.pipe();
    if p.readers == 0 {
        // No SIGPIPE in a component: the write fails as if SIGPIPE were ignored.
        return Err(errno::EPIPE);
    }
    if len == 0 {
        return Ok(0);
    }
    let room = CAPACITY.saturating_sub(p.len);
    let n = if nonblock {
        // Small writes go in whole or not at all; larger ones take what fits.
        if (len <= PIPE_BUF && room < len) || room == 0 {
            return Err(errno::EAGAIN);
        }
        len.min(room)
    } else {
        grow(p, p.len + len)?;
        len
    };
    if p.cap - p.len < n {
        grow(p, p.len + n)?;
    }
    let tail = (p.head + p.len) % p.cap;
    let first = n.min(p.cap - tail);
    // SAFETY: the ring has `cap - len >= n` free bytes starting at `tail` (wrapping).
    unsafe {
        core::ptr::copy_nonoverlapping(src, p.buf.add(tail), first);
        core::ptr::copy_nonoverlapping(src.add(first), p.buf, n - first);
    }
    p.len += n;
    Ok(n)
}

/// Makes room for `need` bytes, unwrapping the ring into a larger buffer.
fn grow(p: &mut Pipe, need: usize) -> Result<(), Errno> {
    if need <= p.cap {
        return Ok(());
    }
    let cap = need.next_power_of_two();
    let buf = alloc(cap)?;
    let first = p.len.min(p.cap - p.head);
    // SAFETY: copies the `len` buffered bytes (in two pieces) into the new buffer.
    unsafe {
        core::ptr::copy_nonoverlapping(p.buf.add(p.head), buf, first);
        core::ptr::copy_nonoverlapping(p.buf, buf.add(first), p.len - first);
    }
    give_block(p.buf, p.cap);
    p.buf = buf;
    p.cap = cap;
    p.head = 0;
    Ok(())
}

/// Read readiness: `(bytes buffered, all writers gone)`.
pub fn readable(end: &End) -> (usize, bool) {
    let p = end.pipe();
    (p.len, p.writers == 0)
}

/// Write readiness: `(room for a non-blocking write, all readers gone)`.
pub fn writable(end: &End) -> (usize, bool) {
    let p = end.pipe();
    (CAPACITY.saturating_sub(p.len), p.readers == 0)
}
