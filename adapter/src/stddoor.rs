//! Behind the std streams' door (`stdgate.rs`): their stream and future built-ins, each
//! site with only those of its direction (stdin reads, stdout and stderr write), so that
//! a program imports no built-in it cannot use.

use crate::gate::{Builtin, Site};
use crate::stdgate::{Op, Out};

/// The write-side built-ins of output site `$m`.
macro_rules! write_side {
    ($m:ident, $f:expr, $a:expr) => {
        match $f {
            Builtin::stream_new => crate::wasi::$m::stream_new(),
            Builtin::stream_write => {
                crate::wasi::$m::stream_write($a[0] as u32, $a[1] as *const u8, $a[2] as u32) as u64
            }
            Builtin::stream_cancel_write => {
                crate::wasi::$m::stream_cancel_write($a[0] as u32) as u64
            }
            Builtin::stream_drop_writable => {
                crate::wasi::$m::stream_drop_writable($a[0] as u32);
                0
            }
            Builtin::future_read => {
                crate::wasi::$m::future_read($a[0] as u32, $a[1] as *mut u8) as u64
            }
            Builtin::future_drop_readable => {
                crate::wasi::$m::future_drop_readable($a[0] as u32);
                0
            }
            _ => crate::fatal!("p3shim: a std stream built-in of the other direction"),
        }
    };
}

/// Runs `op` behind the door.
fn inside(op: Op<'_>) -> Out {
    let Op::Builtin(site, f, a, _) = op;
    // SAFETY: the engine passes what each built-in's signature asks for (handles of this
    // site's streams and futures, buffers valid for the stated length).
    Out::Code(unsafe {
        match (site, f) {
            (Site::Stdin, Builtin::stream_read) => {
                crate::wasi::stdin::stream_read(a[0] as u32, a[1] as *mut u8, a[2] as u32) as u64
            }
            (Site::Stdin, Builtin::stream_cancel_read) => {
                crate::wasi::stdin::stream_cancel_read(a[0] as u32) as u64
            }
            (Site::Stdin, Builtin::stream_drop_readable) => {
                crate::wasi::stdin::stream_drop_readable(a[0] as u32);
                0
            }
            (Site::Stdin, Builtin::future_read) => {
                crate::wasi::stdin::future_read(a[0] as u32, a[1] as *mut u8) as u64
            }
            (Site::Stdin, Builtin::future_drop_readable) => {
                crate::wasi::stdin::future_drop_readable(a[0] as u32);
                0
            }
            (Site::Stdout, f) => write_side!(stdout, f, a),
            (Site::Stderr, f) => write_side!(stderr, f, a),
            _ => crate::fatal!("p3shim: a std stream built-in of the other direction"),
        }
    })
}

crate::gate::door_inside!(stdgate, std_door, p3shim_gate_stdio, inside);
