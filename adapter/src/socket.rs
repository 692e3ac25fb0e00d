//! Sockets over `wasi:sockets@0.3.0`: what TCP and UDP descriptors share — creation,
//! addresses, options, timeouts, dispatch — and the socket state the descriptor holds.
//! Protocol behaviour lives in `tcp.rs` and `udp.rs`.

use crate::abi::{FDFLAGS_NONBLOCK, Iovec, Ret};
use crate::base::{give_block, take_block};
use crate::errno::{self, Errno};
use crate::fd::{Kind, Ofd};
use crate::sockaddr::{self, Addr};
use crate::state::state;
use crate::stream::linger;
use crate::wait::{self, Wants};
use crate::wasi::{call_flat, sockets as ws};
use crate::{clocks, tcp, udp};

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

/// The socket state of a socket description.
pub fn sock(ofd: &Ofd) -> &'static mut Socket {
    if ofd.sock == 0 {
        crate::fatal!("p3shim: socket without state");
    }
    // SAFETY: `ofd.sock` is the live Socket block this description owns.
    unsafe { &mut *(ofd.sock as *mut Socket) }
}

/// The socket description behind `fd`: `EBADF` for no descriptor, `ENOTSOCK` for others.
pub fn get(fd: u32) -> Result<&'static mut Ofd, Errno> {
    let ofd = state().fds.get(fd)?;
    match ofd.kind {
        Kind::Tcp | Kind::Udp => Ok(ofd),
        _ => Err(errno::ENOTSOCK),
    }
}

/// The preview1 file type of a socket description.
pub fn filetype(ofd: &Ofd) -> u8 {
    if ofd.kind == Kind::Tcp {
        crate::abi::FILETYPE_SOCKET_STREAM
    } else {
        crate::abi::FILETYPE_SOCKET_DGRAM
    }
}

pub fn nonblocking(ofd: &Ofd) -> bool {
    ofd.fdflags & FDFLAGS_NONBLOCK != 0
}

/// Checks a `result<_, error-code>` in `ret`.
pub fn check(ret: &Ret) -> Result<(), Errno> {
    if ret.u8(0) == 0 {
        Ok(())
    } else {
        Err(errno::from_socket_error(ret.u8(4)))
    }
}

/// `socket()`: a new TCP (`stream`) or UDP socket of `family` (4 or 6).
pub fn create(family: u16, stream: bool, fdflags: u16) -> Result<u32, Errno> {
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
    let handle = ret.u32(4);
    adopt(handle, family, stream, fdflags)
}

/// Gives a new descriptor to a socket resource (created, or accepted from a listener).
pub fn adopt(handle: u32, family: u16, stream: bool, fdflags: u16) -> Result<u32, Errno> {
    let fds = &mut state().fds;
    let kind = if stream { Kind::Tcp } else { Kind::Udp };
    let installed = fds.new_ofd(kind).and_then(|idx| {
        let ofd = fds.ofd(idx);
        let s = take_block(core::mem::size_of::<Socket>()) as *mut Socket;
        ofd.sock = s as usize;
        ofd.fdflags = fdflags;
        let sk = sock(ofd);
        sk.handle = handle;
        sk.family = family;
        match fds.install(idx, 0) {
            Ok(fd) => Ok(fd),
            Err(e) => {
                give_block(s as *mut u8, core::mem::size_of::<Socket>());
                *ofd = Ofd::default();
                Err(e)
            }
        }
    });
    if installed.is_err() {
        drop_handle(handle, stream);
    }
    installed
}

fn drop_handle(handle: u32, stream: bool) {
    // SAFETY: the handle is ours and nothing refers to it any more.
    unsafe {
        if stream {
            ws::tcp_drop(handle)
        } else {
            ws::udp_drop(handle)
        }
    }
}

/// Releases everything a socket description holds (its last descriptor closed).
pub fn release(ofd: &mut Ofd) -> Result<(), Errno> {
    let sk = sock(ofd);
    let stream = ofd.kind == Kind::Tcp;
    let r = if stream {
        tcp::release(ofd, sk)
    } else {
        udp::release(sk);
        Ok(())
    };
    if sk.handle != 0 {
        drop_handle(sk.handle, stream);
    }
    give_block(ofd.sock as *mut u8, core::mem::size_of::<Socket>());
    ofd.sock = 0;
    r
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

pub fn bind(fd: u32, addr: &Addr) -> Result<(), Errno> {
    let ofd = get(fd)?;
    let sk = sock(ofd);
    if addr.family != sk.family {
        return Err(errno::EAFNOSUPPORT);
    }
    if sk.bound || sk.conn != Conn::Fresh {
        return Err(errno::EINVAL);
    }
    let mut ret = Ret::new();
    // SAFETY: a flattened ip-socket-address and a return area for `result<_, error-code>`.
    // (Two direct calls, not a function pointer: the adapter may not have a table.)
    unsafe {
        if ofd.kind == Kind::Tcp {
            call_flat!(ws::tcp_bind, (sk.handle), addr.flat(), ret.ptr())
        } else {
            call_flat!(ws::udp_bind, (sk.handle), addr.flat(), ret.ptr())
        }
    };
    check(&ret)?;
    sk.bound = true;
    Ok(())
}

/// `connect`; `None` (`AF_UNSPEC`) dissolves a UDP association.
pub fn connect(fd: u32, addr: Option<&Addr>) -> Result<(), Errno> {
    let ofd = get(fd)?;
    let sk = sock(ofd);
    if let Some(a) = addr
        && a.family != sk.family
    {
        return Err(errno::EAFNOSUPPORT);
    }
    match ofd.kind {
        Kind::Tcp => tcp::connect(fd, ofd, sk, addr.ok_or(errno::EAFNOSUPPORT)?),
        _ => udp::connect(sk, addr),
    }
}

/// `getsockname` (`peer = false`) and `getpeername`.
pub fn name(fd: u32, peer: bool) -> Result<Addr, Errno> {
    let ofd = get(fd)?;
    let sk = sock(ofd);
    let tcp = ofd.kind == Kind::Tcp;
    if tcp && sk.conn == Conn::Connecting {
        tcp::settle_connect(ofd, sk);
    }
    if peer
        && (if tcp {
            sk.conn != Conn::Connected
        } else {
            !sk.udp_connected
        })
    {
        return Err(errno::ENOTCONN);
    }
    if !peer && !sk.bound && !(tcp && matches!(sk.conn, Conn::Connected | Conn::Listening)) {
        // Unbound: the unspecified address, port 0, as on Linux.
        return Ok(Addr {
            family: sk.family,
            ..Addr::default()
        });
    }
    let mut ret = Ret::new();
    // SAFETY: `ret` receives a `result<ip-socket-address, error-code>`.
    unsafe {
        match (tcp, peer) {
            (true, false) => ws::tcp_local_address(sk.handle, ret.ptr()),
            (true, true) => ws::tcp_remote_address(sk.handle, ret.ptr()),
            (false, false) => ws::udp_local_address(sk.handle, ret.ptr()),
            (false, true) => ws::udp_remote_address(sk.handle, ret.ptr()),
        }
    };
    check(&ret).map_err(|e| {
        if e == errno::EINVAL {
            errno::ENOTCONN
        } else {
            e
        }
    })?;
    // SAFETY: the payload starts at offset 4 of the return area.
    Ok(Addr::read_wit(unsafe { ret.ptr().add(4) }))
}

/// Sends from `iovs` (to `to`, for unconnected UDP); `dontwait` is `MSG_DONTWAIT`.
pub fn send(
    fd: u32,
    ofd: &mut Ofd,
    iovs: &[Iovec],
    dontwait: bool,
    to: Option<&Addr>,
) -> Result<usize, Errno> {
    let sk = sock(ofd);
    let nonblock = dontwait || nonblocking(ofd);
    if ofd.kind == Kind::Udp {
        return udp::send(sk, iovs, to);
    }
    let timeout = sk.sndtimeo;
    with_timeout(fd, true, nonblock, timeout, |nb| {
        tcp::send(ofd, sk, iovs, nb)
    })
}

/// Receives into `iovs`: `(bytes, datagram was truncated)`; `from` gets the sender.
pub fn recv(
    fd: u32,
    ofd: &mut Ofd,
    iovs: &[Iovec],
    flags: RecvFlags,
    from: Option<&mut Addr>,
) -> Result<(usize, bool), Errno> {
    let sk = sock(ofd);
    let nonblock = flags.dontwait || nonblocking(ofd);
    let timeout = sk.rcvtimeo;
    if ofd.kind == Kind::Udp {
        return with_timeout(fd, false, nonblock, timeout, |nb| {
            udp::recv(sk, iovs, flags.peek, nb)
        })
        .map(|(n, trunc, a)| {
            if let Some(f) = from {
                *f = a;
            }
            (n, trunc)
        });
    }
    if let Some(f) = from {
        // Stream sockets report no sender (POSIX leaves the address unspecified).
        *f = Addr::default();
    }
    with_timeout(fd, false, nonblock, timeout, |nb| {
        tcp::recv(ofd, sk, iovs, flags, nb)
    })
    .map(|n| (n, false))
}

/// Runs `op` as a blocking call honouring `SO_RCVTIMEO`/`SO_SNDTIMEO`: without a timeout
/// it blocks in `op`; with one it tries without blocking and waits for readiness
/// (`wait_ready`) until the deadline, then reports `EAGAIN`.
fn with_timeout<T>(
    fd: u32,
    write: bool,
    nonblock: bool,
    timeout: u64,
    mut op: impl FnMut(bool) -> Result<T, Errno>,
) -> Result<T, Errno> {
    if nonblock || timeout == 0 {
        return op(nonblock);
    }
    let deadline = clocks::monotonic_now().saturating_add(timeout);
    loop {
        match op(true) {
            Err(errno::EAGAIN) => {
                let now = clocks::monotonic_now();
                if now >= deadline {
                    return Err(errno::EAGAIN);
                }
                wait_ready(fd, write, deadline - now);
            }
            r => return r,
        }
    }
}

/// Waits until the socket behind `fd` is ready to read (or write) or failed, or `ns`
/// nanoseconds pass: `SO_RCVTIMEO`, `SO_SNDTIMEO` and a bounded blocking connect. What
/// `poll` does for this one descriptor and a clock; output closed earlier (`linger`)
/// keeps moving meanwhile.
pub fn wait_ready(fd: u32, write: bool, ns: u64) {
    let Ok(ofd) = state().fds.get(fd) else {
        return;
    };
    let set = wait::CallSet::new();
    if linger::any() {
        linger::rejoin(set.id());
    }
    let mut timer: Option<wait::Timer> = None;
    let mut started = false;
    loop {
        // Through the door, like `poll`: this socket's own readiness and events, so that
        // the door's inside stays the only caller of `readiness` and `deliver`.
        match crate::netgate::readiness(ofd, write) {
            Wants::Wait(h) if h != 0 => set.join(h),
            Wants::Wait(_) | Wants::Never => {}
            _ => break,
        }
        if !started {
            started = true;
            timer = wait::Timer::start(ns, &set);
        }
        // No timer: the time was up at once.
        let Some(t) = &mut timer else { break };
        if t.fired() {
            break;
        }
        let (code, which, payload) = set.wait();
        if !t.takes(code, which, payload) && !linger::deliver(code, which, payload) {
            crate::netgate::deliver(ofd, code, which, payload);
        }
    }
    drop(timer);
    linger::rejoin(0);
    for h in crate::netgate::waitables(ofd) {
        if h != 0 {
            wait::join(h, false);
        }
    }
}

/// `shutdown`: `how` bit 1 stops receiving, bit 2 stops sending.
pub fn shutdown(fd: u32, how: u32) -> Result<(), Errno> {
    let ofd = get(fd)?;
    if how == 0 || how & !3 != 0 {
        return Err(errno::EINVAL);
    }
    let sk = sock(ofd);
    match ofd.kind {
        Kind::Tcp => tcp::shutdown(ofd, sk, how),
        _ if !sk.udp_connected => Err(errno::ENOTCONN),
        _ => {
            sk.rd_shut |= how & 1 != 0;
            sk.wr_shut |= how & 2 != 0;
            Ok(())
        }
    }
}

/// Reads (`set = false`) or changes socket option `id` (see `opt`) through `val`.
pub fn sockopt(fd: u32, id: u32, set: bool, val: &mut u64) -> Result<(), Errno> {
    let ofd = get(fd)?;
    let sk = sock(ofd);
    let tcp = ofd.kind == Kind::Tcp;
    let h = sk.handle;
    let mut ret = Ret::new();
    let r = ret.ptr();
    // Host-backed options: each call fills `ret` with a `result<T, error-code>` whose
    // payload shape (bool, u32, u64, duration) the second argument names.
    macro_rules! host {
        ($call:expr, $shape:expr) => {{
            // SAFETY: `h` is the live socket and `r` a large enough return area.
            unsafe { $call };
            $shape
        }};
    }
    let shape = match (id, set, tcp) {
        (opt::KEEPALIVE, false, true) => host!(ws::tcp_get_keepalive(h, r), 1),
        (opt::KEEPALIVE, true, true) => host!(ws::tcp_set_keepalive(h, (*val != 0) as u32, r), 0),
        (opt::KEEPIDLE, false, true) => host!(ws::tcp_get_keepidle(h, r), 9),
        (opt::KEEPIDLE, true, true) => host!(ws::tcp_set_keepidle(h, secs(*val)?, r), 0),
        (opt::KEEPINTVL, false, true) => host!(ws::tcp_get_keepintvl(h, r), 9),
        (opt::KEEPINTVL, true, true) => host!(ws::tcp_set_keepintvl(h, secs(*val)?, r), 0),
        (opt::KEEPCNT, false, true) => host!(ws::tcp_get_keepcnt(h, r), 4),
        (opt::KEEPCNT, true, true) => host!(ws::tcp_set_keepcnt(h, small(*val)?, r), 0),
        (opt::HOPS, false, true) => host!(ws::tcp_get_hops(h, r), 1),
        (opt::HOPS, true, true) => host!(ws::tcp_set_hops(h, hops(*val)?, r), 0),
        (opt::HOPS, false, false) => host!(ws::udp_get_hops(h, r), 1),
        (opt::HOPS, true, false) => host!(ws::udp_set_hops(h, hops(*val)?, r), 0),
        (opt::RCVBUF, false, true) => host!(ws::tcp_get_rcvbuf(h, r), 8),
        (opt::RCVBUF, true, true) => host!(ws::tcp_set_rcvbuf(h, buf(*val)?, r), 0),
        (opt::SNDBUF, false, true) => host!(ws::tcp_get_sndbuf(h, r), 8),
        (opt::SNDBUF, true, true) => host!(ws::tcp_set_sndbuf(h, buf(*val)?, r), 0),
        (opt::RCVBUF, false, false) => host!(ws::udp_get_rcvbuf(h, r), 8),
        (opt::RCVBUF, true, false) => host!(ws::udp_set_rcvbuf(h, buf(*val)?, r), 0),
        (opt::SNDBUF, false, false) => host!(ws::udp_get_sndbuf(h, r), 8),
        (opt::SNDBUF, true, false) => host!(ws::udp_set_sndbuf(h, buf(*val)?, r), 0),
        _ => return engine_opt(ofd, sk, id, set, val),
    };
    check(&ret)?;
    if !set {
        *val = match shape {
            1 => ret.u8(4) as u64,
            4 => ret.u32(4) as u64,
            8 => ret.u64(8),
            // Durations come in nanoseconds; the C API speaks seconds.
            _ => ret.u64(8) / 1_000_000_000,
        };
    }
    Ok(())
}

/// Options the engine keeps itself.
fn engine_opt(ofd: &Ofd, sk: &mut Socket, id: u32, set: bool, val: &mut u64) -> Result<(), Errno> {
    let tcp = ofd.kind == Kind::Tcp;
    match (id, set) {
        (opt::RCVTIMEO, true) => sk.rcvtimeo = *val,
        (opt::RCVTIMEO, false) => *val = sk.rcvtimeo,
        (opt::SNDTIMEO, true) => sk.sndtimeo = *val,
        (opt::SNDTIMEO, false) => *val = sk.sndtimeo,
        // WASIp3 asks hosts to bind TCP as if SO_REUSEADDR were set (Wasmtime 50 sets it
        // on every bind); the flag is remembered for getsockopt.
        (opt::REUSEADDR, true) => sk.reuseaddr = *val != 0,
        (opt::REUSEADDR, false) => *val = sk.reuseaddr as u64,
        (opt::LINGER, true) if tcp => {
            sk.linger = (*val >> 32 != 0).then_some(*val as u32);
        }
        (opt::LINGER, false) if tcp => {
            *val = sk.linger.map_or(0, |s| 1 << 32 | s as u64);
        }
        (opt::ERROR, false) => *val = core::mem::take(&mut sk.so_error) as u64,
        (opt::TYPE, false) => *val = if tcp { 1 } else { 2 },
        (opt::PROTOCOL, false) => *val = if tcp { 6 } else { 17 },
        (opt::DOMAIN, false) => *val = sk.family as u64,
        (opt::ACCEPTCONN, false) => *val = (sk.conn == Conn::Listening) as u64,
        // WASIp3 has no Nagle switch: the value is remembered and reported, data is sent
        // as the host's socket sends it.
        (opt::NODELAY, true) if tcp => sk.nodelay = *val != 0,
        (opt::NODELAY, false) if tcp => *val = sk.nodelay as u64,
        // WASIp3 IPv6 sockets are always IPv6-only.
        (opt::V6ONLY, _) if sk.family != sockaddr::V6 => return Err(errno::ENOPROTOOPT),
        (opt::V6ONLY, false) => *val = 1,
        (opt::V6ONLY, true) if *val != 0 => {}
        (opt::V6ONLY, true) => return Err(errno::ENOTSUP),
        (opt::ERROR | opt::TYPE | opt::PROTOCOL | opt::DOMAIN | opt::ACCEPTCONN, true) => {
            return Err(errno::ENOPROTOOPT);
        }
        _ => return Err(errno::ENOPROTOOPT),
    }
    Ok(())
}

fn secs(v: u64) -> Result<u64, Errno> {
    if v == 0 || v > 32767 {
        return Err(errno::EINVAL);
    }
    Ok(v * 1_000_000_000)
}

fn small(v: u64) -> Result<u32, Errno> {
    if v == 0 || v > 127 {
        return Err(errno::EINVAL);
    }
    Ok(v as u32)
}

fn hops(v: u64) -> Result<u32, Errno> {
    if v == 0 || v > 255 {
        return Err(errno::EINVAL);
    }
    Ok(v as u32)
}

fn buf(v: u64) -> Result<u64, Errno> {
    if v == 0 {
        return Err(errno::EINVAL);
    }
    Ok(v)
}

/// `poll` readiness of a socket for reading or writing.
pub fn readiness(ofd: &mut Ofd, write: bool) -> Wants {
    let sk = sock(ofd);
    match ofd.kind {
        Kind::Tcp => tcp::readiness(ofd, sk, write),
        _ => udp::readiness(sk, write),
    }
}

/// Hands a waitable event to this socket if it is the owner; true when it was.
pub fn deliver(ofd: &mut Ofd, code: u32, which: u32, payload: u32) -> bool {
    let sk = sock(ofd);
    match ofd.kind {
        Kind::Tcp => tcp::deliver(ofd, sk, code, which, payload),
        _ => udp::deliver(sk, code, which, payload),
    }
}

/// The waitables this socket may have joined to a `poll` set.
pub fn waitables(ofd: &Ofd) -> [u32; 4] {
    let sk = sock(ofd);
    [sk.task, sk.listener, ofd.reader.stream, ofd.writer.stream]
}
