//! The artefacts and host tools themselves: adapter-module rules, runner errors.

use p3shim_tests::{Form, Run, artifacts, c_component, root};
use std::process::Command;

#[test]
fn adapter_module_obeys_wit_component_adapter_rules() {
    let bytes = std::fs::read(artifacts().join("wasi_snapshot_preview1.command.wasm"))
        .expect("run `make` first");
    let mut memory_import = None;
    let mut exports = Vec::new();
    let mut custom = Vec::new();
    let mut global_names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
        match payload.unwrap() {
            wasmparser::Payload::DataSection(s) => assert_eq!(s.count(), 0, "data section"),
            wasmparser::Payload::ElementSection(s) => assert_eq!(s.count(), 0, "element section"),
            wasmparser::Payload::StartSection { .. } => panic!("start section"),
            wasmparser::Payload::MemorySection(s) => assert_eq!(s.count(), 0, "own memory"),
            wasmparser::Payload::ImportSection(s) => {
                for imports in s {
                    for import in imports.unwrap() {
                        let (_, import) = import.unwrap();
                        if matches!(import.ty, wasmparser::TypeRef::Memory(_)) {
                            memory_import = Some(format!("{}.{}", import.module, import.name));
                        }
                    }
                }
            }
            wasmparser::Payload::ExportSection(s) => {
                exports.extend(s.into_iter().map(|e| e.unwrap().name.to_string()));
            }
            wasmparser::Payload::CustomSection(c) => {
                custom.push(c.name().to_string());
                if let wasmparser::KnownCustom::Name(names) = c.as_known() {
                    for sub in names {
                        match sub.unwrap() {
                            wasmparser::Name::Global(map) => global_names
                                .extend(map.into_iter().map(|n| n.unwrap().name.to_string())),
                            _ => panic!("the name section keeps more than global names"),
                        }
                    }
                }
            }
            _ => {}
        }
    }
    assert_eq!(memory_import.as_deref(), Some("env.memory"));
    // `slim-adapter` keeps exactly what wit-component reads.
    assert_eq!(custom, ["component-type:p3shim", "name"]);
    for name in ["__stack_pointer", "allocation_state"] {
        assert!(
            global_names.iter().any(|g| g == name),
            "global name {name} missing"
        );
    }
    for name in [
        "wasi:cli/run@0.3.0#run",
        "fd_write",
        "path_open",
        "poll_oneoff",
        "sock_accept",
        "cabi_import_realloc",
    ] {
        assert!(exports.iter().any(|e| e == name), "missing export {name}");
    }
}

#[test]
fn runner_reports_a_missing_file() {
    let out = Command::new(root().join("target/release/p3run"))
        .arg("/nonexistent/prog.wasm")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/nonexistent/prog.wasm") && err.contains("No such file"),
        "{err}"
    );
}

#[test]
fn runner_rejects_a_core_module_with_advice() {
    // The adapter-form core module (before componentization) sits next to the component.
    let component = c_component("hello", Form::Adapter);
    let core = component.with_file_name("hello.adapter.core.wasm");
    let out = Command::new(root().join("target/release/p3run"))
        .arg(&core)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("core WebAssembly module, not a component"),
        "{err}"
    );
}

#[test]
fn runner_passes_guest_exit_code_and_preopens() {
    let run = Run::c("exit_codes", Form::Static).arg("three");
    assert_eq!(run.run().status, 3);
}

#[test]
fn runner_refuses_a_component_that_imports_wasi_0_2() {
    let dir = tempfile::tempdir().unwrap();
    let wat = dir.path().join("p2.wat");
    std::fs::write(
        &wat,
        r#"(component
  (import "wasi:cli/environment@0.2.0" (instance
    (export "get-arguments" (func (result (list string))))))
  (core module $m (func (export "run") (result i32) i32.const 0))
  (core instance $i (instantiate $m))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $r (export "run" (func $run)))
  (export "wasi:cli/run@0.3.0" (instance $r)))"#,
    )
    .unwrap();
    let out = Command::new(root().join("target/release/p3run"))
        .arg(&wat)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("wasi:cli/environment@0.2.0") && err.contains("only the WASIp3 interfaces"),
        "{err}"
    );
}
