//! The door of the std streams (`gate.rs`), its calling side: the stream and future
//! built-ins of stdin, stdout and stderr are reached from code every program has (exit's
//! flush, `close`, the stream bridge) only through `call`; `stddoor.rs` is behind it.
//! Static form: the first read of stdin or write to stdout/stderr opens it
//! (`stddoor::open`). Adapter form: the export `p3shim_gate_stdio`, closed unless the
//! program imports `fd_read`, `fd_write` or `poll_oneoff` (or is traced). A std stream
//! exists only once read or written, so a closed door is never reached, and a program that
//! never reads or writes one carries none of their built-ins.

use crate::gate::{Builtin, Site};

/// One operation on a std stream: a stream or future built-in with up to three arguments.
pub enum Op<'a> {
    Builtin(Site, Builtin, [u64; 3], core::marker::PhantomData<&'a ()>),
}

/// What an `Op` returns: the built-in's result.
pub enum Out {
    Code(u64),
}

crate::gate::door_call!(std_door, p3shim_gate_stdio);

/// A std stream's built-in, for `stream::dispatch!`.
pub fn builtin(site: Site, f: Builtin, a: [u64; 3]) -> u64 {
    let Out::Code(c) = call(Op::Builtin(site, f, a, core::marker::PhantomData));
    c
}
