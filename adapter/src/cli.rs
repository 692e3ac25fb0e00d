//! Arguments, environment and process exit over `wasi:cli@0.3.0`.

use crate::base::base;
use crate::errno::Errno;
use crate::wasi::cli;

/// A list returned by an import, lowered into the engine arena.
pub struct List {
    pub ptr: *const usize,
    pub len: usize,
}

fn arguments() -> List {
    let mut ret = [0usize; 2];
    base().arena.reset();
    // SAFETY: `ret` receives (ptr, len) of a `list<string>` lowered into the arena.
    unsafe { cli::get_arguments(ret.as_mut_ptr().cast()) };
    List {
        ptr: ret[0] as *const usize,
        len: ret[1],
    }
}

/// The guest's environment, lowered into the arena.
pub fn environment() -> List {
    let mut ret = [0usize; 2];
    base().arena.reset();
    // SAFETY: `ret` receives (ptr, len) of a `list<tuple<string, string>>`.
    unsafe { cli::get_environment(ret.as_mut_ptr().cast()) };
    List {
        ptr: ret[0] as *const usize,
        len: ret[1],
    }
}

/// Field `i` (a pointer-sized word) of the list's flat element memory.
fn word(l: &List, i: usize) -> usize {
    // SAFETY: callers index within `len` elements of 2 (strings) or 4 (pairs) words.
    unsafe { *l.ptr.add(i) }
}

pub fn args_sizes() -> (usize, usize) {
    let l = arguments();
    let bytes = (0..l.len).map(|i| word(&l, 2 * i + 1) + 1).sum();
    (l.len, bytes)
}

pub fn environ_sizes() -> (usize, usize) {
    let l = environment();
    let bytes = (0..l.len)
        .map(|i| word(&l, 4 * i + 1) + word(&l, 4 * i + 3) + 2)
        .sum();
    (l.len, bytes)
}

/// Copies `len` bytes from `src` to `dst` and returns the end of the copy.
fn put(dst: *mut u8, src: usize, len: usize) -> *mut u8 {
    // SAFETY: the caller sized `dst` with `*_sizes_get`; `src` holds `len` bytes.
    unsafe {
        core::ptr::copy_nonoverlapping(src as *const u8, dst, len);
        dst.add(len)
    }
}

pub fn args_get(argv: *mut *mut u8, buf: *mut u8) -> Result<(), Errno> {
    let l = arguments();
    let mut p = buf;
    for i in 0..l.len {
        // SAFETY: `argv` has room for `argc` pointers (from `args_sizes_get`).
        unsafe { *argv.add(i) = p };
        p = put(p, word(&l, 2 * i), word(&l, 2 * i + 1));
        // SAFETY: the terminating NUL was counted in the size.
        unsafe {
            *p = 0;
            p = p.add(1);
        }
    }
    Ok(())
}

pub fn environ_get(environ: *mut *mut u8, buf: *mut u8) -> Result<(), Errno> {
    let l = environment();
    let mut p = buf;
    for i in 0..l.len {
        // SAFETY: `environ` has room for every entry (from `environ_sizes_get`).
        unsafe { *environ.add(i) = p };
        p = put(p, word(&l, 4 * i), word(&l, 4 * i + 1));
        // SAFETY: '=' and NUL were counted in the size.
        unsafe {
            *p = b'=';
            p = p.add(1);
        }
        p = put(p, word(&l, 4 * i + 2), word(&l, 4 * i + 3));
        // SAFETY: as above.
        unsafe {
            *p = 0;
            p = p.add(1);
        }
    }
    Ok(())
}
