//! Directory listing: preview1 `fd_readdir` cookies over `read-directory` streams.
//!
//! Cookie 0 is ".", 1 is "..", and cookie k >= 2 is the (k-2)th entry of the host's
//! stream. Reading continues the open stream when the cookie follows on (the usual
//! `readdir` loop); going backwards (`rewinddir`, `seekdir`) restarts it and skips ahead.

use crate::abi::{DFLAG_READ, FILETYPE_DIRECTORY};
use crate::base::base;
use crate::errno::Errno;
use crate::fs::{self, Node};
use crate::state::state;
use crate::stream::{READ_SIDE, Site, finish_future};
use crate::wasi::{self, BLOCKED, COPY_DROPPED};

const NAME_MAX: usize = 1024;
const DIRENT_SIZE: usize = 24;
/// Directory entries asked for per stream read: a blocking read with its wait is far
/// dearer than copying names, and the host hands over whatever it has ready.
const BATCH: usize = 16;
/// Room for `BATCH` records of the longest name.
const BATCH_BYTES: usize = BATCH * (3 + NAME_MAX);

/// A directory descriptor's state.
pub struct Dir {
    pub node: Node,
    /// Where a listing stands, once one was read.
    cursor: Option<&'static mut Cursor>,
    /// Preopened directory name (guest path), if this is a preopen.
    pub preopen: Option<(*const u8, usize)>,
}

/// Read state of a directory listing.
pub struct Cursor {
    pub stream: u32,
    pub future: u32,
    /// Index (cookie - 2) of the next entry the stream yields.
    pub next: u64,
    /// The last entry taken from the stream, kept until it has been fully returned.
    pub have: bool,
    /// The stream ended after `next` entries.
    pub ended: bool,
    pub index: u64,
    pub dtype: u8,
    pub ino: u64,
    pub name_len: usize,
    /// The current entry's name, inside its `batch` record.
    pub name: *const u8,
    /// Entries read from the stream ahead of use (`BATCH` per read, so that one wake-up
    /// serves many entries): records of type, name length (u16) and name bytes.
    pub batch: *mut u8,
    pub batch_len: usize,
    pub batch_pos: usize,
    /// Link in the engine's list of cursors free for reuse (`State::free_cursors`).
    next_free: usize,
}

/// A directory `path_open` opened.
pub fn opened(node: Node) -> Dir {
    Dir {
        node,
        cursor: None,
        preopen: None,
    }
}

/// A preopened directory: its handle and guest path (`len` bytes at `name`, copied).
pub fn preopen(handle: u32, name: *const u8, len: usize) -> Dir {
    let copy = base().bump.alloc(len.max(1), 1);
    // SAFETY: `name` holds `len` bytes (from the arena); `copy` was just allocated.
    unsafe { core::ptr::copy_nonoverlapping(name, copy, len) };
    Dir {
        node: Node {
            handle,
            dflags: fs::descriptor_flags(handle).unwrap_or(DFLAG_READ),
            ..Node::default()
        },
        cursor: None,
        preopen: Some((copy, len)),
    }
}

/// The preview1 file type of a directory.
pub const FILETYPE: u8 = FILETYPE_DIRECTORY;

/// Releases what a directory description holds once its last descriptor closed.
pub fn release(d: &mut Dir) -> Result<(), Errno> {
    if let Some(c) = d.cursor.take() {
        crate::filegate::discard_dir(c);
    }
    fs::drop_node(&d.node);
    Ok(())
}

fn cursor_for(d: &mut Dir) -> &'static mut Cursor {
    if d.cursor.is_none() {
        let st = state();
        let c = match st.free_cursors {
            0 => {
                let p = base().bump.alloc(core::mem::size_of::<Cursor>(), 8) as *mut Cursor;
                let batch = base().bump.alloc(BATCH_BYTES, 1);
                // SAFETY: `p` is fresh zeroed memory sized for a Cursor.
                let c = unsafe { &mut *p };
                c.batch = batch;
                c
            }
            free => {
                // SAFETY: the free list holds cursors `discard` put there, unused since.
                let c = unsafe { &mut *(free as *mut Cursor) };
                st.free_cursors = core::mem::take(&mut c.next_free);
                c
            }
        };
        c.stream = 0;
        c.future = 0;
        c.next = 0;
        c.have = false;
        c.ended = false;
        c.batch_len = 0;
        c.batch_pos = 0;
        d.cursor = Some(c);
    }
    d.cursor
        .as_deref_mut()
        .map(|c| {
            // SAFETY: the cursor lives in engine memory for the rest of the program.
            unsafe { &mut *(c as *mut Cursor) }
        })
        .unwrap()
}

/// Releases a cursor's stream and keeps the cursor for reuse.
pub fn discard(c: &'static mut Cursor) {
    close_stream(c);
    let st = state();
    c.next_free = st.free_cursors;
    st.free_cursors = c as *mut Cursor as usize;
}

fn close_stream(c: &mut Cursor) {
    if c.stream != 0 {
        // SAFETY: the cursor owns these handles.
        unsafe { wasi::fs_readdir::stream_drop_readable(c.stream) };
        c.stream = 0;
    }
    if c.future != 0 {
        // SAFETY: as above.
        unsafe { wasi::fs_readdir::future_drop_readable(c.future) };
        c.future = 0;
    }
}

fn restart(c: &mut Cursor, handle: u32) {
    close_stream(c);
    let mut pair = [0u32; 2];
    // SAFETY: `pair` receives the (stream, future) tuple.
    unsafe { wasi::filesystem::read_directory(handle, pair.as_mut_ptr().cast()) };
    c.stream = pair[0];
    c.future = pair[1];
    c.next = 0;
    c.have = false;
    c.ended = false;
    c.batch_len = 0;
    c.batch_pos = 0;
}

/// Takes the next entry into the cursor (from the batch, refilled from the stream when
/// empty); false at the end.
fn pull(c: &mut Cursor, handle: u32) -> Result<bool, Errno> {
    while c.batch_pos == c.batch_len {
        if c.ended {
            return Ok(false);
        }
        refill(c)?;
    }
    // SAFETY: records in `batch[..batch_len]` were written by `refill`.
    let (dtype, len, name) = unsafe {
        let r = c.batch.add(c.batch_pos);
        let len = u16::from_le_bytes([*r.add(1), *r.add(2)]) as usize;
        (*r, len, r.add(3))
    };
    c.batch_pos += 3 + len;
    // The name stays in the batch until the next refill, which only this function
    // triggers once the current entry is done.
    c.name = name;
    c.name_len = len;
    c.dtype = dtype;
    // SAFETY: the record holds `len` name bytes.
    let name = unsafe { core::slice::from_raw_parts(name, len) };
    c.ino = fs::metadata_ino(handle, Some((false, name)));
    c.index = c.next;
    c.have = true;
    c.next += 1;
    Ok(true)
}

/// Reads up to `BATCH` entries from the stream into the cursor's batch (possibly none,
/// when the stream ends).
fn refill(c: &mut Cursor) -> Result<(), Errno> {
    // `BATCH` `directory-entry` elements: type (16 bytes), name (ptr, len).
    let mut el = [0u32; 6 * BATCH];
    crate::base::base().arena.reset();
    // SAFETY: `el` holds `BATCH` elements; strings go to the engine arena.
    let mut code = unsafe {
        wasi::fs_readdir::stream_read(c.stream, el.as_mut_ptr() as *mut u8, BATCH as u32)
    };
    let args = [c.stream as u64, el.as_ptr() as u64, BATCH as u64];
    crate::trace::stream_op(
        Site::FsReaddir as u8,
        crate::lit!("stream_read"),
        &args,
        code,
    );
    if code == BLOCKED {
        code = crate::stream::wait_for(c.stream);
    }
    let n = ((code >> 4) as usize).min(BATCH);
    c.batch_len = 0;
    c.batch_pos = 0;
    for e in el.as_chunks::<6>().0.iter().take(n) {
        let (ptr, len) = (e[4] as *const u8, (e[5] as usize).min(NAME_MAX));
        // SAFETY: the batch has room for BATCH records of NAME_MAX bytes, and the host
        // lowered `len` name bytes at `ptr`.
        unsafe {
            let r = c.batch.add(c.batch_len);
            *r = crate::abi::filetype(e[0] as u8);
            let [lo, hi] = (len as u16).to_le_bytes();
            *r.add(1) = lo;
            *r.add(2) = hi;
            core::ptr::copy_nonoverlapping(ptr, r.add(3), len);
        }
        c.batch_len += 3 + len;
    }
    if code & 0xf == COPY_DROPPED {
        // SAFETY: the stream reported DROPPED; release our end.
        unsafe { wasi::fs_readdir::stream_drop_readable(c.stream) };
        c.stream = 0;
        c.ended = true;
        let fut = core::mem::replace(&mut c.future, 0);
        finish_future::<READ_SIDE>(Site::FsReaddir, fut)?;
    }
    Ok(())
}

/// Positions the cursor on entry `idx`; false when the directory has fewer entries.
fn seek_entry(c: &mut Cursor, handle: u32, idx: u64) -> Result<bool, Errno> {
    if c.have && c.index == idx {
        return Ok(true);
    }
    if (c.stream == 0 && !c.ended) || c.next > idx {
        restart(c, handle);
    }
    while c.next <= idx {
        if !pull(c, handle)? {
            return Ok(false);
        }
    }
    Ok(c.have && c.index == idx)
}

/// Preview1 `fd_readdir`: fills `buf` with dirents from `cookie` on, truncating the last.
pub fn readdir(d: &mut Dir, buf: *mut u8, len: usize, cookie: u64) -> Result<usize, Errno> {
    let handle = d.node.handle;
    let c = cursor_for(d);
    // Cookie 0 starts a new listing (`rewinddir`, or `readdir` after the last one ended):
    // it must see entries added since, so the next entry comes from a fresh host stream.
    if cookie == 0 {
        close_stream(c);
        c.ended = false;
        c.have = false;
    }
    let mut used = 0usize;
    let mut cookie = cookie;
    while used < len {
        let dot = *b"..";
        let (ino, dtype, name): (u64, u8, &[u8]) = match cookie {
            0 => (
                fs::metadata_ino(handle, None),
                FILETYPE_DIRECTORY,
                &dot[..1],
            ),
            1 => (
                fs::metadata_ino(handle, Some((false, &dot[..]))),
                FILETYPE_DIRECTORY,
                &dot[..],
            ),
            k => {
                if !seek_entry(c, handle, k - 2)? {
                    break;
                }
                // SAFETY: `c.name` points at `name_len` bytes of the current batch record.
                (c.ino, c.dtype, unsafe {
                    core::slice::from_raw_parts(c.name, c.name_len)
                })
            }
        };
        let mut head = [0u8; DIRENT_SIZE];
        head[0..8].copy_from_slice(&(cookie + 1).to_le_bytes());
        head[8..16].copy_from_slice(&ino.to_le_bytes());
        head[16..20].copy_from_slice(&(name.len() as u32).to_le_bytes());
        head[20] = dtype;
        for part in [&head[..], name] {
            let n = part.len().min(len - used);
            // SAFETY: `buf` has `len` bytes; we copy at most `len - used` at `used`.
            unsafe { core::ptr::copy_nonoverlapping(part.as_ptr(), buf.add(used), n) };
            used += n;
        }
        cookie += 1;
    }
    Ok(used)
}
