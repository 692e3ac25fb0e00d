//! The `wasi_snapshot_preview1` ABI, implemented over the engine.
//!
//! The adapter exports these under their preview1 names; the static shim defines them as
//! the `__imported_wasi_snapshot_preview1_*` symbols that wasi-libc calls, so wasm-ld
//! resolves them at link time and no preview1 import remains.

#![allow(clippy::missing_safety_doc)]

use crate::abi::*;
use crate::desc::{self, Desc};
use crate::errno::{self, Errno};
use crate::{cli, clocks, dir, fs, io, net, poll, socket, stdio, trace};

macro_rules! preview1 {
    ($( fn $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) $body:block )*) => {
        $(
            #[cfg_attr(not(feature = "static-shim"), unsafe(export_name = stringify!($name)))]
            #[cfg_attr(
                feature = "static-shim",
                unsafe(export_name = concat!("__imported_wasi_snapshot_preview1_", stringify!($name)))
            )]
            pub unsafe extern "C" fn $name($($arg: $ty),*) -> u32 {
                #[allow(unused_unsafe, clippy::too_many_arguments)]
                unsafe fn body($($arg: $ty),*) -> Result<(), Errno> {
                    // SAFETY: pointers come from the preview1 caller, which vouches for them.
                    unsafe { $body }
                }
                let st = crate::base::base();
                st.arena.reset();
                // Read before the call: the flag never changes, and this saves a `base()`.
                let tracing = st.trace.on;
                // SAFETY: the arguments are forwarded unchanged from the preview1 caller.
                let result = match unsafe { body($($arg),*) } {
                    Ok(()) => errno::SUCCESS,
                    Err(e) => e,
                };
                if tracing {
                    const KINDS: u64 = trace::kinds(&[$(<$ty as trace::Arg>::KIND),*]);
                    trace::preview1(
                        crate::lit!(stringify!($name)),
                        KINDS,
                        &[$(trace::Arg::raw(&$arg)),*],
                        result,
                    );
                }
                result as u32
            }

            // The spelling Zig's own libc code (`lib/c/*.zig`, e.g. its `close`) gives a
            // direct preview1 import: `name|module`. Defining it resolves that import at
            // link time too, so no preview1 import is left (static shim only).
            #[cfg(feature = "static-shim")]
            const _: () = {
                #[unsafe(export_name = concat!(stringify!($name), "|wasi_snapshot_preview1"))]
                #[allow(clippy::too_many_arguments)]
                unsafe extern "C" fn zig_spelling($($arg: $ty),*) -> u32 {
                    // SAFETY: the arguments are forwarded unchanged from the preview1 caller.
                    unsafe { $name($($arg),*) }
                }
            };
        )*
    };
}

/// Writes a result through a caller-supplied pointer (preview1 pointers may be unaligned).
unsafe fn out<T>(p: *mut T, v: T) {
    // SAFETY: the caller passes a pointer the preview1 contract says is writable.
    unsafe { p.write_unaligned(v) }
}

unsafe fn slice<'a>(p: *const u8, len: usize) -> &'a [u8] {
    // SAFETY: preview1 passes (pointer, length) pairs that describe valid memory.
    unsafe { core::slice::from_raw_parts(p, len) }
}

/// A path argument: EILSEQ unless it is UTF-8 (WASIp3 paths are strings; the host would
/// trap on anything else).
unsafe fn path_arg<'a>(p: *const u8, len: usize) -> Result<&'a [u8], Errno> {
    // SAFETY: as `slice`.
    let s = unsafe { slice(p, len) };
    if utf8_ok(s) {
        Ok(s)
    } else {
        Err(errno::EILSEQ)
    }
}

unsafe fn iovecs<'a>(p: *const Iovec, len: usize) -> &'a [Iovec] {
    // SAFETY: as above, for arrays of iovecs.
    unsafe { core::slice::from_raw_parts(p, len) }
}

preview1! {
    fn args_sizes_get(argc: *mut usize, size: *mut usize) {
        let (n, bytes) = cli::args_sizes();
        out(argc, n);
        out(size, bytes);
        Ok(())
    }

    fn args_get(argv: *mut *mut u8, buf: *mut u8) {
        cli::args_get(argv, buf)
    }

    fn environ_sizes_get(count: *mut usize, size: *mut usize) {
        let (n, bytes) = cli::environ_sizes();
        out(count, n);
        out(size, bytes);
        Ok(())
    }

    fn environ_get(environ: *mut *mut u8, buf: *mut u8) {
        cli::environ_get(environ, buf)
    }

    fn clock_res_get(id: u32, res: *mut u64) {
        out(res, clocks::res_get(id)?);
        Ok(())
    }

    fn clock_time_get(id: u32, _precision: u64, time: *mut u64) {
        out(time, clocks::time_get(id)?);
        Ok(())
    }

    fn fd_advise(fd: u32, offset: u64, len: u64, advice: u32) {
        fs::advise(desc::node(fd, errno::EINVAL)?.0, offset, len, advice as u8)
    }

    fn fd_allocate(fd: u32, offset: u64, len: u64) {
        let (node, is_dir) = desc::node(fd, errno::EINVAL)?;
        fs::allocate(node, is_dir, offset, len)
    }

    fn fd_close(fd: u32) {
        io::close(fd)
    }

    fn fd_datasync(fd: u32) {
        fs::sync(desc::node(fd, errno::EINVAL)?.0, true)
    }

    fn fd_sync(fd: u32) {
        fs::sync(desc::node(fd, errno::EINVAL)?.0, false)
    }

    fn fd_fdstat_get(fd: u32, stat: *mut Fdstat) {
        let ofd = desc::get(fd)?;
        let (rights_base, rights_inheriting) = rights(&ofd.desc);
        let filetype = filetype(&ofd.desc);
        out(stat, Fdstat { filetype, flags: ofd.fdflags, rights_base, rights_inheriting });
        Ok(())
    }

    fn fd_fdstat_set_flags(fd: u32, flags: u32) {
        let ofd = desc::get(fd)?;
        let flags = flags as u16;
        // Only APPEND and NONBLOCK can change after open, as with F_SETFL.
        let mutable = FDFLAGS_APPEND | FDFLAGS_NONBLOCK;
        if flags & !(mutable | FDFLAGS_DSYNC | FDFLAGS_RSYNC | FDFLAGS_SYNC) != 0 {
            return Err(errno::EINVAL);
        }
        ofd.fdflags = (ofd.fdflags & !mutable) | (flags & mutable);
        Ok(())
    }

    fn fd_fdstat_set_rights(fd: u32, _base: Rights, _inheriting: Rights) {
        // Wasmtime's preview1 enforces no rights and refuses to change them (ENOTSUP for
        // files and directories, EBADF for the rest); so do we (docs/DECISIONS.md).
        match desc::get(fd)?.desc {
            Desc::File(_) | Desc::Dir(_) => Err(errno::ENOTSUP),
            _ => Err(errno::EBADF),
        }
    }

    fn fd_filestat_get(fd: u32, stat: *mut Filestat) {
        // Unsettled: the stat tells a file's type, and settles it.
        let ofd = desc::get_unsettled(fd)?;
        let st = match &mut ofd.desc {
            Desc::File(fs::File { node, .. }) | Desc::Dir(dir::Dir { node, .. }) => {
                let st = fs::filestat_get(node)?;
                desc::settle(ofd, st.filetype);
                st
            }
            d @ (Desc::Stdio(_) | Desc::Tcp(_) | Desc::Udp(_)) => Filestat {
                filetype: filetype(d),
                ..Filestat::default()
            },
            _ => Filestat::default(),
        };
        out(stat, st);
        Ok(())
    }

    fn fd_filestat_set_size(fd: u32, size: u64) {
        let (node, is_dir) = desc::node(fd, errno::EINVAL)?;
        fs::set_size(node, is_dir, size)
    }

    fn fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, fst: u32) {
        fs::set_times(desc::node(fd, errno::EINVAL)?.0, atim, mtim, fst as u16)
    }

    fn fd_pread(fd: u32, iovs: *const Iovec, n: usize, offset: u64, nread: *mut usize) {
        let ofd = desc::get_unsettled(fd)?;
        match &mut ofd.desc {
            Desc::File(f) => {
                let r = fs::pread(f, iovecs(iovs, n), offset);
                out(nread, desc::settle_by_read(ofd, r)?)
            }
            Desc::Dir(_) => return Err(errno::EBADF),
            _ => return Err(errno::ESPIPE),
        }
        Ok(())
    }

    fn fd_pwrite(fd: u32, iovs: *const Iovec, n: usize, offset: u64, nwritten: *mut usize) {
        match &mut desc::get_kind(fd)?.desc {
            Desc::File(f) => out(nwritten, fs::pwrite(f, iovecs(iovs, n), offset)?),
            Desc::Dir(_) => return Err(errno::EBADF),
            _ => return Err(errno::ESPIPE),
        }
        Ok(())
    }

    fn fd_prestat_get(fd: u32, prestat: *mut [u32; 2]) {
        let (_, len) = preopen(fd)?;
        out(prestat, [0, len as u32]);
        Ok(())
    }

    fn fd_prestat_dir_name(fd: u32, path: *mut u8, len: usize) {
        let (name, n) = preopen(fd)?;
        if len < n {
            return Err(errno::ENAMETOOLONG);
        }
        core::ptr::copy_nonoverlapping(name, path, n);
        Ok(())
    }

    fn fd_read(fd: u32, iovs: *const Iovec, n: usize, nread: *mut usize) {
        out(nread, io::read(fd, iovecs(iovs, n))?);
        Ok(())
    }

    fn fd_write(fd: u32, iovs: *const Iovec, n: usize, nwritten: *mut usize) {
        out(nwritten, io::write(fd, iovecs(iovs, n))?);
        Ok(())
    }

    fn fd_readdir(fd: u32, buf: *mut u8, len: usize, cookie: u64, used: *mut usize) {
        // A directory's entry stream is behind the file door.
        crate::filedoor::open();
        out(used, dir::readdir(desc::dir(fd)?, buf, len, cookie)?);
        Ok(())
    }

    fn fd_renumber(from: u32, to: u32) {
        io::renumber(from, to)
    }

    fn fd_seek(fd: u32, offset: i64, whence: u32, newoffset: *mut u64) {
        out(newoffset, fs::seek(seekable(fd)?, offset, whence as u8)?);
        Ok(())
    }

    fn fd_tell(fd: u32, offset: *mut u64) {
        out(offset, fs::seek(seekable(fd)?, 0, 1)?);
        Ok(())
    }

    fn path_create_directory(fd: u32, path: *const u8, len: usize) {
        let path = path_arg(path, len)?;
        fs::path_op(desc::dir_handle(fd)?, path, fs::PathOp::CreateDirectory)
    }

    fn path_filestat_get(fd: u32, flags: u32, path: *const u8, len: usize, stat: *mut Filestat) {
        let dir = desc::dir_handle(fd)?;
        out(stat, fs::stat_at(dir, flags & 1 != 0, path_arg(path, len)?)?);
        Ok(())
    }

    fn path_filestat_set_times(fd: u32, flags: u32, path: *const u8, len: usize, atim: u64, mtim: u64, fst: u32) {
        let path = path_arg(path, len)?;
        fs::set_times_at(desc::dir_handle(fd)?, flags, path, atim, mtim, fst as u16)
    }

    fn path_link(old_fd: u32, old_flags: u32, old: *const u8, old_len: usize, new_fd: u32, new: *const u8, new_len: usize) {
        let (old, new) = (path_arg(old, old_len)?, path_arg(new, new_len)?);
        let (od, nd) = (desc::dir_handle(old_fd)?, desc::dir_handle(new_fd)?);
        fs::link(od, old_flags, old, nd, new)
    }

    fn path_open(
        fd: u32,
        dirflags: u32,
        path: *const u8,
        len: usize,
        oflags: u32,
        base: Rights,
        _inheriting: Rights,
        fdflags: u32,
        opened_fd: *mut u32,
    ) {
        // A file opened here is read and written behind the file door.
        crate::filedoor::open();
        let path = path_arg(path, len)?;
        let o = fs::open(&desc::dir(fd)?.node, dirflags, path, oflags as u16, base.0, fdflags as u16)?;
        let (idx, ofd) = io::new_ofd(o.fdflags).inspect_err(|_| fs::drop_node(&o.node))?;
        // Built in place: a file's state is large enough that copies show.
        ofd.desc = if o.is_dir {
            Desc::Dir(dir::opened(o.node))
        } else {
            Desc::File(fs::File::new(o))
        };
        out(opened_fd, io::name(idx)?);
        Ok(())
    }

    fn path_readlink(fd: u32, path: *const u8, len: usize, buf: *mut u8, buf_len: usize, used: *mut usize) {
        let path = path_arg(path, len)?;
        out(used, fs::readlink(desc::dir_handle(fd)?, path, buf, buf_len)?);
        Ok(())
    }

    fn path_remove_directory(fd: u32, path: *const u8, len: usize) {
        let path = path_arg(path, len)?;
        fs::path_op(desc::dir_handle(fd)?, path, fs::PathOp::RemoveDirectory)
    }

    fn path_rename(fd: u32, old: *const u8, old_len: usize, new_fd: u32, new: *const u8, new_len: usize) {
        let (old, new) = (path_arg(old, old_len)?, path_arg(new, new_len)?);
        let (od, nd) = (desc::dir_handle(fd)?, desc::dir_handle(new_fd)?);
        fs::rename(od, old, nd, new)
    }

    fn path_symlink(old: *const u8, old_len: usize, fd: u32, new: *const u8, new_len: usize) {
        let (old, new) = (path_arg(old, old_len)?, path_arg(new, new_len)?);
        fs::symlink(old, desc::dir_handle(fd)?, new)
    }

    fn path_unlink_file(fd: u32, path: *const u8, len: usize) {
        let path = path_arg(path, len)?;
        fs::path_op(desc::dir_handle(fd)?, path, fs::PathOp::UnlinkFile)
    }

    fn poll_oneoff(subs: *const poll::Subscription, events: *mut poll::Event, n: usize, nevents: *mut usize) {
        let subs = core::slice::from_raw_parts(subs, n);
        out(nevents, poll::poll(subs, events)?);
        Ok(())
    }

    fn proc_raise(sig: u32) {
        crate::run::raise(sig as u8)
    }

    fn sched_yield() {
        crate::wait::yield_to_host();
        Ok(())
    }

    fn random_get(buf: *mut u8, len: usize) {
        clocks::random_fill(buf, len);
        Ok(())
    }

    fn sock_accept(fd: u32, flags: u32, out_fd: *mut u32) {
        if flags as u16 & !FDFLAGS_NONBLOCK != 0 {
            return Err(errno::EINVAL);
        }
        out(out_fd, io::accept(fd, flags as u16, None)?);
        Ok(())
    }

    fn sock_recv(fd: u32, iovs: *const Iovec, n: usize, flags: u32, len: *mut usize, oflags: *mut u16) {
        let (mut s, fdflags) = desc::socket(fd)?;
        let flags = socket::RecvFlags {
            peek: flags & RIFLAGS_RECV_PEEK != 0,
            waitall: flags & RIFLAGS_RECV_WAITALL != 0,
            dontwait: false,
        };
        let (got, truncated) = net::recv(&mut s, fdflags, iovecs(iovs, n), flags, None)?;
        out(len, got);
        out(oflags, if truncated { ROFLAGS_RECV_DATA_TRUNCATED } else { 0 });
        Ok(())
    }

    fn sock_send(fd: u32, iovs: *const Iovec, n: usize, _flags: u32, len: *mut usize) {
        let (mut s, fdflags) = desc::socket(fd)?;
        out(len, net::send(&mut s, fdflags, iovecs(iovs, n), false, None)?);
        Ok(())
    }

    fn sock_shutdown(fd: u32, how: u32) {
        net::shutdown(&mut desc::socket(fd)?.0, how)
    }
}

/// The file behind `fd`, for `fd_seek`: preview1 (Wasmtime) refuses to seek a directory
/// (EBADF), where Linux would move its offset: the binary was built for preview1
/// (docs/DECISIONS.md); ESPIPE for other kinds.
fn seekable(fd: u32) -> Result<&'static mut fs::File, Errno> {
    match &mut desc::get_kind(fd)?.desc {
        Desc::File(f) => Ok(f),
        Desc::Dir(_) => Err(errno::EBADF),
        _ => Err(errno::ESPIPE),
    }
}

/// The guest path of the preopened directory behind `fd` (EBADF for anything else).
fn preopen(fd: u32) -> Result<(*const u8, usize), Errno> {
    let d = desc::dir(fd).map_err(|_| errno::EBADF)?;
    d.preopen.ok_or(errno::EBADF)
}

/// The preview1 file type of a description.
fn filetype(desc: &Desc) -> u8 {
    match desc {
        Desc::Stdio(s) => stdio::filetype(*s),
        Desc::File(f) => f.filetype,
        Desc::Dir(_) => dir::FILETYPE,
        // Preview1 has no FIFO type; the C ABI's `fstat` reports S_IFIFO.
        Desc::Pipe(_) => FILETYPE_UNKNOWN,
        Desc::Tcp(_) => FILETYPE_SOCKET_STREAM,
        Desc::Udp(_) => FILETYPE_SOCKET_DGRAM,
        Desc::Free => FILETYPE_UNKNOWN,
    }
}

/// The (base, inheriting) rights `fd_fdstat_get` reports, as Wasmtime's preview1 reports
/// them: they follow from the kind and open mode only, never from the rights asked for in
/// `path_open`; binaries pass them back to `path_open` (Rust std reopening a preopen).
fn rights(desc: &Desc) -> (u64, u64) {
    let base = match desc {
        Desc::Dir(d) if d.preopen.is_some() => {
            return (RIGHTS_PREOPEN_BASE, RIGHTS_PREOPEN_INHERITING);
        }
        Desc::File(crate::fs::File { node, .. }) | Desc::Dir(dir::Dir { node, .. }) => {
            let mut r = RIGHTS_ALL;
            if matches!(desc, Desc::Dir(_)) {
                r &= !(RIGHT_FD_SEEK | RIGHT_FD_FILESTAT_SET_SIZE | RIGHT_PATH_FILESTAT_SET_SIZE);
            }
            if node.dflags & DFLAG_READ == 0 {
                r &= !(RIGHT_FD_READ | RIGHT_FD_READDIR);
            }
            if node.dflags & DFLAG_WRITE == 0 {
                r &= !RIGHT_FD_WRITE;
            }
            r
        }
        Desc::Stdio(stdio::Stdio::In) => RIGHT_FD_READ,
        Desc::Stdio(_) => RIGHT_FD_WRITE,
        // Not in Wasmtime's preview1 (it has no pipes or sockets of its own): what they do.
        Desc::Pipe(p) if !p.write => RIGHT_FD_READ | RIGHT_POLL_FD_READWRITE,
        Desc::Pipe(_) => RIGHT_FD_WRITE | RIGHT_POLL_FD_READWRITE,
        Desc::Tcp(_) | Desc::Udp(_) => {
            RIGHT_FD_READ
                | RIGHT_FD_WRITE
                | RIGHT_POLL_FD_READWRITE
                | RIGHT_SOCK_SHUTDOWN
                | RIGHT_SOCK_ACCEPT
        }
        Desc::Free => 0,
    };
    (base, base)
}

#[cfg_attr(not(feature = "static-shim"), unsafe(export_name = "proc_exit"))]
#[cfg_attr(
    feature = "static-shim",
    unsafe(export_name = "__imported_wasi_snapshot_preview1_proc_exit")
)]
pub extern "C" fn proc_exit(code: u32) -> ! {
    #[cfg(feature = "static-shim")]
    #[unsafe(export_name = "proc_exit|wasi_snapshot_preview1")]
    extern "C" fn zig_spelling(code: u32) -> ! {
        proc_exit(code)
    }

    if trace::on() {
        trace::preview1(crate::lit!("proc_exit"), 0, &[code as u64], 0);
    }
    crate::run::exit(code)
}
