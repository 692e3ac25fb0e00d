//! Differential testing against Linux: random sequences of file-system operations run by
//! `c/fsdiff.c` natively (gcc, in a host temp dir) and under p3shim on the WASIp3 runner
//! (both forms); every op's printed result/errno and the final directory tree (names,
//! types, file bytes) must be identical.
//!
//! Sequences come from a seeded generator over a small name pool, so collisions (EEXIST,
//! ENOENT, ENOTEMPTY, EISDIR, ENOTDIR, EBADF, ...) happen often. CI runs a fixed seed set;
//! `P3SHIM_DIFF_SEEDS=N` runs N batches (seeds 1..=N) and `P3SHIM_DIFF_SECONDS=S` runs
//! batches until S seconds have passed, for longer hunts (`P3SHIM_DIFF_FIRST=K` starts
//! at seed K). A mismatch names the batch seed,
//! the sequence and the first differing line; `P3SHIM_DIFF_SEED=K` reruns batch K alone.

use p3shim_tests::{Form, Run, both_forms, c_component_with, root};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Sequences per batch (one p3run process) and ops per sequence.
const SEQS_PER_BATCH: usize = 40;
const OPS_PER_SEQ: usize = 32;
/// Batches in CI, per form.
const CI_BATCHES: u64 = 6;

/// xorshift64*: small, seedable, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// A path over the name pool: one or two components from four names.
fn path(r: &mut Rng) -> String {
    const NAMES: [&str; 4] = ["a", "b", "c", "d"];
    if r.chance(30) {
        format!("{}/{}", r.pick(&NAMES), r.pick(&NAMES))
    } else {
        r.pick(&NAMES).to_string()
    }
}

fn open_flags(r: &mut Rng) -> String {
    let mut f = r.pick(&["r", "w", "x"]).to_string();
    for (c, p) in [('c', 55), ('e', 20), ('t', 15), ('a', 15), ('d', 8)] {
        if r.chance(p) {
            f.push(c);
        }
    }
    f
}

/// One op line.
fn op(r: &mut Rng, dup: bool) -> String {
    let s = r.below(4);
    match r.below(100) {
        0..20 => format!("open {s} {} {}", path(r), open_flags(r)),
        20..27 => format!("close {s}"),
        27..36 => format!("read {s} {}", r.below(40)),
        36..46 => format!("write {s} {}", r.below(30)),
        46..49 => format!("pread {s} {} {}", r.below(30), r.below(50)),
        49..52 => format!("pwrite {s} {} {}", r.below(20), r.below(50)),
        52..57 => format!(
            "seek {s} {} {}",
            r.below(70) as i64 - 10,
            r.pick(&["s", "c", "e"])
        ),
        57..60 => format!("ftruncate {s} {}", r.below(40)),
        60..62 => format!("truncate {} {}", path(r), r.below(40)),
        62..68 => format!("rename {} {}", path(r), path(r)),
        68..72 => format!("link {} {}", path(r), path(r)),
        72..78 => format!("unlink {}", path(r)),
        78..85 => format!("mkdir {}", path(r)),
        85..89 => format!("rmdir {}", path(r)),
        89..93 => format!("stat {}", path(r)),
        93..95 => format!("fstat {s}"),
        95..98 => format!(
            "readdir {}",
            if r.chance(50) { ".".into() } else { path(r) }
        ),
        _ if dup => format!("dup {s} {}", r.below(4)),
        _ => format!("fstat {s}"),
    }
}

/// The script of one batch: `SEQS_PER_BATCH` sequences of `OPS_PER_SEQ` ops.
fn script(seed: u64, dup: bool) -> String {
    let mut r = Rng::new(seed);
    let mut out = String::new();
    for q in 0..SEQS_PER_BATCH {
        out.push_str(&format!("seq {q}\n"));
        for _ in 0..OPS_PER_SEQ {
            out.push_str(&op(&mut r, dup));
            out.push('\n');
        }
    }
    out
}

/// `fsdiff.c` built for Linux with the host C compiler.
fn native() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let dir = root().join("target/p3shim-tests");
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("fsdiff.native");
        let st = Command::new("cc")
            .args(["-O1", "-Wall", "-o"])
            .arg(&out)
            .arg(root().join("tests/c/fsdiff.c"))
            .status()
            .expect("starting cc");
        assert!(st.success(), "building fsdiff.c natively failed");
        out
    })
}

fn run_native(script: &str) -> (String, tempfile::TempDir) {
    let dir = tempfile::Builder::new()
        .prefix("p3shim-native-")
        .tempdir()
        .unwrap();
    let mut child = Command::new(native())
        .arg(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = script.to_owned();
    let feeder =
        std::thread::spawn(move || std::io::Write::write_all(&mut stdin, input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "native fsdiff failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (String::from_utf8_lossy(&out.stdout).into_owned(), dir)
}

/// A directory tree as sorted `path type bytes` entries.
fn tree(dir: &Path) -> Vec<(String, char, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, char, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            let t = e.file_type().unwrap();
            if t.is_dir() {
                out.push((rel, 'd', Vec::new()));
                walk(base, &p, out);
            } else if t.is_file() {
                out.push((rel, 'f', std::fs::read(&p).unwrap()));
            } else {
                out.push((rel, '?', Vec::new()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Runs one batch both ways and panics on the first difference.
fn batch(form: Form, seed: u64) -> usize {
    let dup = form == Form::Static;
    let script = script(seed, dup);
    let (want, native_dir) = run_native(&script);
    let run = Run::new(component(form))
        .arg("/sandbox")
        .stdin_bytes(script.clone().into_bytes());
    let out = run.run().success();
    let got = out.stdout_str();
    let (tw, tg) = (tree(native_dir.path()), tree(run.dir()));
    if want != got || tw != tg {
        // Keep the evidence: the script and both outputs, for replay and diff.
        let stem = root().join(format!("target/p3shim-tests/fsdiff-{form:?}-{seed}"));
        std::fs::write(stem.with_extension("script"), &script).unwrap();
        std::fs::write(stem.with_extension("linux"), &want).unwrap();
        std::fs::write(stem.with_extension("p3shim"), &got).unwrap();
    }
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let mut seq = "";
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i).copied(), g.get(i).copied());
        if let Some(l) = a.filter(|l| l.starts_with("seq ")) {
            seq = l;
        }
        assert!(
            a == b,
            "{form:?} batch seed {seed}, {seq}, line {}:\n  linux:  {}\n  p3shim: {}",
            i + 1,
            a.unwrap_or("<end>"),
            b.unwrap_or("<end>")
        );
    }
    for i in 0..tw.len().max(tg.len()) {
        let show = |e: Option<&(String, char, Vec<u8>)>| match e {
            Some((p, t, b)) => format!("{p} {t} {:?}", String::from_utf8_lossy(b)),
            None => "<none>".into(),
        };
        assert!(
            tw.get(i) == tg.get(i),
            "{form:?} batch seed {seed}: final trees differ:\n  linux:  {}\n  p3shim: {}",
            show(tw.get(i)),
            show(tg.get(i))
        );
    }
    script.lines().filter(|l| !l.starts_with("seq ")).count()
}

fn component(form: Form) -> PathBuf {
    let flags: &[&str] = match form {
        Form::Adapter => &["-DFSDIFF_NO_DUP"],
        Form::Static => &[],
    };
    c_component_with("fsdiff", form, flags)
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// Runs the configured seed set; returns (sequences, ops) compared.
fn run_seeds(form: Form) -> (u64, usize) {
    let (mut seqs, mut ops) = (0u64, 0usize);
    if let Some(k) = env_u64("P3SHIM_DIFF_SEED") {
        return (SEQS_PER_BATCH as u64, batch(form, k));
    }
    let deadline = env_u64("P3SHIM_DIFF_SECONDS").map(|s| Instant::now() + Duration::from_secs(s));
    let batches = env_u64("P3SHIM_DIFF_SEEDS").unwrap_or(if deadline.is_some() {
        u64::MAX
    } else {
        CI_BATCHES
    });
    let first = env_u64("P3SHIM_DIFF_FIRST").unwrap_or(1);
    for seed in first..first.saturating_add(batches) {
        if deadline.is_some_and(|d| Instant::now() > d) {
            break;
        }
        ops += batch(form, seed);
        seqs += SEQS_PER_BATCH as u64;
    }
    eprintln!("{form:?}: {seqs} sequences, {ops} operations compared against Linux");
    (seqs, ops)
}

both_forms! {
    fn random_fs_op_sequences_match_linux(form) {
        let (seqs, ops) = run_seeds(form);
        assert!(seqs > 0 && ops > 0);
    }
}

both_forms! {
    /// The mismatches the generator found, one check each (`c/linux_errnos.c`).
    fn errnos_found_by_the_differential_test_match_linux(form) {
        let out = Run::c("linux_errnos", form).run().success();
        assert_eq!(out.stdout_str().lines().collect::<Vec<_>>(), [
            "write to a directory: EBADF",
            "O_DIRECTORY|O_TRUNC: ENOENT ENOTDIR EISDIR; O_EXCL without O_CREAT ignored",
            "link: source checked first",
            "lseek on a directory: Linux moves it, preview1 EBADF",
            "zero-length read/write on the wrong mode: EBADF; on a directory as preview1",
            "ftruncate on a directory: EINVAL",
            "offset after append: 10, then read 11 bytes to 21",
        ]);
    }
}
