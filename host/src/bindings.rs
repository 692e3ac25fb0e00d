//! Rust declarations of the engine's imports, generated from the WASIp3 WIT: `p3shim-bindgen`
//! writes them, the adapter crate includes them, and `adapter/src/wasi.rs` gives the ones the
//! engine calls their engine names.
//!
//! No import signature is written here. Which imports exist, and the core type of each, come
//! from wit-component: the imports of its dummy modules for the world (`world_imports`).
//! wit-parser names each import's WIT item (for the Rust module path and function name) and,
//! through its canonical-ABI signatures, tells addresses and lengths from other integers, so
//! that the Rust parameters are `*const u8`, `*mut u8` or `usize` where they should be. Every
//! declaration's core type is compared with wit-component's before anything is written.
//! wit-bindgen's generator is not used: its bindings call into its runtime, which brings data,
//! tables and a start function that an adapter module may not have.

use anyhow::{Context, Result, bail, ensure};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use wasmparser::{FuncType, Payload, TypeRef, ValType};
use wit_parser::abi::{AbiVariant, FlatTypes, WasmType};
use wit_parser::{
    Function, FunctionKind, FutureIntrinsic, LiftLowerAbi, ManglingAndAbi, Resolve,
    ResourceIntrinsic, StreamIntrinsic, TypeDefKind, WasmImport, WorldId, WorldItem, WorldKey,
};

/// A core import: `(module, field)`.
pub type ImportName = (String, String);

/// The Rust type a core value is declared with. Only the core type reaches the import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum View {
    U32,
    U64,
    F32,
    F64,
    Usize,
    /// An address the callee reads (list contents, spilled parameters).
    ConstPtr,
    /// An address the callee writes (results, events, stream/future buffers it fills).
    MutPtr,
}

impl View {
    fn core(self) -> ValType {
        match self {
            View::U32 | View::Usize | View::ConstPtr | View::MutPtr => ValType::I32,
            View::U64 => ValType::I64,
            View::F32 => ValType::F32,
            View::F64 => ValType::F64,
        }
    }

    fn rust(self) -> &'static str {
        match self {
            View::U32 => "u32",
            View::U64 => "u64",
            View::F32 => "f32",
            View::F64 => "f64",
            View::Usize => "usize",
            View::ConstPtr => "*const u8",
            View::MutPtr => "*mut u8",
        }
    }

    /// The plain view of a core value nothing more is known about.
    fn plain(ty: ValType) -> Result<View> {
        Ok(match ty {
            ValType::I32 => View::U32,
            ValType::I64 => View::U64,
            ValType::F32 => View::F32,
            ValType::F64 => View::F64,
            other => bail!("core type {other} in a WASIp3 import"),
        })
    }

    /// The view of a flattened WIT parameter or result.
    fn of_flat(ty: WasmType) -> View {
        match ty {
            WasmType::I32 => View::U32,
            WasmType::I64 | WasmType::PointerOrI64 => View::U64,
            WasmType::F32 => View::F32,
            WasmType::F64 => View::F64,
            WasmType::Pointer => View::ConstPtr,
            WasmType::Length => View::Usize,
        }
    }
}

/// Named parameters and result of a declaration.
type Signature = (Vec<(String, View)>, Option<View>);

/// One generated declaration.
#[derive(Debug)]
pub struct Binding {
    /// Core module and field.
    pub import: ImportName,
    /// Rust module path inside the generated file, e.g. `["filesystem", "types", "descriptor"]`.
    path: Vec<String>,
    /// Rust function name.
    name: String,
    params: Vec<(String, View)>,
    result: Option<View>,
}

impl Binding {
    /// The core type this declaration compiles to.
    pub fn core_type(&self) -> FuncType {
        FuncType::new(
            self.params.iter().map(|(_, v)| v.core()),
            self.result.map(View::core),
        )
    }
}

/// The function imports of wit-component's dummy module for `world` under `abi`, with
/// their core types. Imports for the world's exports (module names starting with
/// `[export]`) are left out: the engine lifts `run` synchronously.
fn dummy_imports(
    resolve: &Resolve,
    world: WorldId,
    abi: LiftLowerAbi,
) -> Result<BTreeMap<ImportName, FuncType>> {
    let module = wit_component::dummy_module(resolve, world, ManglingAndAbi::Legacy(abi));
    let mut types = Vec::new();
    let mut out = BTreeMap::new();
    for payload in wasmparser::Parser::new(0).parse_all(&module) {
        match payload? {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    types.push(ty?);
                }
            }
            Payload::ImportSection(reader) => {
                for group in reader {
                    for import in group? {
                        let (_, import) = import?;
                        let TypeRef::Func(index) = import.ty else {
                            bail!("non-function import {}.{}", import.module, import.name);
                        };
                        if !import.module.starts_with("[export]") {
                            let key = (import.module.to_string(), import.name.to_string());
                            out.insert(key, types[index as usize].clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Adds `(name, ty)` to `out`, refusing a second, different type for the same import.
fn merge(out: &mut BTreeMap<ImportName, FuncType>, name: ImportName, ty: FuncType) -> Result<()> {
    if let Some(prev) = out.get(&name) {
        ensure!(*prev == ty, "{}.{} has two core types", name.0, name.1);
    }
    out.insert(name, ty);
    Ok(())
}

/// Every function import wit-component accepts for `world`, with its core type: the imports
/// of its dummy modules for the world under the sync ABI (each function sync-lowered, each
/// resource drop) and the async ABI (`async` functions `[async-lower]`ed, the `$root`
/// built-ins, the stream/future built-ins of `async` functions). The dummy module lists
/// stream/future built-ins only for `async` functions; those of the other functions (for
/// example `read-via-stream`) are taken from the dummy module of a copy of the world in
/// which every function is `async`: a built-in's name and type do not depend on that.
pub fn world_imports(resolve: &Resolve, world: WorldId) -> Result<BTreeMap<ImportName, FuncType>> {
    let mut out = BTreeMap::new();
    for abi in [LiftLowerAbi::Sync, LiftLowerAbi::AsyncStackful] {
        for (name, ty) in dummy_imports(resolve, world, abi)? {
            merge(&mut out, name, ty)?;
        }
    }
    let mut all_async = resolve.clone();
    for (_, iface) in all_async.interfaces.iter_mut() {
        for func in iface.functions.values_mut() {
            func.kind = match func.kind.clone() {
                FunctionKind::Freestanding => FunctionKind::AsyncFreestanding,
                FunctionKind::Method(id) => FunctionKind::AsyncMethod(id),
                FunctionKind::Static(id) => FunctionKind::AsyncStatic(id),
                other => other,
            };
        }
    }
    let async_imports = dummy_imports(&all_async, world, LiftLowerAbi::AsyncStackful)?;
    for (key, func) in imported_functions(resolve, world)? {
        for t in transmit_builtins(resolve, key, func) {
            if let Some(ty) = async_imports.get(&t.import) {
                merge(&mut out, t.import, ty.clone())?;
            }
        }
    }
    Ok(out)
}

/// The functions of the interfaces `world` imports, with the key they are imported under.
fn imported_functions(resolve: &Resolve, world: WorldId) -> Result<Vec<(&WorldKey, &Function)>> {
    let mut out = Vec::new();
    for (key, item) in &resolve.worlds[world].imports {
        match item {
            WorldItem::Interface { id, .. } => {
                out.extend(resolve.interfaces[*id].functions.values().map(|f| (key, f)))
            }
            WorldItem::Type { .. } => {}
            WorldItem::Function(f) => bail!("world-level function {} is not supported", f.name),
        }
    }
    Ok(out)
}

/// A stream/future built-in of one WIT function.
struct Transmit {
    import: ImportName,
    /// Rust name: `{stream|future}_{op}_{index}`, `_async` when async-lowered.
    name: String,
    /// The parameter that is an address in memory, if the operation moves values.
    address: Option<View>,
}

/// Every stream/future built-in `func` could import (wit-parser names them; which ones
/// wit-component accepts is up to `world_imports`).
fn transmit_builtins(resolve: &Resolve, key: &WorldKey, func: &Function) -> Vec<Transmit> {
    let mangling = ManglingAndAbi::Legacy(LiftLowerAbi::AsyncStackful);
    let mut out = Vec::new();
    for (index, ty) in func
        .find_futures_and_streams(resolve)
        .into_iter()
        .enumerate()
    {
        let stream = matches!(resolve.types[ty].kind, TypeDefKind::Stream(_));
        for &op in TRANSMIT_OPS {
            for async_ in [false, true] {
                if async_ && !matches!(op, "read" | "write" | "cancel_read" | "cancel_write") {
                    continue;
                }
                let (interface, exported) = (Some(key), false);
                let import = if stream {
                    let intrinsic = stream_intrinsic(op);
                    WasmImport::StreamIntrinsic {
                        interface,
                        func,
                        ty: Some(ty),
                        intrinsic,
                        exported,
                        async_,
                    }
                } else {
                    let intrinsic = future_intrinsic(op);
                    WasmImport::FutureIntrinsic {
                        interface,
                        func,
                        ty: Some(ty),
                        intrinsic,
                        exported,
                        async_,
                    }
                };
                let kind = if stream { "stream" } else { "future" };
                out.push(Transmit {
                    import: resolve.wasm_import_name(mangling, import),
                    name: format!("{kind}_{op}_{index}{}", if async_ { "_async" } else { "" }),
                    address: match op {
                        "read" => Some(View::MutPtr),
                        "write" => Some(View::ConstPtr),
                        _ => None,
                    },
                });
            }
        }
    }
    out
}

/// A WIT or component-model name as a Rust identifier.
fn ident(name: &str) -> String {
    let s = name.replace(['-', '.'], "_");
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else",
        "enum", "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match",
        "mod", "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait",
        "true", "try", "type", "unsafe", "use", "where", "while", "yield",
    ];
    if KEYWORDS.contains(&s.as_str()) {
        s + "_"
    } else {
        s
    }
}

/// The Rust name of a WIT function inside its interface or resource module.
fn func_ident(func: &Function) -> String {
    let item = ident(func.item_name());
    match func.kind {
        FunctionKind::Constructor(_) => "new".to_string(),
        FunctionKind::Getter | FunctionKind::MethodGetter(_) | FunctionKind::StaticGetter(_) => {
            format!("get_{item}")
        }
        FunctionKind::Setter | FunctionKind::MethodSetter(_) | FunctionKind::StaticSetter(_) => {
            format!("set_{item}")
        }
        _ => item,
    }
}

/// Parameters and result of a WIT function lowered with `variant`, named after its WIT
/// parameters (`name_0`, `name_1`, ... when one flattens to several values).
fn func_params(resolve: &Resolve, func: &Function, variant: AbiVariant) -> Signature {
    let sig = resolve.wasm_signature(variant, func);
    let mut params = Vec::new();
    if sig.indirect_params {
        params.push(("params".to_string(), View::ConstPtr));
    } else {
        let mut flat = sig.params.iter();
        for p in &func.params {
            let mut storage = [WasmType::I32; Resolve::MAX_FLAT_PARAMS];
            let mut types = FlatTypes::new(&mut storage);
            resolve.push_flat(&p.ty, &mut types);
            let n = types.to_vec().len();
            for i in 0..n {
                let name = if n == 1 {
                    ident(&p.name)
                } else {
                    format!("{}_{i}", ident(&p.name))
                };
                params.push((name, View::of_flat(*flat.next().unwrap())));
            }
        }
    }
    if sig.retptr {
        // Imports get their results through a pointer passed last.
        params.push(("ret".to_string(), View::MutPtr));
    }
    (params, sig.results.first().copied().map(View::of_flat))
}

/// The stream/future built-ins, by the Rust name of their operation.
const TRANSMIT_OPS: &[&str] = &[
    "new",
    "read",
    "write",
    "forward",
    "cancel_read",
    "cancel_write",
    "drop_readable",
    "drop_writable",
];

fn stream_intrinsic(op: &str) -> StreamIntrinsic {
    match op {
        "new" => StreamIntrinsic::New,
        "read" => StreamIntrinsic::Read,
        "write" => StreamIntrinsic::Write,
        "forward" => StreamIntrinsic::Forward,
        "cancel_read" => StreamIntrinsic::CancelRead,
        "cancel_write" => StreamIntrinsic::CancelWrite,
        "drop_readable" => StreamIntrinsic::DropReadable,
        "drop_writable" => StreamIntrinsic::DropWritable,
        _ => unreachable!("{op}"),
    }
}

fn future_intrinsic(op: &str) -> FutureIntrinsic {
    match op {
        "new" => FutureIntrinsic::New,
        "read" => FutureIntrinsic::Read,
        "write" => FutureIntrinsic::Write,
        "forward" => FutureIntrinsic::Forward,
        "cancel_read" => FutureIntrinsic::CancelRead,
        "cancel_write" => FutureIntrinsic::CancelWrite,
        "drop_readable" => FutureIntrinsic::DropReadable,
        "drop_writable" => FutureIntrinsic::DropWritable,
        _ => unreachable!("{op}"),
    }
}

/// Views of a built-in's core type: plain integers, except the one address the canonical
/// ABI gives it (the buffer of a stream/future read or write, the event record of a
/// waitable-set wait or poll).
fn builtin_params(ty: &FuncType, address: Option<View>) -> Result<Signature> {
    let mut params = Vec::new();
    for (i, t) in ty.params().iter().enumerate() {
        let view = match address {
            Some(v) if i == 1 => v,
            _ => View::plain(*t)?,
        };
        params.push((format!("p{i}"), view));
    }
    let result = match ty.results() {
        [] => None,
        [r] => Some(View::plain(*r)?),
        _ => bail!("a built-in with several results"),
    };
    Ok((params, result))
}

/// The Rust module path of an imported `wasi:` interface: `(package, interface)`.
fn interface_path(resolve: &Resolve, key: &WorldKey) -> Result<(String, String)> {
    let WorldKey::Interface(id) = key else {
        bail!(
            "named import `{}` is not supported",
            resolve.name_world_key(key)
        );
    };
    let iface = &resolve.interfaces[*id];
    let package = &resolve.packages[iface.package.context("interface without a package")?];
    let name = iface.name.as_ref().context("anonymous interface")?;
    ensure!(
        package.name.namespace == "wasi",
        "interface outside `wasi:`: {name}"
    );
    Ok((ident(&package.name.name), ident(name)))
}

/// Every declaration for `world`: all of `world_imports`, each exactly once.
pub fn bindings(resolve: &Resolve, world: WorldId) -> Result<Vec<Binding>> {
    let accepted = world_imports(resolve, world)?;
    let mut out: Vec<Binding> = Vec::new();
    // The component-model built-ins of the task: no WIT item, so named after their field.
    for ((module, field), ty) in &accepted {
        if module != "$root" {
            continue;
        }
        let address = matches!(
            field.as_str(),
            "[waitable-set-wait]" | "[waitable-set-poll]"
        )
        .then_some(View::MutPtr);
        let (params, result) = builtin_params(ty, address)?;
        out.push(Binding {
            import: (module.clone(), field.clone()),
            path: vec!["root".to_string()],
            name: ident(
                field
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .replace("][", "_")
                    .as_str(),
            ),
            params,
            result,
        });
    }
    let sync = ManglingAndAbi::Legacy(LiftLowerAbi::Sync);
    let lower = ManglingAndAbi::Legacy(LiftLowerAbi::AsyncStackful);
    for (key, func) in imported_functions(resolve, world)? {
        let interface = Some(key);
        let (package, iface) = interface_path(resolve, key)?;
        let mut path = vec![package, iface];
        if let Some(resource) = func.kind.resource() {
            path.push(ident(resolve.types[resource].name.as_ref().unwrap()));
        }
        let fname = func_ident(func);
        let mut abis = vec![(sync, AbiVariant::GuestImport, "")];
        if func.kind.is_async() {
            abis.push((lower, AbiVariant::GuestImportAsync, "_async"));
        }
        for (mangling, variant, suffix) in abis {
            let (params, result) = func_params(resolve, func, variant);
            out.push(Binding {
                import: resolve.wasm_import_name(mangling, WasmImport::Func { interface, func }),
                path: path.clone(),
                name: format!("{fname}{suffix}"),
                params,
                result,
            });
        }
        // Stream and future built-ins are typed by the function they appear in.
        path.push(format!("{fname}_builtins"));
        for t in transmit_builtins(resolve, key, func) {
            // Built-ins wit-component does not offer yet (synchronous reads) are left out.
            let Some(core) = accepted.get(&t.import) else {
                continue;
            };
            let (params, result) = builtin_params(core, t.address)?;
            out.push(Binding {
                import: t.import,
                path: path.clone(),
                name: t.name,
                params,
                result,
            });
        }
    }
    for (key, item) in &resolve.worlds[world].imports {
        let WorldItem::Interface { id, .. } = item else {
            continue;
        };
        let (package, iface) = interface_path(resolve, key)?;
        for ty in resolve.interfaces[*id].types.values() {
            if !matches!(resolve.types[*ty].kind, TypeDefKind::Resource) {
                continue;
            }
            let import = resolve.wasm_import_name(
                sync,
                WasmImport::ResourceIntrinsic {
                    interface: Some(key),
                    resource: *ty,
                    intrinsic: ResourceIntrinsic::ImportedDrop,
                },
            );
            let core = accepted
                .get(&import)
                .context("resource drop not accepted")?;
            let (params, result) = builtin_params(core, None)?;
            let resource = ident(resolve.types[*ty].name.as_ref().unwrap());
            out.push(Binding {
                import,
                path: vec![package.clone(), iface.clone(), resource],
                name: "resource_drop".to_string(),
                params,
                result,
            });
        }
    }
    // Every declaration has the core type wit-component expects, and every accepted import
    // is declared exactly once under a unique Rust name.
    let mut seen = BTreeSet::new();
    for b in &out {
        let (m, f) = &b.import;
        let want = accepted
            .get(&b.import)
            .with_context(|| format!("{m}.{f} is not an import wit-component accepts"))?;
        ensure!(
            *want == b.core_type(),
            "{m}.{f}: generated {:?}, wit-component expects {want:?}",
            b.core_type()
        );
        ensure!(seen.insert(b.import.clone()), "{m}.{f} declared twice");
    }
    for (m, f) in accepted.keys() {
        ensure!(
            seen.contains(&(m.clone(), f.clone())),
            "{m}.{f} has no declaration"
        );
    }
    let mut names: Vec<_> = out.iter().map(|b| (&b.path, &b.name)).collect();
    names.sort();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        bail!("two declarations named {}::{}", w[0].0.join("::"), w[0].1);
    }
    Ok(out)
}

/// Rust source: one macro, `wasi_import!(path as name)`, that declares the import at `path`
/// (e.g. `filesystem::types::descriptor::stat`) as an `extern` function called `name`
/// wherever it is invoked. The engine thus declares each import it calls where it names it,
/// and wasm-ld names the import after that short Rust path: declarations in a module tree
/// of their own gave every import a name twice as long, kept in static-shim programs.
pub fn render(bindings: &[Binding], world: &str) -> String {
    let mut sorted: Vec<&Binding> = bindings.iter().collect();
    sorted.sort_by(|a, b| (&a.path, &a.name).cmp(&(&b.path, &b.name)));
    let mut s = format!(
        "// Generated by `p3shim-bindgen` from the WIT of `{world}`: do not edit.\n\n\
         /// `wasi_import!(path as name)` declares the import at `path` as `unsafe fn name`: every\n\
         /// import wit-component accepts for `{world}`, named after its WIT item.\n\
         macro_rules! wasi_import {{\n"
    );
    for b in sorted {
        let (module, field) = &b.import;
        let params: Vec<String> = b
            .params
            .iter()
            .map(|(n, v)| format!("{n}: {}", v.rust()))
            .collect();
        let result = b
            .result
            .map(|v| format!(" -> {}", v.rust()))
            .unwrap_or_default();
        let path = b.path.join("::");
        let _ = write!(
            s,
            "    ({path}::{} as $name:ident) => {{\n        \
             #[link(wasm_import_module = {module:?})]\n        \
             unsafe extern \"C\" {{\n            \
             #[link_name = {field:?}]\n            \
             pub fn $name({}){result};\n        \
             }}\n    }};\n",
            b.name,
            params.join(", ")
        );
    }
    s.push_str(
        "    ($($other:tt)*) => {\n        \
         compile_error!(concat!(\"no WASIp3 import `\", stringify!($($other)*), \"`\"));\n    \
         };\n}\n",
    );
    s
}

/// The bindings of the command world the adapter and the static shim target.
pub fn command_bindings() -> Result<String> {
    let (resolve, world) = crate::componentize::wasi_world(crate::componentize::COMMAND_WORLD)?;
    Ok(render(
        &bindings(&resolve, world)?,
        crate::componentize::COMMAND_WORLD,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::componentize::{COMMAND_WORLD, wasi_world};
    use std::path::PathBuf;

    /// Where `make` puts the adapter, `libp3shim.a` and the generated declarations.
    fn artifacts() -> PathBuf {
        std::env::var_os("P3SHIM_ARTIFACTS")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/p3shim"))
    }

    fn artifact(name: &str) -> Vec<u8> {
        let p = artifacts().join(name);
        std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}; run `make` first", p.display()))
    }

    /// The function imports of a core module or object file, and its other imports.
    fn imports(bytes: &[u8]) -> (Vec<(ImportName, FuncType)>, Vec<ImportName>) {
        let (mut funcs, mut other, mut types) = (Vec::new(), Vec::new(), Vec::new());
        for payload in wasmparser::Parser::new(0).parse_all(bytes) {
            match payload.unwrap() {
                Payload::TypeSection(reader) => {
                    types.extend(reader.into_iter_err_on_gc_types().map(|t| t.unwrap()))
                }
                Payload::ImportSection(reader) => {
                    for group in reader {
                        for import in group.unwrap() {
                            let (_, import) = import.unwrap();
                            let name = (import.module.to_string(), import.name.to_string());
                            match import.ty {
                                TypeRef::Func(i) => funcs.push((name, types[i as usize].clone())),
                                _ => other.push(name),
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        (funcs, other)
    }

    /// The wasm members of an `ar` archive.
    fn archive_members(bytes: &[u8]) -> Vec<&[u8]> {
        assert!(bytes.starts_with(b"!<arch>\n"), "not an archive");
        let (mut at, mut out) = (8, Vec::new());
        while at + 60 <= bytes.len() {
            let size: usize = std::str::from_utf8(&bytes[at + 48..at + 58])
                .unwrap()
                .trim()
                .parse()
                .unwrap();
            let data = &bytes[at + 60..at + 60 + size];
            if data.starts_with(b"\0asm") {
                out.push(data);
            }
            at += 60 + size + size % 2;
        }
        out
    }

    fn declarations() -> BTreeMap<ImportName, FuncType> {
        let (resolve, world) = wasi_world(COMMAND_WORLD).unwrap();
        let decls = bindings(&resolve, world).unwrap();
        decls
            .iter()
            .map(|b| (b.import.clone(), b.core_type()))
            .collect()
    }

    #[test]
    fn declarations_are_exactly_what_wit_component_accepts() {
        let (resolve, world) = wasi_world(COMMAND_WORLD).unwrap();
        let accepted = world_imports(&resolve, world).unwrap();
        let decls = declarations();
        assert_eq!(decls, accepted);
        // Each kind the engine relies on is there: a sync and an async lowering, a resource
        // drop, the built-ins of a sync and of an async function's streams, a `$root` one.
        let fs = "wasi:filesystem/types@0.3.0";
        for (module, field) in [
            (fs, "[method]descriptor.stat"),
            (fs, "[async-lower][method]descriptor.stat"),
            (fs, "[resource-drop]descriptor"),
            (
                fs,
                "[async-lower][stream-read-0][method]descriptor.read-via-stream",
            ),
            (
                fs,
                "[future-drop-readable-1][method]descriptor.read-via-stream",
            ),
            (
                "wasi:sockets/types@0.3.0",
                "[stream-cancel-read-0][method]tcp-socket.listen",
            ),
            ("wasi:cli/stdout@0.3.0", "[stream-new-0]write-via-stream"),
            ("$root", "[waitable-set-wait]"),
        ] {
            let key = (module.to_string(), field.to_string());
            assert!(decls.contains_key(&key), "{module}.{field} is not declared");
        }
        // Synchronous stream reads are not offered yet, so not declared.
        let sync_read = (fs, "[stream-read-0][method]descriptor.read-via-stream");
        assert!(!decls.contains_key(&(sync_read.0.to_string(), sync_read.1.to_string())));
    }

    #[test]
    fn built_engine_imports_only_generated_declarations() {
        let decls = declarations();
        // The engine was built from the declarations the current WIT gives.
        let (resolve, world) = wasi_world(COMMAND_WORLD).unwrap();
        let fresh = render(&bindings(&resolve, world).unwrap(), COMMAND_WORLD);
        let built = String::from_utf8(artifact("wasi_bindings.rs")).unwrap();
        assert!(
            built == fresh,
            "target/p3shim/wasi_bindings.rs is stale: run `make`"
        );

        // The adapter: every function import is a generated declaration with its core type,
        // besides the program's `_start` it calls; the only other import is the memory.
        let (funcs, other) = imports(&artifact("wasi_snapshot_preview1.command.wasm"));
        assert_eq!(other, [("env".to_string(), "memory".to_string())]);
        let mut wasi = 0;
        for ((module, field), ty) in &funcs {
            if module == "__main_module__" {
                assert_eq!(field, "_start");
                continue;
            }
            let want = decls.get(&(module.clone(), field.clone()));
            assert_eq!(want, Some(ty), "adapter import {module}.{field}");
            wasi += 1;
        }
        assert!(wasi > 100, "only {wasi} WASIp3 imports in the adapter");

        // The static shim's engine: imports outside `env` (the linker's and the libc's) are
        // generated declarations too.
        let shim = artifact("libp3shim.a");
        let mut engine = 0;
        for member in archive_members(&shim) {
            let (funcs, _) = imports(member);
            for ((module, field), ty) in funcs.iter().filter(|((m, _), _)| m != "env") {
                let want = decls.get(&(module.clone(), field.clone()));
                assert_eq!(want, Some(ty), "libp3shim.a import {module}.{field}");
                engine += 1;
            }
        }
        assert!(engine > 100, "only {engine} WASIp3 imports in libp3shim.a");
    }
}
