//! Engine entry points for sockets and name resolution, in both delivery forms: linked
//! into programs by `libp3shim.a`, and exported by the adapter so that a wasip1 program can
//! import them from `wasi_snapshot_preview1` (the only way a wasip1 binary can obtain a
//! socket for the preview1 `sock_*` calls).
//!
//! Addresses cross as `struct p3shim_addr` (`sockaddr::Addr`); the C wrappers in
//! `libc-shim/c/socket.c` translate `struct sockaddr` and the libc's constants. Each
//! function returns a value `>= 0` or a negated preview1 errno.

use crate::abi::{FDFLAGS_NONBLOCK, Iovec};
use crate::base::base;
use crate::desc::{self, Desc};
use crate::errno::Errno;
use crate::sockaddr::Addr;
use crate::{dns, io, net, socket};

/// A C ABI result: the value, or the negated errno.
pub(crate) fn ret(r: Result<u32, Errno>) -> i32 {
    match r {
        Ok(v) => v as i32,
        Err(e) => -(e as i32),
    }
}

fn ret0(r: Result<(), Errno>) -> i32 {
    ret(r.map(|()| 0))
}

fn fd_arg(fd: i32) -> Result<u32, Errno> {
    u32::try_from(fd).map_err(|_| crate::errno::EBADF)
}

crate::c_entry! {
    /// `socket`: `family` 4 or 6, `stream` 1 for TCP / 0 for UDP, `nonblock` 0 or 1.
    fn p3shim_socket(family: i32, stream: i32, nonblock: i32) -> i32 {
        let flags = if nonblock != 0 { FDFLAGS_NONBLOCK } else { 0 };
        crate::netdoor::open();
        ret(io::socket(family as u16, stream != 0, flags))
    }
}

crate::c_entry! {
    fn p3shim_bind(fd: i32, addr: *const Addr) -> i32 {
        ret0(fd_arg(fd).and_then(|fd| {
            let addr = Addr::from_ptr(addr)?;
            net::bind(&mut desc::socket(fd)?.0, &addr)
        }))
    }
}

crate::c_entry! {
    /// `connect`; a null address dissolves a UDP association (`AF_UNSPEC`).
    fn p3shim_connect(fd: i32, addr: *const Addr) -> i32 {
        ret0(fd_arg(fd).and_then(|fd| {
            let addr = if addr.is_null() {
                None
            } else {
                Some(Addr::from_ptr(addr)?)
            };
            let (mut s, fdflags) = desc::socket(fd)?;
            net::connect(&mut s, fdflags, addr.as_ref())
        }))
    }
}

crate::c_entry! {
    fn p3shim_listen(fd: i32, backlog: i32) -> i32 {
        ret0(fd_arg(fd).and_then(|fd| io::listen(fd, backlog.max(0) as u32)))
    }
}

crate::c_entry! {
    /// `accept4`; `peer` (nullable) receives the peer's address.
    fn p3shim_accept(fd: i32, peer: *mut Addr, nonblock: i32) -> i32 {
        let flags = if nonblock != 0 { FDFLAGS_NONBLOCK } else { 0 };
        let mut a = Addr::default();
        let r = fd_arg(fd).and_then(|fd| io::accept(fd, flags, Some(&mut a)));
        if r.is_ok() && !peer.is_null() {
            // SAFETY: the C wrapper passes a valid `struct p3shim_addr` or null.
            unsafe { *peer = a };
        }
        ret(r)
    }
}

/// Send flag: do not block (`MSG_DONTWAIT`).
const SEND_DONTWAIT: i32 = 1;
/// Receive flags.
const RECV_PEEK: i32 = 1;
const RECV_DONTWAIT: i32 = 2;
const RECV_WAITALL: i32 = 4;
/// Output flag of `p3shim_recvmsg`: the datagram was longer than the buffers.
const RECV_TRUNCATED: u32 = 1;

fn iovs<'a>(iov: *const Iovec, n: i32) -> &'a [Iovec] {
    if iov.is_null() || n <= 0 {
        return &[];
    }
    // SAFETY: the C wrapper passes `n` valid iovecs (wasm32 `struct iovec` matches).
    unsafe { core::slice::from_raw_parts(iov, n as usize) }
}

crate::c_entry! {
    /// `sendmsg`/`sendto`/`send`; `to` (nullable) is the destination of a UDP datagram.
    fn p3shim_sendmsg(
        fd: i32,
        iov: *const Iovec,
        n: i32,
        flags: i32,
        to: *const Addr,
    ) -> isize {
        base().arena.reset();
        let r = fd_arg(fd).and_then(|fd| {
            let (mut s, fdflags) = desc::socket(fd)?;
            let dest = if to.is_null() {
                None
            } else {
                Some(Addr::from_ptr(to)?)
            };
            net::send(
                &mut s,
                fdflags,
                iovs(iov, n),
                flags & SEND_DONTWAIT != 0,
                dest.as_ref(),
            )
        });
        match r {
            Ok(v) => v as isize,
            Err(e) => -(e as isize),
        }
    }
}

crate::c_entry! {
    /// `recvmsg`/`recvfrom`/`recv`; `from` (nullable) receives the sender, `oflags` whether
    /// the datagram was truncated.
    fn p3shim_recvmsg(
        fd: i32,
        iov: *const Iovec,
        n: i32,
        flags: i32,
        from: *mut Addr,
        oflags: *mut u32,
    ) -> isize {
        base().arena.reset();
        let mut a = Addr::default();
        let r = fd_arg(fd).and_then(|fd| {
            let (mut s, fdflags) = desc::socket(fd)?;
            let f = socket::RecvFlags {
                peek: flags & RECV_PEEK != 0,
                dontwait: flags & RECV_DONTWAIT != 0,
                waitall: flags & RECV_WAITALL != 0,
            };
            net::recv(&mut s, fdflags, iovs(iov, n), f, Some(&mut a))
        });
        match r {
            Ok((got, truncated)) => {
                // SAFETY: the C wrapper passes valid pointers or null.
                unsafe {
                    if !from.is_null() {
                        *from = a;
                    }
                    if !oflags.is_null() {
                        *oflags = if truncated { RECV_TRUNCATED } else { 0 };
                    }
                }
                got as isize
            }
            Err(e) => -(e as isize),
        }
    }
}

crate::c_entry! {
    fn p3shim_shutdown(fd: i32, how: i32) -> i32 {
        ret0(fd_arg(fd).and_then(|fd| net::shutdown(&mut desc::socket(fd)?.0, how as u32)))
    }
}

crate::c_entry! {
    /// `getsockname` (`peer` 0) or `getpeername` (`peer` 1).
    fn p3shim_sockname(fd: i32, peer: i32, out: *mut Addr) -> i32 {
        let r = fd_arg(fd).and_then(|fd| net::name(&mut desc::socket(fd)?.0, peer != 0));
        ret0(r.map(|a| {
            // SAFETY: the C wrapper passes a valid `struct p3shim_addr`.
            unsafe { *out = a }
        }))
    }
}

crate::c_entry! {
    /// `getsockopt` (`set` 0) / `setsockopt` (`set` 1) of engine option `id` through `*val`.
    fn p3shim_sockopt(fd: i32, id: i32, set: i32, val: *mut u64) -> i32 {
        ret0(fd_arg(fd).and_then(|fd| {
            // SAFETY: the C wrapper passes a valid `uint64_t`.
            let v = unsafe { &mut *val };
            net::sockopt(&mut desc::socket(fd)?.0, id as u32, set != 0, v)
        }))
    }
}

crate::c_entry! {
    /// 1 for a TCP socket, 2 for UDP, 0 for any other descriptor, or -EBADF.
    fn p3shim_socket_type(fd: i32) -> i32 {
        match fd_arg(fd).and_then(desc::get) {
            Ok(ofd) => match ofd.desc {
                Desc::Tcp(_) => 1,
                Desc::Udp(_) => 2,
                _ => 0,
            },
            Err(e) => -(e as i32),
        }
    }
}

crate::c_entry! {
    /// Resolves `name` into at most `max` addresses; returns the count, or -1000 minus the
    /// `ip-name-lookup` error case.
    fn p3shim_resolve(name: *const u8, len: usize, out: *mut Addr, max: i32) -> i32 {
        if name.is_null() || out.is_null() || max <= 0 {
            return -1001;
        }
        // SAFETY: the C wrapper passes `len` bytes of name and room for `max` addresses.
        let (name, out) = unsafe {
            (
                core::slice::from_raw_parts(name, len),
                core::slice::from_raw_parts_mut(out, max as usize),
            )
        };
        match dns::resolve(name, out) {
            Ok(n) => n as i32,
            Err(code) => -1000 - code as i32,
        }
    }
}
