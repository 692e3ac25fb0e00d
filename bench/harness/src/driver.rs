//! `p3bench drive`: every workload under every configuration, interleaved run by run (run 1
//! of every configuration, then run 2, ...) so that machine drift spreads over all of them.
//! Run from the repository root after `bench/run.sh` has built the programs into
//! `target/bench/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use wasmtime::Result;
use wasmtime::error::Context;

use crate::report::{self, CONFIGS, Cfg, Results};
use crate::setup;

pub const BENCH_DIR: &str = "target/bench";
const P3RUN: &str = "target/release/p3run";
const OUR_ADAPTER: &str = "target/p3shim/wasi_snapshot_preview1.command.wasm";

/// Data sizes and repetition counts; each can be overridden from the environment.
#[derive(Debug)]
pub struct Settings {
    pub runs: usize,
    pub mib: usize,
    pub small_ops: usize,
    pub stdout_mib: usize,
    pub lines: usize,
    pub entries: usize,
    pub tcp_mib: usize,
    pub pipe_rounds: usize,
    pub startup_spawns: usize,
    pub instantiations: usize,
    pub timeout_secs: usize,
    pub sqlite_rows: usize,
    pub files: usize,
    pub preads: usize,
    /// `WASIP3_SYSROOT`, when set: the `wasi-libc-p3` configuration is measured.
    pub wasip3_sysroot: Option<String>,
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl Settings {
    fn from_env() -> Self {
        Self {
            runs: env_or("BENCH_RUNS", 5).max(1),
            mib: env_or("BENCH_MIB", 256),
            small_ops: env_or("BENCH_SMALL_OPS", 20_000),
            stdout_mib: env_or("BENCH_STDOUT_MIB", 256),
            lines: env_or("BENCH_LINES", 200_000),
            entries: env_or("BENCH_DIR_ENTRIES", 10_000),
            tcp_mib: env_or("BENCH_TCP_MIB", 1024),
            pipe_rounds: env_or("BENCH_PIPE_ROUNDS", 100_000),
            startup_spawns: env_or("BENCH_STARTUP_SPAWNS", 20).max(1),
            instantiations: env_or("BENCH_INSTANTIATIONS", 500).max(1),
            timeout_secs: env_or("BENCH_TIMEOUT", 300),
            sqlite_rows: env_or("BENCH_SQLITE_ROWS", 200_000),
            files: env_or("BENCH_FILES", 10_000),
            preads: env_or("BENCH_PREADS", 100_000),
            wasip3_sysroot: std::env::var("WASIP3_SYSROOT")
                .ok()
                .filter(|v| !v.is_empty()),
        }
    }
}

/// How a job's figures are obtained.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The program prints `bench: NAME VALUE UNIT` lines on stderr.
    Printed,
    /// Wall-clock time of the whole process, as this figure (ms).
    Wall(&'static str),
    /// Wall-clock time of whole processes (figure `startup`, ms), median of several spawns.
    Startup,
    /// The hosts' `--time-instantiate` (figure `instantiate`, us); native has none.
    Instantiate,
}

/// What the program must print on stdout for a run to count.
enum Expect {
    /// Nothing is checked; stdout goes to `/dev/null`.
    Nothing,
    /// Whatever native Linux prints; resolved into `Stdout` by a reference run first.
    Native,
    /// Exactly this.
    Stdout(String),
    /// No reference could be had: every run fails with this reason.
    Unavailable(String),
}

struct Job {
    name: &'static str,
    /// `target/bench/PROGRAM.{adapter,static,official,p3libc}.wasm`, `.p1.wasm`, `.native`.
    program: &'static str,
    /// Guest arguments; `/w` is the preopened work directory (the host path for native).
    args: Vec<String>,
    configs: &'static [Cfg],
    network: bool,
    kind: Kind,
    /// A file fed to standard input.
    stdin: Option<PathBuf>,
    expect: Expect,
    /// Files in the work directory removed before every run (a fresh database).
    fresh: &'static [&'static str],
}

impl Job {
    fn new(
        name: &'static str,
        program: &'static str,
        args: &[&str],
        configs: &'static [Cfg],
    ) -> Self {
        Self {
            name,
            program,
            args: args.iter().map(|a| a.to_string()).collect(),
            configs,
            network: false,
            kind: Kind::Printed,
            stdin: None,
            expect: Expect::Nothing,
            fresh: &[],
        }
    }

    fn kind(self, kind: Kind) -> Self {
        Self { kind, ..self }
    }
}

/// Every configuration that runs whole programs (all but the floor).
const ALL: &[Cfg] = &[
    Cfg::Adapter,
    Cfg::Static,
    Cfg::Official,
    Cfg::P1,
    Cfg::LibcP3,
    Cfg::Native,
];
/// The workloads `bench/floor.c` does too.
const WITH_FLOOR: &[Cfg] = &CONFIGS;
/// `pipe()`: libp3shim.a's C ABI, wasi-libc's wasip3 target and Linux; the 2022 wasi-libc
/// has none.
const WITH_PIPE: &[Cfg] = &[Cfg::Static, Cfg::LibcP3, Cfg::Native];
/// Sockets: p3shim (both forms, the adapter through p3shim_net.o), wasi-libc's wasip3
/// target and Linux.
const WITH_SOCKETS: &[Cfg] = &[Cfg::Adapter, Cfg::Static, Cfg::LibcP3, Cfg::Native];

fn jobs(s: &Settings, sqlite_script: &Path, files_expected: String) -> Vec<Job> {
    vec![
        Job::new(
            "file",
            "workloads",
            &["file", "/w", &s.mib.to_string()],
            ALL,
        ),
        Job::new(
            "smallops",
            "workloads",
            &["smallops", "/w", &s.small_ops.to_string()],
            ALL,
        ),
        Job::new(
            "stdout",
            "workloads",
            &["stdout", &s.stdout_mib.to_string(), &s.lines.to_string()],
            ALL,
        ),
        Job::new(
            "dir",
            "workloads",
            &["dir", "/w/tree", &s.entries.to_string()],
            ALL,
        ),
        Job {
            expect: Expect::Stdout(files_expected),
            ..Job::new(
                "files",
                "workloads",
                &["files", "/w/files", &s.files.to_string()],
                WITH_FLOOR,
            )
        },
        Job {
            expect: Expect::Native,
            ..Job::new(
                "preads",
                "workloads",
                &["preads", "/w/pages.dat", &s.preads.to_string()],
                WITH_FLOOR,
            )
        },
        Job {
            stdin: Some(sqlite_script.to_owned()),
            expect: Expect::Native,
            // A new database every run, in the work directory, and no journal left over.
            fresh: &["sqlite.db", "sqlite.db-journal"],
            ..Job::new("sqlite", "sqlite", &["/w/sqlite.db"], ALL).kind(Kind::Wall("sqlite"))
        },
        Job::new(
            "pipe",
            "pipe_poll",
            &[&s.pipe_rounds.to_string()],
            WITH_PIPE,
        ),
        Job {
            network: true,
            ..Job::new("tcp", "tcp", &[&s.tcp_mib.to_string()], WITH_SOCKETS)
        },
        Job::new("startup", "empty", &[], ALL).kind(Kind::Startup),
        Job::new("instantiate", "empty", &[], ALL).kind(Kind::Instantiate),
    ]
}

struct Paths {
    me: PathBuf,
    work: PathBuf,
    /// `XDG_CACHE_HOME` of every wasm run: Wasmtime's compilation cache is
    /// `$XDG_CACHE_HOME/wasmtime`, private to the benchmarks (`clear_cache_leftovers`).
    cache_home: PathBuf,
}

/// Removes what killed cache writers left in the benchmarks' Wasmtime cache. On every cache
/// hit Wasmtime's cache worker thread rewrites the module's usage counter (through a
/// `.wip-*` file and a rename) and, when no cleanup finished within the last hour, starts
/// one that lists and stats every entry; a short process exits in the middle, leaving the
/// `.wip-*` file, and from then on that module's updates fail at once (cheaper) while a
/// module without one keeps paying. Measured on this machine's shared cache (7,858 entries,
/// 165 left-over files): the empty program's start-up differed by 0.5 ms between
/// configurations for that reason alone. Every start-up measurement starts from the same
/// state, a private cache without left-overs.
fn clear_cache_leftovers(cache_home: &Path) {
    let root = cache_home.join("wasmtime");
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                dirs.push(path);
            } else if e.file_name().to_string_lossy().contains(".wip") {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

fn artefact(program: &str, cfg: Cfg) -> PathBuf {
    let suffix = match cfg {
        Cfg::Adapter => "adapter.wasm",
        Cfg::Static => "static.wasm",
        Cfg::Official => "official.wasm",
        Cfg::P1 => "p1.wasm",
        Cfg::LibcP3 => "p3libc.wasm",
        Cfg::Floor => "p3floor.wasm",
        Cfg::Native => "native",
    };
    Path::new(BENCH_DIR).join(format!("{program}.{suffix}"))
}

/// Whether `cfg` is measured at all in this session: `wasi-libc-p3` and `wasip3-floor` need
/// `WASIP3_SYSROOT` (`bench/run.sh` builds their programs only then) and the program built.
fn available(cfg: Cfg, program: &str, s: &Settings) -> bool {
    !matches!(cfg, Cfg::LibcP3 | Cfg::Floor)
        || (s.wasip3_sysroot.is_some() && artefact(program, cfg).exists())
}

/// The command line of one job under one configuration, or `None` for n/a.
fn command(job: &Job, cfg: Cfg, p: &Paths, s: &Settings) -> Option<Command> {
    if !job.configs.contains(&cfg)
        || (job.kind == Kind::Instantiate && cfg == Cfg::Native)
        || !available(cfg, job.program, s)
    {
        return None;
    }
    let program = artefact(job.program, cfg);
    let mut cmd = Command::new("timeout");
    cmd.arg("--kill-after=5").arg(s.timeout_secs.to_string());
    cmd.env("XDG_CACHE_HOME", &p.cache_home);
    if cfg == Cfg::Native {
        let work = p.work.to_string_lossy();
        cmd.arg(program)
            .args(job.args.iter().map(|a| a.replacen("/w", &work, 1)));
        return Some(cmd);
    }
    let wasi = match cfg {
        Cfg::Official => "p2",
        Cfg::P1 => "p1",
        _ => "p3",
    };
    if job.kind == Kind::Instantiate {
        cmd.arg(&p.me)
            .args(["run", "--host", wasi, "--time-instantiate"]);
        cmd.arg(s.instantiations.to_string());
    } else if wasi == "p3" {
        // The WASIp3 configurations run on the product runner.
        cmd.arg(P3RUN);
    } else {
        cmd.arg(&p.me).args(["run", "--host", wasi]);
    }
    cmd.arg("--dir")
        .arg(format!("{}::/w", p.work.to_string_lossy()));
    if job.network {
        cmd.args(["-S", "inherit-network"]);
    }
    cmd.arg(program).args(&job.args);
    Some(cmd)
}

/// Where two outputs first differ, for the report: the line number and both lines, cut short.
fn first_difference(got: &str, expected: &str) -> String {
    let cut = |l: Option<&str>| match l {
        None => "(end of output)".to_owned(),
        Some(l) if l.chars().count() > 60 => {
            format!("`{}...`", l.chars().take(60).collect::<String>())
        }
        Some(l) => format!("`{l}`"),
    };
    let (mut g, mut e) = (got.lines(), expected.lines());
    let mut n = 1;
    loop {
        match (g.next(), e.next()) {
            (None, None) => return "only in line endings".to_owned(),
            (a, b) if a == b => n += 1,
            (a, b) => return format!("line {n}: got {}, expected {}", cut(a), cut(b)),
        }
    }
}

/// Runs one command; returns its `bench:` figures (or the wall time for timed jobs). A run
/// whose stdout differs from the job's expectation fails like a crash.
fn execute(job: &Job, mut cmd: Command, s: &Settings, p: &Paths) -> Result<Vec<(String, f64)>> {
    if let Expect::Unavailable(why) = &job.expect {
        wasmtime::bail!("{why}");
    }
    for f in job.fresh {
        let path = p.work.join(f);
        if path.exists() {
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    match &job.stdin {
        Some(path) => cmd.stdin(
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?,
        ),
        None => cmd.stdin(Stdio::null()),
    };
    if matches!(job.expect, Expect::Nothing) {
        cmd.stdout(Stdio::null());
    } else {
        cmd.stdout(Stdio::piped());
    }
    if job.kind == Kind::Startup {
        // Time the program itself, not the `timeout` process around it (one more fork and
        // exec per spawn): the warm-up run in `main` has shown, under `timeout`, that it ends.
        let inner: Vec<_> = cmd.get_args().skip(2).map(|a| a.to_owned()).collect();
        let mut direct = Command::new(&inner[0]);
        for (k, v) in cmd.get_envs() {
            if let Some(v) = v {
                direct.env(k, v);
            }
        }
        clear_cache_leftovers(&p.cache_home);
        direct
            .args(&inner[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        direct.stderr(Stdio::null());
        let mut times = Vec::new();
        for _ in 0..s.startup_spawns {
            let t = Instant::now();
            let status = direct.status()?;
            times.push(t.elapsed().as_secs_f64() * 1e3);
            if !status.success() {
                wasmtime::bail!("exited with {status}");
            }
        }
        return Ok(vec![("startup".to_owned(), report::median(&times))]);
    }
    let t = Instant::now();
    let out = cmd.stderr(Stdio::piped()).output()?;
    let wall_ms = t.elapsed().as_secs_f64() * 1e3;
    let text = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let tail: Vec<&str> = text.lines().rev().take(5).collect();
        wasmtime::bail!(
            "exited with {}: {}",
            out.status,
            tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
        );
    }
    if let Expect::Stdout(expected) = &job.expect {
        let got = String::from_utf8_lossy(&out.stdout);
        if got != *expected {
            wasmtime::bail!(
                "WRONG OUTPUT: stdout differs from the expected ({} bytes against {}; {})",
                got.len(),
                expected.len(),
                first_difference(&got, expected)
            );
        }
    }
    if let Kind::Wall(name) = job.kind {
        return Ok(vec![(name.to_owned(), wall_ms)]);
    }
    let figures: Vec<(String, f64)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("bench: "))
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            Some((it.next()?.to_owned(), it.next()?.parse().ok()?))
        })
        .collect();
    if figures.is_empty() {
        wasmtime::bail!("printed no figures");
    }
    Ok(figures)
}

/// The reference output of a job checked against native Linux: one untimed native run.
fn native_reference(job: &Job, p: &Paths, s: &Settings) -> Expect {
    let Some(mut cmd) = command(job, Cfg::Native, p, s) else {
        return Expect::Unavailable("no native build to compare with".into());
    };
    for f in job.fresh {
        let _ = std::fs::remove_file(p.work.join(f));
    }
    if let Some(path) = &job.stdin {
        match std::fs::File::open(path) {
            Ok(f) => cmd.stdin(f),
            Err(e) => return Expect::Unavailable(format!("{}: {e}", path.display())),
        };
    }
    match cmd.stderr(Stdio::piped()).output() {
        Ok(out) if out.status.success() => {
            Expect::Stdout(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Ok(out) => Expect::Unavailable(format!(
            "the native reference run failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Expect::Unavailable(format!("the native reference run failed: {e}")),
    }
}

fn file_size(path: impl AsRef<Path>) -> Option<f64> {
    std::fs::metadata(path).ok().map(|m| m.len() as f64)
}

pub fn main() -> Result<i32> {
    let started = Instant::now();
    let s = Settings::from_env();
    let work = std::path::absolute(Path::new(BENCH_DIR).join("work"))?;
    setup::listing_tree(&work.join("tree"), s.entries).context("creating the listing directory")?;
    let files_expected =
        setup::small_files(&work.join("files"), s.files).context("creating the small files")?;
    setup::pages_file(&work.join("pages.dat")).context("creating the pages file")?;
    let script = Path::new(BENCH_DIR).join(format!("sqlite-{}.sql", s.sqlite_rows));
    setup::sqlite_script(&script, s.sqlite_rows).context("writing the SQLite script")?;
    let cache_home = std::path::absolute(Path::new(BENCH_DIR).join("cache"))?;
    std::fs::create_dir_all(&cache_home)?;
    let p = Paths {
        me: std::env::current_exe()?,
        work,
        cache_home,
    };
    let mut jobs = jobs(&s, &script, files_expected);
    let mut notes = Vec::new();
    for job in &mut jobs {
        if matches!(job.expect, Expect::Native) {
            job.expect = native_reference(job, &p, &s);
            if let Expect::Unavailable(why) = &job.expect {
                notes.push(format!("{}: {why}", job.name));
            }
        }
    }
    if s.wasip3_sysroot.is_some() {
        let mut missing: Vec<(&str, Cfg)> = jobs
            .iter()
            .flat_map(|j| [Cfg::LibcP3, Cfg::Floor].map(|c| (j, c)))
            .filter(|(j, c)| j.configs.contains(c) && !artefact(j.program, *c).exists())
            .map(|(j, c)| (j.program, c))
            .collect();
        missing.sort_unstable_by_key(|&(program, c)| (program, c.key()));
        missing.dedup();
        for (program, c) in missing {
            notes.push(format!(
                "{}: missing, so n/a for {} (`make bench-build` with WASIP3_SYSROOT \
                 set builds it, or says why it does not build)",
                artefact(program, c).display(),
                c.key()
            ));
        }
    }
    let mut results = Results::default();
    let mut failures = Vec::new();

    // Warm the (private) compilation cache so that no run measures a compilation: every
    // program once per configuration, without arguments (it prints its usage or reads an
    // empty stdin and ends).
    let mut warmed = std::collections::HashSet::new();
    for job in jobs.iter().filter(|j| j.kind != Kind::Instantiate) {
        for &cfg in job.configs {
            if cfg == Cfg::Native || !warmed.insert((job.program, cfg.key())) {
                continue;
            }
            let bare = Job {
                args: Vec::new(),
                ..Job::new(job.name, job.program, &[], job.configs)
            };
            if let Some(mut cmd) = command(&bare, cfg, &p, &s) {
                let _ = cmd
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
            }
        }
    }

    for run in 0..s.runs {
        for job in &jobs {
            let t = Instant::now();
            // Rotate the order each run, so no configuration always goes first.
            let n = job.configs.len();
            let mut line = String::new();
            for k in 0..n {
                let cfg = job.configs[(k + run) % n];
                let Some(cmd) = command(job, cfg, &p, &s) else {
                    continue;
                };
                match execute(job, cmd, &s, &p) {
                    Ok(figures) => {
                        for (name, value) in figures {
                            line.push_str(&format!(" {}:{name}={value}", cfg.key()));
                            results.add(&name, cfg, value);
                        }
                    }
                    Err(e) => {
                        let msg = format!("run {} {} {}: {e}", run + 1, job.name, cfg.key());
                        eprintln!("  FAILED {msg}");
                        failures.push(msg);
                        results.failed(job.name, cfg);
                    }
                }
            }
            eprintln!(
                "[run {}/{} {:>11} {:5.1}s]{line}",
                run + 1,
                s.runs,
                job.name,
                t.elapsed().as_secs_f64()
            );
        }
    }
    for f in jobs.iter().flat_map(|j| j.fresh) {
        let _ = std::fs::remove_file(p.work.join(f));
    }

    if let Some(v) = file_size(OUR_ADAPTER) {
        results.add("adapter_bytes", Cfg::Adapter, v);
    }
    let official = wasi_preview1_component_adapter_provider::WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER;
    results.add("adapter_bytes", Cfg::Official, official.len() as f64);
    for &cfg in ALL {
        if available(cfg, "hello", &s)
            && let Some(v) = file_size(artefact("hello", cfg))
        {
            results.add("hello_bytes", cfg, v);
        }
    }

    let text = report::write(&results, &s, Path::new(BENCH_DIR), &failures, &notes)?;
    println!("{text}");
    println!(
        "(make bench: harness time {:.0} s; {} failed runs)",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    Ok(if failures.is_empty() { 0 } else { 1 })
}
