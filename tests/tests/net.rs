//! Sockets and name resolution on loopback, through both delivery forms: the static shim
//! (`libp3shim.a`) and the adapter (with `p3shim_net.o`, the same socket API over the
//! adapter's exports), plus wasip1 programs that use only preview1 `sock_*` calls.

use p3shim_tests::{Run, both_forms};

fn lines(s: &str) -> Vec<String> {
    s.lines().map(str::to_string).collect()
}

both_forms! {
    fn nonblocking_tcp_echo_server_and_clients_in_one_poll_loop(form) {
        let out = Run::c("tcp_self_echo", form).net().run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "ipv4: 8 clients echoed 262144 bytes each, accepted 8",
            "ipv6: 8 clients echoed 262144 bytes each, accepted 8",
        ]);
    }

    fn tcp_bytes_straight_to_and_from_program_buffers_keep_every_guarantee(form) {
        let out = Run::c("tcp_direct", form).net().run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "poll, then recv(64 KiB): 100000 bytes in order, EOF after them",
            "recvs of 1 to 70000 bytes after poll: 1010000 bytes in order",
            "after a recv empties the socket: poll waits (10, 16384, 16385, 65536, 70000 bytes)",
            "1000 one-byte blocking recvs, then poll and recv(64 KiB): 10000 bytes in order",
            "EAGAIN, then 45000 bytes through poll, blocking recv, MSG_PEEK and MSG_WAITALL",
            "non-blocking sends to a peer that stopped reading: partial counts, EAGAIN, \
             POLLOUT waits, every byte sent arrives once, then EOF",
        ]);
    }
}

/// An echo peer on the host: accepts one connection, echoes until EOF, then closes.
fn host_echo_peer(addr: &str) -> (u16, std::thread::JoinHandle<()>) {
    let l = std::net::TcpListener::bind(addr).unwrap();
    let port = l.local_addr().unwrap().port();
    let t = std::thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        let mut buf = [0u8; 4096];
        loop {
            match std::io::Read::read(&mut s, &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => std::io::Write::write_all(&mut s, &buf[..n]).unwrap(),
            }
        }
    });
    (port, t)
}

/// A host peer that resets its one connection (SO_LINGER 0, then close) on the first byte.
fn host_resetting_peer() -> (u16, std::thread::JoinHandle<()>) {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let t = std::thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        let mut b = [0u8; 1];
        std::io::Read::read_exact(&mut s, &mut b).unwrap();
        p3shim_tests::reset_on_close(&s);
    });
    (port, t)
}

/// A port that is free on 127.0.0.1 right now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

both_forms! {
    fn blocking_client_against_a_host_echo_peer_over_ipv4_and_ipv6(form) {
        for (addr, fam) in [("127.0.0.1:0", "4"), ("[::1]:0", "6")] {
            let (port, peer) = host_echo_peer(addr);
            let out = Run::c("tcp_client", form)
                .arg(port.to_string())
                .arg(fam)
                .net()
                .run()
                .success();
            peer.join().unwrap();
            assert_eq!(lines(&out.stdout_str()), [
                "connected: peer port matches, local port assigned",
                "peeked then read: hello",
                "scatter-gather: abcd|efghi",
                "SO_RCVTIMEO 200 ms: EAGAIN after about 200 ms",
                "after shutdown: read bye then EOF",
                "poll at EOF: POLLIN POLLHUP",
            ], "family {fam}");
        }
    }

    fn transfer_of_64_mib_each_way_arrives_intact(form) {
        const TOTAL: usize = 64 << 20;
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let peer = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            let mut got = Vec::with_capacity(TOTAL);
            std::io::Read::read_to_end(&mut s, &mut got).unwrap();
            let back: Vec<u8> = (0..TOTAL).map(|i| (i * 7 + (i >> 10)) as u8).collect();
            std::io::Write::write_all(&mut s, &back).unwrap();
            (got, back)
        });
        let out = Run::c("tcp_bulk", form).arg(port.to_string()).net().run().success();
        let (got, back) = peer.join().unwrap();
        let sent: Vec<u8> = (0..TOTAL).map(|i| (i * 131 + (i >> 12)) as u8).collect();
        assert!(got == sent, "the host received different bytes");
        assert_eq!(lines(&out.stdout_str()), [
            format!("sent {TOTAL} bytes, checksum {:08x}", p3shim_tests::fnv1a(&sent)),
            format!("received {TOTAL} bytes, checksum {:08x}", p3shim_tests::fnv1a(&back)),
        ]);
    }

    fn guest_server_serves_64_concurrent_host_clients(form) {
        const CLIENTS: usize = 64;
        let port = free_port();
        let run = Run::c("tcp_server", form)
            .arg(port.to_string())
            .arg(CLIENTS.to_string())
            .net();
        let server = std::thread::spawn(move || run.run());
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(CLIENTS));
        let clients: Vec<_> = (0..CLIENTS)
            .map(|i| {
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
                    let mut s = loop {
                        match std::net::TcpStream::connect(("127.0.0.1", port)) {
                            Ok(s) => break s,
                            Err(_) if std::time::Instant::now() < deadline => {
                                std::thread::sleep(std::time::Duration::from_millis(20))
                            }
                            Err(e) => panic!("client {i}: {e}"),
                        }
                    };
                    // Every client is connected before any finishes.
                    barrier.wait();
                    let msg: Vec<u8> = (0..5000).map(|k| (k * 3 + i) as u8).collect();
                    std::io::Write::write_all(&mut s, &msg).unwrap();
                    s.shutdown(std::net::Shutdown::Write).unwrap();
                    let mut back = Vec::new();
                    std::io::Read::read_to_end(&mut s, &mut back).unwrap();
                    assert!(back == msg, "client {i} got {} bytes back", back.len());
                })
            })
            .collect();
        for c in clients {
            c.join().unwrap();
        }
        let out = server.join().unwrap().success();
        assert_eq!(lines(&out.stdout_str()), [
            "listening".to_string(),
            format!("served {CLIENTS} connections, echoed {} bytes, several at once", CLIENTS * 5000),
        ]);
    }
}

both_forms! {
    fn udp_round_trips_connected_and_unconnected_over_ipv4_and_ipv6(form) {
        for fam in ["4", "6"] {
            let out = Run::c("udp", form).arg(fam).net().run().success();
            assert_eq!(lines(&out.stdout_str()), [
                "unconnected: ping/pong, sender port reported",
                "connected: send/recv and read/write",
                "peek then read: peekme",
                "truncated: MSG_TRUNC set",
                "one datagram: scatter-gather",
                "non-blocking: EAGAIN, poll timeout, then POLLIN",
                "errors: EMSGSIZE, EISCONN, ENOTCONN after AF_UNSPEC, EOPNOTSUPP",
            ], "family {fam}");
        }
    }

    fn socket_errors_are_the_ones_servers_expect(form) {
        let (port, peer) = host_resetting_peer();
        let out = Run::c("net_errors", form).arg(port.to_string()).net().run().success();
        peer.join().unwrap();
        assert_eq!(lines(&out.stdout_str()), [
            "ECONNREFUSED (blocking, and non-blocking: EINPROGRESS, EALREADY, SO_ERROR)",
            "EADDRINUSE, EADDRNOTAVAIL, EAFNOSUPPORT",
            "ENOTCONN, EINVAL for accept without listen",
            "EISCONN, peer close: EOF and POLLHUP, then EPIPE on write",
            "peer reset: ECONNRESET on read, EPIPE on write",
            "ENOTSOCK on a file, EBADF after close",
            "options: keepalive, keepidle/intvl/cnt, nodelay, ttl, buffers, reuseaddr, type, domain, acceptconn, v6only, hops",
        ]);
    }

    fn name_resolution_and_numeric_forms(form) {
        let out = Run::c("dns", form).net().run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "localhost: resolves to loopback: yes",
            "numeric forms, services, AI_PASSIVE: ok",
            "errors: Name does not resolve; Unrecognized service",
            "getnameinfo: 10.1.2.3 port 443",
        ]);
    }

    fn network_is_off_unless_granted(form) {
        let (port, _peer) = host_echo_peer("127.0.0.1:0");
        let out = Run::c("tcp_client", form).arg(port.to_string()).arg("4").run();
        assert_eq!(out.status, 1);
        assert!(out.stderr_str().contains("EACCES"), "{}", out.stderr_str());
    }
}

/// The preview1 `sock_*` calls through the adapter: a wasip1 program with the libc's own
/// accept/send/recv/shutdown (and, for comparison, the same program on the static shim).
#[test]
fn preview1_sock_calls_through_the_adapter() {
    for (form, flags) in [
        (p3shim_tests::Form::Adapter, &["-DP3SHIM_VIA_ADAPTER"][..]),
        (p3shim_tests::Form::Static, &[][..]),
    ] {
        let c = p3shim_tests::c_component_plain("sock_preview1", form, flags);
        let out = Run::new(c).net().run().success();
        assert_eq!(
            lines(&out.stdout_str()),
            [
                "accepted and received: hello preview1",
                "reply then EOF: reply",
                "EPIPE after shutdown, ENOTSOCK on stdin",
            ]
        );
    }
}
