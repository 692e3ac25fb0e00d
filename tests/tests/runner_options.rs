//! `p3run` takes Wasmtime's engine options as `wasmtime run` spells them, so programs that
//! need a proposal (wasm exceptions) or a bigger stack run on the WASIp3-only host too.

use p3shim_tests::{Run, adapt_module, wasmtime_cli};

/// Throws a tag carrying 7 from a nested call, catches it, and exits with the value.
const THROW_CATCH: &str = r#"(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (tag $e (param i32))
  (func $thrower (param i32) (throw $e (local.get 0)))
  (func (export "_start")
    (block $caught (result i32)
      (try_table (catch $e $caught)
        (call $thrower (i32.const 7)))
      (i32.const 99))
    (call $exit)))"#;

/// Recurses 150,000 calls deep (a few MiB of native stack, past Wasmtime's 512 KiB
/// default), then exits with the depth modulo 256 (150,000 % 256 = 240).
const DEEP_RECURSION: &str = r#"(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $down (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1)
                     (call $down (i32.sub (local.get 0) (i32.const 1)))))))
  (func (export "_start")
    (call $exit (i32.rem_u (call $down (i32.const 150000)) (i32.const 256)))))"#;

#[test]
fn wasm_exception_handling_runs_through_the_adapter_with_w_exceptions() {
    let component = adapt_module("throw-catch", THROW_CATCH.as_bytes());
    let out = Run::new(component.clone())
        .runner_flag("-W")
        .runner_flag("exceptions")
        .run();
    assert_eq!(out.status, 7, "{}", out.stderr_str());
    // The glued spelling clap accepts, and the same component on `wasmtime run`.
    let out = Run::new(component.clone())
        .runner_flag("-Wexceptions=y")
        .run();
    assert_eq!(out.status, 7, "{}", out.stderr_str());
    let out = Run::new(component.clone())
        .wasmtime()
        .runner_flag("-Wexceptions")
        .run();
    assert_eq!(out.status, 7, "{}", out.stderr_str());
    // Turned off, the component does not load: a setup error, not a trap.
    let out = Run::new(component).runner_flag("-Wexceptions=n").run();
    assert_eq!(out.status, 2, "{}", out.stderr_str());
    assert!(
        out.stderr_str().contains("exceptions"),
        "{}",
        out.stderr_str()
    );
}

#[test]
fn deep_recursion_needs_and_gets_w_max_wasm_stack() {
    let component = adapt_module("deep-recursion", DEEP_RECURSION.as_bytes());
    let out = Run::new(component.clone()).run();
    assert_eq!(
        out.status,
        134,
        "the default stack overflows: {}",
        out.stderr_str()
    );
    assert!(
        out.stderr_str().contains("call stack exhausted"),
        "{}",
        out.stderr_str()
    );
    let out = Run::new(component.clone())
        .runner_flag("-W")
        .runner_flag("max-wasm-stack=8388608")
        .run();
    assert_eq!(out.status, 240, "{}", out.stderr_str());
    let out = Run::new(component)
        .wasmtime()
        .runner_flag("-Wmax-wasm-stack=8388608")
        .run();
    assert_eq!(out.status, 240, "{}", out.stderr_str());
}

#[test]
fn bad_engine_options_are_usage_errors_that_name_the_option() {
    let component = adapt_module("throw-catch-bad-opts", THROW_CATCH.as_bytes());
    for (flag, expect) in [
        ("-Wno-such-proposal", "no-such-proposal"),
        ("-Wmax-wasm-stack=lots", "max-wasm-stack"),
        ("-Wfuel=1000", "`-W fuel` is not supported by p3run"),
        ("-Omystery=1", "mystery"),
    ] {
        let out = Run::new(component.clone()).runner_flag(flag).run();
        assert_eq!(out.status, 2, "{flag}: {}", out.stderr_str());
        assert!(
            out.stderr_str().contains(expect),
            "{flag}: {}",
            out.stderr_str()
        );
        assert!(out.stdout.is_empty());
    }
    // `wasmtime run` refuses the unknown ones too (the spellings are the same).
    let out = p3shim_tests::run_command(
        std::process::Command::new(wasmtime_cli()).args(["run", "-Wno-such-proposal", "x.wasm"]),
        std::time::Duration::from_secs(60),
    );
    assert_ne!(out.status, 0);
}
