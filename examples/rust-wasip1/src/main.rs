//! Rust std on WASIp3 through the p3shim adapter: arguments, environment, files,
//! directory listing, stdin and the clock, all via `wasi_snapshot_preview1`.

use std::io::{BufRead, Write};
use std::time::Instant;

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let start = Instant::now();

    let path = format!("{dir}/greeting.txt");
    std::fs::write(&path, "hello from Rust std\n")?;
    print!("{}", std::fs::read_to_string(&path)?);

    let mut names: Vec<String> = std::fs::read_dir(&dir)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.sort();
    println!("{dir} holds: {}", names.join(", "));

    let mut lines = 0;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        lines += 1;
        println!("stdin: {}", line.to_uppercase());
    }
    let who = std::env::var("WHO").unwrap_or_else(|_| "nobody".into());
    println!("{lines} lines from stdin, WHO={who}");
    std::fs::remove_file(&path)?;
    writeln!(std::io::stderr(), "done in {:?}", start.elapsed())?;
    Ok(())
}
