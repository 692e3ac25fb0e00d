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
//! - `stdout-fail-after=N`: stdout's host side fails with an I/O error once N bytes went
//!   through (the guest should see EIO). `stdout-closed-after=N`: the reader drops its
//!   end after N bytes (broken pipe; the guest should see EPIPE). Bytes up to N reach the
//!   real stdout, so a test can check that every byte reported as written arrived.
//! - `stdin-fail-after=N`: stdin delivers N bytes, then fails with an I/O error (EIO).
//!   `stdin-eof-after=N`: the writer drops its end after N bytes (EOF), input left unread.
//! - `dns-fail=temporary|permanent|unresolvable`: every name lookup fails with
//!   `temporary-resolver-failure`, `permanent-resolver-failure` or `name-unresolvable`
//!   (the runner shadows `wasi:sockets/ip-name-lookup#resolve-addresses`).
//! - `fs-error=CALL:CODE`: `wasi:filesystem` calls CALL (`sync`, `sync-data` or `set-size`)
//!   fail with error code CODE (`io`, `insufficient-space`, `quota`, `read-only`,
//!   `file-too-large`, `not-permitted`, `busy`, `interrupted`), the host errors that a
//!   local disk rarely gives.
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
    /// Stdout fails after `.0` bytes, as an I/O error or as a reader that went away.
    pub stdout_limit: Option<(usize, OutputEnd)>,
    /// Stdin ends after `.0` bytes, with an I/O error or with EOF.
    pub stdin_limit: Option<(usize, InputEnd)>,
    /// Name lookups fail with this `ip-name-lookup` error.
    pub dns_fail: Option<DnsFailure>,
    /// Filesystem call and the error code it fails with.
    pub fs_error: Option<(FsCall, String)>,
}

/// How a faulty stdout stops taking bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputEnd {
    /// An I/O error (`wasi:cli` error-code `io`).
    Error,
    /// The reader closed its end (`pipe`).
    Closed,
}

/// How a faulty stdin stops giving bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputEnd {
    Error,
    Eof,
}

/// The `ip-name-lookup` error-code cases a failing resolver gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DnsFailure {
    Temporary,
    Permanent,
    Unresolvable,
}

/// The filesystem calls `fs-error` can make fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsCall {
    Sync,
    SyncData,
    SetSize,
}

impl FsCall {
    /// The method's name in `wasi:filesystem/types@0.3.0`.
    pub fn method(self) -> &'static str {
        match self {
            FsCall::Sync => "[method]descriptor.sync",
            FsCall::SyncData => "[method]descriptor.sync-data",
            FsCall::SetSize => "[method]descriptor.set-size",
        }
    }
}

/// `wasi:filesystem` error codes `fs-error` can inject.
pub type FsErrorCode = wasmtime_wasi::p3::bindings::filesystem::types::ErrorCode;

fn fs_error_code(name: &str) -> Option<FsErrorCode> {
    Some(match name {
        "io" => FsErrorCode::Io,
        "insufficient-space" => FsErrorCode::InsufficientSpace,
        "quota" => FsErrorCode::Quota,
        "read-only" => FsErrorCode::ReadOnly,
        "file-too-large" => FsErrorCode::FileTooLarge,
        "not-permitted" => FsErrorCode::NotPermitted,
        "busy" => FsErrorCode::Busy,
        "interrupted" => FsErrorCode::Interrupted,
        _ => return None,
    })
}

impl Faults {
    /// Adds one `--fault` spec; the error names the bad spec.
    pub fn parse(&mut self, spec: &str) -> Result<(), String> {
        let bad = || format!("bad --fault `{spec}` (see p3run --help for the fault modes)");
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
            Some((k @ ("stdout-fail-after" | "stdout-closed-after"), v)) => {
                let n = v.parse().map_err(|_| bad())?;
                let end = if k == "stdout-fail-after" {
                    OutputEnd::Error
                } else {
                    OutputEnd::Closed
                };
                self.stdout_limit = Some((n, end));
            }
            Some((k @ ("stdin-fail-after" | "stdin-eof-after"), v)) => {
                let n = v.parse().map_err(|_| bad())?;
                let end = if k == "stdin-fail-after" {
                    InputEnd::Error
                } else {
                    InputEnd::Eof
                };
                self.stdin_limit = Some((n, end));
            }
            Some(("dns-fail", v)) => {
                self.dns_fail = Some(match v {
                    "temporary" => DnsFailure::Temporary,
                    "permanent" => DnsFailure::Permanent,
                    "unresolvable" => DnsFailure::Unresolvable,
                    _ => return Err(bad()),
                })
            }
            Some(("fs-error", v)) => {
                let (call, code) = v.split_once(':').ok_or_else(bad)?;
                let call = match call {
                    "sync" => FsCall::Sync,
                    "sync-data" => FsCall::SyncData,
                    "set-size" => FsCall::SetSize,
                    _ => return Err(bad()),
                };
                fs_error_code(code).ok_or_else(bad)?;
                self.fs_error = Some((call, code.to_owned()));
            }
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
    /// Bytes still to deliver before the injected end, and how it ends.
    limit: Option<(usize, InputEnd)>,
}

impl ChunkedStdin {
    /// Stdin in chunks of at most `size` bytes, `delay` apart, ending as `limit` says.
    pub fn new(size: usize, delay: Duration, limit: Option<(usize, InputEnd)>) -> Self {
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
            limit,
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
        match s.limit {
            Some((0, InputEnd::Eof)) => return Poll::Ready(Ok(())),
            Some((0, InputEnd::Error)) => {
                return Poll::Ready(Err(std::io::Error::other("injected stdin failure")));
            }
            _ => {}
        }
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
        let mut n = out.remaining().min(s.pending.len() - s.at);
        if let Some((left, _)) = &mut s.limit {
            n = n.min(*left);
            *left -= n;
        }
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
    /// Bytes still accepted before the injected failure (shared by every handle).
    limit: Option<(Arc<Mutex<usize>>, OutputEnd)>,
}

impl SlowOutput {
    pub fn new(stderr: bool, max: usize, delay: Duration) -> Self {
        SlowOutput {
            stderr,
            max,
            delay,
            limit: None,
        }
    }

    /// Fails (as `end` says) once `bytes` more have been written.
    pub fn failing_after(mut self, bytes: usize, end: OutputEnd) -> Self {
        self.limit = Some((Arc::new(Mutex::new(bytes)), end));
        self
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
            limit: self.limit.clone(),
        })
    }
}

struct SlowWriter {
    inner: Pin<Box<dyn AsyncWrite + Send + Sync>>,
    max: usize,
    delay: Duration,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    limit: Option<(Arc<Mutex<usize>>, OutputEnd)>,
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
        let mut max = self.max.min(buf.len());
        let left = self
            .limit
            .as_ref()
            .map(|(l, end)| (*l.lock().unwrap(), *end));
        match left {
            Some((0, OutputEnd::Error)) => {
                return Poll::Ready(Err(std::io::Error::other("injected stdout failure")));
            }
            Some((0, OutputEnd::Closed)) => {
                return Poll::Ready(Err(std::io::ErrorKind::BrokenPipe.into()));
            }
            Some((n, _)) => max = max.min(n),
            None => {}
        }
        let r = self.inner.as_mut().poll_write(cx, &buf[..max]);
        if let Poll::Ready(Ok(n)) = r
            && let Some((l, _)) = &self.limit
        {
            *l.lock().unwrap() -= n;
        }
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

/// Replaces the host calls that `dns-fail` and `fs-error` make fail (after
/// `wasmtime_wasi::p3::add_to_linker` defined them).
pub fn shadow_host_calls<T: 'static>(
    linker: &mut wasmtime::component::Linker<T>,
    faults: &Faults,
) -> wasmtime::Result<()> {
    use wasmtime::component::Resource;
    use wasmtime_wasi::p3::bindings::sockets::{ip_name_lookup::ErrorCode, types::IpAddress};
    type Descriptor = Resource<wasmtime_wasi::filesystem::Descriptor>;
    type FsResult = wasmtime::Result<(Result<(), FsErrorCode>,)>;
    linker.allow_shadowing(true);
    if let Some(kind) = faults.dns_fail {
        let code = match kind {
            DnsFailure::Temporary => ErrorCode::TemporaryResolverFailure,
            DnsFailure::Permanent => ErrorCode::PermanentResolverFailure,
            DnsFailure::Unresolvable => ErrorCode::NameUnresolvable,
        };
        linker
            .instance("wasi:sockets/ip-name-lookup@0.3.0")?
            .func_wrap_concurrent("resolve-addresses", move |_, (_name,): (String,)| {
                let code = code.clone();
                Box::pin(async move { Ok((Err::<Vec<IpAddress>, ErrorCode>(code),)) })
            })?;
    }
    if let Some((call, name)) = &faults.fs_error {
        let (call, code) = (*call, fs_error_code(name).expect("checked when parsed"));
        let mut types = linker.instance("wasi:filesystem/types@0.3.0")?;
        match call {
            FsCall::SetSize => types.func_wrap_concurrent(
                call.method(),
                move |_, (_fd, _size): (Descriptor, u64)| {
                    let code = code.clone();
                    Box::pin(async move { FsResult::Ok((Err(code),)) })
                },
            )?,
            FsCall::Sync | FsCall::SyncData => {
                types.func_wrap_concurrent(call.method(), move |_, (_fd,): (Descriptor,)| {
                    let code = code.clone();
                    Box::pin(async move { FsResult::Ok((Err(code),)) })
                })?
            }
        }
    }
    linker.allow_shadowing(false);
    Ok(())
}
