//! std::io and std::time through the adapter: stdin read to EOF, a large buffered stdout
//! write, stderr, Instant around thread::sleep, SystemTime and file modification times.
use std::io::{Read, Write};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn fnv1a(data: &[u8]) -> u32 {
    data.iter()
        .fold(2166136261u32, |h, &b| (h ^ b as u32).wrapping_mul(16777619))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(args.get(1).expect("usage: stdio_time DIR [BYTES]"));
    let bytes: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1 << 20);

    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input).unwrap();
    eprintln!("stdin {} bytes fnv1a {:08x}", input.len(), fnv1a(&input));

    let start = Instant::now();
    std::thread::sleep(Duration::from_millis(40));
    let slept = start.elapsed();
    eprintln!("slept >= 40ms: {}", slept >= Duration::from_millis(40));

    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    eprintln!("system time after 2020: {}", now.as_secs() > 1_577_836_800);

    let file = dir.join("stamp.txt");
    std::fs::write(&file, b"stamp").unwrap();
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let skew = modified.duration_since(UNIX_EPOCH).unwrap().as_secs() as i64 - now.as_secs() as i64;
    eprintln!("file mtime within 5 s of now: {}", skew.abs() <= 5);

    // The pattern stdout_large.c writes, through a locked, buffered stdout.
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(10_000, out.lock());
    for i in 0..bytes {
        out.write_all(&[((i.wrapping_mul(31)) ^ (i >> 11) ^ (i >> 19)) as u8])
            .unwrap();
    }
    out.flush().unwrap();
}
