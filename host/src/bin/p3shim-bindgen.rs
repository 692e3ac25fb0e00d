//! `p3shim-bindgen -o <wasi_bindings.rs>`: writes the Rust declarations of the engine's
//! imports, generated from the WASIp3 WIT (`p3shim_host::bindings`). A step of `make`, kept
//! out of the installed tools: reading wit-component's dummy modules brings a WAT parser.

use anyhow::{Context, Result, bail};

fn main() {
    if let Err(e) = real_main() {
        eprintln!("p3shim-bindgen: error: {e:#}");
        std::process::exit(2);
    }
}

fn real_main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [flag, out] = args.as_slice() else {
        bail!("usage: p3shim-bindgen -o <wasi_bindings.rs>");
    };
    if flag != "-o" {
        bail!("usage: p3shim-bindgen -o <wasi_bindings.rs>");
    }
    let src = p3shim_host::bindings::command_bindings()?;
    std::fs::write(out, src).with_context(|| format!("cannot write {out}"))
}
