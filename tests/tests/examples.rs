//! The programs in `examples/`, built and run so that they never rot: the `wc` filter,
//! the directory walker, the non-blocking TCP server (both delivery forms), and the Rust
//! wasip1 program wrapped by the installed `p3shim-adapt`. The CMake project is built in
//! `packaging.rs`.

use p3shim_tests::{Run, both_forms, example_component, installed_prefix, root};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

both_forms! {
    fn wc_counts_lines_words_and_bytes_of_stdin(form) {
        let out = Run::new(example_component("wc", form))
            .stdin_bytes(b"hello world\nfoo  bar\tbaz\n\nlast".to_vec())
            .run()
            .success();
        assert_eq!(out.stdout_str(), "3 6 30\n");
    }

    fn wc_upper_cases_a_stream_through_short_writes(form) {
        let input: Vec<u8> = (0..300_000u32).map(|i| b"abc xyz\n"[(i % 8) as usize]).collect();
        let out = Run::new(example_component("wc", form))
            .arg("-u")
            .stdin_bytes(input.clone())
            .run()
            .success();
        assert_eq!(out.stdout, input.to_ascii_uppercase());
        assert_eq!(out.stderr_str(), "37500 75000 300000\n");
    }

    fn tree_walks_a_directory_in_name_order(form) {
        let run = Run::new(example_component("tree", form)).arg("/sandbox");
        let d = run.dir();
        std::fs::create_dir_all(d.join("src/net")).unwrap();
        std::fs::create_dir_all(d.join("docs")).unwrap();
        std::fs::write(d.join("README"), "hi\n").unwrap();
        std::fs::write(d.join("src/main.c"), "int main;\n").unwrap();
        std::fs::write(d.join("src/net/tcp.c"), "").unwrap();
        let out = run.run().success();
        assert_eq!(
            out.stdout_str(),
            "README (3 bytes)\ndocs/\nsrc/\n  main.c (10 bytes)\n  net/\n    tcp.c (0 bytes)\n\
             3 directories, 3 files, 13 bytes\n"
        );
    }

    fn tree_reports_a_missing_directory(form) {
        let out = Run::new(example_component("tree", form)).arg("/sandbox/nope").run();
        assert_eq!(out.status, 1);
        assert_eq!(out.stderr_str(), "tree: /sandbox/nope: No such file or directory\n");
    }

    fn tcp_server_upper_cases_lines_for_two_clients(form) {
        let component = example_component("tcp_server", form);
        // Below Linux's ephemeral range (32768 and up), so no client socket can hold it.
        let port = 20000 + (std::process::id() % 6000) as u16 * 2 + if form == p3shim_tests::Form::Static { 1 } else { 0 };
        let mut server = Command::new(root().join("target/release/p3run"))
            .args(["-S", "inherit-network"])
            .arg(&component)
            .arg(port.to_string())
            .arg("2")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let connect = || {
            let start = Instant::now();
            loop {
                match TcpStream::connect(("127.0.0.1", port)) {
                    Ok(s) => break s,
                    Err(e) if start.elapsed() > Duration::from_secs(60) => panic!("connect: {e}"),
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        };
        let mut a = connect();
        let mut b = connect();
        for s in [&a, &b] {
            s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        }
        a.write_all(b"first client\n").unwrap();
        b.write_all(b"second\n").unwrap();
        let mut line = String::new();
        BufReader::new(&b).read_line(&mut line).unwrap();
        assert_eq!(line, "SECOND\n");
        line.clear();
        BufReader::new(&a).read_line(&mut line).unwrap();
        assert_eq!(line, "FIRST CLIENT\n");
        drop((a, b));
        let status = server.wait().unwrap();
        assert!(status.success(), "server failed: {status:?}");
    }
}

#[test]
fn rust_std_program_runs_after_p3shim_adapt() {
    let example = root().join("examples/rust-wasip1");
    let target = root().join("target/rust-example");
    let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    build
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-wasip1",
            "--manifest-path",
        ])
        .arg(example.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .env_remove("RUSTFLAGS");
    let status = build.status().unwrap();
    assert!(status.success(), "building examples/rust-wasip1 failed");
    let prefix = installed_prefix();
    let component = target.join("example.wasm");
    let mut adapt = Command::new(prefix.join("bin/p3shim-adapt"));
    adapt
        .arg(target.join("wasm32-wasip1/release/p3shim-example-rust.wasm"))
        .arg("-o")
        .arg(&component);
    assert!(adapt.status().unwrap().success(), "p3shim-adapt failed");
    let run = Run::new(component)
        .runner(prefix.join("bin/p3run"))
        .arg("/sandbox")
        .env("WHO", "rustacean")
        .stdin_bytes(b"one\ntwo\n".to_vec());
    std::fs::write(run.dir().join("data.bin"), [0u8; 3]).unwrap();
    let out = run.run().success();
    assert_eq!(
        out.stdout_str(),
        "hello from Rust std\n/sandbox holds: data.bin, greeting.txt\nstdin: ONE\nstdin: TWO\n\
         2 lines from stdin, WHO=rustacean\n"
    );
    assert!(
        out.stderr_str().starts_with("done in "),
        "{}",
        out.stderr_str()
    );
    assert!(!run.dir().join("greeting.txt").exists());
}

/// Runs `examples/tcp_server.c` in `form` and drives it with `clients` concurrent host
/// clients of `requests` line round trips each; returns (requests answered, seconds).
fn tcp_server_load(
    form: p3shim_tests::Form,
    clients: usize,
    requests: usize,
    port: u16,
) -> (usize, f64) {
    let component = example_component("tcp_server", form);
    let mut server = Command::new(root().join("target/release/p3run"))
        .args(["-S", "inherit-network"])
        .arg(&component)
        .arg(port.to_string())
        .arg(clients.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|i| {
            std::thread::spawn(move || {
                let t0 = Instant::now();
                let s = loop {
                    match TcpStream::connect(("127.0.0.1", port)) {
                        Ok(s) => break s,
                        Err(e) if t0.elapsed() > Duration::from_secs(60) => {
                            panic!("client {i}: connect: {e}")
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(20)),
                    }
                };
                // A stall fails the client instead of hanging the test.
                s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
                let mut reader = BufReader::new(s.try_clone().unwrap());
                let mut w = s;
                let mut line = String::new();
                for k in 0..requests {
                    let req = format!("client {i} request {k}\n");
                    w.write_all(req.as_bytes()).unwrap();
                    line.clear();
                    reader
                        .read_line(&mut line)
                        .unwrap_or_else(|e| panic!("client {i}: {e}"));
                    assert_eq!(line, req.to_uppercase(), "client {i}");
                }
                requests
            })
        })
        .collect();
    let done: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    let secs = start.elapsed().as_secs_f64();
    let status = server.wait().unwrap();
    assert!(status.success(), "server failed: {status:?}");
    (done, secs)
}

/// More concurrent clients than the server's cap of 64: the listener's entry then has no
/// events, which must make `poll` wait (it used to spin and starve every client).
#[test]
fn tcp_server_serves_more_clients_than_its_cap_static_form() {
    let clients = std::env::var("P3SHIM_LOAD_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let requests = std::env::var("P3SHIM_LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let port = 26000 + (std::process::id() % 3000) as u16 * 2;
    let (done, secs) = tcp_server_load(p3shim_tests::Form::Static, clients, requests, port);
    assert_eq!(done, clients * requests);
    eprintln!(
        "tcp_server: {clients} clients x {requests} requests in {secs:.2} s ({:.0} req/s)",
        done as f64 / secs
    );
}
