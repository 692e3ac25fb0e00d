//! The descriptor table: POSIX descriptor numbers mapped to open file descriptions.
//!
//! Two levels, as in POSIX: a descriptor number names an `Ofd` (open file description),
//! which holds the status flags and the state of its kind. Duplicates share an `Ofd`; its
//! state is released when the last descriptor naming it closes. The table holds any
//! description type `D` (`desc::Desc`, whose variants the descriptor kinds define) and
//! never looks inside one.

use crate::base::base;
use crate::errno::{self, Errno};

pub const MAX_FDS: usize = 1024;

/// What the table holds for each open file description, seen from the table.
pub trait Description: Sized + Default + 'static {
    /// Whether the slot holds no description (as `default()` does). All-zero bytes must
    /// be free: the slots come from zeroed memory.
    fn is_free(&self) -> bool;

    /// Fills a new table with the descriptors a program starts with; called once, on
    /// the table's first use.
    fn populate(table: &mut Table<Self>);
}

/// One open file description: what every kind has, and the kind's own state.
pub struct Ofd<D> {
    pub refs: u32,
    /// Preview1 fdflags (APPEND, NONBLOCK, ...).
    pub fdflags: u16,
    pub desc: D,
}

pub struct Table<D> {
    /// Descriptor number -> ofd index + 1 (0 = free).
    slots: [u16; MAX_FDS],
    /// `FD_CLOEXEC` per descriptor number (there is no exec, but programs read it back).
    cloexec: [u64; MAX_FDS / 64],
    ofds: *mut Ofd<D>,
}

impl<D: Description> Table<D> {
    /// The descriptions, allocated and populated on first use.
    fn ofds(&mut self) -> &'static mut [Ofd<D>] {
        if self.ofds.is_null() {
            self.create();
        }
        // SAFETY: `ofds` points to MAX_FDS descriptions owned by the table for the life
        // of the program, zeroed (free) when allocated.
        unsafe { core::slice::from_raw_parts_mut(self.ofds, MAX_FDS) }
    }

    #[cold]
    #[inline(never)]
    fn create(&mut self) {
        let bytes = core::mem::size_of::<Ofd<D>>() * MAX_FDS;
        self.ofds = base().bump.alloc(bytes, 16) as *mut Ofd<D>;
        D::populate(self);
    }

    /// The open file description of `fd`.
    pub fn get(&mut self, fd: u32) -> Result<&'static mut Ofd<D>, Errno> {
        self.get_inline(fd)
    }

    /// `get`, inlined: for the lookups of calls where one more call shows (socket calls).
    #[inline(always)]
    pub fn get_inline(&mut self, fd: u32) -> Result<&'static mut Ofd<D>, Errno> {
        let idx = self.index(fd)?;
        // SAFETY: a slot holds only an index `free_ofd` returned (below MAX_FDS), plus one,
        // and `index` made sure the descriptions exist.
        Ok(unsafe { &mut *self.ofds.add(idx as usize) })
    }

    /// Slot `fd`, which callers have bounds-checked (no panic paths: they would pull
    /// `core::fmt` data into the adapter).
    fn slot(&mut self, fd: u32) -> &mut u16 {
        match self.slots.get_mut(fd as usize) {
            Some(s) => s,
            None => crate::fatal!("p3shim: descriptor out of range"),
        }
    }

    /// A free description's index, for the caller to fill at once. Every description
    /// has a descriptor, so a full table means every descriptor is in use: EMFILE, the
    /// per-process limit programs expect, as `install` reports it (`None`).
    pub fn free_ofd(&mut self) -> Option<u16> {
        self.ofds()
            .iter()
            .position(|o| o.desc.is_free())
            .map(|i| i as u16)
    }

    pub fn ofd(&mut self, idx: u16) -> &'static mut Ofd<D> {
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
        let idx = self.index(fd)?;
        *self.slot(fd) = 0;
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
        self.ofds();
        match self.slots.get(fd as usize) {
            Some(&s) if s != 0 => Ok(s - 1),
            _ => Err(errno::EBADF),
        }
    }

    /// Every live open file description.
    pub fn each_live(&mut self) -> impl Iterator<Item = &'static mut Ofd<D>> {
        self.ofds().iter_mut().filter(|o| !o.desc.is_free())
    }
}
