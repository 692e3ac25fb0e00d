//! The buffered paths of the readiness bridge, exercised on purpose with `p3run --fault`:
//! stdin in small delayed chunks, a slow stdout reader, and a host whose zero-length reads
//! complete without data (false-readiness, Wasmtime 50's behaviour; an honest-readiness
//! host mode needs a stdin producer wasmtime-wasi 50 does not let the runner replace).
//! Then host failures: stdout failing or losing its reader mid-transfer, stdin failing or
//! ending early, filesystem calls failing with unusual error codes, and name resolution
//! failing. The guest must see the right errno (never a trap), and every byte it was told
//! it wrote must have reached the host.

use p3shim_tests::{Run, both_forms, c_component, c_component_with, expect, fnv1a};
use std::time::Duration;

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

/// Readiness modes: the host default, and stdin arriving in delayed chunks (readiness that
/// flips between polls) on top of it.
const READINESS: [&str; 2] = ["false-readiness", "stdin-chunks=3:5"];

both_forms! {
    fn stdin_in_small_delayed_chunks_arrives_whole(form) {
        let data: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 251) as u8).collect();
        let out = Run::new(c_component("stdin_read", form))
            .arg("read")
            .fault("stdin-chunks=7:2")
            .stdin_bytes(data.clone())
            .run()
            .success();
        assert_eq!(out.stdout_str(), format!("bytes 3000 fnv1a {:08x}\n", fnv1a(&data)));
    }

    fn nonblocking_stdin_under_each_readiness_mode(form) {
        for mode in READINESS {
            let data: Vec<u8> = (0..2000u32).map(|i| b'A' + (i % 26) as u8).collect();
            let out = Run::new(c_component("nonblock_stdin", form))
                .fault(mode)
                .fault("stdin-chunks=100:5")
                .stdin_after(Duration::from_millis(300), data.clone())
                .run()
                .success();
            assert_eq!(lines(&out.stdout_str()), expect::nonblock_stdin(&data), "{mode}");
        }
    }

    fn poll_on_stdin_with_false_readiness(form) {
        // (poll_stdin.c expects its line in one read, so no chunking here.)
        let out = Run::new(c_component("poll_stdin", form))
            .fault("false-readiness")
            .stdin_after(Duration::from_millis(1500), b"hello\n".to_vec())
            .run()
            .success();
        assert_eq!(lines(&out.stdout_str()), expect::POLL_STDIN);
    }

    fn nonblocking_stdout_to_a_slow_reader_loses_nothing(form) {
        let out = Run::c("nonblock_stdout", form).arg("2").fault("slow-stdout=4096:1").run().success();
        let expect: Vec<u8> = (0..2usize << 20).map(|i| (i.wrapping_mul(13) + (i >> 12)) as u8).collect();
        assert!(out.stdout == expect, "stdout differs ({} bytes)", out.stdout.len());
        let err = out.stderr_str();
        assert!(err.starts_with(&format!("sent 2097152 fnv1a {:08x} eagain ", fnv1a(&expect))), "{err}");
        // The slow reader must actually have pushed back.
        let eagain: u64 = err.split_whitespace().nth(5).unwrap().parse().unwrap();
        assert!(eagain > 0, "no EAGAIN seen: {err}");
    }

    fn blocking_stdout_to_a_slow_reader_loses_nothing(form) {
        let out = Run::new(c_component("stdout_large", form)).arg("write").arg("1000000").fault("slow-stdout=4096:0").run().success();
        let expect: Vec<u8> = (0..1000000usize).map(|i| ((i.wrapping_mul(31)) ^ (i >> 11) ^ (i >> 19)) as u8).collect();
        assert!(out.stdout == expect, "stdout differs ({} bytes)", out.stdout.len());
    }
}

/// The bytes `stream_faults.c` writes.
fn stream_pattern(n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| (i.wrapping_mul(7) + (i >> 8)) as u8)
        .collect()
}

/// The engine's stdout write-behind buffer: what a non-blocking write may report as
/// written before the host has taken it (a Linux pipe buffer is the same size).
const WRITE_BEHIND: usize = 64 << 10;

/// Runs `stream_faults` writing 100,000 bytes under a fault that stops stdout after
/// `limit` bytes, expecting `errno` on the write after the failure and again on the next.
/// Blocking writes: stdout holds exactly the bytes reported written. Non-blocking writes:
/// stdout holds a prefix of the stream, and what was reported but lost fits in the
/// write-behind buffer (as with a pipe whose reader died with data in the pipe).
fn stdout_fault(form: p3shim_tests::Form, fault: &str, limit: usize, errno: &str) {
    for mode in ["write", "nonblock"] {
        let out = Run::c("stream_faults", form)
            .arg(mode)
            .arg("100000")
            .fault(fault)
            .run()
            .success();
        let err = out.stderr_str();
        let words: Vec<&str> = err.split_whitespace().collect();
        assert_eq!(
            words[2..],
            ["then", errno, "again", errno, "close", "ok"],
            "{mode} under {fault}: {err}"
        );
        let sent: usize = words[1].parse().unwrap();
        assert_eq!(
            out.stdout.len(),
            limit,
            "{mode} under {fault}: bytes that reached the host"
        );
        assert!(
            out.stdout == stream_pattern(limit),
            "{mode} under {fault}: stdout is not the stream's prefix"
        );
        if mode == "write" {
            assert_eq!(
                sent, limit,
                "blocking writes under {fault}: reported {sent}, host got {limit}"
            );
        } else {
            assert!(
                sent >= limit && sent - limit <= WRITE_BEHIND,
                "non-blocking under {fault}: reported {sent}, host got {limit}"
            );
        }
    }
}

both_forms! {
    fn stdout_failing_mid_transfer_gives_eio_and_the_host_a_clean_prefix(form) {
        stdout_fault(form, "stdout-fail-after=12345", 12345, "EIO");
    }

    fn stdout_reader_going_away_gives_epipe_not_a_trap(form) {
        stdout_fault(form, "stdout-closed-after=5000", 5000, "EPIPE");
    }

    fn stdin_failing_mid_transfer_gives_eio_after_the_delivered_bytes(form) {
        let data: Vec<u8> = (0..10000u32).map(|i| (i % 253) as u8).collect();
        let out = Run::c("stream_faults", form).arg("read").fault("stdin-fail-after=3000").stdin_bytes(data.clone()).run().success();
        // The failed stream is gone; later reads see its end (as a reset socket reads 0).
        assert_eq!(out.stderr_str().trim_end(), format!("read 3000 fnv1a {:08x} then EIO again EOF", fnv1a(&data[..3000])));
    }

    fn stdin_writer_dropping_early_reads_as_eof(form) {
        let data: Vec<u8> = (0..10000u32).map(|i| (i % 251) as u8).collect();
        let out = Run::c("stream_faults", form).arg("read").fault("stdin-eof-after=3000").fault("stdin-chunks=700:0").stdin_bytes(data.clone()).run().success();
        assert_eq!(out.stderr_str().trim_end(), format!("read 3000 fnv1a {:08x} then EOF again EOF", fnv1a(&data[..3000])));
    }

    fn filesystem_calls_failing_with_unusual_codes_give_their_errno(form) {
        for (fault, want) in [
            ("fs-error=sync:insufficient-space", ["fsync ENOSPC", "fdatasync ok", "ftruncate ok", "after the errors: [he]"]),
            ("fs-error=sync-data:io", ["fsync ok", "fdatasync EIO", "ftruncate ok", "after the errors: [he]"]),
            ("fs-error=set-size:file-too-large", ["fsync ok", "fdatasync ok", "ftruncate EFBIG", "after the errors: [hello world]"]),
            ("fs-error=set-size:read-only", ["fsync ok", "fdatasync ok", "ftruncate EROFS", "after the errors: [hello world]"]),
            ("fs-error=sync:interrupted", ["fsync EINTR", "fdatasync ok", "ftruncate ok", "after the errors: [he]"]),
        ] {
            let out = Run::new(c_component_with("host_errors", form, &["-DHOST_ERRORS_DNS"])).arg("/sandbox").arg("fs").fault(fault).net().run().success();
            assert_eq!(lines(&out.stdout_str()), want, "{fault}");
        }
    }

    fn name_resolution_failing_gives_the_matching_eai_code(form) {
        for (kind, code) in [("temporary", "EAI_AGAIN"), ("permanent", "EAI_FAIL"), ("unresolvable", "EAI_NONAME")] {
            let out = Run::new(c_component_with("host_errors", form, &["-DHOST_ERRORS_DNS"])).arg("/sandbox").arg("dns").fault(&format!("dns-fail={kind}")).net().run().success();
            assert_eq!(lines(&out.stdout_str()), [format!("getaddrinfo(localhost) {code}").as_str(), "getaddrinfo(127.0.0.1) ok"], "{kind}");
        }
    }
}
