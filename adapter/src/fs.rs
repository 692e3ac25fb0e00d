//! Files and directories over `wasi:filesystem@0.3.0`: every byte moves through streams at
//! an offset the engine keeps; metadata calls map one to one.

use crate::abi::*;
use crate::errno::{self, Errno};
use crate::state::state;
use crate::stream::{Reader, Site, Writer, new_stream};
use crate::wasi::filesystem as f;

/// Sentinel offset: "at the end of the file", after an append; resolved by `stat` on use.
const POS_AT_END: u64 = u64::MAX;

/// What file and directory descriptors share: the filesystem descriptor and what the
/// engine learned about it.
#[derive(Default)]
pub struct Node {
    /// The `wasi:filesystem` descriptor handle.
    pub handle: u32,
    /// Descriptor flags granted at open (read, write, mutate-directory, ...).
    pub dflags: u8,
    /// The file's inode number once `fstat` has asked the host (0: not yet).
    pub ino: u64,
    /// The size the last `fstat` reported for a regular file, plus one (0: none). A read
    /// at exactly that offset is most likely the one that finds the end (`read_at_seen_end`).
    pub size_seen: u64,
}

/// `File::filetype` before the host was asked: opened for reading only, so possibly a
/// directory (`desc::settle` asks when something depends on it).
pub const TYPE_PENDING: u8 = 0xff;
/// `File::filetype` before the host was asked, for a file the host opened for writing,
/// which a directory never is: only the exact type is unknown.
pub const TYPE_PENDING_NOT_DIR: u8 = 0xfe;

/// A file descriptor's state.
#[derive(Default)]
pub struct File {
    pub node: Node,
    /// Preview1 file type (a descriptor's type never changes), or `TYPE_PENDING*` until
    /// something needs it: most files are read or written and closed without it, and
    /// asking costs a host call per open.
    pub filetype: u8,
    /// What the node's flags gain if a `TYPE_PENDING` file turns out to be a directory
    /// (the parent's right to modify below it, as `open` gives directories).
    pub dir_dflags: u8,
    /// The POSIX file offset.
    pub pos: u64,
    reader: Reader,
    /// `State::fs_gen` when `reader`'s stream was opened.
    reader_gen: u64,
    /// `pread`'s own reader, kept between calls so that sequential `pread`s are served
    /// from its read-ahead instead of a new host stream each; `preader_gen` as above.
    preader: Reader,
    preader_gen: u64,
    writer: Writer,
    /// On the list of files whose offset may be "at the end" (`State::lazy_files`), and
    /// the next one there.
    lazy: bool,
    lazy_next: usize,
}

/// What `open` opened: a file (with its preview1 type) or a directory, and the fdflags
/// its description keeps.
pub struct Opened {
    pub node: Node,
    pub is_dir: bool,
    pub filetype: u8,
    pub dir_dflags: u8,
    pub fdflags: u16,
}

impl File {
    /// A file just opened, at offset 0.
    pub fn new(o: Opened) -> File {
        File {
            node: o.node,
            filetype: o.filetype,
            dir_dflags: o.dir_dflags,
            ..File::default()
        }
    }

    /// Whether the file may still turn out to be a directory (`TYPE_PENDING`).
    #[inline(always)]
    pub fn maybe_dir(&self) -> bool {
        self.filetype == TYPE_PENDING
    }
}

/// Settles a `TYPE_PENDING*` file's type (behind the file door: `desc::settle`): `known`
/// is its preview1 type when the caller has it (from a `stat`), `TYPE_PENDING` to ask the
/// host. A file that is a directory has its streams ended and its node given the flags a
/// directory gets; returns whether it is one (`desc::settle` then makes it `Desc::Dir`).
pub fn settle(file: &mut File, known: u8) -> bool {
    let t = if known == TYPE_PENDING {
        filetype(descriptor_type(file.node.handle).unwrap_or(7))
    } else {
        known
    };
    if t != FILETYPE_DIRECTORY || !file.maybe_dir() {
        file.filetype = t;
        return false;
    }
    // Opened read-only, so it has no writer.
    end_streams(file);
    file.node.dflags |= file.dir_dflags;
    true
}

/// `stat` of an open descriptor, without the inode number (which takes a second host
/// call; see `filestat_get`).
fn stat_only(handle: u32) -> Result<Filestat, Errno> {
    let mut ret = Ret::new();
    // SAFETY: `ret` is large enough for `result<descriptor-stat, error-code>`.
    unsafe { f::stat(handle, ret.ptr()) };
    ret.fs_result(8)?;
    Ok(filestat_from(&ret, 0))
}

/// The size of an open file.
pub fn size_of(handle: u32) -> Result<u64, Errno> {
    Ok(stat_only(handle)?.size)
}

pub fn stat_at(dir: u32, follow: bool, path: &[u8]) -> Result<Filestat, Errno> {
    let mut ret = Ret::new();
    // SAFETY: `path` is a valid byte slice; `ret` fits the result.
    unsafe { f::stat_at(dir, follow as u32, path.as_ptr(), path.len(), ret.ptr()) };
    ret.fs_result(8)?;
    let ino = metadata_ino(dir, Some((follow, path)));
    Ok(filestat_from(&ret, ino))
}

/// An inode number from the host's metadata hash (0 is avoided: readers skip it).
pub fn metadata_ino(handle: u32, at: Option<(bool, &[u8])>) -> u64 {
    let mut ret = Ret::new();
    // SAFETY: as above; the result is `result<metadata-hash-value, error-code>`.
    unsafe {
        match at {
            None => f::metadata_hash(handle, ret.ptr()),
            Some((follow, p)) => {
                f::metadata_hash_at(handle, follow as u32, p.as_ptr(), p.len(), ret.ptr())
            }
        }
    }
    if ret.u8(0) != 0 {
        return 1;
    }
    ret.u64(8).max(1)
}

fn filestat_from(ret: &Ret, ino: u64) -> Filestat {
    Filestat {
        dev: 1,
        ino,
        filetype: filetype(ret.u8(8)),
        nlink: ret.u64(24),
        size: ret.u64(32),
        atim: instant_ns(ret, 40),
        mtim: instant_ns(ret, 64),
        ctim: instant_ns(ret, 88),
    }
}

pub fn descriptor_type(handle: u32) -> Result<u8, Errno> {
    let mut ret = Ret::new();
    // SAFETY: `ret` fits `result<descriptor-type, error-code>`.
    unsafe { f::get_type(handle, ret.ptr()) };
    ret.fs_result(4)?;
    Ok(ret.u8(4))
}

pub fn descriptor_flags(handle: u32) -> Result<u8, Errno> {
    let mut ret = Ret::new();
    // SAFETY: `ret` fits `result<descriptor-flags, error-code>`.
    unsafe { f::get_flags(handle, ret.ptr()) };
    ret.fs_result(4)?;
    Ok(ret.u8(4))
}

/// Preview1 `path_open` below directory `parent`.
pub fn open(
    parent: &Node,
    lookup: u32,
    path: &[u8],
    oflags: u16,
    rights_base: u64,
    fdflags: u16,
) -> Result<Opened, Errno> {
    let (dir, parent_flags) = (parent.handle, parent.dflags);
    // Preview1 oflags: CREAT 1, DIRECTORY 2, EXCL 4, TRUNC 8. Linux ignores O_EXCL without
    // O_CREAT; WASIp3 rejects DIRECTORY with EXCL or TRUNC as invalid, where Linux resolves
    // the path first (ENOENT, ENOTDIR) and refuses to truncate a directory (EISDIR).
    let mut oflags = oflags;
    if oflags & 1 == 0 {
        oflags &= !4;
    }
    if oflags & 0xb == 0xa {
        let st = stat_at(dir, lookup & 1 != 0, path)?;
        return Err(if st.filetype == FILETYPE_DIRECTORY {
            errno::EISDIR
        } else {
            errno::ENOTDIR
        });
    }
    if oflags & 8 != 0 {
        settle_append_offsets(core::ptr::null());
    }
    let mut dflags = 0u8;
    if rights_base & (RIGHT_FD_READ | RIGHT_FD_READDIR) != 0 {
        dflags |= DFLAG_READ;
    }
    if rights_base & RIGHT_FD_WRITE != 0 {
        dflags |= DFLAG_WRITE;
    }
    if fdflags & FDFLAGS_SYNC != 0 {
        dflags |= DFLAG_FILE_INTEGRITY_SYNC;
    }
    if fdflags & FDFLAGS_DSYNC != 0 {
        dflags |= DFLAG_DATA_INTEGRITY_SYNC;
    }
    if fdflags & FDFLAGS_RSYNC != 0 {
        dflags |= DFLAG_REQUESTED_WRITE_SYNC;
    }
    // Directories inherit the right to be modified, so `mkdir`/`openat(O_CREAT)` work
    // below a subdirectory opened with `open(O_DIRECTORY)`.
    let directory = oflags & 2 != 0;
    if directory && dflags & DFLAG_WRITE == 0 {
        dflags |= parent_flags & DFLAG_MUTATE_DIRECTORY;
    }
    let mut ret = Ret::new();
    // SAFETY: `path` is valid; `ret` fits `result<descriptor, error-code>`.
    unsafe {
        f::open_at(
            dir,
            lookup & 1,
            path.as_ptr(),
            path.len(),
            oflags as u32 & 0xf,
            dflags as u32,
            ret.ptr(),
        )
    };
    ret.fs_result(4)?;
    let handle = ret.u32(4);
    // The type is asked only where the flags leave a doubt that matters now: with
    // `O_DIRECTORY` the host opened a directory, and one opened for writing is not one
    // (the host refuses); a read-only open is settled later, when something depends on it
    // (`desc::settle`). `O_CREAT`/`O_TRUNC` without write access are asked now, since
    // they grant writing to a file but not to a directory.
    let filetype = if directory {
        FILETYPE_DIRECTORY
    } else if dflags & DFLAG_WRITE != 0 {
        TYPE_PENDING_NOT_DIR
    } else if oflags & (1 | 8) == 0 {
        TYPE_PENDING
    } else {
        filetype(descriptor_type(handle).unwrap_or(7))
    };
    let is_dir = filetype == FILETYPE_DIRECTORY;
    // A directory opened for reading may still be written below, like a preopen.
    let dir_dflags = parent_flags & DFLAG_MUTATE_DIRECTORY;
    if is_dir && !directory {
        dflags |= dir_dflags;
    }
    // The open mode preview1 programs see (rights in `fd_fdstat_get`, and which calls
    // succeed) is the one Wasmtime's filesystem grants: reading unless only writing was
    // asked for, writing when asked for or when the open creates or truncates
    // (docs/DECISIONS.md). Wasmtime's own preview1 reports exactly this.
    if dflags & DFLAG_WRITE == 0 {
        dflags |= DFLAG_READ;
    }
    if !is_dir && oflags & (1 | 8) != 0 {
        dflags |= DFLAG_WRITE;
    }
    let node = Node {
        handle,
        dflags,
        ..Node::default()
    };
    Ok(Opened {
        node,
        is_dir,
        filetype,
        dir_dflags,
        fdflags: fdflags
            & (FDFLAGS_APPEND | FDFLAGS_NONBLOCK | FDFLAGS_SYNC | FDFLAGS_DSYNC | FDFLAGS_RSYNC),
    })
}

/// Releases what a file description holds once its last descriptor closed.
pub fn release(file: &mut File) -> Result<(), Errno> {
    let r = file.writer.close();
    end_streams(file);
    drop_node(&file.node);
    r
}

/// Ends a file's read streams and frees its buffers (its writer, if any, is closed), for
/// a file going away or found to be a directory.
fn end_streams(file: &mut File) {
    unlink_lazy(file);
    file.reader.discard();
    file.preader.discard();
    file.reader.free_buffer();
    file.preader.free_buffer();
    file.writer.free_buffer();
}

/// At exit: writes out what the file's writer still holds.
pub fn flush(file: &mut File) -> Result<(), Errno> {
    file.writer.close()
}

/// Drops the filesystem descriptor of a file or directory that is going away.
pub fn drop_node(node: &Node) {
    if node.handle != 0 {
        // SAFETY: the handle is owned by this description, which is going away.
        unsafe { f::drop_descriptor(node.handle) };
    }
}

/// Pins the offsets that appends through files other than `current` (null: all) left
/// "at the end" before a write or truncation moves the end: POSIX puts the offset at the
/// end of the file as it was after that append, not wherever the end is when the offset
/// is next used. The files that may hold such an offset are on a list
/// (`State::lazy_files`), so the usual cases (an append loop on one descriptor, or no
/// appends at all) cost one look.
fn settle_append_offsets(current: *const File) {
    let st = state();
    let head = st.lazy_files;
    // SAFETY: list members are live files (`unlink_lazy` removes one that goes away).
    if head == 0 || (head == current as usize && unsafe { (*current).lazy_next } == 0) {
        return;
    }
    st.lazy_files = 0;
    let mut p = head;
    while p != 0 {
        // SAFETY: as above; each is unlinked before anything else touches it.
        let o = unsafe { &mut *(p as *mut File) };
        p = o.lazy_next;
        o.lazy = false;
        o.lazy_next = 0;
        if o.pos != POS_AT_END {
            continue;
        }
        if core::ptr::eq(o, current) {
            link_lazy(o);
        } else {
            let _ = resolve_pos(o);
        }
    }
}

/// Puts `file`, whose offset is now "at the end", on the list `settle_append_offsets` reads.
fn link_lazy(file: &mut File) {
    if !file.lazy {
        let st = state();
        file.lazy = true;
        file.lazy_next = st.lazy_files;
        st.lazy_files = file as *mut File as usize;
    }
}

/// Takes `file` off that list (it is going away).
fn unlink_lazy(file: &mut File) {
    if !file.lazy {
        return;
    }
    let me = file as *mut File as usize;
    let mut link: *mut usize = &mut state().lazy_files;
    // SAFETY: `link` points at the list head or at a live member's `lazy_next`.
    unsafe {
        while *link != 0 {
            if *link == me {
                *link = file.lazy_next;
                break;
            }
            link = &mut (*(*link as *mut File)).lazy_next;
        }
    }
    file.lazy = false;
    file.lazy_next = 0;
}

fn resolve_pos(file: &mut File) -> Result<u64, Errno> {
    if file.pos == POS_AT_END {
        file.pos = size_of(file.node.handle)?;
    }
    Ok(file.pos)
}

/// Whether `read` may be called: EBADF when not open for reading (checked before the
/// length, as Linux does: a zero-length read reports it too; a directory is EBADF, as
/// preview1 answers: `io::read`).
pub fn readable(file: &File) -> Result<(), Errno> {
    if file.node.dflags & DFLAG_READ == 0 {
        return Err(errno::EBADF);
    }
    Ok(())
}

/// Whether `write` may be called (a directory never is: EBADF, as Linux).
pub fn writable(file: &File) -> Result<(), Errno> {
    if file.node.dflags & DFLAG_WRITE == 0 {
        return Err(errno::EBADF);
    }
    Ok(())
}

/// Reads at the description's offset until `len` bytes or end of file (the caller,
/// `io::read`, has checked `readable` once for all its iovecs).
pub fn read(file: &mut File, dst: *mut u8, len: usize) -> Result<usize, Errno> {
    let pos = resolve_pos(file)?;
    if read_at_seen_end(&mut file.node, pos) {
        return Ok(0);
    }
    keep_if_current(&mut file.reader, &mut file.reader_gen, pos);
    let n = read_from(&mut file.reader, file.node.handle, pos, dst, len)?;
    file.pos += n as u64;
    Ok(n)
}

/// A read at the size the last `fstat` reported: the end of the file if a `stat` now says
/// so. Programs that size their buffer with `fstat` (Rust's `fs::read`, Go's
/// `os.ReadFile`) read exactly that much and then read once more to meet the end; reading
/// the stream there would take a stream read that comes back empty and this same `stat`
/// to prove the end (`settle_end`). A file that grew meanwhile is read as usual.
fn read_at_seen_end(node: &mut Node, pos: u64) -> bool {
    if node.size_seen != pos.wrapping_add(1) {
        return false;
    }
    match size_of(node.handle) {
        Ok(size) if size <= pos => true,
        Ok(size) => {
            node.size_seen = size.wrapping_add(1);
            false
        }
        Err(_) => false,
    }
}

/// Keeps `reader`'s stream only if it continues at `pos` and no write happened since it
/// was opened (the host may have read ahead of the change); `generation` records when.
fn keep_if_current(reader: &mut Reader, generation: &mut u64, pos: u64) {
    let now = state().fs_gen;
    if *generation != now {
        reader.end_at = None;
    }
    if reader.is_open() && (reader.pos != pos || *generation != now) {
        reader.discard();
    }
    if !reader.is_open() {
        *generation = now;
    }
}

/// Fills `dst` from `reader`, (re)opening its stream at `pos` when needed.
fn read_from(
    reader: &mut Reader,
    handle: u32,
    pos: u64,
    dst: *mut u8,
    len: usize,
) -> Result<usize, Errno> {
    if !reader.is_open() && reader.end_at.take() == Some(pos) {
        // The last read found the end here: no new stream just to be told again.
        return Ok(0);
    }
    let mut done = 0usize;
    while done < len {
        if !reader.is_open() {
            let mut pair = [0u32; 2];
            // SAFETY: `pair` receives the (stream, future) tuple.
            unsafe { f::read_via_stream(handle, pos + done as u64, pair.as_mut_ptr().cast()) };
            reader.attach(Site::FsRead, pair[0], pair[1], pos + done as u64);
            reader.owner_ends = true;
        }
        // SAFETY: `dst + done` stays within the caller's buffer.
        let r = reader.read_once(unsafe { dst.add(done) }, len - done, false);
        if let Ok(n) = r {
            done += n;
        }
        if reader.eof {
            reader.eof = false;
            let at = pos + done as u64;
            if let Some(e) = settle_end(reader, handle, at) {
                if done == 0 {
                    return Err(e);
                }
                reader.error = e;
            } else if done > 0 {
                reader.end_at = Some(at);
            }
            break;
        }
        match r {
            Ok(0) => break,
            Ok(_) if done < len && !reader.splits_reads => {
                // Short of what was asked: at the file's size this is the end, and the
                // stream need not be read once more just to report it.
                let at = pos + done as u64;
                if matches!(size_of(handle), Ok(size) if size <= at) {
                    reader.discard();
                    reader.end_at = Some(at);
                    break;
                }
                reader.splits_reads = true;
            }
            Ok(_) => {}
            Err(e) if done == 0 => return Err(e),
            Err(_) => break,
        }
    }
    Ok(done)
}

/// A file's read stream ended at `at`. At or past the file's size that is the end of the
/// file and the stream's future has nothing to report: one synchronous `stat` says so,
/// where reading the future costs a wait (a fiber switch) per file read to its end.
/// Before the end, the future holds the error that stopped the read.
fn settle_end(reader: &mut Reader, handle: u32, at: u64) -> Option<Errno> {
    let at_end = matches!(size_of(handle), Ok(size) if size <= at);
    reader.end_future(!at_end)
}

/// Writes at the description's offset (or at the end, with `O_APPEND` in `fdflags`); the
/// caller, `io::write`, has checked `writable` once for all its iovecs.
pub fn write(file: &mut File, fdflags: u16, src: *const u8, len: usize) -> Result<usize, Errno> {
    settle_append_offsets(file);
    let append = fdflags & FDFLAGS_APPEND != 0;
    if !append {
        resolve_pos(file)?;
    }
    let w = &mut file.writer;
    let site = if append {
        Site::FsAppend
    } else {
        Site::FsWrite
    };
    if w.is_open() && (w.site != site || (!append && w.pos != file.pos)) {
        w.close()?;
    }
    if !w.is_open() {
        let (r, wr) = new_stream(site);
        // SAFETY: `r` is the readable end we just created; ownership passes to the host.
        let fut = unsafe {
            if append {
                f::append_via_stream(file.node.handle, r)
            } else {
                f::write_via_stream(file.node.handle, r, file.pos)
            }
        };
        w.attach(site, wr, fut, file.pos);
    }
    state().fs_gen += 1;
    let n = w.write(src, len, false)?;
    if append {
        file.pos = POS_AT_END;
        link_lazy(file);
    } else {
        file.pos += n as u64;
    }
    Ok(n)
}

/// `pread` through the description's own pread reader: a call that continues where the
/// last one stopped is served from its read-ahead; the description's offset is untouched.
pub fn pread(file: &mut File, iovs: &[Iovec], offset: u64) -> Result<usize, Errno> {
    readable(file)?;
    keep_if_current(&mut file.preader, &mut file.preader_gen, offset);
    let (reader, handle) = (&mut file.preader, file.node.handle);
    let mut at = offset;
    each_iovec(iovs, |buf, len, _| {
        let n = read_from(reader, handle, at, buf, len)?;
        at += n as u64;
        Ok(n)
    })
}

/// `pwrite`: a one-shot stream at `offset`, closed (and so fully written) before return.
pub fn pwrite(file: &mut File, iovs: &[Iovec], offset: u64) -> Result<usize, Errno> {
    writable(file)?;
    // This description's own lazy end too: the pwrite may move the end under it.
    settle_append_offsets(core::ptr::null());
    let (r, wr) = new_stream(Site::FsWrite);
    // SAFETY: `r` is our fresh readable end, handed to the host.
    let fut = unsafe { f::write_via_stream(file.node.handle, r, offset) };
    let mut w = Writer::default();
    w.attach(Site::FsWrite, wr, fut, offset);
    state().fs_gen += 1;
    let r = each_iovec(iovs, |buf, len, _| w.write(buf, len, false));
    // Closing waits for the host to finish; a failure there with nothing written is the error.
    match (r, w.close()) {
        (Ok(0), Err(e)) => Err(e),
        (r, _) => r,
    }
}

/// `lseek` of a file (the caller refuses other kinds).
pub fn seek(file: &mut File, offset: i64, whence: u8) -> Result<u64, Errno> {
    let base = match whence {
        0 => 0i128,
        1 => resolve_pos(file)? as i128,
        2 => size_of(file.node.handle)? as i128,
        _ => return Err(errno::EINVAL),
    };
    let new = base + offset as i128;
    if new < 0 || new > i64::MAX as i128 {
        return Err(errno::EINVAL);
    }
    file.pos = new as u64;
    Ok(file.pos)
}

/// `fstat` of a file or directory.
pub fn filestat_get(node: &mut Node) -> Result<Filestat, Errno> {
    let mut st = stat_only(node.handle)?;
    // Only a regular file's size says where its bytes end (a device's or FIFO's is 0).
    node.size_seen = if st.filetype == FILETYPE_REGULAR_FILE {
        st.size.wrapping_add(1)
    } else {
        0
    };
    // An open description's file never changes identity: ask the host once.
    if node.ino == 0 {
        node.ino = metadata_ino(node.handle, None);
    }
    st.ino = node.ino;
    Ok(st)
}

/// `ftruncate` of a file or directory (`is_dir`).
pub fn set_size(node: &Node, is_dir: bool, size: u64) -> Result<(), Errno> {
    // Not a regular file open for writing (a directory never is): EINVAL, as Linux.
    if is_dir || node.dflags & DFLAG_WRITE == 0 {
        return Err(errno::EINVAL);
    }
    // Including this description's own: truncating leaves its offset where it was.
    settle_append_offsets(core::ptr::null());
    state().fs_gen += 1;
    let mut ret = Ret::new();
    // SAFETY: `ret` fits `result<_, error-code>`.
    unsafe { f::set_size(node.handle, size, ret.ptr()) };
    ret.fs_result(4)
}

/// `fd_allocate`: WASIp3 has no allocation call; grow the file when the range passes its end.
pub fn allocate(node: &Node, is_dir: bool, offset: u64, len: u64) -> Result<(), Errno> {
    if is_dir {
        return Err(errno::EBADF);
    }
    let end = offset.checked_add(len).ok_or(errno::EFBIG)?;
    if size_of(node.handle)? < end {
        set_size(node, is_dir, end)?;
    }
    Ok(())
}

pub fn set_times(node: &Node, atim: u64, mtim: u64, fst: u16) -> Result<(), Errno> {
    let (a, a_s, a_ns, m, m_s, m_ns) = times(atim, mtim, fst)?;
    let mut ret = Ret::new();
    // SAFETY: `ret` fits `result<_, error-code>`.
    unsafe { f::set_times(node.handle, a, a_s, a_ns, m, m_s, m_ns, ret.ptr()) };
    ret.fs_result(4)
}

/// `utimensat` on `path` below directory handle `dir`.
pub fn set_times_at(
    dir: u32,
    follow: u32,
    path: &[u8],
    atim: u64,
    mtim: u64,
    fst: u16,
) -> Result<(), Errno> {
    let (a, a_s, a_ns, m, m_s, m_ns) = times(atim, mtim, fst)?;
    let mut ret = Ret::new();
    // SAFETY: `path` is valid; `ret` fits the result.
    unsafe {
        f::set_times_at(
            dir,
            follow & 1,
            path.as_ptr(),
            path.len(),
            a,
            a_s,
            a_ns,
            m,
            m_s,
            m_ns,
            ret.ptr(),
        )
    };
    ret.fs_result(4)
}

fn times(atim: u64, mtim: u64, fst: u16) -> Result<(u32, u64, u32, u32, u64, u32), Errno> {
    // ATIM=1, ATIM_NOW=2, MTIM=4, MTIM_NOW=8; asking for both a time and "now" is invalid.
    if (fst & 3) == 3 || (fst & 12) == 12 || fst & !15 != 0 {
        return Err(errno::EINVAL);
    }
    let (a, a_s, a_ns) = new_timestamp(atim, fst & 1 != 0, fst & 2 != 0);
    let (m, m_s, m_ns) = new_timestamp(mtim, fst & 4 != 0, fst & 8 != 0);
    Ok((a, a_s, a_ns, m, m_s, m_ns))
}

pub fn advise(node: &Node, offset: u64, len: u64, advice: u8) -> Result<(), Errno> {
    if advice > 5 {
        return Err(errno::EINVAL);
    }
    let mut ret = Ret::new();
    // SAFETY: `ret` fits the result.
    unsafe { f::advise(node.handle, offset, len, advice as u32, ret.ptr()) };
    ret.fs_result(4)
}

pub fn sync(node: &Node, data_only: bool) -> Result<(), Errno> {
    let mut ret = Ret::new();
    // SAFETY: `ret` fits the result.
    unsafe {
        if data_only {
            f::sync_data(node.handle, ret.ptr())
        } else {
            f::sync(node.handle, ret.ptr())
        }
    };
    ret.fs_result(4)
}

/// The single-path directory operations.
pub enum PathOp {
    CreateDirectory,
    RemoveDirectory,
    UnlinkFile,
}

/// Runs a `path -> result<_, error-code>` call against directory handle `dir`. Not inlined:
/// three exports share it.
/// (An enum rather than a function pointer: the adapter may not have a table.)
#[inline(never)]
pub fn path_op(dir: u32, path: &[u8], op: PathOp) -> Result<(), Errno> {
    let mut ret = Ret::new();
    let (p, l, r) = (path.as_ptr(), path.len(), ret.ptr());
    // SAFETY: `path` is a valid slice and `ret` fits `result<_, error-code>`.
    unsafe {
        match op {
            PathOp::CreateDirectory => f::create_directory_at(dir, p, l, r),
            PathOp::RemoveDirectory => f::remove_directory_at(dir, p, l, r),
            PathOp::UnlinkFile => f::unlink_file_at(dir, p, l, r),
        }
    }
    ret.fs_result(4)
}

pub fn link(od: u32, old_flags: u32, old: &[u8], nd: u32, new: &[u8]) -> Result<(), Errno> {
    let mut ret = Ret::new();
    // SAFETY: paths are valid slices; `ret` fits the result.
    unsafe {
        f::link_at(
            od,
            old_flags & 1,
            old.as_ptr(),
            old.len(),
            nd,
            new.as_ptr(),
            new.len(),
            ret.ptr(),
        )
    };
    // POSIX resolves the existing path before the new one; the host may report a problem
    // with the new path first (ENOTDIR for `link missing file/x`).
    ret.fs_result(4)
        .map_err(|e| match stat_at(od, old_flags & 1 != 0, old) {
            Err(old_err) => old_err,
            Ok(_) => e,
        })
}

pub fn rename(od: u32, old: &[u8], nd: u32, new: &[u8]) -> Result<(), Errno> {
    let mut ret = Ret::new();
    // SAFETY: paths are valid slices; `ret` fits the result.
    unsafe {
        f::rename_at(
            od,
            old.as_ptr(),
            old.len(),
            nd,
            new.as_ptr(),
            new.len(),
            ret.ptr(),
        )
    };
    ret.fs_result(4)
}

pub fn symlink(target: &[u8], dir: u32, new: &[u8]) -> Result<(), Errno> {
    let mut ret = Ret::new();
    // SAFETY: paths are valid slices; `ret` fits the result.
    unsafe {
        f::symlink_at(
            dir,
            target.as_ptr(),
            target.len(),
            new.as_ptr(),
            new.len(),
            ret.ptr(),
        )
    };
    ret.fs_result(4)
}

/// `readlink`: copies at most `cap` bytes of the target (truncating, as POSIX does).
pub fn readlink(dir: u32, path: &[u8], buf: *mut u8, cap: usize) -> Result<usize, Errno> {
    let mut ret = Ret::new();
    // SAFETY: `path` is valid; the string result is lowered into the engine arena.
    unsafe { f::readlink_at(dir, path.as_ptr(), path.len(), ret.ptr()) };
    ret.fs_result(4)?;
    let (p, len) = (ret.u32(4) as *const u8, ret.u32(8) as usize);
    let n = len.min(cap);
    // SAFETY: the arena holds `len` bytes at `p`; `buf` has room for `cap`.
    unsafe { core::ptr::copy_nonoverlapping(p, buf, n) };
    Ok(n)
}
