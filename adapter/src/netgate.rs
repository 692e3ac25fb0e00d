//! The one door between code that handles any descriptor and the socket kinds.
//!
//! `read`, `write`, `close`, `fstat`, `poll` and the stream built-ins of a socket's
//! streams reach TCP and UDP only through `call`, so a program that never creates a
//! socket carries neither their code nor their `wasi:sockets` imports:
//! - static form: `call` goes through a function that the first `p3shim_socket` stores in
//!   the engine state (`open`), so the linker keeps the socket code only for programs
//!   that call `socket()`;
//! - adapter form: `call` goes through the export `p3shim_gate_net`, whose body
//!   `p3componentize` replaces with a trap when the program does not import
//!   `p3shim_socket`; wit-component then drops everything only that body reached.
//!
//! A socket descriptor exists only after a socket was created, so a closed door is
//! never reached.

use crate::abi::Iovec;
use crate::errno::Errno;
use crate::fd::Ofd;
use crate::poll::Wants;
use crate::socket;
use crate::stream::Site;
use crate::wasi;

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

/// The stream and future built-ins the engine calls, named as in `wasi::transmit_site!`.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy)]
pub enum Builtin {
    stream_new,
    stream_read,
    stream_write,
    stream_cancel_read,
    stream_cancel_write,
    stream_drop_readable,
    stream_drop_writable,
    future_read,
    future_drop_readable,
}

/// Runs `op` on the socket side of the door.
fn inside(op: Op<'_>) -> Out {
    match op {
        Op::Filetype(ofd) => Out::Filetype(socket::filetype(ofd)),
        Op::Read(fd, ofd, iovs) => Out::Count(
            socket::recv(fd, ofd, iovs, socket::RecvFlags::default(), None).map(|(n, _)| n),
        ),
        Op::Write(fd, ofd, iovs) => Out::Count(socket::send(fd, ofd, iovs, false, None)),
        Op::Release(ofd) => Out::Done(socket::release(ofd)),
        Op::Readiness(ofd, write) => Out::Wants(socket::readiness(ofd, write)),
        Op::Deliver(ofd, code, which, payload) => {
            Out::Taken(socket::deliver(ofd, code, which, payload))
        }
        Op::Waitables(ofd) => Out::Waitables(socket::waitables(ofd)),
        Op::DropTcp(handle) => {
            // SAFETY: the caller owns the socket handle and nothing uses it any more.
            unsafe { wasi::sockets::tcp_drop(handle) };
            Out::Done(Ok(()))
        }
        Op::Builtin(site, f, a) => Out::Code(builtin(site, f, a)),
    }
}

/// Calls built-in `f` of a socket stream's site.
fn builtin(site: Site, f: Builtin, a: [u64; 3]) -> u64 {
    macro_rules! calls {
        ($m:ident) => {
            // SAFETY: the engine passes what the built-in's signature asks for (handles of
            // this site's streams and futures, buffers valid for the stated length).
            unsafe {
                match f {
                    Builtin::stream_new => wasi::$m::stream_new(),
                    Builtin::stream_read => {
                        wasi::$m::stream_read(a[0] as u32, a[1] as *mut u8, a[2] as u32) as u64
                    }
                    Builtin::stream_write => {
                        wasi::$m::stream_write(a[0] as u32, a[1] as *const u8, a[2] as u32) as u64
                    }
                    Builtin::stream_cancel_read => wasi::$m::stream_cancel_read(a[0] as u32) as u64,
                    Builtin::stream_cancel_write => {
                        wasi::$m::stream_cancel_write(a[0] as u32) as u64
                    }
                    Builtin::stream_drop_readable => {
                        wasi::$m::stream_drop_readable(a[0] as u32);
                        0
                    }
                    Builtin::stream_drop_writable => {
                        wasi::$m::stream_drop_writable(a[0] as u32);
                        0
                    }
                    Builtin::future_read => {
                        wasi::$m::future_read(a[0] as u32, a[1] as *mut u8) as u64
                    }
                    Builtin::future_drop_readable => {
                        wasi::$m::future_drop_readable(a[0] as u32);
                        0
                    }
                }
            }
        };
    }
    match site {
        Site::TcpSend => calls!(tcp_send),
        Site::TcpRecv => calls!(tcp_recv),
        _ => crate::fatal!("p3shim: a socket built-in on another site"),
    }
}

/// Opens the door (static form): called by the first socket's creation.
#[cfg(feature = "static-shim")]
pub fn open() {
    crate::state::state().net_door = Some(inside);
}

/// Runs `op` through the door.
#[cfg(feature = "static-shim")]
fn call(op: Op<'_>) -> Out {
    match crate::state::state().net_door {
        Some(inside) => inside(op),
        None => crate::fatal!("p3shim: a socket operation before any socket was created"),
    }
}

#[cfg(not(feature = "static-shim"))]
fn call(op: Op<'_>) -> Out {
    // `Op` holds only references and numbers: the copy the door reads needs no drop.
    let mut op = op;
    let mut out = core::mem::MaybeUninit::<Out>::uninit();
    p3shim_gate_net(&mut op as *mut Op<'_> as *mut u8, out.as_mut_ptr());
    // SAFETY: the door wrote the result (or trapped, when it was closed).
    unsafe { out.assume_init() }
}

/// The door in the adapter form: an export, so that `p3componentize` can find it.
#[cfg(not(feature = "static-shim"))]
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn p3shim_gate_net(op: *mut u8, out: *mut Out) {
    // SAFETY: `call` passes an `Op` it no longer uses and a slot for the result.
    unsafe { out.write(inside(core::ptr::read(op as *mut Op<'_>))) }
}

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

/// A socket stream's built-in, for `stream::dispatch!`; the result converts to the
/// built-in's own return type.
pub fn builtin_call<R: FromCode>(site: Site, f: Builtin, args: &[u64]) -> R {
    let mut a = [0u64; 3];
    a[..args.len()].copy_from_slice(args);
    match call(Op::Builtin(site, f, a)) {
        Out::Code(c) => R::from_code(c),
        _ => crate::fatal!("p3shim: netgate"),
    }
}

/// The return types of the stream built-ins.
pub trait FromCode {
    fn from_code(c: u64) -> Self;
}
impl FromCode for () {
    fn from_code(_: u64) {}
}
impl FromCode for u32 {
    fn from_code(c: u64) -> u32 {
        c as u32
    }
}
impl FromCode for u64 {
    fn from_code(c: u64) -> u64 {
        c
    }
}
