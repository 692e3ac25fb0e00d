//! The tracer behind `trace.rs`'s door: formats the lines of `P3SHIM_TRACE` (calls with
//! their arguments and errnos, the WASIp3 operations under them) and writes them to
//! stderr. Only a program built with `--trace` keeps it (docs/DECISIONS.md, "The tracer
//! only where it was asked for").

use crate::base::base;
use crate::lit;
use crate::trace::*;
use core::hint::black_box;

/// The tracer's side of the door.
fn inside(e: Event<'_>) {
    match e {
        Event::Start => {
            let env = crate::cli::environment();
            base().trace.checked = true;
            // SAFETY: `env` is the environment list just lowered into the arena.
            if unsafe { wants(env.ptr as *const u32, env.len) } {
                base().trace.on = true;
                // Trace lines go to stderr, which exit then flushes.
                crate::desc::open_exit_door();
            }
        }
        Event::Preview1(name, kinds, vals, result) => preview1_line(name, kinds, vals, result),
        Event::CCall(name, kinds, vals, result) => c_call_line(name, kinds, vals, result),
        Event::Copy(site, op, args, code) => copy(site, op, args, code),
        Event::Cancel(task, code) => cancel_line(task, code),
        Event::Wait(set, blocking, code, which, payload) => {
            wait_line(set, blocking, code, which, payload)
        }
        Event::WroteStderr(iovs, n) => wrote_stderr(iovs, n),
    }
}

/// The tracer's door in the adapter form.
#[cfg(not(feature = "static-shim"))]
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn p3shim_gate_trace(e: *const u8) {
    // SAFETY: `door` passes an `Event` that outlives this call; it holds only references
    // and numbers, so the copy read here needs no drop.
    inside(unsafe { core::ptr::read(e as *const Event<'_>) });
}

/// The tracer's side of the door in the static form, named only by `p3shim_trace.o`.
#[cfg(feature = "static-shim")]
#[unsafe(no_mangle)]
pub extern "C" fn p3shim_trace_inside(e: *const u8) {
    // SAFETY: as `p3shim_gate_trace`.
    inside(unsafe { core::ptr::read(e as *const Event<'_>) });
}

impl Line {
    fn dec(&mut self, mut v: u64) {
        let mut digits = [0u8; 20];
        let mut n = 0;
        loop {
            digits[n] = b'0' + (v % 10) as u8;
            n += 1;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        while n > 0 {
            n -= 1;
            self.byte(digits[n]);
        }
    }

    fn signed(&mut self, v: i64) {
        if v < 0 {
            self.byte(b'-');
        }
        self.dec(v.unsigned_abs());
    }

    fn hex_digit(&mut self, d: u8) {
        self.byte(if d < 10 { b'0' + d } else { b'a' + d - 10 });
    }

    fn hex(&mut self, v: u64) {
        self.byte(b'0');
        self.byte(b'x');
        let mut started = false;
        for i in (0..16).rev() {
            let d = ((v >> (4 * i)) & 0xf) as u8;
            started |= d != 0 || i == 0;
            if started {
                self.hex_digit(d);
            }
        }
    }

    /// A guest string, quoted and escaped like C, cut after 64 bytes.
    fn quoted(&mut self, p: *const u8, len: usize) {
        self.byte(b'"');
        for i in 0..len.min(64) {
            // SAFETY: the caller passed (p, len) as a valid guest string.
            let b = unsafe { *p.add(i) };
            if b == b'"' || b == b'\\' {
                self.byte(b'\\');
                self.byte(b);
            } else if (0x20..0x7f).contains(&b) {
                self.byte(b);
            } else {
                self.byte(b'\\');
                self.byte(b'x');
                self.hex_digit(b >> 4);
                self.hex_digit(b & 0xf);
            }
        }
        self.byte(b'"');
        if len > 64 {
            self.lit(lit!("..."));
        }
    }

    fn addr(&mut self, p: *const crate::sockaddr::Addr) {
        if p.is_null() {
            self.lit(lit!("NULL"));
            return;
        }
        // SAFETY: a non-null `Addr` pointer from the C wrappers or the engine.
        let a = unsafe { *p };
        if a.family == crate::sockaddr::V4 {
            for (i, b) in a.addr[..4].iter().enumerate() {
                if i > 0 {
                    self.byte(b'.');
                }
                self.dec(*b as u64);
            }
        } else {
            self.byte(b'[');
            for i in 0..8 {
                if i > 0 {
                    self.byte(b':');
                }
                let w = u16::from_be_bytes([a.addr[2 * i], a.addr[2 * i + 1]]);
                self.hex_digit((w >> 12) as u8);
                self.hex_digit((w >> 8 & 0xf) as u8);
                self.hex_digit((w >> 4 & 0xf) as u8);
                self.hex_digit((w & 0xf) as u8);
            }
            self.byte(b']');
        }
        self.byte(b':');
        self.dec(a.port as u64);
    }

    /// The arguments of a call, each printed by its kind; `done` says whether
    /// out-pointers hold results.
    fn args(&mut self, kinds: u64, vals: &[u64], done: bool) {
        let kind = |i: usize| ((kinds >> (4 * i)) & 0xf) as u8;
        self.byte(b'(');
        let mut i = 0;
        while i < vals.len() {
            if i > 0 {
                self.lit(lit!(", "));
            }
            let v = vals[i];
            match kind(i) {
                SIGNED => self.signed(v as i64),
                STR if i + 1 < vals.len() => {
                    self.quoted(v as usize as *const u8, vals[i + 1] as usize);
                    i += 1;
                    self.lit(lit!(", "));
                    self.dec(vals[i]);
                }
                OUT16 | OUT32 | OUT64 if done && v != 0 => {
                    let p = v as usize;
                    self.byte(b'&');
                    // SAFETY: the call succeeded, so it stored its result through `p`.
                    let out = unsafe {
                        match kind(i) {
                            OUT16 => (p as *const u16).read_unaligned() as u64,
                            OUT32 => (p as *const u32).read_unaligned() as u64,
                            _ => (p as *const u64).read_unaligned(),
                        }
                    };
                    self.dec(out);
                }
                ADDR => self.addr(v as usize as *const crate::sockaddr::Addr),
                DEC => self.dec(v),
                _ => self.hex(v),
            }
            i += 1;
        }
        self.byte(b')');
    }

    fn errno(&mut self, e: u16) {
        let name = errno_name(e);
        if name.0 == 0 {
            self.byte(b'E');
            self.dec(e as u64);
        } else {
            self.lit(name);
        }
    }

    /// Writes the line and the operations recorded under it to stderr.
    fn emit(mut self) {
        self.byte(b'\n');
        let tr = &mut base().trace;
        tr.busy = true;
        if core::mem::take(&mut tr.mid_line) {
            let nl = black_box(b'\n');
            write_stderr(&nl, 1);
        }
        let ops = (tr.ops.as_ptr(), tr.ops_len);
        let lost = tr.ops_lost;
        write_stderr(self.buf.as_ptr(), self.len);
        write_stderr(ops.0, ops.1);
        if lost > 0 {
            let mut more = Line::new();
            more.lit(lit!("  ... "));
            more.dec(lost as u64);
            more.lit(lit!(" more operations\n"));
            write_stderr(more.buf.as_ptr(), more.len);
        }
        let tr = &mut base().trace;
        tr.ops_len = 0;
        tr.ops_lost = 0;
        tr.busy = false;
    }
}

fn write_stderr(p: *const u8, len: usize) {
    if len > 0 {
        let iov = crate::abi::Iovec {
            buf: p as *mut u8,
            len,
        };
        let _ = crate::stdio::write(crate::stdio::Stdio::Err, &[iov], false);
    }
}

fn wrote_stderr(iovs: &[crate::abi::Iovec], n: usize) {
    if base().trace.busy || n == 0 {
        return;
    }
    let mut left = n;
    let mut last = b'\n';
    for iov in iovs {
        let take = iov.len.min(left);
        if take > 0 {
            // SAFETY: `take` bytes of this iovec were just written, so they are readable.
            last = unsafe { *iov.buf.add(take - 1) };
        }
        left -= take;
    }
    base().trace.mid_line = last != b'\n';
}

fn preview1_line(name: Lit, kinds: u64, vals: &[u64], result: u16) {
    call_line(name, kinds, vals, result == 0, |l| {
        if result == 0 {
            l.byte(b'0');
        } else {
            l.errno(result);
        }
    });
}

fn c_call_line(name: Lit, kinds: u64, vals: &[u64], result: i32) {
    call_line(name, kinds, vals, result >= 0, |l| {
        if result >= 0 || result <= -1000 {
            l.signed(result as i64);
        } else {
            l.lit(lit!("-1 "));
            l.errno((-result) as u16);
        }
    });
}

/// `name(args) = ` and the result as `result` prints it; `done` says whether the call
/// succeeded, so that out-pointers hold values.
fn call_line(name: Lit, kinds: u64, vals: &[u64], done: bool, result: impl FnOnce(&mut Line)) {
    if base().trace.busy {
        return;
    }
    let mut l = Line::new();
    l.lit(name);
    l.args(kinds, vals, done);
    l.lit(lit!(" = "));
    result(&mut l);
    l.emit();
}

/// Appends an operation line to the pending list.
fn record(l: &Line) {
    let tr = &mut base().trace;
    if tr.ops_len + l.len + 1 > tr.ops.len() {
        tr.ops_lost += 1;
        return;
    }
    tr.ops[tr.ops_len..tr.ops_len + l.len].copy_from_slice(&l.buf[..l.len]);
    tr.ops[tr.ops_len + l.len] = b'\n';
    tr.ops_len += l.len + 1;
}

fn op_line() -> Option<Line> {
    if base().trace.busy {
        return None;
    }
    let mut l = Line::new();
    l.lit(lit!("  p3 "));
    Some(l)
}

/// A packed copy result: `BLOCKED`, or `COMPLETED n` / `DROPPED n` / `CANCELLED n`.
fn copy_result(l: &mut Line, code: u32) {
    if code == crate::wasi::BLOCKED {
        l.lit(lit!("BLOCKED"));
        return;
    }
    l.lit(match code & 0xf {
        0 => black_box(lit!("COMPLETED ")),
        1 => black_box(lit!("DROPPED ")),
        _ => black_box(lit!("CANCELLED ")),
    });
    l.dec((code >> 4) as u64);
}

/// The line for one stream operation: `stdout.stream_write(7, 0x1f00, 6) = ...`.
fn copy(site: u8, op: Lit, args: &[u64], code: u32) {
    let Some(mut l) = op_line() else { return };
    l.lit(site_name(site));
    l.byte(b'.');
    l.lit(op);
    l.args(kinds(&[DEC, PTR, DEC]), args, false);
    l.lit(lit!(" = "));
    copy_result(&mut l, code);
    record(&l);
}

fn cancel_line(task: u32, code: u32) {
    let Some(mut l) = op_line() else { return };
    l.lit(lit!("subtask.cancel"));
    l.args(0, &[task as u64], false);
    l.lit(lit!(" = "));
    l.dec(code as u64);
    record(&l);
}

fn wait_line(set: u32, blocking: bool, code: u32, which: u32, payload: u32) {
    let Some(mut l) = op_line() else { return };
    l.lit(if blocking {
        black_box(lit!("waitable-set.wait"))
    } else {
        black_box(lit!("waitable-set.poll"))
    });
    l.args(0, &[set as u64], false);
    l.lit(lit!(" = "));
    l.lit(match code {
        0 => black_box(lit!("none")),
        1 => black_box(lit!("subtask ")),
        2 => black_box(lit!("stream-read ")),
        3 => black_box(lit!("stream-write ")),
        4 => black_box(lit!("future-read ")),
        5 => black_box(lit!("future-write ")),
        _ => black_box(lit!("cancelled ")),
    });
    match code {
        0 => {}
        1 => {
            l.dec(which as u64);
            l.lit(lit!(" state "));
            l.dec(payload as u64);
        }
        _ => {
            l.dec(which as u64);
            l.byte(b' ');
            copy_result(&mut l, payload);
        }
    }
    record(&l);
}

fn site_name(site: u8) -> Lit {
    use crate::stream::Site;
    match site {
        s if s == Site::FsRead as u8 => black_box(lit!("file-read")),
        s if s == Site::FsWrite as u8 => black_box(lit!("file-write")),
        s if s == Site::FsAppend as u8 => black_box(lit!("file-append")),
        s if s == Site::Stdin as u8 => black_box(lit!("stdin")),
        s if s == Site::Stdout as u8 => black_box(lit!("stdout")),
        s if s == Site::Stderr as u8 => black_box(lit!("stderr")),
        s if s == Site::FsReaddir as u8 => black_box(lit!("readdir")),
        s if s == Site::TcpSend as u8 => black_box(lit!("tcp-send")),
        s if s == Site::TcpRecv as u8 => black_box(lit!("tcp-recv")),
        s if s == SITE_LISTEN => black_box(lit!("tcp-listen")),
        _ => black_box(lit!("stream")),
    }
}

/// The name of a preview1 errno (`Lit(0, ..)` for an unknown value).
fn errno_name(e: u16) -> Lit {
    use crate::errno::*;
    match e {
        E2BIG => black_box(lit!("E2BIG")),
        EACCES => black_box(lit!("EACCES")),
        EADDRINUSE => black_box(lit!("EADDRINUSE")),
        EADDRNOTAVAIL => black_box(lit!("EADDRNOTAVAIL")),
        EAFNOSUPPORT => black_box(lit!("EAFNOSUPPORT")),
        EAGAIN => black_box(lit!("EAGAIN")),
        EALREADY => black_box(lit!("EALREADY")),
        EBADF => black_box(lit!("EBADF")),
        EBUSY => black_box(lit!("EBUSY")),
        ECONNABORTED => black_box(lit!("ECONNABORTED")),
        ECONNREFUSED => black_box(lit!("ECONNREFUSED")),
        ECONNRESET => black_box(lit!("ECONNRESET")),
        EDEADLK => black_box(lit!("EDEADLK")),
        EDESTADDRREQ => black_box(lit!("EDESTADDRREQ")),
        EDQUOT => black_box(lit!("EDQUOT")),
        EEXIST => black_box(lit!("EEXIST")),
        EFAULT => black_box(lit!("EFAULT")),
        EFBIG => black_box(lit!("EFBIG")),
        EHOSTUNREACH => black_box(lit!("EHOSTUNREACH")),
        EILSEQ => black_box(lit!("EILSEQ")),
        EINPROGRESS => black_box(lit!("EINPROGRESS")),
        EINTR => black_box(lit!("EINTR")),
        EINVAL => black_box(lit!("EINVAL")),
        EIO => black_box(lit!("EIO")),
        EISCONN => black_box(lit!("EISCONN")),
        EISDIR => black_box(lit!("EISDIR")),
        ELOOP => black_box(lit!("ELOOP")),
        EMFILE => black_box(lit!("EMFILE")),
        EMLINK => black_box(lit!("EMLINK")),
        EMSGSIZE => black_box(lit!("EMSGSIZE")),
        ENAMETOOLONG => black_box(lit!("ENAMETOOLONG")),
        ENFILE => black_box(lit!("ENFILE")),
        ENODEV => black_box(lit!("ENODEV")),
        ENOENT => black_box(lit!("ENOENT")),
        ENOLCK => black_box(lit!("ENOLCK")),
        ENOMEM => black_box(lit!("ENOMEM")),
        ENOPROTOOPT => black_box(lit!("ENOPROTOOPT")),
        ENOSPC => black_box(lit!("ENOSPC")),
        ENOTCONN => black_box(lit!("ENOTCONN")),
        ENOTDIR => black_box(lit!("ENOTDIR")),
        ENOTEMPTY => black_box(lit!("ENOTEMPTY")),
        ENOTRECOVERABLE => black_box(lit!("ENOTRECOVERABLE")),
        ENOTSOCK => black_box(lit!("ENOTSOCK")),
        ENOTSUP => black_box(lit!("ENOTSUP")),
        ENOTTY => black_box(lit!("ENOTTY")),
        ENXIO => black_box(lit!("ENXIO")),
        EOVERFLOW => black_box(lit!("EOVERFLOW")),
        EPERM => black_box(lit!("EPERM")),
        EPIPE => black_box(lit!("EPIPE")),
        EPROTONOSUPPORT => black_box(lit!("EPROTONOSUPPORT")),
        EPROTOTYPE => black_box(lit!("EPROTOTYPE")),
        EROFS => black_box(lit!("EROFS")),
        ESPIPE => black_box(lit!("ESPIPE")),
        ETIMEDOUT => black_box(lit!("ETIMEDOUT")),
        ETXTBSY => black_box(lit!("ETXTBSY")),
        EXDEV => black_box(lit!("EXDEV")),
        ENOTCAPABLE => black_box(lit!("ENOTCAPABLE")),
        _ => Lit(0, 0, 0, 0),
    }
}
