//! One static shim for every wasi-libc: the C glue takes no constant or layout on which
//! Debian's 2022 wasi-libc and a current one (Zig's) disagree, and the shim defines no libc
//! routine beyond the POSIX calls it exists to provide (docs/DECISIONS.md).

use p3shim_tests::{root, run_command, wasmtime_cli, zig_cc};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(300);

/// The C functions the static shim provides (README: "The C ABI of the static shim") and
/// the two component exports: all in `p3shim_glue.o` but name resolution, which is a member
/// of `libp3shim.a`.
const GLUE_SYMBOLS: &[&str] = &[
    "accept",
    "accept4",
    "bind",
    "connect",
    "dup",
    "dup2",
    "dup3",
    "fcntl",
    "freeaddrinfo",
    "fstat",
    "gai_strerror",
    "getaddrinfo",
    "getnameinfo",
    "getpeername",
    "getsockname",
    "getsockopt",
    "inet_addr",
    "inet_aton",
    "ioctl",
    "listen",
    "pipe",
    "pipe2",
    "poll",
    "ppoll",
    "pselect",
    "recv",
    "recvfrom",
    "recvmsg",
    "select",
    "send",
    "sendmsg",
    "sendto",
    "setsockopt",
    "shutdown",
    "socket",
    "cabi_realloc",
    "wasi:cli/run@0.3.0#run",
    // The tracer's door, null (weak) unless p3shim_trace.o defines it.
    "p3shim_tracer",
    // Where the engine's pages come from: the program's allocator, if it links one.
    "p3shim_libc_has_allocator",
    "p3shim_libc_calloc",
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
    cmd.args(["--defined-only", "--extern-only", "--format=just-symbols"])
        .arg(file);
    let out = run_command(&mut cmd, TIMEOUT);
    assert_eq!(
        out.status,
        0,
        "llvm-nm {}: {}",
        file.display(),
        out.stderr_str()
    );
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
        (
            "Debian's 2022 wasi-libc",
            PathBuf::from("/usr/lib/wasm32-wasi/libc.a"),
        ),
        ("Zig's wasi-libc", zig_libc()),
    ]
}

#[test]
fn libp3shim_a_defines_only_engine_symbols() {
    let engine = defined(&artifact("libp3shim.a"));
    // Name resolution is an archive member (no wasi-libc defines it; it needs stdio).
    let netdb = ["getaddrinfo", "freeaddrinfo", "gai_strerror", "getnameinfo"];
    let stray: Vec<_> = engine
        .iter()
        .filter(|s| {
            !(s.starts_with("__imported_wasi_snapshot_preview1_")
                || s.ends_with("|wasi_snapshot_preview1")
                || s.starts_with("p3shim_")
                || netdb.contains(&s.as_str()))
        })
        .collect();
    assert!(stray.is_empty(), "libp3shim.a defines {stray:?}");
    for (name, libc) in libcs() {
        let clash: Vec<_> = defined(&libc).intersection(&engine).cloned().collect();
        assert!(
            clash.is_empty(),
            "libp3shim.a and {name} both define {clash:?}"
        );
    }
}

#[test]
fn the_glue_defines_only_the_posix_calls_it_provides() {
    let glue = defined(&artifact("p3shim_glue.o"));
    let netdb = ["getaddrinfo", "freeaddrinfo", "gai_strerror", "getnameinfo"];
    let expected: BTreeSet<String> = GLUE_SYMBOLS.iter().map(|s| s.to_string()).collect();
    let always: BTreeSet<String> = expected
        .iter()
        .filter(|s| !netdb.contains(&s.as_str()))
        .cloned()
        .collect();
    assert_eq!(glue, always);
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
    let trace = defined(&artifact("p3shim_trace.o"));
    assert_eq!(trace, BTreeSet::from(["p3shim_tracer".to_string()]));
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
    assert_eq!(
        out.status,
        0,
        "compiling abi_survey.c ({tag}): {}",
        out.stderr_str()
    );
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
    assert!(
        old.contains("\nS_IFIFO 4096\n") && old.contains("\nS_IFSOCK 49152\n"),
        "{old}"
    );
    assert!(
        old.contains("\nPIPE_BUF 4096\n") && old.contains("\nPF_UNSPEC 0\n"),
        "{old}"
    );
    let differ: Vec<_> = old
        .lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert!(differ.is_empty(), "2022 vs current wasi-libc: {differ:?}");
    assert_eq!(old.lines().count(), new.lines().count());
}

/// SQLite's shell (the amalgamation the npm `sqlite3` package carries), built with
/// `p3shim-cc` and Zig's current wasi-libc in the static form, runs a 100,000-row script
/// (transactions, an index, updates, deletes, `PRAGMA integrity_check`, `VACUUM`) and prints
/// exactly what the same shell built natively with gcc prints.
#[test]
fn sqlite_with_zigs_libc_matches_native_linux() {
    let dir = out_dir().join("sqlite");
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("sqlite-autoconf-3520000");
    if !src.join("sqlite3.c").exists() {
        let mut pack = Command::new("npm");
        pack.args(["pack", "--silent", "sqlite3@6.0.1"])
            .current_dir(&dir);
        let out = run_command(&mut pack, TIMEOUT);
        assert_eq!(out.status, 0, "npm pack sqlite3: {}", out.stderr_str());
        for (tgz, what) in [
            (
                "sqlite3-6.0.1.tgz",
                "package/deps/sqlite-autoconf-3520000.tar.gz",
            ),
            ("package/deps/sqlite-autoconf-3520000.tar.gz", ""),
        ] {
            let mut tar = Command::new("tar");
            tar.arg("xzf").arg(tgz).current_dir(&dir);
            if !what.is_empty() {
                tar.arg(what);
            }
            let out = run_command(&mut tar, TIMEOUT);
            assert_eq!(out.status, 0, "tar {tgz}: {}", out.stderr_str());
        }
    }
    let defines = [
        "-DSQLITE_OMIT_LOAD_EXTENSION",
        "-DSQLITE_THREADSAFE=0",
        "-DSQLITE_NOHAVE_SYSTEM",
        "-DSQLITE_OMIT_POPEN",
        "-DSQLITE_OMIT_WAL",
        "-D_WASI_EMULATED_GETPID",
        "-D_WASI_EMULATED_SIGNAL",
        "-D_WASI_EMULATED_PROCESS_CLOCKS",
    ];
    let prefix = p3shim_tests::installed_prefix();
    let wasm = dir.join("sqlite3.wasm");
    let mut cc = Command::new(prefix.join("bin/p3shim-cc"));
    cc.env(
        "P3SHIM_WASI_CC",
        "python3 -m ziglang cc -target wasm32-wasi",
    )
    .current_dir(&src)
    .arg("-O2")
    .args(defines)
    .args(["shell.c", "sqlite3.c"])
    .args([
        "-lwasi-emulated-getpid",
        "-lwasi-emulated-signal",
        "-lwasi-emulated-process-clocks",
    ])
    .arg("-o")
    .arg(&wasm);
    let out = run_command(&mut cc, TIMEOUT);
    assert_eq!(out.status, 0, "p3shim-cc sqlite: {}", out.stderr_str());
    let native = dir.join("sqlite3-native");
    let mut gcc = Command::new("gcc");
    gcc.current_dir(&src)
        .args([
            "-O2",
            "-DSQLITE_THREADSAFE=0",
            "-DSQLITE_OMIT_LOAD_EXTENSION",
        ])
        .args(["shell.c", "sqlite3.c", "-lm", "-o"])
        .arg(&native);
    let out = run_command(&mut gcc, TIMEOUT);
    assert_eq!(out.status, 0, "gcc sqlite: {}", out.stderr_str());

    // VACUUM needs a temporary store; WASI has no temporary directory, so it is memory.
    let mut script = String::from("PRAGMA temp_store=MEMORY;\n");
    script += "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, v REAL, grp INTEGER);\nBEGIN;\n";
    for i in 0..100_000u64 {
        script += &format!(
            "INSERT INTO t(name,v,grp) VALUES('name{}',{}.5,{});\n",
            i * 7919 % 100_003,
            i * 37 % 1000,
            i % 97
        );
        if i % 10_000 == 9_999 {
            script += "COMMIT;\nBEGIN;\n";
        }
    }
    script += "COMMIT;\nCREATE INDEX tg ON t(grp);\n\
        SELECT count(*), sum(v), min(name), max(name) FROM t;\n\
        SELECT grp, count(*), round(avg(v),3) FROM t GROUP BY grp ORDER BY grp LIMIT 10;\n\
        UPDATE t SET v = v*2 WHERE grp = 5;\nDELETE FROM t WHERE id % 10 = 0;\n\
        SELECT count(*), sum(v) FROM t WHERE grp BETWEEN 3 AND 9;\n\
        SELECT name FROM t WHERE grp = 42 ORDER BY name LIMIT 5;\n\
        PRAGMA integrity_check;\nVACUUM;\nSELECT count(*) FROM t;\n";
    let script_path = dir.join("script.sql");
    std::fs::write(&script_path, &script).unwrap();

    let native_db = dir.join("native.db");
    let _ = std::fs::remove_file(&native_db);
    let mut run = Command::new(&native);
    run.arg(&native_db)
        .stdin(std::fs::File::open(&script_path).unwrap());
    let expected = run.output().unwrap();
    assert!(expected.status.success());

    let out = p3shim_tests::Run::new(wasm)
        .runner(prefix.join("bin/p3run"))
        .arg("/sandbox/test.db")
        .stdin_file(script_path)
        .run();
    assert_eq!(out.status, 0, "{}", out.stderr_str());
    assert_eq!(
        out.stdout_str(),
        String::from_utf8(expected.stdout).unwrap()
    );
    assert!(
        out.stdout_str().contains("\nok\n"),
        "integrity_check: {}",
        out.stdout_str()
    );
}
