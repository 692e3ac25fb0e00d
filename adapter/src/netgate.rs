//! The door of the socket kinds (`gate.rs`), its calling side: `read`, `write`, `close`,
//! `fstat`, `poll` and the stream built-ins of a socket's streams reach TCP and UDP only
//! through `call`; `netdoor.rs` is behind it. Static form: the first `p3shim_socket` opens
//! it (`netdoor::open`). Adapter form: the export `p3shim_gate_net`, closed unless the
//! program imports `p3shim_socket`. A socket descriptor exists only after a socket was
//! created, so a closed door is never reached.

use crate::abi::Iovec;
use crate::errno::Errno;
use crate::fd::Ofd;
use crate::gate::Builtin;
use crate::stream::Site;
use crate::wait::Wants;

/// One operation on a socket descriptor, or on one of its streams.
pub enum Op<'a> {
    Filetype(&'a Ofd),
    Read(u32, &'a mut Ofd, &'a [Iovec]),
    Write(u32, &'a mut Ofd, &'a [Iovec]),
    Release(&'a mut Ofd),
    Readiness(&'a mut Ofd, bool),
    Deliver(&'a mut Ofd, u32, u32, u32),
    Waitables(&'a Ofd),
    /// Drops a `tcp-socket` whose output `linger` finished sending.
    DropTcp(u32),
    /// A stream or future built-in of `TcpSend`/`TcpRecv`, with up to three arguments.
    Builtin(Site, Builtin, [u64; 3]),
}

/// What an `Op` returns.
pub enum Out {
    Filetype(u8),
    Count(Result<usize, Errno>),
    Done(Result<(), Errno>),
    Wants(Wants),
    Taken(bool),
    Waitables([u32; 4]),
    Code(u64),
}

crate::gate::door_call!(net_door, p3shim_gate_net);

pub fn filetype(ofd: &Ofd) -> u8 {
    match call(Op::Filetype(ofd)) {
        Out::Filetype(t) => t,
        _ => crate::fatal!("p3shim: netgate"),
    }
}

pub fn read(fd: u32, ofd: &mut Ofd, iovs: &[Iovec]) -> Result<usize, Errno> {
    match call(Op::Read(fd, ofd, iovs)) {
        Out::Count(r) => r,
        _ => crate::fatal!("p3shim: netgate"),
    }
}

pub fn write(fd: u32, ofd: &mut Ofd, iovs: &[Iovec]) -> Result<usize, Errno> {
    match call(Op::Write(fd, ofd, iovs)) {
        Out::Count(r) => r,
        _ => crate::fatal!("p3shim: netgate"),
    }
}

pub fn release(ofd: &mut Ofd) -> Result<(), Errno> {
    match call(Op::Release(ofd)) {
        Out::Done(r) => r,
        _ => crate::fatal!("p3shim: netgate"),
    }
}

pub fn readiness(ofd: &mut Ofd, write: bool) -> Wants {
    match call(Op::Readiness(ofd, write)) {
        Out::Wants(w) => w,
        _ => crate::fatal!("p3shim: netgate"),
    }
}

pub fn deliver(ofd: &mut Ofd, code: u32, which: u32, payload: u32) -> bool {
    match call(Op::Deliver(ofd, code, which, payload)) {
        Out::Taken(t) => t,
        _ => crate::fatal!("p3shim: netgate"),
    }
}

pub fn waitables(ofd: &Ofd) -> [u32; 4] {
    match call(Op::Waitables(ofd)) {
        Out::Waitables(w) => w,
        _ => crate::fatal!("p3shim: netgate"),
    }
}

pub fn drop_tcp(handle: u32) {
    call(Op::DropTcp(handle));
}

/// A socket stream's built-in, for `gate::builtin_call`.
pub fn builtin(site: Site, f: Builtin, a: [u64; 3]) -> u64 {
    match call(Op::Builtin(site, f, a)) {
        Out::Code(c) => c,
        _ => crate::fatal!("p3shim: netgate"),
    }
}
