//! Reopening directories with the rights preview1 reported, as the WASI conformance suite
//! and `wasi`-crate programs do: `path_open(dir, ".", DIRECTORY, base, inheriting)` with the
//! rights `fd_fdstat_get` returned, then files below it with the inherited rights; then a
//! tree walk, a rename and a truncation through std on top of those descriptors.
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::FromRawFd;

#[repr(C)]
#[derive(Default)]
struct Fdstat {
    filetype: u8,
    flags: u16,
    rights_base: u64,
    rights_inheriting: u64,
}

#[link(wasm_import_module = "wasi_snapshot_preview1")]
unsafe extern "C" {
    fn fd_fdstat_get(fd: u32, out: *mut Fdstat) -> u16;
    #[allow(clippy::too_many_arguments)]
    fn path_open(
        fd: u32,
        dirflags: u32,
        path: *const u8,
        path_len: usize,
        oflags: u16,
        base: u64,
        inheriting: u64,
        fdflags: u16,
        opened: *mut u32,
    ) -> u16;
    fn fd_seek(fd: u32, offset: i64, whence: u8, out: *mut u64) -> u16;
}

const OFLAGS_CREAT: u16 = 1;
const OFLAGS_DIRECTORY: u16 = 2;
const OFLAGS_TRUNC: u16 = 8;
const RIGHT_FD_READ: u64 = 1 << 1;
const RIGHT_FD_WRITE: u64 = 1 << 6;

fn fdstat(fd: u32) -> Fdstat {
    let mut st = Fdstat::default();
    // SAFETY: `st` is a valid out-pointer for the preview1 fdstat layout.
    let e = unsafe { fd_fdstat_get(fd, &mut st) };
    assert_eq!(e, 0, "fd_fdstat_get({fd})");
    st
}

fn open(dir: u32, path: &str, oflags: u16, base: u64, inheriting: u64) -> Result<u32, u16> {
    let mut fd = 0;
    // SAFETY: the path is a valid byte slice and `fd` a valid out-pointer.
    let e = unsafe {
        path_open(dir, 1, path.as_ptr(), path.len(), oflags, base, inheriting, 0, &mut fd)
    };
    if e == 0 { Ok(fd) } else { Err(e) }
}

fn walk(dir: &std::path::Path, depth: usize, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.file_type().unwrap().is_dir() {
            out.push(format!("{}{name}/", "  ".repeat(depth)));
            walk(&e.path(), depth + 1, out);
        } else {
            out.push(format!("{}{name} {}", "  ".repeat(depth), e.metadata().unwrap().len()));
        }
    }
}

fn main() {
    // The preopen (fd 3): rights as Wasmtime's preview1 reports them.
    let pre = fdstat(3);
    println!("preopen rights {:#x} {:#x}", pre.rights_base, pre.rights_inheriting);
    assert_eq!(pre.rights_base & (RIGHT_FD_READ | RIGHT_FD_WRITE), 0);

    // Reopen the preopen with exactly those rights: a read-only directory descriptor.
    let dot = open(3, ".", OFLAGS_DIRECTORY, pre.rights_base, pre.rights_inheriting)
        .expect("reopening the preopen with its own rights");
    let d = fdstat(dot);
    println!("reopened filetype {} write {}", d.filetype, d.rights_base & RIGHT_FD_WRITE != 0);
    let mut pos = 0u64;
    // SAFETY: `pos` is a valid out-pointer.
    println!("fd_seek on the directory errno {}", unsafe { fd_seek(dot, 0, 0, &mut pos) });

    // Make a subdirectory through std, reopen it with the inherited rights, create a file
    // below it with the rights that one hands down, and write it through std.
    std::fs::create_dir_all("/sandbox/tree/sub/deeper").unwrap();
    let tree = open(dot, "tree", OFLAGS_DIRECTORY, d.rights_inheriting, d.rights_inheriting)
        .expect("opening a subdirectory with inherited rights");
    let t = fdstat(tree);
    let file = open(tree, "sub/data.txt", OFLAGS_CREAT | OFLAGS_TRUNC, t.rights_inheriting, t.rights_inheriting)
        .expect("creating a file with inherited rights");
    let f = fdstat(file);
    println!("file read {} write {}", f.rights_base & RIGHT_FD_READ != 0, f.rights_base & RIGHT_FD_WRITE != 0);
    // SAFETY: `file` is an open descriptor that this File now owns.
    let mut data = unsafe { File::from_raw_fd(file as i32) };
    data.write_all(b"0123456789abcdef").unwrap();
    data.seek(SeekFrom::Start(4)).unwrap();
    let mut four = [0u8; 4];
    data.read_exact(&mut four).unwrap();
    println!("read back {}", String::from_utf8_lossy(&four));
    data.set_len(10).unwrap();
    drop(data);
    std::fs::write("/sandbox/tree/sub/deeper/x.bin", vec![7u8; 3000]).unwrap();
    std::fs::rename("/sandbox/tree/sub/data.txt", "/sandbox/tree/moved.txt").unwrap();
    let mut listing = Vec::new();
    walk(std::path::Path::new("/sandbox/tree"), 0, &mut listing);
    for line in listing {
        println!("{line}");
    }
    // O_TRUNC through a read-write open of the moved file.
    let trunc = open(tree, "moved.txt", OFLAGS_TRUNC, RIGHT_FD_READ | RIGHT_FD_WRITE, 0).unwrap();
    // SAFETY: as above.
    drop(unsafe { File::from_raw_fd(trunc as i32) });
    println!("after O_TRUNC {}", std::fs::metadata("/sandbox/tree/moved.txt").unwrap().len());
    println!("done");
}
