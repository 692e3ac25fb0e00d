//! TCP over `wasi:sockets` `tcp-socket`: connect (an async-lowered subtask, so it can be
//! non-blocking), listen/accept (a `stream<tcp-socket>`), and the byte streams of a
//! connection, which are the description's `Reader` (receive) and `Writer` (send) — the
//! same bridge as every other stream, so reads, writes, peeks and `poll` behave alike.

use crate::abi::{Iovec, Ret, each_iovec};
use crate::errno::{self, Errno};
use crate::sockaddr::Addr;
use crate::socket::{self, Conn, RecvFlags, Socket};
use crate::stream::{self, Reader, Site, Writer};
use crate::wait;
use crate::wait::Wants;
use crate::wasi::{
    self, BLOCKED, COPY_DROPPED, EVENT_STREAM_READ, EVENT_SUBTASK, SUBTASK_RETURNED, sockets as ws,
};

/// A TCP descriptor's state: its socket block and, once connected, its byte streams.
pub struct Tcp {
    pub sock: &'static mut Socket,
    pub io: Streams,
}

/// A connection's byte streams: receive (`reader`) and send (`writer`).
#[derive(Default)]
pub struct Streams {
    pub reader: Reader,
    pub writer: Writer,
}

impl Tcp {
    pub fn new(sock: &'static mut Socket) -> Tcp {
        Tcp {
            sock,
            io: Streams::default(),
        }
    }
}

/// Starts a connect: `true` when it finished at once (its result is the call's), `false`
/// while it is in progress (`net::connect` decides how to wait).
pub fn connect(io: &mut Streams, sk: &mut Socket, addr: &Addr) -> Result<bool, Errno> {
    match sk.conn {
        Conn::Connecting => return Err(errno::EALREADY),
        Conn::Connected => return Err(errno::EISCONN),
        Conn::Listening => return Err(errno::EINVAL),
        Conn::Failed => return Err(take_error(sk)),
        Conn::Fresh => {}
    }
    // The argument area is (handle, ip-socket-address at offset 4), read by the host when
    // the subtask starts; the result area receives `result<_, error-code>`.
    sk.args[0] = sk.handle;
    addr.write_wit(sk.args[1..].as_mut_ptr() as *mut u8);
    // SAFETY: both areas live in the socket block until the subtask is dropped.
    let code = unsafe {
        ws::tcp_connect(
            sk.args.as_ptr() as *const u8,
            sk.ret.as_mut_ptr() as *mut u8,
        )
    };
    sk.conn = Conn::Connecting;
    if code & 0xf == SUBTASK_RETURNED {
        return finish_connect(io, sk).map(|()| true);
    }
    sk.task = code >> 4;
    Ok(false)
}

/// Blocks until a connect in progress is done; its result.
#[inline(always)]
pub fn wait_connect(io: &mut Streams, sk: &mut Socket) -> Result<(), Errno> {
    crate::stream::wait_subtask(sk.task);
    finish_connect(io, sk)
}

/// How long `getsockname` waits for a connect in progress (see `settle_connect`).
const SETTLE_CONNECT_NS: u64 = 100_000_000;

/// Collects a connect the program has not waited for, waiting up to 100 ms for one still in
/// progress: `getsockname` needs the connected socket (the host has no local address for a
/// socket it still counts as connecting), while Linux picks the local port at `connect`.
/// Measured on loopback, yielding to the host a few times was not always enough; a
/// connect to a remote peer slower than the bound still reports the unbound address.
pub fn settle_connect(io: &mut Streams, sk: &mut Socket) {
    if sk.conn != Conn::Connecting || sk.task == 0 {
        return;
    }
    while let Some(state) = crate::stream::poll_for(sk.task) {
        if state == SUBTASK_RETURNED {
            let _ = finish_connect(io, sk);
            return;
        }
    }
    if wait::wait_subtask_for(sk.task, SETTLE_CONNECT_NS, stream::linger::deliver) {
        let _ = finish_connect(io, sk);
    }
}

/// The connect subtask returned: drop it and read its result.
fn finish_connect(io: &mut Streams, sk: &mut Socket) -> Result<(), Errno> {
    if sk.task != 0 {
        // Leave any `poll` set first: a set must not be dropped with members.
        wait::join(sk.task, false);
        // SAFETY: the subtask has returned.
        unsafe { wasi::subtask_drop(sk.task) };
        sk.task = 0;
    }
    let ret = sk.ret.as_ptr() as *const u8;
    // SAFETY: the host wrote `result<_, error-code>` to the result area.
    let (disc, err) = unsafe { (*ret, *ret.add(4)) };
    if disc != 0 {
        sk.conn = Conn::Failed;
        sk.so_error = errno::from_socket_error(err);
        return Err(sk.so_error);
    }
    sk.conn = Conn::Connected;
    sk.bound = true;
    open_streams(io, sk);
    Ok(())
}

/// The error of a failed connection (once through `SO_ERROR`, then `ECONNABORTED`).
pub fn take_error(sk: &mut Socket) -> Errno {
    match core::mem::take(&mut sk.so_error) {
        0 => errno::ECONNABORTED,
        e => e,
    }
}

/// Opens a connected socket's receive stream and a send stream the engine writes into.
fn open_streams(io: &mut Streams, sk: &mut Socket) {
    let mut rx = [0u32; 2];
    // SAFETY: `rx` receives the (stream, future) pair of `receive`.
    unsafe { ws::tcp_receive(sk.handle, rx.as_mut_ptr().cast()) };
    io.reader.attach(Site::TcpRecv, rx[0], rx[1], 0);
    let (readable, writable) = stream::new_stream(Site::TcpSend);
    // SAFETY: `send` takes ownership of the readable end we just created.
    let future = unsafe { ws::tcp_send(sk.handle, readable) };
    io.writer.attach(Site::TcpSend, writable, future, 0);
}

pub fn listen(sk: &mut Socket, backlog: u32) -> Result<(), Errno> {
    let mut ret = Ret::new();
    if backlog > 0 {
        // SAFETY: a scalar argument and a return area. Hosts may refuse to resize a
        // backlog; the listener then keeps the host's default, as Linux caps it silently.
        unsafe { ws::tcp_set_backlog(sk.handle, backlog as u64, ret.ptr()) };
    }
    match sk.conn {
        Conn::Listening => return Ok(()),
        Conn::Fresh => {}
        _ => return Err(errno::EINVAL),
    }
    // SAFETY: `ret` receives `result<stream<tcp-socket>, error-code>`.
    unsafe { ws::tcp_listen(sk.handle, ret.ptr()) };
    socket::check(&ret)?;
    sk.listener = ret.u32(4);
    sk.conn = Conn::Listening;
    sk.bound = true;
    Ok(())
}

/// `accept`: the `tcp-socket` of the next connection on listener `sk` (`accepted` makes
/// it a connection once it has a descriptor).
pub fn accept(sk: &mut Socket, nonblock: bool) -> Result<u32, Errno> {
    if sk.conn != Conn::Listening {
        return Err(errno::EINVAL);
    }
    let handle = loop {
        if sk.accepted != 0 {
            break core::mem::take(&mut sk.accepted);
        }
        if !sk.accept_inflight {
            start_accept(sk);
            continue;
        }
        let code = if nonblock {
            cancel_accept(sk)
        } else {
            crate::stream::wait_for(sk.listener)
        };
        if code != BLOCKED {
            accept_done(sk, code);
        }
        if sk.accepted == 0 && nonblock {
            return Err(errno::EAGAIN);
        }
    };
    Ok(handle)
}

/// An accepted connection, now a descriptor: connected, with its streams open.
pub fn accepted(t: &mut Tcp) {
    let sk = &mut *t.sock;
    sk.conn = Conn::Connected;
    sk.bound = true;
    open_streams(&mut t.io, sk);
}

/// Cancels the listener's in-flight one-connection read; the copy result, or `BLOCKED`.
fn cancel_accept(sk: &Socket) -> u32 {
    // SAFETY: the caller knows a read is in flight on the listener; cancelling settles it.
    let code = unsafe { wasi::tcp_listen::stream_cancel_read(sk.listener) };
    let args = [sk.listener as u64];
    crate::trace::stream_op(
        crate::trace::SITE_LISTEN,
        crate::lit!("stream_cancel_read"),
        &args,
        code,
    );
    code
}

/// Starts a one-connection read from the listener (`accepted` is set if it completes).
fn start_accept(sk: &mut Socket) {
    let slot = &mut sk.accept_slot as *mut u32 as *mut u8;
    // SAFETY: the slot outlives the read: it lives in the socket block.
    let code = unsafe { wasi::tcp_listen::stream_read(sk.listener, slot, 1) };
    crate::trace::stream_op(
        crate::trace::SITE_LISTEN,
        crate::lit!("stream_read"),
        &[sk.listener as u64, slot as u64, 1],
        code,
    );
    sk.accept_inflight = true;
    if code != BLOCKED {
        accept_done(sk, code);
    }
}

fn accept_done(sk: &mut Socket, code: u32) {
    sk.accept_inflight = false;
    if code >> 4 == 1 {
        sk.accepted = sk.accept_slot;
    } else if code & 0xf == COPY_DROPPED {
        // The listener ended (it never does while we hold the socket); report it as an
        // aborted connection rather than trapping on a dropped stream later.
        // SAFETY: the stream reported DROPPED and is ours.
        unsafe { wasi::tcp_listen::stream_drop_readable(sk.listener) };
        sk.listener = 0;
        sk.conn = Conn::Failed;
        sk.so_error = errno::ECONNABORTED;
    }
}

/// Checks that the socket can carry data; a blocking call waits out a connect in progress.
/// Every send and receive asks, so the usual answer is checked inline.
#[inline(always)]
fn connected(io: &mut Streams, sk: &mut Socket, nonblock: bool) -> Result<(), Errno> {
    if sk.conn == Conn::Connected {
        return Ok(());
    }
    not_connected(io, sk, nonblock)
}

fn not_connected(io: &mut Streams, sk: &mut Socket, nonblock: bool) -> Result<(), Errno> {
    if sk.conn == Conn::Connecting && !nonblock {
        crate::stream::wait_subtask(sk.task);
        finish_connect(io, sk)?;
    }
    match sk.conn {
        Conn::Connected => Ok(()),
        Conn::Connecting if nonblock => Err(errno::EAGAIN),
        Conn::Failed => Err(take_error(sk)),
        _ => Err(errno::ENOTCONN),
    }
}

pub fn send(
    io: &mut Streams,
    sk: &mut Socket,
    iovs: &[Iovec],
    nonblock: bool,
) -> Result<usize, Errno> {
    connected(io, sk, nonblock)?;
    if sk.wr_shut {
        return Err(errno::EPIPE);
    }
    let w = &mut io.writer;
    each_iovec(iovs, |buf, len, _| {
        if nonblock {
            w.send_nowait(buf, len)
        } else {
            w.send_wait(buf, len)
        }
    })
}

pub fn recv(
    io: &mut Streams,
    sk: &mut Socket,
    iovs: &[Iovec],
    flags: RecvFlags,
    nonblock: bool,
) -> Result<usize, Errno> {
    connected(io, sk, nonblock)?;
    if sk.rd_shut {
        return Ok(0);
    }
    let r = &mut io.reader;
    if flags.peek {
        return each_iovec(iovs, |buf, len, first| {
            if first {
                r.peek(buf, len, nonblock)
            } else {
                // Only the first buffer can be filled without consuming: stop there.
                Ok(0)
            }
        });
    }
    let mut total = 0usize;
    for iov in iovs.iter().filter(|i| i.len > 0) {
        let mut done = 0usize;
        while done < iov.len {
            // Later buffers and MSG_WAITALL's remainder: take what is there, or wait
            // only when WAITALL asks to fill everything.
            let block = !nonblock && (total + done == 0 || flags.waitall);
            // SAFETY: `done < iov.len`, inside the caller's buffer.
            let dst = unsafe { iov.buf.add(done) };
            match r.receive(dst, iov.len - done, !block) {
                Ok(0) => return Ok(total + done),
                Ok(n) => done += n,
                Err(errno::EAGAIN) if total + done > 0 => return Ok(total + done),
                Err(e) if total + done > 0 => {
                    // Report the bytes now; the error stays for the next call.
                    r.error = e;
                    return Ok(total + done);
                }
                Err(e) => return Err(e),
            }
            if !flags.waitall && done < iov.len {
                return Ok(total + done);
            }
        }
        total += done;
    }
    Ok(total)
}

pub fn shutdown(io: &mut Streams, sk: &mut Socket, how: u32) -> Result<(), Errno> {
    if sk.conn != Conn::Connected {
        return Err(errno::ENOTCONN);
    }
    if how & 1 != 0 && !sk.rd_shut {
        sk.rd_shut = true;
        io.reader.discard();
        io.reader.eof = true;
    }
    if how & 2 != 0 && !sk.wr_shut {
        sk.wr_shut = true;
        // Everything written is delivered, then the host sends FIN.
        let r = io.writer.close();
        io.writer.broken = errno::EPIPE;
        r?;
    }
    Ok(())
}

/// Closes a TCP socket. Unsent data does not hold `close` up (unless `SO_LINGER` asks):
/// the send stream and the socket go to `linger.rs`, which delivers the rest in the
/// background and drops the socket once the host has sent everything (`sk.handle` is
/// then 0 for the caller).
pub fn release(io: &mut Streams, sk: &mut Socket) -> Result<(), Errno> {
    socket::cancel_task(sk);
    io.reader.discard();
    if io.writer.is_open() {
        match sk.linger {
            // SO_LINGER with a zero timeout: unsent data is discarded.
            Some(0) => io.writer.abort(),
            linger => {
                let entry = crate::stream::linger::adopt(&mut io.writer, sk.handle);
                sk.handle = 0;
                if let Some(secs) = linger {
                    crate::stream::linger::wait_entry(entry, secs as u64 * 1_000_000_000);
                }
            }
        }
    }
    if sk.listener != 0 {
        if sk.accept_inflight {
            let code = cancel_accept(sk);
            if code != BLOCKED {
                accept_done(sk, code);
            }
        }
        if sk.listener != 0 {
            // SAFETY: the listener stream is ours and idle.
            unsafe { wasi::tcp_listen::stream_drop_readable(sk.listener) };
        }
    }
    if sk.accepted != 0 {
        // SAFETY: an accepted connection nobody took.
        unsafe { ws::tcp_drop(sk.accepted) };
    }
    Ok(())
}

pub fn readiness(io: &mut Streams, sk: &mut Socket, write: bool) -> Wants {
    match sk.conn {
        Conn::Connecting => return Wants::Wait(sk.task),
        Conn::Failed if write => {
            return Wants::Failed(if sk.so_error != 0 {
                sk.so_error
            } else {
                errno::ECONNABORTED
            });
        }
        Conn::Failed | Conn::Fresh => return Wants::Ready(0, true),
        Conn::Listening if write => return Wants::Never,
        Conn::Listening => {
            if sk.accepted == 0 && !sk.accept_inflight && sk.listener != 0 {
                start_accept(sk);
            }
            return if sk.accepted != 0 {
                Wants::Ready(1, false)
            } else if sk.accept_inflight {
                Wants::Wait(sk.listener)
            } else {
                Wants::Ready(0, true)
            };
        }
        Conn::Connected => {}
    }
    if write {
        let w = &mut io.writer;
        if sk.wr_shut {
            // As Linux: still "writable" (a write fails at once with EPIPE), and hung up
            // once both directions are shut down.
            return Wants::Ready(0, sk.rd_shut);
        }
        if w.broken != 0 {
            return Wants::Failed(w.broken);
        }
        return match w.room() {
            0 => Wants::Wait(w.pending().unwrap_or(0)),
            room => Wants::Ready(room as u64, false),
        };
    }
    let r = &mut io.reader;
    if sk.rd_shut {
        return Wants::Ready(0, true);
    }
    if r.ready_to_receive() {
        let n = r.buffered() as u64;
        Wants::Ready(n, n == 0 && (r.eof || r.error != 0))
    } else {
        Wants::Wait(r.stream)
    }
}

pub fn deliver(io: &mut Streams, sk: &mut Socket, code: u32, which: u32, payload: u32) -> bool {
    if which == 0 {
        return false;
    }
    if code == EVENT_SUBTASK && which == sk.task {
        if payload == SUBTASK_RETURNED && sk.conn == Conn::Connecting {
            let _ = finish_connect(io, sk);
        }
        return true;
    }
    if code == EVENT_STREAM_READ && sk.accept_inflight && which == sk.listener {
        accept_done(sk, payload);
        return true;
    }
    if code == EVENT_STREAM_READ && io.reader.inflight && which == io.reader.stream {
        io.reader.complete_readahead(payload);
        return true;
    }
    if code == wasi::EVENT_STREAM_WRITE && io.writer.pending() == Some(which) {
        io.writer.complete(payload);
        return true;
    }
    false
}
