//! The comparison hosts: Wasmtime's WASIp2 host (for components made with the official
//! preview1 adapter), Wasmtime's native preview1 host (core modules), and a WASIp3 host used
//! only to time instantiation (the workloads themselves run on the product runner, p3run).
//!
//! Every host is set up the way p3run sets itself up: the same engine features, Wasmtime's
//! compilation cache, a multi-threaded Tokio runtime, inherited stdio, read/write preopens
//! and file I/O on the calling thread (`allow_blocking_current_thread`). The store data and
//! the exit-status rule are p3run's own (`p3shim_host::runner`); only the linkers differ.

use std::path::{Path, PathBuf};
use std::time::Instant;

use p3shim_host::runner::{Host, exit_status};
use wasmtime::component::{Component, Linker as ComponentLinker};
use wasmtime::error::Context;
use wasmtime::{Cache, CodeBuilder, Config, Engine, Linker, Module, Result, Store, bail};
use wasmtime_wasi::p1::WasiP1Ctx;
use wasmtime_wasi::{FsPerms, WasiCtxBuilder};

/// Which WASI the host links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostKind {
    /// `wasi_snapshot_preview1` imports of a core module (`wasmtime_wasi::p1`).
    P1,
    /// `wasi:*@0.2` components (`wasmtime_wasi::p2`).
    P2,
    /// `wasi:*@0.3.0` components (`wasmtime_wasi::p3`), as p3run links them.
    P3,
}

/// One `p3bench run` invocation.
#[derive(Debug)]
pub struct HostOpts {
    pub kind: HostKind,
    /// `(host directory, guest path)` preopens, read/write.
    pub dirs: Vec<(PathBuf, String)>,
    pub inherit_network: bool,
    pub program: PathBuf,
    /// Guest arguments after the program name.
    pub args: Vec<String>,
    /// Instead of running: instantiate this many times and print the median.
    pub time_instantiate: Option<usize>,
}

const USAGE: &str = "usage: p3bench run --host p1|p2|p3 [--dir HOST::GUEST]... \
[-S inherit-network] [--time-instantiate N] PROGRAM.wasm [ARGS...]";

impl HostOpts {
    /// Parses the arguments after `run`.
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut kind = None;
        let mut dirs = Vec::new();
        let mut inherit_network = false;
        let mut time_instantiate = None;
        let mut i = 0;
        while i < args.len() && args[i].starts_with('-') {
            let value = args
                .get(i + 1)
                .with_context(|| format!("{USAGE}\n(missing value)"));
            match args[i].as_str() {
                "--host" => {
                    kind = Some(match value?.as_str() {
                        "p1" => HostKind::P1,
                        "p2" => HostKind::P2,
                        "p3" => HostKind::P3,
                        other => bail!("unknown host `{other}`\n{USAGE}"),
                    })
                }
                "--dir" => {
                    let spec = value?;
                    let (host, guest) = spec.split_once("::").unwrap_or((spec, spec));
                    dirs.push((PathBuf::from(host), guest.to_owned()));
                }
                "-S" => {
                    for flag in value?.split(',') {
                        match flag {
                            "inherit-network" => inherit_network = true,
                            other => bail!("unknown -S flag `{other}`\n{USAGE}"),
                        }
                    }
                }
                "--time-instantiate" => time_instantiate = Some(value?.parse()?),
                other => bail!("unknown option `{other}`\n{USAGE}"),
            }
            i += 2;
        }
        let program = args.get(i).with_context(|| USAGE.to_owned())?.into();
        Ok(Self {
            kind: kind.with_context(|| USAGE.to_owned())?,
            dirs,
            inherit_network,
            program,
            args: args[i + 1..].to_vec(),
            time_instantiate,
        })
    }

    fn wasi_builder(&self) -> Result<WasiCtxBuilder> {
        let mut argv = vec![program_name(&self.program)];
        argv.extend(self.args.iter().cloned());
        let mut builder = WasiCtxBuilder::new();
        builder
            .inherit_stdio()
            .args(&argv)
            .allow_blocking_current_thread(true);
        if self.inherit_network {
            builder
                .inherit_network()
                .allow_tcp(true)
                .allow_udp(true)
                .allow_ip_name_lookup(true);
        }
        for (host, guest) in &self.dirs {
            builder
                .preopened_dir(host, guest, FsPerms::ReadWrite)
                .with_context(|| format!("cannot open `{}` for --dir", host.display()))?;
        }
        Ok(builder)
    }
}

fn program_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// p3run's engine settings (component model with its async ABI, compilation cache).
fn engine() -> Result<Engine> {
    let mut config = Config::new();
    config
        .wasm_component_model(true)
        .wasm_component_model_async(true);
    if let Ok(cache) = Cache::from_file(None) {
        config.cache(Some(cache));
    }
    Engine::new(&config)
}

/// Runs (or times the instantiation of) the program; returns the guest's exit status.
pub fn main(opts: &HostOpts) -> Result<i32> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = rt.block_on(run_async(opts));
    rt.shutdown_timeout(std::time::Duration::from_millis(100));
    result
}

async fn run_async(opts: &HostOpts) -> Result<i32> {
    let engine = engine()?;
    let bytes = std::fs::read(&opts.program)
        .with_context(|| format!("cannot read `{}`", opts.program.display()))?;
    let mut code = CodeBuilder::new(&engine);
    code.wasm_binary(&bytes, Some(&opts.program))?;
    match opts.kind {
        HostKind::P1 => run_p1(opts, &engine, code.compile_module()?).await,
        HostKind::P3 if opts.time_instantiate.is_none() => {
            bail!("--host p3 only times instantiation: run programs with p3run")
        }
        kind => run_component(opts, kind, &engine, code.compile_component()?).await,
    }
}

async fn run_p1(opts: &HostOpts, engine: &Engine, module: Module) -> Result<i32> {
    let mut linker = Linker::<WasiP1Ctx>::new(engine);
    wasmtime_wasi::p1::add_to_linker_async(&mut linker, |t| t)?;
    let pre = linker.instantiate_pre(&module)?;
    if let Some(n) = opts.time_instantiate {
        let mut samples = Vec::with_capacity(n);
        for _ in 0..n {
            let t = Instant::now();
            let mut store = Store::new(engine, opts.wasi_builder()?.build_p1());
            pre.instantiate_async(&mut store).await?;
            samples.push(t.elapsed().as_secs_f64());
        }
        report_instantiate(samples);
        return Ok(0);
    }
    let mut store = Store::new(engine, opts.wasi_builder()?.build_p1());
    let instance = pre.instantiate_async(&mut store).await?;
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
    match start.call_async(&mut store, ()).await {
        Ok(()) => Ok(0),
        Err(e) => guest_status(e),
    }
}

async fn run_component(
    opts: &HostOpts,
    kind: HostKind,
    engine: &Engine,
    component: Component,
) -> Result<i32> {
    let mut linker = ComponentLinker::<Host>::new(engine);
    if kind == HostKind::P2 {
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
    } else {
        wasmtime_wasi::p3::add_to_linker(&mut linker)?;
    }
    let pre = linker.instantiate_pre(&component)?;
    let new_store = || -> Result<Store<Host>> {
        Ok(Store::new(engine, Host::new(opts.wasi_builder()?.build())))
    };
    if let Some(n) = opts.time_instantiate {
        let mut samples = Vec::with_capacity(n);
        for _ in 0..n {
            let t = Instant::now();
            let mut store = new_store()?;
            pre.instantiate_async(&mut store).await?;
            samples.push(t.elapsed().as_secs_f64());
        }
        report_instantiate(samples);
        return Ok(0);
    }
    // Only p2 gets here: p3 programs run on p3run.
    let mut store = new_store()?;
    let pre = wasmtime_wasi::p2::bindings::CommandPre::new(pre)?;
    let command = match pre.instantiate_async(&mut store).await {
        Ok(c) => c,
        Err(e) => return guest_status(e),
    };
    match command.wasi_cli_run().call_run(&mut store).await {
        Ok(Ok(())) => Ok(0),
        Ok(Err(())) => Ok(1),
        Err(e) => guest_status(e),
    }
}

/// `proc_exit` / `wasi:cli/exit` is a normal exit with that status; anything else a trap.
fn guest_status(error: wasmtime::Error) -> Result<i32> {
    match exit_status(&error) {
        Some(code) => Ok(code),
        None => Err(error.context("guest trapped")),
    }
}

fn report_instantiate(samples: Vec<f64>) {
    eprintln!(
        "bench: instantiate {:.1} us",
        crate::report::median(&samples) * 1e6
    );
}
