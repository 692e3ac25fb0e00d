//! Fault injection for tests: host behaviours that drive p3shim's buffered paths on
//! purpose, which a well-behaved terminal or file never would.
//!
//! - `stdin-chunks=SIZE:DELAY_MS`: the guest's stdin arrives in chunks of at most SIZE
//!   bytes, each after a DELAY_MS pause, so reads come up short and readiness flips.
//! - `slow-stdout=BYTES:DELAY_MS`: stdout and stderr take at most BYTES per write, each
//!   after a DELAY_MS pause (a slow reader), so guest writes stay pending and non-blocking
//!   writes meet backpressure.
//! - `false-readiness`: zero-length stream reads and writes complete at once whether or not
//!   data is there. This is what Wasmtime 50's own stdio does (its stdin producer answers
//!   every zero-length read "completed"), so it is the default; the mode names it for tests.
//!
//! An honest-readiness mode (zero-length reads waiting for data) would need a replacement
//! of wasmtime-wasi's p3 stdin producer, which its public API does not offer in 50.0.1.

use std::io::Read;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::mpsc;
use wasmtime_wasi::cli::{IsTerminal, StdinStream, StdoutStream};

/// The fault modes of one run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    /// Stdin delivered in chunks of at most `.0` bytes, `.1` apart.
    pub stdin_chunks: Option<(usize, Duration)>,
    /// Stdout/stderr take at most `.0` bytes per write, each after `.1`.
    pub slow_stdout: Option<(usize, Duration)>,
}

impl Faults {
    /// Adds one `--fault` spec; the error names the bad spec.
    pub fn parse(&mut self, spec: &str) -> Result<(), String> {
        let bad = || {
            format!(
                "bad --fault `{spec}` (expected stdin-chunks=SIZE:DELAY_MS, slow-stdout=BYTES:DELAY_MS or false-readiness)"
            )
        };
        let sized = |v: &str| -> Result<(usize, Duration), String> {
            let (n, ms) = v.split_once(':').ok_or_else(bad)?;
            let n: usize = n.parse().map_err(|_| bad())?;
            let ms: u64 = ms.parse().map_err(|_| bad())?;
            if n == 0 {
                return Err(bad());
            }
            Ok((n, Duration::from_millis(ms)))
        };
        match spec.split_once('=') {
            Some(("stdin-chunks", v)) => self.stdin_chunks = Some(sized(v)?),
            Some(("slow-stdout", v)) => self.slow_stdout = Some(sized(v)?),
            None if spec == "false-readiness" => {}
            _ => return Err(bad()),
        }
        Ok(())
    }
}

/// Stdin fed from the process's stdin by a thread, in delayed chunks.
pub struct ChunkedStdin {
    inner: Arc<Mutex<ChunkState>>,
}

struct ChunkState {
    rx: mpsc::UnboundedReceiver<Vec<u8>>,
    pending: Vec<u8>,
    at: usize,
}

impl ChunkedStdin {
    pub fn new(size: usize, delay: Duration) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            let mut stdin = std::io::stdin().lock();
            let mut buf = vec![0u8; size];
            loop {
                match stdin.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        std::thread::sleep(delay);
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let state = ChunkState {
            rx,
            pending: Vec::new(),
            at: 0,
        };
        ChunkedStdin {
            inner: Arc::new(Mutex::new(state)),
        }
    }
}

impl IsTerminal for ChunkedStdin {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdinStream for ChunkedStdin {
    fn async_stream(&self) -> Box<dyn AsyncRead + Send + Sync> {
        Box::new(ChunkReader(self.inner.clone()))
    }
}

/// One handle on the shared chunked stdin (all handles read the same input).
struct ChunkReader(Arc<Mutex<ChunkState>>);

impl AsyncRead for ChunkReader {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let mut s = self.0.lock().unwrap();
        if s.at == s.pending.len() {
            match s.rx.poll_recv(cx) {
                Poll::Ready(Some(chunk)) => {
                    s.pending = chunk;
                    s.at = 0;
                }
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = out.remaining().min(s.pending.len() - s.at);
        let at = s.at;
        out.put_slice(&s.pending[at..at + n]);
        s.at += n;
        Poll::Ready(Ok(()))
    }
}

/// Stdout or stderr behind a slow reader.
pub struct SlowOutput {
    stderr: bool,
    max: usize,
    delay: Duration,
}

impl SlowOutput {
    pub fn new(stderr: bool, max: usize, delay: Duration) -> Self {
        SlowOutput { stderr, max, delay }
    }
}

impl IsTerminal for SlowOutput {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for SlowOutput {
    fn async_stream(&self) -> Box<dyn AsyncWrite + Send + Sync> {
        let inner: Pin<Box<dyn AsyncWrite + Send + Sync>> = if self.stderr {
            Box::pin(tokio::io::stderr())
        } else {
            Box::pin(tokio::io::stdout())
        };
        Box::new(SlowWriter {
            inner,
            max: self.max,
            delay: self.delay,
            sleep: None,
        })
    }
}

struct SlowWriter {
    inner: Pin<Box<dyn AsyncWrite + Send + Sync>>,
    max: usize,
    delay: Duration,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl AsyncWrite for SlowWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        if buf.is_empty() {
            return self.inner.as_mut().poll_write(cx, buf);
        }
        if !self.delay.is_zero() {
            let delay = self.delay;
            let sleep = self
                .sleep
                .get_or_insert_with(|| Box::pin(tokio::time::sleep(delay)));
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
        let max = self.max.min(buf.len());
        let r = self.inner.as_mut().poll_write(cx, &buf[..max]);
        if r.is_ready() {
            self.sleep = None;
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.inner.as_mut().poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.inner.as_mut().poll_shutdown(cx)
    }
}

use std::future::Future as _;
