//! Behind the file door (`filegate.rs`): runs its operations on files and directories.

use crate::abi::each_iovec;
use crate::dir::{self, Cursor};
use crate::filegate::{CursorState, FileState, Op, Out};
use crate::fs::{self, File};
use crate::stream::Site;

impl FileState for File {}
impl CursorState for Cursor {}

/// Runs `op` on the file side of the door.
fn inside(op: Op<'_>) -> Out {
    match op {
        Op::Read(file, iovs) => {
            // SAFETY: `filegate::read` passes a `File` (the only `FileState`), borrowed
            // for the call.
            let file = unsafe { &mut *(file as *mut File) };
            Out::Count(each_iovec(iovs, |buf, len, _| fs::read(file, buf, len)))
        }
        Op::Write(file, fdflags, iovs) => {
            // SAFETY: as for `Read`.
            let file = unsafe { &mut *(file as *mut File) };
            Out::Count(each_iovec(iovs, |buf, len, _| {
                fs::write(file, fdflags, buf, len)
            }))
        }
        Op::Settle(file, known) => {
            // SAFETY: as for `Read` (`filegate::settle`).
            let file = unsafe { &mut *(file as *mut File) };
            Out::Code(fs::settle(file, known) as u64)
        }
        Op::DiscardDir(c) => {
            // SAFETY: `filegate::discard_dir` passes a `Cursor` (the only `CursorState`),
            // which lives in engine memory for the rest of the program.
            dir::discard(unsafe { &mut *(c as *mut Cursor) });
            Out::Done
        }
        Op::Builtin(site, f, a) => Out::Code(match site {
            Site::FsRead => crate::gate::site_builtin!(fs_read, f, a),
            Site::FsWrite => crate::gate::site_builtin!(fs_write, f, a),
            Site::FsAppend => crate::gate::site_builtin!(fs_append, f, a),
            Site::FsReaddir => crate::gate::site_builtin!(fs_readdir, f, a),
            _ => crate::fatal!("p3shim: a file built-in on another site"),
        }),
    }
}

crate::gate::door_inside!(filegate, file_door, p3shim_gate_files, inside);
