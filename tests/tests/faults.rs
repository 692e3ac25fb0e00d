//! The buffered paths of the readiness bridge, exercised on purpose with `p3run --fault`:
//! stdin in small delayed chunks, a slow stdout reader, and a host whose zero-length reads
//! complete without data (false-readiness, Wasmtime 50's behaviour; an honest-readiness
//! host mode needs a stdin producer wasmtime-wasi 50 does not let the runner replace).

use p3shim_tests::{Run, both_forms, c_component, expect, fnv1a};
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
