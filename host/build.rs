//! Finds the `wasi:*@0.3.0` WIT that the pinned `wasmtime-wasi` serves and embeds it into the
//! host tools, so the worlds p3shim embeds in its guests are exactly the ones the host links.

use std::{env, fs, path::PathBuf, process::Command};

fn main() {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("Cargo.toml");
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(&manifest)
        .output()
        .expect("running cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pkg = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "wasmtime-wasi")
        .expect("wasmtime-wasi in the dependency graph");
    let dir = PathBuf::from(pkg["manifest_path"].as_str().unwrap())
        .parent()
        .unwrap()
        .join("src/p3/wit/deps");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wit"))
        .collect();
    files.sort();
    let mut src = String::from(
        "/// The WASIp3 WIT packages served by the linked wasmtime-wasi.\npub const WASI_P3_WIT: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        src.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            f.file_name().unwrap().to_str().unwrap(),
            f.display().to_string()
        ));
    }
    src.push_str("];\n");
    fs::write(
        PathBuf::from(env::var("OUT_DIR").unwrap()).join("wasi_p3_wit.rs"),
        src,
    )
    .unwrap();
    println!("cargo:rerun-if-changed=build.rs");
}
