//! Engine entry points for the C ABI of `libp3shim.a` (static shim only).
//!
//! The POSIX functions themselves (`pipe`, `dup`, `fcntl`, ...) are thin C in
//! `libc-shim/c/`, built against the program's own libc headers so that variadic
//! arguments, `errno` and struct layouts are the C compiler's business. They call these
//! functions, which return a value `>= 0` or a negated preview1 errno.

use crate::abi::FDFLAGS_NONBLOCK;
use crate::base::base;
use crate::desc::{self, Desc};
use crate::io;
use crate::net_abi::ret;

crate::c_entry! {
    /// `pipe2`: stores the read and write descriptors in `fds[0]` and `fds[1]`.
    fn p3shim_pipe(fds: *mut i32, nonblock: i32) -> i32 {
        base().arena.reset();
        let flags = if nonblock != 0 { FDFLAGS_NONBLOCK } else { 0 };
        ret(io::pipe(flags).map(|(r, w)| {
            // SAFETY: the C wrapper passes `int fds[2]`.
            unsafe {
                *fds = r as i32;
                *fds.add(1) = w as i32;
            }
            0
        }))
    }
}

crate::c_entry! {
    /// `dup` / `fcntl(F_DUPFD, min)`: a minimum past the table is EINVAL (POSIX: not
    /// below the descriptor limit).
    fn p3shim_dup(fd: i32, min: i32) -> i32 {
        if fd < 0 {
            return -(crate::errno::EBADF as i32);
        }
        if min < 0 || min as usize >= crate::fd::MAX_FDS {
            desc::get(fd as u32).map_or(-(crate::errno::EBADF as i32), |_| {
                -(crate::errno::EINVAL as i32)
            })
        } else {
            ret(io::dup_from(fd as u32, min as u32))
        }
    }
}

crate::c_entry! {
    /// `dup2`: `to` names the description of `fd` (what `to` named is closed first).
    fn p3shim_dup2(fd: i32, to: i32) -> i32 {
        if fd < 0 || to < 0 {
            return -(crate::errno::EBADF as i32);
        }
        ret(io::dup_to(fd as u32, to as u32))
    }
}

crate::c_entry! {
    /// What `fstat` needs beyond preview1: 1 for a pipe end, 0 for anything else, or -errno.
    fn p3shim_fd_is_pipe(fd: i32) -> i32 {
        match desc::get_unsettled(fd as u32) {
            Ok(ofd) => matches!(ofd.desc, Desc::Pipe(_)) as i32,
            Err(e) => -(e as i32),
        }
    }
}

crate::c_entry! {
    /// `FD_CLOEXEC` of `fd`: `set` < 0 reads it, 0 clears it, > 0 sets it; returns the
    /// flag (0 or 1) or -errno.
    fn p3shim_cloexec(fd: i32, set: i32) -> i32 {
        let fds = desc::table();
        if fd < 0 || fds.index(fd as u32).is_err() {
            return -(crate::errno::EBADF as i32);
        }
        if set >= 0 {
            fds.set_cloexec(fd as u32, set > 0);
        }
        fds.cloexec(fd as u32) as i32
    }
}

/// An engine block of `n` bytes for the C half's scratch arrays (`poll`, `select`), so that
/// it needs no `malloc`; null past the largest block.
#[unsafe(no_mangle)]
pub extern "C" fn p3shim_block_take(n: usize) -> *mut u8 {
    if n > crate::mem::MAX_BLOCK {
        return core::ptr::null_mut();
    }
    crate::base::take_block(n)
}

/// Returns a block from `p3shim_block_take(n)`.
#[unsafe(no_mangle)]
pub extern "C" fn p3shim_block_give(p: *mut u8, n: usize) {
    crate::base::give_block(p, n)
}
