//! `P3SHIM_TRACE`: an strace-like line on stderr for every preview1 and C ABI call, with
//! the WASIp3 operations the call issued (stream copies, waits, cancellations) below it.
//!
//! Off unless the guest's environment has `P3SHIM_TRACE` set to something other than `0`;
//! when off, each call pays a load and a branch (+8 instructions, measured). The adapter
//! may have no data section, so every text here is packed into immediates at compile
//! time (`lit!`) and numbers are formatted arithmetically; selections among texts go
//! through `black_box` so that LLVM cannot turn them into lookup tables.

use crate::state::state;
use core::hint::black_box;

/// Up to 32 ASCII bytes held in immediates (NUL-padded).
#[derive(Clone, Copy)]
pub struct Lit(pub u64, pub u64, pub u64, pub u64);

/// Bytes `8 * i ..` of `s`, little-endian: evaluated by the compiler, never at run time.
pub const fn word(s: &str, i: usize) -> u64 {
    let b = s.as_bytes();
    let mut w = 0u64;
    let mut k = 0;
    while k < 8 {
        if 8 * i + k < b.len() {
            w |= (b[8 * i + k] as u64) << (8 * k);
        }
        k += 1;
    }
    w
}

/// A string literal as a `Lit`, packed at compile time.
#[macro_export]
macro_rules! lit {
    ($s:expr) => {{
        const _: () = assert!($s.len() <= 32);
        $crate::trace::Lit(
            const { $crate::trace::word($s, 0) },
            const { $crate::trace::word($s, 1) },
            const { $crate::trace::word($s, 2) },
            const { $crate::trace::word($s, 3) },
        )
    }};
}

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
impl Pointee for crate::sockaddr::Addr {
    const CONST: u8 = ADDR;
    const MUT: u8 = ADDR;
}
impl Pointee for i32 {}
impl Pointee for *mut u8 {}
impl Pointee for [u32; 2] {}
impl Pointee for crate::abi::Iovec {}
impl Pointee for crate::abi::Fdstat {}
impl Pointee for crate::abi::Filestat {}
impl Pointee for crate::poll::Subscription {}
impl Pointee for crate::poll::Event {}

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
    state().trace.on
}

/// The tracer's state inside `State` (all-zero: off, nothing pending).
pub struct Tracer {
    pub on: bool,
    /// Set while the tracer writes, so its own stderr output is not traced.
    busy: bool,
    /// WASIp3 operations recorded since the last call line, one per line.
    ops: [u8; 1536],
    ops_len: usize,
    ops_lost: u32,
    /// The program's own stderr output stopped mid-line: a trace line starts a new one.
    mid_line: bool,
}

/// Turns tracing on if the environment asks for it; called once at start-up.
///
/// # Safety
/// `env` must point to `count` lowered `tuple<string, string>` elements.
pub unsafe fn init(env: *const u32, count: usize) {
    for i in 0..count {
        // SAFETY: `env` is the lowered `list<tuple<string, string>>`: (ptr, len) × 2 each.
        let (name, name_len, value_len) =
            unsafe { (*env.add(4 * i), *env.add(4 * i + 1), *env.add(4 * i + 3)) };
        // SAFETY: the name is `name_len` bytes of the lowered list.
        let name = unsafe { core::slice::from_raw_parts(name as *const u8, name_len as usize) };
        if is_trace_var(name) {
            // SAFETY: as above, for the value's first byte, read only if there is one.
            let first = || unsafe { *(*env.add(4 * i + 2) as *const u8) };
            if value_len > 1 || (value_len == 1 && first() != b'0') {
                door(Event::On);
                if !on() {
                    without_tracer();
                }
            }
        }
    }
}

/// `P3SHIM_TRACE` asked for a tracer this program was built without: say so once.
fn without_tracer() {
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
    let iov = crate::abi::Iovec {
        buf: l.buf.as_mut_ptr(),
        len: l.len,
    };
    let _ = crate::stdio::write(crate::fd::Kind::Stderr, &[iov], false);
}

/// Everything the tracer is asked to do: the only way into it from the rest of the engine.
pub enum Event<'a> {
    /// Turn tracing on (`P3SHIM_TRACE` is set).
    On,
    Preview1(Lit, u64, &'a [u64], u16),
    CCall(Lit, u64, &'a [u64], i32),
    Copy(u8, Lit, &'a [u64], u32),
    Cancel(u32, u32),
    Wait(u32, bool, u32, u32, u32),
    WroteStderr(&'a [crate::abi::Iovec], usize),
}

/// The tracer's side of the door.
fn inside(e: Event<'_>) {
    match e {
        Event::On => state().trace.on = true,
        Event::Preview1(name, kinds, vals, result) => preview1_line(name, kinds, vals, result),
        Event::CCall(name, kinds, vals, result) => c_call_line(name, kinds, vals, result),
        Event::Copy(site, op, args, code) => copy(site, op, args, code),
        Event::Cancel(task, code) => cancel_line(task, code),
        Event::Wait(set, blocking, code, which, payload) => {
            wait_line(set, blocking, code, which, payload)
        }
        Event::WroteStderr(iovs, n) => wrote_stderr(iovs, n),
    }
}

// The door (docs/DECISIONS.md, "The tracer only where it was asked for"). Adapter form:
// an export whose body `p3componentize` empties unless `--trace` is given, so that
// wit-component drops the tracer. Static form: a pointer that only `p3shim_trace.o`
// (linked by `p3shim-cc --trace`) sets, so that the linker keeps the tracer only then.
#[cfg(not(feature = "static-shim"))]
fn door(e: Event<'_>) {
    p3shim_gate_trace(&e as *const Event<'_> as *const u8);
}

/// The tracer's door in the adapter form.
#[cfg(not(feature = "static-shim"))]
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn p3shim_gate_trace(e: *const u8) {
    // SAFETY: `door` passes an `Event` that outlives this call; it holds only references
    // and numbers, so the copy read here needs no drop.
    inside(unsafe { core::ptr::read(e as *const Event<'_>) });
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

/// The tracer's side of the door in the static form, named only by `p3shim_trace.o`.
#[cfg(feature = "static-shim")]
#[unsafe(no_mangle)]
pub extern "C" fn p3shim_trace_inside(e: *const u8) {
    // SAFETY: as `p3shim_gate_trace`.
    inside(unsafe { core::ptr::read(e as *const Event<'_>) });
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

/// A line being built on the stack.
struct Line {
    buf: [u8; 400],
    len: usize,
}

impl Line {
    fn new() -> Self {
        Line {
            buf: [0; 400],
            len: 0,
        }
    }

    fn byte(&mut self, b: u8) {
        if self.len < self.buf.len() {
            self.buf[self.len] = b;
            self.len += 1;
        }
    }

    fn lit(&mut self, l: Lit) {
        for w in [l.0, l.1, l.2, l.3] {
            for k in 0..8 {
                let b = (w >> (8 * k)) as u8;
                if b == 0 {
                    return;
                }
                self.byte(b);
            }
        }
    }

    fn dec(&mut self, mut v: u64) {
        let mut digits = [0u8; 20];
        let mut n = 0;
        loop {
            digits[n] = b'0' + (v % 10) as u8;
            n += 1;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        while n > 0 {
            n -= 1;
            self.byte(digits[n]);
        }
    }

    fn signed(&mut self, v: i64) {
        if v < 0 {
            self.byte(b'-');
        }
        self.dec(v.unsigned_abs());
    }

    fn hex_digit(&mut self, d: u8) {
        self.byte(if d < 10 { b'0' + d } else { b'a' + d - 10 });
    }

    fn hex(&mut self, v: u64) {
        self.byte(b'0');
        self.byte(b'x');
        let mut started = false;
        for i in (0..16).rev() {
            let d = ((v >> (4 * i)) & 0xf) as u8;
            started |= d != 0 || i == 0;
            if started {
                self.hex_digit(d);
            }
        }
    }

    /// A guest string, quoted and escaped like C, cut after 64 bytes.
    fn quoted(&mut self, p: *const u8, len: usize) {
        self.byte(b'"');
        for i in 0..len.min(64) {
            // SAFETY: the caller passed (p, len) as a valid guest string.
            let b = unsafe { *p.add(i) };
            if b == b'"' || b == b'\\' {
                self.byte(b'\\');
                self.byte(b);
            } else if (0x20..0x7f).contains(&b) {
                self.byte(b);
            } else {
                self.byte(b'\\');
                self.byte(b'x');
                self.hex_digit(b >> 4);
                self.hex_digit(b & 0xf);
            }
        }
        self.byte(b'"');
        if len > 64 {
            self.lit(lit!("..."));
        }
    }

    fn addr(&mut self, p: *const crate::sockaddr::Addr) {
        if p.is_null() {
            self.lit(lit!("NULL"));
            return;
        }
        // SAFETY: a non-null `Addr` pointer from the C wrappers or the engine.
        let a = unsafe { *p };
        if a.family == crate::sockaddr::V4 {
            for (i, b) in a.addr[..4].iter().enumerate() {
                if i > 0 {
                    self.byte(b'.');
                }
                self.dec(*b as u64);
            }
        } else {
            self.byte(b'[');
            for i in 0..8 {
                if i > 0 {
                    self.byte(b':');
                }
                let w = u16::from_be_bytes([a.addr[2 * i], a.addr[2 * i + 1]]);
                self.hex_digit((w >> 12) as u8);
                self.hex_digit((w >> 8 & 0xf) as u8);
                self.hex_digit((w >> 4 & 0xf) as u8);
                self.hex_digit((w & 0xf) as u8);
            }
            self.byte(b']');
        }
        self.byte(b':');
        self.dec(a.port as u64);
    }

    /// The arguments of a call, each printed by its kind; `done` says whether
    /// out-pointers hold results.
    fn args(&mut self, kinds: u64, vals: &[u64], done: bool) {
        let kind = |i: usize| ((kinds >> (4 * i)) & 0xf) as u8;
        self.byte(b'(');
        let mut i = 0;
        while i < vals.len() {
            if i > 0 {
                self.lit(lit!(", "));
            }
            let v = vals[i];
            match kind(i) {
                SIGNED => self.signed(v as i64),
                STR if i + 1 < vals.len() => {
                    self.quoted(v as usize as *const u8, vals[i + 1] as usize);
                    i += 1;
                    self.lit(lit!(", "));
                    self.dec(vals[i]);
                }
                OUT16 | OUT32 | OUT64 if done && v != 0 => {
                    let p = v as usize;
                    self.byte(b'&');
                    // SAFETY: the call succeeded, so it stored its result through `p`.
                    let out = unsafe {
                        match kind(i) {
                            OUT16 => (p as *const u16).read_unaligned() as u64,
                            OUT32 => (p as *const u32).read_unaligned() as u64,
                            _ => (p as *const u64).read_unaligned(),
                        }
                    };
                    self.dec(out);
                }
                ADDR => self.addr(v as usize as *const crate::sockaddr::Addr),
                DEC => self.dec(v),
                _ => self.hex(v),
            }
            i += 1;
        }
        self.byte(b')');
    }

    fn errno(&mut self, e: u16) {
        let name = errno_name(e);
        if name.0 == 0 {
            self.byte(b'E');
            self.dec(e as u64);
        } else {
            self.lit(name);
        }
    }

    /// Writes the line and the operations recorded under it to stderr.
    fn emit(mut self) {
        self.byte(b'\n');
        let tr = &mut state().trace;
        tr.busy = true;
        if core::mem::take(&mut tr.mid_line) {
            let nl = black_box(b'\n');
            write_stderr(&nl, 1);
        }
        let ops = (tr.ops.as_ptr(), tr.ops_len);
        let lost = tr.ops_lost;
        write_stderr(self.buf.as_ptr(), self.len);
        write_stderr(ops.0, ops.1);
        if lost > 0 {
            let mut more = Line::new();
            more.lit(lit!("  ... "));
            more.dec(lost as u64);
            more.lit(lit!(" more operations\n"));
            write_stderr(more.buf.as_ptr(), more.len);
        }
        let tr = &mut state().trace;
        tr.ops_len = 0;
        tr.ops_lost = 0;
        tr.busy = false;
    }
}

fn write_stderr(p: *const u8, len: usize) {
    if len > 0 {
        let iov = crate::abi::Iovec {
            buf: p as *mut u8,
            len,
        };
        let _ = crate::stdio::write(crate::fd::Kind::Stderr, &[iov], false);
    }
}

/// Notes whether the program's `n` bytes written to stderr from `iovs` ended a line.
#[inline(never)]
pub fn program_wrote_stderr(iovs: &[crate::abi::Iovec], n: usize) {
    door(Event::WroteStderr(iovs, n));
}

fn wrote_stderr(iovs: &[crate::abi::Iovec], n: usize) {
    if state().trace.busy || n == 0 {
        return;
    }
    let mut left = n;
    let mut last = b'\n';
    for iov in iovs {
        let take = iov.len.min(left);
        if take > 0 {
            // SAFETY: `take` bytes of this iovec were just written, so they are readable.
            last = unsafe { *iov.buf.add(take - 1) };
        }
        left -= take;
    }
    state().trace.mid_line = last != b'\n';
}

/// The line for a finished preview1 call: `name(args) = 0` or `= ENOENT`.
#[inline(never)]
pub fn preview1(name: Lit, kinds: u64, vals: &[u64], result: u16) {
    door(Event::Preview1(name, kinds, vals, result));
}

fn preview1_line(name: Lit, kinds: u64, vals: &[u64], result: u16) {
    call_line(name, kinds, vals, result == 0, |l| {
        if result == 0 {
            l.byte(b'0');
        } else {
            l.errno(result);
        }
    });
}

/// The line for a finished C ABI call (`>= 0`, or a negated errno).
#[inline(never)]
pub fn c_call(name: Lit, kinds: u64, vals: &[u64], result: i32) {
    door(Event::CCall(name, kinds, vals, result));
}

fn c_call_line(name: Lit, kinds: u64, vals: &[u64], result: i32) {
    call_line(name, kinds, vals, result >= 0, |l| {
        if result >= 0 || result <= -1000 {
            l.signed(result as i64);
        } else {
            l.lit(lit!("-1 "));
            l.errno((-result) as u16);
        }
    });
}

/// `name(args) = ` and the result as `result` prints it; `done` says whether the call
/// succeeded, so that out-pointers hold values.
fn call_line(name: Lit, kinds: u64, vals: &[u64], done: bool, result: impl FnOnce(&mut Line)) {
    if state().trace.busy {
        return;
    }
    let mut l = Line::new();
    l.lit(name);
    l.args(kinds, vals, done);
    l.lit(lit!(" = "));
    result(&mut l);
    l.emit();
}

/// Appends an operation line to the pending list.
fn record(l: &Line) {
    let tr = &mut state().trace;
    if tr.ops_len + l.len + 1 > tr.ops.len() {
        tr.ops_lost += 1;
        return;
    }
    tr.ops[tr.ops_len..tr.ops_len + l.len].copy_from_slice(&l.buf[..l.len]);
    tr.ops[tr.ops_len + l.len] = b'\n';
    tr.ops_len += l.len + 1;
}

fn op_line() -> Option<Line> {
    if state().trace.busy {
        return None;
    }
    let mut l = Line::new();
    l.lit(lit!("  p3 "));
    Some(l)
}

/// A packed copy result: `BLOCKED`, or `COMPLETED n` / `DROPPED n` / `CANCELLED n`.
fn copy_result(l: &mut Line, code: u32) {
    if code == crate::wasi::BLOCKED {
        l.lit(lit!("BLOCKED"));
        return;
    }
    l.lit(match code & 0xf {
        0 => black_box(lit!("COMPLETED ")),
        1 => black_box(lit!("DROPPED ")),
        _ => black_box(lit!("CANCELLED ")),
    });
    l.dec((code >> 4) as u64);
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

/// The line for one stream operation: `stdout.stream_write(7, 0x1f00, 6) = ...`.
fn copy(site: u8, op: Lit, args: &[u64], code: u32) {
    let Some(mut l) = op_line() else { return };
    l.lit(site_name(site));
    l.byte(b'.');
    l.lit(op);
    l.args(kinds(&[DEC, PTR, DEC]), args, false);
    l.lit(lit!(" = "));
    copy_result(&mut l, code);
    record(&l);
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

fn cancel_line(task: u32, code: u32) {
    let Some(mut l) = op_line() else { return };
    l.lit(lit!("subtask.cancel"));
    l.args(0, &[task as u64], false);
    l.lit(lit!(" = "));
    l.dec(code as u64);
    record(&l);
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

fn wait_line(set: u32, blocking: bool, code: u32, which: u32, payload: u32) {
    let Some(mut l) = op_line() else { return };
    l.lit(if blocking {
        black_box(lit!("waitable-set.wait"))
    } else {
        black_box(lit!("waitable-set.poll"))
    });
    l.args(0, &[set as u64], false);
    l.lit(lit!(" = "));
    l.lit(match code {
        0 => black_box(lit!("none")),
        1 => black_box(lit!("subtask ")),
        2 => black_box(lit!("stream-read ")),
        3 => black_box(lit!("stream-write ")),
        4 => black_box(lit!("future-read ")),
        5 => black_box(lit!("future-write ")),
        _ => black_box(lit!("cancelled ")),
    });
    match code {
        0 => {}
        1 => {
            l.dec(which as u64);
            l.lit(lit!(" state "));
            l.dec(payload as u64);
        }
        _ => {
            l.dec(which as u64);
            l.byte(b' ');
            copy_result(&mut l, payload);
        }
    }
    record(&l);
}

fn site_name(site: u8) -> Lit {
    use crate::stream::Site;
    match site {
        s if s == Site::FsRead as u8 => black_box(lit!("file-read")),
        s if s == Site::FsWrite as u8 => black_box(lit!("file-write")),
        s if s == Site::FsAppend as u8 => black_box(lit!("file-append")),
        s if s == Site::Stdin as u8 => black_box(lit!("stdin")),
        s if s == Site::Stdout as u8 => black_box(lit!("stdout")),
        s if s == Site::Stderr as u8 => black_box(lit!("stderr")),
        s if s == Site::FsReaddir as u8 => black_box(lit!("readdir")),
        s if s == Site::TcpSend as u8 => black_box(lit!("tcp-send")),
        s if s == Site::TcpRecv as u8 => black_box(lit!("tcp-recv")),
        s if s == SITE_LISTEN => black_box(lit!("tcp-listen")),
        _ => black_box(lit!("stream")),
    }
}

/// The accept stream of a listening socket (not a `stream::Site`: it carries sockets).
pub const SITE_LISTEN: u8 = 100;

/// The name of a preview1 errno (`Lit(0, ..)` for an unknown value).
fn errno_name(e: u16) -> Lit {
    use crate::errno::*;
    match e {
        E2BIG => black_box(lit!("E2BIG")),
        EACCES => black_box(lit!("EACCES")),
        EADDRINUSE => black_box(lit!("EADDRINUSE")),
        EADDRNOTAVAIL => black_box(lit!("EADDRNOTAVAIL")),
        EAFNOSUPPORT => black_box(lit!("EAFNOSUPPORT")),
        EAGAIN => black_box(lit!("EAGAIN")),
        EALREADY => black_box(lit!("EALREADY")),
        EBADF => black_box(lit!("EBADF")),
        EBUSY => black_box(lit!("EBUSY")),
        ECONNABORTED => black_box(lit!("ECONNABORTED")),
        ECONNREFUSED => black_box(lit!("ECONNREFUSED")),
        ECONNRESET => black_box(lit!("ECONNRESET")),
        EDEADLK => black_box(lit!("EDEADLK")),
        EDESTADDRREQ => black_box(lit!("EDESTADDRREQ")),
        EDQUOT => black_box(lit!("EDQUOT")),
        EEXIST => black_box(lit!("EEXIST")),
        EFAULT => black_box(lit!("EFAULT")),
        EFBIG => black_box(lit!("EFBIG")),
        EHOSTUNREACH => black_box(lit!("EHOSTUNREACH")),
        EILSEQ => black_box(lit!("EILSEQ")),
        EINPROGRESS => black_box(lit!("EINPROGRESS")),
        EINTR => black_box(lit!("EINTR")),
        EINVAL => black_box(lit!("EINVAL")),
        EIO => black_box(lit!("EIO")),
        EISCONN => black_box(lit!("EISCONN")),
        EISDIR => black_box(lit!("EISDIR")),
        ELOOP => black_box(lit!("ELOOP")),
        EMFILE => black_box(lit!("EMFILE")),
        EMLINK => black_box(lit!("EMLINK")),
        EMSGSIZE => black_box(lit!("EMSGSIZE")),
        ENAMETOOLONG => black_box(lit!("ENAMETOOLONG")),
        ENFILE => black_box(lit!("ENFILE")),
        ENODEV => black_box(lit!("ENODEV")),
        ENOENT => black_box(lit!("ENOENT")),
        ENOLCK => black_box(lit!("ENOLCK")),
        ENOMEM => black_box(lit!("ENOMEM")),
        ENOPROTOOPT => black_box(lit!("ENOPROTOOPT")),
        ENOSPC => black_box(lit!("ENOSPC")),
        ENOTCONN => black_box(lit!("ENOTCONN")),
        ENOTDIR => black_box(lit!("ENOTDIR")),
        ENOTEMPTY => black_box(lit!("ENOTEMPTY")),
        ENOTRECOVERABLE => black_box(lit!("ENOTRECOVERABLE")),
        ENOTSOCK => black_box(lit!("ENOTSOCK")),
        ENOTSUP => black_box(lit!("ENOTSUP")),
        ENOTTY => black_box(lit!("ENOTTY")),
        ENXIO => black_box(lit!("ENXIO")),
        EOVERFLOW => black_box(lit!("EOVERFLOW")),
        EPERM => black_box(lit!("EPERM")),
        EPIPE => black_box(lit!("EPIPE")),
        EPROTONOSUPPORT => black_box(lit!("EPROTONOSUPPORT")),
        EPROTOTYPE => black_box(lit!("EPROTOTYPE")),
        EROFS => black_box(lit!("EROFS")),
        ESPIPE => black_box(lit!("ESPIPE")),
        ETIMEDOUT => black_box(lit!("ETIMEDOUT")),
        ETXTBSY => black_box(lit!("ETXTBSY")),
        EXDEV => black_box(lit!("EXDEV")),
        ENOTCAPABLE => black_box(lit!("ENOTCAPABLE")),
        _ => Lit(0, 0, 0, 0),
    }
}
