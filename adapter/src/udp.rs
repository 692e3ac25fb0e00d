//! UDP over `wasi:sockets` `udp-socket`. Sending is a synchronous call (a datagram never
//! waits long); receiving is an async-lowered subtask, so a non-blocking `recv` or `poll`
//! can leave one in flight. Its datagram is lowered by the host into the import arena
//! (pinned meanwhile) and copied into the socket's own buffer when the subtask returns,
//! where it stays until consumed (`MSG_PEEK` reads it without consuming).

use crate::abi::{Iovec, Ret};
use crate::base::{base, give_block, take_block};
use crate::errno::{self, Errno};
use crate::sockaddr::Addr;
use crate::socket::{self, Socket};
use crate::wait;
use crate::wait::Wants;
use crate::wasi::{self, EVENT_SUBTASK, SUBTASK_RETURNED, call_flat, sockets as ws};

/// A UDP descriptor's state: its socket block.
pub struct Udp {
    pub sock: &'static mut Socket,
}

/// The largest UDP payload over IPv4 and what a receive buffer holds.
const MAX_DATAGRAM: usize = 65507;
const DGRAM_BUF: usize = 65536;

pub fn connect(sk: &mut Socket, addr: Option<&Addr>) -> Result<(), Errno> {
    let mut ret = Ret::new();
    match addr {
        None => {
            if !sk.udp_connected {
                return Ok(());
            }
            // SAFETY: `ret` receives a `result<_, error-code>`.
            unsafe { ws::udp_disconnect(sk.handle, ret.ptr()) };
            socket::check(&ret)?;
            sk.udp_connected = false;
        }
        Some(a) => {
            // SAFETY: a flattened ip-socket-address and a return area.
            unsafe { call_flat!(ws::udp_connect, (sk.handle), a.flat(), ret.ptr()) };
            socket::check(&ret)?;
            sk.udp_connected = true;
            sk.bound = true;
        }
    }
    Ok(())
}

/// Sends the gathered `iovs` as one datagram to `to` (or the connected peer).
pub fn send(sk: &mut Socket, iovs: &[Iovec], to: Option<&Addr>) -> Result<usize, Errno> {
    if sk.wr_shut {
        return Err(errno::EPIPE);
    }
    if to.is_none() && !sk.udp_connected {
        return Err(errno::EDESTADDRREQ);
    }
    if let Some(a) = to
        && a.family != sk.family
    {
        return Err(errno::EAFNOSUPPORT);
    }
    let total = iovs
        .iter()
        .map(|i| i.len)
        .fold(0usize, usize::saturating_add);
    if total > MAX_DATAGRAM {
        return Err(errno::EMSGSIZE);
    }
    // A list argument is one contiguous buffer: gather several iovecs into a block.
    let mut scratch = core::ptr::null_mut();
    let data = match iovs.iter().filter(|i| i.len > 0).count() {
        0 => core::ptr::null(),
        1 => iovs
            .iter()
            .find(|i| i.len > 0)
            .map_or(core::ptr::null(), |i| i.buf as *const u8),
        _ => {
            scratch = take_block(total);
            let mut off = 0;
            for iov in iovs {
                // SAFETY: the block holds `total` bytes; each iovec is the caller's buffer.
                unsafe { core::ptr::copy_nonoverlapping(iov.buf, scratch.add(off), iov.len) };
                off += iov.len;
            }
            scratch as *const u8
        }
    };
    let (some, flat) = match to {
        Some(a) => (1, a.flat()),
        None => (0, [0u32; 12]),
    };
    let mut ret = Ret::new();
    // SAFETY: `data` holds `total` bytes (or is unused when 0); `ret` is a return area.
    unsafe {
        call_flat!(
            ws::udp_send,
            (sk.handle, data, total, some),
            flat,
            ret.ptr()
        )
    };
    give_block(scratch, total);
    match socket::check(&ret) {
        // The host refuses an address other than the connected peer.
        Err(errno::EINVAL) if sk.udp_connected && to.is_some() => Err(errno::EISCONN),
        Err(e) => Err(e),
        Ok(()) => {
            sk.bound = true;
            Ok(total)
        }
    }
}

/// Starts a receive subtask; true when a datagram (or an error) is already there.
fn start_receive(sk: &mut Socket) -> bool {
    if sk.have_dgram || sk.so_error != 0 {
        return true;
    }
    if sk.task != 0 {
        return false;
    }
    // The host lowers the datagram into the import arena whenever the subtask returns:
    // keep the arena from being rewound until we have copied it out.
    base().arena.pins += 1;
    // SAFETY: the result area lives in the socket block until the subtask is dropped.
    let code = unsafe { ws::udp_receive(sk.handle, sk.ret.as_mut_ptr() as *mut u8) };
    if code & 0xf == SUBTASK_RETURNED {
        take_result(sk);
        return true;
    }
    sk.task = code >> 4;
    false
}

/// The receive subtask returned: keep its datagram (or error) and release the subtask.
fn take_result(sk: &mut Socket) {
    if sk.task != 0 {
        // Leave any `poll` set first: a set must not be dropped with members.
        wait::join(sk.task, false);
        // SAFETY: the subtask has returned.
        unsafe { wasi::subtask_drop(sk.task) };
        sk.task = 0;
    }
    let ret = sk.ret.as_ptr() as *const u8;
    // SAFETY: the host wrote `result<tuple<list<u8>, ip-socket-address>, error-code>`:
    // discriminant at 0, list (pointer, length) at 4, address at 12, or the error at 4.
    unsafe {
        if *ret != 0 {
            sk.so_error = errno::from_socket_error(*ret.add(4));
        } else {
            let ptr = *(ret.add(4) as *const *const u8);
            let len = (*(ret.add(8) as *const usize)).min(DGRAM_BUF);
            if sk.dgram == 0 {
                sk.dgram = take_block(DGRAM_BUF) as usize;
            }
            core::ptr::copy_nonoverlapping(ptr, sk.dgram as *mut u8, len);
            sk.dgram_len = len as u32;
            sk.dgram_from = Addr::read_wit(ret.add(12));
            sk.have_dgram = true;
        }
    }
    base().arena.pins -= 1;
}

/// Receives one datagram into `iovs`: `(bytes, truncated, sender)`.
pub fn recv(
    sk: &mut Socket,
    iovs: &[Iovec],
    peek: bool,
    nonblock: bool,
) -> Result<(usize, bool, Addr), Errno> {
    if sk.rd_shut {
        return Ok((0, false, Addr::default()));
    }
    if !start_receive(sk) {
        if nonblock {
            match crate::stream::poll_for(sk.task) {
                Some(SUBTASK_RETURNED) => take_result(sk),
                _ => return Err(errno::EAGAIN),
            }
        } else {
            crate::stream::wait_subtask(sk.task);
            take_result(sk);
        }
    }
    if !sk.have_dgram {
        let e = core::mem::take(&mut sk.so_error);
        return Err(if e == 0 { errno::EAGAIN } else { e });
    }
    let len = sk.dgram_len as usize;
    let mut off = 0usize;
    for iov in iovs {
        let n = iov.len.min(len - off);
        // SAFETY: `n` bytes remain in the datagram buffer and fit the caller's buffer.
        unsafe { core::ptr::copy_nonoverlapping((sk.dgram + off) as *const u8, iov.buf, n) };
        off += n;
    }
    if !peek {
        sk.have_dgram = false;
    }
    Ok((off, off < len, sk.dgram_from))
}

pub fn release(sk: &mut Socket) {
    if sk.task != 0 {
        socket::cancel_task(sk);
        base().arena.pins -= 1;
    }
    give_block(sk.dgram as *mut u8, DGRAM_BUF);
    sk.dgram = 0;
}

pub fn readiness(sk: &mut Socket, write: bool) -> Wants {
    if write {
        return if sk.wr_shut {
            Wants::Failed(errno::EPIPE)
        } else {
            Wants::Ready(MAX_DATAGRAM as u64, false)
        };
    }
    if sk.rd_shut {
        return Wants::Ready(0, true);
    }
    if !sk.bound && !sk.udp_connected {
        // Nothing can arrive on an unbound socket.
        return Wants::Never;
    }
    if start_receive(sk) {
        return if sk.have_dgram {
            Wants::Ready(sk.dgram_len as u64, false)
        } else {
            Wants::Failed(sk.so_error)
        };
    }
    Wants::Wait(sk.task)
}

pub fn deliver(sk: &mut Socket, code: u32, which: u32, payload: u32) -> bool {
    if which == 0 || which != sk.task || code != EVENT_SUBTASK {
        return false;
    }
    if payload == SUBTASK_RETURNED {
        take_result(sk);
    }
    true
}
