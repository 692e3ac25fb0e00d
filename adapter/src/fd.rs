//! The descriptor table: POSIX descriptor numbers mapped to open file descriptions.
//!
//! Two levels, as in POSIX: a descriptor number names an `Ofd` (open file description),
//! which holds the offset, status flags and the WASIp3 resources. Duplicates share an
//! `Ofd`; the resources are released when the last descriptor naming it closes.

use crate::base::base;
use crate::errno::{self, Errno};
use crate::stream::{Reader, Writer};

pub const MAX_FDS: usize = 1024;

#[derive(Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Kind {
    #[default]
    Free,
    Stdin,
    Stdout,
    Stderr,
    File,
    Dir,
    PipeRead,
    #[cfg_attr(not(feature = "static-shim"), allow(dead_code))]
    PipeWrite,
    Tcp,
    Udp,
}

/// Read state of a directory descriptor (see `dir.rs`).
pub struct DirCursor {
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
    /// Entries read from the stream ahead of use (`dir::BATCH` per read, so that one
    /// wake-up serves many entries): records of type, name length (u16) and name bytes.
    pub batch: *mut u8,
    pub batch_len: usize,
    pub batch_pos: usize,
    /// Link in the engine's list of cursors free for reuse.
    pub next_free: Option<&'static mut DirCursor>,
}

#[derive(Default)]
pub struct Ofd {
    pub refs: u32,
    pub kind: Kind,
    /// Preview1 fdflags (APPEND, NONBLOCK, ...).
    pub fdflags: u16,
    /// `wasi:filesystem` descriptor handle for files and directories.
    pub handle: u32,
    /// Descriptor flags granted at open (read, write, mutate-directory, ...).
    pub dflags: u8,
    /// Preview1 file type, learned at open (a descriptor's type never changes).
    pub filetype: u8,
    /// The POSIX file offset.
    pub pos: u64,
    pub reader: Reader,
    /// `State::fs_gen` when `reader`'s stream was opened.
    pub reader_gen: u64,
    /// The file's inode number once `fstat` has asked the host (0: not yet).
    pub ino: u64,
    /// `pread`'s own reader, kept between calls so that sequential `pread`s are served
    /// from its read-ahead instead of a new host stream each; `preader_gen` as above.
    pub preader: Reader,
    pub preader_gen: u64,
    pub writer: Writer,
    pub dir: Option<&'static mut DirCursor>,
    /// The shared buffer of a pipe end.
    pub pipe: Option<&'static mut crate::pipe::Pipe>,
    /// Socket state for `Kind::Tcp` and `Kind::Udp` (streams are `reader`/`writer`).
    /// (The address of an engine block: 0 for none.)
    pub sock: usize,
    /// Preopened directory name (guest path), if this is a preopen.
    pub preopen: Option<(*const u8, usize)>,
}

pub struct Table {
    /// Descriptor number -> ofd index + 1 (0 = free).
    slots: [u16; MAX_FDS],
    /// `FD_CLOEXEC` per descriptor number (there is no exec, but programs read it back).
    cloexec: [u64; MAX_FDS / 64],
    ofds: *mut Ofd,
}

impl Table {
    fn ofds(&mut self) -> &'static mut [Ofd] {
        if self.ofds.is_null() {
            let bytes = core::mem::size_of::<Ofd>() * MAX_FDS;
            self.ofds = base().bump.alloc(bytes, 16) as *mut Ofd;
        }
        // SAFETY: `ofds` points to MAX_FDS zeroed (= default, free) Ofd values owned by
        // the table for the life of the program.
        unsafe { core::slice::from_raw_parts_mut(self.ofds, MAX_FDS) }
    }

    /// The open file description of `fd`.
    pub fn get(&mut self, fd: u32) -> Result<&'static mut Ofd, Errno> {
        let slot = *self.slots.get(fd as usize).ok_or(errno::EBADF)?;
        if slot == 0 {
            return Err(errno::EBADF);
        }
        Ok(self.ofd(slot - 1))
    }

    /// Slot `fd`, which callers have bounds-checked (no panic paths: they would pull
    /// `core::fmt` data into the adapter).
    fn slot(&mut self, fd: u32) -> &mut u16 {
        match self.slots.get_mut(fd as usize) {
            Some(s) => s,
            None => crate::fatal!("p3shim: descriptor out of range"),
        }
    }

    /// Allocates a new open file description (refs = 0, not yet named by a descriptor).
    /// Every description has a descriptor, so a full table means every descriptor is in
    /// use: EMFILE, the per-process limit programs expect, as `install` reports it.
    pub fn new_ofd(&mut self, kind: Kind) -> Result<u16, Errno> {
        let ofds = self.ofds();
        let i = ofds
            .iter()
            .position(|o| o.kind == Kind::Free)
            .ok_or(errno::EMFILE)?;
        ofds[i] = Ofd {
            kind,
            ..Ofd::default()
        };
        Ok(i as u16)
    }

    pub fn ofd(&mut self, idx: u16) -> &'static mut Ofd {
        match self.ofds().get_mut(idx as usize) {
            Some(o) => o,
            None => crate::fatal!("p3shim: bad open file description"),
        }
    }

    /// Names `ofd` with the lowest free descriptor number `>= min`.
    pub fn install(&mut self, ofd: u16, min: u32) -> Result<u32, Errno> {
        let fd = (min as usize..MAX_FDS)
            .find(|&i| *self.slot(i as u32) == 0)
            .ok_or(errno::EMFILE)?;
        self.install_at(ofd, fd as u32);
        Ok(fd as u32)
    }

    /// Names `ofd` with `fd`, which must be free.
    pub fn install_at(&mut self, ofd: u16, fd: u32) {
        *self.slot(fd) = ofd + 1;
        self.set_cloexec(fd, false);
        self.ofd(ofd).refs += 1;
    }

    /// Removes descriptor `fd` and returns its ofd index, whose refcount was dropped.
    pub fn remove(&mut self, fd: u32) -> Result<u16, Errno> {
        let slot = *self.slots.get(fd as usize).ok_or(errno::EBADF)?;
        if slot == 0 {
            return Err(errno::EBADF);
        }
        *self.slot(fd) = 0;
        let idx = slot - 1;
        self.ofd(idx).refs -= 1;
        Ok(idx)
    }

    /// Names `ofd` with `fd` (preview1 numbering), closing what `fd` named before; returns
    /// the index of a description that lost its last name, for the caller to release.
    pub fn replace(&mut self, ofd: u16, fd: u32) -> Result<Option<u16>, Errno> {
        if fd as usize >= MAX_FDS {
            return Err(errno::EBADF);
        }
        let old = if *self.slot(fd) != 0 {
            Some(self.remove(fd)?)
        } else {
            None
        };
        self.install_at(ofd, fd);
        Ok(old.filter(|&i| self.ofd(i).refs == 0))
    }

    /// Sets or clears `FD_CLOEXEC` of descriptor `fd` (which callers have checked).
    pub fn set_cloexec(&mut self, fd: u32, on: bool) {
        if let Some(w) = self.cloexec.get_mut(fd as usize / 64) {
            let bit = 1u64 << (fd % 64);
            *w = if on { *w | bit } else { *w & !bit };
        }
    }

    /// Whether descriptor `fd` has `FD_CLOEXEC`.
    #[cfg_attr(not(feature = "static-shim"), allow(dead_code))]
    pub fn cloexec(&self, fd: u32) -> bool {
        self.cloexec
            .get(fd as usize / 64)
            .is_some_and(|w| w & (1u64 << (fd % 64)) != 0)
    }

    /// The description index behind `fd`.
    pub fn index(&mut self, fd: u32) -> Result<u16, Errno> {
        match self.slots.get(fd as usize) {
            Some(&s) if s != 0 => Ok(s - 1),
            _ => Err(errno::EBADF),
        }
    }

    /// Every live open file description.
    pub fn each_live(&mut self) -> impl Iterator<Item = &'static mut Ofd> {
        self.ofds().iter_mut().filter(|o| o.kind != Kind::Free)
    }
}
