//! Component construction with `wit-component`: the WASIp3 world p3shim targets, its
//! `component-type` metadata, the adapter and static-shim componentization paths, and the
//! final trim of the adapter file.

use anyhow::{Context, Result, bail};
use wit_component::{ComponentEncoder, StringEncoding};
use wit_parser::{Resolve, WorldId};

include!(concat!(env!("OUT_DIR"), "/wasi_p3_wit.rs"));

/// The world every p3shim guest targets: the WASIp3 command world.
pub const COMMAND_WORLD: &str = "wasi:cli/command@0.3.0";

/// Parses the WASIp3 packages served by the linked host and selects `world`.
pub fn wasi_world(world: &str) -> Result<(Resolve, WorldId)> {
    let mut resolve = Resolve::default();
    // Packages must be pushed after the packages they `use`.
    let order = [
        "clocks.wit",
        "random.wit",
        "filesystem.wit",
        "sockets.wit",
        "cli.wit",
    ];
    let mut pkgs = Vec::new();
    for name in order {
        let (_, src) = WASI_P3_WIT
            .iter()
            .find(|(n, _)| *n == name)
            .with_context(|| format!("missing WIT file {name}"))?;
        pkgs.push(resolve.push_str(name, src)?);
    }
    let id = resolve.select_world(&pkgs, Some(world))?;
    Ok((resolve, id))
}

/// The `component-type` custom-section payload describing the WASIp3 command world.
pub fn command_metadata() -> Result<Vec<u8>> {
    let (resolve, world) = wasi_world(COMMAND_WORLD)?;
    wit_component::metadata::encode(&resolve, world, StringEncoding::UTF8, None, false)
}

/// Builds a component from a core module that already carries p3shim's metadata
/// (linked against `libp3shim.a`), or from a wasip1 module plus the p3shim adapter.
///
/// A Go module (see `gomem`) is rewritten so that Go's heap starts above the pages grown
/// before `_start`, and gets an adapter that reserves its pages then; other modules are
/// adapted as they are.
pub fn componentize(module: &[u8], adapter: Option<&[u8]>) -> Result<Vec<u8>> {
    componentize_with(module, adapter, &Options::default())
}

/// How `componentize_with` adapts a program.
pub struct Options {
    /// Pages the adapter reserves for a Go program.
    pub reserve_pages: u32,
    /// Keep the adapter's tracer (`P3SHIM_TRACE`); without it the tracer is left out.
    pub trace: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            reserve_pages: crate::gomem::DEFAULT_RESERVE_PAGES,
            trace: false,
        }
    }
}

/// `componentize` with options for the adapter form.
pub fn componentize_with(
    module: &[u8],
    adapter: Option<&[u8]>,
    options: &Options,
) -> Result<Vec<u8>> {
    let reserve_pages = options.reserve_pages;
    if !module.starts_with(b"\0asm\x01\0\0\0") {
        bail!("input is not a core WebAssembly module");
    }
    let (mut own_module, mut own_adapter) = (None, None);
    match adapter {
        Some(adapter) => {
            if let Some(go) = crate::gomem::rewrite_go(module)? {
                if reserve_pages == 0 {
                    bail!("a Go module needs an adapter memory reserve of at least one page");
                }
                own_module = Some(go);
                own_adapter = Some(crate::gomem::adapter_with_reserve(adapter, reserve_pages)?);
            }
        }
        None => own_module = prepare_static(module)?,
    }
    let module = own_module.as_deref().unwrap_or(module);
    let adapter = own_adapter.as_deref().or(adapter);
    let closed = match adapter {
        Some(adapter) => crate::doors::close_unused(module, adapter, options.trace)?,
        None => None,
    };
    let adapter = closed.as_deref().or(adapter);
    let mut enc = ComponentEncoder::default();
    enc.validate(true);
    enc.module(module).context("reading the core module")?;
    if let Some(adapter) = adapter {
        enc.adapter("wasi_snapshot_preview1", adapter)
            .context("reading the p3shim adapter")?;
    }
    enc.encode().context("building the component")
}

/// The export a static-shim program gets from `p3shim_glue.o`.
const RUN_EXPORT: &str = "wasi:cli/run@0.3.0#run";

/// Checks a module linked against `libp3shim.a` before it becomes a component: every
/// preview1 import must have been resolved at link time (a clear error names any that was
/// not, instead of wit-component's "module requires an import interface named
/// `wasi_snapshot_preview1`"), and a `_start` that a toolchain linked in although the
/// program runs through `wasi:cli/run` (`zig cc` ignores `-nostartfiles`) is no longer
/// exported. Returns the module rewritten, or `None` when it is fine as it is.
fn prepare_static(module: &[u8]) -> Result<Option<Vec<u8>>> {
    use wasmparser::{Payload, TypeRef};
    let mut preview1 = Vec::new();
    let mut has_run = false;
    let mut stray_start = false;
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        match payload.context("reading the core module")? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import?;
                    if import.module == "wasi_snapshot_preview1"
                        && matches!(import.ty, TypeRef::Func(_))
                    {
                        preview1.push(import.name.to_owned());
                    }
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    match export?.name {
                        RUN_EXPORT => has_run = true,
                        "_start" | "_initialize" => stray_start = true,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if !preview1.is_empty() && has_run {
        bail!(
            "the program still imports preview1 function(s) {} from `wasi_snapshot_preview1`: \
             the static shim defines every preview1 function as \
             `__imported_wasi_snapshot_preview1_NAME` (wasi-libc's spelling) and \
             `NAME|wasi_snapshot_preview1` (Zig's libc), and this module imports them under \
             another symbol name, or was not linked against libp3shim.a; link it against \
             libp3shim.a with p3shim-cc, or make it a component through the adapter \
             (p3shim-adapt)",
            preview1.join(", ")
        );
    }
    if !(has_run && stray_start) {
        return Ok(None);
    }
    Ok(Some(without_exports(module, &["_start", "_initialize"])?))
}

/// `module` with the named exports removed (their functions stay).
fn without_exports(module: &[u8], drop: &[&str]) -> Result<Vec<u8>> {
    use wasm_encoder::{ExportKind, ExportSection};
    use wasmparser::{ExternalKind, Payload};
    let mut out = wasm_encoder::Module::new();
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        let payload = payload?;
        if let Payload::ExportSection(reader) = &payload {
            let mut exports = ExportSection::new();
            for export in reader.clone() {
                let export = export?;
                if drop.contains(&export.name) {
                    continue;
                }
                let kind = match export.kind {
                    ExternalKind::Func | ExternalKind::FuncExact => ExportKind::Func,
                    ExternalKind::Table => ExportKind::Table,
                    ExternalKind::Memory => ExportKind::Memory,
                    ExternalKind::Global => ExportKind::Global,
                    ExternalKind::Tag => ExportKind::Tag,
                };
                exports.export(export.name, kind, export.index);
            }
            out.section(&exports);
            continue;
        }
        copy_section(&mut out, module, &payload);
    }
    Ok(out.finish())
}

/// Copies the section `payload` of `module` into `out` unchanged (the rewrites here change
/// one section and pass every other one through as it is).
pub(crate) fn copy_section(
    out: &mut wasm_encoder::Module,
    module: &[u8],
    payload: &wasmparser::Payload,
) {
    if let Some((id, range)) = payload.as_section() {
        out.section(&wasm_encoder::RawSection {
            id,
            data: &module[range.start as usize..range.end as usize],
        });
    }
}

/// Lists the instance imports of a component (`wasi:filesystem/types@0.3.0`, ...).
pub fn component_imports(component: &[u8]) -> Result<Vec<String>> {
    // Only the outermost component's imports: nested modules and components are skipped.
    let mut out = Vec::new();
    let mut depth = 0usize;
    for payload in wasmparser::Parser::new(0).parse_all(component) {
        match payload? {
            wasmparser::Payload::ModuleSection { .. }
            | wasmparser::Payload::ComponentSection { .. } => depth += 1,
            wasmparser::Payload::End(_) => depth = depth.saturating_sub(1),
            wasmparser::Payload::ComponentImportSection(reader) if depth == 0 => {
                for import in reader {
                    out.push(import?.name.name.to_string());
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Trims a freshly linked adapter module to what `wit-component` reads: the `name` section
/// keeps only the global names (it finds `__stack_pointer` and `allocation_state` by name;
/// without them the adapted program's stack starts at a negative address), and the
/// `producers` and `target_features` sections go. Function names are 18 KB of the file and
/// `wit-component` drops them from components anyway.
pub fn slim_adapter(module: &[u8]) -> Result<Vec<u8>> {
    use wasm_encoder::{NameMap, NameSection};
    use wasmparser::{KnownCustom, Name, Payload};
    if !module.starts_with(b"\0asm\x01\0\0\0") {
        bail!("input is not a core WebAssembly module");
    }
    let mut out = wasm_encoder::Module::new();
    let mut saw_globals = false;
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        let payload = payload.context("reading the adapter module")?;
        if let Payload::CustomSection(custom) = &payload {
            match custom.as_known() {
                KnownCustom::Name(reader) => {
                    let mut names = NameSection::new();
                    for sub in reader {
                        if let Name::Global(map) = sub? {
                            let mut globals = NameMap::new();
                            for naming in map {
                                let naming = naming?;
                                globals.append(naming.index, naming.name);
                            }
                            names.globals(&globals);
                            saw_globals = true;
                        }
                    }
                    out.section(&names);
                    continue;
                }
                KnownCustom::Producers(_) => continue,
                _ if custom.name() == "target_features" => continue,
                _ => {}
            }
        }
        copy_section(&mut out, module, &payload);
    }
    if !saw_globals {
        bail!("the adapter has no global names; wit-component needs them (was it stripped?)");
    }
    Ok(out.finish())
}
