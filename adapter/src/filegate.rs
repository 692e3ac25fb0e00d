//! The door of file and directory streams (`gate.rs`), its calling side: reading and
//! writing a file, a directory's entry stream, and the stream built-ins of those sites are
//! reached from code every program has (`read`, `write`, `close`, the stream bridge, exit)
//! only through `call`; `filedoor.rs` is behind it. Static form: `path_open` or a directory
//! read opens it (`filedoor::open`).
//! Adapter form: the export `p3shim_gate_files`, closed unless the program imports
//! `path_open` or `fd_readdir`. A file exists only once opened by path, and a directory
//! stream only once a directory is read, so a closed door is never reached: preopened
//! directories, which every program has, are refused by `fs::readable`/`fs::writable`
//! before the door.

use crate::abi::Iovec;
use crate::errno::Errno;
use crate::fd::{DirCursor, Ofd};
use crate::gate::Builtin;
use crate::stream::Site;

/// One operation on a file or on one of its streams.
pub enum Op<'a> {
    Read(&'a mut Ofd, &'a [Iovec]),
    Write(&'a mut Ofd, &'a [Iovec]),
    DiscardDir(&'static mut DirCursor),
    /// A stream or future built-in of a file site, with up to three arguments.
    Builtin(Site, Builtin, [u64; 3]),
}

/// What an `Op` returns.
pub enum Out {
    Count(Result<usize, Errno>),
    Done,
    Code(u64),
}

crate::gate::door_call!(file_door, p3shim_gate_files);

/// Reads a file (its kind and mode checked by `fs::readable`).
pub fn read(ofd: &mut Ofd, iovs: &[Iovec]) -> Result<usize, Errno> {
    match call(Op::Read(ofd, iovs)) {
        Out::Count(r) => r,
        _ => crate::fatal!("p3shim: filegate"),
    }
}

/// Writes a file (its kind and mode checked by `fs::writable`).
pub fn write(ofd: &mut Ofd, iovs: &[Iovec]) -> Result<usize, Errno> {
    match call(Op::Write(ofd, iovs)) {
        Out::Count(r) => r,
        _ => crate::fatal!("p3shim: filegate"),
    }
}

/// Ends a directory's entry stream.
pub fn discard_dir(c: &'static mut DirCursor) {
    call(Op::DiscardDir(c));
}

/// A file stream's built-in, for `gate::builtin_call`.
pub fn builtin(site: Site, f: Builtin, a: [u64; 3]) -> u64 {
    match call(Op::Builtin(site, f, a)) {
        Out::Code(c) => c,
        _ => crate::fatal!("p3shim: filegate"),
    }
}
