//! Text without a data section: string literals packed into `u64` immediates at compile
//! time. The adapter may not carry data, and a static program that never prints should
//! not get a memory image for the engine's messages (docs/DECISIONS.md).

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
        $crate::text::Lit(
            const { $crate::text::word($s, 0) },
            const { $crate::text::word($s, 1) },
            const { $crate::text::word($s, 2) },
            const { $crate::text::word($s, 3) },
        )
    }};
}

/// Appends the bytes of `words` (little-endian, up to the first NUL) to `buf` at `*len`.
pub fn append(buf: &mut [u8], len: &mut usize, words: &[u64]) {
    for w in words {
        for k in 0..8 {
            let b = (w >> (8 * k)) as u8;
            if b == 0 || *len == buf.len() {
                return;
            }
            buf[*len] = b;
            *len += 1;
        }
    }
}
