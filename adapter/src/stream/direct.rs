//! The paths of stream sockets (TCP): receives and sends that go between the caller's
//! buffer and the host with as few host operations as a POSIX answer allows.
//!
//! Wasmtime 50's TCP streams copy synchronously when the socket can: a `stream.read`
//! answers at once with what the kernel holds (up to the full length asked for), a
//! `stream.write` with what the kernel took. Their zero-length reads only report the
//! runtime's cached readiness, which stays "ready" after a read emptied the socket, so
//! readiness here is always learnt from a real read of at least one byte, into the
//! read-ahead buffer. That buffer grows to `BULK` for a program that receives more than
//! it holds: one read per receive, and a copy, costs less than a second read
//! (docs/DECISIONS.md).

use super::*;

/// A copy or cancel built-in of a socket's stream, called straight rather than through
/// `netgate` (about 200 instructions a call): these paths are reached only from `tcp.rs`,
/// inside the door, so a program without sockets still carries none of them.
macro_rules! net {
    ($module:ident $site:ident, $f:ident ( $($arg:expr),* )) => {{
        // SAFETY: the handle is this site's stream and any buffer is valid for the length.
        let code = unsafe { wasi::$module::$f($($arg),*) };
        crate::trace::stream_op(Site::$site as u8, crate::lit!(stringify!($f)), &[$($arg as u64),*], code);
        code
    }};
}

impl Reader {
    /// `poll` readiness of a stream socket: true when data, the end of the stream or an
    /// error is known; false while a read into the read-ahead buffer is in flight.
    pub fn ready_to_receive(&mut self) -> bool {
        if self.inflight {
            // Collect a completion that arrived since (a `poll` that returned early for
            // another descriptor never waited for it).
            match super::poll_for(self.stream) {
                Some(payload) => self.complete_readahead(payload),
                None => return false,
            }
        }
        if self.buffered() > 0 || self.eof || self.error != 0 || self.stream == 0 {
            return true;
        }
        // A probe's settling may have started a read that is still in flight.
        !self.inflight && self.start_fill()
    }

    /// Starts a read into the read-ahead buffer, which is empty; false when it is in flight
    /// (its completion goes to `complete_readahead`).
    fn start_fill(&mut self) -> bool {
        self.ensure_buffer();
        self.start = 0;
        self.end = 0;
        let code = net!(tcp_recv TcpRecv, stream_read(self.stream, self.buf as *mut u8, self.cap));
        if code == BLOCKED {
            self.inflight = true;
            return false;
        }
        self.end += self.apply(code) as u32;
        true
    }

    /// Replaces the empty read-ahead buffer with a `BULK` one.
    fn grow(&mut self) {
        crate::base::give_block(self.buf as *mut u8, self.cap as usize);
        self.buf = crate::base::take_block(BULK as usize) as usize;
        self.cap = BULK;
    }

    /// One receive into `dst` (`len > 0`): buffered bytes first and, when a full buffer ran
    /// out before `len`, the rest straight into `dst` without waiting (and the buffer grows
    /// for the next ones). `Ok(0)` is the end of the stream. With nothing buffered, a
    /// blocking receive larger than the buffer reads straight into `dst` and waits for at
    /// least one byte; other receives read into our own buffer, so that small receives
    /// after them are served from it, and a non-blocking one that cannot complete at once
    /// leaves that read in flight (no cancellation, which waits for the host) and reports
    /// `EAGAIN`.
    pub fn receive(&mut self, dst: *mut u8, len: usize, nonblock: bool) -> Result<usize, Errno> {
        loop {
            if self.inflight {
                // A read started by `poll` (or an earlier `EAGAIN`) is consumed first.
                let payload = if nonblock {
                    match super::poll_for(self.stream) {
                        Some(payload) => payload,
                        None => return Err(errno::EAGAIN),
                    }
                } else {
                    super::wait_for(self.stream)
                };
                self.complete_readahead(payload);
                continue;
            }
            let had = self.buffered();
            if had > 0 {
                let n = self.copy_buffered(dst, len);
                self.start += n as u32;
                if self.start == self.end {
                    self.start = 0;
                    self.end = 0;
                }
                self.pos += n as u64;
                if n == had && had == self.cap as usize && n < len && self.stream != 0 {
                    // A full buffer ran out: the socket likely holds more, read it in now.
                    if self.cap < BULK {
                        self.grow();
                    }
                    // SAFETY: `n < len`, inside the caller's buffer.
                    return Ok(n + self.read_now(unsafe { dst.add(n) }, len - n));
                }
                return Ok(n);
            }
            if self.error != 0 {
                return Err(core::mem::take(&mut self.error));
            }
            if self.stream == 0 {
                return Ok(0);
            }
            if nonblock || len < self.cap.max(READAHEAD) as usize {
                let done = self.start_fill();
                if nonblock && (!done || (self.buffered() == 0 && !self.eof)) {
                    return Err(errno::EAGAIN);
                }
                // A blocking receive waits for a read left in flight above.
                continue;
            }
            let chunk = len.min(MAX_STREAM_OP) as u32;
            let mut code = net!(tcp_recv TcpRecv, stream_read(self.stream, dst, chunk));
            if code == BLOCKED {
                code = super::wait_for(self.stream);
            }
            let n = self.apply(code);
            self.pos += n as u64;
            if n > 0 {
                return Ok(n);
            }
            // Nothing (the stream ended, which the next round reports): go round again.
        }
    }

    /// Reads what the host has now into `dst`; a read that would wait is cancelled. The end
    /// of the stream or an error found here is reported by the next receive.
    fn read_now(&mut self, dst: *mut u8, len: usize) -> usize {
        let chunk = len.min(MAX_STREAM_OP) as u32;
        let mut code = net!(tcp_recv TcpRecv, stream_read(self.stream, dst, chunk));
        if code == BLOCKED {
            code = net!(tcp_recv TcpRecv, stream_cancel_read(self.stream));
        }
        let n = self.apply(code);
        self.pos += n as u64;
        n
    }
}

impl Writer {
    /// Non-blocking send on a stream socket: straight from the caller's buffer when nothing
    /// is buffered or in flight (what the host cannot take at once is cancelled, so the
    /// count is exact and the buffer is not lent past the call); else, or when the host
    /// took nothing, through the write-behind buffer, whose copy may stay in flight.
    pub fn send_nowait(&mut self, src: *const u8, len: usize) -> Result<usize, Errno> {
        self.settle(false);
        if self.broken != 0 {
            return Err(self.broken);
        }
        if self.wb_len == 0 && self.inflight == 0 && self.stream != 0 {
            let chunk = len.min(MAX_STREAM_OP) as u32;
            let mut code = net!(tcp_send TcpSend, stream_write(self.stream, src, chunk));
            if code == BLOCKED {
                code = net!(tcp_send TcpSend, stream_cancel_write(self.stream));
            }
            let (n, status) = unpack(code);
            self.pos += n as u64;
            if status == COPY_DROPPED {
                let err = self.fail();
                return if n > 0 { Ok(n) } else { Err(err) };
            }
            if n > 0 {
                return Ok(n);
            }
        }
        self.write_behind(src, len)
    }

    /// Blocking send on a stream socket: what is buffered goes first, then the caller's
    /// bytes straight from its buffer, waiting until the host has taken them all.
    pub fn send_wait(&mut self, src: *const u8, len: usize) -> Result<usize, Errno> {
        if self.wb_len > 0 || self.inflight > 0 {
            self.drain();
        }
        if self.broken != 0 {
            return Err(self.broken);
        }
        self.write_all(
            src,
            len,
            |stream, p, chunk| net!(tcp_send TcpSend, stream_write(stream, p, chunk)),
        )
    }
}
