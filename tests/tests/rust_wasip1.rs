//! Rust `wasm32-wasip1` binaries (std, current wasi-libc, no compat object) through the
//! adapter on the WASIp3-only host.

use p3shim_tests::{Run, rust_component};

#[test]
fn rust_std_fs_roundtrip_via_adapter() {
    let run = Run::new(rust_component("fs_roundtrip")).arg("/sandbox");
    let out = run.run().success();
    assert_eq!(
        out.stdout_str(),
        "seek+read [80, 81, 82, 83]\nlen 100000\nlisting a-moved.txt:file b.bin:file deep:dir\n\
         read \"alpha\\n\"\nmissing NotFound\ndone\n"
    );
    assert_eq!(
        std::fs::read_to_string(run.dir().join("result.txt")).unwrap(),
        "written by Rust std\n"
    );
    assert_eq!(
        std::fs::metadata(run.dir().join("tree/b.bin"))
            .unwrap()
            .len(),
        100_000
    );
    assert!(!run.dir().join("tree/deep").exists());
}

#[test]
fn rust_std_env_args_and_exit_code_via_adapter() {
    let out = Run::new(rust_component("env_args"))
        .arg("7")
        .arg("two words")
        .env("P3_RUST", "yes")
        .env("P3_B", "")
        .run();
    assert_eq!(out.status, 7, "{}", out.stderr_str());
    assert_eq!(
        out.stdout_str(),
        "args [\"7\", \"two words\"]\nP3_RUST Ok(\"yes\")\nunset true\nvars [\"P3_B=\", \"P3_RUST=yes\"]\n"
    );
    assert_eq!(out.stderr_str(), "exiting with 7\n");
}
