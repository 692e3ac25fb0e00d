//! Engine memory: where the state lives and how import results are allocated.
//!
//! The adapter shares the main module's memory but owns no part of its static layout, so
//! every engine allocation comes from fresh pages (`memory.grow`). In the static shim the
//! pages come from the program's C allocator when it has one (growing memory under it is
//! not safe: the 2022 wasi-libc's `malloc` claims every page up to the end of memory the
//! first time it runs) and from `memory.grow` when it has none, so that a program that
//! never allocates does not carry `malloc` for the engine's sake. Nothing is ever freed:
//! long-lived objects are few and reused, and import results go to an arena that is reset
//! before each import call that returns lists or strings.

use core::ptr;

const PAGE: usize = 65536;

/// Fresh zeroed memory of `bytes` rounded up to whole 64 KiB pages, 16-byte aligned;
/// aborts when memory is exhausted.
pub fn pages(bytes: usize) -> *mut u8 {
    let bytes = bytes.div_ceil(PAGE).max(1) * PAGE;
    #[cfg(feature = "static-shim")]
    {
        unsafe extern "C" {
            fn p3shim_libc_has_allocator() -> i32;
            fn p3shim_libc_calloc(bytes: usize) -> *mut u8;
        }
        // SAFETY: C glue (libc-shim/c/memory.c): whether the program links `calloc`, and
        // `calloc(1, bytes)` when it does.
        if unsafe { p3shim_libc_has_allocator() } != 0 {
            // SAFETY: as above; a null result is handled below.
            let p = unsafe { p3shim_libc_calloc(bytes) };
            if p.is_null() {
                crate::fatal!("p3shim: out of memory");
            }
            return p;
        }
    }
    #[cfg(not(feature = "static-shim"))]
    {
        // SAFETY: reading the reserve globals (assembly accessors, no memory access).
        let (next, end) = unsafe { (p3shim_reserve_next_get(), p3shim_reserve_end_get()) };
        if end != 0 {
            // A program runtime owns memory past `_start` (Go): never grow, take the reserve.
            if end - next < bytes {
                crate::fatal!(
                    "p3shim: adapter memory reserve exhausted (p3shim-adapt --reserve-pages)"
                );
            }
            // SAFETY: as above; the reserve shrinks by what is handed out.
            unsafe { p3shim_reserve_set(next + bytes, end) };
            return next as *mut u8;
        }
    }
    let old = core::arch::wasm32::memory_grow(0, bytes / PAGE);
    if old == usize::MAX {
        crate::fatal!("p3shim: out of memory");
    }
    (old * PAGE) as *mut u8
}

#[cfg(not(feature = "static-shim"))]
unsafe extern "C" {
    fn p3shim_reserve_get() -> usize;
    fn p3shim_reserve_next_get() -> usize;
    fn p3shim_reserve_end_get() -> usize;
    fn p3shim_reserve_set(next: usize, end: usize);
}

/// Before `_start`: when `p3shim-adapt` gave the adapter a reserve (a program whose runtime
/// takes every page that exists at start and later grows memory as if it were alone, as
/// Go's does), grows it now, so that all later engine pages come from it and the adapter
/// never calls `memory.grow` once the program runs. Without a reserve nothing changes.
#[cfg(not(feature = "static-shim"))]
pub fn reserve() {
    // SAFETY: reads a global set at adapt time (assembly accessor, no memory access).
    let n = unsafe { p3shim_reserve_get() };
    // SAFETY: as above; the reserve is taken at most once.
    if n == 0 || unsafe { p3shim_reserve_end_get() } != 0 {
        return;
    }
    let old = core::arch::wasm32::memory_grow(0, n);
    if old == usize::MAX {
        crate::fatal!("p3shim: cannot grow the adapter memory reserve");
    }
    // SAFETY: records the fresh pages [old, old + n) as the reserve.
    unsafe { p3shim_reserve_set(old * PAGE, (old + n) * PAGE) };
}

/// A bump region for long-lived engine objects (descriptor tables, name buffers).
pub struct Bump {
    next: usize,
    end: usize,
}

impl Bump {
    pub fn alloc(&mut self, size: usize, align: usize) -> *mut u8 {
        let start = (self.next + align - 1) & !(align - 1);
        if self.next == 0 || start + size > self.end {
            let chunk = size.max(PAGE);
            let p = pages(chunk) as usize;
            self.next = p + size;
            self.end = p + chunk.div_ceil(PAGE) * PAGE;
            return p as *mut u8;
        }
        self.next = start + size;
        start as *mut u8
    }
}

/// Free lists of engine buffers by power-of-two size class (64 B to 1 GiB), so that
/// objects that come and go with descriptors (stream buffers, sockets, pipe buffers) are
/// reused instead of leaking bump memory. A free block's first word links to the next.
pub struct Recycler {
    free: [usize; CLASSES],
}

const MIN_CLASS: u32 = 6;
const CLASSES: usize = 25;
/// The largest block `Recycler::take` hands out.
#[cfg_attr(not(feature = "static-shim"), allow(dead_code))]
pub const MAX_BLOCK: usize = 1 << (MIN_CLASS as usize + CLASSES - 1);

impl Recycler {
    fn class(size: usize) -> usize {
        let bits = usize::BITS - (size.max(1) - 1).leading_zeros();
        bits.saturating_sub(MIN_CLASS) as usize
    }

    /// A block of at least `size` bytes (at most `MAX_BLOCK`), 16-byte aligned, zeroed.
    /// Blocks of a page or more are whole pages of their own, so they never cut a bump
    /// region short.
    pub fn take(&mut self, bump: &mut Bump, size: usize) -> *mut u8 {
        let class = Self::class(size);
        if class >= CLASSES {
            crate::fatal!("p3shim: engine block too large");
        }
        let bytes = 1usize << (class as u32 + MIN_CLASS);
        let head = self.free[class];
        if head == 0 {
            return if bytes >= PAGE {
                pages(bytes)
            } else {
                bump.alloc(bytes, 16)
            };
        }
        // SAFETY: `head` is a free block of this class; its first word is the next link.
        unsafe {
            self.free[class] = *(head as *const usize);
            ptr::write_bytes(head as *mut u8, 0, bytes);
        }
        head as *mut u8
    }

    /// Returns a block from `take(size)`; null is ignored.
    pub fn give(&mut self, p: *mut u8, size: usize) {
        if p.is_null() {
            return;
        }
        let class = Self::class(size);
        // SAFETY: `p` is a block of this class that its owner no longer uses.
        unsafe { *(p as *mut usize) = self.free[class] };
        self.free[class] = p as usize;
    }
}

/// The arena that receives lists and strings returned by imports.
pub struct Arena {
    base: usize,
    cap: usize,
    used: usize,
    last: usize,
    /// Import calls still in flight whose results the host will lower here later (a
    /// pending datagram receive); while any is, the arena is not rewound.
    pub pins: u32,
}

impl Arena {
    pub fn reset(&mut self) {
        if self.pins == 0 {
            self.used = 0;
        }
        self.last = usize::MAX;
    }

    /// The canonical ABI `realloc`: grows the most recent allocation in place when it can.
    pub fn realloc(
        &mut self,
        old: *mut u8,
        old_size: usize,
        align: usize,
        new_size: usize,
    ) -> *mut u8 {
        if !old.is_null()
            && old as usize == self.base + self.last
            && self.last + new_size <= self.cap
        {
            self.used = self.last + new_size;
            return old;
        }
        let mut start = (self.used + align - 1) & !(align - 1);
        if self.base == 0 || start + new_size > self.cap {
            // Abandon the old region (its contents stay valid) for one big enough for both.
            let cap = (self.cap * 2).max(new_size * 2).max(PAGE);
            self.base = pages(cap) as usize;
            self.cap = cap.div_ceil(PAGE) * PAGE;
            start = 0;
        }
        let p = (self.base + start) as *mut u8;
        if !old.is_null() {
            // SAFETY: `old` holds `old_size` bytes from an earlier call; `p` has room for
            // `new_size` bytes and does not overlap it (it lies past the previous allocation).
            unsafe { ptr::copy_nonoverlapping(old, p, old_size.min(new_size)) };
        }
        self.last = start;
        self.used = start + new_size;
        p
    }
}
