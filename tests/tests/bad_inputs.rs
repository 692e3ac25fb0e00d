//! Bad inputs (`c/bad_inputs.c`): every case gets its precise errno and the program
//! carries on; none may trap. The table is listed in tests/README.md.

use p3shim_tests::{Run, both_forms};

/// `case -> result`, in the program's order.
const EXPECTED: &[&str] = &[
    "read(-1) -> EBADF",
    "write(1023) -> EBADF",
    "write(100000) -> EBADF",
    "close(-5) -> EBADF",
    "read after close -> EBADF",
    "lseek after close -> EBADF",
    "fstat after close -> EBADF",
    "close twice -> EBADF",
    // Preview1's answer (Wasmtime's); Linux says EISDIR (docs/DECISIONS.md).
    "read(directory) -> EBADF",
    "write(directory) -> EBADF",
    "write(O_RDONLY) -> EBADF",
    "read(O_WRONLY) -> EBADF",
    "ftruncate(O_RDONLY) -> EINVAL",
    "ftruncate(directory) -> EINVAL",
    "openat(file, name) -> ENOTDIR",
    "lseek(stdout pipe) -> ESPIPE",
    "lseek whence 7 -> EINVAL",
    "lseek to -1 -> EINVAL",
    "lseek SEEK_END -6 -> EINVAL",
    "ftruncate(-1) -> EINVAL",
    "fd_seek whence 3 -> EINVAL",
    "clock_time_get id 99 -> EINVAL",
    "clock_res_get id 4 -> EINVAL",
    "fd_fdstat_set_flags 0xffff -> EINVAL",
    "path_open oflags 0xff -> EINVAL",
    "fd_renumber to 5000 -> EBADF",
    "fd_advise advice 9 -> EINVAL",
    "fd_filestat_set_times both now and time -> EINVAL",
    "fcntl(F_GETFL + 1000) -> EINVAL",
    "read len 0 -> 0",
    "write len 0 -> 0",
    "pread at 1<<40 -> 0",
    "lseek end -> 5",
    "read huge len at EOF -> 0",
    "fd_read iovec past memory -> 0, 5 bytes",
    "fd_read iovec outside memory -> EFAULT",
    "readv overlapping -> 5 [hlo]",
    "writev overlapping -> 5 [abcbc]",
    "open non-UTF-8 name -> EILSEQ",
    "path_open embedded NUL -> EINVAL",
    "open empty path -> ENOTCAPABLE",
    "open /etc/passwd -> ENOTCAPABLE",
    "open sandbox/../etc/passwd -> EPERM",
    "openat(preopen, ../x) -> EPERM",
    "openat(preopen, /etc) -> ENOTCAPABLE",
    "symlink to /etc/passwd -> EPERM",
    "symlink to ../../etc -> 0",
    "open through escaping symlink -> EPERM",
    "symlink loop a->b->a -> 0",
    "open symlink loop -> ELOOP",
    "open O_NOFOLLOW on symlink -> ELOOP",
    "open 300-byte name -> ENAMETOOLONG",
    "open 5000-byte path -> ENAMETOOLONG",
    "readlink(regular file) -> EINVAL",
    "rmdir(.) -> EINVAL",
    "unlink(directory) -> EISDIR",
    "rename dir into itself -> EINVAL",
    "mkdir existing -> EEXIST",
    "open O_DIRECTORY on file -> ENOTDIR",
    "open file/ (trailing slash) -> ENOTDIR",
    "poll closed fd and -1 -> 1 revents POLLNVAL 0",
    "still running",
];

both_forms! {
    fn bad_inputs_give_precise_errnos_and_never_trap(form) {
        let out = Run::c("bad_inputs", form).run();
        let text = out.stdout_str();
        assert_eq!(out.status, 0, "{}", out.stderr_str());
        // A path under no preopen is refused by the libc, not by p3shim: the 2022 wasi-libc
        // says ENOTCAPABLE, current wasi-libc ENOENT.
        let expected: Vec<String> = EXPECTED
            .iter()
            .map(|l| match p3shim_tests::libc() {
                p3shim_tests::Libc::Zig => l.replace("ENOTCAPABLE", "ENOENT"),
                p3shim_tests::Libc::Default => l.to_string(),
            })
            .collect();
        assert_eq!(text.lines().collect::<Vec<_>>(), expected);
    }
}
