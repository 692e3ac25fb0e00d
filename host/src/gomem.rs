//! Programs whose runtime owns all of linear memory (Go's `GOOS=wasip1`), made safe to run
//! through the adapter (docs/DECISIONS.md, "Go through the adapter").
//!
//! Go's runtime starts its heap at the end of its static data and takes every page up to
//! `memory.size` (read once in `runtime.osinit`) as free heap; later it grows memory
//! assuming nobody else does. The adapter's state, grown before `_start`, would sit in that
//! heap. Two changes, made only to Go modules:
//! - the module: `runtime.osinit` starts the heap at `memory.size` instead of the end of
//!   static data, so pages grown before `_start` stay outside the heap;
//! - the adapter: its `p3shim_reserve_pages` global gets a non-zero initial value, so it
//!   grows that many pages before `_start` and takes every later page from them.

use anyhow::{Context, Result, bail};
use wasmparser::{KnownCustom, Name, Operator, Payload, TypeRef};

/// Pages the adapter reserves for a Go program by default (see DECISIONS.md for the
/// measurement behind it).
pub const DEFAULT_RESERVE_PAGES: u32 = 64;

/// The adapter global `p3shim-adapt` sets.
const RESERVE_GLOBAL: &str = "p3shim_reserve_pages";

/// Whether `module` is a Go program (a `go:buildid` custom section, or `runtime.osinit` in
/// its name section); `Some` with the module rewritten so that Go's heap starts at
/// `memory.size`, `None` for any other program. A Go module whose `runtime.osinit` does not
/// have the expected code is an error.
pub fn rewrite_go(module: &[u8]) -> Result<Option<Vec<u8>>> {
    let mut imported_funcs = 0u32;
    let mut osinit = None;
    let mut buildid = false;
    let mut bodies = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        match payload.context("reading the core module")? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_)) {
                        imported_funcs += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body),
            Payload::CustomSection(custom) => {
                if custom.name() == "go:buildid" {
                    buildid = true;
                }
                if let KnownCustom::Name(reader) = custom.as_known() {
                    for sub in reader {
                        // A malformed name section is no reason to refuse a module.
                        let Ok(Name::Function(map)) = sub else {
                            continue;
                        };
                        for naming in map.into_iter().flatten() {
                            if naming.name == "runtime.osinit" {
                                osinit = Some(naming.index);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if osinit.is_none() && !buildid {
        return Ok(None);
    }
    let body = match osinit {
        Some(index) => index
            .checked_sub(imported_funcs)
            .and_then(|i| bodies.get(i as usize))
            .context("the name section's `runtime.osinit` is not a defined function")?,
        // `go build -ldflags=-s` (and `go test`, `go run`) drop the name section: osinit is
        // the only caller of the only function that reads `memory.size`
        // (`runtime.currentMemory`).
        None => find_osinit(&bodies, imported_funcs)?,
    };
    // The inlined `initBloc`: bloc = alignUp(firstmoduledata.end, 64 KiB), i.e.
    //   i64.load (end); i64.const 65535; i64.add; i64.const -65536; i64.and
    // becomes the same number of bytes computing memory.size * 64 KiB:
    //   drop; memory.size 0; i64.extend_i32_u; i64.const 16; i64.shl; nop...
    let mut ops = body.get_operators_reader()?;
    let mut window: Vec<(usize, Operator)> = Vec::new();
    let mut found = Vec::new();
    while !ops.eof() {
        let pos = ops.original_position() as usize;
        window.push((pos, ops.read()?));
        if window.len() > 6 {
            window.remove(0);
        }
        if window.len() == 6
            && matches!(window[0].1, Operator::I64Load { .. })
            && matches!(window[1].1, Operator::I64Const { value: 65535 })
            && matches!(window[2].1, Operator::I64Add)
            && matches!(window[3].1, Operator::I64Const { value: -65536 })
            && matches!(window[4].1, Operator::I64And)
        {
            found.push((window[0].0, window[5].0));
        }
    }
    let [(start, end)] = found[..] else {
        bail!(
            "this Go module's `runtime.osinit` does not start its heap the way p3shim-adapt \
             knows (Go 1.27's inlined `initBloc`; found {} candidate(s)), so it cannot be \
             made to leave the adapter's memory alone; please report the Go version",
            found.len()
        );
    };
    let new: &[u8] = &[0x1a, 0x3f, 0x00, 0xad, 0x42, 0x10, 0x86];
    if end - start < new.len() {
        bail!("unexpected encoding of Go's `runtime.osinit`");
    }
    let mut out = module.to_vec();
    out[start..start + new.len()].copy_from_slice(new);
    out[start + new.len()..end].fill(0x01);
    Ok(Some(out))
}

/// The adapter with its `p3shim_reserve_pages` global starting at `pages`.
pub fn adapter_with_reserve(adapter: &[u8], pages: u32) -> Result<Vec<u8>> {
    use wasm_encoder::{ConstExpr, GlobalSection, GlobalType, ValType};
    let mut target = None;
    for payload in wasmparser::Parser::new(0).parse_all(adapter) {
        if let Payload::CustomSection(custom) = payload.context("reading the adapter")?
            && let KnownCustom::Name(reader) = custom.as_known()
        {
            for sub in reader {
                if let Name::Global(map) = sub? {
                    for naming in map {
                        let naming = naming?;
                        if naming.name == RESERVE_GLOBAL {
                            target = Some(naming.index);
                        }
                    }
                }
            }
        }
    }
    let target = target.with_context(|| {
        format!("the adapter has no `{RESERVE_GLOBAL}` global (an older or foreign adapter?)")
    })?;
    let mut imported_globals = 0u32;
    let mut out = wasm_encoder::Module::new();
    for payload in wasmparser::Parser::new(0).parse_all(adapter) {
        let payload = payload?;
        match &payload {
            Payload::ImportSection(reader) => {
                for import in reader.clone().into_imports() {
                    if matches!(import?.ty, TypeRef::Global(_)) {
                        imported_globals += 1;
                    }
                }
            }
            Payload::GlobalSection(reader) => {
                let mut globals = GlobalSection::new();
                for (i, global) in reader.clone().into_iter().enumerate() {
                    let global = global?;
                    let ty = global.ty;
                    let val_type = match ty.content_type {
                        wasmparser::ValType::I32 => ValType::I32,
                        wasmparser::ValType::I64 => ValType::I64,
                        other => bail!("unexpected adapter global type {other:?}"),
                    };
                    let init = if imported_globals + i as u32 == target {
                        ConstExpr::i32_const(pages as i32)
                    } else {
                        let mut r = global.init_expr.get_operators_reader();
                        match r.read()? {
                            Operator::I32Const { value } => ConstExpr::i32_const(value),
                            Operator::I64Const { value } => ConstExpr::i64_const(value),
                            other => bail!("unexpected adapter global initialiser {other:?}"),
                        }
                    };
                    globals.global(
                        GlobalType {
                            val_type,
                            mutable: ty.mutable,
                            shared: ty.shared,
                        },
                        &init,
                    );
                }
                out.section(&globals);
                continue;
            }
            _ => {}
        }
        crate::componentize::copy_section(&mut out, adapter, &payload);
    }
    Ok(out.finish())
}

/// `runtime.osinit` in a Go module without names: the one function that calls the one
/// function containing `memory.size`.
fn find_osinit<'a>(
    bodies: &'a [wasmparser::FunctionBody<'a>],
    imported_funcs: u32,
) -> Result<&'a wasmparser::FunctionBody<'a>> {
    let mut sizers = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        let mut ops = body.get_operators_reader()?;
        while !ops.eof() {
            if let Operator::MemorySize { .. } = ops.read()? {
                sizers.push(imported_funcs + i as u32);
                break;
            }
        }
    }
    let [current_memory] = sizers[..] else {
        bail!(
            "this Go module has {} functions that read `memory.size` (Go 1.27 has one, \
             `runtime.currentMemory`), so p3shim-adapt cannot find `runtime.osinit` without \
             a name section; please report the Go version",
            sizers.len()
        );
    };
    let mut callers = Vec::new();
    for body in bodies {
        let mut ops = body.get_operators_reader()?;
        while !ops.eof() {
            if let Operator::Call { function_index } = ops.read()?
                && function_index == current_memory
            {
                callers.push(body);
                break;
            }
        }
    }
    let [osinit] = callers[..] else {
        bail!(
            "`runtime.currentMemory` has {} callers in this Go module (Go 1.27 has one, \
             `runtime.osinit`); please report the Go version",
            callers.len()
        );
    };
    Ok(osinit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Go 1.27's shape, stripped: `go:buildid`, one `memory.size` function and one caller
    /// of it holding the inlined `initBloc`.
    const FAKE_GO: &str = r#"(module
        (memory (export "memory") 2)
        (func $current_memory (result i32) (memory.size))
        (func $osinit (local i64)
            (local.set 0 (i64.and (i64.add (i64.load (i32.const 1024)) (i64.const 65535))
                                  (i64.const -65536)))
            (i64.store (i32.const 8) (local.get 0))
            (drop (call $current_memory)))
        (func (export "_start") (call $osinit))
        (@custom "go:buildid" "x"))"#;

    #[test]
    fn other_modules_are_left_alone() {
        let wasm = wat::parse_str(r#"(module (memory 1) (func (export "_start")))"#).unwrap();
        assert!(rewrite_go(&wasm).unwrap().is_none());
    }

    #[test]
    fn go_heap_start_becomes_memory_size_in_place() {
        let wasm = wat::parse_str(FAKE_GO).unwrap();
        let out = rewrite_go(&wasm).unwrap().expect("recognised as Go");
        assert_eq!(out.len(), wasm.len());
        wasmparser::Validator::new().validate_all(&out).unwrap();
        let at = |m: &[u8]| {
            m.windows(7)
                .position(|w| w == [0x1a, 0x3f, 0, 0xad, 0x42, 0x10, 0x86])
        };
        assert!(at(&wasm).is_none() && at(&out).is_some());
    }

    #[test]
    fn go_without_the_pattern_is_an_error() {
        let wasm = wat::parse_str(FAKE_GO.replace("65535", "4095")).unwrap();
        let err = rewrite_go(&wasm).unwrap_err().to_string();
        assert!(err.contains("does not start its heap"), "{err}");
    }

    #[test]
    fn reserve_sets_only_its_global() {
        let adapter = wat::parse_str(
            r#"(module (global $a (mut i32) (i32.const 7))
                (global $p3shim_reserve_pages (mut i32) (i32.const 0))
                (func (export "get") (result i32) (i32.add (global.get $a) (global.get 1))))"#,
        )
        .unwrap();
        let out = adapter_with_reserve(&adapter, 64).unwrap();
        wasmparser::Validator::new().validate_all(&out).unwrap();
        let mut inits = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(&out) {
            if let Payload::GlobalSection(r) = payload.unwrap() {
                for g in r {
                    match g.unwrap().init_expr.get_operators_reader().read().unwrap() {
                        Operator::I32Const { value } => inits.push(value),
                        other => panic!("{other:?}"),
                    }
                }
            }
        }
        assert_eq!(inits, [7, 64]);
    }
}
