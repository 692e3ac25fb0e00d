//! One static shim for every wasi-libc: the C glue takes no constant or layout on which
//! Debian's 2022 wasi-libc and a current one (Zig's) disagree, and the shim defines no libc
//! routine beyond the POSIX calls it exists to provide (docs/DECISIONS.md).

use p3shim_tests::{root, run_command, wasmtime_cli, zig_cc};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(300);

/// The POSIX calls `p3shim_glue.o` provides (README: "The C ABI of libp3shim.a"), and the
/// two component exports.
const GLUE_SYMBOLS: &[&str] = &[
    "accept", "accept4", "bind", "connect", "dup", "dup2", "dup3", "fcntl", "freeaddrinfo",
    "fstat", "gai_strerror", "getaddrinfo", "getnameinfo", "getpeername", "getsockname",
    "getsockopt", "inet_addr", "inet_aton", "ioctl", "listen", "pipe", "pipe2", "poll", "ppoll",
    "pselect", "recv", "recvfrom", "recvmsg", "select", "send", "sendmsg", "sendto",
    "setsockopt", "shutdown", "socket", "cabi_realloc", "wasi:cli/run@0.3.0#run",
];

fn out_dir() -> PathBuf {
    let d = root().join("target/p3shim-tests/libcs");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn nm() -> Command {
    match std::env::var_os("WASI_SDK_PATH").filter(|s| !s.is_empty()) {
        Some(sdk) => Command::new(Path::new(&sdk).join("bin/llvm-nm")),
        None => Command::new("llvm-nm-22"),
    }
}

/// The global symbols `file` (an object or archive) defines.
fn defined(file: &Path) -> BTreeSet<String> {
    let mut cmd = nm();
    cmd.args(["--defined-only", "--extern-only", "--format=just-symbols"]).arg(file);
    let out = run_command(&mut cmd, TIMEOUT);
    assert_eq!(out.status, 0, "llvm-nm {}: {}", file.display(), out.stderr_str());
    out.stdout_str()
        .lines()
        .filter(|l| !l.is_empty() && !l.ends_with(':'))
        .map(str::to_owned)
        .collect()
}

fn artifact(name: &str) -> PathBuf {
    let p = root().join("target/p3shim").join(name);
    assert!(p.exists(), "{} is missing: run `make`", p.display());
    p
}

/// Zig's wasi-libc archive, as its linker is given it (`zig cc -v` prints the command).
fn zig_libc() -> PathBuf {
    let dir = out_dir();
    let src = dir.join("empty.c");
    std::fs::write(&src, "int main(void) { return 0; }\n").unwrap();
    let mut cc = zig_cc();
    cc.arg("-v").arg(&src).arg("-o").arg(dir.join("empty.wasm"));
    let out = run_command(&mut cc, TIMEOUT);
    assert_eq!(out.status, 0, "zig cc: {}", out.stderr_str());
    let text = out.stderr_str();
    let path = text
        .split_whitespace()
        .find(|w| w.ends_with("/libc.a"))
        .unwrap_or_else(|| panic!("no libc.a in zig's link command:\n{text}"));
    PathBuf::from(path)
}

/// Each libc's archive: Debian's 2022 wasi-libc and Zig's current one.
fn libcs() -> Vec<(&'static str, PathBuf)> {
    vec![
        ("Debian's 2022 wasi-libc", PathBuf::from("/usr/lib/wasm32-wasi/libc.a")),
        ("Zig's wasi-libc", zig_libc()),
    ]
}

#[test]
fn libp3shim_a_defines_only_engine_symbols() {
    let engine = defined(&artifact("libp3shim.a"));
    let stray: Vec<_> = engine
        .iter()
        .filter(|s| {
            !(s.starts_with("__imported_wasi_snapshot_preview1_")
                || s.ends_with("|wasi_snapshot_preview1")
                || s.starts_with("p3shim_"))
        })
        .collect();
    assert!(stray.is_empty(), "libp3shim.a defines {stray:?}");
    for (name, libc) in libcs() {
        let clash: Vec<_> = defined(&libc).intersection(&engine).cloned().collect();
        assert!(clash.is_empty(), "libp3shim.a and {name} both define {clash:?}");
    }
}

#[test]
fn the_glue_defines_only_the_posix_calls_it_provides() {
    let glue = defined(&artifact("p3shim_glue.o"));
    let expected: BTreeSet<String> = GLUE_SYMBOLS.iter().map(|s| s.to_string()).collect();
    assert_eq!(glue, expected);
    // Against each libc: only POSIX calls, never memory, string or math routines.
    for (name, libc) in libcs() {
        let shared: BTreeSet<_> = defined(&libc).intersection(&glue).cloned().collect();
        assert!(
            shared.is_subset(&expected) && !shared.contains("memcpy"),
            "{name}: {shared:?}"
        );
        println!("{name} also defines: {shared:?}");
    }
    let net = defined(&artifact("p3shim_net.o"));
    assert!(net.is_subset(&expected), "p3shim_net.o defines {net:?}");
}

/// Compiles `tests/c/abi_survey.c` with `cc` and runs the core module on Wasmtime.
fn survey(tag: &str, mut cc: Command) -> String {
    let wasm = out_dir().join(format!("abi_survey.{tag}.wasm"));
    cc.arg("-O2")
        .arg(format!("-I{}", root().join("include").display()))
        .arg(root().join("tests/c/abi_survey.c"))
        .arg("-o")
        .arg(&wasm);
    let out = run_command(&mut cc, TIMEOUT);
    assert_eq!(out.status, 0, "compiling abi_survey.c ({tag}): {}", out.stderr_str());
    let mut run = Command::new(wasmtime_cli());
    run.arg("run").arg(&wasm);
    let out = run_command(&mut run, TIMEOUT);
    assert_eq!(out.status, 0, "{}", out.stderr_str());
    out.stdout_str()
}

#[test]
fn glue_constants_and_layouts_agree_across_libcs() {
    let mut debian = Command::new("clang-22");
    debian.args(["--target=wasm32-wasi", "--sysroot=/usr", "-Wno-deprecated"]);
    let old = survey("debian", debian);
    let new = survey("zig", zig_cc());
    assert!(old.lines().count() > 150, "{old}");
    // S_IFIFO is the one value the libcs' own headers disagree on: p3shim's <__mode_t.h>
    // gives the 2022 libc the value everyone else uses.
    assert!(old.contains("\nS_IFIFO 4096\n") && old.contains("\nS_IFSOCK 49152\n"), "{old}");
    assert!(old.contains("\nPIPE_BUF 4096\n") && old.contains("\nPF_UNSPEC 0\n"), "{old}");
    let differ: Vec<_> = old
        .lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert!(differ.is_empty(), "2022 vs current wasi-libc: {differ:?}");
    assert_eq!(old.lines().count(), new.lines().count());
}
