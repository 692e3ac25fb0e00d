//! Doors the adapter closes for a program that cannot use what is behind them.
//!
//! The engine reaches an optional part from code that every program has (`read`, `close`,
//! `poll`, every traced call) only through one exported function, its door: the socket
//! kinds (`adapter/src/netgate.rs`), file and directory streams (`filegate.rs`) and the
//! tracer (`trace.rs`), and exit's flush (`desc.rs`), which a program that touches no
//! descriptor never needs. A closed
//! door's body is emptied; wit-component's adapter GC then drops every function, and every
//! WASIp3 import and built-in, that only the door reached. The program pays only for what
//! it can use (docs/DECISIONS.md).

use anyhow::{Context, Result};
use wasmparser::{ExternalKind, Payload, TypeRef};

/// One door of the adapter.
struct Door {
    /// The adapter export that is the door.
    export: &'static str,
    /// Which of the program's `wasi_snapshot_preview1` imports open it (the only ways to
    /// create what is behind it).
    opened_by: Opener,
    /// A closed door that can still be called (the tracer's: told to turn on, it does
    /// nothing) returns; one that cannot be reached traps.
    returns: bool,
}

enum Opener {
    /// Any of these imports.
    Any(&'static [&'static str]),
    /// Any import but these (or the tracer, which writes to stderr).
    AnyBut(&'static [&'static str]),
    /// Only the tracer option.
    Trace,
}

/// The preview1 calls that touch no descriptor: a program importing only these never
/// fills the descriptor table, so exit has nothing to flush (`desc::flush_at_exit`).
const NO_DESCRIPTORS: &[&str] = &[
    "args_get",
    "args_sizes_get",
    "environ_get",
    "environ_sizes_get",
    "clock_res_get",
    "clock_time_get",
    "random_get",
    "proc_exit",
    "proc_raise",
    "sched_yield",
];

const DOORS: &[Door] = &[
    Door {
        export: "p3shim_gate_net",
        opened_by: Opener::Any(&["p3shim_socket"]),
        returns: false,
    },
    Door {
        export: "p3shim_gate_files",
        opened_by: Opener::Any(&["path_open", "fd_readdir"]),
        returns: false,
    },
    Door {
        export: "p3shim_gate_trace",
        opened_by: Opener::Trace,
        returns: true,
    },
    Door {
        export: "p3shim_gate_exit",
        opened_by: Opener::AnyBut(NO_DESCRIPTORS),
        returns: false,
    },
];

/// The adapter with the doors `module` cannot open closed (the tracer's stays open with
/// `trace`); `None` when all stay open, or the adapter has none (an older one).
pub fn close_unused(module: &[u8], adapter: &[u8], trace: bool) -> Result<Option<Vec<u8>>> {
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
    let open = |door: &Door| match door.opened_by {
        Opener::Any(names) => names.iter().any(|o| imports.iter().any(|i| i == o)),
        Opener::AnyBut(names) => trace || imports.iter().any(|i| !names.contains(&i.as_str())),
        Opener::Trace => trace,
    };
    let closed: Vec<&Door> = DOORS.iter().filter(|d| !open(d)).collect();
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
                    if export.kind != ExternalKind::Func {
                        continue;
                    }
                    if let Some(door) = closed.iter().find(|d| d.export == export.name) {
                        targets.push((export.index, door.returns));
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
                if let Some(&(_, returns)) = targets.iter().find(|(i, _)| *i == index) {
                    // `unreachable` fits any signature, and the tracer's door (pointers
                    // in, nothing out) may be empty; wit-component validates the result.
                    let mut stub = wasm_encoder::Function::new([]);
                    if !returns {
                        stub.instruction(&wasm_encoder::Instruction::Unreachable);
                    }
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
