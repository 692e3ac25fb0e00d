//! Behind the file door (`filegate.rs`): runs its operations on files and directories.

use crate::abi::each_iovec;
use crate::filegate::{Op, Out};
use crate::stream::Site;

/// Runs `op` on the file side of the door.
fn inside(op: Op<'_>) -> Out {
    match op {
        Op::Read(ofd, iovs) => Out::Count(each_iovec(iovs, |buf, len, _| {
            crate::fs::read(ofd, buf, len)
        })),
        Op::Write(ofd, iovs) => Out::Count(each_iovec(iovs, |buf, len, _| {
            crate::fs::write(ofd, buf, len)
        })),
        Op::DiscardDir(c) => {
            crate::dir::discard(c);
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
