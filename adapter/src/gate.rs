//! Doors: how optional parts of the engine stay out of programs that cannot use them.
//!
//! Code every program has (`read`, `write`, `close`, `poll`, the generic stream bridge)
//! reaches an optional part only through that part's door, one function per part:
//! `netgate` (the socket kinds) and `filegate` (file and directory streams); the tracer
//! has its own (`trace.rs`). A program that cannot create what is behind a door carries
//! none of its code or imports:
//! - static form: the door is a function stored in the engine state by the only code that
//!   creates what is behind it, so the linker keeps that part only when the program links
//!   the creating call;
//! - adapter form (no tables allowed): the door is an export whose body `p3componentize`
//!   replaces with a trap when the program imports none of the creating calls
//!   (`host/src/doors.rs`); wit-component's adapter GC then drops what only it reached.
//!
//! A door is never reached closed: what is behind it exists only once created.
//! This module holds what the doors share: the stream built-ins of the sites behind them,
//! and the macros that make a door's two sides: its calls (`netgate.rs`, `filegate.rs`,
//! below the descriptor kinds) and what is behind it (`netdoor.rs`, `filedoor.rs`).

/// Which WIT function a stream came from; it selects the matching built-ins.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Site {
    #[default]
    None,
    FsRead,
    FsWrite,
    FsAppend,
    Stdin,
    Stdout,
    Stderr,
    FsReaddir,
    TcpSend,
    TcpRecv,
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

/// Calls built-in `$f` (a `Builtin`) of transmit site `$m` with the words `$a`.
macro_rules! site_builtin {
    ($m:ident, $f:expr, $a:expr) => {{
        let a: [u64; 3] = $a;
        // SAFETY: the engine passes what the built-in's signature asks for (handles of
        // this site's streams and futures, buffers valid for the stated length).
        unsafe {
            use crate::gate::Builtin;
            match $f {
                Builtin::stream_new => crate::wasi::$m::stream_new(),
                Builtin::stream_read => {
                    crate::wasi::$m::stream_read(a[0] as u32, a[1] as *mut u8, a[2] as u32) as u64
                }
                Builtin::stream_write => {
                    crate::wasi::$m::stream_write(a[0] as u32, a[1] as *const u8, a[2] as u32)
                        as u64
                }
                Builtin::stream_cancel_read => {
                    crate::wasi::$m::stream_cancel_read(a[0] as u32) as u64
                }
                Builtin::stream_cancel_write => {
                    crate::wasi::$m::stream_cancel_write(a[0] as u32) as u64
                }
                Builtin::stream_drop_readable => {
                    crate::wasi::$m::stream_drop_readable(a[0] as u32);
                    0
                }
                Builtin::stream_drop_writable => {
                    crate::wasi::$m::stream_drop_writable(a[0] as u32);
                    0
                }
                Builtin::future_read => {
                    crate::wasi::$m::future_read(a[0] as u32, a[1] as *mut u8) as u64
                }
                Builtin::future_drop_readable => {
                    crate::wasi::$m::future_drop_readable(a[0] as u32);
                    0
                }
            }
        }
    }};
}
pub(crate) use site_builtin;

/// The call side of a door, in the module that defines the door's `Op` and `Out`:
/// `door_call!(base_field, export_name)` defines `call(Op) -> Out`. Static form: through the
/// function `door_inside!`'s `open` stored in the engine state. Adapter form: through the
/// export, named here by its symbol: what is behind a door sits in a layer above its calls.
macro_rules! door_call {
    ($field:ident, $export:ident) => {
        #[cfg(feature = "static-shim")]
        fn call(op: Op<'_>) -> Out {
            let door = crate::base::base().$field;
            if door == 0 {
                crate::fatal!("p3shim: a door used before anything behind it existed");
            }
            // SAFETY: only `door_inside!`'s `open` stores this field: the address of the
            // inside, a `fn(Op<'_>) -> Out`.
            let inside = unsafe { core::mem::transmute::<usize, fn(Op<'_>) -> Out>(door) };
            inside(op)
        }

        #[cfg(not(feature = "static-shim"))]
        fn call(op: Op<'_>) -> Out {
            unsafe extern "C" {
                fn $export(op: *mut u8, out: *mut u8);
            }
            // `Op` holds only references and numbers: the copy the door reads needs no drop.
            let mut op = op;
            let mut out = core::mem::MaybeUninit::<Out>::uninit();
            // SAFETY: the export reads the `Op` and writes an `Out` (or traps, when closed).
            unsafe {
                $export(
                    &mut op as *mut Op<'_> as *mut u8,
                    out.as_mut_ptr() as *mut u8,
                );
                out.assume_init()
            }
        }
    };
}
pub(crate) use door_call;

/// What is behind a door, in the module that implements it:
/// `door_inside!(gate_module, base_field, export_name, inside)` defines `open` and, in the
/// adapter form, the export `p3componentize` empties when the door is closed.
macro_rules! door_inside {
    ($gate:ident, $field:ident, $export:ident, $inside:path) => {
        /// Opens the door (static form): called by the code that creates what is behind it.
        #[cfg(feature = "static-shim")]
        pub fn open() {
            let inside: fn(crate::$gate::Op<'_>) -> crate::$gate::Out = $inside;
            crate::base::base().$field = inside as usize;
        }

        #[cfg(not(feature = "static-shim"))]
        pub fn open() {}

        /// The door in the adapter form: an export, so that `p3componentize` can find it.
        #[cfg(not(feature = "static-shim"))]
        #[unsafe(no_mangle)]
        #[inline(never)]
        pub extern "C" fn $export(op: *mut u8, out: *mut u8) {
            // SAFETY: `call` passes an `Op` it no longer uses and a slot for the result.
            unsafe {
                (out as *mut crate::$gate::Out)
                    .write($inside(core::ptr::read(op as *mut crate::$gate::Op<'_>)))
            }
        }
    };
}
pub(crate) use door_inside;

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
