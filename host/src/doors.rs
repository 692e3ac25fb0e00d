//! Doors the adapter closes for a program that cannot use what is behind them.
//!
//! The engine reaches an optional part (today: the socket kinds) from code that every
//! program has (`read`, `close`, `poll`, ...) only through one exported function, its
//! door (`adapter/src/netgate.rs`). When the program imports none of the calls that can
//! create what is behind a door, the door's body becomes `unreachable`; wit-component's
//! adapter GC then drops every function, and every WASIp3 import and built-in, that only
//! the door reached. The program pays only for what it can use (docs/DECISIONS.md).

use anyhow::{Context, Result};
use wasmparser::{ExternalKind, Payload, TypeRef};

/// Each door: the adapter export that is its body, and the preview1-module imports of the
/// program that open it (the only ways to create what is behind it).
const DOORS: &[(&str, &[&str])] = &[("p3shim_gate_net", &["p3shim_socket"])];

/// The adapter with the doors `module` cannot open closed; `None` when all stay open (or
/// the adapter has none, as an older one).
pub fn close_unused(module: &[u8], adapter: &[u8]) -> Result<Option<Vec<u8>>> {
    let mut imports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        if let Payload::ImportSection(reader) = payload.context("reading the core module")? {
            for import in reader.into_imports() {
                let import = import?;
                if import.module == "wasi_snapshot_preview1" {
                    imports.push(import.name.to_owned());
                }
            }
        }
    }
    let closed: Vec<&str> = DOORS
        .iter()
        .filter(|(_, openers)| !openers.iter().any(|o| imports.iter().any(|i| i == o)))
        .map(|(door, _)| *door)
        .collect();
    let mut imported_funcs = 0u32;
    let mut targets = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(adapter) {
        match payload.context("reading the adapter")? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_)) {
                        imported_funcs += 1;
                    }
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export?;
                    if export.kind == ExternalKind::Func && closed.contains(&export.name) {
                        targets.push(export.index);
                    }
                }
            }
            _ => {}
        }
    }
    if targets.is_empty() {
        return Ok(None);
    }
    let mut out = wasm_encoder::Module::new();
    let mut code = wasm_encoder::CodeSection::new();
    let mut index = imported_funcs;
    let mut left = 0;
    for payload in wasmparser::Parser::new(0).parse_all(adapter) {
        let payload = payload?;
        match &payload {
            Payload::CodeSectionStart { count, .. } => left = *count,
            Payload::CodeSectionEntry(body) => {
                if targets.contains(&index) {
                    let mut stub = wasm_encoder::Function::new([]);
                    stub.instruction(&wasm_encoder::Instruction::Unreachable);
                    stub.instruction(&wasm_encoder::Instruction::End);
                    code.function(&stub);
                } else {
                    let r = body.range();
                    code.raw(&adapter[r.start as usize..r.end as usize]);
                }
                index += 1;
                left -= 1;
                if left == 0 {
                    out.section(&code);
                }
            }
            _ => crate::componentize::copy_section(&mut out, adapter, &payload),
        }
    }
    Ok(Some(out.finish()))
}
