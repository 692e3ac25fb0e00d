//! `p3bench drive`: every workload under every configuration, interleaved run by run (run 1
//! of every configuration, then run 2, ...) so that machine drift spreads over all of them.
//! Run from the repository root after `bench/run.sh` has built the programs into
//! `target/bench/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use wasmtime::Result;
use wasmtime::error::Context;

use crate::report::{self, Cfg, Results};

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
            startup_spawns: env_or("BENCH_STARTUP_SPAWNS", 5).max(1),
            instantiations: env_or("BENCH_INSTANTIATIONS", 50).max(1),
            timeout_secs: env_or("BENCH_TIMEOUT", 300),
        }
    }
}

/// How a job's figures are obtained.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The program prints `bench: NAME VALUE UNIT` lines on stderr.
    Printed,
    /// Wall-clock time of whole processes (figure `startup`, ms).
    Startup,
    /// The hosts' `--time-instantiate` (figure `instantiate`, us); native has none.
    Instantiate,
}

struct Job {
    name: &'static str,
    /// `target/bench/PROGRAM.{adapter,static,official}.wasm`, `.p1.wasm`, `.native`.
    program: &'static str,
    /// Guest arguments; `/w` is the preopened work directory (the host path for native).
    args: Vec<String>,
    configs: &'static [Cfg],
    network: bool,
    kind: Kind,
}

const ALL: &[Cfg] = &[
    Cfg::Adapter,
    Cfg::Static,
    Cfg::Official,
    Cfg::P1,
    Cfg::Native,
];
/// `pipe()` exists only in libp3shim.a's C ABI and in Linux; the 2022 wasi-libc has none.
const WITH_PIPE: &[Cfg] = &[Cfg::Static, Cfg::Native];
/// Sockets: p3shim (both forms, the adapter through p3shim_net.o) and Linux.
const WITH_SOCKETS: &[Cfg] = &[Cfg::Adapter, Cfg::Static, Cfg::Native];

fn jobs(s: &Settings) -> Vec<Job> {
    let job = |name, program, args: &[String], configs, network, kind| Job {
        name,
        program,
        args: args.to_vec(),
        configs,
        network,
        kind,
    };
    vec![
        job(
            "file",
            "workloads",
            &["file".into(), "/w".into(), s.mib.to_string()],
            ALL,
            false,
            Kind::Printed,
        ),
        job(
            "smallops",
            "workloads",
            &["smallops".into(), "/w".into(), s.small_ops.to_string()],
            ALL,
            false,
            Kind::Printed,
        ),
        job(
            "stdout",
            "workloads",
            &[
                "stdout".into(),
                s.stdout_mib.to_string(),
                s.lines.to_string(),
            ],
            ALL,
            false,
            Kind::Printed,
        ),
        job(
            "dir",
            "workloads",
            &["dir".into(), "/w/tree".into(), s.entries.to_string()],
            ALL,
            false,
            Kind::Printed,
        ),
        job(
            "pipe",
            "pipe_poll",
            &[s.pipe_rounds.to_string()],
            WITH_PIPE,
            false,
            Kind::Printed,
        ),
        job(
            "tcp",
            "tcp",
            &[s.tcp_mib.to_string()],
            WITH_SOCKETS,
            true,
            Kind::Printed,
        ),
        job("startup", "empty", &[], ALL, false, Kind::Startup),
        job("instantiate", "empty", &[], ALL, false, Kind::Instantiate),
    ]
}

struct Paths {
    me: PathBuf,
    work: PathBuf,
}

impl Paths {
    fn artefact(&self, program: &str, cfg: Cfg) -> PathBuf {
        let suffix = match cfg {
            Cfg::Adapter => "adapter.wasm",
            Cfg::Static => "static.wasm",
            Cfg::Official => "official.wasm",
            Cfg::P1 => "p1.wasm",
            Cfg::Native => "native",
        };
        Path::new(BENCH_DIR).join(format!("{program}.{suffix}"))
    }
}

/// The command line of one job under one configuration, or `None` for n/a.
fn command(job: &Job, cfg: Cfg, p: &Paths, s: &Settings) -> Option<Command> {
    if !job.configs.contains(&cfg) || (job.kind == Kind::Instantiate && cfg == Cfg::Native) {
        return None;
    }
    let program = p.artefact(job.program, cfg);
    let mut cmd = Command::new("timeout");
    cmd.arg("--kill-after=5").arg(s.timeout_secs.to_string());
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
        // The p3shim configurations run on the product runner.
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

/// Runs one command; returns its `bench:` figures (or the wall time for start-up jobs).
fn execute(job: &Job, mut cmd: Command, s: &Settings) -> Result<Vec<(String, f64)>> {
    cmd.stdin(Stdio::null()).stdout(Stdio::null());
    if job.kind == Kind::Startup {
        // Time the program itself, not the `timeout` process around it (one more fork and
        // exec per spawn): the warm-up run in `main` has shown, under `timeout`, that it ends.
        let inner: Vec<_> = cmd.get_args().skip(2).map(|a| a.to_owned()).collect();
        let mut direct = Command::new(&inner[0]);
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
    let out = cmd.stderr(Stdio::piped()).output()?;
    let text = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let tail: Vec<&str> = text.lines().rev().take(5).collect();
        wasmtime::bail!(
            "exited with {}: {}",
            out.status,
            tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
        );
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

/// The directory the listing workload reads: `entries` empty files, made once.
fn make_tree(dir: &Path, entries: usize) -> Result<()> {
    if std::fs::read_dir(dir).map(|d| d.count()).ok() == Some(entries) {
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    for i in 0..entries {
        std::fs::write(dir.join(format!("entry-{i:05}")), b"")?;
    }
    Ok(())
}

fn file_size(path: impl AsRef<Path>) -> Option<f64> {
    std::fs::metadata(path).ok().map(|m| m.len() as f64)
}

pub fn main() -> Result<i32> {
    let started = Instant::now();
    let s = Settings::from_env();
    let work = std::path::absolute(Path::new(BENCH_DIR).join("work"))?;
    make_tree(&work.join("tree"), s.entries).context("creating the listing directory")?;
    let p = Paths {
        me: std::env::current_exe()?,
        work,
    };
    let jobs = jobs(&s);
    let mut results = Results::default();
    let mut failures = Vec::new();

    // Warm Wasmtime's compilation cache so that start-up runs measure cached loads only.
    for job in jobs.iter().filter(|j| j.kind == Kind::Startup) {
        for &cfg in job.configs {
            if let Some(mut cmd) = command(job, cfg, &p, &s) {
                let _ = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status();
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
                match execute(job, cmd, &s) {
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

    if let Some(v) = file_size(OUR_ADAPTER) {
        results.add("adapter_bytes", Cfg::Adapter, v);
    }
    let official = wasi_preview1_component_adapter_provider::WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER;
    results.add("adapter_bytes", Cfg::Official, official.len() as f64);
    for cfg in ALL {
        if let Some(v) = file_size(p.artefact("hello", *cfg).as_path()) {
            results.add("hello_bytes", *cfg, v);
        }
    }

    let text = report::write(&results, &s, Path::new(BENCH_DIR), &failures)?;
    println!("{text}");
    println!(
        "(make bench: harness time {:.0} s; {} failed runs)",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    Ok(if failures.is_empty() { 0 } else { 1 })
}
