//! Packaging for C users: `make install`/`uninstall`, pkg-config, `p3shim-cc`,
//! `p3shim-adapt`, the CMake toolchain file, and the result under `wasmtime run`.

use p3shim_tests::{
    Libc, Output, Run, installed_prefix, libc, root, run_command, wasmtime_cli, zig_cc,
};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(300);

fn ok(out: Output, what: &str) -> Output {
    assert_eq!(
        out.status,
        0,
        "{what} failed\nstdout:\n{}\nstderr:\n{}",
        out.stdout_str(),
        out.stderr_str()
    );
    out
}

fn scratch(name: &str) -> PathBuf {
    let tag = match libc() {
        Libc::Default => "packaging",
        Libc::Zig => "packaging-zig",
    };
    let d = root().join("target/p3shim-tests").join(tag).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The plain wasm C compiler of this run's libc (`P3SHIM_TEST_LIBC`): Debian's clang-22 with
/// its 2022 wasi-libc, or Zig's with a current one.
fn plain_cc() -> Command {
    match libc() {
        Libc::Zig => zig_cc(),
        Libc::Default => {
            let mut c = Command::new("clang-22");
            c.args(["--target=wasm32-wasi", "--sysroot=/usr", "-Wno-deprecated"]);
            c
        }
    }
}

/// `p3shim-cc` (and CMake through it) with this run's compiler: `P3SHIM_WASI_CC` for Zig.
fn p3shim_cc_env(cmd: &mut Command) -> &mut Command {
    if libc() == Libc::Zig {
        cmd.env(
            "P3SHIM_WASI_CC",
            "python3 -m ziglang cc -target wasm32-wasi",
        );
    }
    cmd
}

/// Runs `component` under the installed `p3run` and expects success.
fn run_installed(prefix: &Path, component: PathBuf) -> Output {
    Run::new(component)
        .runner(prefix.join("bin/p3run"))
        .run()
        .success()
}

/// Fails with the whole stderr unless it contains `needle`.
fn expect_stderr(out: &Output, needle: &str) {
    let err = out.stderr_str();
    assert!(
        err.contains(needle),
        "expected {needle:?} in stderr:\n{err}"
    );
}

fn hello_c(dir: &Path) -> PathBuf {
    let src = dir.join("hello.c");
    std::fs::write(
        &src,
        "#include <stdio.h>\n#include <unistd.h>\nint main(void) {\n  int p[2];\n  \
         if (pipe(p) != 0) return 1;\n  printf(\"hello from p3shim-cc\\n\");\n  return 0;\n}\n",
    )
    .unwrap();
    src
}

#[test]
fn install_lays_out_a_sysroot_and_uninstall_removes_exactly_it() {
    let prefix = scratch("install-uninstall");
    // Something of the user's in the prefix must survive the uninstall.
    std::fs::create_dir_all(prefix.join("lib")).unwrap();
    std::fs::write(prefix.join("lib/keep.txt"), "mine").unwrap();
    let script = |name: &str| {
        let mut c = Command::new(root().join("packaging").join(name));
        c.arg(&prefix);
        ok(run_command(&mut c, TIMEOUT), name)
    };
    // Installing over an installation replaces it; uninstall must still remove it all.
    script("install.sh");
    script("install.sh");
    for f in [
        "lib/wasm32-wasip1/libp3shim.a",
        "lib/wasm32-wasip1/p3shim_net.o",
        "lib/pkgconfig/p3shim.pc",
        "include/wasm32-wasip1/p3shim.h",
        "include/wasm32-wasip1/unistd.h",
        "include/wasm32-wasip1/sys/socket.h",
        "share/p3shim/wasi_snapshot_preview1.command.wasm",
        "share/p3shim/p3shim.cmake",
        "bin/p3run",
        "bin/p3componentize",
        "bin/p3shim-adapt",
        "bin/p3shim-cc",
    ] {
        assert!(prefix.join(f).is_file(), "{f} was not installed");
    }
    script("uninstall.sh");
    let mut left: Vec<_> = walk(&prefix);
    left.sort();
    assert_eq!(
        left,
        ["lib", "lib/keep.txt"],
        "uninstall left or removed the wrong files"
    );
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        out.push(p.strip_prefix(dir).unwrap().display().to_string());
        if p.is_dir() {
            for sub in walk(&p) {
                out.push(format!(
                    "{}/{sub}",
                    p.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    out
}

fn pkg_config(prefix: &Path, what: &str) -> String {
    let mut c = Command::new("pkg-config");
    c.arg(what)
        .arg("p3shim")
        .env("PKG_CONFIG_PATH", prefix.join("lib/pkgconfig"));
    ok(run_command(&mut c, TIMEOUT), "pkg-config").stdout_str()
}

#[test]
fn pkg_config_flags_build_a_component_with_the_plain_compiler() {
    let prefix = installed_prefix();
    let cflags = pkg_config(&prefix, "--cflags");
    let libs = pkg_config(&prefix, "--libs");
    assert_eq!(
        cflags.trim(),
        format!("-I{}/include/wasm32-wasip1", prefix.display())
    );
    let libdir = prefix.join("lib/wasm32-wasip1");
    assert_eq!(
        libs.trim(),
        format!(
            "{0}/p3shim_glue.o -L{0} -lp3shim -nostartfiles -Wl,--no-entry",
            libdir.display()
        )
    );
    let dir = scratch("pkg-config");
    let core = dir.join("hello.core.wasm");
    let mut cc = plain_cc();
    cc.arg("-O2")
        .args(cflags.split_whitespace())
        .arg(hello_c(&dir))
        .arg("-o")
        .arg(&core)
        .args(libs.split_whitespace());
    ok(run_command(&mut cc, TIMEOUT), "clang with pkg-config flags");
    let component = dir.join("hello.wasm");
    let mut new = Command::new(prefix.join("bin/p3componentize"));
    new.arg("new").arg(&core).arg("-o").arg(&component);
    ok(run_command(&mut new, TIMEOUT), "p3componentize");
    let out = run_installed(&prefix, component);
    assert_eq!(out.stdout_str(), "hello from p3shim-cc\n");
}

#[test]
fn p3shim_cc_output_runs_under_p3run_and_wasmtime() {
    let prefix = installed_prefix();
    let dir = scratch("p3shim-cc");
    let component = dir.join("hello.wasm");
    let mut cc = Command::new(prefix.join("bin/p3shim-cc"));
    p3shim_cc_env(&mut cc)
        .arg("-O2")
        .arg(hello_c(&dir))
        .arg("-o")
        .arg(&component);
    ok(run_command(&mut cc, TIMEOUT), "p3shim-cc");
    let out = run_installed(&prefix, component.clone());
    assert_eq!(out.stdout_str(), "hello from p3shim-cc\n");
    // Without -g no DWARF, not even the libc's own; with -g it is kept.
    let has_dwarf = |p: &Path| {
        let bytes = std::fs::read(p).unwrap();
        bytes.windows(11).any(|w| w == b".debug_info")
    };
    assert!(!has_dwarf(&component));
    // hello.c built by p3shim-cc with extra flags.
    let build = |name: &str, flags: &[&str]| {
        let out = dir.join(name);
        let mut cc = Command::new(prefix.join("bin/p3shim-cc"));
        p3shim_cc_env(&mut cc)
            .arg("-O2")
            .args(flags)
            .arg(hello_c(&dir))
            .arg("-o")
            .arg(&out);
        ok(
            run_command(&mut cc, TIMEOUT),
            &format!("p3shim-cc {flags:?}"),
        );
        out
    };
    assert!(has_dwarf(&build("hello-g.wasm", &["-g"])));
    let mut wasmtime = Command::new(wasmtime_cli());
    wasmtime.arg("run").arg(&component);
    let out = ok(run_command(&mut wasmtime, TIMEOUT), "wasmtime run");
    assert_eq!(out.stdout_str(), "hello from p3shim-cc\n");
    // `--trace` links the tracer in, and tracing works under any host: the guest reads its
    // own environment.
    let with_tracer = build("hello-trace.wasm", &["--trace"]);
    let mut traced = Command::new(wasmtime_cli());
    traced
        .args(["run", "--env", "P3SHIM_TRACE=1"])
        .arg(&with_tracer);
    let out = ok(
        run_command(&mut traced, TIMEOUT),
        "wasmtime run with P3SHIM_TRACE",
    );
    assert!(
        out.stderr_str()
            .lines()
            .any(|l| l.starts_with("p3shim_pipe(0x") && l.ends_with(", 0) = 0")),
        "{}",
        out.stderr_str()
    );
}

#[test]
fn p3shim_cc_compiles_objects_and_links_them() {
    let prefix = installed_prefix();
    let dir = scratch("p3shim-cc-objects");
    std::fs::write(dir.join("twice.c"), "int twice(int x) { return 2 * x; }\n").unwrap();
    std::fs::write(
        dir.join("main.c"),
        "#include <stdio.h>\nint twice(int);\nint main(void) { printf(\"%d\\n\", twice(21)); }\n",
    )
    .unwrap();
    let cc = |args: &[&str]| {
        let mut c = Command::new(prefix.join("bin/p3shim-cc"));
        p3shim_cc_env(&mut c).current_dir(&dir).args(args);
        ok(run_command(&mut c, TIMEOUT), &format!("p3shim-cc {args:?}"))
    };
    cc(&["-c", "twice.c", "-o", "twice.o"]);
    cc(&["-c", "main.c"]);
    cc(&["main.o", "twice.o", "-oprog.wasm"]);
    let out = run_installed(&prefix, dir.join("prog.wasm"));
    assert_eq!(out.stdout_str(), "42\n");
}

#[test]
fn p3shim_cc_names_the_missing_toolchain() {
    let prefix = installed_prefix();
    let mut cc = Command::new(prefix.join("bin/p3shim-cc"));
    cc.arg("x.c").env("WASI_SDK_PATH", "/nonexistent/wasi-sdk");
    let out = run_command(&mut cc, TIMEOUT);
    assert_eq!(out.status, 2);
    expect_stderr(&out, "WASI_SDK_PATH=/nonexistent/wasi-sdk has no bin/clang");
    // Without WASI_SDK_PATH and without clang-22 on PATH: the Debian packages are named.
    // PATH holds only what the script itself needs.
    let bin = scratch("no-toolchain");
    for tool in ["bash", "readlink", "dirname", "mktemp", "rm"] {
        std::os::unix::fs::symlink(format!("/usr/bin/{tool}"), bin.join(tool)).unwrap();
    }
    let mut cc = Command::new(prefix.join("bin/p3shim-cc"));
    cc.arg("x.c").env_remove("WASI_SDK_PATH").env("PATH", &bin);
    let out = run_command(&mut cc, TIMEOUT);
    assert_eq!(out.status, 2);
    expect_stderr(&out, "apt-get install clang-22 lld-22 wasi-libc");
}

#[test]
fn p3shim_adapt_wraps_a_wasip1_module_and_rejects_components() {
    let prefix = installed_prefix();
    let dir = scratch("p3shim-adapt");
    let module = dir.join("hello.p1.wasm");
    let src = dir.join("hello.c");
    std::fs::write(
        &src,
        "#include <stdio.h>\nint main(void) { printf(\"hello from p3shim-adapt\\n\"); }\n",
    )
    .unwrap();
    // A plain wasip1 build. Debian's 2022 wasi-libc needs the installed compat object; a
    // current wasi-libc needs nothing.
    let mut cc = plain_cc();
    cc.arg("-O2").arg(&src);
    if libc() == Libc::Default {
        cc.arg("-nostartfiles")
            .arg(prefix.join("lib/wasm32-wasip1/p3shim_compat.o"));
    }
    cc.arg("-o").arg(&module);
    ok(run_command(&mut cc, TIMEOUT), "clang");
    let component = dir.join("hello.wasm");
    let adapt = |input: &Path| {
        let mut c = Command::new(prefix.join("bin/p3shim-adapt"));
        c.arg(input).arg("-o").arg(&component);
        run_command(&mut c, TIMEOUT)
    };
    ok(adapt(&module), "p3shim-adapt");
    let out = run_installed(&prefix, component.clone());
    assert_eq!(out.stdout_str(), "hello from p3shim-adapt\n");
    let out = adapt(&component);
    assert_eq!(out.status, 2);
    expect_stderr(&out, "is already a component");
}

#[test]
fn cmake_toolchain_file_builds_a_multi_file_project() {
    let prefix = installed_prefix();
    let build = scratch("cmake-project");
    let mut configure = Command::new("cmake");
    p3shim_cc_env(&mut configure)
        .arg("-S")
        .arg(root().join("examples/cmake-project"))
        .arg("-B")
        .arg(&build)
        .arg(format!(
            "-DCMAKE_TOOLCHAIN_FILE={}/share/p3shim/p3shim.cmake",
            prefix.display()
        ));
    ok(run_command(&mut configure, TIMEOUT), "cmake configure");
    let mut make = Command::new("cmake");
    p3shim_cc_env(&mut make).arg("--build").arg(&build);
    ok(run_command(&mut make, TIMEOUT), "cmake --build");
    let run = Run::new(build.join("kv.wasm")).runner(prefix.join("bin/p3run"));
    std::fs::write(
        run.dir().join("pairs.txt"),
        "lang=C\nhost=WASIp3\nlang=C99\n",
    )
    .unwrap();
    let out = run
        .arg("/sandbox/pairs.txt")
        .arg("lang")
        .arg("host")
        .arg("missing")
        .run()
        .success();
    assert_eq!(
        out.stdout_str(),
        "2 entries\nlang=C99\nhost=WASIp3\nmissing: not found\n"
    );
}
