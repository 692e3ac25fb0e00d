//! Pipes inside one instance: an engine-side byte buffer shared by a read end and a write
//! end (component-model streams may not have both ends in one instance).
//!
//! Only the static shim has `pipe()` (wasip1 programs cannot ask for one), so buffers come
//! from the C allocator and are freed when both ends close. Semantics, as POSIX says unless
//! noted: reads return what is buffered; EOF once every writer closed; `EPIPE` once every
//! reader closed; writes of at most `PIPE_BUF` bytes are atomic; non-blocking ends see a
//! 64 KiB capacity and `EAGAIN`. One instance has one thread, so nothing can ever drain or
//! fill a pipe while a call waits: a blocking write to a full pipe grows the buffer instead
//! of waiting forever, and a blocking read of an empty pipe whose writer is still open
//! fails with `EDEADLK` instead of hanging.

// Pipes are created only through the static shim's C ABI.
#![cfg_attr(not(feature = "static-shim"), allow(dead_code))]

use crate::errno::{self, Errno};
use crate::fd::{Kind, Ofd};
use crate::state::state;

pub const PIPE_BUF: usize = 4096;
const CAPACITY: usize = 64 * 1024;

use crate::mem::{c_free as free, c_malloc as malloc};

pub struct Pipe {
    buf: *mut u8,
    cap: usize,
    head: usize,
    len: usize,
    readers: u32,
    writers: u32,
}

fn alloc(n: usize) -> Result<*mut u8, Errno> {
    let p = malloc(n);
    if p.is_null() {
        Err(errno::ENOMEM)
    } else {
        Ok(p)
    }
}

/// Creates a pipe: `(read fd, write fd)`, both with `fdflags`.
pub fn create(fdflags: u16) -> Result<(u32, u32), Errno> {
    let p = alloc(core::mem::size_of::<Pipe>())? as *mut Pipe;
    let buf = match alloc(CAPACITY) {
        Ok(b) => b,
        Err(e) => {
            free(p as *mut u8);
            return Err(e);
        }
    };
    // SAFETY: `p` is a fresh allocation sized for a Pipe.
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
    let fds = &mut state().fds;
    let mut ends = [0u32; 2];
    for (i, kind) in [Kind::PipeRead, Kind::PipeWrite].into_iter().enumerate() {
        let idx = match fds.new_ofd(kind) {
            Ok(idx) => idx,
            Err(e) => {
                if i == 1 {
                    undo(fds, ends[0]);
                }
                return Err(e);
            }
        };
        let ofd = fds.ofd(idx);
        // SAFETY: the pipe lives until both ends are released (see `release`).
        ofd.pipe = Some(unsafe { &mut *p });
        ofd.fdflags = fdflags;
        ends[i] = match fds.install(idx, 0) {
            Ok(fd) => fd,
            Err(e) => {
                release(ofd);
                *ofd = Ofd::default();
                if i == 1 {
                    undo(fds, ends[0]);
                }
                return Err(e);
            }
        };
    }
    Ok((ends[0], ends[1]))
}

/// Closes the read end `fd` again when the write end could not be made.
fn undo(fds: &mut crate::fd::Table, fd: u32) {
    if let Ok(idx) = fds.remove(fd) {
        let ofd = fds.ofd(idx);
        release(ofd);
        *ofd = Ofd::default();
    }
}

fn pipe_of(ofd: &mut Ofd) -> &'static mut Pipe {
    match ofd.pipe.as_deref_mut() {
        // SAFETY: the pipe outlives every description that names it.
        Some(p) => unsafe { &mut *(p as *mut Pipe) },
        None => crate::fatal!("p3shim: pipe end without a pipe"),
    }
}

/// Drops one end; the buffer goes when both sides are gone.
pub fn release(ofd: &mut Ofd) {
    let p = pipe_of(ofd);
    if ofd.kind == Kind::PipeRead {
        p.readers -= 1;
    } else {
        p.writers -= 1;
    }
    ofd.pipe = None;
    if p.readers == 0 && p.writers == 0 {
        // No description refers to the pipe any more.
        free(p.buf);
        free(p as *mut Pipe as *mut u8);
    }
}

pub fn read(ofd: &mut Ofd, dst: *mut u8, len: usize, nonblock: bool) -> Result<usize, Errno> {
    let p = pipe_of(ofd);
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

pub fn write(ofd: &mut Ofd, src: *const u8, len: usize, nonblock: bool) -> Result<usize, Errno> {
    let p = pipe_of(ofd);
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
    free(p.buf);
    p.buf = buf;
    p.cap = cap;
    p.head = 0;
    Ok(())
}

/// Read readiness: `(bytes buffered, all writers gone)`.
pub fn readable(ofd: &mut Ofd) -> (usize, bool) {
    let p = pipe_of(ofd);
    (p.len, p.writers == 0)
}

/// Write readiness: `(room for a non-blocking write, all readers gone)`.
pub fn writable(ofd: &mut Ofd) -> (usize, bool) {
    let p = pipe_of(ofd);
    (CAPACITY.saturating_sub(p.len), p.readers == 0)
}
