//! `p3componentize`: builds WASIp3 components from p3shim guests.
//!
//! ```text
//! p3componentize new <module.wasm> [--adapt <adapter.wasm> [--trace]] -o <out.wasm>
//! p3componentize metadata -o <component-type.bin>
//! p3componentize imports <component.wasm>
//! p3componentize slim-adapter <linked-adapter.wasm> -o <adapter.wasm>
//! ```

use anyhow::{Context, Result, bail};
use p3shim_host::componentize;
use std::path::PathBuf;

fn main() {
    if let Err(e) = real_main() {
        eprintln!("p3componentize: error: {e:#}");
        std::process::exit(2);
    }
}

fn read(path: &PathBuf) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

fn real_main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let cmd = args.next().unwrap_or_default();
    let mut input = None;
    let mut adapter = None;
    let mut output = None;
    let mut options = componentize::Options::default();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--trace" => options.trace = true,
            "--adapt" => {
                adapter = Some(PathBuf::from(args.next().context("--adapt needs a path")?))
            }
            "-o" => output = Some(PathBuf::from(args.next().context("-o needs a path")?)),
            _ if input.is_none() => input = Some(PathBuf::from(a)),
            _ => bail!("unexpected argument `{a}`"),
        }
    }
    let write = |bytes: &[u8]| -> Result<()> {
        let out = output.as_ref().context("missing -o <output>")?;
        std::fs::write(out, bytes).with_context(|| format!("cannot write {}", out.display()))
    };
    match cmd.as_str() {
        "new" => {
            let module = read(input.as_ref().context("missing input module")?)?;
            let adapter = adapter.as_ref().map(read).transpose()?;
            write(&componentize::componentize_with(
                &module,
                adapter.as_deref(),
                &options,
            )?)
        }
        "metadata" => write(&componentize::command_metadata()?),
        "imports" => {
            let bytes = read(input.as_ref().context("missing component")?)?;
            for name in componentize::component_imports(&bytes)? {
                println!("{name}");
            }
            Ok(())
        }
        "slim-adapter" => {
            let module = read(input.as_ref().context("missing adapter module")?)?;
            write(&componentize::slim_adapter(&module)?)
        }
        _ => bail!(
            "usage: p3componentize new <module> [--adapt <adapter> [--trace]] -o <out> | metadata -o <out> | imports <component> | slim-adapter <module> -o <out>"
        ),
    }
}
