//! `P3SHIM_TRACE`: one line per preview1 / C ABI call on stderr, with the WASIp3
//! operations the call issued indented below it; nothing at all when it is off.

use p3shim_tests::{Run, both_forms};

/// The first line that starts with `start` and ends with `end`, with the trace shown on failure.
fn line<'a>(trace: &'a str, start: &str, end: &str) -> &'a str {
    trace
        .lines()
        .find(|l| l.starts_with(start) && l.ends_with(end))
        .unwrap_or_else(|| panic!("no trace line `{start}...{end}` in:\n{trace}"))
}

/// The lines recorded under the call line `call`, up to the next call.
fn ops_under<'a>(trace: &'a str, call: &str) -> Vec<&'a str> {
    trace
        .lines()
        .skip_while(|l| *l != call)
        .skip(1)
        .take_while(|l| l.starts_with("  p3 "))
        .collect()
}

both_forms! {
    fn trace_shows_calls_arguments_errnos_and_wasip3_operations(form) {
        let out = Run::c_traced("trace_demo", form).env("P3SHIM_TRACE", "1").run().success();
        assert_eq!(out.stdout_str(), "done\n");
        let trace = out.stderr_str();
        line(&trace, "path_open(3, 1, \"missing.txt\", 11, 0, ", ") = ENOENT");
        line(&trace, "path_open(3, 1, \"note.txt\", 8, 9, ", ", &4) = 0");
        let write = line(&trace, "fd_write(4, 0x", ", 1, &3) = 0");
        let ops = ops_under(&trace, write);
        assert!(
            ops.iter().any(|l| l.starts_with("  p3 file-write.stream_write(")),
            "fd_write issued no stream write:\n{trace}"
        );
        line(&trace, "fd_close(4)", " = 0");
        let stdout = line(&trace, "fd_write(1, 0x", ", &5) = 0");
        assert!(
            trace.contains("  p3 stdout.stream_write("),
            "no stdout stream write after `{stdout}`:\n{trace}"
        );
    }

    fn trace_is_silent_when_off_or_zero(form) {
        for value in [None, Some("0")] {
            let mut run = Run::c_traced("trace_demo", form);
            if let Some(v) = value {
                run = run.env("P3SHIM_TRACE", v);
            }
            let out = run.run().success();
            assert_eq!(out.stdout_str(), "done\n");
            assert_eq!(out.stderr_str(), "", "P3SHIM_TRACE={value:?}");
        }
    }
}

both_forms! {
    /// Without the tracer (the default build), `P3SHIM_TRACE` costs the program nothing
    /// but a one-line note saying how to get it; the component carries no tracer.
    fn trace_asked_of_a_build_without_the_tracer_says_how_to_get_it(form) {
        let out = Run::c("trace_demo", form).env("P3SHIM_TRACE", "1").run().success();
        assert_eq!(out.stdout_str(), "done\n");
        assert_eq!(
            out.stderr_str(),
            "p3shim: P3SHIM_TRACE is set, but this program was built without the tracer \
             (rebuild with p3shim-adapt --trace or p3shim-cc --trace)\n"
        );
        let plain = std::fs::metadata(p3shim_tests::c_component("trace_demo", form)).unwrap().len();
        let traced =
            std::fs::metadata(p3shim_tests::c_component_traced("trace_demo", form)).unwrap().len();
        assert!(traced > plain + 4000, "{form:?}: {plain} bytes without the tracer, {traced} with");
    }
}

#[test]
fn trace_shows_c_abi_calls_with_socket_addresses() {
    let out = Run::c_traced("trace_net", p3shim_tests::Form::Static)
        .net()
        .env("P3SHIM_TRACE", "1")
        .run()
        .success();
    let trace = out.stderr_str();
    line(&trace, "p3shim_socket(4, 1, 0)", " = 4");
    line(
        &trace,
        "p3shim_connect(4, 127.0.0.1:1)",
        " = -1 ECONNREFUSED",
    );
    line(&trace, "fd_close(4)", " = 0");
    line(&trace, "p3shim_pipe(0x", ", 0) = 0");
}

both_forms! {
    /// A libc's stdio flushes its buffer and the caller's data with one `writev` of two
    /// iovecs; p3shim joins iovecs of up to 4 KiB in all into one stream write (one host
    /// write), keeping every byte, its order and the exact count. Larger ones are written
    /// iovec by iovec as before, and one whose buffer lies outside memory gets the count of
    /// what was written before it.
    fn a_small_writev_is_one_host_write_with_every_byte_in_order(form) {
        let out = Run::c_traced("writev_gather", form).env("P3SHIM_TRACE", "1").run().success();
        let mut want = String::from("gather: one line\ngather: three parts\ngather: large ");
        want.push_str(&"b".repeat(5999));
        want.push('\n');
        for i in 0..100 {
            want.push_str(&format!("gather: printf line {i}\n"));
        }
        want.push_str("gather: before the end\ndone\n");
        assert_eq!(out.stdout_str(), want);
        let trace = out.stderr_str();
        let writes = |call: &str| {
            ops_under(&trace, call).iter().filter(|l| l.starts_with("  p3 stdout.stream_write(")).count()
        };
        assert_eq!(writes(line(&trace, "fd_write(1, 0x", ", 2, &17) = 0")), 1, "{trace}");
        assert_eq!(writes(line(&trace, "fd_write(1, 0x", ", 5, &20) = 0")), 1, "{trace}");
        assert_eq!(writes(line(&trace, "fd_write(1, 0x", ", 2, &6014) = 0")), 2, "{trace}");
        let file = line(&trace, "fd_write(4, 0x", ", 3, &11) = 0");
        let ops = ops_under(&trace, file);
        assert_eq!(
            ops.iter().filter(|l| l.starts_with("  p3 file-write.stream_write(")).count(),
            1,
            "{trace}"
        );
        // Every stdio flush of the printf lines: one stream write each.
        let flushes: Vec<&str> = trace
            .lines()
            .filter(|l| l.starts_with("fd_write(1, 0x") && l.contains(", 2, &"))
            .filter(|l| !l.ends_with("&17) = 0") && !l.ends_with("&6014) = 0"))
            .collect();
        assert!(!flushes.is_empty(), "no stdio flush traced:\n{trace}");
        for call in flushes {
            assert!(writes(call) <= 1, "`{call}` took more than one stream write:\n{trace}");
        }
    }
}

both_forms! {
    /// Rust's `fs::read` and Go's `os.ReadFile` read exactly the size `fstat` gave and then
    /// once more to meet the end: that read asks `stat` instead of reading the stream to
    /// its end (no stream read), and still gets the bytes of a file that grew meanwhile.
    fn a_read_at_the_size_fstat_gave_asks_stat_not_the_stream(form) {
        let out = Run::c_traced("read_seen_end", form).env("P3SHIM_TRACE", "1").run().success();
        assert_eq!(
            out.stdout_str(),
            "read the 100 bytes fstat said, then 0\n\
             after growing by 10: 10 new bytes, then 0\n\
             at the end after fstat and after truncation: 0; from the start: 50\n\
             done\n"
        );
        let trace = out.stderr_str();
        let end = line(&trace, "fd_read(5, 0x", ", 1, &0) = 0");
        assert_eq!(ops_under(&trace, end), Vec::<&str>::new(), "{trace}");
        let grown = line(&trace, "fd_read(5, 0x", ", 1, &10) = 0");
        assert_eq!(ops_under(&trace, grown).len(), 1, "{trace}");
    }
}
