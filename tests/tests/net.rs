//! Sockets and name resolution on loopback, through both delivery forms: the static shim
//! (`libp3shim.a`) and the adapter (with `libp3shim_net.a`, the same socket API over the
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
