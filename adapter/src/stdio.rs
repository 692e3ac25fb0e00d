//! Standard input, output and error over `wasi:cli/std{in,out,err}@0.3.0`.
//!
//! Each is one stream for the life of the program, opened on first use. Output streams
//! are closed (and so flushed through the host) at exit; stdin keeps a read-ahead buffer
//! because the host answers zero-length reads without real readiness.

use crate::abi::*;
use crate::errno::{self, Errno};
use crate::state::state;
use crate::stream::{Site, Writer, new_stream};
use crate::wasi::{cli, terminal};

/// A std stream descriptor's state: which of the three it is (their streams live in the
/// engine state, since they outlive any descriptor).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stdio {
    In,
    Out,
    Err,
}

/// Whether std stream `n` (0, 1, 2) is a terminal, asked once.
pub fn is_tty(n: usize) -> bool {
    let st = state();
    if st.tty[n] == 0 {
        let mut ret = [0u32; 2];
        // SAFETY: `ret` receives `option<terminal-*>`; a present handle is dropped at once.
        unsafe {
            match n {
                0 => terminal::get_terminal_stdin(ret.as_mut_ptr().cast()),
                1 => terminal::get_terminal_stdout(ret.as_mut_ptr().cast()),
                _ => terminal::get_terminal_stderr(ret.as_mut_ptr().cast()),
            }
            if ret[0] & 0xff != 0 {
                if n == 0 {
                    terminal::drop_terminal_input(ret[1])
                } else {
                    terminal::drop_terminal_output(ret[1])
                }
            }
        }
        st.tty[n] = if ret[0] & 0xff != 0 { 2 } else { 1 };
    }
    st.tty[n] == 2
}

/// The preview1 file type of a std stream: a character device when it is a terminal.
pub fn filetype(kind: Stdio) -> u8 {
    let n = match kind {
        Stdio::In => 0,
        Stdio::Out => 1,
        Stdio::Err => 2,
    };
    if is_tty(n) {
        FILETYPE_CHARACTER_DEVICE
    } else {
        FILETYPE_UNKNOWN
    }
}

/// Reads stdin into `iovs`: blocks (unless `nonblock`) for the first byte, then takes
/// only what is already available.
pub fn read(iovs: &[Iovec], nonblock: bool) -> Result<usize, Errno> {
    let r = &mut state().stdin;
    if !r.is_open() && !r.eof {
        let mut pair = [0u32; 2];
        // SAFETY: `pair` receives the (stream, future) tuple.
        unsafe { cli::stdin_read_via_stream(pair.as_mut_ptr().cast()) };
        r.attach(Site::Stdin, pair[0], pair[1], 0);
    }
    // Only the first transfer may block: POSIX reads return what is available.
    each_iovec(iovs, |buf, len, first| {
        r.read_once(buf, len, nonblock || !first)
    })
}

fn writer(kind: Stdio) -> &'static mut Writer {
    let st = state();
    let (w, site) = match kind {
        Stdio::Out => (&mut st.stdout, Site::Stdout),
        _ => (&mut st.stderr, Site::Stderr),
    };
    if !w.is_open() && w.broken == 0 {
        let (r, wr) = new_stream(site);
        // SAFETY: `r` is the readable end we just created; the host takes ownership.
        let fut = unsafe {
            if site == Site::Stdout {
                cli::stdout_write_via_stream(r)
            } else {
                cli::stderr_write_via_stream(r)
            }
        };
        w.attach(site, wr, fut, 0);
    }
    w
}

/// Writes every iovec to stdout or stderr; a partial count is exact.
pub fn write(kind: Stdio, iovs: &[Iovec], nonblock: bool) -> Result<usize, Errno> {
    let w = writer(kind);
    let r = each_iovec(iovs, |buf, len, _| w.write(buf, len, nonblock));
    if kind == Stdio::Err && crate::trace::on() {
        // (Not `as_ref().unwrap_or(&0)`: a promoted constant would put data in the adapter.)
        crate::trace::program_wrote_stderr(iovs, r.unwrap_or_default());
    }
    r
}

/// Closes stdout and stderr, waiting until the host has taken every byte.
pub fn flush() -> Result<(), Errno> {
    let st = state();
    let a = st.stdout.close();
    let b = st.stderr.close();
    a.and(b)
}

/// Closes one std stream for good (`close(1)`); later writes fail with EBADF.
pub fn close(kind: Stdio) -> Result<(), Errno> {
    let st = state();
    match kind {
        Stdio::In => {
            st.stdin.discard();
            st.stdin.eof = true;
            Ok(())
        }
        Stdio::Out => close_output(&mut st.stdout),
        Stdio::Err => close_output(&mut st.stderr),
    }
}

/// The stream of an output std stream, for `poll`.
pub fn output(kind: Stdio) -> &'static mut Writer {
    let st = state();
    if kind == Stdio::Out {
        &mut st.stdout
    } else {
        &mut st.stderr
    }
}

/// `close(1)`/`close(2)`: unsent bytes go on in the background (`linger.rs`), so the
/// call returns at once, as on Linux.
fn close_output(w: &mut Writer) -> Result<(), Errno> {
    let r = if w.has_unsent() {
        crate::stream::linger::adopt(w, 0);
        Ok(())
    } else {
        w.close()
    };
    w.broken = errno::EBADF;
    r
}

/// At exit: stdout and stderr with unsent bytes join the background writers, which
/// `io::flush_all` then waits for, within its bound.
pub fn linger_unsent() {
    let st = state();
    for w in [&mut st.stdout, &mut st.stderr] {
        if w.has_unsent() {
            crate::stream::linger::adopt(w, 0);
        }
    }
}
