//! Compiles the C half of the C ABI (`c/*.c`) with the wasm C compiler, against the same
//! libc headers the programs use, and bundles it into `libp3shim.a`.

use std::{env, path::PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=c");
    println!("cargo:rerun-if-changed=../include");
    println!("cargo:rerun-if-env-changed=WASI_SDK_PATH");
    if !env::var("TARGET").unwrap().starts_with("wasm32") {
        return;
    }
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut build = cc::Build::new();
    match env::var("WASI_SDK_PATH").ok().filter(|s| !s.is_empty()) {
        Some(sdk) => {
            build
                .compiler(format!("{sdk}/bin/clang"))
                .archiver(format!("{sdk}/bin/llvm-ar"))
                .flag("--target=wasm32-wasip1")
                .flag(format!("--sysroot={sdk}/share/wasi-sysroot"));
        }
        None => {
            build
                .compiler("clang-22")
                .archiver("llvm-ar-22")
                .flag("--target=wasm32-wasi")
                .flag("--sysroot=/usr")
                .flag("-Wno-deprecated");
        }
    }
    build
        .no_default_flags(true)
        .flag("-O2")
        .flag("-Wall")
        .flag("-Werror")
        .include(root.join("../include"))
        .file(root.join("c/posix.c"))
        .file(root.join("c/poll.c"))
        .file(root.join("c/socket.c"))
        .file(root.join("c/netdb.c"))
        .compile("p3shim_c");
}
