//! POSIX behaviour of C programs through both delivery forms, on the WASIp3-only host.

use p3shim_tests::{Form, Run, both_forms, fnv1a};

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

/// The byte pattern `stdout_large.c` writes.
fn pattern(n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| ((i.wrapping_mul(31)) ^ (i >> 11) ^ (i >> 19)) as u8)
        .collect()
}

/// What `c/preview1_semantics.c` prints: Wasmtime's preview1 answers (checked against
/// Wasmtime itself by `preview1_semantics_are_wasmtimes_own_answers`).
const PREVIEW1_SEMANTICS: &str = "preopen: type 3 base 0x7b7fe00 inheriting 0xff7ffff
stdin: type 0 base 0x2 inheriting 0x2
stdout: type 0 base 0x40 inheriting 0x40
file O_RDONLY: type 4 base 0x3fffffbf inheriting 0x3fffffbf
file O_WRONLY: type 4 base 0x3fffbffd inheriting 0x3fffbffd
file O_RDWR|O_APPEND: type 4 base 0x3fffffff inheriting 0x3fffffff
directory O_RDONLY: type 3 base 0x3fb7ffbb inheriting 0x3fb7ffbb
file O_RDONLY|O_CREAT: type 4 base 0x3fffffff inheriting 0x3fffffff
write through O_RDONLY|O_CREAT: 3
set_rights file 58 dir 58 stdout 8
renumber onto closed 8, source open 1
renumber onto itself 0
fd_seek dir 8 fd_tell dir 8
listing after rewinddir: 2 3 4
faccessat through a read-only directory: R_OK yes, W_OK preview1 EACCES
";

/// The expectations are Wasmtime's: the same program's core module on Wasmtime's own
/// preview1 implementation prints them.
#[test]
fn preview1_semantics_are_wasmtimes_own_answers() {
    assert_eq!(
        on_wasmtime_preview1("preview1_semantics"),
        PREVIEW1_SEMANTICS
    );
}

/// What C program `name`'s wasip1 core module prints on Wasmtime's own preview1.
fn on_wasmtime_preview1(name: &str) -> String {
    let component = p3shim_tests::c_component_plain(name, Form::Adapter, &[]);
    let core = component.with_extension("core.wasm");
    Run::new(core)
        .arg("/sandbox")
        .wasmtime()
        .run()
        .success()
        .stdout_str()
}

/// What `c/open_kind_later.c` prints; Wasmtime's own preview1 prints the same
/// (`open_kind_later_answers_are_wasmtimes_own`).
const OPEN_KIND_LATER: &str =
    "directory without O_DIRECTORY: read and pread refused as preview1, write EBADF
fstat says directory; lseek as preview1
openat below it and readdir of it work
files: read, fstat, lseek, openat ENOTDIR; an empty file reads 0
";

both_forms! {
    /// A path opened without `O_DIRECTORY` is asked for its type only when an answer
    /// depends on it: whichever call comes first on a fresh descriptor answers as for a
    /// directory (read and lseek refused as preview1, fstat, openat below it, readdir) or a
    /// file (bytes, fstat, lseek, openat ENOTDIR, an empty file reading 0).
    fn a_directory_opened_without_o_directory_answers_as_one_whatever_comes_first(form) {
        let out = Run::c("open_kind_later", form).run().success();
        assert_eq!(out.stdout_str(), OPEN_KIND_LATER);
    }
}

/// The same program's core module on Wasmtime's own preview1 gives the same answers.
#[test]
fn open_kind_later_answers_are_wasmtimes_own() {
    assert_eq!(on_wasmtime_preview1("open_kind_later"), OPEN_KIND_LATER);
}

both_forms! {
    /// Rights per kind and open mode, rights that cannot change, `fd_renumber` onto a closed
    /// descriptor, seeking a directory, a restarted listing and `faccessat`, as preview1.
    fn preview1_rights_renumber_seek_readdir_and_faccessat_answer_as_wasmtime(form) {
        let out = Run::c("preview1_semantics", form).run().success();
        assert_eq!(out.stdout_str(), PREVIEW1_SEMANTICS);
    }

    fn select_and_pselect_timeouts_and_poll_over_many_descriptors(form) {
        let out = Run::c("select_stdin", form)
            .stdin_after(std::time::Duration::from_millis(2000), b"ping\n".to_vec())
            .run()
            .success();
        let text = out.stdout_str();
        let got = lines(&text);
        assert_eq!(got.len(), 6, "{text}");
        assert_eq!(got[..5], [
            "zero timeout, no data: 0 ready",
            "pselect 150 ms: waited within bounds 1",
            "infinite timeout: stdin readable 1",
            "read [ping]",
            "select with exception sets: 1 ready, stdout 1, except 0 0",
        ]);
        assert_eq!(got[5], "poll over 300 descriptors: 299 ready, 298 in, 298 out, 1 invalid");
    }

    fn nonblocking_stdin_returns_eagain_then_data(form) {
        let data: Vec<u8> = (0..5000u32).map(|i| b'a' + (i % 26) as u8).collect();
        let out = Run::new(p3shim_tests::c_component("nonblock_stdin", form))
            .stdin_after(std::time::Duration::from_millis(300), data.clone())
            .run()
            .success();
        assert_eq!(lines(&out.stdout_str()), p3shim_tests::expect::nonblock_stdin(&data));
    }

    fn poll_on_stdin_times_out_then_reports_data_and_hangup(form) {
        let out = Run::new(p3shim_tests::c_component("poll_stdin", form))
            .stdin_after(std::time::Duration::from_millis(1500), b"hello\n".to_vec())
            .run()
            .success();
        assert_eq!(lines(&out.stdout_str()), p3shim_tests::expect::POLL_STDIN);
    }

    fn fcntl_flags_fadvise_renumber_rights_and_readiness(form) {
        let run = Run::c("misc", form);
        let out = run.run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "O_RDWR 1 O_APPEND 0",
            "after F_SETFL O_APPEND 1",
            "content [abcdef]",
            "after clearing O_APPEND 0",
            "file poll in 1 out 1, stdout poll out 1",
            "isatty(stdout) when piped 0",
            "renumbered content [abcdef!]",
            "rights unchanged",
        ]);
        // The renumbered descriptor still names f.txt; g.txt's description was closed.
        assert_eq!(std::fs::read_to_string(run.dir().join("f.txt")).unwrap(), "abcdef!");
        assert_eq!(std::fs::read_to_string(run.dir().join("g.txt")).unwrap(), "");
    }

    fn stdio_printf_output_is_formatted_and_flushed_at_exit(form) {
        let out = Run::new(p3shim_tests::c_component("hello", form)).run().success();
        let text = out.stdout_str();
        assert!(text.starts_with("hello from p3shim\nint 42, negative -7, unsigned 3000000000, hex beef, octal 10\n"), "{text}");
        assert!(text.contains("string [abc] padded [   right] left [left  ] precision [tru]\n"), "{text}");
        assert!(text.contains("float 3.142, exp 1.23e+04, general 0.0001\n"), "{text}");
        assert!(text.contains("snprintf wrote 17 bytes: 00042|+5|snprintf\n"), "{text}");
        assert!(text.ends_with("puts adds a newline\nfputs does not\nsnprintf wrote 17 bytes: 00042|+5|snprintf\nlast line without newline"), "{text}");
        assert_eq!(out.stderr_str(), "this line goes to stderr\n");
    }

    fn stdout_large_write_arrives_complete(form) {
        let out = Run::new(p3shim_tests::c_component("stdout_large", form)).arg("write").run().success();
        assert_eq!(out.stdout.len(), 8 << 20);
        assert!(out.stdout == pattern(8 << 20), "stdout differs from the pattern");
    }

    fn stdout_large_fwrite_and_chunks_arrive_complete(form) {
        for mode in ["fwrite", "chunks"] {
            let out = Run::new(p3shim_tests::c_component("stdout_large", form)).arg(mode).arg("3000001").run().success();
            assert!(out.stdout == pattern(3000001), "{mode}: stdout differs ({} bytes)", out.stdout.len());
            assert_eq!(out.stderr_str(), format!("wrote 3000001 bytes with {mode}\n"));
        }
    }

    fn stdin_from_a_pipe_is_read_to_eof(form) {
        let data: Vec<u8> = (0..1_000_003u32).map(|i| (i % 251) as u8).collect();
        let expect = format!("bytes {} fnv1a {:08x}\n", data.len(), fnv1a(&data));
        for mode in ["read", "small"] {
            let out = Run::new(p3shim_tests::c_component("stdin_read", form)).arg(mode).stdin_bytes(data.clone()).run().success();
            assert_eq!(out.stdout_str(), expect, "mode {mode}");
        }
    }

    fn stdin_from_a_file_is_read_to_eof(form) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("input.txt");
        let text: String = (0..5000).map(|i| format!("line number {i}\n")).collect();
        std::fs::write(&path, &text).unwrap();
        let out = Run::new(p3shim_tests::c_component("stdin_read", form)).arg("lines").stdin_file(path).run().success();
        assert_eq!(
            out.stdout_str(),
            format!("bytes {} fnv1a {:08x}\nlines 5000 last [line number 4999]\n", text.len(), fnv1a(text.as_bytes()))
        );
    }

    fn stdin_that_is_empty_reads_as_eof(form) {
        let out = Run::new(p3shim_tests::c_component("stdin_read", form)).arg("read").run().success();
        assert_eq!(out.stdout_str(), format!("bytes 0 fnv1a {:08x}\n", fnv1a(b"")));
    }

    fn argv_and_environment_reach_the_program(form) {
        let out = Run::new(p3shim_tests::c_component("args_env", form))
            .arg("first").arg("with space").arg("").arg("ünïcödé")
            .env("P3_ALPHA", "a=b=c").env("P3_EMPTY", "")
            .run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "argc 5",
            "argv[1] [first]",
            "argv[2] [with space]",
            "argv[3] []",
            "argv[4] [ünïcödé]",
            "P3_ALPHA [a=b=c]",
            "P3_EMPTY []",
            "P3_MISSING unset",
            "P3_ entries in environ 2",
            "P3_NEW [made here]",
        ]);
    }

    fn exit_status_is_passed_through_unchanged(form) {
        for (mode, status) in [("zero", 0), ("three", 3), ("max", 255), ("return42", 42), ("failure", 1), ("underscore_exit", 9)] {
            let out = Run::c("exit_codes", form).arg(mode).run();
            assert_eq!(out.status, status, "mode {mode}: {}", out.stderr_str());
            assert_eq!(out.stdout_str(), format!("mode {mode}"), "buffered output flushed before exit");
        }
    }

    fn abort_traps_with_a_nonzero_status(form) {
        let out = Run::c("exit_codes", form).arg("abort").run();
        assert_eq!(out.status, 134, "{}", out.stderr_str());
        assert_eq!(out.stdout_str(), "mode abort");
    }

    fn file_read_write_seek_and_vectored_io(form) {
        let run = Run::c("file_io", form);
        let out = run.run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "write/lseek/read ok",
            "pread [HELLO world]",
            "sparse gap ok",
            "readv [alp|ha-beta|-gamma]",
            "after append [alpha-beta-gamma+tail]",
            "coherent read [ABCDEF]",
            "end of file re-read ok",
            "fgets after fseek [line 0500",
        ]);
        assert_eq!(std::fs::read_to_string(run.dir().join("data.txt")).unwrap(), "final contents\n");
        assert_eq!(std::fs::read(run.dir().join("fresh.txt")).unwrap(), b"");
        let stdio = std::fs::read_to_string(run.dir().join("stdio.txt")).unwrap();
        assert_eq!(stdio.len(), 10_000);
        assert!(stdio.ends_with("line 0999\n"));
    }

    fn file_metadata_truncation_sync_and_times(form) {
        let run = Run::c("metadata", form);
        let out = run.run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "fstat size 10 regular 1 nlink 1",
            "stat and fstat agree on the inode",
            "shrunk to 4",
            "grown to 4096",
            "after posix_fallocate 8192",
            "futimens atime 1000000000 mtime 1200000000",
            "utimensat mtime 1300000000 atime kept 1000000000",
            "now is recent 1",
            "directory 1",
            "lstat sees a symlink 1 of size 5",
            "stat follows it to a regular file 1",
        ]);
        assert_eq!(std::fs::metadata(run.dir().join("m.txt")).unwrap().len(), 8192);
    }

    fn directories_links_and_renames(form) {
        let run = Run::c("namespace", form);
        let out = run.run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "renamed a file and a directory",
            "hard link count 2",
            "readlink [a/renamed]",
            "readlink truncated to 3 [a/r]",
            "removed links, a file and a directory",
        ]);
        let mut left: Vec<_> = walk(run.dir());
        left.sort();
        assert_eq!(left, ["a", "a/keep"]);
        assert_eq!(std::fs::read_to_string(run.dir().join("a/keep")).unwrap(), "kept\n");
    }

    fn readdir_lists_every_entry_once_and_seeks(form) {
        let out = Run::c("readdir", form).run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "first pass: 1500 files, 1 directories, 2 dot entries",
            "after rewinddir: 1503 entries",
            "seekdir returns to the marked entry: 1",
            "300 opendir/closedir cycles",
        ]);
    }

    fn clocks_sleep_and_entropy(form) {
        let out = Run::c("clocks", form).run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "realtime after 2020: 1",
            "monotonic does not go back: 1",
            "monotonic resolution positive: 1",
            "nanosleep(50ms) slept >= 50ms: 1",
            "poll(NULL, 0, 30) waited >= 30ms: 1",
            "usleep(20ms) slept >= 20ms: 1",
            "two getentropy draws differ: 1",
        ]);
    }

    fn errno_values_match_posix(form) {
        let out = Run::c("errors", form).run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "open missing file: ENOENT",
            "stat missing file: ENOENT",
            "open directory for writing: EISDIR",
            "O_DIRECTORY on a file: ENOTDIR",
            "mkdir existing: EEXIST",
            "rmdir non-empty: ENOTEMPTY",
            "rmdir a file: ENOTDIR",
            "unlink a directory: EISDIR",
            "read bad fd: EBADF",
            "write bad fd: EBADF",
            "close bad fd: EBADF",
            "fstat bad fd: EBADF",
            "lseek bad fd: EBADF",
            "write read-only fd: EBADF",
            "lseek before start: EINVAL",
            "lseek bad whence: EINVAL",
            "ftruncate read-only fd: EINVAL",
            "read write-only fd: EBADF",
            "lseek on stdin: ESPIPE",
            // Preview1's answer (Wasmtime's); Linux says EISDIR (docs/DECISIONS.md).
            "read from a directory: EBADF",
            "rename missing: ENOENT",
            "readlink on a file: EINVAL",
            "link to existing: EEXIST",
            "opendir missing: ENOENT",
            "relative escape refused: 1",
            "absolute escape refused: 1",
            "symlink escape refused: 1",
            "path outside every preopen refused: 1",
        ]);
    }
}

/// Paths below `dir`, relative and with `/` separators.
fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().into_string().unwrap();
        out.push(name.clone());
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()).into_iter().map(|p| format!("{name}/{p}")));
        }
    }
    out
}

/// The interfaces a component imports, one per line (`p3componentize imports`).
fn component_imports(component: &std::path::Path) -> String {
    let out =
        std::process::Command::new(p3shim_tests::root().join("target/release/p3componentize"))
            .arg("imports")
            .arg(component)
            .output()
            .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn component_imports_only_wasip3_interfaces() {
    for form in [Form::Adapter, Form::Static] {
        let imports = component_imports(&p3shim_tests::c_component("file_io", form));
        assert!(!imports.is_empty());
        for name in imports.lines() {
            assert!(
                name.starts_with("wasi:") && name.ends_with("@0.3.0"),
                "{form:?} imports {name}"
            );
        }
    }
}

/// A program pays for sockets and file streams only when it can create them (the doors:
/// `adapter/src/gate.rs`, `host/src/doors.rs`): without `socket()` its component imports
/// no `wasi:sockets` interface, and without `open` (path_open) or a directory read none of
/// the file stream built-ins, in either form; programs that do get them and work.
#[test]
fn programs_carry_only_the_doors_they_can_open() {
    for form in [Form::Adapter, Form::Static] {
        for (prog, sockets, files) in [
            ("hello", false, false),
            ("file_io", false, true),
            ("tcp_self_echo", true, false),
        ] {
            let c = p3shim_tests::c_component(prog, form);
            let imports = component_imports(&c);
            assert_eq!(
                imports.lines().any(|i| i.starts_with("wasi:sockets/")),
                sockets,
                "{prog} {form:?}: {imports}"
            );
            let bytes = std::fs::read(&c).unwrap();
            let has = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
            assert_eq!(
                has(b"[method]descriptor.read-via-stream"),
                files,
                "{prog} {form:?}: file read streams"
            );
            assert_eq!(
                has(b"[method]descriptor.write-via-stream"),
                files,
                "{prog} {form:?}: file write streams"
            );
        }
    }
}

/// A program that touches no descriptor pays for nothing it does not use: its component
/// imports only `wasi:cli/exit` (no std streams, environment, preopens or waiting, so no
/// import needs memory and wit-component adds no helper modules), and it still ends with
/// status 0 and no output, in both forms (built without the adapter-form socket library, which a
/// program without sockets does not link).
#[test]
fn an_empty_program_imports_only_exit_and_ends_with_its_status() {
    for form in [Form::Adapter, Form::Static] {
        let c = p3shim_tests::c_component_plain("empty_main", form, &[]);
        assert_eq!(
            component_imports(&c).trim(),
            "wasi:cli/exit@0.3.0",
            "{form:?}"
        );
        let out = Run::new(c).arg("/sandbox").run();
        assert_eq!(
            (out.status, out.stdout_str(), out.stderr_str()),
            (0, String::new(), String::new()),
            "{form:?}"
        );
    }
}

/// An engine failure (memory for an engine block runs out) traps, and once the program
/// has touched a descriptor the static shim says why on stderr, its message kept in code
/// rather than in a data segment; a program that touched none gets the trap alone.
#[test]
fn an_engine_failure_traps_with_its_message_once_the_program_has_output() {
    let out = Run::c("engine_fatal", Form::Static).arg("loud").run();
    assert_ne!(out.status, 0, "the program ran past the failure");
    assert_eq!(out.stdout_str(), "before\n");
    assert!(
        out.stderr_str().contains("p3shim: out of memory\n"),
        "stderr: {}",
        out.stderr_str()
    );
    let quiet = Run::c("engine_fatal", Form::Static).run();
    assert_ne!(quiet.status, 0);
    assert_eq!(quiet.stdout_str(), "");
    assert!(!quiet.stderr_str().contains("p3shim: out of memory"));
}

/// A static program that never allocates carries no C allocator: the engine grows memory
/// itself, its pipes grow past a megabyte, and poll/select arrays larger than their stack
/// copies come from the engine. A program that does allocate keeps its `malloc`, which then
/// also serves the engine (`file_bulk`, run in posix_extra.rs, shows the check can fail).
#[test]
fn a_static_program_without_malloc_carries_no_allocator_and_still_pipes_and_polls() {
    let has_allocator = |c: &std::path::Path| {
        let bytes = std::fs::read(c).unwrap();
        let has = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
        has(b"\x06malloc") || has(b"\x08dlmalloc")
    };
    let run = Run::c("no_malloc", Form::Static);
    let out = run.run().success();
    assert_eq!(
        lines(&out.stdout_str()),
        [
            "poll over 200 entries: 100 ready, first reader POLLIN 1",
            "poll over 1025 entries: -1 EINVAL",
            "select over 101 descriptors: 1 ready, fd 100 readable 1",
            "3 MiB through one pipe: 3145728 bytes, identical 1",
            "100 more pipes made and closed",
        ]
    );
    // Zig's libc is one object, so its (small) `calloc` is always linked and the engine
    // uses it; wasi-libc proper keeps `dlmalloc` in a member of its own.
    if p3shim_tests::libc() == p3shim_tests::Libc::Zig {
        return;
    }
    for (prog, allocates) in [("no_malloc", false), ("hello", false), ("file_bulk", true)] {
        let c = p3shim_tests::c_component(prog, Form::Static);
        assert_eq!(
            has_allocator(&c),
            allocates,
            "{prog}: malloc in the component"
        );
    }
}

/// Pipes, dup and the C-only calls exist in the static shim (wasip1 has no `pipe()`).
#[test]
fn pipes_dup_nonblocking_poll_select_and_fionread_via_static() {
    let run = Run::c("pipes_dup", Form::Static);
    let out = run.run().success();
    assert_eq!(
        lines(&out.stdout_str()),
        [
            "FIONREAD on pipe 5",
            "pipe read [hello]",
            "fstat is FIFO 1, socket 0",
            "after last writer closed: POLLHUP 1, read 0",
            "write end without reader: POLLERR 1",
            "both ends non-blocking 1 1",
            "filled to 65000 bytes",
            "full pipe POLLOUT 0",
            "after clearing one end: 0 1",
            "FIONBIO sets it again: 1",
            &format!(
                "1 MiB through a pipe: identical 1 fnv1a {:08x}",
                fnv1a(&pipe_pattern())
            ),
            "select timed out after 100 ms: 1",
            "select sees data 1",
            "select with exception sets: 2 ready, read 1 write 1 except 0 0",
            "status flags shared 1",
            "F_DUPFD(20) gives 20",
            "F_DUPFD_CLOEXEC(30) gives 30",
            "FIONREAD on a file 8",
        ]
    );
    assert_eq!(
        std::fs::read_to_string(run.dir().join("dup.txt")).unwrap(),
        "abcdefgh"
    );
    assert_eq!(
        std::fs::read_to_string(run.dir().join("other.txt")).unwrap(),
        ""
    );
}

/// The 1 MiB pattern `pipes_dup.c` sends through its pipe.
fn pipe_pattern() -> Vec<u8> {
    (0..1usize << 20)
        .map(|i| (i.wrapping_mul(7) + (i >> 9)) as u8)
        .collect()
}
