//! Preview1 errno values and the mapping from WASIp3 error codes.

#![allow(dead_code)]

pub type Errno = u16;

/// Stops the program on an engine invariant violation. The adapter cannot carry message
/// text (no data section), so only the static shim prints one; its text travels in
/// immediates (`text::word`), so that a program never gets a data segment for messages.
#[macro_export]
macro_rules! fatal {
    ($msg:literal) => {{
        // Static form: one out-of-line copy per site (a nested function is never generic),
        // however often the code around it is inlined or instantiated.
        #[cfg(feature = "static-shim")]
        #[cold]
        #[inline(never)]
        fn fatal_here() -> ! {
            {
                const _: () = assert!($msg.len() <= 96);
                $crate::errno::fatal_message(
                    const { $crate::text::word($msg, 0) },
                    const { $crate::text::word($msg, 1) },
                    const { $crate::text::word($msg, 2) },
                    const { $crate::text::word($msg, 3) },
                    const { $crate::text::word($msg, 4) },
                    const { $crate::text::word($msg, 5) },
                    const { $crate::text::word($msg, 6) },
                    const { $crate::text::word($msg, 7) },
                    const { $crate::text::word($msg, 8) },
                    const { $crate::text::word($msg, 9) },
                    const { $crate::text::word($msg, 10) },
                    const { $crate::text::word($msg, 11) },
                );
            }
            core::arch::wasm32::unreachable()
        }
        #[cfg(feature = "static-shim")]
        fatal_here();
        #[cfg(not(feature = "static-shim"))]
        core::arch::wasm32::unreachable()
    }};
}

/// Writes `fatal!`'s message (up to 96 bytes, in words) and a newline on stderr (static
/// shim only), through the crate root's `p3shim_fatal_write`: stderr belongs to a layer
/// above this one.
#[cfg(feature = "static-shim")]
#[doc(hidden)]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
pub fn fatal_message(
    w0: u64,
    w1: u64,
    w2: u64,
    w3: u64,
    w4: u64,
    w5: u64,
    w6: u64,
    w7: u64,
    w8: u64,
    w9: u64,
    w10: u64,
    w11: u64,
) {
    unsafe extern "C" {
        fn p3shim_fatal_write(msg: *const u8, len: usize);
    }
    let mut buf = [0u8; 97];
    let mut len = 0;
    crate::text::append(
        &mut buf,
        &mut len,
        &[w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11],
    );
    buf[len] = b'\n';
    // SAFETY: `buf` holds `len + 1` bytes during the call.
    unsafe { p3shim_fatal_write(buf.as_ptr(), len + 1) }
}

pub const SUCCESS: Errno = 0;
pub const E2BIG: Errno = 1;
pub const EADDRINUSE: Errno = 3;
pub const EADDRNOTAVAIL: Errno = 4;
pub const EAFNOSUPPORT: Errno = 5;
pub const EACCES: Errno = 2;
pub const EAGAIN: Errno = 6;
pub const EALREADY: Errno = 7;
pub const EBADF: Errno = 8;
pub const EBUSY: Errno = 10;
pub const ECONNABORTED: Errno = 13;
pub const ECONNREFUSED: Errno = 14;
pub const ECONNRESET: Errno = 15;
pub const EDESTADDRREQ: Errno = 17;
pub const EDEADLK: Errno = 16;
pub const EDQUOT: Errno = 19;
pub const EEXIST: Errno = 20;
pub const EFAULT: Errno = 21;
pub const EFBIG: Errno = 22;
pub const EHOSTUNREACH: Errno = 23;
pub const EILSEQ: Errno = 25;
pub const EINPROGRESS: Errno = 26;
pub const EINTR: Errno = 27;
pub const EINVAL: Errno = 28;
pub const EIO: Errno = 29;
pub const EISCONN: Errno = 30;
pub const EISDIR: Errno = 31;
pub const ELOOP: Errno = 32;
pub const EMFILE: Errno = 33;
pub const ENFILE: Errno = 41;
pub const EMLINK: Errno = 34;
pub const EMSGSIZE: Errno = 35;
pub const ENAMETOOLONG: Errno = 37;
pub const ENODEV: Errno = 43;
pub const ENOENT: Errno = 44;
pub const ENOLCK: Errno = 46;
pub const ENOMEM: Errno = 48;
pub const ENOPROTOOPT: Errno = 50;
pub const ENOSPC: Errno = 51;
pub const ENOTCONN: Errno = 53;
pub const ENOTDIR: Errno = 54;
pub const ENOTEMPTY: Errno = 55;
pub const ENOTRECOVERABLE: Errno = 56;
pub const ENOTSOCK: Errno = 57;
pub const ENOTSUP: Errno = 58;
pub const ENOTTY: Errno = 59;
pub const ENXIO: Errno = 60;
pub const EOVERFLOW: Errno = 61;
pub const EPERM: Errno = 63;
pub const EPIPE: Errno = 64;
pub const EPROTONOSUPPORT: Errno = 66;
pub const EPROTOTYPE: Errno = 67;
pub const EROFS: Errno = 69;
pub const ESPIPE: Errno = 70;
pub const ETIMEDOUT: Errno = 73;
pub const ETXTBSY: Errno = 74;
pub const EXDEV: Errno = 75;
pub const ENOTCAPABLE: Errno = 76;

/// Maps a `wasi:filesystem/types@0.3.0#error-code` discriminant (WIT case order) to errno.
///
/// The table is packed into immediates, 9 seven-bit errno values per word, because a
/// `match` here becomes an LLVM lookup table in a data section, which the adapter may
/// not have. The order follows the WIT: access, already, bad-descriptor, busy, deadlock,
/// quota, exist, file-too-large, illegal-byte-sequence | in-progress, interrupted,
/// invalid, io, is-directory, loop, too-many-links, message-size, name-too-long |
/// no-device, no-entry, no-lock, insufficient-memory, insufficient-space, not-directory,
/// not-empty, not-recoverable, unsupported | no-tty, no-such-device, overflow,
/// not-permitted, pipe, read-only, invalid-seek, text-file-busy, cross-device.
/// `other(option<string>)` and any newer case map to EIO.
pub fn from_fs_error(code: u8) -> Errno {
    let word: u64 = if code < 9 {
        0x192c509901420382
    } else if code < 18 {
        0x25468901f3a70d9a
    } else if code < 27 {
        0x3a70ddb3360b962b
    } else if code < 36 {
        0x4b951a2c07ef5e3b
    } else {
        return EIO;
    };
    unpack7(word, code % 9)
}

/// Entry `i` of a word of packed seven-bit errno values.
fn unpack7(word: u64, i: u8) -> Errno {
    ((word >> (7 * i as u32)) & 0x7f) as Errno
}

/// Maps a `wasi:sockets/types@0.3.0#error-code` discriminant, packed as above: access-denied,
/// not-supported, invalid-argument, out-of-memory, timeout, invalid-state (EINVAL; callers
/// that know the state give ENOTCONN, EISCONN, ...), address-not-bindable, address-in-use,
/// remote-unreachable | connection-refused, connection-broken (EPIPE), connection-reset,
/// connection-aborted, datagram-too-large; `other` and newer cases map to EIO.
pub fn from_socket_error(code: u8) -> Errno {
    match code {
        0..9 => unpack7(0x170610e496071d02, code),
        9..15 => unpack7(0xea31a3e00e, code - 9),
        _ => EIO,
    }
}

/// Maps a `wasi:cli/types@0.3.0#error-code` (io, illegal-byte-sequence, pipe).
pub fn from_cli_error(code: u8) -> Errno {
    match code {
        1 => EILSEQ,
        2 => EPIPE,
        _ => EIO,
    }
}
