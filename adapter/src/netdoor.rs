//! Behind the socket door (`netgate.rs`): runs its operations on TCP and UDP sockets.

use crate::gate::Builtin;
use crate::netgate::{Op, Out};
use crate::socket;
use crate::stream::Site;
use crate::wasi;

/// Runs `op` on the socket side of the door.
fn inside(op: Op<'_>) -> Out {
    match op {
        Op::Filetype(ofd) => Out::Filetype(socket::filetype(ofd)),
        Op::Read(fd, ofd, iovs) => Out::Count(
            socket::recv(fd, ofd, iovs, socket::RecvFlags::default(), None).map(|(n, _)| n),
        ),
        Op::Write(fd, ofd, iovs) => Out::Count(socket::send(fd, ofd, iovs, false, None)),
        Op::Release(ofd) => Out::Done(socket::release(ofd)),
        Op::Readiness(ofd, write) => Out::Wants(socket::readiness(ofd, write)),
        Op::Deliver(ofd, code, which, payload) => {
            Out::Taken(socket::deliver(ofd, code, which, payload))
        }
        Op::Waitables(ofd) => Out::Waitables(socket::waitables(ofd)),
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
