//! Name resolution over `wasi:sockets/ip-name-lookup@0.3.0`.

use crate::abi::Ret;
use crate::base::base;
use crate::sockaddr::Addr;
use crate::wasi::sockets as ws;

/// A failed lookup: the `ip-name-lookup` error-code case (access-denied,
/// invalid-argument, name-unresolvable, temporary-resolver-failure,
/// permanent-resolver-failure, other), which the C wrapper turns into an `EAI_*` code.
pub type LookupError = u8;

/// Resolves `name` into at most `out.len()` addresses (port 0); returns how many.
pub fn resolve(name: &[u8], out: &mut [Addr]) -> Result<usize, LookupError> {
    // A name is a WIT string: the host would trap on bytes that are not UTF-8.
    if !crate::abi::utf8_ok(name) {
        return Err(2); // name-unresolvable
    }
    base().arena.reset();
    let mut ret = Ret::new();
    // SAFETY: `name` is valid for its length; `ret` receives
    // `result<list<ip-address>, error-code>` with the list in the import arena.
    unsafe { ws::resolve_addresses(name.as_ptr(), name.len(), ret.ptr()) };
    if ret.u8(0) != 0 {
        return Err(ret.u8(4));
    }
    let (list, len) = (ret.u32(4) as usize, ret.u32(8) as usize);
    let n = len.min(out.len());
    for (i, slot) in out.iter_mut().take(n).enumerate() {
        *slot = Addr::read_wit_ip((list + 18 * i) as *const u8);
    }
    Ok(n)
}
