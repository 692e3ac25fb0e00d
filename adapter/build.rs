//! Assembles the engine's wasm globals and embeds the WASIp3 `component-type` metadata.

use std::{env, path::PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src/asm/globals.s");
    println!("cargo:rerun-if-env-changed=P3SHIM_COMPONENT_TYPE");
    println!("cargo:rerun-if-env-changed=WASI_SDK_PATH");
    let target = env::var("TARGET").unwrap();
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    // The metadata is produced by `p3componentize metadata` (the Makefile does this);
    // host builds (clippy, docs) get an empty placeholder.
    let meta = env::var("P3SHIM_COMPONENT_TYPE").ok().map(PathBuf::from);
    let dest = out.join("component-type.bin");
    match meta {
        Some(p) => {
            println!("cargo:rerun-if-changed={}", p.display());
            std::fs::copy(&p, &dest).unwrap_or_else(|e| panic!("copying {}: {e}", p.display()));
        }
        None if target.starts_with("wasm32") => {
            panic!(
                "P3SHIM_COMPONENT_TYPE must name the metadata from `p3componentize metadata`; build with `make`"
            )
        }
        None => std::fs::write(&dest, []).unwrap(),
    }
    if !target.starts_with("wasm32") {
        return;
    }
    // The adapter shares the main module's memory (wit-component expects `env.memory`).
    println!("cargo:rustc-link-arg=--import-memory");
    // No stack or data of its own in that memory: wit-component allocates the stack.
    println!("cargo:rustc-link-arg=-zstack-size=0");
    let (clang, ar) = match env::var("WASI_SDK_PATH").ok().filter(|s| !s.is_empty()) {
        Some(sdk) => (format!("{sdk}/bin/clang"), format!("{sdk}/bin/llvm-ar")),
        None => ("clang-22".to_string(), "llvm-ar-22".to_string()),
    };
    // The metadata goes in as a custom section from assembly (a Rust `link_section`
    // static also leaves a copy of the bytes in `.rodata`, a data section). It shares an
    // object with the globals, which the engine references, so the linker keeps it.
    let globals = std::fs::read_to_string("src/asm/globals.s").unwrap();
    let asm = out.join("engine_globals.s");
    std::fs::write(
        &asm,
        format!(
            "{globals}\n\t.section\t\".custom_section.component-type:p3shim\",\"\",@\n\t.incbin\t\"{}\"\n",
            dest.display()
        ),
    )
    .unwrap();
    cc::Build::new()
        .compiler(clang)
        .archiver(ar)
        .target("wasm32-unknown-unknown")
        .debug(false)
        .flag("-Wno-unused-command-line-argument")
        .file(&asm)
        .compile("p3shim_globals");
}
