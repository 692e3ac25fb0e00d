//! More POSIX behaviour through both delivery forms: start-up and exit ordering, bulk and
//! random-access file I/O, full-precision file times, relative paths after chdir, many
//! descriptors, stdio streams on files. Results are also checked from the host side.

use p3shim_tests::{Run, both_forms, fnv1a, rust_component};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

/// `file_bulk.c`'s 16 MiB pattern before and after its scattered overwrites.
fn bulk_expected() -> (Vec<u8>, Vec<u8>) {
    const BIG: u32 = 16 << 20;
    let orig: Vec<u8> = (0..BIG)
        .map(|i| {
            (i.wrapping_mul(131)
                .wrapping_add(i >> 8)
                .wrapping_add(i >> 16)) as u8
        })
        .collect();
    let mut buf = orig.clone();
    let mut seed: u32 = 12345;
    for i in 0..2000u32 {
        seed = seed.wrapping_mul(1103515245).wrapping_add(12345);
        let pos = (seed >> 4) % (BIG - 64);
        let len = 1 + (seed >> 24) % 64;
        if i % 3 == 0 {
            for j in 0..len {
                buf[(pos + j) as usize] = i.wrapping_add(j) as u8;
            }
        }
    }
    (orig, buf)
}

/// A file time as "seconds.nanoseconds" since the epoch.
fn stamp(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap();
    format!("{}.{:09}", d.as_secs(), d.subsec_nanos())
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

both_forms! {
    fn constructors_atexit_handlers_and_destructors_run_around_main(form) {
        for (mode, status) in [("return", 0), ("exit", 6), ("exit-unflushed", 7)] {
            let out = Run::c("exit_handlers", form).arg(mode).run();
            assert_eq!(out.status, status, "mode {mode}: {}", out.stderr_str());
            let mut expect = String::from("constructor ran\nmain sees constructed=1\n");
            for i in 0..200 {
                expect += &format!("{mode} line {i:03} of buffered output\n");
            }
            if mode == "exit-unflushed" {
                expect += "tail without newline|";
            }
            expect += "atexit handler registered second runs first\n\
                       atexit handler registered first runs last\n\
                       destructor ran (buffered, no newline)";
            assert_eq!(out.stdout_str(), expect, "mode {mode}");
        }
    }

    fn file_bulk_random_access_and_truncate_zero_fill(form) {
        let run = Run::c("file_bulk", form);
        let out = run.run().success();
        let (orig, modified) = bulk_expected();
        assert_eq!(lines(&out.stdout_str()), [
            "wrote 16777216 bytes".to_string(),
            format!("read back 16777216 bytes identical, fnv1a {:08x}", fnv1a(&orig)),
            "interleaved: 1333 reads matched the latest writes".into(),
            "shrink to 100 then grow to 5000: old bytes kept, new bytes zero 1".into(),
            "write at 10000 after shrink: size 10003, hole zero 1".into(),
            format!("final big.bin fnv1a {:08x}", fnv1a(&modified)),
        ]);
        let big = std::fs::read(run.dir().join("big.bin")).unwrap();
        assert!(big == modified, "big.bin differs on the host ({} bytes)", big.len());
        let trunc = std::fs::read(run.dir().join("trunc.bin")).unwrap();
        let mut expect = orig[..100].to_vec();
        expect.resize(10000, 0);
        expect.extend_from_slice(b"END");
        assert!(trunc == expect, "trunc.bin differs on the host ({} bytes)", trunc.len());
    }

    fn file_times_keep_nanoseconds_and_64_bit_seconds(form) {
        let run = Run::c("times_ns", form);
        let out = run.run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "futimens atime 1000000000.123456789 mtime 1234567890.987654321",
            "utimensat after 2038 atime 4102444800.000000001 mtime 4102444801.999999999",
            "a write sets mtime to about now: 1",
            "directory atime 1500000000.000000005 mtime 1600000000.500000000",
            "symlink mtime 1200000000.250000000",
            "target mtime unchanged 1",
        ]);
        // The host sees the same times: no conversion error that only round-trips inside.
        let f = std::fs::metadata(run.dir().join("f.txt")).unwrap();
        assert_eq!(stamp(f.accessed().unwrap()), "4102444800.000000001");
        let d = std::fs::metadata(run.dir().join("d")).unwrap();
        assert_eq!(stamp(d.accessed().unwrap()), "1500000000.000000005");
        assert_eq!(stamp(d.modified().unwrap()), "1600000000.500000000");
        let l = std::fs::symlink_metadata(run.dir().join("link")).unwrap();
        assert_eq!(stamp(l.modified().unwrap()), "1200000000.250000000");
    }

    fn relative_paths_resolve_after_chdir(form) {
        let run = Run::c("cwd_relative", form);
        let out = run.run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "getcwd is the directory: 1",
            "created rel.txt, sub/ and sub/inner/ by relative names",
            "getcwd after chdir(sub) ends with /sub: 1",
            "read ../rel.txt from sub: [relative]",
            "renamed ../rel.txt to inner/moved.txt, size 9",
            "opendir(\".\") after chdir(..) lists 1 entry",
            "access: gone ENOENT, moved readable",
        ]);
        assert_eq!(
            std::fs::read_to_string(run.dir().join("sub/inner/moved.txt")).unwrap(),
            "relative\n"
        );
        assert!(!run.dir().join("rel.txt").exists());
    }

    fn many_descriptors_open_at_once_stay_distinct(form) {
        let run = Run::c("many_fds", form);
        let out = run.run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "300 descriptors open at once, 3 interleaved writes each",
            "closed 150, opened 150 more: 300 distinct descriptors",
            "verified and closed 300",
        ]);
        assert_eq!(count_files(run.dir()), 450);
        for i in [0, 1, 150, 299] {
            assert_eq!(
                std::fs::read_to_string(run.dir().join(format!("f{i:03}.txt"))).unwrap(),
                format!("{i}:0;{i}:1;{i}:2;")
            );
        }
        assert_eq!(std::fs::read_to_string(run.dir().join("g149.txt")).unwrap(), "new 149");
    }

    fn stdio_file_streams_and_freopen_of_stdout(form) {
        let run = Run::c("stdio_files", form);
        let out = run.run().success();
        assert_eq!(lines(&out.stdout_str()), [
            "fscanf read 100 rows, sum of squares 338350",
            "after rewind+ungetc: [1 1]",
            "ftell 740 of the last line [100 10000]",
            "unbuffered records: 2 -2.25 two, 3 10000000000 three",
            "rename and remove ok",
            "redirecting stdout",
        ]);
        let text = std::fs::read_to_string(run.dir().join("text.txt")).unwrap();
        assert!(text.starts_with("XX1\n2 4\n") && text.ends_with("100 10000\nappended\n"), "{text}");
        assert_eq!(std::fs::metadata(run.dir().join("renamed.bin")).unwrap().len(), 72);
        assert!(!run.dir().join("gone.txt").exists());
        let redirected: String = (0..1000).map(|i| format!("redirected line {i}\n")).collect();
        assert_eq!(std::fs::read_to_string(run.dir().join("redirected.txt")).unwrap(), redirected);
    }
}

#[test]
fn rust_std_stdio_and_time_via_adapter() {
    let input: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    let run = Run::new(rust_component("stdio_time"))
        .arg("/sandbox")
        .arg("2000003")
        .stdin_bytes(input.clone());
    let out = run.run().success();
    assert_eq!(
        out.stderr_str(),
        format!(
            "stdin 300000 bytes fnv1a {:08x}\nslept >= 40ms: true\nsystem time after 2020: true\n\
             file mtime within 5 s of now: true\n",
            fnv1a(&input)
        )
    );
    let expect: Vec<u8> = (0..2_000_003usize)
        .map(|i| ((i.wrapping_mul(31)) ^ (i >> 11) ^ (i >> 19)) as u8)
        .collect();
    assert!(
        out.stdout == expect,
        "stdout differs ({} bytes)",
        out.stdout.len()
    );
}
