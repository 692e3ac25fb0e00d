//! Assembles the engine's wasm globals, embeds the WASIp3 `component-type` metadata and brings
//! in the generated declarations of the engine's imports.

use std::{
    env,
    path::{Path, PathBuf},
};

fn main() {
    println!("cargo:rerun-if-changed=src/asm/globals.s");
    println!("cargo:rerun-if-env-changed=WASI_SDK_PATH");
    let target = env::var("TARGET").unwrap();
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    // Both come from the host tools (the Makefile runs them) and describe the same WIT: the
    // metadata embedded in the engine and the Rust declarations of its imports. Host builds
    // (clippy, docs), where the engine's modules are left out, get empty placeholders.
    let wasm = target.starts_with("wasm32");
    input(
        wasm,
        "P3SHIM_COMPONENT_TYPE",
        "p3componentize metadata",
        &out.join("component-type.bin"),
    );
    input(
        wasm,
        "P3SHIM_WASI_BINDINGS",
        "p3shim-bindgen",
        &out.join("wasi_bindings.rs"),
    );
    if !wasm {
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
            out.join("component-type.bin").display()
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

/// Copies the file named by `var` (written by `tool`) to `dest`.
fn input(wasm: bool, var: &str, tool: &str, dest: &Path) {
    println!("cargo:rerun-if-env-changed={var}");
    match env::var_os(var).map(PathBuf::from) {
        Some(p) => {
            println!("cargo:rerun-if-changed={}", p.display());
            std::fs::copy(&p, dest).unwrap_or_else(|e| panic!("copying {}: {e}", p.display()));
        }
        None if wasm => {
            panic!("{var} must name the output of `{tool}`; build with `make`")
        }
        None => std::fs::write(dest, []).unwrap(),
    }
}
