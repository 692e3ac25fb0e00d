//! The door of the socket kinds (`gate.rs`), its calling side: `read`, `write`, `close`,
//! `poll` and the stream built-ins of a socket's streams reach TCP and UDP only
//! through `call`; `netdoor.rs` is behind it. Static form: the first `p3shim_socket` opens
//! it (`netdoor::open`). Adapter form: the export `p3shim_gate_net`, closed unless the
//! program imports `p3shim_socket`. A socket descriptor exists only after a socket was
//! created, so a closed door is never reached.

use crate::abi::Iovec;
use crate::errno::Errno;
use crate::gate::{Builtin, Site};
use crate::wait::Wants;

/// The state of a TCP (`tcp::Tcp`) or UDP (`udp::Udp`) descriptor, which the door carries
/// to what is behind it.
pub trait SocketState {
    const TCP: bool;
}

/// A socket's state as the door carries it: its address (its type belongs to a layer
/// above this one, and only that layer reads it) and its protocol.
#[derive(Clone, Copy)]
pub struct Sock {
    pub at: *mut u8,
    pub tcp: bool,
}

/// How a socket's state crosses the door (the wrappers below take a `Sock`, so that each
/// exists once rather than once per protocol).
#[inline(always)]
pub fn of<S: SocketState>(s: &mut S) -> Sock {
    Sock {
        at: s as *mut S as *mut u8,
        tcp: S::TCP,
    }
}

/// One operation on a socket descriptor (with its fdflags where they matter), or on one
/// of its streams.
pub enum Op<'a> {
    Read(Sock, u16, &'a [Iovec]),
    Write(Sock, u16, &'a [Iovec]),
    Release(Sock),
    Readiness(Sock, bool),
    Deliver(Sock, u32, u32, u32),
    Waitables(Sock),
    /// Drops a `tcp-socket` whose output `linger` finished sending.
    DropTcp(u32),
    /// A stream or future built-in of `TcpSend`/`TcpRecv`, with up to three arguments.
    Builtin(Site, Builtin, [u64; 3]),
}

/// What an `Op` returns.
pub enum Out {
    Count(Result<usize, Errno>),
    Done(Result<(), Errno>),
    Wants(Wants),
    Taken(bool),
    Waitables([u32; 4]),
    Code(u64),
}

crate::gate::door_call!(net_door, p3shim_gate_net);

pub fn read(s: Sock, fdflags: u16, iovs: &[Iovec]) -> Result<usize, Errno> {
    match call(Op::Read(s, fdflags, iovs)) {
        Out::Count(r) => r,
        _ => crate::fatal!("p3shim: netgate"),
    }
}

pub fn write(s: Sock, fdflags: u16, iovs: &[Iovec]) -> Result<usize, Errno> {
    match call(Op::Write(s, fdflags, iovs)) {
        Out::Count(r) => r,
        _ => crate::fatal!("p3shim: netgate"),
    }
}

pub fn release(s: Sock) -> Result<(), Errno> {
    match call(Op::Release(s)) {
        Out::Done(r) => r,
        _ => crate::fatal!("p3shim: netgate"),
    }
}

pub fn readiness(s: Sock, write: bool) -> Wants {
    match call(Op::Readiness(s, write)) {
        Out::Wants(w) => w,
        _ => crate::fatal!("p3shim: netgate"),
    }
}

pub fn deliver(s: Sock, code: u32, which: u32, payload: u32) -> bool {
    match call(Op::Deliver(s, code, which, payload)) {
        Out::Taken(t) => t,
        _ => crate::fatal!("p3shim: netgate"),
    }
}

pub fn waitables(s: Sock) -> [u32; 4] {
    match call(Op::Waitables(s)) {
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
