//! What the descriptor table holds: one variant per descriptor kind, each with the kind's
//! own state, and the table itself (after the engine state, in the same block). The
//! table is filled on first use with the std streams and the preopened directories.

use crate::abi::Iovec;
use crate::base::{STATE_BYTES, base};
use crate::dir::{self, Dir};
use crate::errno::{self, Errno};
use crate::fd::{Description, Ofd, Table};
use crate::fs::{self, File, Node};
use crate::net::Sock;
use crate::state::State;
use crate::stdio::{self, Stdio};
use crate::stream::linger;
use crate::tcp::Tcp;
use crate::udp::Udp;
use crate::wasi;
use crate::{filegate, netgate, pipe};

/// An open file description's kind and state. `#[repr(u8)]`: all-zero bytes are `Free`.
#[derive(Default)]
#[repr(u8)]
pub enum Desc {
    #[default]
    Free,
    Stdio(Stdio),
    File(File),
    Dir(Dir),
    Pipe(pipe::End),
    Tcp(Tcp),
    Udp(Udp),
}

impl Description for Desc {
    fn is_free(&self) -> bool {
        matches!(self, Desc::Free)
    }

    /// Descriptors 0-2 and the preopened directories (from 3 on).
    fn populate(table: &mut Table<Desc>) {
        // Exit now has output to flush.
        open_exit_door();
        if !base().trace.checked && missing_tracer() {
            // `P3SHIM_TRACE` asked for a tracer this program was built without: say so once.
            let mut l = crate::trace::missing_line();
            let iov = Iovec {
                buf: l.buf.as_mut_ptr(),
                len: l.len,
            };
            let _ = stdio::write(Stdio::Err, &[iov], false);
        }
        // The table is empty: descriptions 0-2 for descriptors 0-2.
        for (n, s) in [Stdio::In, Stdio::Out, Stdio::Err].into_iter().enumerate() {
            table.ofd(n as u16).desc = Desc::Stdio(s);
            table.install_at(n as u16, n as u32);
        }
        let mut ret = [0usize; 2];
        base().arena.reset();
        // SAFETY: `ret` receives (ptr, len) of `list<tuple<descriptor, string>>` in the arena.
        unsafe { wasi::filesystem::get_directories(ret.as_mut_ptr().cast()) };
        let list = ret[0] as *const u32;
        for i in 0..ret[1] {
            // SAFETY: each element is (handle: u32, name ptr: u32, name len: u32).
            let (handle, name, len) =
                unsafe { (*list.add(3 * i), *list.add(3 * i + 1), *list.add(3 * i + 2)) };
            let installed = table.free_ofd().is_some_and(|idx| {
                let ofd = table.ofd(idx);
                ofd.desc = Desc::Dir(dir::preopen(handle, name as *const u8, len as usize));
                let named = table.install(idx, 3).is_ok();
                if !named {
                    ofd.desc = Desc::Free;
                }
                named
            });
            if !installed {
                // SAFETY: the handle is ours and no descriptor refers to it.
                unsafe { wasi::filesystem::drop_descriptor(handle) };
            }
        }
    }
}

/// The engine state and, after it, the descriptor table: one block (`base::block`).
#[repr(C)]
struct Descriptors {
    state: State,
    table: Table<Desc>,
}

const _: () = assert!(core::mem::size_of::<Descriptors>() <= STATE_BYTES);

/// The descriptor table.
#[inline(always)]
pub fn table() -> &'static mut Table<Desc> {
    // SAFETY: the block holds `Descriptors` (`STATE_BYTES` zeroed bytes, checked above;
    // a zeroed table is an empty one); one thread, no re-entry, so one `&mut` at a time.
    unsafe { &mut (*(crate::base::block() as *mut Descriptors)).table }
}

/// The open file description of `fd` (EBADF when there is none), its kind settled: a
/// file opened by path whose type the host was not yet asked (`fs::TYPE_PENDING*`) is
/// asked now, and becomes a directory if it is one.
#[inline(always)]
pub fn get(fd: u32) -> Result<&'static mut Ofd<Desc>, Errno> {
    let ofd = table().get(fd)?;
    if let Desc::File(f) = &ofd.desc
        && f.filetype >= fs::TYPE_PENDING_NOT_DIR
    {
        settle(ofd, fs::TYPE_PENDING);
    }
    Ok(ofd)
}

/// `get` for calls that need only know whether a file is a directory (`seek`, `pwrite`,
/// whose answers differ for one): asks the host only about a `TYPE_PENDING` file.
#[inline(always)]
pub fn get_kind(fd: u32) -> Result<&'static mut Ofd<Desc>, Errno> {
    let ofd = table().get(fd)?;
    if let Desc::File(f) = &ofd.desc
        && f.maybe_dir()
    {
        settle(ofd, fs::TYPE_PENDING);
    }
    Ok(ofd)
}

/// `get` without settling, for calls that treat a file of any type alike or settle it
/// from their own result (`read`, `pread`, `write`, `fstat`).
#[inline(always)]
pub fn get_unsettled(fd: u32) -> Result<&'static mut Ofd<Desc>, Errno> {
    table().get(fd)
}

/// Settles the type of a `TYPE_PENDING*` file (`known`: its preview1 type if the caller
/// has it, `fs::TYPE_PENDING` to ask the host): a directory becomes `Desc::Dir`. The work
/// is behind the file door, so programs that open no files carry none of it.
#[inline(never)]
pub fn settle(ofd: &mut Ofd<Desc>, known: u8) {
    let Desc::File(f) = &mut ofd.desc else {
        return;
    };
    if f.filetype >= fs::TYPE_PENDING_NOT_DIR && filegate::settle(f, known) {
        let node = core::mem::take(&mut f.node);
        ofd.desc = Desc::Dir(dir::opened(node));
    }
}

/// What a read (`r`) of file `ofd` says about its pending type: bytes prove a file (a
/// directory's read stream is empty); nothing or an error is settled by asking the host,
/// and a directory gives EBADF, as a directory's read always does (`io::read`).
#[inline(always)]
pub fn settle_by_read(ofd: &mut Ofd<Desc>, r: Result<usize, Errno>) -> Result<usize, Errno> {
    if let Desc::File(f) = &mut ofd.desc
        && f.maybe_dir()
    {
        if matches!(r, Ok(n) if n > 0) {
            f.filetype = fs::TYPE_PENDING_NOT_DIR;
        } else {
            settle(ofd, fs::TYPE_PENDING);
            if matches!(ofd.desc, Desc::Dir(_)) {
                return Err(errno::EBADF);
            }
        }
    }
    r
}

/// The directory behind `fd`: ENOTDIR for other kinds.
pub fn dir(fd: u32) -> Result<&'static mut Dir, Errno> {
    match &mut get(fd)?.desc {
        Desc::Dir(d) => Ok(d),
        _ => Err(errno::ENOTDIR),
    }
}

/// The filesystem descriptor of the directory behind `fd`.
pub fn dir_handle(fd: u32) -> Result<u32, Errno> {
    Ok(dir(fd)?.node.handle)
}

/// The file or directory behind `fd`: its node and whether it is a directory; `other` for
/// other kinds.
pub fn node(fd: u32, other: Errno) -> Result<(&'static mut Node, bool), Errno> {
    match &mut get(fd)?.desc {
        Desc::File(f) => Ok((&mut f.node, false)),
        Desc::Dir(d) => Ok((&mut d.node, true)),
        _ => Err(other),
    }
}

/// A socket's state as the socket door carries it (`None` for other kinds).
#[inline(always)]
pub fn door_sock(desc: &mut Desc) -> Option<netgate::Sock> {
    match desc {
        Desc::Tcp(t) => Some(netgate::of(t)),
        Desc::Udp(u) => Some(netgate::of(u)),
        _ => None,
    }
}

/// The socket behind `fd` and its description's fdflags: ENOTSOCK for other kinds.
pub fn socket(fd: u32) -> Result<(Sock<'static>, u16), Errno> {
    let ofd = table().get_inline(fd)?;
    let fdflags = ofd.fdflags;
    match &mut ofd.desc {
        Desc::Tcp(t) => Ok((Sock::Tcp(t), fdflags)),
        Desc::Udp(u) => Ok((Sock::Udp(u), fdflags)),
        _ => Err(errno::ENOTSOCK),
    }
}

/// Whether the environment asks for a tracer: read once, when the table is first filled
/// (a program with the tracer read it at start-up, `trace::start`).
fn missing_tracer() -> bool {
    base().trace.checked = true;
    let env = crate::cli::environment();
    // SAFETY: `env` is the environment list just lowered into the arena.
    unsafe { crate::trace::wants(env.ptr as *const u32, env.len) }
}

// The exit door: exit reaches the output machinery (the table, stream flushing, lingering
// output, waiting) only through it, and only the table's first fill and the tracer open
// it, so a program that never touches a descriptor carries none of it (no imports that
// need memory, so no helper modules around it). Static form: `flush_all`'s address, kept
// by the linker only when the table or the tracer is linked. Adapter form: the export
// `p3shim_gate_exit`, emptied by `p3componentize` when the program imports no descriptor
// call (`host/src/doors.rs`), and a flag.

/// Opens the exit door (the table was filled, or the tracer writes).
pub fn open_exit_door() {
    #[cfg(feature = "static-shim")]
    {
        let inside: fn() -> Result<(), Errno> = flush_all;
        base().exit_door = inside as usize;
        let fatal: fn(*const u8, usize) = write_fatal;
        base().fatal_door = fatal as usize;
    }
    #[cfg(not(feature = "static-shim"))]
    {
        base().exit_door = 1;
    }
}

/// The static shim's fatal message, on stderr like any output, when the program has
/// output machinery (the exit door is open); otherwise the trap alone reports it: a
/// program that never touched a descriptor carries no stderr writer for its sake.
#[cfg(feature = "static-shim")]
pub fn fatal_write(msg: *const u8, len: usize) {
    let door = base().fatal_door;
    if door != 0 {
        // SAFETY: only `open_exit_door` stores this field: `write_fatal`'s address.
        let write = unsafe { core::mem::transmute::<usize, fn(*const u8, usize)>(door) };
        write(msg, len);
    }
}

#[cfg(feature = "static-shim")]
fn write_fatal(msg: *const u8, len: usize) {
    let iov = Iovec {
        buf: msg as *mut u8,
        len,
    };
    let _ = stdio::write(Stdio::Err, &[iov], false);
    let _ = stdio::flush();
}

/// At exit: `flush_all` if the door was opened, else nothing was ever written.
pub fn flush_at_exit() -> Result<(), Errno> {
    let door = base().exit_door;
    if door == 0 {
        return Ok(());
    }
    #[cfg(feature = "static-shim")]
    {
        // SAFETY: only `open_exit_door` stores this field: `flush_all`'s address.
        let inside = unsafe { core::mem::transmute::<usize, fn() -> Result<(), Errno>>(door) };
        inside()
    }
    #[cfg(not(feature = "static-shim"))]
    {
        match p3shim_gate_exit() {
            0 => Ok(()),
            e => Err(e as Errno),
        }
    }
}

/// The exit door in the adapter form: 0 or the errno of the first failed flush.
#[cfg(not(feature = "static-shim"))]
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn p3shim_gate_exit() -> u32 {
    match flush_all() {
        Ok(()) => 0,
        Err(e) => e as u32,
    }
}

/// How long exit waits for output the host has stopped taking: each time the host takes
/// bytes of a socket, stdout or stderr the wait starts again, so a host that consumes
/// slowly gets everything and one that never reads costs this much once.
const EXIT_IDLE_NS: u64 = 3_000_000_000;

/// Flushes and closes every output stream so that no byte is lost at exit (output the host
/// has stopped taking gets `EXIT_IDLE_NS`).
pub fn flush_all() -> Result<(), Errno> {
    let mut result = Ok(());
    for ofd in table().each_live() {
        match &mut ofd.desc {
            Desc::Tcp(t) => {
                // Sent in the background like a closed socket's, within the exit bound.
                if t.io.writer.is_open() {
                    linger::adopt(&mut t.io.writer, 0);
                }
            }
            Desc::File(f) => {
                if let Err(e) = fs::flush(f) {
                    result = Err(e);
                }
            }
            _ => {}
        }
    }
    stdio::linger_unsent();
    linger::finish_all(EXIT_IDLE_NS);
    stdio::flush().and(result)
}
