//! Stock Go `GOOS=wasip1` programs (Go's runtime owns all of linear memory) through the
//! adapter with `p3shim-adapt`, on p3run and on `wasmtime run`: output and exit status
//! byte-identical to Wasmtime's native preview1.

use p3shim_tests::{Output, Run, go_component, go_module};

/// Runs Go program `name` three ways, each in a fresh sandbox: natively under `wasmtime
/// run` (preview1), and adapted on p3run and on `wasmtime run`; returns the native result
/// after checking that the two adapted runs match it byte for byte.
fn same_as_native(configure: impl Fn(Run) -> Run, name: &str, stripped: bool) -> Output {
    let native = configure(Run::new(go_module(name, stripped)).wasmtime()).run();
    for (what, run) in [
        ("p3run", configure(Run::new(go_component(name, stripped)))),
        (
            "wasmtime run",
            configure(Run::new(go_component(name, stripped)).wasmtime()),
        ),
    ] {
        let out = run.run();
        assert_eq!(
            out.status,
            native.status,
            "{what}: status; stderr:\n{}",
            out.stderr_str()
        );
        assert!(
            out.stdout == native.stdout,
            "{what}: stdout differs ({} bytes, native {})\n{}",
            out.stdout.len(),
            native.stdout.len(),
            String::from_utf8_lossy(&out.stdout[..out.stdout.len().min(2000)])
        );
        assert_eq!(out.stderr_str(), native.stderr_str(), "{what}: stderr");
    }
    native
}

#[test]
fn go_allocates_writes_lists_sleeps_copies_stdin_and_exits_3() {
    // 2 MB of stdin that is not text, so that a lost or repeated block shows.
    let mut input = Vec::with_capacity(2_000_000);
    let mut x = 0x2545_f491_4f6c_dd1du64;
    while input.len() < 2_000_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        input.extend_from_slice(&x.to_le_bytes());
    }
    let native = same_as_native(
        |r| r.arg("/sandbox").stdin_bytes(input.clone()),
        "churn",
        false,
    );
    assert_eq!(native.status, 3, "{}", native.stderr_str());
    let text = String::from_utf8_lossy(&native.stdout[..300]).into_owned();
    assert!(
        text.starts_with(
            "alloc: kept 8, sum 8128, map 100000\nfile: 3000000 bytes, equal true, sha256 "
        ),
        "{text}"
    );
    assert!(text.contains("dir: [big.bin f0.txt f1.txt f2.txt f3.txt f4.txt]\n"));
    assert!(text.contains("sleep: at least 20ms true, goroutines [0 1 4 9 16 25 36 49]\n"));
    assert!(native.stdout.ends_with(&input));
    assert_eq!(native.stderr_str(), "copied 2000000 bytes\n");
}

/// 512 MiB churned through the GC while a goroutine is blocked reading stdin (which
/// arrives late), then the reader, a ticker and a timer in one `select`.
#[test]
fn go_churns_512_mib_with_a_goroutine_blocked_on_stdin() {
    let input: String = (1..=20000).map(|i| format!("row {i}\n")).collect();
    let native = same_as_native(
        |r| {
            r.stdin_after(
                std::time::Duration::from_millis(300),
                input.clone().into_bytes(),
            )
        },
        "heavy",
        false,
    );
    assert_eq!(native.status, 0, "{}", native.stderr_str());
    assert_eq!(
        native.stdout_str(),
        "churned 512 MiB, kept 8, sum 130560, collections > 0: true\n\
         line: row 1\nline: row 2\nline: row 3\nstdin done: 20000 lines\n"
    );
}

/// Linked with `-ldflags=-s` (no name section, as `go test` and `go run` link): Go is then
/// recognised by its `go:buildid` section and `runtime.osinit` by its code.
#[test]
fn go_panic_exits_2_with_the_same_trace_stripped() {
    let native = same_as_native(|r| r, "panic", true);
    assert_eq!(native.status, 2);
    assert_eq!(native.stdout_str(), "before panic 8388608\n");
    assert!(
        native
            .stderr_str()
            .starts_with("to stderr\npanic: assignment to entry in nil map\n"),
        "{}",
        native.stderr_str()
    );
}

/// A module that names `runtime.osinit` but whose heap start is not Go 1.27's code is
/// refused with a message that says so, instead of becoming a component that corrupts
/// memory.
#[test]
fn go_module_without_the_known_osinit_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let core = dir.path().join("fake-go.wasm");
    let wat = r#"(module
        (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
        (memory (export "memory") 1)
        (func $runtime.osinit (i32.store (i32.const 0) (memory.size)))
        (func (export "_start") (call $runtime.osinit)))"#;
    std::fs::write(&core, wat::parse_str(wat).unwrap()).unwrap();
    let out = std::process::Command::new(p3shim_tests::root().join("target/release/p3shim-adapt"))
        .arg(&core)
        .arg("-o")
        .arg(dir.path().join("out.wasm"))
        .arg("--adapter")
        .arg(p3shim_tests::artifacts().join("wasi_snapshot_preview1.command.wasm"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("runtime.osinit") && err.contains("does not start its heap"),
        "{err}"
    );
}

/// The shipped adapter reserves nothing: C, Rust and anything adapted without
/// `p3shim-adapt`'s Go rewrite keep growing memory on demand, as before.
#[test]
fn shipped_adapter_reserves_no_pages() {
    use wasmparser::{KnownCustom, Name, Operator, Parser, Payload};
    let adapter =
        std::fs::read(p3shim_tests::artifacts().join("wasi_snapshot_preview1.command.wasm"))
            .unwrap();
    let (mut index, mut inits) = (None, Vec::new());
    for payload in Parser::new(0).parse_all(&adapter) {
        match payload.unwrap() {
            Payload::GlobalSection(r) => {
                for g in r {
                    inits.push(match g.unwrap().init_expr.get_operators_reader().read() {
                        Ok(Operator::I32Const { value }) => Some(value),
                        _ => None,
                    });
                }
            }
            Payload::CustomSection(c) => {
                if let KnownCustom::Name(names) = c.as_known() {
                    for sub in names {
                        if let Ok(Name::Global(map)) = sub {
                            for n in map.into_iter().flatten() {
                                if n.name == "p3shim_reserve_pages" {
                                    index = Some(n.index as usize);
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // The adapter imports no globals, so global indices are global-section positions.
    let index = index.expect("the adapter names its reserve global");
    assert_eq!(inits[index], Some(0));
}
