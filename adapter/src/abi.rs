//! Canonical-ABI return areas and preview1 constants shared by the engine's modules.

use crate::errno::{self, Errno};

/// A return area for an import's results: large and aligned enough for any of them.
#[repr(C, align(8))]
pub struct Ret(pub [u8; 128]);

impl Ret {
    pub fn new() -> Self {
        Ret([0; 128])
    }
    pub fn ptr(&mut self) -> *mut u8 {
        self.0.as_mut_ptr()
    }
    pub fn u8(&self, off: usize) -> u8 {
        self.0[off]
    }
    pub fn u32(&self, off: usize) -> u32 {
        u32::from_le_bytes([
            self.0[off],
            self.0[off + 1],
            self.0[off + 2],
            self.0[off + 3],
        ])
    }
    pub fn u64(&self, off: usize) -> u64 {
        self.u32(off) as u64 | (self.u32(off + 4) as u64) << 32
    }
    /// Checks a `result<T, error-code>` whose payload starts at `payload`.
    pub fn fs_result(&self, payload: usize) -> Result<(), Errno> {
        if self.u8(0) == 0 {
            Ok(())
        } else {
            Err(errno::from_fs_error(self.u8(payload)))
        }
    }
}

/// A preview1 rights mask as passed to the ABI (ABI-identical to `u64`; traced in hex).
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct Rights(pub u64);

// Preview1 file types.
pub const FILETYPE_UNKNOWN: u8 = 0;
pub const FILETYPE_BLOCK_DEVICE: u8 = 1;
pub const FILETYPE_CHARACTER_DEVICE: u8 = 2;
pub const FILETYPE_DIRECTORY: u8 = 3;
pub const FILETYPE_REGULAR_FILE: u8 = 4;
pub const FILETYPE_SOCKET_DGRAM: u8 = 5;
pub const FILETYPE_SOCKET_STREAM: u8 = 6;
pub const FILETYPE_SYMBOLIC_LINK: u8 = 7;

// Preview1 fdflags.
pub const FDFLAGS_APPEND: u16 = 1;
pub const FDFLAGS_DSYNC: u16 = 2;
pub const FDFLAGS_NONBLOCK: u16 = 4;
pub const FDFLAGS_RSYNC: u16 = 8;
pub const FDFLAGS_SYNC: u16 = 16;

// Preview1 rights used by the engine.
pub const RIGHT_FD_READ: u64 = 1 << 1;
pub const RIGHT_FD_SEEK: u64 = 1 << 2;
pub const RIGHT_FD_WRITE: u64 = 1 << 6;
pub const RIGHT_FD_READDIR: u64 = 1 << 14;
pub const RIGHT_PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
pub const RIGHT_FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
pub const RIGHT_POLL_FD_READWRITE: u64 = 1 << 27;
pub const RIGHT_SOCK_SHUTDOWN: u64 = 1 << 28;
pub const RIGHT_SOCK_ACCEPT: u64 = 1 << 29;
/// A preopened directory's base rights as Wasmtime's preview1 reports them: the path
/// operations, `fd_readdir` and the directory's own filestat calls; no `fd_read` or
/// `fd_write`, so a program that reopens "." with these rights opens it read-only.
pub const RIGHTS_PREOPEN_BASE: u64 = 0x07b7_fe00;
/// What a preopen hands down to descriptors opened below it (Wasmtime's value): its base
/// rights plus reading, writing, seeking and the other file operations.
pub const RIGHTS_PREOPEN_INHERITING: u64 = 0x0ff7_ffff;

// Preview1 socket flags.
pub const RIFLAGS_RECV_PEEK: u32 = 1;
pub const RIFLAGS_RECV_WAITALL: u32 = 2;
pub const ROFLAGS_RECV_DATA_TRUNCATED: u16 = 1;
/// Every right defined by preview1 (bits 0..=29).
pub const RIGHTS_ALL: u64 = (1 << 30) - 1;

// `wasi:filesystem` descriptor-flags.
pub const DFLAG_READ: u8 = 1;
pub const DFLAG_WRITE: u8 = 2;
pub const DFLAG_FILE_INTEGRITY_SYNC: u8 = 4;
pub const DFLAG_DATA_INTEGRITY_SYNC: u8 = 8;
pub const DFLAG_REQUESTED_WRITE_SYNC: u8 = 16;
pub const DFLAG_MUTATE_DIRECTORY: u8 = 32;

/// Maps a `descriptor-type` discriminant to a preview1 filetype.
pub fn filetype(descriptor_type: u8) -> u8 {
    match descriptor_type {
        0 => FILETYPE_BLOCK_DEVICE,
        1 => FILETYPE_CHARACTER_DEVICE,
        2 => FILETYPE_DIRECTORY,
        4 => FILETYPE_SYMBOLIC_LINK,
        5 => FILETYPE_REGULAR_FILE,
        6 => FILETYPE_SOCKET_STREAM,
        _ => FILETYPE_UNKNOWN,
    }
}

/// Preview1 `filestat`.
#[repr(C)]
#[derive(Default, Clone, Copy)]
pub struct Filestat {
    pub dev: u64,
    pub ino: u64,
    pub filetype: u8,
    pub nlink: u64,
    pub size: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
}

/// Preview1 `fdstat`.
#[repr(C)]
#[derive(Default, Clone, Copy)]
pub struct Fdstat {
    pub filetype: u8,
    pub flags: u16,
    pub rights_base: u64,
    pub rights_inheriting: u64,
}

/// Preview1 `iovec` / `ciovec`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Iovec {
    pub buf: *mut u8,
    pub len: usize,
}

/// Encodes a preview1 timestamp (ns) as a `new-timestamp` variant: (case, seconds, nanos).
pub fn new_timestamp(ns: u64, set: bool, now: bool) -> (u32, u64, u32) {
    if now {
        (1, 0, 0)
    } else if set {
        (2, ns / 1_000_000_000, (ns % 1_000_000_000) as u32)
    } else {
        (0, 0, 0)
    }
}

/// An `option<instant>` at `off` in `ret`, in nanoseconds (0 when absent).
pub fn instant_ns(ret: &Ret, off: usize) -> u64 {
    if ret.u8(off) == 0 {
        return 0;
    }
    let secs = ret.u64(off + 8) as i64;
    let nanos = ret.u32(off + 16) as u64;
    (secs as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(nanos)
}

/// Moves data through each non-empty iovec in turn with `op(buf, len, first)`, stopping at
/// the first short transfer, as `readv`/`writev` do. An error after some progress ends the
/// call with the bytes already moved (the error will recur on the next call).
/// Whether `s` is UTF-8. WASIp3 passes paths and names as strings and the host traps on
/// anything else, so the engine checks first. (Written out by hand: `core::str` uses a
/// lookup table, which would put a data section in the adapter.)
pub fn utf8_ok(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        let (n, min) = match b {
            0..0x80 => {
                i += 1;
                continue;
            }
            _ if b & 0xe0 == 0xc0 => (1, 0x80),
            _ if b & 0xf0 == 0xe0 => (2, 0x800),
            _ if b & 0xf8 == 0xf0 => (3, 0x1_0000),
            _ => return false,
        };
        if i + n >= s.len() {
            return false;
        }
        let mut c = (b & (0x3f >> n)) as u32;
        for k in 1..=n {
            let x = s[i + k];
            if x & 0xc0 != 0x80 {
                return false;
            }
            c = c << 6 | (x & 0x3f) as u32;
        }
        if c < min || c > 0x10_ffff || (0xd800..0xe000).contains(&c) {
            return false;
        }
        i += n + 1;
    }
    true
}

/// Bytes of linear memory from `p` to its end.
pub fn mem_room(p: *const u8) -> usize {
    (core::arch::wasm32::memory_size(0) << 16).saturating_sub(p as usize)
}

pub fn each_iovec(
    iovs: &[Iovec],
    mut op: impl FnMut(*mut u8, usize, bool) -> Result<usize, Errno>,
) -> Result<usize, Errno> {
    let mut total = 0usize;
    for iov in iovs.iter().filter(|i| i.len > 0) {
        // A buffer running past the end of linear memory would make the host trap: use
        // the part inside it (a short count, as Linux gives), EFAULT when none is.
        let room = mem_room(iov.buf);
        let len = iov.len.min(room);
        let r = if len == 0 {
            Err(crate::errno::EFAULT)
        } else {
            op(iov.buf, len, total == 0)
        };
        match r {
            Ok(n) => {
                total += n;
                if n < iov.len {
                    break;
                }
            }
            Err(e) if total == 0 => return Err(e),
            Err(_) => break,
        }
    }
    Ok(total)
}
