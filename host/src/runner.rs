//! `p3run`: runs a `wasi:cli/command@0.3.0` component on an embedded Wasmtime that links only
//! the WASIp3 interfaces (`wasmtime_wasi::p3`), so a program that runs here provably needs
//! nothing from WASI 0.1 or 0.2.
//!
//! The command line is parsed into [`RunOptions`]; [`run`] (or [`run_async`] inside an existing
//! Tokio runtime) executes the component and yields the process exit status. Exit statuses
//! follow `wasmtime run` where one exists, so test expectations hold under both hosts:
//!
//! | status | meaning |
//! |---|---|
//! | 0 | `run` returned `ok` |
//! | 1 | `run` returned `err` |
//! | n | the guest called `wasi:cli/exit.exit-with-code(n)` (`exit(ok)` is 0, `exit(err)` is 1) |
//! | 2 ([`EXIT_USAGE`]) | usage error, or the component could not be read, compiled or linked |
//! | 134 ([`EXIT_TRAP`]) | the guest trapped (128 + SIGABRT, as `wasmtime run` on Unix) |

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;
use std::{fmt, fs};

use clap::Parser as _;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{CodeBuilder, Config, Engine, Store};
use wasmtime_cli_flags::CommonOptions;
use wasmtime_wasi::p3::bindings::Command;
use wasmtime_wasi::{FsPerms, I32Exit, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

/// Exit status for command-line mistakes and for components that cannot be started.
pub const EXIT_USAGE: i32 = 2;
/// Exit status when the guest traps; `wasmtime run` uses the same value (128 + SIGABRT) on
/// Unix, so an `abort()` in C reads the same under both hosts.
pub const EXIT_TRAP: i32 = 134;

/// The export every command component must have.
const RUN_EXPORT: &str = "wasi:cli/run@0.3.0";

/// How long to wait at exit for host I/O tasks still running on Tokio's blocking pool; a
/// stuck one (say, a read from a FIFO the guest gave up on) must not hang the process.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// A host directory made visible to the guest, with read/write permissions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preopen {
    /// Directory on the host.
    pub host: PathBuf,
    /// Name the guest sees in `wasi:filesystem/preopens`.
    pub guest: String,
}

/// Everything needed to run one component. Build it with [`RunOptions::new`] or
/// [`parse_args`]; all fields are public so test harnesses can fill them directly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunOptions {
    /// The component file (binary, or text when it does not start with `\0asm`).
    pub component: PathBuf,
    /// Guest `argv[1..]`; `argv[0]` is the component's file name, as in `wasmtime run`.
    pub args: Vec<String>,
    /// Preopened directories, all read/write.
    pub dirs: Vec<Preopen>,
    /// Guest environment, in order; nothing is inherited implicitly.
    pub env: Vec<(String, String)>,
    /// Wasmtime's engine options, exactly as `wasmtime run` takes them: `-W`, `-O`, `-C`
    /// and `-D` with their values (`["-W", "max-wasm-stack=8388608"]`), parsed by
    /// `wasmtime-cli-flags`, the crate `wasmtime run` itself parses them with.
    pub wasmtime_flags: Vec<String>,
    /// Use Wasmtime's compilation cache (the same one `wasmtime run` uses), so repeated runs
    /// of a test program skip compilation.
    pub cache: bool,
    /// Fault injection for tests (see [`crate::faults`]).
    pub faults: crate::faults::Faults,
    /// Network access: off unless asked for, as in `wasmtime run`.
    pub network: Network,
    /// The most host resources (descriptors, streams, futures, sockets, ...) the guest may
    /// hold at once: the capacity of the host's `ResourceTable` (default 1,000,000).
    /// Wasmtime-wasi 50 traps when a call needs one more, so this finds leaks: a guest
    /// that leaks any host resource per cycle fills the table and stops.
    pub max_resources: Option<usize>,
}

/// What the guest may do on the network (`-S` names as in `wasmtime run`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Network {
    /// `inherit-network`: TCP and UDP to and from any address the host can reach.
    pub inherit: bool,
    /// `allow-ip-name-lookup`: `wasi:sockets/ip-name-lookup` resolves names.
    pub ip_name_lookup: bool,
}

impl Network {
    const NAMES: [&'static str; 2] = ["inherit-network", "allow-ip-name-lookup"];

    fn flag(&mut self, name: &str) -> Option<&mut bool> {
        match name {
            "inherit-network" => Some(&mut self.inherit),
            "allow-ip-name-lookup" => Some(&mut self.ip_name_lookup),
            _ => None,
        }
    }
}

impl RunOptions {
    /// Options that run `component` with no arguments, no preopens, no environment and the
    /// compilation cache on.
    pub fn new(component: impl Into<PathBuf>) -> Self {
        RunOptions {
            component: component.into(),
            args: Vec::new(),
            dirs: Vec::new(),
            env: Vec::new(),
            wasmtime_flags: Vec::new(),
            cache: true,
            faults: Default::default(),
            network: Network::default(),
            max_resources: None,
        }
    }

    /// The guest's `argv`: the file name of the component, then [`RunOptions::args`].
    pub fn argv(&self) -> Vec<String> {
        let argv0 = self
            .component
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.component.display().to_string());
        std::iter::once(argv0)
            .chain(self.args.iter().cloned())
            .collect()
    }
}

/// What the command line asks for. (Parsed once per process, so the size difference
/// between `Run` and the others does not matter.)
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invocation {
    /// `-h` / `--help`.
    Help,
    /// `-V` / `--version`.
    Version,
    /// Run a component.
    Run(RunOptions),
}

/// The `--help` text.
pub const USAGE: &str = "\
Usage: p3run [OPTIONS] <component.wasm> [ARGS...]

Runs a WASIp3 command component (one exporting wasi:cli/run@0.3.0) on an embedded
Wasmtime that provides only the wasi:*@0.3.0 interfaces: nothing from WASI 0.1/0.2.
Everything after the component path is passed to the guest as argv[1..]; argv[0]
is the component's file name. stdin, stdout and stderr are inherited. Network
access is off unless -S asks for it.

Options:
  --dir HOST::GUEST    Preopen host directory HOST as GUEST, read/write (repeatable)
  --dir PATH           Same as --dir PATH::PATH
  --env NAME=VALUE     Set a guest environment variable (repeatable)
  --env NAME           Copy NAME from p3run's own environment, if set
  -W KEY[=VAL[,..]]    Wasm options, spelled and parsed as by `wasmtime run -W`
                       (`-W help` lists them): proposals such as exceptions, gc,
                       threads, tail-call, component-model-async-stackful, and
                       settings such as max-wasm-stack=BYTES
  -O, -C, -D KEY[=VAL[,..]]
                       Optimization, codegen and debug options, as `wasmtime run`
                       (`-O help`, `-C help`, `-D help`); `-C cache=n` is --no-cache.
                       Options that act on the store rather than the engine (fuel,
                       timeout, max-memory-size, ...) are refused: use `wasmtime run`
  -S NAME[=y|n]        Network access, off by default (names as in `wasmtime run -S`;
                       comma-separated lists are accepted):
                         inherit-network       TCP and UDP to any address the host reaches
                         allow-ip-name-lookup  resolve host names
  --inherit-network    Same as -S inherit-network
  --allow-ip-name-lookup  Same as -S allow-ip-name-lookup
  --no-cache           Do not use Wasmtime's compilation cache
  --max-resources N    At most N host resources (descriptors, streams, futures,
                       sockets) live at once; one more traps the guest (that is how
                       wasmtime-wasi 50 reports a full resource table)
  --fault SPEC         Test-only host faults (repeatable):
                         stdin-chunks=SIZE:DELAY_MS  stdin in SIZE-byte chunks, DELAY_MS apart
                         slow-stdout=BYTES:DELAY_MS  stdout/stderr take BYTES per write,
                                                     each after DELAY_MS (a slow reader)
                         false-readiness             zero-length reads/writes complete at
                                                     once (Wasmtime's default, named)
                         stdout-fail-after=N         stdout fails (I/O error) after N bytes
                         stdout-closed-after=N       stdout's reader goes away after N bytes
                         stdin-fail-after=N          stdin fails (I/O error) after N bytes
                         stdin-eof-after=N           stdin ends (EOF) after N bytes
                         dns-fail=temporary|permanent|unresolvable
                                                     every name lookup fails so
                         fs-error=CALL:CODE          filesystem CALL (sync, sync-data,
                                                     set-size) fails with CODE (io,
                                                     insufficient-space, quota, read-only,
                                                     file-too-large, not-permitted, busy,
                                                     interrupted)
  -V, --version        Print the version
  -h, --help           Print this help
  --                   End of options (the next argument is the component)

Exit status:
  0       run returned ok, or the guest called exit(ok) / exit-with-code(0)
  1       run returned err, or the guest called exit(err)
  N       the guest called exit-with-code(N)
  2       usage error, or the component could not be read, compiled or linked
  134     the guest trapped (as `wasmtime run` on Unix); the error and the wasm
          backtrace are printed to stderr
";

/// A command-line mistake; `main_with_args` prints it with a hint and exits with
/// [`EXIT_USAGE`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn usage(msg: impl Into<String>) -> UsageError {
    UsageError(msg.into())
}

/// Parses the arguments that follow the program name. Options must come before the
/// component path; everything after it belongs to the guest, even if it looks like an option.
pub fn parse_args(args: &[String]) -> Result<Invocation, UsageError> {
    let mut dirs = Vec::new();
    let mut env = Vec::new();
    let mut wasmtime_flags = Vec::new();
    let mut cache = true;
    let mut faults = crate::faults::Faults::default();
    let mut network = Network::default();
    let mut max_resources = None;
    let mut it = args.iter();
    let component = loop {
        let Some(arg) = it.next() else {
            return Err(usage("missing the component to run"));
        };
        if arg == "--" {
            break it
                .next()
                .ok_or_else(|| usage("missing the component to run"))?;
        }
        if !arg.starts_with('-') || arg == "-" {
            break arg;
        }
        // Long options also take their value as `--name=value`; the engine options also
        // as `-Wvalue`, as clap (and so `wasmtime run`) accepts them.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if arg.starts_with("--") => (n, Some(v)),
            _ if arg.len() > 2 && ["-W", "-O", "-C", "-D"].contains(&&arg[..2]) => {
                (&arg[..2], Some(&arg[2..]))
            }
            _ => (arg.as_str(), None),
        };
        match name {
            "-h" | "--help" => return Ok(Invocation::Help),
            "-V" | "--version" => return Ok(Invocation::Version),
            "--dir" => dirs.push(parse_dir(&take_value(name, inline, &mut it)?)?),
            "--env" => {
                if let Some(var) = parse_env(&take_value(name, inline, &mut it)?)? {
                    env.push(var);
                }
            }
            "-W" | "--wasm" | "-O" | "--optimize" | "-C" | "--codegen" | "-D" | "--debug" => {
                let value = take_value(name, inline, &mut it)?;
                wasmtime_flags.push(name.to_owned());
                wasmtime_flags.push(value);
            }
            "--fault" => faults
                .parse(&take_value(name, inline, &mut it)?)
                .map_err(usage)?,
            "-S" => parse_network(&take_value(name, inline, &mut it)?, &mut network)?,
            "--inherit-network" if inline.is_none() => network.inherit = true,
            "--allow-ip-name-lookup" if inline.is_none() => network.ip_name_lookup = true,
            "--no-cache" if inline.is_none() => cache = false,
            "--max-resources" => {
                let v = take_value(name, inline, &mut it)?;
                let n: usize = v.parse().map_err(|_| {
                    usage(format!(
                        "`--max-resources {v}`: expected a number of resources"
                    ))
                })?;
                max_resources = Some(n);
            }
            "--no-cache" => return Err(usage("option `--no-cache` takes no value")),
            _ => {
                return Err(usage(format!(
                    "unknown option `{name}` (options go before the component)"
                )));
            }
        }
    };
    let opts = RunOptions {
        component: PathBuf::from(component),
        args: it.cloned().collect(),
        dirs,
        env,
        wasmtime_flags,
        cache,
        faults,
        network,
        max_resources,
    };
    // Mistakes in engine options are usage errors, found before anything is read.
    check_wasmtime_options(&opts)?;
    Ok(Invocation::Run(opts))
}

/// The value of an option, from `--name=value` or from the next argument.
fn take_value<'a>(
    name: &str,
    inline: Option<&str>,
    it: &mut impl Iterator<Item = &'a String>,
) -> Result<String, UsageError> {
    match inline {
        Some(v) => Ok(v.to_owned()),
        None => it
            .next()
            .cloned()
            .ok_or_else(|| usage(format!("option `{name}` needs a value"))),
    }
}

/// `HOST::GUEST`, or a plain `PATH` meaning `PATH::PATH` (as `wasmtime run --dir`).
fn parse_dir(spec: &str) -> Result<Preopen, UsageError> {
    let (host, guest) = spec.split_once("::").unwrap_or((spec, spec));
    if host.is_empty() || guest.is_empty() {
        return Err(usage(format!(
            "`--dir {spec}`: expected HOST::GUEST or PATH, with neither part empty"
        )));
    }
    Ok(Preopen {
        host: PathBuf::from(host),
        guest: guest.to_owned(),
    })
}

/// `NAME=VALUE`, or `NAME` to copy the variable from our own environment (skipped if unset).
fn parse_env(spec: &str) -> Result<Option<(String, String)>, UsageError> {
    let (name, value) = match spec.split_once('=') {
        Some((n, v)) => (n, Some(v.to_owned())),
        None => (spec, None),
    };
    if name.is_empty() {
        return Err(usage(format!("`--env {spec}`: the variable name is empty")));
    }
    let value = match value {
        Some(v) => Some(v),
        None => std::env::var(name).ok(),
    };
    Ok(value.map(|v| (name.to_owned(), v)))
}

/// `-S a,b=n,c=y`: network access.
fn parse_network(spec: &str, network: &mut Network) -> Result<(), UsageError> {
    parse_flag_list("-S", spec, &Network::NAMES, |name, on| {
        network.flag(name).map(|f| *f = on).is_some()
    })
}

/// A comma-separated list of `NAME[=y|n]` switches for option `opt`; `set` turns one on or
/// off and says whether the name exists.
fn parse_flag_list(
    opt: &str,
    spec: &str,
    known: &[&str],
    mut set: impl FnMut(&str, bool) -> bool,
) -> Result<(), UsageError> {
    for item in spec.split(',') {
        let (name, on) = match item.split_once('=') {
            None => (item, true),
            Some((n, "y" | "yes" | "true")) => (n, true),
            Some((n, "n" | "no" | "false")) => (n, false),
            Some((_, v)) => {
                return Err(usage(format!("`{opt} {item}`: value `{v}` is not y or n")));
            }
        };
        if !set(name, on) {
            return Err(usage(format!(
                "`{opt} {name}`: unknown name; known: {}",
                known.join(", ")
            )));
        }
    }
    Ok(())
}

/// Whether a failure happened before the guest ran or while it ran; decides the exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunErrorKind {
    /// The component could not be read, compiled, linked or instantiated, or a preopen
    /// could not be opened: exit status [`EXIT_USAGE`].
    Setup,
    /// The guest trapped (or the host failed while serving it): exit status [`EXIT_TRAP`].
    Trap,
}

/// A run that ended without an exit status chosen by the guest.
#[derive(Debug)]
pub struct RunError {
    /// Which phase failed.
    pub kind: RunErrorKind,
    /// Wasmtime's error with our context; its `Debug` form carries the wasm backtrace.
    pub error: wasmtime::Error,
}

impl RunError {
    fn setup(error: impl Into<wasmtime::Error>) -> Self {
        RunError {
            kind: RunErrorKind::Setup,
            error: error.into(),
        }
    }

    /// The process exit status this error maps to.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            RunErrorKind::Setup => EXIT_USAGE,
            RunErrorKind::Trap => EXIT_TRAP,
        }
    }
}

impl fmt::Display for RunError {
    /// The full report: message, causes and (for traps) the wasm backtrace.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == RunErrorKind::Trap {
            f.write_str("the guest trapped: ")?;
        }
        write!(f, "{:?}", self.error)
    }
}

/// Store data: the WASI context and the resource table wasmtime-wasi's hosts use. Public
/// so that the bench harness's comparison hosts (p2, preview1) use the same store data.
pub struct Host {
    pub ctx: WasiCtx,
    pub table: ResourceTable,
}

impl Host {
    pub fn new(ctx: WasiCtx) -> Self {
        Self {
            ctx,
            table: ResourceTable::new(),
        }
    }
}

impl WasiView for Host {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}

/// Runs the component on a fresh multi-threaded Tokio runtime (wasmtime-wasi's p3 host does
/// its I/O as Tokio tasks) and returns the guest's exit status.
pub fn run(opts: &RunOptions) -> Result<i32, RunError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| RunError::setup(wasmtime::Error::new(e).context("cannot start Tokio")))?;
    let result = rt.block_on(run_async(opts));
    rt.shutdown_timeout(SHUTDOWN_GRACE);
    result
}

/// [`run`] for callers that already are inside a (multi-threaded) Tokio runtime.
pub async fn run_async(opts: &RunOptions) -> Result<i32, RunError> {
    let path = opts.component.as_path();
    let bytes = fs::read(path).map_err(|e| {
        RunError::setup(wasmtime::format_err!(
            "cannot read `{}`: {e}",
            path.display()
        ))
    })?;
    check_header(path, &bytes).map_err(RunError::setup)?;

    let engine = engine_config(opts)
        .and_then(|c| Engine::new(&c))
        .map_err(RunError::setup)?;
    let component = CodeBuilder::new(&engine)
        .wasm_binary_or_text(&bytes, Some(path))
        .and_then(|b| b.compile_component())
        .map_err(|e| {
            RunError::setup(e.context(format!(
                "`{}` is not a valid WebAssembly component",
                path.display()
            )))
        })?;
    check_run_export(path, &engine, &component).map_err(RunError::setup)?;

    // Only the WASIp3 interfaces: anything else the component imports fails right here.
    let mut linker = Linker::<Host>::new(&engine);
    wasmtime_wasi::p3::add_to_linker(&mut linker).map_err(RunError::setup)?;
    crate::faults::shadow_host_calls(&mut linker, &opts.faults).map_err(RunError::setup)?;
    linker
        .instantiate_pre(&component)
        .map_err(|e| RunError::setup(link_error(path, &engine, &component, e)))?;

    let ctx = wasi_ctx(opts).map_err(RunError::setup)?;
    let mut host = Host::new(ctx);
    if let Some(n) = opts.max_resources {
        host.table.set_max_capacity(n);
    }
    let mut store = Store::new(&engine, host);
    let command = match Command::instantiate_async(&mut store, &component, &linker).await {
        Ok(command) => command,
        // A start function may already exit or trap.
        Err(e) => {
            return guest_failure(e);
        }
    };
    let outcome = store
        .run_concurrent(async move |accessor| command.wasi_cli_run().call_run(accessor).await)
        .await;
    match outcome {
        Ok(Ok(Ok(()))) => Ok(0),
        Ok(Ok(Err(()))) => Ok(1),
        Ok(Err(e)) | Err(e) => guest_failure(e),
    }
}

/// An error out of guest code: `wasi:cli/exit` (an [`I32Exit`] somewhere in the chain) is a
/// normal exit with that status; anything else is a trap.
fn guest_failure(error: wasmtime::Error) -> Result<i32, RunError> {
    exit_status(&error).ok_or(RunError {
        kind: RunErrorKind::Trap,
        error,
    })
}

/// The exit status a guest asked for with `wasi:cli/exit` or `proc_exit`, if `error` is
/// that (an [`I32Exit`] somewhere in its chain) rather than a trap.
pub fn exit_status(error: &wasmtime::Error) -> Option<i32> {
    error
        .chain()
        .find_map(|e| e.downcast_ref::<I32Exit>())
        .map(|exit| exit.0)
}

/// Catches common wrong inputs before Wasmtime's less specific errors: a core module (not
/// yet componentized) and a file that is not WebAssembly at all.
fn check_header(path: &Path, bytes: &[u8]) -> wasmtime::Result<()> {
    const MAGIC: &[u8] = b"\0asm";
    const CORE: [u8; 4] = [1, 0, 0, 0];
    if !bytes.starts_with(MAGIC) {
        // The text format (handy for hand-written tests) is left to Wasmtime's parser;
        // anything else would only get a confusing parse error from it.
        let text = bytes.trim_ascii_start();
        if text.starts_with(b"(") || text.starts_with(b";;") {
            return Ok(());
        }
        wasmtime::bail!(
            "`{}` is not a WebAssembly file (it does not start with `\\0asm`)",
            path.display()
        );
    }
    if bytes.get(4..8) == Some(&CORE[..]) {
        wasmtime::bail!(
            "`{}` is a core WebAssembly module, not a component; build a component with \
             `p3componentize new` or `wasm-tools component new --adapt ...`",
            path.display()
        );
    }
    Ok(())
}

/// A component without `wasi:cli/run@0.3.0` is usually a WASIp2 command or a reactor; say so
/// instead of failing later inside the generated bindings.
fn check_run_export(path: &Path, engine: &Engine, component: &Component) -> wasmtime::Result<()> {
    let ty = component.component_type();
    let exports: Vec<&str> = ty.exports(engine).map(|(name, _)| name).collect();
    if exports.contains(&RUN_EXPORT) {
        return Ok(());
    }
    let hint = match exports.iter().find(|n| n.starts_with("wasi:cli/run@")) {
        Some(other) => format!(
            "; it exports `{other}`, a different WASI version (WASI 0.2 commands need \
             `wasmtime run`)"
        ),
        None if exports.is_empty() => "; it exports nothing".to_owned(),
        None => format!("; its exports: {}", exports.join(", ")),
    };
    wasmtime::bail!(
        "`{}` does not export `{RUN_EXPORT}`, so it is not a WASIp3 command{hint}",
        path.display()
    )
}

/// Wraps the linker's error (which names the first unsatisfied import) with the list of all
/// imports outside `wasi:*@0.3.*` and a note on what this host provides.
fn link_error(
    path: &Path,
    engine: &Engine,
    component: &Component,
    error: wasmtime::Error,
) -> wasmtime::Error {
    let ty = component.component_type();
    let foreign: Vec<&str> = ty
        .imports(engine)
        .map(|(name, _)| name)
        .filter(|name| !(name.starts_with("wasi:") && name.contains("@0.3.")))
        .collect();
    let mut msg = format!("cannot link `{}`", path.display());
    if !foreign.is_empty() {
        msg.push_str(": it imports interfaces this host does not provide: ");
        msg.push_str(&foreign.join(", "));
    }
    msg.push_str(
        "\nnote: p3run provides only the WASIp3 interfaces (wasi:*@0.3.0); a component built \
         with the WASI 0.2 (preview1) adapter, or one that still imports \
         `wasi_snapshot_preview1`, needs `wasmtime run`",
    );
    error.context(msg)
}

/// Wasmtime's engine options parsed as `wasmtime run` parses them (`wasmtime-cli-flags`),
/// with `--no-cache` as `-C cache=n` when `cache` is false.
fn parse_wasmtime_options(flags: &[String], cache: bool) -> Result<CommonOptions, UsageError> {
    let mut argv = vec!["p3run".to_owned()];
    argv.extend(flags.iter().cloned());
    if !cache {
        argv.extend(["-C".to_owned(), "cache=n".to_owned()]);
    }
    CommonOptions::try_parse_from(&argv).map_err(|e| {
        // clap's first line names the option and what it expected; its usage lines go.
        let text = e.to_string();
        let first = text.lines().next().unwrap_or("bad option");
        usage(first.trim_start_matches("error: ").to_owned())
    })
}

/// Checks the engine options once, before anything is read: every key and value (as
/// `wasmtime run` would), and no option that `wasmtime run` applies to the store rather
/// than the engine, which p3run would otherwise ignore silently.
fn check_wasmtime_options(opts: &RunOptions) -> Result<(), UsageError> {
    // Without the cache: checking options must not depend on the cache's configuration.
    let mut probe = parse_wasmtime_options(&opts.wasmtime_flags, false)?;
    probe.config(None).map_err(|e| usage(format!("{e:#}")))?;
    let w = &probe.wasm;
    let store_level = [
        ("fuel", w.fuel.is_some()),
        ("epoch-interruption", w.epoch_interruption.is_some()),
        ("timeout", w.timeout.is_some()),
        ("max-memory-size", w.max_memory_size.is_some()),
        ("max-table-elements", w.max_table_elements.is_some()),
        ("max-instances", w.max_instances.is_some()),
        ("max-tables", w.max_tables.is_some()),
        ("max-memories", w.max_memories.is_some()),
        ("trap-on-grow-failure", w.trap_on_grow_failure.is_some()),
        ("unknown-exports-allow", w.unknown_exports_allow.is_some()),
        ("unknown-imports-trap", w.unknown_imports_trap.is_some()),
        (
            "unknown-imports-default",
            w.unknown_imports_default.is_some(),
        ),
    ];
    match store_level.iter().find(|(_, set)| *set) {
        Some((name, _)) => Err(usage(format!(
            "`-W {name}` is not supported by p3run (it acts on the store, not the engine); \
             use `wasmtime run`"
        ))),
        None => Ok(()),
    }
}

/// Engine settings: the engine options (`-W`, `-O`, `-C`, `-D`; the compilation cache is
/// on unless `--no-cache` or `-C cache=n`), and always the component model with its async
/// ABI, which WASIp3 guests need.
fn engine_config(opts: &RunOptions) -> wasmtime::Result<Config> {
    let mut common =
        parse_wasmtime_options(&opts.wasmtime_flags, opts.cache).map_err(wasmtime::Error::msg)?;
    let mut config = common.config(None)?;
    config
        .wasm_component_model(true)
        .wasm_component_model_async(true);
    Ok(config)
}

/// The guest's WASI context: inherited stdio, the given argv, environment and read/write
/// preopens, and network access only as `opts.network` allows.
fn wasi_ctx(opts: &RunOptions) -> wasmtime::Result<WasiCtx> {
    let mut builder = WasiCtxBuilder::new();
    if opts.network.inherit {
        builder.inherit_network();
    }
    builder
        .inherit_stdio()
        .args(&opts.argv())
        .envs(&opts.env)
        .allow_tcp(opts.network.inherit)
        .allow_udp(opts.network.inherit)
        .allow_ip_name_lookup(opts.network.ip_name_lookup)
        // As `wasmtime run` does without a timeout: file I/O runs on the calling thread,
        // straight into guest memory, instead of a thread-pool hop per 8 KiB chunk.
        .allow_blocking_current_thread(true);
    let faults = &opts.faults;
    if faults.stdin_chunks.is_some() || faults.stdin_limit.is_some() {
        let (size, delay) = faults.stdin_chunks.unwrap_or((1 << 16, Duration::ZERO));
        builder.stdin(crate::faults::ChunkedStdin::new(
            size,
            delay,
            faults.stdin_limit,
        ));
    }
    if faults.slow_stdout.is_some() || faults.stdout_limit.is_some() {
        let (max, delay) = faults.slow_stdout.unwrap_or((usize::MAX, Duration::ZERO));
        let mut stdout = crate::faults::SlowOutput::new(false, max, delay);
        if let Some((n, end)) = faults.stdout_limit {
            stdout = stdout.failing_after(n, end);
        }
        builder.stdout(stdout);
        builder.stderr(crate::faults::SlowOutput::new(true, max, delay));
    }
    for dir in &opts.dirs {
        builder
            .preopened_dir(&dir.host, &dir.guest, FsPerms::ReadWrite)
            .map_err(|e| {
                e.context(format!(
                    "cannot open directory `{}` for `--dir`",
                    dir.host.display()
                ))
            })?;
    }
    Ok(builder.build())
}

/// The whole `p3run` program minus process plumbing: `args` are the arguments after the
/// program name; the result is the process exit status. Diagnostics go to stderr.
pub fn main_with_args(args: Vec<String>) -> i32 {
    let code = match parse_args(&args) {
        Ok(Invocation::Help) => {
            print!("{USAGE}");
            0
        }
        Ok(Invocation::Version) => {
            println!("p3run {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Err(e) => {
            eprintln!("p3run: error: {e}\nTry `p3run --help` for more information.");
            EXIT_USAGE
        }
        Ok(Invocation::Run(opts)) => match run(&opts) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("p3run: error: {e}");
                e.exit_code()
            }
        },
    };
    // The caller may `process::exit`, which skips std's buffered-stdout flush.
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_opts(args: &[&str]) -> RunOptions {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        match parse_args(&args) {
            Ok(Invocation::Run(o)) => o,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn network_is_off_by_default() {
        assert_eq!(run_opts(&["x.wasm"]).network, Network::default());
    }

    #[test]
    fn network_options_mirror_wasmtime_run() {
        let o = run_opts(&["-S", "inherit-network,allow-ip-name-lookup", "x.wasm"]);
        assert!(o.network.inherit && o.network.ip_name_lookup);
        let o = run_opts(&["--inherit-network", "x.wasm", "--allow-ip-name-lookup"]);
        assert!(
            o.network.inherit && !o.network.ip_name_lookup,
            "options after the component belong to the guest"
        );
        assert_eq!(o.args, ["--allow-ip-name-lookup"]);
        let err = parse_args(&["-S".into(), "tcp".into(), "x.wasm".into()]).unwrap_err();
        assert!(err.0.contains("unknown name"), "{err}");
    }

    #[test]
    fn fault_specs_are_checked() {
        let o = run_opts(&[
            "--fault",
            "stdin-chunks=7:20",
            "--fault=slow-stdout=4096:1",
            "x.wasm",
        ]);
        assert_eq!(o.faults.stdin_chunks, Some((7, Duration::from_millis(20))));
        assert_eq!(o.faults.slow_stdout, Some((4096, Duration::from_millis(1))));
        let err = parse_args(&["--fault".into(), "stdin-chunks=0:1".into(), "x.wasm".into()])
            .unwrap_err();
        assert!(err.0.contains("bad --fault `stdin-chunks=0:1`"), "{err}");
        let o = run_opts(&[
            "--fault=stdout-closed-after=10",
            "--fault=stdin-fail-after=3",
            "--fault=dns-fail=temporary",
            "--fault=fs-error=sync:insufficient-space",
            "x.wasm",
        ]);
        use crate::faults::{DnsFailure, FsCall, InputEnd, OutputEnd};
        assert_eq!(o.faults.stdout_limit, Some((10, OutputEnd::Closed)));
        assert_eq!(o.faults.stdin_limit, Some((3, InputEnd::Error)));
        assert_eq!(o.faults.dns_fail, Some(DnsFailure::Temporary));
        assert_eq!(
            o.faults.fs_error,
            Some((FsCall::Sync, "insufficient-space".to_owned()))
        );
        for bad in ["fs-error=sync:full", "fs-error=write:io", "dns-fail=maybe"] {
            let args = ["--fault".to_owned(), bad.to_owned(), "x.wasm".to_owned()];
            assert!(parse_args(&args).is_err(), "{bad}");
        }
    }

    #[test]
    fn engine_options_are_spelled_and_checked_as_by_wasmtime_run() {
        let o = run_opts(&[
            "-W",
            "max-wasm-stack=8388608,exceptions",
            "-Wgc=y",
            "--wasm=tail-call",
            "-O",
            "opt-level=2",
            "x.wasm",
            "-W",
            "guest",
        ]);
        assert_eq!(
            o.wasmtime_flags,
            [
                "-W",
                "max-wasm-stack=8388608,exceptions",
                "-W",
                "gc=y",
                "--wasm",
                "tail-call",
                "-O",
                "opt-level=2"
            ]
        );
        assert_eq!(o.args, ["-W", "guest"]);
        let mut common = parse_wasmtime_options(&o.wasmtime_flags, false).unwrap();
        common.config(None).unwrap();
        assert_eq!(common.wasm.max_wasm_stack, Some(8 << 20));
        assert_eq!(common.wasm.exceptions, Some(true));
        for (bad, expect) in [
            ("-Wnope", "nope"),
            ("-Wmax-wasm-stack=big", "max-wasm-stack"),
            ("-Wtimeout=1s", "`-W timeout` is not supported"),
            ("-W", "missing the component"),
        ] {
            let args = [bad.to_owned(), "x.wasm".to_owned()];
            let err = parse_args(&args).unwrap_err();
            assert!(err.0.contains(expect), "{bad}: {err}");
        }
    }

    #[test]
    fn max_resources_takes_a_number() {
        assert_eq!(run_opts(&["x.wasm"]).max_resources, None);
        let o = run_opts(&["--max-resources=64", "x.wasm"]);
        assert_eq!(o.max_resources, Some(64));
        let args = [
            "--max-resources".to_owned(),
            "many".to_owned(),
            "x.wasm".to_owned(),
        ];
        assert!(parse_args(&args).is_err());
    }
}
