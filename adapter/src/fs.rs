//! Files and directories over `wasi:filesystem@0.3.0`: every byte moves through streams at
//! an offset the engine keeps; metadata calls map one to one.

use crate::abi::*;
use crate::base::base;
use crate::errno::{self, Errno};
use crate::fd::{Kind, Ofd};
use crate::state::state;
use crate::stream::{Reader, Site, Writer, new_stream};
use crate::wasi::filesystem as f;

/// Sentinel offset: "at the end of the file", after an append; resolved by `stat` on use.
const POS_AT_END: u64 = u64::MAX;

/// The filesystem descriptor behind a directory descriptor.
pub fn dir_handle(fd: u32) -> Result<(u32, u8), Errno> {
    let ofd = state().fds.get(fd)?;
    match ofd.kind {
        Kind::Dir => Ok((ofd.handle, ofd.dflags)),
        Kind::File => Err(errno::ENOTDIR),
        _ => Err(errno::ENOTDIR),
    }
}

fn file(fd: u32) -> Result<&'static mut Ofd, Errno> {
    let ofd = state().fds.get(fd)?;
    match ofd.kind {
        Kind::File | Kind::Dir => Ok(ofd),
        _ => Err(errno::EINVAL),
    }
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

fn descriptor_flags(handle: u32) -> Result<u8, Errno> {
    let mut ret = Ret::new();
    // SAFETY: `ret` fits `result<descriptor-flags, error-code>`.
    unsafe { f::get_flags(handle, ret.ptr()) };
    ret.fs_result(4)?;
    Ok(ret.u8(4))
}

/// Registers a preopened directory handle as a new descriptor.
pub fn add_preopen(handle: u32, name: *const u8, len: usize) -> Result<u32, Errno> {
    let fds = &mut state().fds;
    let idx = fds.new_ofd(Kind::Dir)?;
    let ofd = fds.ofd(idx);
    ofd.handle = handle;
    ofd.filetype = FILETYPE_DIRECTORY;
    ofd.dflags = descriptor_flags(handle).unwrap_or(DFLAG_READ);
    let copy = base().bump.alloc(len.max(1), 1);
    // SAFETY: `name` holds `len` bytes (from the arena); `copy` was just allocated.
    unsafe { core::ptr::copy_nonoverlapping(name, copy, len) };
    ofd.preopen = Some((copy, len));
    fds.install(idx, 3)
}

/// Preview1 `path_open`.
#[allow(clippy::too_many_arguments)]
pub fn open(
    dirfd: u32,
    lookup: u32,
    path: &[u8],
    oflags: u16,
    rights_base: u64,
    fdflags: u16,
) -> Result<u32, Errno> {
    let (dir, parent_flags) = dir_handle(dirfd)?;
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
    let dtype = descriptor_type(handle).unwrap_or(7);
    let kind = if dtype == 2 { Kind::Dir } else { Kind::File };
    // A directory opened for reading may still be written below, like a preopen.
    if kind == Kind::Dir && !directory {
        dflags |= parent_flags & DFLAG_MUTATE_DIRECTORY;
    }
    let fds = &mut state().fds;
    let idx = match fds.new_ofd(kind) {
        Ok(i) => i,
        Err(e) => {
            // SAFETY: `handle` was just returned to us and is not referenced anywhere.
            unsafe { f::drop_descriptor(handle) };
            return Err(e);
        }
    };
    let ofd = fds.ofd(idx);
    ofd.handle = handle;
    ofd.filetype = filetype(dtype);
    // The open mode preview1 programs see (rights in `fd_fdstat_get`, and which calls
    // succeed) is the one Wasmtime's filesystem grants: reading unless only writing was
    // asked for, writing when asked for or when the open creates or truncates
    // (docs/DECISIONS.md). Wasmtime's own preview1 reports exactly this.
    if dflags & DFLAG_WRITE == 0 {
        dflags |= DFLAG_READ;
    }
    if kind == Kind::File && oflags & (1 | 8) != 0 {
        dflags |= DFLAG_WRITE;
    }
    ofd.dflags = dflags;
    ofd.fdflags = fdflags
        & (FDFLAGS_APPEND | FDFLAGS_NONBLOCK | FDFLAGS_SYNC | FDFLAGS_DSYNC | FDFLAGS_RSYNC);
    match fds.install(idx, 0) {
        Ok(fd) => Ok(fd),
        Err(e) => {
            let _ = release(ofd);
            Err(e)
        }
    }
}

/// Releases the resources of an open file description whose last descriptor closed.
pub fn release(ofd: &mut Ofd) -> Result<(), Errno> {
    let r = ofd.writer.close();
    ofd.reader.discard();
    ofd.preader.discard();
    if let Some(dir) = ofd.dir.take() {
        crate::filegate::discard_dir(dir);
    }
    if ofd.handle != 0 {
        // SAFETY: the handle is owned by this description, which is going away.
        unsafe { f::drop_descriptor(ofd.handle) };
    }
    r
}

/// Pins the offsets that appends through descriptions other than `current` (null: all)
/// left "at the end" before a write or truncation moves the end: POSIX puts the offset at the end of the file as
/// it was after that append, not wherever the end is when the offset is next used.
/// `State::lazy_end` spares the scan when no other description can hold one (an append
/// loop on one descriptor, or no appends at all).
fn settle_append_offsets(current: *const Ofd) {
    let st = state();
    if st.lazy_end == 0 || st.lazy_end == current as usize {
        return;
    }
    let mut current_lazy = false;
    for o in st.fds.each_live() {
        if o.pos != POS_AT_END || o.kind != Kind::File {
            continue;
        }
        if core::ptr::eq(o, current) {
            current_lazy = true;
        } else {
            let _ = resolve_pos(o);
        }
    }
    st.lazy_end = if current_lazy { current as usize } else { 0 };
}

fn resolve_pos(ofd: &mut Ofd) -> Result<u64, Errno> {
    if ofd.pos == POS_AT_END {
        ofd.pos = size_of(ofd.handle)?;
    }
    Ok(ofd.pos)
}

/// Whether `read` may be called: EISDIR for a directory, EBADF when not open for reading
/// (checked before the length, as Linux does: a zero-length read reports them too).
pub fn readable(ofd: &Ofd) -> Result<(), Errno> {
    if ofd.kind == Kind::Dir {
        return Err(errno::EISDIR);
    }
    if ofd.dflags & DFLAG_READ == 0 {
        return Err(errno::EBADF);
    }
    Ok(())
}

/// Whether `write` may be called: a directory is never open for writing (EBADF, as Linux).
pub fn writable(ofd: &Ofd) -> Result<(), Errno> {
    if ofd.kind == Kind::Dir || ofd.dflags & DFLAG_WRITE == 0 {
        return Err(errno::EBADF);
    }
    Ok(())
}

/// Reads at the description's offset until `len` bytes or end of file (the caller,
/// `io::read`, has checked `readable` once for all its iovecs).
pub fn read(ofd: &mut Ofd, dst: *mut u8, len: usize) -> Result<usize, Errno> {
    let pos = resolve_pos(ofd)?;
    keep_if_current(&mut ofd.reader, &mut ofd.reader_gen, pos);
    let n = read_from(&mut ofd.reader, ofd.handle, pos, dst, len)?;
    ofd.pos += n as u64;
    Ok(n)
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

/// Writes at the description's offset (or at the end, with `O_APPEND`); the caller,
/// `io::write`, has checked `writable` once for all its iovecs.
pub fn write(ofd: &mut Ofd, src: *const u8, len: usize) -> Result<usize, Errno> {
    settle_append_offsets(ofd);
    let append = ofd.fdflags & FDFLAGS_APPEND != 0;
    if !append {
        resolve_pos(ofd)?;
    }
    let w = &mut ofd.writer;
    let site = if append {
        Site::FsAppend
    } else {
        Site::FsWrite
    };
    if w.is_open() && (w.site != site || (!append && w.pos != ofd.pos)) {
        w.close()?;
    }
    if !w.is_open() {
        let (r, wr) = new_stream(site);
        // SAFETY: `r` is the readable end we just created; ownership passes to the host.
        let fut = unsafe {
            if append {
                f::append_via_stream(ofd.handle, r)
            } else {
                f::write_via_stream(ofd.handle, r, ofd.pos)
            }
        };
        w.attach(site, wr, fut, ofd.pos);
    }
    state().fs_gen += 1;
    let n = w.write(src, len, false)?;
    if append {
        ofd.pos = POS_AT_END;
        let me = ofd as *const Ofd as usize;
        let st = state();
        st.lazy_end = if st.lazy_end == 0 || st.lazy_end == me {
            me
        } else {
            1
        };
    } else {
        ofd.pos += n as u64;
    }
    Ok(n)
}

/// `pread` through the description's own pread reader: a call that continues where the
/// last one stopped is served from its read-ahead; the description's offset is untouched.
pub fn pread(ofd: &mut Ofd, iovs: &[Iovec], offset: u64) -> Result<usize, Errno> {
    readable(ofd)?;
    keep_if_current(&mut ofd.preader, &mut ofd.preader_gen, offset);
    let (reader, handle) = (&mut ofd.preader, ofd.handle);
    let mut at = offset;
    each_iovec(iovs, |buf, len, _| {
        let n = read_from(reader, handle, at, buf, len)?;
        at += n as u64;
        Ok(n)
    })
}

/// `pwrite`: a one-shot stream at `offset`, closed (and so fully written) before return.
pub fn pwrite(ofd: &mut Ofd, iovs: &[Iovec], offset: u64) -> Result<usize, Errno> {
    writable(ofd)?;
    // This description's own lazy end too: the pwrite may move the end under it.
    settle_append_offsets(core::ptr::null());
    let (r, wr) = new_stream(Site::FsWrite);
    // SAFETY: `r` is our fresh readable end, handed to the host.
    let fut = unsafe { f::write_via_stream(ofd.handle, r, offset) };
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

pub fn seek(fd: u32, offset: i64, whence: u8) -> Result<u64, Errno> {
    let ofd = state().fds.get(fd)?;
    match ofd.kind {
        Kind::File => {}
        // Preview1 (Wasmtime) refuses to seek a directory, where Linux would move its
        // offset: the binary was built for preview1 (docs/DECISIONS.md).
        Kind::Dir => return Err(errno::EBADF),
        _ => return Err(errno::ESPIPE),
    }
    let base = match whence {
        0 => 0i128,
        1 => resolve_pos(ofd)? as i128,
        2 => size_of(ofd.handle)? as i128,
        _ => return Err(errno::EINVAL),
    };
    let new = base + offset as i128;
    if new < 0 || new > i64::MAX as i128 {
        return Err(errno::EINVAL);
    }
    ofd.pos = new as u64;
    Ok(ofd.pos)
}

pub fn filestat_get(fd: u32) -> Result<Filestat, Errno> {
    let ofd = state().fds.get(fd)?;
    match ofd.kind {
        Kind::File | Kind::Dir => {
            let mut st = stat_only(ofd.handle)?;
            // An open description's file never changes identity: ask the host once.
            if ofd.ino == 0 {
                ofd.ino = metadata_ino(ofd.handle, None);
            }
            st.ino = ofd.ino;
            Ok(st)
        }
        Kind::Stdin | Kind::Stdout | Kind::Stderr => Ok(Filestat {
            filetype: crate::stdio::filetype(ofd.kind),
            ..Filestat::default()
        }),
        Kind::Tcp | Kind::Udp => Ok(Filestat {
            filetype: crate::netgate::filetype(ofd),
            ..Filestat::default()
        }),
        _ => Ok(Filestat::default()),
    }
}

pub fn set_size(fd: u32, size: u64) -> Result<(), Errno> {
    let ofd = file(fd)?;
    // Not a regular file open for writing (a directory never is): EINVAL, as Linux.
    if ofd.kind == Kind::Dir || ofd.dflags & DFLAG_WRITE == 0 {
        return Err(errno::EINVAL);
    }
    // Including this description's own: truncating leaves its offset where it was.
    settle_append_offsets(core::ptr::null());
    state().fs_gen += 1;
    let mut ret = Ret::new();
    // SAFETY: `ret` fits `result<_, error-code>`.
    unsafe { f::set_size(ofd.handle, size, ret.ptr()) };
    ret.fs_result(4)
}

/// `fd_allocate`: WASIp3 has no allocation call; grow the file when the range passes its end.
pub fn allocate(fd: u32, offset: u64, len: u64) -> Result<(), Errno> {
    let ofd = file(fd)?;
    if ofd.kind == Kind::Dir {
        return Err(errno::EBADF);
    }
    let end = offset.checked_add(len).ok_or(errno::EFBIG)?;
    if size_of(ofd.handle)? < end {
        set_size(fd, end)?;
    }
    Ok(())
}

pub fn set_times(fd: u32, atim: u64, mtim: u64, fst: u16) -> Result<(), Errno> {
    let ofd = file(fd)?;
    let (a, a_s, a_ns, m, m_s, m_ns) = times(atim, mtim, fst)?;
    let mut ret = Ret::new();
    // SAFETY: `ret` fits `result<_, error-code>`.
    unsafe { f::set_times(ofd.handle, a, a_s, a_ns, m, m_s, m_ns, ret.ptr()) };
    ret.fs_result(4)
}

pub fn set_times_at(
    dirfd: u32,
    follow: u32,
    path: &[u8],
    atim: u64,
    mtim: u64,
    fst: u16,
) -> Result<(), Errno> {
    let (dir, _) = dir_handle(dirfd)?;
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

pub fn advise(fd: u32, offset: u64, len: u64, advice: u8) -> Result<(), Errno> {
    let ofd = file(fd)?;
    if advice > 5 {
        return Err(errno::EINVAL);
    }
    let mut ret = Ret::new();
    // SAFETY: `ret` fits the result.
    unsafe { f::advise(ofd.handle, offset, len, advice as u32, ret.ptr()) };
    ret.fs_result(4)
}

pub fn sync(fd: u32, data_only: bool) -> Result<(), Errno> {
    let ofd = state().fds.get(fd)?;
    if !matches!(ofd.kind, Kind::File | Kind::Dir) {
        return Err(errno::EINVAL);
    }
    let mut ret = Ret::new();
    // SAFETY: `ret` fits the result.
    unsafe {
        if data_only {
            f::sync_data(ofd.handle, ret.ptr())
        } else {
            f::sync(ofd.handle, ret.ptr())
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

/// Runs a `path -> result<_, error-code>` call against the directory behind `dirfd`.
/// (An enum rather than a function pointer: the adapter may not have a table.)
pub fn path_op(dirfd: u32, path: &[u8], op: PathOp) -> Result<(), Errno> {
    let (dir, _) = dir_handle(dirfd)?;
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

pub fn link(old_fd: u32, old_flags: u32, old: &[u8], new_fd: u32, new: &[u8]) -> Result<(), Errno> {
    let (od, _) = dir_handle(old_fd)?;
    let (nd, _) = dir_handle(new_fd)?;
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

pub fn rename(old_fd: u32, old: &[u8], new_fd: u32, new: &[u8]) -> Result<(), Errno> {
    let (od, _) = dir_handle(old_fd)?;
    let (nd, _) = dir_handle(new_fd)?;
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

pub fn symlink(target: &[u8], dirfd: u32, new: &[u8]) -> Result<(), Errno> {
    let (dir, _) = dir_handle(dirfd)?;
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
pub fn readlink(dirfd: u32, path: &[u8], buf: *mut u8, cap: usize) -> Result<usize, Errno> {
    let (dir, _) = dir_handle(dirfd)?;
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
