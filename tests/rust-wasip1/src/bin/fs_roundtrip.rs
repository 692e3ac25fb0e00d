//! std::fs through the adapter: directories, files, rename, metadata, listing, removal.
use std::io::{Read, Seek, SeekFrom, Write};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: fs_roundtrip DIR");
    let base = std::path::Path::new(&dir);
    std::fs::create_dir_all(base.join("tree/deep")).unwrap();
    std::fs::write(base.join("tree/deep/a.txt"), b"alpha\n").unwrap();
    let mut f = std::fs::OpenOptions::new().create(true).read(true).write(true).open(base.join("tree/b.bin")).unwrap();
    let block: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    f.write_all(&block).unwrap();
    f.seek(SeekFrom::Start(50_000)).unwrap();
    let mut back = vec![0u8; 10];
    f.read_exact(&mut back).unwrap();
    println!("seek+read {:?}", &back[..4]);
    println!("len {}", f.metadata().unwrap().len());
    drop(f);
    std::fs::rename(base.join("tree/deep/a.txt"), base.join("tree/a-moved.txt")).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(base.join("tree"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let kind = if e.file_type().unwrap().is_dir() { "dir" } else { "file" };
            format!("{}:{kind}", e.file_name().to_string_lossy())
        })
        .collect();
    names.sort();
    println!("listing {}", names.join(" "));
    println!("read {:?}", std::fs::read_to_string(base.join("tree/a-moved.txt")).unwrap());
    let err = std::fs::read(base.join("missing")).unwrap_err();
    println!("missing {:?}", err.kind());
    // A directory opened as a file (no O_DIRECTORY): std asks its metadata, or reads it.
    let d = std::fs::File::open(base.join("tree")).unwrap();
    println!("dir as file: is_dir {}", d.metadata().unwrap().is_dir());
    let err = (&std::fs::File::open(base.join("tree")).unwrap()).read(&mut [0u8; 8]).unwrap_err();
    println!("read a directory {:?}", err.kind());
    println!("fs::read a directory {:?}", std::fs::read(base.join("tree")).unwrap_err().kind());
    std::fs::remove_dir(base.join("tree/deep")).unwrap();
    std::fs::write(base.join("result.txt"), "written by Rust std\n").unwrap();
    println!("done");
}
