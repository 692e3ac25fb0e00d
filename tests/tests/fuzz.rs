//! Random-input fuzzing of the guest-supplied structures the engine parses (iovecs,
//! `poll_oneoff` subscriptions, `fd_readdir` buffers and cookies, path bytes, and with
//! network access `sockaddr` and `msghdr`) through the raw preview1 imports and the socket
//! API, in both forms: every call must return an errno, nothing may trap, and every step
//! must return within a deadline (the program reports a slow step itself; a step that never
//! returns is named by the last line of stderr when the harness kills the run).
//!
//! CI runs a fixed set of seeds; `P3SHIM_FUZZ_SEEDS=N` and `P3SHIM_FUZZ_CALLS=M` run more
//! (for example `P3SHIM_FUZZ_SEEDS=30 P3SHIM_FUZZ_CALLS=100000`: 6 M calls in 70 s here).

use p3shim_tests::{Run, both_forms};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

both_forms! {
    fn random_preview1_structures_never_trap(form) {
        let seeds = env_or("P3SHIM_FUZZ_SEEDS", 4);
        let calls = env_or("P3SHIM_FUZZ_CALLS", 20_000);
        for seed in 1..=seeds {
            // Odd seeds also fuzz the socket layer (network granted, loopback only).
            let mut run = Run::c("fuzz_preview1", form)
                .timeout(std::time::Duration::from_secs(120))
                .arg(seed.to_string())
                .arg(calls.to_string());
            if seed % 2 == 1 {
                run = run.arg("net").net();
            }
            let out = run.run();
            assert_eq!(
                out.status, 0,
                "seed {seed}: status {}\nstdout:\n{}\nstderr:\n{}",
                out.status,
                out.stdout_str(),
                out.stderr_str()
            );
            let text = out.stdout_str();
            // A step may make a few calls, so the count can pass the target slightly.
            let made: u64 = text
                .strip_prefix("calls ")
                .and_then(|t| t.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("seed {seed}: {text}"));
            assert!(made >= calls, "seed {seed}: {text}");
            // The inputs reach deep enough to provoke a range of different errnos.
            let distinct: u32 = text.trim().rsplit(' ').next().unwrap().parse().unwrap();
            assert!(distinct >= 5, "seed {seed}: only {distinct} distinct errnos");
        }
    }
}
