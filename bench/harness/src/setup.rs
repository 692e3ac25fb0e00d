//! The data the workloads read, made by the harness before the first run and not timed:
//! the directory the listing workload reads, the small files, the pages file and the SQLite
//! script. All of
//! it is deterministic, so every configuration and every run sees the same bytes.

use std::fmt::Write as _;
use std::path::Path;

use wasmtime::Result;

/// The directory the listing workload reads: `entries` empty files, made once.
pub fn listing_tree(dir: &Path, entries: usize) -> Result<()> {
    if std::fs::read_dir(dir).map(|d| d.count()).ok() == Some(entries) {
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    for i in 0..entries {
        std::fs::write(dir.join(format!("entry-{i:05}")), b"")?;
    }
    Ok(())
}

/// Size of small file `j`: 0 to 16 KiB, spread evenly.
fn small_len(j: usize) -> usize {
    (j * 7919 + 13) % (16 * 1024 + 1)
}

/// The bytes of small file `j`.
fn small_content(j: usize) -> Vec<u8> {
    (0..small_len(j))
        .map(|k| (j * 31 + k * 7 + (k >> 8)) as u8)
        .collect()
}

/// `workloads.c`'s checksum of one file: the wrapping sum of its little-endian 64-bit
/// words, the last one zero-padded.
fn words(bytes: &[u8]) -> u64 {
    bytes.chunks(8).fold(0u64, |h, c| {
        let mut w = [0u8; 8];
        w[..c.len()].copy_from_slice(c);
        h.wrapping_add(u64::from_le_bytes(w))
    })
}

/// `n` small files, `dir/dQQQ/fNNNNN` with 100 to a directory (made once; a stamp file
/// records the count). Returns what `workloads files` must print on stdout.
pub fn small_files(dir: &Path, n: usize) -> Result<String> {
    let stamp = dir.join("made");
    let want = format!("{n} files, layout 1\n");
    let fresh = std::fs::read_to_string(&stamp).ok().as_deref() != Some(want.as_str());
    if fresh {
        let _ = std::fs::remove_dir_all(dir);
    }
    let (mut sum, mut bytes) = (0u64, 0u64);
    for j in 0..n {
        let content = small_content(j);
        if fresh {
            let sub = dir.join(format!("d{:03}", j / 100));
            if j % 100 == 0 {
                std::fs::create_dir_all(&sub)?;
            }
            std::fs::write(sub.join(format!("f{j:05}")), &content)?;
        }
        let len = content.len() as u64;
        sum = sum
            .wrapping_mul(31)
            .wrapping_add(words(&content))
            .wrapping_add(len);
        bytes += len;
    }
    if fresh {
        std::fs::write(&stamp, want)?;
    }
    Ok(format!(
        "files: {n} files, {bytes} bytes, checksum {sum:016x}\n"
    ))
}

/// The file `workloads preads` reads pages of: 16 MiB (4,096 pages, about the size of the
/// SQLite benchmark's database), every byte different from its neighbours; made once.
pub fn pages_file(path: &Path) -> Result<()> {
    const SIZE: usize = 16 << 20;
    if std::fs::metadata(path).is_ok_and(|m| m.len() == SIZE as u64) {
        return Ok(());
    }
    let bytes: Vec<u8> = (0..SIZE).map(|k| (k * 131 + (k >> 12) * 7) as u8).collect();
    std::fs::write(path, bytes)?;
    Ok(())
}

/// The SQLite shell's input: `rows` inserts in transactions of 10,000, two indexes,
/// queries, an update and a delete, `PRAGMA integrity_check` and `VACUUM`. WASI has no
/// temporary directory, so temporary tables and `VACUUM`'s copy stay in memory. No
/// `fsync`: its latency depends on every other writer of the disk (the same script on the
/// same configuration took 2.6 s and 8 s of wall time on this shared machine), not on the
/// configuration, so `synchronous=OFF`; the journal is still written and deleted per
/// transaction.
pub fn sqlite_script(path: &Path, rows: usize) -> Result<()> {
    let mut s = String::with_capacity(rows * 64 + 4096);
    s.push_str(
        "PRAGMA temp_store=MEMORY;\nPRAGMA synchronous=OFF;\n\
         CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, price REAL, qty INTEGER, \
         cat INTEGER, note TEXT);\nBEGIN;\n",
    );
    for i in 0..rows {
        let _ = writeln!(
            s,
            "INSERT INTO items(name,price,qty,cat,note) VALUES('item{}',{}.25,{},{},'{}');",
            i * 7919 % 1_000_003,
            i * 37 % 5000,
            i * 13 % 101,
            i % 113,
            "n".repeat(i % 40)
        );
        if i % 10_000 == 9_999 {
            s.push_str("COMMIT;\nBEGIN;\n");
        }
    }
    s.push_str(
        "COMMIT;\n\
         CREATE INDEX items_cat ON items(cat);\n\
         CREATE INDEX items_name ON items(name);\n\
         SELECT count(*), sum(price), sum(qty), min(name), max(name) FROM items;\n\
         SELECT cat, count(*), round(avg(price),3), max(qty) FROM items GROUP BY cat ORDER BY cat LIMIT 12;\n\
         SELECT count(*) FROM items WHERE name LIKE 'item12%';\n\
         SELECT name, price FROM items WHERE name BETWEEN 'item5000' AND 'item5003' ORDER BY name;\n\
         SELECT cat, sum(qty) FROM items WHERE cat IN (7, 42, 99) GROUP BY cat;\n\
         BEGIN;\n\
         UPDATE items SET price = price * 2, note = 'updated' WHERE cat % 10 = 5;\n\
         DELETE FROM items WHERE id % 7 = 0;\n\
         COMMIT;\n\
         SELECT count(*), sum(price) FROM items WHERE cat BETWEEN 30 AND 60;\n\
         SELECT name FROM items WHERE cat = 42 ORDER BY name LIMIT 5;\n\
         SELECT count(*) FROM items WHERE note = 'updated';\n\
         PRAGMA integrity_check;\n\
         VACUUM;\n\
         SELECT count(*), sum(price) FROM items;\n",
    );
    if std::fs::read_to_string(path).ok().as_deref() != Some(s.as_str()) {
        std::fs::write(path, s)?;
    }
    Ok(())
}
