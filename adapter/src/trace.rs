//! `P3SHIM_TRACE`: an strace-like line on stderr for every preview1 and C ABI call, with
//! the WASIp3 operations the call issued (stream copies, waits, cancellations) below it.
//!
//! Off unless the guest's environment has `P3SHIM_TRACE` set to something other than `0`;
//! when off, each call pays a load and a branch (+8 instructions, measured). The adapter
//! may have no data section, so every text here is packed into immediates at compile
//! time (`lit!`) and numbers are formatted arithmetically; selections among texts go
//! through `black_box` so that LLVM cannot turn them into lookup tables.

use crate::base::base;
use crate::lit;

pub use crate::text::{Lit, word};

/// Defines C ABI entry points (`#[no_mangle]`, returning a value `>= 0` or a negated
/// errno) whose calls are traced.
#[macro_export]
macro_rules! c_entry {
    ($(#[$m:meta])* fn $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty $body:block) => {
        $(#[$m])*
        #[unsafe(no_mangle)]
        pub extern "C" fn $name($($arg: $ty),*) -> $ret {
            #[allow(clippy::redundant_closure_call)]
            let result: $ret = (|| $body)();
            if $crate::trace::on() {
                const KINDS: u64 = $crate::trace::kinds(&[$(<$ty as $crate::trace::Arg>::KIND),*]);
                let args = [$($crate::trace::Arg::raw(&$arg)),*];
                $crate::trace::c_call($crate::lit!(stringify!($name)), KINDS, &args, result as i32);
            }
            result
        }
    };
}

/// How an argument is printed.
pub const DEC: u8 = 0;
pub const SIGNED: u8 = 1;
pub const PTR: u8 = 2;
/// A `*const u8` whose length is the next argument: printed as a quoted string.
pub const STR: u8 = 3;
/// Out-pointers: after a successful call, the value stored there.
pub const OUT16: u8 = 4;
pub const OUT32: u8 = 5;
pub const OUT64: u8 = 6;
/// A `struct p3shim_addr` pointer: printed as `address:port`.
pub const ADDR: u8 = 7;

/// An argument the tracer knows how to print.
pub trait Arg {
    const KIND: u8;
    fn raw(&self) -> u64;
}

macro_rules! int_args {
    ($kind:expr, $($t:ty),*) => {$(
        impl Arg for $t {
            const KIND: u8 = $kind;
            fn raw(&self) -> u64 {
                *self as i64 as u64
            }
        }
    )*};
}
int_args!(DEC, u8, u16, u32, u64, usize);
int_args!(SIGNED, i32, i64);

impl Arg for crate::abi::Rights {
    const KIND: u8 = PTR;
    fn raw(&self) -> u64 {
        self.0
    }
}

/// What a pointer to `Self` prints as, through `*const` and through `*mut`.
pub trait Pointee {
    const CONST: u8 = PTR;
    const MUT: u8 = PTR;
}

impl<T: Pointee> Arg for *const T {
    const KIND: u8 = T::CONST;
    fn raw(&self) -> u64 {
        *self as usize as u64
    }
}

impl<T: Pointee> Arg for *mut T {
    const KIND: u8 = T::MUT;
    fn raw(&self) -> u64 {
        *self as usize as u64
    }
}

impl Pointee for u8 {
    const CONST: u8 = STR;
}
impl Pointee for u16 {
    const MUT: u8 = OUT16;
}
impl Pointee for u32 {
    const MUT: u8 = OUT32;
}
impl Pointee for usize {
    const MUT: u8 = OUT32;
}
impl Pointee for u64 {
    const MUT: u8 = OUT64;
}
impl Pointee for i32 {}
impl Pointee for *mut u8 {}
impl Pointee for [u32; 2] {}
impl Pointee for crate::abi::Iovec {}
impl Pointee for crate::abi::Fdstat {}
impl Pointee for crate::abi::Filestat {}

/// The kinds of up to 16 arguments, four bits each, for one shared formatter.
pub const fn kinds(k: &[u8]) -> u64 {
    let mut packed = 0u64;
    let mut i = 0;
    while i < k.len() {
        packed |= (k[i] as u64) << (4 * i);
        i += 1;
    }
    packed
}

/// Whether tracing is on. The one cost paid when it is off.
#[inline(always)]
pub fn on() -> bool {
    base().trace.on
}

/// Before the program starts: the tracer, if this program has one, reads the environment
/// and turns itself on (`Event::Start`); without it nothing happens, and the descriptor
/// table checks the environment when it is first filled (`desc.rs`), so a program that
/// never touches a descriptor does not read it.
pub fn start() {
    door(Event::Start);
}

/// Whether the environment asks for tracing (`P3SHIM_TRACE` set, and not to `0`).
///
/// # Safety
/// `env` must point to `count` lowered `tuple<string, string>` elements.
pub unsafe fn wants(env: *const u32, count: usize) -> bool {
    for i in 0..count {
        // SAFETY: `env` is the lowered `list<tuple<string, string>>`: (ptr, len) × 2 each.
        let (name, name_len, value_len) =
            unsafe { (*env.add(4 * i), *env.add(4 * i + 1), *env.add(4 * i + 3)) };
        // SAFETY: the name is `name_len` bytes of the lowered list.
        let name = unsafe { core::slice::from_raw_parts(name as *const u8, name_len as usize) };
        if is_trace_var(name) {
            // SAFETY: as above, for the value's first byte, read only if there is one.
            let first = || unsafe { *(*env.add(4 * i + 2) as *const u8) };
            return value_len > 1 || (value_len == 1 && first() != b'0');
        }
    }
    false
}

/// The note the table prints when the environment asks for a tracer this program lacks.
pub fn missing_line() -> Line {
    let mut l = Line::new();
    for part in [
        lit!("p3shim: P3SHIM_TRACE is set, but"),
        lit!(" this program was built without"),
        lit!(" the tracer (rebuild with "),
        lit!("p3shim-adapt --trace or "),
        lit!("p3shim-cc --trace)\n"),
    ] {
        l.lit(part);
    }
    l
}

/// A line being built on the stack (the tracer's, and the notice that it is missing).
pub struct Line {
    pub buf: [u8; 400],
    pub len: usize,
}

impl Line {
    #[allow(clippy::new_without_default)] // built where a line is written, never defaulted
    pub fn new() -> Self {
        Line {
            buf: [0; 400],
            len: 0,
        }
    }

    pub fn byte(&mut self, b: u8) {
        if self.len < self.buf.len() {
            self.buf[self.len] = b;
            self.len += 1;
        }
    }

    pub fn lit(&mut self, l: Lit) {
        crate::text::append(&mut self.buf, &mut self.len, &[l.0, l.1, l.2, l.3]);
    }
}

/// Everything the tracer is asked to do: the only way into it from the rest of the engine.
pub enum Event<'a> {
    /// The program is about to start: read the environment, turn on if it asks.
    Start,
    Preview1(Lit, u64, &'a [u64], u16),
    CCall(Lit, u64, &'a [u64], i32),
    Copy(u8, Lit, &'a [u64], u32),
    Cancel(u32, u32),
    Wait(u32, bool, u32, u32, u32),
    WroteStderr(&'a [crate::abi::Iovec], usize),
}

// The door (docs/DECISIONS.md, "The tracer only where it was asked for"). Adapter form:
// an export whose body `p3componentize` empties unless `--trace` is given, so that
// wit-component drops the tracer. Static form: a pointer that only `p3shim_trace.o`
// (linked by `p3shim-cc --trace`) sets, so that the linker keeps the tracer only then.
#[cfg(not(feature = "static-shim"))]
unsafe extern "C" {
    /// The tracer's export (`tracer.rs`), named here rather than imported: the tracer
    /// formats with the layers above this one.
    fn p3shim_gate_trace(e: *const u8);
}

#[cfg(not(feature = "static-shim"))]
fn door(e: Event<'_>) {
    // SAFETY: the export reads the `Event` during the call.
    unsafe { p3shim_gate_trace(&e as *const Event<'_> as *const u8) };
}

#[cfg(feature = "static-shim")]
unsafe extern "C" {
    /// `p3shim_trace_inside` when `p3shim_trace.o` is linked, else null (the glue's weak
    /// definition).
    static p3shim_tracer: Option<unsafe extern "C" fn(*const u8)>;
}

#[cfg(feature = "static-shim")]
fn door(e: Event<'_>) {
    // SAFETY: the pointer is written only at link time.
    if let Some(tracer) = unsafe { p3shim_tracer } {
        // SAFETY: `tracer` is `p3shim_trace_inside`, which reads the `Event` during the call.
        unsafe { tracer(&e as *const Event<'_> as *const u8) };
    }
}

/// `name == "P3SHIM_TRACE"`, compared against immediates.
fn is_trace_var(name: &[u8]) -> bool {
    let want = lit!("P3SHIM_TRACE");
    name.len() == 12
        && u64::from_le_bytes([
            name[0], name[1], name[2], name[3], name[4], name[5], name[6], name[7],
        ]) == want.0
        && u32::from_le_bytes([name[8], name[9], name[10], name[11]]) as u64 == want.1
}

/// Notes whether the program's `n` bytes written to stderr from `iovs` ended a line.
#[inline(never)]
pub fn program_wrote_stderr(iovs: &[crate::abi::Iovec], n: usize) {
    door(Event::WroteStderr(iovs, n));
}

/// The line for a finished preview1 call: `name(args) = 0` or `= ENOENT`.
#[inline(never)]
pub fn preview1(name: Lit, kinds: u64, vals: &[u64], result: u16) {
    door(Event::Preview1(name, kinds, vals, result));
}

/// The line for a finished C ABI call (`>= 0`, or a negated errno).
#[inline(never)]
pub fn c_call(name: Lit, kinds: u64, vals: &[u64], result: i32) {
    door(Event::CCall(name, kinds, vals, result));
}

/// Records a stream or future built-in on a site's stream, when tracing is on; the check
/// is inlined so that callers pay only a load and a branch when it is off.
#[inline(always)]
pub fn stream_op(site: u8, op: Lit, args: &[u64], code: u32) {
    if on() {
        copy_event(site, op, args, code);
    }
}

#[inline(never)]
fn copy_event(site: u8, op: Lit, args: &[u64], code: u32) {
    door(Event::Copy(site, op, args, code));
}

/// Records a subtask cancellation and its result, when tracing is on.
#[inline(always)]
pub fn cancel(task: u32, code: u32) {
    if on() {
        cancel_event(task, code);
    }
}

#[inline(never)]
fn cancel_event(task: u32, code: u32) {
    door(Event::Cancel(task, code));
}

/// Records an event delivered by `waitable-set.wait` (or `.poll`, when `blocking` is
/// false), when tracing is on.
#[inline(always)]
pub fn wait(set: u32, blocking: bool, code: u32, which: u32, payload: u32) {
    if on() {
        wait_event(set, blocking, code, which, payload);
    }
}

#[inline(never)]
fn wait_event(set: u32, blocking: bool, code: u32, which: u32, payload: u32) {
    door(Event::Wait(set, blocking, code, which, payload));
}

/// The accept stream of a listening socket (not a `stream::Site`: it carries sockets).
pub const SITE_LISTEN: u8 = 100;
