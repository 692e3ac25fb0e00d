//! Socket addresses: the engine's `Addr` (shared with the C wrappers, which translate
//! `struct sockaddr_in`/`sockaddr_in6` to it) and the canonical-ABI forms of
//! `wasi:sockets` `ip-socket-address` and `ip-address`.

use crate::errno::{self, Errno};
use crate::wasi::sockets::Flat;

pub const V4: u16 = 4;
pub const V6: u16 = 6;

/// An IPv4 or IPv6 socket address. `addr` holds the address bytes in network order (IPv4
/// in the first four); `port` is in host order.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct Addr {
    pub family: u16,
    pub port: u16,
    pub flowinfo: u32,
    pub addr: [u8; 16],
    pub scope_id: u32,
}

/// The WIT `ip-address-family` case of `family`.
pub fn wit_family(family: u16) -> Result<u32, Errno> {
    match family {
        V4 => Ok(0),
        V6 => Ok(1),
        _ => Err(errno::EAFNOSUPPORT),
    }
}

fn word(a: &Addr, i: usize) -> u32 {
    u16::from_be_bytes([a.addr[2 * i], a.addr[2 * i + 1]]) as u32
}

fn set_word(a: &mut Addr, i: usize, w: u16) {
    let [hi, lo] = w.to_be_bytes();
    a.addr[2 * i] = hi;
    a.addr[2 * i + 1] = lo;
}

impl Addr {
    /// Reads an `Addr` passed by the C wrappers; null or a bad family is `EINVAL`/`EAFNOSUPPORT`.
    pub fn from_ptr(p: *const Addr) -> Result<Addr, Errno> {
        if p.is_null() {
            return Err(errno::EFAULT);
        }
        // SAFETY: the C wrapper passes a valid `struct p3shim_addr`.
        let a = unsafe { *p };
        wit_family(a.family)?;
        Ok(a)
    }

    /// The flattened `ip-socket-address` (discriminant, then 11 payload words).
    pub fn flat(&self) -> Flat {
        let mut f = [0u32; 12];
        f[1] = self.port as u32;
        if self.family == V4 {
            for i in 0..4 {
                f[2 + i] = self.addr[i] as u32;
            }
        } else {
            f[0] = 1;
            f[2] = self.flowinfo;
            for i in 0..8 {
                f[3 + i] = word(self, i);
            }
            f[11] = self.scope_id;
        }
        f
    }

    /// Writes the `ip-socket-address` memory form (32 bytes, align 4) at `p`.
    pub fn write_wit(&self, p: *mut u8) {
        // SAFETY: callers pass a 4-aligned area of at least 32 bytes.
        unsafe {
            core::ptr::write_bytes(p, 0, 32);
            *p.add(4).cast::<u16>() = self.port;
            if self.family == V4 {
                core::ptr::copy_nonoverlapping(self.addr.as_ptr(), p.add(6), 4);
            } else {
                *p = 1;
                *p.add(8).cast::<u32>() = self.flowinfo;
                for i in 0..8 {
                    *p.add(12 + 2 * i).cast::<u16>() = word(self, i) as u16;
                }
                *p.add(28).cast::<u32>() = self.scope_id;
            }
        }
    }

    /// Reads the `ip-socket-address` memory form at `p`.
    pub fn read_wit(p: *const u8) -> Addr {
        let mut a = Addr::default();
        // SAFETY: `p` holds an `ip-socket-address` the host wrote (32 bytes, align 4).
        unsafe {
            a.port = *p.add(4).cast::<u16>();
            if *p == 0 {
                a.family = V4;
                core::ptr::copy_nonoverlapping(p.add(6), a.addr.as_mut_ptr(), 4);
            } else {
                a.family = V6;
                a.flowinfo = *p.add(8).cast::<u32>();
                for i in 0..8 {
                    set_word(&mut a, i, *p.add(12 + 2 * i).cast::<u16>());
                }
                a.scope_id = *p.add(28).cast::<u32>();
            }
        }
        a
    }

    /// Reads an `ip-address` list element (18 bytes, align 2) at `p`, port 0.
    pub fn read_wit_ip(p: *const u8) -> Addr {
        let mut a = Addr::default();
        // SAFETY: `p` holds an `ip-address` the host wrote.
        unsafe {
            if *p == 0 {
                a.family = V4;
                core::ptr::copy_nonoverlapping(p.add(2), a.addr.as_mut_ptr(), 4);
            } else {
                a.family = V6;
                for i in 0..8 {
                    set_word(&mut a, i, *p.add(2 + 2 * i).cast::<u16>());
                }
            }
        }
        a
    }
}

impl crate::trace::Pointee for Addr {
    const CONST: u8 = crate::trace::ADDR;
    const MUT: u8 = crate::trace::ADDR;
}
