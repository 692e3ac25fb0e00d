//! The socket calls of the two faces on a descriptor of either protocol: binding,
//! connecting, addresses, sending and receiving with their timeouts, options, and what
//! `poll` and `close` ask of a socket; each dispatched to `tcp.rs` or `udp.rs`.

use crate::abi::{FDFLAGS_NONBLOCK, Iovec, Ret};
use crate::errno::{self, Errno};
use crate::sockaddr::{self, Addr};
use crate::socket::{self, Conn, RecvFlags, Socket, opt};
use crate::stream::linger;
use crate::tcp::{self, Tcp};
use crate::udp::{self, Udp};
use crate::wait::{self, Wants};
use crate::wasi::{call_flat, sockets as ws};
use crate::{clocks, netgate};

/// A socket descriptor's state, of either protocol.
pub enum Sock<'a> {
    Tcp(&'a mut Tcp),
    Udp(&'a mut Udp),
}

impl Sock<'_> {
    fn tcp(&self) -> bool {
        matches!(self, Sock::Tcp(_))
    }

    /// The socket block.
    fn sk(&mut self) -> &mut Socket {
        match self {
            Sock::Tcp(t) => t.sock,
            Sock::Udp(u) => u.sock,
        }
    }
}

fn nonblocking(fdflags: u16) -> bool {
    fdflags & FDFLAGS_NONBLOCK != 0
}

/// Releases everything a socket description holds (its last descriptor closed).
pub fn release(s: &mut Sock) -> Result<(), Errno> {
    let r = match s {
        Sock::Tcp(t) => tcp::release(&mut t.io, t.sock),
        Sock::Udp(u) => {
            udp::release(u.sock);
            Ok(())
        }
    };
    let stream = s.tcp();
    let sk = s.sk();
    if sk.handle != 0 {
        socket::drop_handle(sk.handle, stream);
    }
    socket::free_block(sk);
    if let Sock::Tcp(t) = s {
        t.io.reader.free_buffer();
        t.io.writer.free_buffer();
    }
    r
}

pub fn bind(s: &mut Sock, addr: &Addr) -> Result<(), Errno> {
    let tcp = s.tcp();
    let sk = s.sk();
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
        if tcp {
            call_flat!(ws::tcp_bind, (sk.handle), addr.flat(), ret.ptr())
        } else {
            call_flat!(ws::udp_bind, (sk.handle), addr.flat(), ret.ptr())
        }
    };
    socket::check(&ret)?;
    sk.bound = true;
    Ok(())
}

/// `connect` (`fdflags` of the description); `None` (`AF_UNSPEC`) dissolves a UDP
/// association.
pub fn connect(s: &mut Sock, fdflags: u16, addr: Option<&Addr>) -> Result<(), Errno> {
    if let Some(a) = addr
        && a.family != s.sk().family
    {
        return Err(errno::EAFNOSUPPORT);
    }
    let t = match s {
        Sock::Tcp(t) => t,
        Sock::Udp(u) => return udp::connect(u.sock, addr),
    };
    if tcp::connect(&mut t.io, t.sock, addr.ok_or(errno::EAFNOSUPPORT)?)? {
        return Ok(());
    }
    if nonblocking(fdflags) {
        return Err(errno::EINPROGRESS);
    }
    let timeout = t.sock.sndtimeo;
    if timeout != 0 {
        // Linux bounds a blocking connect by SO_SNDTIMEO.
        wait_ready(door(s), true, timeout);
        let sk = s.sk();
        if sk.conn == Conn::Connecting {
            return Err(errno::EINPROGRESS);
        }
        return if sk.conn == Conn::Connected {
            Ok(())
        } else {
            Err(tcp::take_error(sk))
        };
    }
    tcp::wait_connect(&mut t.io, t.sock)
}

/// `getsockname` (`peer = false`) and `getpeername`.
pub fn name(s: &mut Sock, peer: bool) -> Result<Addr, Errno> {
    let tcp = s.tcp();
    if let Sock::Tcp(t) = s
        && t.sock.conn == Conn::Connecting
    {
        tcp::settle_connect(&mut t.io, t.sock);
    }
    let sk = s.sk();
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
    socket::check(&ret).map_err(|e| {
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
    s: &mut Sock,
    fdflags: u16,
    iovs: &[Iovec],
    dontwait: bool,
    to: Option<&Addr>,
) -> Result<usize, Errno> {
    let nonblock = dontwait || nonblocking(fdflags);
    match s {
        Sock::Udp(u) => udp::send(u.sock, iovs, to),
        Sock::Tcp(t) => {
            let (deadline, nb) = Deadline::start(nonblock, t.sock.sndtimeo);
            loop {
                match tcp::send(&mut t.io, t.sock, iovs, nb) {
                    Err(errno::EAGAIN) if deadline.wait(netgate::of(*t), true) => {}
                    r => return r,
                }
            }
        }
    }
}

/// Receives into `iovs`: `(bytes, datagram was truncated)`; `from` gets the sender.
pub fn recv(
    s: &mut Sock,
    fdflags: u16,
    iovs: &[Iovec],
    flags: RecvFlags,
    from: Option<&mut Addr>,
) -> Result<(usize, bool), Errno> {
    let nonblock = flags.dontwait || nonblocking(fdflags);
    let t = match s {
        Sock::Udp(u) => {
            let (deadline, nb) = Deadline::start(nonblock, u.sock.rcvtimeo);
            let r = loop {
                match udp::recv(u.sock, iovs, flags.peek, nb) {
                    Err(errno::EAGAIN) if deadline.wait(netgate::of(*u), false) => {}
                    r => break r,
                }
            };
            return r.map(|(n, trunc, a)| {
                if let Some(f) = from {
                    *f = a;
                }
                (n, trunc)
            });
        }
        Sock::Tcp(t) => t,
    };
    if let Some(f) = from {
        // Stream sockets report no sender (POSIX leaves the address unspecified).
        *f = Addr::default();
    }
    let (deadline, nb) = Deadline::start(nonblock, t.sock.rcvtimeo);
    loop {
        match tcp::recv(&mut t.io, t.sock, iovs, flags, nb) {
            Err(errno::EAGAIN) if deadline.wait(netgate::of(*t), false) => {}
            r => return r.map(|n| (n, false)),
        }
    }
}

/// The deadline of a blocking call under `SO_RCVTIMEO`/`SO_SNDTIMEO`. Without one (or for
/// a non-blocking call) the operation blocks, or not, itself; with one it is tried without
/// blocking and `wait` waits for readiness until the deadline, then the call reports
/// `EAGAIN`. (A loop in each caller rather than a function taking the operation: the
/// usual call, without a timeout, stays one direct call.)
struct Deadline(Option<u64>);

impl Deadline {
    /// The deadline of a call (`nonblock`, with `timeout` nanoseconds, 0 for none) and
    /// whether its operation must not block.
    fn start(nonblock: bool, timeout: u64) -> (Deadline, bool) {
        if nonblock || timeout == 0 {
            return (Deadline(None), nonblock);
        }
        let deadline = clocks::monotonic_now().saturating_add(timeout);
        (Deadline(Some(deadline)), true)
    }

    /// After `EAGAIN`: waits for the socket (`door`, as its door carries it) until the
    /// deadline; false when there is none or it has passed.
    fn wait(&self, door: netgate::Sock, write: bool) -> bool {
        let Some(deadline) = self.0 else {
            return false;
        };
        let now = clocks::monotonic_now();
        if now >= deadline {
            return false;
        }
        wait_ready(door, write, deadline - now);
        true
    }
}

/// Waits until the socket is ready to read (or write) or failed, or `ns` nanoseconds
/// pass: `SO_RCVTIMEO`, `SO_SNDTIMEO` and a bounded blocking connect. What `poll` does
/// for this one descriptor and a clock; output closed earlier (`linger`) keeps moving
/// meanwhile.
///
/// It asks through the socket door (`door`), as `poll` does: the door's inside stays the
/// only caller of `readiness` and `deliver`, which it then holds inline (a timeout's
/// waits are rare; the door costs little next to the wait). The operation waiting for it
/// is not running meanwhile.
fn wait_ready(door: netgate::Sock, write: bool, ns: u64) {
    let set = wait::CallSet::new();
    if linger::any() {
        linger::rejoin(set.id());
    }
    let mut timer: Option<wait::Timer<_>> = None;
    let mut started = false;
    loop {
        match netgate::readiness(door, write) {
            Wants::Wait(h) if h != 0 => set.join(h),
            Wants::Wait(_) | Wants::Never => {}
            _ => break,
        }
        if !started {
            started = true;
            timer = wait::Timer::start(ns, &set, linger::deliver);
        }
        // No timer: the time was up at once.
        let Some(t) = &mut timer else { break };
        if t.fired() {
            break;
        }
        let (code, which, payload) = set.wait();
        if !t.takes(code, which, payload) && !linger::deliver(code, which, payload) {
            netgate::deliver(door, code, which, payload);
        }
    }
    drop(timer);
    linger::rejoin(0);
    for h in netgate::waitables(door) {
        if h != 0 {
            wait::join(h, false);
        }
    }
}

/// The socket as its door carries it (for `wait_ready`).
fn door(s: &mut Sock) -> netgate::Sock {
    match s {
        Sock::Tcp(t) => netgate::of(*t),
        Sock::Udp(u) => netgate::of(*u),
    }
}

/// `shutdown`: `how` bit 1 stops receiving, bit 2 stops sending.
pub fn shutdown(s: &mut Sock, how: u32) -> Result<(), Errno> {
    if how == 0 || how & !3 != 0 {
        return Err(errno::EINVAL);
    }
    match s {
        Sock::Tcp(t) => tcp::shutdown(&mut t.io, t.sock, how),
        Sock::Udp(u) if !u.sock.udp_connected => Err(errno::ENOTCONN),
        Sock::Udp(u) => {
            u.sock.rd_shut |= how & 1 != 0;
            u.sock.wr_shut |= how & 2 != 0;
            Ok(())
        }
    }
}

/// Reads (`set = false`) or changes socket option `id` (see `opt`) through `val`.
pub fn sockopt(s: &mut Sock, id: u32, set: bool, val: &mut u64) -> Result<(), Errno> {
    let tcp = s.tcp();
    let sk = s.sk();
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
        _ => return engine_opt(tcp, sk, id, set, val),
    };
    socket::check(&ret)?;
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
fn engine_opt(tcp: bool, sk: &mut Socket, id: u32, set: bool, val: &mut u64) -> Result<(), Errno> {
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
pub fn readiness(s: &mut Sock, write: bool) -> Wants {
    match s {
        Sock::Tcp(t) => tcp::readiness(&mut t.io, t.sock, write),
        Sock::Udp(u) => udp::readiness(u.sock, write),
    }
}

/// Hands a waitable event to this socket if it is the owner; true when it was.
pub fn deliver(s: &mut Sock, code: u32, which: u32, payload: u32) -> bool {
    match s {
        Sock::Tcp(t) => tcp::deliver(&mut t.io, t.sock, code, which, payload),
        Sock::Udp(u) => udp::deliver(u.sock, code, which, payload),
    }
}

/// The waitables this socket may have joined to a `poll` set.
pub fn waitables(s: &mut Sock) -> [u32; 4] {
    match s {
        Sock::Tcp(t) => [
            t.sock.task,
            t.sock.listener,
            t.io.reader.stream,
            t.io.writer.stream,
        ],
        Sock::Udp(u) => [u.sock.task, u.sock.listener, 0, 0],
    }
}
