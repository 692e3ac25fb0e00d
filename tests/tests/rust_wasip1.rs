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
         read \"alpha\\n\"\nmissing NotFound\ndir as file: is_dir true\n\
         read a directory Uncategorized\nfs::read a directory Uncategorized\ndone\n"
    );
    // Wasmtime's own preview1 gives the same answers (a directory's read: EBADF, which
    // std calls `Uncategorized`).
    let native = Run::new(p3shim_tests::rust_module("fs_roundtrip"))
        .arg("/sandbox")
        .wasmtime()
        .run()
        .success();
    assert_eq!(native.stdout_str(), out.stdout_str());
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

/// What `rights_reopen` prints under Wasmtime's own preview1 and must print through the
/// adapter: preopen rights as Wasmtime reports them, the preopen reopened read-only with
/// them, EBADF (8) for a seek on a directory, and std file work below the reopened tree.
const RIGHTS_REOPEN: &str = "preopen rights 0x7b7fe00 0xff7ffff\nreopened filetype 3 write false\n\
fd_seek on the directory errno 8\nfile read true write true\nread back 4567\nmoved.txt 10\nsub/\n  \
deeper/\n    x.bin 3000\nafter O_TRUNC 0\ndone\n";

#[test]
fn rust_std_reopens_directories_with_the_rights_preview1_reported_via_adapter() {
    use p3shim_tests::rust_module;
    let native = Run::new(rust_module("rights_reopen"))
        .wasmtime()
        .run()
        .success();
    assert_eq!(
        native.stdout_str(),
        RIGHTS_REOPEN,
        "Wasmtime's native preview1"
    );
    for run in [
        Run::new(rust_component("rights_reopen")),
        Run::new(rust_component("rights_reopen")).wasmtime(),
    ] {
        let out = run.run().success();
        assert_eq!(out.stdout_str(), RIGHTS_REOPEN);
        assert_eq!(
            std::fs::read(run.dir().join("tree/moved.txt")).unwrap(),
            b""
        );
        assert_eq!(
            std::fs::read(run.dir().join("tree/sub/deeper/x.bin"))
                .unwrap()
                .len(),
            3000
        );
    }
}
