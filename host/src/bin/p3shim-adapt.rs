//! `p3shim-adapt`: turns any wasip1 core module into a WASIp3 component with the p3shim
//! adapter, so that it imports only `wasi:*@0.3.0`.
//!
//! ```text
//! p3shim-adapt IN.wasm -o OUT.wasm [--adapter wasi_snapshot_preview1.command.wasm]
//!              [--reserve-pages N] [--trace]
//! ```
//!
//! `--trace` keeps the engine's tracer, so that `P3SHIM_TRACE=1` in the program's
//! environment prints every call; without it the tracer is left out of the component.
//!
//! A Go module (`GOOS=wasip1`, found by `runtime.osinit` in its name section) is rewritten
//! so that Go's heap leaves the adapter's pages alone, and the adapter reserves
//! `--reserve-pages` pages (default 64, 4 MiB) before `_start`; see docs/DECISIONS.md.
//!
//! The adapter is found, in order: `--adapter`, `$P3SHIM_ADAPTER`, the installed copy
//! (`<prefix>/share/p3shim/` beside `<prefix>/bin/`), the build tree (`target/p3shim/`).

use anyhow::{Context, Result, bail};
use p3shim_host::componentize;
use std::path::{Path, PathBuf};

const ADAPTER: &str = "wasi_snapshot_preview1.command.wasm";
const USAGE: &str = "usage: p3shim-adapt IN.wasm -o OUT.wasm [--adapter ADAPTER.wasm] [--reserve-pages N] [--trace]";

fn main() {
    if let Err(e) = real_main() {
        eprintln!("p3shim-adapt: error: {e:#}");
        std::process::exit(2);
    }
}

fn real_main() -> Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (mut input, mut output, mut adapter) = (None, None, None);
    let mut options = componentize::Options::default();
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return Ok(());
            }
            Some("-o") => output = Some(PathBuf::from(args.next().context("-o needs a path")?)),
            Some("--adapter") => {
                adapter = Some(PathBuf::from(
                    args.next().context("--adapter needs a path")?,
                ))
            }
            Some("--trace") => options.trace = true,
            Some("--reserve-pages") => {
                options.reserve_pages = args
                    .next()
                    .and_then(|n| n.to_str()?.parse().ok())
                    .context("--reserve-pages needs a number of 64 KiB pages")?
            }
            Some(s) if s.starts_with('-') && s.len() > 1 => bail!("unknown option `{s}`\n{USAGE}"),
            _ if input.is_none() => input = Some(PathBuf::from(a)),
            _ => bail!("more than one input module\n{USAGE}"),
        }
    }
    let input = input.with_context(|| format!("missing input module\n{USAGE}"))?;
    let output = output.with_context(|| format!("missing -o OUT.wasm\n{USAGE}"))?;
    let module =
        std::fs::read(&input).with_context(|| format!("cannot read {}", input.display()))?;
    check_module(&module, &input)?;
    let adapter_path = find_adapter(adapter)?;
    let adapter = std::fs::read(&adapter_path)
        .with_context(|| format!("cannot read the adapter {}", adapter_path.display()))?;
    let component = componentize::componentize_with(&module, Some(&adapter), &options)
        .with_context(|| format!("cannot adapt {}", input.display()))?;
    std::fs::write(&output, component).with_context(|| format!("cannot write {}", output.display()))
}

/// Rejects inputs wit-component would report less clearly.
fn check_module(bytes: &[u8], path: &Path) -> Result<()> {
    match bytes.get(..8) {
        Some(b"\0asm\x01\0\0\0") => Ok(()),
        Some([0, b'a', b's', b'm', _, _, 1, 0]) => bail!(
            "{} is already a component; p3shim-adapt takes a wasip1 core module",
            path.display()
        ),
        _ => bail!("{} is not a WebAssembly module", path.display()),
    }
}

fn find_adapter(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = explicit.or_else(|| std::env::var_os("P3SHIM_ADAPTER").map(PathBuf::from)) {
        return Ok(p);
    }
    let exe = std::env::current_exe().context("cannot locate p3shim-adapt itself")?;
    let bin = exe.parent().context("p3shim-adapt has no directory")?;
    let candidates = [
        bin.join("../share/p3shim").join(ADAPTER),
        bin.join("../p3shim").join(ADAPTER),
    ];
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .with_context(|| {
            format!(
                "cannot find {ADAPTER} (looked in {} and {}); pass --adapter or set P3SHIM_ADAPTER",
                candidates[0].display(),
                candidates[1].display()
            )
        })
}
