//! The readiness/completion bridge for byte streams.
//!
//! A `Reader` owns the readable end of a `stream<u8>` produced by the host (stdin, a file
//! read at an offset) together with the `future` that reports how it ended; a `Writer`
//! owns the writable end of a stream the engine created and handed to the host (stdout,
//! stderr, a file write). At most one copy is in flight per end, user buffers are never
//! lent past the return of a call, and a stream that reported DROPPED is never touched
//! again (Wasmtime traps on that), so end-of-stream and errors are remembered here.

use crate::errno::{self, Errno};
use crate::wait;

pub mod linger;
use crate::wasi::{self, BLOCKED, COPY_CANCELLED, COPY_COMPLETED, COPY_DROPPED};

pub use crate::gate::Site;

/// Calls built-in `$f` of the site's WIT function. `read` and `write` name the direction
/// the engine uses a site's stream in (a host-produced stream is only read, one the engine
/// creates is only written): the arms that can never run are left out, so a program's
/// component imports, and instantiates, only the built-ins it can reach. The sites of
/// files and sockets go through their doors (`gate.rs`), so that a program that opens no
/// file or socket has none of their built-ins.
macro_rules! dispatch {
    (read $site:expr, $f:ident $args:tt) => {
        dispatch!(@arms $site, $f $args, [Stdin stdin], [FsRead, TcpRecv])
    };
    (write $site:expr, $f:ident $args:tt) => {
        dispatch!(@arms $site, $f $args,
            [Stdout stdout, Stderr stderr], [FsWrite, FsAppend, TcpSend])
    };
    // A stream's future goes with it: read sites (and `read-directory`) or write sites.
    (read_future $site:expr, $f:ident $args:tt) => {
        dispatch!(@arms $site, $f $args,
            [Stdin stdin], [FsRead, FsReaddir, TcpRecv])
    };
    (write_future $site:expr, $f:ident $args:tt) => {
        dispatch!(write $site, $f $args)
    };
    (@arms $site:expr, $f:ident $args:tt,
        [$($variant:ident $module:ident),*], [$($gated:ident),*]) => {
        // SAFETY: the handle belongs to the site's stream/future type and the caller
        // guarantees any pointer argument is valid for the stated length.
        unsafe {
            match $site {
                $(Site::$variant => wasi::$module::$f $args,)*
                site @ ($(Site::$gated)|*) => builtin_call(
                    site, crate::gate::Builtin::$f, &as_words! $args),
                _ => crate::fatal!("p3shim: stream built-in used on a site of the other direction, or none"),
            }
        }
    };
}

/// A built-in of a site behind a door, for `stream::dispatch!`; the result converts to the
/// built-in's own return type.
fn builtin_call<R: crate::gate::FromCode>(site: Site, f: crate::gate::Builtin, args: &[u64]) -> R {
    let mut a = [0u64; 3];
    a[..args.len()].copy_from_slice(args);
    R::from_code(match site {
        Site::TcpSend | Site::TcpRecv => crate::netgate::builtin(site, f, a),
        _ => crate::filegate::builtin(site, f, a),
    })
}

/// A built-in's arguments as the words a door carries them in.
macro_rules! as_words {
    ($($arg:expr),*) => {
        [$($arg as u64),*]
    };
}
/// `dispatch!` for a copy or cancel built-in, recorded for `P3SHIM_TRACE`.
macro_rules! copy {
    ($dir:ident $site:expr, $f:ident ( $($arg:expr),* )) => {{
        let code = dispatch!($dir $site, $f($($arg),*));
        crate::trace::stream_op($site as u8, crate::lit!(stringify!($f)), &[$($arg as u64),*], code);
        code
    }};
}

/// Blocks until `handle` reports an event and returns its payload (`wait::wait_for`);
/// output closed earlier (`linger`) keeps moving meanwhile.
pub fn wait_for(handle: u32) -> u32 {
    wait::wait_for(handle, linger::deliver)
}

/// The pending event of `handle`, if any, without blocking (`wait::poll_for`).
pub fn poll_for(handle: u32) -> Option<u32> {
    wait::poll_for(handle, linger::deliver)
}

/// Blocks until subtask `task` has returned.
pub fn wait_subtask(task: u32) {
    while wait_for(task) != wasi::SUBTASK_RETURNED {}
}

/// Splits a packed copy result into `(count, status)`.
fn unpack(code: u32) -> (usize, u32) {
    ((code >> 4) as usize, code & 0xf)
}

/// Creates a `stream<u8>` for `site`: `(readable, writable)`.
pub fn new_stream(site: Site) -> (u32, u32) {
    let pair = dispatch!(write site, stream_new());
    (pair as u32, (pair >> 32) as u32)
}

/// The direction of a stream's site, for `finish_future`.
pub const READ_SIDE: bool = true;
pub const WRITE_SIDE: bool = false;

/// Reads the `future<result<_, error-code>>` that accompanies a stream and drops it.
/// `READ` says which side the site is on, so only that side's built-ins are bound.
pub fn finish_future<const READ: bool>(site: Site, future: u32) -> Result<(), Errno> {
    // Room for `result<_, error-code>` of either interface (at most 20 bytes, align 4).
    let mut buf = [0u32; 6];
    let p = buf.as_mut_ptr() as *mut u8;
    crate::base::base().arena.reset();
    let mut code = if READ {
        copy!(read_future site, future_read(future, p))
    } else {
        copy!(write_future site, future_read(future, p))
    };
    if code == BLOCKED {
        code = wait_for(future);
    }
    if READ {
        dispatch!(read_future site, future_drop_readable(future));
    } else {
        dispatch!(write_future site, future_drop_readable(future));
    }
    if code & 0xf != COPY_COMPLETED {
        // The writer went away without a value: nothing more to learn.
        return Ok(());
    }
    future_result(site, p)
}

/// Decodes the `result<_, error-code>` a site's future delivered at `p`.
fn future_result(site: Site, p: *const u8) -> Result<(), Errno> {
    let cli = matches!(site, Site::Stdin | Site::Stdout | Site::Stderr);
    // SAFETY: `p` holds a `result<_, error-code>` the host just wrote; the error code sits
    // after the discriminant at the alignment of the interface's error type.
    let (disc, err) = unsafe { (*p, *p.add(if cli { 1 } else { 4 })) };
    if disc == 0 {
        return Ok(());
    }
    Err(match site {
        Site::Stdin | Site::Stdout | Site::Stderr => errno::from_cli_error(err),
        Site::TcpSend | Site::TcpRecv => errno::from_socket_error(err),
        _ => errno::from_fs_error(err),
    })
}

/// The readable end of a host stream, with an optional read-ahead buffer.
#[derive(Default)]
pub struct Reader {
    pub site: Site,
    pub stream: u32,
    pub future: u32,
    /// For files: the offset of the next byte the open stream yields.
    pub pos: u64,
    /// The stream ended; for stdin this is final.
    pub eof: bool,
    /// An error reported by the stream's future, returned by the next read.
    pub error: Errno,
    buf: usize,
    cap: u32,
    start: u32,
    end: u32,
    /// A read into the read-ahead buffer is in flight (started by `poll`).
    pub inflight: bool,
    /// The in-flight read is a zero-length readiness probe.
    probing: bool,
    /// What the host's zero-length reads are worth on this stream.
    probes: Probes,
    /// At the end of the stream, leave its future to the owner (`end_future`), which can
    /// often tell the end of a file from an error without waiting for it.
    pub owner_ends: bool,
    /// Where the stream ended, not yet reported to a read: the next `read` there answers 0
    /// without a new stream, stream read, future and wait.
    pub end_at: Option<u64>,
    /// The host answered a read short of its length before the end of a file (as
    /// Wasmtime does when it reads on a blocking task, 8 KiB at a time): a short read
    /// says nothing about the end on this stream's descriptor.
    pub splits_reads: bool,
}

/// Whether a host's answers to zero-length reads mean "data is ready".
#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Probes {
    /// Not seen yet: probe, and check the answer with a real read.
    #[default]
    Unknown,
    /// A probe once waited for data: the host reports real readiness.
    Honest,
    /// A probe said "ready" and a read then blocked (Wasmtime 50 on stdin does this):
    /// use a one-byte-or-more read-ahead instead.
    False,
}

const READAHEAD: u32 = 16 * 1024;

/// The read-ahead buffer of a bulk reader: a socket whose program receives more than
/// `READAHEAD` bytes at a time, and stdin, where every host read is a blocking OS read on
/// a host thread and a wait here (a 13 MB SQLite script through 16 KiB reads made 830 of
/// those thread hand-offs; 64 KiB reads make a quarter).
const BULK: u32 = 64 * 1024;

impl Reader {
    pub fn attach(&mut self, site: Site, stream: u32, future: u32, pos: u64) {
        self.site = site;
        self.stream = stream;
        self.future = future;
        self.pos = pos;
        self.eof = false;
    }

    pub fn is_open(&self) -> bool {
        self.stream != 0
    }

    pub fn buffered(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// Applies the outcome of a copy into our own buffer or the caller's.
    fn apply(&mut self, code: u32) -> usize {
        let (n, status) = unpack(code);
        if status == COPY_DROPPED {
            self.close_ended();
        }
        n
    }

    /// The stream reported DROPPED: release it and collect its final status.
    fn close_ended(&mut self) {
        dispatch!(read self.site, stream_drop_readable(self.stream));
        self.stream = 0;
        self.eof = true;
        if self.owner_ends {
            return;
        }
        if self.future != 0 {
            if let Err(e) = finish_future::<READ_SIDE>(self.site, self.future) {
                self.error = e;
            }
            self.future = 0;
        }
    }

    /// Settles the future of a stream that ended under `owner_ends`: `Some(error)` after
    /// waiting for it when `wait`, else dropped unread.
    pub fn end_future(&mut self, wait: bool) -> Option<Errno> {
        let future = core::mem::take(&mut self.future);
        if future == 0 {
            return None;
        }
        if wait {
            return finish_future::<READ_SIDE>(self.site, future).err();
        }
        dispatch!(read_future self.site, future_drop_readable(future));
        None
    }

    /// Drops the stream early (a seek moved the offset, or the descriptor closed).
    pub fn discard(&mut self) {
        if self.inflight {
            self.cancel_readahead();
        }
        if self.stream != 0 {
            dispatch!(read self.site, stream_drop_readable(self.stream));
            self.stream = 0;
        }
        if self.future != 0 {
            dispatch!(read_future self.site, future_drop_readable(self.future));
            self.future = 0;
        }
        self.start = 0;
        self.end = 0;
    }

    /// Gives the read-ahead buffer back (the description is going away).
    pub fn free_buffer(&mut self) {
        self.discard();
        crate::base::give_block(self.buf as *mut u8, self.cap as usize);
        self.buf = 0;
        self.cap = 0;
    }

    /// Copies up to `len` buffered bytes to `dst` without consuming them.
    fn copy_buffered(&self, dst: *mut u8, len: usize) -> usize {
        let n = len.min(self.buffered());
        // SAFETY: the buffer holds `buffered()` bytes at `start`; `dst` has `len`.
        unsafe {
            core::ptr::copy_nonoverlapping((self.buf + self.start as usize) as *const u8, dst, n)
        };
        n
    }

    /// Copies up to `len` bytes without consuming them (`MSG_PEEK`): fills the read-ahead
    /// buffer first, waiting for data unless `nonblock`.
    pub fn peek(&mut self, dst: *mut u8, len: usize, nonblock: bool) -> Result<usize, Errno> {
        loop {
            if self.buffered() > 0 {
                return Ok(self.copy_buffered(dst, len));
            }
            if self.error != 0 {
                return Err(self.error);
            }
            if self.eof || self.stream == 0 || len == 0 {
                return Ok(0);
            }
            if self.start_readahead() {
                continue;
            }
            if nonblock {
                return Err(errno::EAGAIN);
            }
            let payload = wait_for(self.stream);
            self.complete_readahead(payload);
        }
    }

    /// One copy from the stream into `dst`. `Ok(0)` means end of stream; with
    /// `nonblock`, a copy that cannot complete at once is cancelled and, when it
    /// produced nothing, reported as `EAGAIN`.
    pub fn read_once(&mut self, dst: *mut u8, len: usize, nonblock: bool) -> Result<usize, Errno> {
        loop {
            // Settling a probe may start the real read it announced: settle until idle.
            while self.inflight {
                self.settle_readahead(nonblock);
            }
            if self.buffered() > 0 {
                let n = self.copy_buffered(dst, len);
                self.start += n as u32;
                if self.start == self.end {
                    self.start = 0;
                    self.end = 0;
                }
                self.pos += n as u64;
                return Ok(n);
            }
            if self.error != 0 {
                let e = self.error;
                self.error = 0;
                return Err(e);
            }
            if self.stream == 0 || len == 0 {
                return Ok(0);
            }
            if self.site == Site::Stdin && len < READAHEAD as usize {
                // Every stdin read is a blocking OS read on a host thread and a wait here
                // (a libc's 1 KiB `fgets` buffer made 5,400 of them for a 5 MB script):
                // a small read fills the read-ahead buffer instead and the next ones are
                // served from it.
                let (n, status) = self.fill(nonblock);
                if n == 0 && nonblock && status != COPY_DROPPED {
                    return Err(errno::EAGAIN);
                }
                continue;
            }
            let chunk = len.min(MAX_STREAM_OP) as u32;
            let mut code = copy!(read self.site, stream_read(self.stream, dst, chunk));
            if code == BLOCKED {
                if nonblock {
                    code = copy!(read self.site, stream_cancel_read(self.stream));
                } else {
                    code = wait_for(self.stream);
                }
            }
            let (n, status) = unpack(code);
            self.apply(code);
            self.pos += n as u64;
            if n > 0 {
                return Ok(n);
            }
            if status == COPY_CANCELLED {
                return Err(errno::EAGAIN);
            }
            // COMPLETED with nothing (a readiness answer) or DROPPED: go round again,
            // which reports the error, the end of stream, or copies again.
            if status == COPY_COMPLETED && nonblock {
                return Err(errno::EAGAIN);
            }
        }
    }

    /// One read into the free end of the read-ahead buffer, waiting for it unless
    /// `nonblock` (then a read that cannot complete at once is cancelled): `(count, status)`.
    fn fill(&mut self, nonblock: bool) -> (usize, u32) {
        self.ensure_buffer();
        let dst = (self.buf + self.end as usize) as *mut u8;
        let mut code = copy!(read self.site, stream_read(self.stream, dst, self.cap - self.end));
        if code == BLOCKED {
            code = if nonblock {
                copy!(read self.site, stream_cancel_read(self.stream))
            } else {
                wait_for(self.stream)
            };
        }
        let status = code & 0xf;
        let n = self.apply(code);
        self.end += n as u32;
        (n, status)
    }

    fn ensure_buffer(&mut self) {
        if self.buf == 0 {
            let cap = if self.site == Site::Stdin {
                BULK
            } else {
                READAHEAD
            };
            self.buf = crate::base::take_block(cap as usize) as usize;
            self.cap = cap;
        }
    }

    /// Starts waiting for data (used by `poll`): a zero-length probe while the host's
    /// probes may be honest, else a read of at least one byte into the read-ahead buffer.
    /// Returns true when data or end of stream is already known.
    pub fn start_readahead(&mut self) -> bool {
        if self.buffered() > 0 || self.eof || self.error != 0 || self.stream == 0 {
            return true;
        }
        if self.inflight {
            // Collect a completion that arrived since (a `poll` that returned early for
            // another descriptor never waited for it).
            match poll_for(self.stream) {
                Some(payload) => {
                    self.complete_readahead(payload);
                    return self.buffered() > 0 || self.eof || self.error != 0;
                }
                None => return false,
            }
        }
        self.ensure_buffer();
        let dst = (self.buf + self.end as usize) as *mut u8;
        let mut probed_ready = false;
        if self.probes != Probes::False {
            let code = copy!(read self.site, stream_read(self.stream, dst, 0));
            if code == BLOCKED {
                self.probes = Probes::Honest;
                self.inflight = true;
                self.probing = true;
                return false;
            }
            if code & 0xf == COPY_DROPPED {
                self.apply(code);
                return true;
            }
            probed_ready = true;
        }
        let code = copy!(read self.site, stream_read(self.stream, dst, self.cap - self.end)
        );
        if code == BLOCKED {
            if probed_ready && self.probes == Probes::Unknown {
                // "Ready", yet nothing to read: this host's probes carry no information.
                self.probes = Probes::False;
            }
            self.inflight = true;
            return false;
        }
        self.end += self.apply(code) as u32;
        self.buffered() > 0 || self.eof
    }

    /// Records the completion event of an in-flight read-ahead or probe.
    pub fn complete_readahead(&mut self, payload: u32) {
        self.inflight = false;
        if core::mem::take(&mut self.probing) {
            // The probe's answer: data is there (or the stream ended). Take it now.
            if payload & 0xf == COPY_DROPPED {
                self.apply(payload);
            } else {
                self.start_readahead();
            }
            return;
        }
        self.end += self.apply(payload) as u32;
    }

    fn cancel_readahead(&mut self) {
        let code = copy!(read self.site, stream_cancel_read(self.stream));
        self.inflight = false;
        self.probing = false;
        if code != BLOCKED {
            self.end += self.apply(code) as u32;
        }
    }

    fn settle_readahead(&mut self, nonblock: bool) {
        if nonblock {
            self.cancel_readahead();
        } else {
            let payload = wait_for(self.stream);
            self.complete_readahead(payload);
        }
    }
}

/// The writable end of a stream the engine handed to the host.
///
/// Blocking writes go straight from the caller's buffer and wait. Non-blocking writes are
/// copied into a write-behind buffer that the engine owns, so a copy may stay in flight
/// after the call returns (a caller's buffer never does); the buffer drains as the host
/// takes data, and `close` waits until it is empty.
#[derive(Default)]
pub struct Writer {
    pub site: Site,
    pub stream: u32,
    pub future: u32,
    /// For files: the offset at which the next byte written lands.
    pub pos: u64,
    /// The reader went away; further writes fail with this error.
    pub broken: Errno,
    wb: usize,
    wb_start: u32,
    wb_len: u32,
    /// Bytes of the write-behind buffer in an unfinished copy (0: none in flight).
    inflight: u32,
    /// Closed in the background (`linger.rs`): a reader that went away ends the stream
    /// without waiting for its future, which `end_nowait` hands over.
    pub quiet: bool,
}

const WRITE_BEHIND: u32 = 64 * 1024;

/// The most elements one `stream.read`/`stream.write` may name: the component model
/// requires fewer than 2^28 (Wasmtime traps "stream read/write count too large").
const MAX_STREAM_OP: usize = (1 << 28) - 1;

impl Writer {
    pub fn attach(&mut self, site: Site, stream: u32, future: u32, pos: u64) {
        self.site = site;
        self.stream = stream;
        self.future = future;
        self.pos = pos;
        self.broken = 0;
    }

    pub fn is_open(&self) -> bool {
        self.stream != 0
    }

    /// Room in the write-behind buffer (what a non-blocking write can take now).
    pub fn room(&mut self) -> usize {
        self.settle(false);
        if self.wb == 0 {
            WRITE_BEHIND as usize
        } else if self.inflight > 0 {
            // The buffer cannot be compacted under a copy in flight: only the tail is free.
            (WRITE_BEHIND - self.wb_start - self.wb_len) as usize
        } else {
            (WRITE_BEHIND - self.wb_len) as usize
        }
    }

    /// The stream handle to wait on while a write-behind copy is in flight.
    pub fn pending(&self) -> Option<u32> {
        (self.inflight > 0).then_some(self.stream)
    }

    /// The reader went away: release our end and learn why.
    fn fail(&mut self) -> Errno {
        if self.quiet {
            // SAFETY: the stream leaves any set before it is dropped.
            unsafe { wasi::waitable_join(self.stream, 0) };
        }
        dispatch!(write self.site, stream_drop_writable(self.stream));
        self.stream = 0;
        if self.quiet {
            self.broken = errno::EPIPE;
            self.wb_len = 0;
            self.inflight = 0;
            return errno::EPIPE;
        }
        let err = match finish_future::<WRITE_SIDE>(self.site, self.future) {
            Err(e) => e,
            Ok(()) => errno::EPIPE,
        };
        self.future = 0;
        self.broken = err;
        self.wb_len = 0;
        self.inflight = 0;
        err
    }

    /// Records the outcome of the in-flight write-behind copy.
    pub fn complete(&mut self, code: u32) {
        let (n, status) = unpack(code);
        self.inflight = 0;
        self.wb_start += n as u32;
        self.wb_len -= (n as u32).min(self.wb_len);
        if self.wb_len == 0 {
            self.wb_start = 0;
        }
        if status == COPY_DROPPED {
            self.fail();
        }
    }

    /// Collects a finished in-flight copy (waiting for it with `block`).
    fn settle(&mut self, block: bool) {
        if self.inflight == 0 {
            return;
        }
        let code = if block {
            wait_for(self.stream)
        } else {
            match poll_for(self.stream) {
                Some(code) => code,
                None => return,
            }
        };
        self.complete(code);
    }

    /// Starts copying buffered bytes to the host if nothing is in flight.
    fn pump(&mut self) {
        while self.inflight == 0 && self.wb_len > 0 && self.stream != 0 {
            let p = (self.wb + self.wb_start as usize) as *const u8;
            let code = copy!(write self.site, stream_write(self.stream, p, self.wb_len));
            if code == BLOCKED {
                self.inflight = self.wb_len;
                return;
            }
            self.complete(code);
            if unpack(code).0 == 0 {
                return;
            }
        }
    }

    /// Gives the write-behind buffer back (after `close`).
    pub fn free_buffer(&mut self) {
        crate::base::give_block(self.wb as *mut u8, WRITE_BEHIND as usize);
        self.wb = 0;
        self.wb_start = 0;
        self.wb_len = 0;
    }

    /// Waits until every buffered byte has gone to the host.
    pub fn drain(&mut self) {
        while self.wb_len > 0 && self.stream != 0 {
            if self.inflight > 0 {
                self.settle(true);
            } else {
                self.pump();
            }
        }
    }

    /// Writes from `src`. Blocking: waits until everything is taken. Non-blocking: takes
    /// what fits in the write-behind buffer (`EAGAIN` when it is full).
    pub fn write(&mut self, src: *const u8, len: usize, nonblock: bool) -> Result<usize, Errno> {
        if self.broken != 0 {
            return Err(self.broken);
        }
        if nonblock {
            return self.write_behind(src, len);
        }
        self.drain();
        if self.broken != 0 {
            return Err(self.broken);
        }
        let site = self.site;
        self.write_all(
            src,
            len,
            |stream, p, chunk| copy!(write site, stream_write(stream, p, chunk)),
        )
    }

    /// Writes all `len` bytes straight from `src`, waiting for each copy; `write` is the
    /// site's `stream.write` (the generic dispatch, or a direct call inside a door). A
    /// partial count is exact when the reader goes away.
    #[inline(always)]
    fn write_all(
        &mut self,
        src: *const u8,
        len: usize,
        write: impl Fn(u32, *const u8, u32) -> u32,
    ) -> Result<usize, Errno> {
        let mut done = 0usize;
        while done < len {
            let chunk = (len - done).min(MAX_STREAM_OP) as u32;
            // SAFETY: `src + done` is within the caller's `len`-byte buffer.
            let p = unsafe { src.add(done) };
            let mut code = write(self.stream, p, chunk);
            if code == BLOCKED {
                code = wait_for(self.stream);
            }
            let (n, status) = unpack(code);
            done += n;
            self.pos += n as u64;
            if status == COPY_DROPPED {
                let err = self.fail();
                return if done > 0 { Ok(done) } else { Err(err) };
            }
        }
        Ok(done)
    }

    fn write_behind(&mut self, src: *const u8, len: usize) -> Result<usize, Errno> {
        self.settle(false);
        if self.broken != 0 {
            return Err(self.broken);
        }
        if self.wb == 0 {
            self.wb = crate::base::take_block(WRITE_BEHIND as usize) as usize;
        }
        if self.inflight == 0 && self.wb_start > 0 {
            // SAFETY: moves the buffered bytes to the front of our own buffer.
            unsafe {
                core::ptr::copy(
                    (self.wb + self.wb_start as usize) as *const u8,
                    self.wb as *mut u8,
                    self.wb_len as usize,
                )
            };
            self.wb_start = 0;
        }
        let end = self.wb_start + self.wb_len;
        let n = len.min((WRITE_BEHIND - end) as usize);
        if n == 0 {
            self.pump();
            return Err(errno::EAGAIN);
        }
        // SAFETY: `n` bytes fit after the buffered data; `src` holds `len >= n` bytes.
        unsafe { core::ptr::copy_nonoverlapping(src, (self.wb + end as usize) as *mut u8, n) };
        self.wb_len += n as u32;
        self.pos += n as u64;
        self.pump();
        Ok(n)
    }

    /// Whether bytes are buffered or in flight (a `close` would have to wait for them).
    pub fn has_unsent(&self) -> bool {
        self.stream != 0 && (self.wb_len > 0 || self.inflight > 0)
    }

    /// Background close, first step: moves buffered bytes on without waiting. True once
    /// the host has taken every byte (or the reader went away); else a copy is in flight
    /// on `stream` and its event goes to `complete`.
    pub fn flushed_nowait(&mut self) -> bool {
        if self.stream == 0 {
            return true;
        }
        self.pump();
        self.stream == 0 || (self.wb_len == 0 && self.inflight == 0)
    }

    /// Ends the stream without waiting for its future, which is returned (0: none).
    pub fn end_nowait(&mut self) -> u32 {
        if self.stream != 0 {
            dispatch!(write self.site, stream_drop_writable(self.stream));
            self.stream = 0;
        }
        core::mem::take(&mut self.future)
    }

    /// Discards whatever is unsent and ends the stream at once (`SO_LINGER` with a zero
    /// timeout).
    pub fn abort(&mut self) {
        if self.inflight > 0 && self.stream != 0 {
            let mut code = copy!(write self.site, stream_cancel_write(self.stream));
            if code == BLOCKED {
                code = wait_for(self.stream);
            }
            if code & 0xf == COPY_DROPPED {
                self.fail();
            }
        }
        self.inflight = 0;
        self.wb_len = 0;
        self.wb_start = 0;
        let future = self.end_nowait();
        if future != 0 {
            dispatch!(write_future self.site, future_drop_readable(future));
        }
    }

    /// Ends the stream and waits until the host has consumed everything, reporting the
    /// final status (this is what makes `close` and exit lose no data).
    pub fn close(&mut self) -> Result<(), Errno> {
        self.drain();
        if self.stream == 0 {
            // Already gone; a broken pipe was reported to the write that saw it.
            return Ok(());
        }
        dispatch!(write self.site, stream_drop_writable(self.stream));
        self.stream = 0;
        let future = core::mem::take(&mut self.future);
        if matches!(self.site, Site::FsWrite | Site::FsAppend) {
            // A file stream's copies complete only once the host has written them (the
            // reads that follow a write rely on the same), and a failed write ended the
            // stream and was reported then: the future has nothing left to say, and waiting
            // for it cost a fiber switch per reposition or close (docs/DECISIONS.md).
            dispatch!(write_future self.site, future_drop_readable(future));
            return Ok(());
        }
        finish_future::<WRITE_SIDE>(self.site, future)
    }
}

/// Starts reading the future of a write site's stream into `buf` (at least 20 bytes, align
/// 4): the copy result, or `BLOCKED` (an event on `future` follows).
pub fn future_start(site: Site, future: u32, buf: *mut u8) -> u32 {
    copy!(write_future site, future_read(future, buf))
}

/// Drops the readable end of a write site's future.
pub fn future_drop(site: Site, future: u32) {
    dispatch!(write_future site, future_drop_readable(future));
}

// The copy-free paths of stream sockets, kept apart from the bridge every stream shares.
mod direct;
