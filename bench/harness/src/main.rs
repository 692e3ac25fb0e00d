//! `p3bench`: the benchmark harness.
//!
//! - `p3bench run --host p1|p2|p3 ...`: the comparison hosts (see [`hosts`]).
//! - `p3bench adapt IN.wasm -o OUT.wasm`: a component made with Wasmtime's official
//!   preview1 command adapter (the bytes of `wasi-preview1-component-adapter-provider`).
//! - `p3bench drive`: runs every workload under every configuration, interleaved run by run,
//!   and writes the report (`bench/run.sh` builds the programs first).

mod driver;
mod hosts;
mod report;
mod setup;

use std::process::ExitCode;

use wasi_preview1_component_adapter_provider::WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER;
use wasmtime::error::Context;
use wasmtime::{Result, bail};

const USAGE: &str =
    "usage: p3bench run --host p1|p2|p3 [--dir HOST::GUEST]... [-S inherit-network] \
[--time-instantiate N] PROGRAM.wasm [ARGS...]
       p3bench adapt MODULE.wasm -o COMPONENT.wasm
       p3bench drive";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(e) => {
            eprintln!("p3bench: error: {e:?}");
            ExitCode::from(1)
        }
    }
}

fn dispatch(args: &[String]) -> Result<i32> {
    match args.first().map(String::as_str) {
        Some("run") => hosts::main(&hosts::HostOpts::parse(&args[1..])?),
        Some("adapt") => match &args[1..] {
            [input, o, output] if o == "-o" => {
                let module =
                    std::fs::read(input).with_context(|| format!("cannot read `{input}`"))?;
                std::fs::write(output, adapt_official(&module)?)?;
                Ok(0)
            }
            _ => bail!("{USAGE}"),
        },
        Some("drive") if args.len() == 1 => driver::main(),
        _ => bail!("{USAGE}"),
    }
}

/// A wasip1 core module turned into a WASIp2 component with the official command adapter,
/// by the same wit-component path p3shim's own adapter goes through.
fn adapt_official(module: &[u8]) -> Result<Vec<u8>> {
    p3shim_host::componentize::componentize(module, Some(WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER))
        .map_err(|e| wasmtime::format_err!("{e:?}"))
}
