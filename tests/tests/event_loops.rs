//! Event loops that never hang (issue 15): `poll` entries without events, fair readiness
//! next to an always-ready descriptor, `close` and exit with unsent data, `SO_LINGER`, and
//! socket/`fcntl`/`getaddrinfo` edge cases as on Linux. Each case is one run of
//! `c/event_loops.c` with a short timeout, so a hang fails the test instead of stalling it.

use p3shim_tests::{Form, Run, both_forms, c_component};
use std::time::{Duration, Instant};

fn case(name: &str, form: Form) -> Run {
    Run::c("event_loops", form)
        .arg(name)
        .net()
        .timeout(Duration::from_secs(40))
}

fn one_line(run: Run) -> String {
    run.run().success().stdout_str().trim_end().to_string()
}

both_forms! {
    fn poll_entry_without_events_waits_like_linux(form) {
        assert_eq!(
            one_line(case("poll_no_events", form)),
            "events=0: waited the full timeout, reported nothing"
        );
    }

    fn poll_sees_a_tcp_read_next_to_an_always_writable_socket(form) {
        assert_eq!(
            one_line(case("fair_tcp", form)),
            "tcp: read seen next to an always-writable socket"
        );
    }

    fn poll_sees_stdin_next_to_an_always_writable_stdout(form) {
        let run = case("fair_stdin", form).stdin_after(Duration::from_millis(300), b"abc".to_vec());
        assert_eq!(one_line(run), "stdin: data seen next to an always-writable stdout");
    }

    fn poll_oneoff_reports_a_clock_deadline_next_to_an_always_ready_descriptor(form) {
        assert_eq!(
            one_line(case("fair_timer", form)),
            "timer: deadline reported next to an always-writable stdout"
        );
    }

    fn close_with_unsent_data_returns_at_once_and_the_bytes_still_arrive(form) {
        assert_eq!(
            one_line(case("close_unsent", form)),
            "close with unsent data: prompt; every byte arrived, then EOF"
        );
    }

    fn so_linger_zero_closes_at_once_and_n_waits_n_seconds(form) {
        assert_eq!(
            one_line(case("so_linger", form)),
            "SO_LINGER: 0 s closes at once, 1 s waits about a second for a peer not reading"
        );
    }

    fn getsockname_during_a_nonblocking_connect_gives_the_local_address(form) {
        assert_eq!(
            one_line(case("getsockname_connecting", form)),
            "getsockname during a non-blocking connect: the port the peer sees"
        );
    }

    fn pollout_after_shutdown_rdwr_is_pollout_pollhup(form) {
        assert_eq!(
            one_line(case("shutdown_pollout", form)),
            "after shutdown(SHUT_RDWR): POLLOUT POLLHUP"
        );
    }

    fn getaddrinfo_service_without_an_entry_for_the_socket_type_is_eai_service(form) {
        assert_eq!(
            one_line(case("gai_service", form)),
            "getaddrinfo: ftp over UDP and ntp over TCP are EAI_SERVICE"
        );
    }

    fn exit_with_unsent_data_to_a_peer_that_never_reads_is_bounded(form) {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        // Accepts and holds the connection without ever reading.
        let peer = std::thread::spawn(move || {
            let (s, _) = l.accept().unwrap();
            std::thread::sleep(Duration::from_secs(20));
            drop(s);
        });
        let start = Instant::now();
        let out = case("exit_unsent", form).arg(port.to_string()).run().success();
        let took = start.elapsed();
        assert!(out.stdout_str().starts_with("sent "), "{}", out.stdout_str());
        // The bound is 3 s without progress (adapter/src/lib.rs EXIT_IDLE_NS), after the
        // program's own 200 ms of filling.
        assert!(took < Duration::from_secs(12), "exit took {took:?}");
        drop(peer);
    }

    fn exit_with_unsent_data_waits_for_a_peer_that_reads_late(form) {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        // Reads only after a second, then everything to EOF.
        let peer = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            std::thread::sleep(Duration::from_secs(1));
            let mut got = Vec::new();
            std::io::Read::read_to_end(&mut s, &mut got).unwrap();
            got.len()
        });
        let out = case("exit_unsent", form).arg(port.to_string()).run().success();
        let got = peer.join().unwrap();
        assert_eq!(out.stdout_str().trim_end(), format!("sent {got}"));
    }
}

#[test]
fn fcntl_cloexec_is_kept_per_descriptor_static_form() {
    let out = Run::new(c_component("fcntl_cloexec", Form::Static))
        .arg("/sandbox")
        .timeout(Duration::from_secs(40))
        .run()
        .success();
    assert_eq!(
        out.stdout_str().trim_end(),
        "FD_CLOEXEC kept per descriptor; F_DUPFD past the limit EINVAL"
    );
}

/// The host side of `c/poll_stress.c`: 64 connections, each told its role in its first
/// byte: every 16th from the 5th resets after reading, every 16th from the 9th never
/// reads, the rest echo.
fn stress_peer() -> (u16, std::thread::JoinHandle<()>) {
    use std::io::{Read, Write};
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let t = std::thread::spawn(move || {
        let mut peers = Vec::new();
        for i in 0..64 {
            let (mut s, _) = l.accept().unwrap();
            peers.push(std::thread::spawn(move || {
                let role = match i % 16 {
                    5 => b'R',
                    9 => b'S',
                    _ => b'E',
                };
                s.write_all(&[role]).unwrap();
                let mut buf = [0u8; 16384];
                match role {
                    b'E' => loop {
                        match s.read(&mut buf) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => {
                                if s.write_all(&buf[..n]).is_err() {
                                    break;
                                }
                            }
                        }
                    },
                    b'R' => {
                        let _ = s.read(&mut buf);
                        p3shim_tests::reset_on_close(&s);
                    }
                    _ => std::thread::sleep(Duration::from_secs(30)),
                }
            }));
        }
        drop(peers);
    });
    (port, t)
}

both_forms! {
    fn poll_loop_of_64_connections_with_writable_sockets_stalls_and_resets(form) {
        let (port, _peer) = stress_peer();
        let out = Run::c("poll_stress", form)
            .arg(port.to_string())
            .net()
            .timeout(Duration::from_secs(90))
            .run()
            .success();
        assert_eq!(
            out.stdout_str().trim_end(),
            "64 connections: 56 echoed 32768 bytes, 4 reset, 4 stalled and closed at once"
        );
    }
}
