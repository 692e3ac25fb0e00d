//! Behind the socket door (`netgate.rs`): runs its operations on TCP and UDP sockets.

use crate::gate::Builtin;
use crate::net::{self, Sock};
use crate::netgate::{self, Op, Out, SocketState};
use crate::socket::RecvFlags;
use crate::stream::Site;
use crate::tcp::Tcp;
use crate::udp::Udp;
use crate::wasi;

impl SocketState for Tcp {
    const TCP: bool = true;
}

impl SocketState for Udp {
    const TCP: bool = false;
}

/// The socket state the door carried.
fn sock<'a>(s: netgate::Sock) -> Sock<'a> {
    // SAFETY: `netgate` builds a `Sock` only from a `Tcp` (`tcp` true) or a `Udp`, the two
    // `SocketState`s, borrowed for the door call.
    unsafe {
        if s.tcp {
            Sock::Tcp(&mut *(s.at as *mut Tcp))
        } else {
            Sock::Udp(&mut *(s.at as *mut Udp))
        }
    }
}

/// Runs `op` on the socket side of the door.
fn inside(op: Op<'_>) -> Out {
    match op {
        Op::Read(s, fdflags, iovs) => Out::Count(
            net::recv(&mut sock(s), fdflags, iovs, RecvFlags::default(), None).map(|(n, _)| n),
        ),
        Op::Write(s, fdflags, iovs) => {
            Out::Count(net::send(&mut sock(s), fdflags, iovs, false, None))
        }
        Op::Release(s) => Out::Done(net::release(&mut sock(s))),
        Op::Readiness(s, write) => Out::Wants(net::readiness(&mut sock(s), write)),
        Op::Deliver(s, code, which, payload) => {
            Out::Taken(net::deliver(&mut sock(s), code, which, payload))
        }
        Op::Waitables(s) => Out::Waitables(net::waitables(&mut sock(s))),
        Op::DropTcp(handle) => {
            // SAFETY: the caller owns the socket handle and nothing uses it any more.
            unsafe { wasi::sockets::tcp_drop(handle) };
            Out::Done(Ok(()))
        }
        Op::Builtin(site, f, a) => Out::Code(builtin_inside(site, f, a)),
    }
}

/// Calls built-in `f` of a socket stream's site (inside the door).
fn builtin_inside(site: Site, f: Builtin, a: [u64; 3]) -> u64 {
    match site {
        Site::TcpSend => crate::gate::site_builtin!(tcp_send, f, a),
        Site::TcpRecv => crate::gate::site_builtin!(tcp_recv, f, a),
        _ => crate::fatal!("p3shim: a socket built-in on another site"),
    }
}

crate::gate::door_inside!(netgate, net_door, p3shim_gate_net, inside);
