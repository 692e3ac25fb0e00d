//! Operations on any descriptor, dispatched on its kind: the layer the two faces
//! (preview1 exports and the C ABI) share.

use crate::abi::*;
use crate::errno::{self, Errno};
use crate::fd::{Kind, Ofd};
use crate::state::state;
use crate::{filegate, fs, netgate, pipe, stdio};

fn nonblock(ofd: &Ofd) -> bool {
    ofd.fdflags & FDFLAGS_NONBLOCK != 0
}

/// Reads into every iovec in turn, stopping at a short read.
pub fn read(fd: u32, iovs: &[Iovec]) -> Result<usize, Errno> {
    let ofd = state().fds.get(fd)?;
    let nb = nonblock(ofd);
    match ofd.kind {
        Kind::Stdin => stdio::read(iovs, nb),
        Kind::File | Kind::Dir => {
            fs::readable(ofd)?;
            filegate::read(ofd, iovs)
        }
        Kind::PipeRead => each_iovec(iovs, |buf, len, first| {
            pipe::read(ofd, buf, len, nb || !first)
        }),
        Kind::Tcp | Kind::Udp => netgate::read(fd, ofd, iovs),
        _ => Err(errno::EBADF),
    }
}

/// Writes every iovec in turn; a partial count is exact.
pub fn write(fd: u32, iovs: &[Iovec]) -> Result<usize, Errno> {
    let ofd = state().fds.get(fd)?;
    let nb = nonblock(ofd);
    match ofd.kind {
        Kind::Stdout | Kind::Stderr => stdio::write(ofd.kind, iovs, nb),
        Kind::File | Kind::Dir => {
            fs::writable(ofd)?;
            filegate::write(ofd, iovs)
        }
        Kind::PipeWrite => each_iovec(iovs, |buf, len, _| pipe::write(ofd, buf, len, nb)),
        Kind::Tcp | Kind::Udp => netgate::write(fd, ofd, iovs),
        _ => Err(errno::EBADF),
    }
}

/// Releases what a description holds once no descriptor names it.
pub fn release(ofd: &mut Ofd) -> Result<(), Errno> {
    let r = match ofd.kind {
        Kind::Stdin | Kind::Stdout | Kind::Stderr => stdio::close(ofd.kind),
        Kind::PipeRead | Kind::PipeWrite => {
            pipe::release(ofd);
            Ok(())
        }
        Kind::File | Kind::Dir => fs::release(ofd),
        Kind::Tcp | Kind::Udp => netgate::release(ofd),
        Kind::Free => Ok(()),
    };
    ofd.reader.free_buffer();
    ofd.preader.free_buffer();
    ofd.writer.free_buffer();
    *ofd = Ofd::default();
    r
}

/// `close`: removes the descriptor; the resources go with the last duplicate.
pub fn close(fd: u32) -> Result<(), Errno> {
    let fds = &mut state().fds;
    let idx = fds.remove(fd)?;
    let ofd = fds.ofd(idx);
    if ofd.refs > 0 { Ok(()) } else { release(ofd) }
}

/// Names the description of `fd` with `to` (closing what `to` named), as `dup2` and
/// preview1 `fd_renumber` (which then closes `fd`) do.
pub fn dup_to(fd: u32, to: u32) -> Result<u32, Errno> {
    let fds = &mut state().fds;
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
    let fds = &mut state().fds;
    let idx = fds.index(fd)?;
    fds.install(idx, min)
}

/// Preview1 `fd_renumber`: `to` takes over `from`, which is closed.
pub fn renumber(from: u32, to: u32) -> Result<(), Errno> {
    let fds = &mut state().fds;
    fds.index(from)?;
    // Unlike `dup2`, the target must be open (preview1, as Wasmtime implements it).
    fds.index(to)?;
    if from == to {
        return Ok(());
    }
    dup_to(from, to)?;
    close(from)
}

/// How long exit waits for output the host has stopped taking: each time the host takes
/// bytes of a socket, stdout or stderr the wait starts again, so a host that consumes
/// slowly gets everything and one that never reads costs this much once.
const EXIT_IDLE_NS: u64 = 3_000_000_000;

/// Flushes and closes every output stream so that no byte is lost at exit (output the host
/// has stopped taking gets `EXIT_IDLE_NS`).
pub fn flush_all() -> Result<(), Errno> {
    let mut result = Ok(());
    for ofd in state().fds.each_live() {
        if matches!(ofd.kind, Kind::Tcp) {
            // Sent in the background like a closed socket's, within the exit bound.
            if ofd.writer.is_open() {
                crate::stream::linger::adopt(&mut ofd.writer, 0);
            }
        } else if let Err(e) = ofd.writer.close() {
            result = Err(e);
        }
    }
    crate::stdio::linger_unsent();
    crate::stream::linger::finish_all(EXIT_IDLE_NS);
    crate::stdio::flush().and(result)
}
