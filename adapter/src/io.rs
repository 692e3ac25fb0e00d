//! Operations on any descriptor, dispatched on its kind: the layer the two faces
//! (preview1 exports and the C ABI) share. Descriptors are looked up and created here;
//! each kind's code gets its own state.

use crate::abi::*;
use crate::desc::{self, Desc, table};
use crate::errno::{self, Errno};
use crate::fd::Ofd;
use crate::sockaddr::Addr;
use crate::stdio::Stdio;
use crate::{filegate, fs, net, netgate, pipe, socket, stdio, tcp, udp};

fn nonblock(fdflags: u16) -> bool {
    fdflags & FDFLAGS_NONBLOCK != 0
}

/// Reads into every iovec in turn, stopping at a short read.
pub fn read(fd: u32, iovs: &[Iovec]) -> Result<usize, Errno> {
    let ofd = desc::get_unsettled(fd)?;
    let (fdflags, nb) = (ofd.fdflags, nonblock(ofd.fdflags));
    match &mut ofd.desc {
        Desc::Stdio(Stdio::In) => stdio::read(iovs, nb),
        Desc::File(f) => {
            fs::readable(f)?;
            let r = filegate::read(f, iovs);
            desc::settle_by_read(ofd, r)
        }
        // Preview1 (Wasmtime's) refuses to read a directory with EBADF, where Linux says
        // EISDIR: the binary was built for preview1 (docs/DECISIONS.md).
        Desc::Dir(_) => Err(errno::EBADF),
        Desc::Pipe(p) if !p.write => each_iovec(iovs, |buf, len, first| {
            pipe::read(p, buf, len, nb || !first)
        }),
        d => match desc::door_sock(d) {
            Some(s) => netgate::read(s, fdflags, iovs),
            None => Err(errno::EBADF),
        },
    }
}

/// The largest `writev` joined into one write. A libc's stdio flushes its buffer and the
/// caller's data as two iovecs (musl: about 1 KiB and a line); joined, each flush is one
/// stream write instead of two. Copying more would cost more than the write it saves.
/// It is `PIPE_BUF`, so a `writev` of at most that much to a pipe is one atomic write, as
/// POSIX asks of it as of `write`.
pub const GATHER_MAX: usize = crate::pipe::PIPE_BUF;

/// Several small iovecs, copied into one buffer; `None` when there is one, when they add
/// up to more than `GATHER_MAX`, or when one runs past the end of memory (`each_iovec`
/// then gives the short count or EFAULT it always gives).
fn gather(iovs: &[Iovec]) -> Option<Iovec> {
    // The usual write has one iovec: nothing to scan.
    if iovs.len() < 2 {
        return None;
    }
    let (mut parts, mut total) = (0usize, 0usize);
    for iov in iovs.iter().filter(|i| i.len > 0) {
        total = total.checked_add(iov.len)?;
        if total > GATHER_MAX || mem_room(iov.buf) < iov.len {
            return None;
        }
        parts += 1;
    }
    if parts < 2 {
        return None;
    }
    let st = crate::state::state();
    if st.gather == 0 {
        st.gather = crate::base::take_block(GATHER_MAX) as usize;
    }
    let dst = st.gather as *mut u8;
    let mut at = 0usize;
    for iov in iovs.iter().filter(|i| i.len > 0) {
        // SAFETY: each iovec lies inside memory (checked above) and `at + len <= total <=
        // GATHER_MAX`, the scratch block's size; guest buffers never overlap engine blocks.
        unsafe { core::ptr::copy_nonoverlapping(iov.buf, dst.add(at), iov.len) };
        at += iov.len;
    }
    Some(Iovec {
        buf: dst,
        len: total,
    })
}

/// Writes every iovec in turn (small ones joined first); a partial count is exact.
pub fn write(fd: u32, iovs: &[Iovec]) -> Result<usize, Errno> {
    let joined;
    let iovs = match gather(iovs) {
        Some(one) => {
            joined = [one];
            &joined[..]
        }
        None => iovs,
    };
    // Unsettled: a file not open for writing (a directory never is) fails alike, EBADF.
    let ofd = desc::get_unsettled(fd)?;
    let (fdflags, nb) = (ofd.fdflags, nonblock(ofd.fdflags));
    match &mut ofd.desc {
        Desc::Stdio(s @ (Stdio::Out | Stdio::Err)) => stdio::write(*s, iovs, nb),
        Desc::File(f) => {
            fs::writable(f)?;
            filegate::write(f, fdflags, iovs)
        }
        Desc::Pipe(p) if p.write => each_iovec(iovs, |buf, len, _| pipe::write(p, buf, len, nb)),
        d => match desc::door_sock(d) {
            Some(s) => netgate::write(s, fdflags, iovs),
            None => Err(errno::EBADF),
        },
    }
}

/// Releases what a description holds once no descriptor names it (one copy, shared by
/// `close`, `dup2` and the failure paths that create descriptors).
#[inline(never)]
pub fn release(ofd: &mut Ofd<Desc>) -> Result<(), Errno> {
    let r = match &mut ofd.desc {
        Desc::Free => Ok(()),
        Desc::Stdio(s) => stdio::close(*s),
        Desc::File(f) => fs::release(f),
        Desc::Dir(d) => crate::dir::release(d),
        Desc::Pipe(p) => {
            pipe::release(p);
            Ok(())
        }
        d @ (Desc::Tcp(_) | Desc::Udp(_)) => match desc::door_sock(d) {
            Some(s) => netgate::release(s),
            None => Ok(()),
        },
    };
    ofd.refs = 0;
    ofd.fdflags = 0;
    ofd.desc = Desc::Free;
    r
}

/// `close`: removes the descriptor; the resources go with the last duplicate.
pub fn close(fd: u32) -> Result<(), Errno> {
    let fds = table();
    let idx = fds.remove(fd)?;
    let ofd = fds.ofd(idx);
    if ofd.refs > 0 { Ok(()) } else { release(ofd) }
}

/// Names the description of `fd` with `to` (closing what `to` named), as `dup2` and
/// preview1 `fd_renumber` (which then closes `fd`) do.
pub fn dup_to(fd: u32, to: u32) -> Result<u32, Errno> {
    let fds = table();
    let idx = fds.index(fd)?;
    if fd == to {
        return Ok(to);
    }
    if let Some(old) = fds.replace(idx, to)? {
        let _ = release(fds.ofd(old));
    }
    Ok(to)
}

/// `dup`/`F_DUPFD`: the lowest free descriptor `>= min` naming the description of `fd`.
#[cfg_attr(not(feature = "static-shim"), allow(dead_code))]
pub fn dup_from(fd: u32, min: u32) -> Result<u32, Errno> {
    let fds = table();
    let idx = fds.index(fd)?;
    fds.install(idx, min)
}

/// Preview1 `fd_renumber`: `to` takes over `from`, which is closed.
pub fn renumber(from: u32, to: u32) -> Result<(), Errno> {
    let fds = table();
    fds.index(from)?;
    // Unlike `dup2`, the target must be open (preview1, as Wasmtime implements it).
    fds.index(to)?;
    if from == to {
        return Ok(());
    }
    dup_to(from, to)?;
    close(from)
}

/// A new descriptor for `desc` (the lowest free number); a full table (EMFILE) releases
/// what `desc` holds.
pub fn install(desc: Desc, fdflags: u16) -> Result<u32, Errno> {
    let fds = table();
    let mut ofd = Ofd {
        refs: 0,
        fdflags,
        desc,
    };
    let Some(idx) = fds.free_ofd() else {
        let _ = release(&mut ofd);
        return Err(errno::EMFILE);
    };
    let slot = fds.ofd(idx);
    *slot = ofd;
    name(idx)
}

/// A free description with `fdflags`, for the caller to fill in place and `name`; EMFILE
/// when every descriptor is in use.
pub fn new_ofd(fdflags: u16) -> Result<(u16, &'static mut Ofd<Desc>), Errno> {
    let fds = table();
    let idx = fds.free_ofd().ok_or(errno::EMFILE)?;
    let ofd = fds.ofd(idx);
    ofd.fdflags = fdflags;
    Ok((idx, ofd))
}

/// Names filled description `idx` with the lowest free descriptor; when there is none
/// (EMFILE), releases it.
pub fn name(idx: u16) -> Result<u32, Errno> {
    let fds = table();
    fds.install(idx, 0).inspect_err(|_| {
        let _ = release(fds.ofd(idx));
    })
}

/// `pipe2`: the read and write descriptors of a new pipe, both with `fdflags`.
#[cfg_attr(not(feature = "static-shim"), allow(dead_code))]
pub fn pipe(fdflags: u16) -> Result<(u32, u32), Errno> {
    let (r, w) = pipe::create()?;
    let rfd = match install(Desc::Pipe(r), fdflags) {
        Ok(fd) => fd,
        Err(e) => {
            pipe::release(&w);
            return Err(e);
        }
    };
    match install(Desc::Pipe(w), fdflags) {
        Ok(wfd) => Ok((rfd, wfd)),
        Err(e) => {
            let _ = close(rfd);
            Err(e)
        }
    }
}

/// `socket()`: a new TCP (`stream`) or UDP socket of `family` (4 or 6).
pub fn socket(family: u16, stream: bool, fdflags: u16) -> Result<u32, Errno> {
    let handle = socket::create(family, stream)?;
    adopt_socket(handle, family, stream, fdflags)
}

/// Gives a new descriptor to a socket resource (created, or accepted from a listener).
fn adopt_socket(handle: u32, family: u16, stream: bool, fdflags: u16) -> Result<u32, Errno> {
    let (idx, ofd) = new_ofd(fdflags).inspect_err(|_| socket::drop_handle(handle, stream))?;
    let sock = socket::new_block(handle, family);
    ofd.desc = if stream {
        Desc::Tcp(tcp::Tcp::new(sock))
    } else {
        Desc::Udp(udp::Udp { sock })
    };
    // Without a descriptor number, `name` releases the socket (handle and block).
    name(idx)
}

/// `accept`: a descriptor (with `fdflags`) for the next connection on listener `fd`, its
/// peer in `peer`.
pub fn accept(fd: u32, fdflags: u16, peer: Option<&mut Addr>) -> Result<u32, Errno> {
    let (s, listener_flags) = desc::socket(fd)?;
    let net::Sock::Tcp(t) = s else {
        return Err(errno::ENOTSUP);
    };
    let family = t.sock.family;
    let handle = tcp::accept(t.sock, nonblock(listener_flags))?;
    let newfd = adopt_socket(handle, family, true, fdflags)?;
    let (mut s, _) = desc::socket(newfd)?;
    if let net::Sock::Tcp(t) = &mut s {
        tcp::accepted(t);
    }
    if let Some(p) = peer {
        *p = net::name(&mut s, true).unwrap_or_default();
    }
    Ok(newfd)
}

/// `listen` on the socket behind `fd`: ENOTSUP unless it is TCP.
pub fn listen(fd: u32, backlog: u32) -> Result<(), Errno> {
    match desc::socket(fd)? {
        (net::Sock::Tcp(t), _) => tcp::listen(t.sock, backlog),
        _ => Err(errno::ENOTSUP),
    }
}
