//! Sockets over `wasi:sockets@0.3.0`: the socket block TCP and UDP descriptors keep
//! their protocol state in, its life, and what both protocols use. Protocol behaviour
//! lives in `tcp.rs` and `udp.rs`; the socket calls, dispatched on protocol, in `net.rs`.

use crate::abi::Ret;
use crate::base::{give_block, take_block};
use crate::errno::{self, Errno};
use crate::sockaddr::{self, Addr};
use crate::wasi::sockets as ws;

/// Where a TCP socket is in its life.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Conn {
    Fresh = 0,
    Connecting,
    Connected,
    Listening,
    /// A connection attempt failed; WASIp3 sockets cannot be reused after that.
    Failed,
}

/// The state of one socket. All-zero bytes are a valid fresh socket (blocks come zeroed).
pub struct Socket {
    /// The `tcp-socket` or `udp-socket` resource.
    pub handle: u32,
    pub family: u16,
    pub conn: Conn,
    /// A pending error for `SO_ERROR` (a failed non-blocking connect).
    pub so_error: Errno,
    /// An async-lowered call in flight (TCP connect, UDP receive): its subtask, argument
    /// area and result area, which must outlive the call that started it.
    pub task: u32,
    pub args: [u32; 10],
    pub ret: [u32; 12],
    /// TCP listeners: the `stream<tcp-socket>` of incoming connections, a one-element
    /// read into `accept_slot` started by `poll`, and a connection it already took.
    pub listener: u32,
    pub accept_slot: u32,
    pub accept_inflight: bool,
    pub accepted: u32,
    pub rd_shut: bool,
    pub wr_shut: bool,
    pub bound: bool,
    pub rcvtimeo: u64,
    pub sndtimeo: u64,
    pub reuseaddr: bool,
    pub nodelay: bool,
    /// `SO_LINGER`: off, or the seconds `close` may wait for unsent data.
    pub linger: Option<u32>,
    /// UDP: connected to a default peer.
    pub udp_connected: bool,
    /// UDP: a datagram received but not yet consumed (by `poll` or `MSG_PEEK`).
    pub dgram: usize,
    pub dgram_len: u32,
    pub have_dgram: bool,
    pub dgram_from: Addr,
}

/// Engine option numbers used by the C wrappers' `setsockopt`/`getsockopt`.
pub mod opt {
    pub const REUSEADDR: u32 = 1;
    pub const KEEPALIVE: u32 = 2;
    pub const RCVBUF: u32 = 3;
    pub const SNDBUF: u32 = 4;
    pub const RCVTIMEO: u32 = 5;
    pub const SNDTIMEO: u32 = 6;
    pub const ERROR: u32 = 7;
    pub const TYPE: u32 = 8;
    pub const DOMAIN: u32 = 9;
    pub const ACCEPTCONN: u32 = 10;
    pub const NODELAY: u32 = 11;
    pub const KEEPIDLE: u32 = 12;
    pub const KEEPINTVL: u32 = 13;
    pub const KEEPCNT: u32 = 14;
    pub const V6ONLY: u32 = 15;
    pub const HOPS: u32 = 16;
    pub const PROTOCOL: u32 = 17;
    /// `SO_LINGER` as `onoff << 32 | seconds`.
    pub const LINGER: u32 = 18;
}

/// Flags of one receive call.
#[derive(Clone, Copy, Default)]
pub struct RecvFlags {
    pub peek: bool,
    pub dontwait: bool,
    pub waitall: bool,
}

/// A new socket block for socket resource `handle` of `family`, owned by the descriptor
/// it is given to until `free_block`.
pub fn new_block(handle: u32, family: u16) -> &'static mut Socket {
    let s = take_block(core::mem::size_of::<Socket>()) as *mut Socket;
    // SAFETY: a fresh zeroed block sized for a Socket (all-zero is a valid fresh socket).
    let sk = unsafe { &mut *s };
    sk.handle = handle;
    sk.family = family;
    sk
}

/// Returns a socket block (its descriptor is going away).
pub fn free_block(sk: &mut Socket) {
    give_block(sk as *mut Socket as *mut u8, core::mem::size_of::<Socket>());
}

/// Checks a `result<_, error-code>` in `ret`.
pub fn check(ret: &Ret) -> Result<(), Errno> {
    if ret.u8(0) == 0 {
        Ok(())
    } else {
        Err(errno::from_socket_error(ret.u8(4)))
    }
}

/// `socket()`: a new TCP (`stream`) or UDP socket resource of `family` (4 or 6).
pub fn create(family: u16, stream: bool) -> Result<u32, Errno> {
    let wfam = sockaddr::wit_family(family)?;
    let mut ret = Ret::new();
    // SAFETY: `ret` receives a `result<tcp-socket/udp-socket, error-code>`.
    unsafe {
        if stream {
            ws::tcp_create(wfam, ret.ptr())
        } else {
            ws::udp_create(wfam, ret.ptr())
        }
    };
    check(&ret)?;
    Ok(ret.u32(4))
}

/// Drops socket resource `handle` (TCP when `stream`).
pub fn drop_handle(handle: u32, stream: bool) {
    // SAFETY: the handle is ours and nothing refers to it any more.
    unsafe {
        if stream {
            ws::tcp_drop(handle)
        } else {
            ws::udp_drop(handle)
        }
    }
}

/// Cancels and drops the in-flight subtask of `sk`, if any.
pub fn cancel_task(sk: &mut Socket) {
    if sk.task == 0 {
        return;
    }
    // SAFETY: `task` is our live subtask.
    let code = unsafe { crate::wasi::subtask_cancel(sk.task) };
    crate::trace::cancel(sk.task, code);
    if code == crate::wasi::BLOCKED {
        crate::stream::wait_subtask(sk.task);
    }
    // SAFETY: the subtask has returned or been cancelled.
    unsafe { crate::wasi::subtask_drop(sk.task) };
    sk.task = 0;
}
