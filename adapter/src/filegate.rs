//! The door of file and directory streams (`gate.rs`), its calling side: reading and
//! writing a file, a directory's entry stream, and the stream built-ins of those sites are
//! reached from code every program has (`read`, `write`, `close`, the stream bridge, exit)
//! only through `call`; `filedoor.rs` is behind it. Static form: `path_open` or a directory
//! read opens it (`filedoor::open`).
//! Adapter form: the export `p3shim_gate_files`, closed unless the program imports
//! `path_open` or `fd_readdir`. A file exists only once opened by path, and a directory
//! stream only once a directory is read, so a closed door is never reached: preopened
//! directories, which every program has, are refused before the door (`io.rs`).

use crate::abi::Iovec;
use crate::errno::Errno;
use crate::gate::{Builtin, Site};

/// The state of a file (`fs::File`), which the door carries to what is behind it.
pub trait FileState {}

/// The state of a directory listing (`dir::Cursor`), likewise.
pub trait CursorState {}

/// One operation on a file or on one of its streams. A file or cursor travels as its
/// address: its type belongs to a layer above this one, and only that layer reads it.
pub enum Op<'a> {
    Read(*mut u8, &'a [Iovec]),
    /// With the description's fdflags (`O_APPEND`).
    Write(*mut u8, u16, &'a [Iovec]),
    DiscardDir(*mut u8),
    /// Settles a file's pending type (`fs::settle`) with what the caller knows of it.
    Settle(*mut u8, u8),
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

/// Reads a file (its mode checked by `fs::readable`).
pub fn read<F: FileState>(file: &mut F, iovs: &[Iovec]) -> Result<usize, Errno> {
    match call(Op::Read(file as *mut F as *mut u8, iovs)) {
        Out::Count(r) => r,
        _ => crate::fatal!("p3shim: filegate"),
    }
}

/// Writes a file (its mode checked by `fs::writable`).
pub fn write<F: FileState>(file: &mut F, fdflags: u16, iovs: &[Iovec]) -> Result<usize, Errno> {
    match call(Op::Write(file as *mut F as *mut u8, fdflags, iovs)) {
        Out::Count(r) => r,
        _ => crate::fatal!("p3shim: filegate"),
    }
}

/// Settles a file's pending type; whether it is a directory (`desc::settle`).
pub fn settle<F: FileState>(file: &mut F, known: u8) -> bool {
    match call(Op::Settle(file as *mut F as *mut u8, known)) {
        Out::Code(c) => c != 0,
        _ => crate::fatal!("p3shim: filegate"),
    }
}

/// Ends a directory's entry stream.
pub fn discard_dir<C: CursorState>(c: &'static mut C) {
    call(Op::DiscardDir(c as *mut C as *mut u8));
}

/// A file stream's built-in, for `gate::builtin_call`.
pub fn builtin(site: Site, f: Builtin, a: [u64; 3]) -> u64 {
    match call(Op::Builtin(site, f, a)) {
        Out::Code(c) => c,
        _ => crate::fatal!("p3shim: filegate"),
    }
}
