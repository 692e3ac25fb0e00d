//! The report: medians per workload and configuration, speed ratios to the official adapter
//! and to native Linux, the targets, a CSV and an SVG bar chart.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use wasmtime::Result;

use crate::driver::Settings;

/// The configurations, in table order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cfg {
    /// p3shim's adapter module on p3run.
    Adapter,
    /// libp3shim.a on p3run.
    Static,
    /// Wasmtime's preview1 adapter on a WASIp2 host.
    Official,
    /// Wasmtime's native preview1 host, core module.
    P1,
    /// Upstream wasi-libc built for wasm32-wasip3 (`WASIP3_SYSROOT`), on p3run.
    LibcP3,
    /// `bench/floor.c`: the fewest WASIp3 operations for a workload, on the bare bindings
    /// (`WASIP3_SYSROOT`), on p3run. What the interface costs before any POSIX layer.
    Floor,
    /// cc -O2, Linux.
    Native,
}

pub const CONFIGS: [Cfg; 7] = [
    Cfg::Adapter,
    Cfg::Static,
    Cfg::Official,
    Cfg::P1,
    Cfg::LibcP3,
    Cfg::Floor,
    Cfg::Native,
];

impl Cfg {
    pub fn key(self) -> &'static str {
        match self {
            Cfg::Adapter => "p3shim-adapter",
            Cfg::Static => "p3shim-static",
            Cfg::Official => "official-p2",
            Cfg::P1 => "wasmtime-p1",
            Cfg::LibcP3 => "wasi-libc-p3",
            Cfg::Floor => "wasip3-floor",
            Cfg::Native => "native",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Cfg::Adapter => "p3shim adapter module, on p3run (WASIp3 only)",
            Cfg::Static => "p3shim static library (libp3shim.a), on p3run",
            Cfg::Official => "Wasmtime's preview1 adapter 50.0.1, on wasmtime-wasi 50.0.1 p2",
            Cfg::P1 => "Wasmtime's native preview1 (wasmtime_wasi::p1), core module",
            Cfg::LibcP3 => "upstream wasi-libc for wasm32-wasip3 (WASIP3_SYSROOT), on p3run",
            Cfg::Floor => {
                "fewest WASIp3 operations, bare bindings, no POSIX layer (bench/floor.c), on p3run"
            }
            Cfg::Native => "the same C built for Linux with cc -O2",
        }
    }

    fn colour(self) -> &'static str {
        match self {
            Cfg::Adapter => "#1f77b4",
            Cfg::Static => "#17becf",
            Cfg::Official => "#d62728",
            Cfg::P1 => "#ff7f0e",
            Cfg::LibcP3 => "#2ca02c",
            Cfg::Floor => "#9467bd",
            Cfg::Native => "#7f7f7f",
        }
    }
}

struct Figure {
    key: &'static str,
    label: &'static str,
    unit: &'static str,
    higher_is_better: bool,
}

const fn fig(key: &'static str, label: &'static str, unit: &'static str, hib: bool) -> Figure {
    Figure {
        key,
        label,
        unit,
        higher_is_better: hib,
    }
}

const FIGURES: &[Figure] = &[
    fig("file_write", "bulk file write, 64 KiB writes", "MB/s", true),
    fig("file_read", "bulk file read, 64 KiB reads", "MB/s", true),
    fig("small_ops", "1-byte pread + fstat + lseek", "ops/s", true),
    fig("stdout_64k", "stdout to /dev/null, 64 KiB", "MB/s", true),
    fig(
        "stdout_64b",
        "stdout to /dev/null, 64 B lines",
        "lines/s",
        true,
    ),
    fig("dir_list_stat", "readdir + stat, whole dir", "ms", false),
    fig("files_read", "small files: open, read to EOF", "ms", false),
    fig("files_stat", "small files: stat each", "ms", false),
    fig("small_files", "small files: both passes", "ms", false),
    fig("preads", "4 KiB pread, random pages", "us", false),
    fig("sqlite", "SQLite shell, fixed script", "ms", false),
    fig("pipe_pingpong", "pipe ping-pong through poll", "rt/s", true),
    fig("tcp_transfer", "loopback TCP transfer", "MB/s", true),
    fig("tcp_pingpong", "TCP 64 B ping-pong, median", "us", false),
    fig("startup", "empty main, start to exit", "ms", false),
    fig("instantiate", "instantiation only", "us", false),
    fig("adapter_bytes", "adapter module size", "bytes", false),
    fig("hello_bytes", "hello world binary size", "bytes", false),
];

/// The driver's job that yields a figure (failed runs are counted per job).
fn job_of(figure: &str) -> &str {
    match figure {
        "file_write" | "file_read" => "file",
        "small_ops" => "smallops",
        "stdout_64k" | "stdout_64b" => "stdout",
        "dir_list_stat" => "dir",
        "files_read" | "files_stat" | "small_files" => "files",
        "pipe_pingpong" => "pipe",
        "tcp_transfer" | "tcp_pingpong" => "tcp",
        other => other,
    }
}

/// Every sample, per figure and configuration, and the failed runs per job.
#[derive(Default)]
pub struct Results {
    samples: BTreeMap<(String, Cfg), Vec<f64>>,
    failed: BTreeMap<(String, Cfg), usize>,
}

impl Results {
    /// A run of `job` under `cfg` failed (it crashed, timed out or printed the wrong output).
    pub fn failed(&mut self, job: &str, cfg: Cfg) {
        *self.failed.entry((job.to_owned(), cfg)).or_default() += 1;
    }

    fn failures(&self, figure: &str, cfg: Cfg) -> usize {
        self.failed
            .get(&(job_of(figure).to_owned(), cfg))
            .copied()
            .unwrap_or(0)
    }

    pub fn add(&mut self, figure: &str, cfg: Cfg, value: f64) {
        self.samples
            .entry((figure.to_owned(), cfg))
            .or_default()
            .push(value);
    }

    fn get(&self, figure: &str, cfg: Cfg) -> Option<&[f64]> {
        self.samples
            .get(&(figure.to_owned(), cfg))
            .map(Vec::as_slice)
    }

    fn median(&self, figure: &str, cfg: Cfg) -> Option<f64> {
        self.get(figure, cfg).map(median)
    }

    /// How many times faster `cfg` is than `base` (>1: faster, or smaller for sizes).
    fn speedup(&self, f: &Figure, cfg: Cfg, base: Cfg) -> Option<f64> {
        let (v, b) = (self.median(f.key, cfg)?, self.median(f.key, base)?);
        let r = if f.higher_is_better { v / b } else { b / v };
        r.is_finite().then_some(r)
    }
}

pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// A figure with about three significant digits, with k/M for large numbers.
fn human(v: f64, unit: &str) -> String {
    if unit == "bytes" {
        return format!("{v:.0}");
    }
    let a = v.abs();
    if a >= 1e7 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e6 {
        format!("{:.2}M", v / 1e6)
    } else if a >= 1e5 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 1e4 {
        format!("{:.1}k", v / 1e3)
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

const LABEL_W: usize = 34;
const UNIT_W: usize = 8;
const COL_W: usize = 15;

fn header(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}");
    let _ = write!(out, "{:<LABEL_W$} {:<UNIT_W$}", "workload", "unit");
    for c in CONFIGS {
        let _ = write!(out, "{:>COL_W$}", c.key());
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "{}",
        "-".repeat(LABEL_W + 1 + UNIT_W + COL_W * CONFIGS.len())
    );
}

fn table(r: &Results, out: &mut String) {
    header(
        out,
        "Medians (FAILED: every run failed; *: some runs failed, see below)",
    );
    for f in FIGURES {
        let _ = write!(out, "{:<LABEL_W$} {:<UNIT_W$}", f.label, f.unit);
        for c in CONFIGS {
            let cell = match (r.median(f.key, c), r.failures(f.key, c)) {
                (None, 0) => "n/a".to_owned(),
                (None, _) => "FAILED".to_owned(),
                (Some(v), 0) => human(v, f.unit),
                (Some(v), _) => format!("{}*", human(v, f.unit)),
            };
            let _ = write!(out, "{cell:>COL_W$}");
        }
        out.push('\n');
    }
    header(out, "Spread of the runs (min-max), to judge the noise");
    for f in FIGURES.iter().filter(|f| !f.key.ends_with("_bytes")) {
        let _ = write!(out, "{:<LABEL_W$} {:<UNIT_W$}", f.label, f.unit);
        for c in CONFIGS {
            let cell = r.get(f.key, c).map_or_else(
                || "n/a".to_owned(),
                |v| {
                    let min = v.iter().copied().fold(f64::INFINITY, f64::min);
                    let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    format!("{}-{}", human(min, f.unit), human(max, f.unit))
                },
            );
            let _ = write!(out, "{cell:>COL_W$}");
        }
        out.push('\n');
    }
    for (base, title) in [
        (
            Cfg::Official,
            "Speed relative to the official adapter on WASIp2 (x; >1 = faster, or smaller for sizes)",
        ),
        (
            Cfg::Native,
            "Speed relative to native Linux (x; >1 = faster, or smaller for sizes)",
        ),
    ] {
        header(out, title);
        for f in FIGURES {
            if r.median(f.key, base).is_none() {
                continue;
            }
            let _ = write!(out, "{:<LABEL_W$} {:<UNIT_W$}", f.label, "x");
            for c in CONFIGS {
                let cell = r
                    .speedup(f, c, base)
                    .map_or_else(|| "n/a".to_owned(), |x| format!("{x:.2}"));
                let _ = write!(out, "{cell:>COL_W$}");
            }
            out.push('\n');
        }
    }
}

/// A target's outcome.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Met,
    NotMet,
    /// Depends on a configuration that was not measured (wasi-libc-p3 without a sysroot).
    NotApplicable,
}

impl Verdict {
    fn from(ok: bool) -> Self {
        if ok { Verdict::Met } else { Verdict::NotMet }
    }

    fn tag(self) -> &'static str {
        match self {
            Verdict::Met => "MET    ",
            Verdict::NotMet => "NOT MET",
            Verdict::NotApplicable => "n/a    ",
        }
    }
}

fn figure(key: &str) -> &'static Figure {
    FIGURES.iter().find(|f| f.key == key).expect("known figure")
}

/// "VALUE UNIT" or "n/a".
fn shown(v: Option<f64>, unit: &str) -> String {
    v.map_or("n/a".into(), |v| format!("{} {unit}", human(v, unit)))
}

/// `c`'s median against `factor` x `base`'s: at least as good (at most that time, at least
/// that rate). `NotApplicable` when `base` was not measured and `optional`.
fn against(
    r: &Results,
    key: &str,
    c: Cfg,
    base: Cfg,
    factor: f64,
    optional: bool,
) -> (String, Verdict) {
    let f = figure(key);
    let (v, b) = (r.median(key, c), r.median(key, base).map(|b| b * factor));
    let bound = if factor == 1.0 {
        base.key().to_owned()
    } else {
        format!("{factor}x {}", base.key())
    };
    let text = format!(
        "{} {} vs {bound} {}",
        c.key(),
        shown(v, f.unit),
        shown(b, f.unit)
    );
    let verdict = match (v, b) {
        (_, None) if optional => Verdict::NotApplicable,
        (Some(v), Some(b)) if f.higher_is_better => Verdict::from(v >= b),
        (Some(v), Some(b)) => Verdict::from(v <= b),
        _ => Verdict::NotMet,
    };
    (text, verdict)
}

/// Several comparisons as one target: met when all are, n/a parts left out.
fn all_of(label: String, parts: Vec<(String, Verdict)>) -> (String, Verdict) {
    let counted: Vec<_> = parts
        .iter()
        .filter(|(_, v)| *v != Verdict::NotApplicable)
        .collect();
    let verdict = if counted.is_empty() {
        Verdict::NotApplicable
    } else {
        Verdict::from(counted.iter().all(|(_, v)| *v == Verdict::Met))
    };
    let detail: Vec<String> = parts
        .iter()
        .map(|(t, v)| {
            if *v == Verdict::NotApplicable {
                format!("{t}: not measured")
            } else {
                t.clone()
            }
        })
        .collect();
    (format!("{label} ({})", detail.join("; ")), verdict)
}

/// The project's targets, computed from the medians.
fn targets(r: &Results, out: &mut String) {
    let mut verdicts = Vec::new();
    let ours = [Cfg::Adapter, Cfg::Static];

    for c in ours {
        let mut slower = Vec::new();
        let mut compared = 0;
        // Every figure the official adapter has: one of ours missing (a failed workload)
        // counts against the target instead of dropping out of it.
        for f in FIGURES.iter().filter(|f| !f.key.ends_with("_bytes")) {
            if r.median(f.key, Cfg::Official).is_none() {
                continue;
            }
            compared += 1;
            match r.speedup(f, c, Cfg::Official) {
                Some(x) if x >= 1.0 => {}
                Some(x) => slower.push(format!("{} {:.2}x", f.key, x)),
                None => slower.push(format!("{} no data", f.key)),
            }
        }
        let ok = slower.is_empty() && compared > 0;
        let detail = if ok {
            format!("all {compared} comparable workloads at least as fast")
        } else {
            format!("slower: {}", slower.join(", "))
        };
        verdicts.push((
            format!(
                "{}: every workload at least as fast as the official adapter ({detail})",
                c.key()
            ),
            Verdict::from(ok),
        ));
    }
    for c in ours {
        let x = r.speedup(figure("file_write"), c, Cfg::Official);
        verdicts.push((
            format!(
                "{}: bulk file write >= 3x the official adapter ({})",
                c.key(),
                x.map_or("n/a".into(), |x| format!("{x:.2}x"))
            ),
            Verdict::from(x.is_some_and(|x| x >= 3.0)),
        ));
    }
    for c in ours {
        for key in ["file_write", "file_read"] {
            let x = r.speedup(figure(key), c, Cfg::P1);
            verdicts.push((
                format!(
                    "{}: {key} within 1.3x of Wasmtime's native preview1 (takes {} the p1 time)",
                    c.key(),
                    x.map_or("n/a".into(), |x| format!("{:.2}x", 1.0 / x))
                ),
                Verdict::from(x.is_some_and(|x| 1.0 / x <= 1.3)),
            ));
        }
    }
    let (ours_b, theirs_b) = (
        r.median("adapter_bytes", Cfg::Adapter),
        r.median("adapter_bytes", Cfg::Official),
    );
    verdicts.push((
        format!(
            "adapter no larger than the official command adapter ({} vs {} bytes)",
            ours_b.map_or("n/a".into(), |v| format!("{v:.0}")),
            theirs_b.map_or("n/a".into(), |v| format!("{v:.0}"))
        ),
        Verdict::from(matches!((ours_b, theirs_b), (Some(a), Some(b)) if a <= b)),
    ));

    // Real programs as fast as native preview1.
    for c in ours {
        verdicts.push(all_of(
            format!(
                "{}: SQLite <= official adapter and <= 1.1x wasmtime-p1",
                c.key()
            ),
            vec![
                against(r, "sqlite", c, Cfg::Official, 1.0, false),
                against(r, "sqlite", c, Cfg::P1, 1.1, false),
            ],
        ));
    }
    // The floor of the WASIp3 interface itself, when measured: no POSIX layer gets below it.
    let floor = match (
        r.median("small_files", Cfg::Floor),
        r.median("small_files", Cfg::P1),
    ) {
        (Some(f), Some(p1)) => format!(" (the WASIp3 floor: {:.2}x wasmtime-p1)", f / p1),
        _ => String::new(),
    };
    for c in ours {
        verdicts.push(all_of(
            format!(
                "{}: many small files (read + stat passes) <= wasmtime-p1{floor}",
                c.key()
            ),
            vec![against(r, "small_files", c, Cfg::P1, 1.0, false)],
        ));
    }
    for c in ours {
        verdicts.push(all_of(
            format!(
                "{}: TCP transfer >= wasi-libc-p3 and >= 0.56x native",
                c.key()
            ),
            vec![
                against(r, "tcp_transfer", c, Cfg::LibcP3, 1.0, true),
                against(r, "tcp_transfer", c, Cfg::Native, 0.56, false),
            ],
        ));
        verdicts.push(all_of(
            format!("{}: TCP 64 B round trip <= 2.5x native", c.key()),
            vec![against(r, "tcp_pingpong", c, Cfg::Native, 2.5, false)],
        ));
    }
    for c in ours {
        for key in ["startup", "instantiate"] {
            verdicts.push(all_of(
                format!("{}: {key} <= official-p2 and <= wasi-libc-p3", c.key()),
                vec![
                    against(r, key, c, Cfg::Official, 1.0, false),
                    against(r, key, c, Cfg::LibcP3, 1.0, true),
                ],
            ));
        }
    }
    {
        let (v, b) = (
            r.median("hello_bytes", Cfg::Static),
            r.median("hello_bytes", Cfg::LibcP3),
        );
        let verdict = match (v, b) {
            (_, None) => Verdict::NotApplicable,
            (Some(v), Some(b)) => Verdict::from(v <= b + 10_240.0),
            _ => Verdict::NotMet,
        };
        verdicts.push((
            format!(
                "p3shim-static: hello world within 10,240 bytes of wasi-libc-p3's ({} vs {})",
                shown(v, "bytes"),
                if b.is_some() {
                    shown(b, "bytes")
                } else {
                    "wasi-libc-p3 not measured".into()
                }
            ),
            verdict,
        ));
    }

    let _ = writeln!(out, "\nTargets");
    for (text, verdict) in &verdicts {
        let _ = writeln!(out, "  [{}] {text}", verdict.tag());
    }
}

fn csv(r: &Results) -> String {
    let mut out = String::from(
        "figure,label,unit,higher_is_better,config,median,min,max,runs,speed_vs_official,speed_vs_native\n",
    );
    for f in FIGURES {
        for c in CONFIGS {
            let Some(s) = r.get(f.key, c) else { continue };
            let min = s.iter().copied().fold(f64::INFINITY, f64::min);
            let max = s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let opt = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x:.4}"));
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{min},{max},{},{},{}",
                f.key,
                f.label.replace(',', ";"),
                f.unit,
                f.higher_is_better,
                c.key(),
                median(s),
                s.len(),
                opt(r.speedup(f, c, Cfg::Official)),
                opt(r.speedup(f, c, Cfg::Native)),
            );
        }
    }
    out
}

fn raw_csv(r: &Results) -> String {
    let mut out = String::from("figure,config,run,value\n");
    for ((figure, cfg), values) in &r.samples {
        for (i, v) in values.iter().enumerate() {
            let _ = writeln!(out, "{figure},{},{},{v}", cfg.key(), i + 1);
        }
    }
    out
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Grouped horizontal bars: per workload, each configuration's speed relative to the fastest
/// one (the longest bar), labelled with its median.
fn svg(r: &Results) -> String {
    const LEFT: f64 = 250.0;
    const BAR_W: f64 = 520.0;
    const BAR_H: f64 = 11.0;
    const TOP: f64 = 60.0;
    let groups: Vec<&Figure> = FIGURES
        .iter()
        .filter(|f| CONFIGS.iter().any(|&c| r.median(f.key, c).is_some()))
        .collect();
    let group_h = BAR_H * CONFIGS.len() as f64 + 14.0;
    let height = TOP + group_h * groups.len() as f64 + 20.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="900" height="{height:.0}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="900" height="{height:.0}" fill="white"/><text x="10" y="18" font-size="14" font-weight="bold">p3shim benchmarks: speed relative to the fastest configuration (longest bar), median labelled</text>"#
    );
    for (i, c) in CONFIGS.iter().enumerate() {
        let x = 10.0 + i as f64 * 145.0;
        let _ = writeln!(
            out,
            r#"<rect x="{x}" y="30" width="12" height="12" fill="{}"/><text x="{}" y="40">{}</text>"#,
            c.colour(),
            x + 16.0,
            c.key()
        );
    }
    for (g, f) in groups.iter().enumerate() {
        let y0 = TOP + g as f64 * group_h;
        let _ = writeln!(
            out,
            r##"<text x="{}" y="{:.1}" text-anchor="end">{}</text><text x="{}" y="{:.1}" text-anchor="end" fill="#666">{}</text>"##,
            LEFT - 8.0,
            y0 + group_h / 2.0 - 4.0,
            xml(f.label),
            LEFT - 8.0,
            y0 + group_h / 2.0 + 9.0,
            xml(&format!(
                "({}, {})",
                f.unit,
                if f.higher_is_better {
                    "higher is better"
                } else {
                    "lower is better"
                }
            ))
        );
        let speeds: Vec<Option<f64>> = CONFIGS
            .iter()
            .map(|&c| {
                r.median(f.key, c)
                    .map(|v| if f.higher_is_better { v } else { 1.0 / v })
            })
            .collect();
        let best = speeds.iter().flatten().copied().fold(0.0, f64::max);
        for (i, (c, s)) in CONFIGS.iter().zip(&speeds).enumerate() {
            let y = y0 + i as f64 * BAR_H;
            match (s, r.median(f.key, *c)) {
                (Some(s), Some(v)) if best > 0.0 => {
                    let w = (s / best * BAR_W).max(1.0);
                    let _ = writeln!(
                        out,
                        r#"<rect x="{LEFT}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
                        BAR_H - 2.0,
                        c.colour(),
                        LEFT + w + 4.0,
                        y + BAR_H - 3.0,
                        xml(&human(v, f.unit))
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        r##"<text x="{}" y="{:.1}" fill="#999">n/a</text>"##,
                        LEFT + 4.0,
                        y + BAR_H - 3.0
                    );
                }
            }
        }
        let _ = writeln!(
            out,
            r##"<line x1="10" x2="890" y1="{:.1}" y2="{:.1}" stroke="#ddd"/>"##,
            y0 + group_h - 5.0,
            y0 + group_h - 5.0
        );
    }
    out.push_str("</svg>\n");
    out
}

/// Prints nothing itself: returns the text report and writes `report.txt`, `results.csv`,
/// `runs.csv` and `chart.svg` into `dir`.
pub fn write(
    r: &Results,
    s: &Settings,
    dir: &Path,
    failures: &[String],
    notes: &[String],
) -> Result<String> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "p3shim benchmarks: {} runs per configuration, interleaved; median of the runs shown.",
        s.runs
    );
    let _ = writeln!(
        out,
        "Data: file {} MiB, {} small-op rounds (3 calls each), stdout {} MiB + {} lines, \
         {} directory entries, {} small files, SQLite {} rows, pipe {} round trips, TCP {} MiB, \
         start-up median of {} spawns, instantiation median of {}.",
        s.mib,
        s.small_ops,
        s.stdout_mib,
        s.lines,
        s.entries,
        s.files,
        s.sqlite_rows,
        s.pipe_rounds,
        s.tcp_mib,
        s.startup_spawns,
        s.instantiations
    );
    for c in CONFIGS {
        let describe = match (c, &s.wasip3_sysroot) {
            (Cfg::LibcP3 | Cfg::Floor, None) => {
                "n/a: not measured, WASIP3_SYSROOT is not set (bench/README.md builds one)".into()
            }
            (Cfg::LibcP3 | Cfg::Floor, Some(root)) => format!("{} = {root}", c.describe()),
            _ => c.describe().to_owned(),
        };
        let _ = writeln!(out, "  {:<15} {describe}", c.key());
    }
    table(r, &mut out);
    targets(r, &mut out);
    if !notes.is_empty() {
        let _ = writeln!(out, "\nNotes:");
        for n in notes {
            let _ = writeln!(out, "  {n}");
        }
    }
    if !failures.is_empty() {
        let _ = writeln!(
            out,
            "\nFAILED RUNS: {} (they give no figure; wrong output counts as a failure)",
            failures.len()
        );
        for f in failures {
            let _ = writeln!(out, "  {f}");
        }
    }
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("report.txt"), &out)?;
    std::fs::write(dir.join("results.csv"), csv(r))?;
    std::fs::write(dir.join("runs.csv"), raw_csv(r))?;
    std::fs::write(dir.join("chart.svg"), svg(r))?;
    let _ = writeln!(
        out,
        "\nWritten: {0}/report.txt {0}/results.csv {0}/runs.csv {0}/chart.svg",
        dir.display()
    );
    Ok(out)
}
