//! Raw imports of the `wasi:*@0.3.0` interfaces and the component-model async built-ins.
//!
//! The adapter may not carry the `wit-bindgen` runtime (no data, tables or start section),
//! so the canonical-ABI signatures are written out here. Functions typed `async func` in WIT
//! are lowered synchronously: `wasi:cli/run#run` is async-typed, so its task may block.
//! Stream and future built-ins are named after the function whose type they use, because a
//! handle may only be used with the built-in of its own type.

#![allow(dead_code)]

/// Result of `stream.read`/`stream.write`/`*.cancel-*`: no progress yet.
pub const BLOCKED: u32 = 0xffff_ffff;
/// Low nibble of a copy result.
pub const COPY_COMPLETED: u32 = 0;
pub const COPY_DROPPED: u32 = 1;
pub const COPY_CANCELLED: u32 = 2;

/// `waitable-set.wait` event codes.
pub const EVENT_SUBTASK: u32 = 1;
pub const EVENT_STREAM_READ: u32 = 2;
pub const EVENT_STREAM_WRITE: u32 = 3;
pub const EVENT_FUTURE_READ: u32 = 4;

/// Subtask states (low nibble of an async-lowered call's result).
pub const SUBTASK_STARTING: u32 = 0;
pub const SUBTASK_STARTED: u32 = 1;
pub const SUBTASK_RETURNED: u32 = 2;

#[link(wasm_import_module = "$root")]
unsafe extern "C" {
    #[link_name = "[waitable-set-new]"]
    pub fn waitable_set_new() -> u32;
    #[link_name = "[waitable-set-wait]"]
    pub fn waitable_set_wait(set: u32, event: *mut [u32; 2]) -> u32;
    #[link_name = "[waitable-set-poll]"]
    pub fn waitable_set_poll(set: u32, event: *mut [u32; 2]) -> u32;
    #[link_name = "[waitable-set-drop]"]
    pub fn waitable_set_drop(set: u32);
    #[link_name = "[waitable-join]"]
    pub fn waitable_join(waitable: u32, set: u32);
    #[link_name = "[subtask-drop]"]
    pub fn subtask_drop(subtask: u32);
    #[link_name = "[subtask-cancel]"]
    pub fn subtask_cancel(subtask: u32) -> u32;
    /// `canon thread.yield`: suspends the guest so the host runs its pending work first;
    /// returns 1 when the task was cancelled meanwhile.
    #[link_name = "[thread-yield]"]
    pub fn thread_yield() -> u32;
}

/// The stream and future built-ins of one WIT function's `stream<T>` (index 0) and
/// `future<result<_, E>>` (index 1).
macro_rules! transmit_site {
    ($name:ident, $module:literal, $func:literal) => {
        pub mod $name {
            #[link(wasm_import_module = $module)]
            unsafe extern "C" {
                #[link_name = concat!("[stream-new-0]", $func)]
                pub fn stream_new() -> u64;
                #[link_name = concat!("[async-lower][stream-read-0]", $func)]
                pub fn stream_read(h: u32, ptr: *mut u8, len: u32) -> u32;
                #[link_name = concat!("[async-lower][stream-write-0]", $func)]
                pub fn stream_write(h: u32, ptr: *const u8, len: u32) -> u32;
                #[link_name = concat!("[stream-cancel-read-0]", $func)]
                pub fn stream_cancel_read(h: u32) -> u32;
                #[link_name = concat!("[stream-cancel-write-0]", $func)]
                pub fn stream_cancel_write(h: u32) -> u32;
                #[link_name = concat!("[stream-drop-readable-0]", $func)]
                pub fn stream_drop_readable(h: u32);
                #[link_name = concat!("[stream-drop-writable-0]", $func)]
                pub fn stream_drop_writable(h: u32);
                #[link_name = concat!("[async-lower][future-read-1]", $func)]
                pub fn future_read(h: u32, ptr: *mut u8) -> u32;
                #[link_name = concat!("[future-cancel-read-1]", $func)]
                pub fn future_cancel_read(h: u32) -> u32;
                #[link_name = concat!("[future-drop-readable-1]", $func)]
                pub fn future_drop_readable(h: u32);
            }
        }
    };
}

transmit_site!(
    fs_read,
    "wasi:filesystem/types@0.3.0",
    "[method]descriptor.read-via-stream"
);
transmit_site!(
    fs_write,
    "wasi:filesystem/types@0.3.0",
    "[method]descriptor.write-via-stream"
);
transmit_site!(
    fs_append,
    "wasi:filesystem/types@0.3.0",
    "[method]descriptor.append-via-stream"
);
transmit_site!(
    fs_readdir,
    "wasi:filesystem/types@0.3.0",
    "[method]descriptor.read-directory"
);
transmit_site!(stdin, "wasi:cli/stdin@0.3.0", "read-via-stream");
transmit_site!(stdout, "wasi:cli/stdout@0.3.0", "write-via-stream");
transmit_site!(stderr, "wasi:cli/stderr@0.3.0", "write-via-stream");

pub mod filesystem {
    #[link(wasm_import_module = "wasi:filesystem/types@0.3.0")]
    unsafe extern "C" {
        #[link_name = "[resource-drop]descriptor"]
        pub fn drop_descriptor(d: u32);
        #[link_name = "[method]descriptor.read-via-stream"]
        pub fn read_via_stream(d: u32, offset: u64, ret: *mut [u32; 2]);
        #[link_name = "[method]descriptor.write-via-stream"]
        pub fn write_via_stream(d: u32, data: u32, offset: u64) -> u32;
        #[link_name = "[method]descriptor.append-via-stream"]
        pub fn append_via_stream(d: u32, data: u32) -> u32;
        #[link_name = "[method]descriptor.advise"]
        pub fn advise(d: u32, offset: u64, len: u64, advice: u32, ret: *mut u8);
        #[link_name = "[method]descriptor.sync-data"]
        pub fn sync_data(d: u32, ret: *mut u8);
        #[link_name = "[method]descriptor.get-flags"]
        pub fn get_flags(d: u32, ret: *mut u8);
        #[link_name = "[method]descriptor.get-type"]
        pub fn get_type(d: u32, ret: *mut u8);
        #[link_name = "[method]descriptor.set-size"]
        pub fn set_size(d: u32, size: u64, ret: *mut u8);
        #[link_name = "[method]descriptor.set-times"]
        pub fn set_times(
            d: u32,
            a: u32,
            a_s: i64,
            a_ns: u32,
            m: u32,
            m_s: i64,
            m_ns: u32,
            ret: *mut u8,
        );
        #[link_name = "[method]descriptor.read-directory"]
        pub fn read_directory(d: u32, ret: *mut [u32; 2]);
        #[link_name = "[method]descriptor.sync"]
        pub fn sync(d: u32, ret: *mut u8);
        #[link_name = "[method]descriptor.create-directory-at"]
        pub fn create_directory_at(d: u32, p: *const u8, pl: usize, ret: *mut u8);
        #[link_name = "[method]descriptor.stat"]
        pub fn stat(d: u32, ret: *mut u8);
        #[link_name = "[method]descriptor.stat-at"]
        pub fn stat_at(d: u32, pf: u32, p: *const u8, pl: usize, ret: *mut u8);
        #[link_name = "[method]descriptor.set-times-at"]
        pub fn set_times_at(
            d: u32,
            pf: u32,
            p: *const u8,
            pl: usize,
            a: u32,
            a_s: i64,
            a_ns: u32,
            m: u32,
            m_s: i64,
            m_ns: u32,
            ret: *mut u8,
        );
        #[link_name = "[method]descriptor.link-at"]
        pub fn link_at(
            d: u32,
            of: u32,
            op: *const u8,
            ol: usize,
            nd: u32,
            np: *const u8,
            nl: usize,
            ret: *mut u8,
        );
        #[link_name = "[method]descriptor.open-at"]
        pub fn open_at(d: u32, pf: u32, p: *const u8, pl: usize, of: u32, df: u32, ret: *mut u8);
        #[link_name = "[method]descriptor.readlink-at"]
        pub fn readlink_at(d: u32, p: *const u8, pl: usize, ret: *mut u8);
        #[link_name = "[method]descriptor.remove-directory-at"]
        pub fn remove_directory_at(d: u32, p: *const u8, pl: usize, ret: *mut u8);
        #[link_name = "[method]descriptor.rename-at"]
        pub fn rename_at(
            d: u32,
            op: *const u8,
            ol: usize,
            nd: u32,
            np: *const u8,
            nl: usize,
            ret: *mut u8,
        );
        #[link_name = "[method]descriptor.symlink-at"]
        pub fn symlink_at(d: u32, op: *const u8, ol: usize, np: *const u8, nl: usize, ret: *mut u8);
        #[link_name = "[method]descriptor.unlink-file-at"]
        pub fn unlink_file_at(d: u32, p: *const u8, pl: usize, ret: *mut u8);
        #[link_name = "[method]descriptor.metadata-hash"]
        pub fn metadata_hash(d: u32, ret: *mut u8);
        #[link_name = "[method]descriptor.metadata-hash-at"]
        pub fn metadata_hash_at(d: u32, pf: u32, p: *const u8, pl: usize, ret: *mut u8);
    }
    #[link(wasm_import_module = "wasi:filesystem/preopens@0.3.0")]
    unsafe extern "C" {
        #[link_name = "get-directories"]
        pub fn get_directories(ret: *mut [usize; 2]);
    }
}

pub mod cli {
    #[link(wasm_import_module = "wasi:cli/environment@0.3.0")]
    unsafe extern "C" {
        #[link_name = "get-environment"]
        pub fn get_environment(ret: *mut [usize; 2]);
        #[link_name = "get-arguments"]
        pub fn get_arguments(ret: *mut [usize; 2]);
    }
    #[link(wasm_import_module = "wasi:cli/exit@0.3.0")]
    unsafe extern "C" {
        #[link_name = "exit"]
        pub fn exit(is_err: u32) -> !;
        #[link_name = "exit-with-code"]
        pub fn exit_with_code(code: u32) -> !;
    }
    #[link(wasm_import_module = "wasi:cli/stdin@0.3.0")]
    unsafe extern "C" {
        #[link_name = "read-via-stream"]
        pub fn stdin_read_via_stream(ret: *mut [u32; 2]);
    }
    #[link(wasm_import_module = "wasi:cli/stdout@0.3.0")]
    unsafe extern "C" {
        #[link_name = "write-via-stream"]
        pub fn stdout_write_via_stream(data: u32) -> u32;
    }
    #[link(wasm_import_module = "wasi:cli/stderr@0.3.0")]
    unsafe extern "C" {
        #[link_name = "write-via-stream"]
        pub fn stderr_write_via_stream(data: u32) -> u32;
    }
}

pub mod clocks {
    #[link(wasm_import_module = "wasi:clocks/monotonic-clock@0.3.0")]
    unsafe extern "C" {
        #[link_name = "now"]
        pub fn monotonic_now() -> u64;
        #[link_name = "get-resolution"]
        pub fn monotonic_resolution() -> u64;
        #[link_name = "wait-for"]
        pub fn wait_for(ns: u64);
        #[link_name = "[async-lower]wait-for"]
        pub fn wait_for_async(ns: u64) -> u32;
    }
    #[link(wasm_import_module = "wasi:clocks/system-clock@0.3.0")]
    unsafe extern "C" {
        #[link_name = "now"]
        pub fn system_now(ret: *mut u8);
        #[link_name = "get-resolution"]
        pub fn system_resolution() -> u64;
    }
}

pub mod random {
    #[link(wasm_import_module = "wasi:random/random@0.3.0")]
    unsafe extern "C" {
        #[link_name = "get-random-bytes"]
        pub fn get_random_bytes(max_len: u64, ret: *mut [usize; 2]);
    }
}

pub mod terminal {
    #[link(wasm_import_module = "wasi:cli/terminal-stdin@0.3.0")]
    unsafe extern "C" {
        #[link_name = "get-terminal-stdin"]
        pub fn get_terminal_stdin(ret: *mut [u32; 2]);
    }
    #[link(wasm_import_module = "wasi:cli/terminal-stdout@0.3.0")]
    unsafe extern "C" {
        #[link_name = "get-terminal-stdout"]
        pub fn get_terminal_stdout(ret: *mut [u32; 2]);
    }
    #[link(wasm_import_module = "wasi:cli/terminal-stderr@0.3.0")]
    unsafe extern "C" {
        #[link_name = "get-terminal-stderr"]
        pub fn get_terminal_stderr(ret: *mut [u32; 2]);
    }
    #[link(wasm_import_module = "wasi:cli/terminal-input@0.3.0")]
    unsafe extern "C" {
        #[link_name = "[resource-drop]terminal-input"]
        pub fn drop_terminal_input(h: u32);
    }
    #[link(wasm_import_module = "wasi:cli/terminal-output@0.3.0")]
    unsafe extern "C" {
        #[link_name = "[resource-drop]terminal-output"]
        pub fn drop_terminal_output(h: u32);
    }
}

transmit_site!(
    tcp_listen,
    "wasi:sockets/types@0.3.0",
    "[method]tcp-socket.listen"
);
transmit_site!(
    tcp_send,
    "wasi:sockets/types@0.3.0",
    "[method]tcp-socket.send"
);
transmit_site!(
    tcp_recv,
    "wasi:sockets/types@0.3.0",
    "[method]tcp-socket.receive"
);

/// Calls a `wasi:sockets` import whose `ip-socket-address` argument is flattened: the
/// leading arguments, then the 12 words of `$flat` (a `sockets::Flat`), then the return area.
macro_rules! call_flat {
    ($f:path, ($($pre:expr),*), $flat:expr, $ret:expr) => {{
        let f: $crate::wasi::sockets::Flat = $flat;
        $f($($pre,)* f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], $ret)
    }};
}
pub(crate) use call_flat;

/// `wasi:sockets`. An `ip-socket-address` argument is flattened to 12 words (see
/// `sockaddr.rs`); results go to a return area.
pub mod sockets {
    /// A flattened `ip-socket-address`: discriminant then the joined payload words.
    pub type Flat = [u32; 12];

    #[link(wasm_import_module = "wasi:sockets/types@0.3.0")]
    unsafe extern "C" {
        #[link_name = "[static]tcp-socket.create"]
        pub fn tcp_create(family: u32, ret: *mut u8);
        #[link_name = "[resource-drop]tcp-socket"]
        pub fn tcp_drop(h: u32);
        #[link_name = "[method]tcp-socket.bind"]
        pub fn tcp_bind(
            h: u32,
            d: u32,
            a0: u32,
            a1: u32,
            a2: u32,
            a3: u32,
            a4: u32,
            a5: u32,
            a6: u32,
            a7: u32,
            a8: u32,
            a9: u32,
            a10: u32,
            ret: *mut u8,
        );
        /// Async-lowered: `params` holds (handle, ip-socket-address); returns a subtask code.
        #[link_name = "[async-lower][method]tcp-socket.connect"]
        pub fn tcp_connect(params: *const u8, ret: *mut u8) -> u32;
        #[link_name = "[method]tcp-socket.listen"]
        pub fn tcp_listen(h: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.send"]
        pub fn tcp_send(h: u32, data: u32) -> u32;
        #[link_name = "[method]tcp-socket.receive"]
        pub fn tcp_receive(h: u32, ret: *mut [u32; 2]);
        #[link_name = "[method]tcp-socket.get-local-address"]
        pub fn tcp_local_address(h: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.get-remote-address"]
        pub fn tcp_remote_address(h: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.set-listen-backlog-size"]
        pub fn tcp_set_backlog(h: u32, v: u64, ret: *mut u8);
        #[link_name = "[method]tcp-socket.get-keep-alive-enabled"]
        pub fn tcp_get_keepalive(h: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.set-keep-alive-enabled"]
        pub fn tcp_set_keepalive(h: u32, v: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.get-keep-alive-idle-time"]
        pub fn tcp_get_keepidle(h: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.set-keep-alive-idle-time"]
        pub fn tcp_set_keepidle(h: u32, v: u64, ret: *mut u8);
        #[link_name = "[method]tcp-socket.get-keep-alive-interval"]
        pub fn tcp_get_keepintvl(h: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.set-keep-alive-interval"]
        pub fn tcp_set_keepintvl(h: u32, v: u64, ret: *mut u8);
        #[link_name = "[method]tcp-socket.get-keep-alive-count"]
        pub fn tcp_get_keepcnt(h: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.set-keep-alive-count"]
        pub fn tcp_set_keepcnt(h: u32, v: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.get-hop-limit"]
        pub fn tcp_get_hops(h: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.set-hop-limit"]
        pub fn tcp_set_hops(h: u32, v: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.get-receive-buffer-size"]
        pub fn tcp_get_rcvbuf(h: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.set-receive-buffer-size"]
        pub fn tcp_set_rcvbuf(h: u32, v: u64, ret: *mut u8);
        #[link_name = "[method]tcp-socket.get-send-buffer-size"]
        pub fn tcp_get_sndbuf(h: u32, ret: *mut u8);
        #[link_name = "[method]tcp-socket.set-send-buffer-size"]
        pub fn tcp_set_sndbuf(h: u32, v: u64, ret: *mut u8);

        #[link_name = "[static]udp-socket.create"]
        pub fn udp_create(family: u32, ret: *mut u8);
        #[link_name = "[resource-drop]udp-socket"]
        pub fn udp_drop(h: u32);
        #[link_name = "[method]udp-socket.bind"]
        pub fn udp_bind(
            h: u32,
            d: u32,
            a0: u32,
            a1: u32,
            a2: u32,
            a3: u32,
            a4: u32,
            a5: u32,
            a6: u32,
            a7: u32,
            a8: u32,
            a9: u32,
            a10: u32,
            ret: *mut u8,
        );
        #[link_name = "[method]udp-socket.connect"]
        pub fn udp_connect(
            h: u32,
            d: u32,
            a0: u32,
            a1: u32,
            a2: u32,
            a3: u32,
            a4: u32,
            a5: u32,
            a6: u32,
            a7: u32,
            a8: u32,
            a9: u32,
            a10: u32,
            ret: *mut u8,
        );
        #[link_name = "[method]udp-socket.disconnect"]
        pub fn udp_disconnect(h: u32, ret: *mut u8);
        /// Sync-lowered: 16 flat parameters (handle, list, option<ip-socket-address>).
        #[link_name = "[method]udp-socket.send"]
        pub fn udp_send(
            h: u32,
            ptr: *const u8,
            len: usize,
            some: u32,
            d: u32,
            a0: u32,
            a1: u32,
            a2: u32,
            a3: u32,
            a4: u32,
            a5: u32,
            a6: u32,
            a7: u32,
            a8: u32,
            a9: u32,
            a10: u32,
            ret: *mut u8,
        );
        /// Async-lowered; returns a subtask code, the datagram lands in `ret` when done.
        #[link_name = "[async-lower][method]udp-socket.receive"]
        pub fn udp_receive(h: u32, ret: *mut u8) -> u32;
        #[link_name = "[method]udp-socket.get-local-address"]
        pub fn udp_local_address(h: u32, ret: *mut u8);
        #[link_name = "[method]udp-socket.get-remote-address"]
        pub fn udp_remote_address(h: u32, ret: *mut u8);
        #[link_name = "[method]udp-socket.get-unicast-hop-limit"]
        pub fn udp_get_hops(h: u32, ret: *mut u8);
        #[link_name = "[method]udp-socket.set-unicast-hop-limit"]
        pub fn udp_set_hops(h: u32, v: u32, ret: *mut u8);
        #[link_name = "[method]udp-socket.get-receive-buffer-size"]
        pub fn udp_get_rcvbuf(h: u32, ret: *mut u8);
        #[link_name = "[method]udp-socket.set-receive-buffer-size"]
        pub fn udp_set_rcvbuf(h: u32, v: u64, ret: *mut u8);
        #[link_name = "[method]udp-socket.get-send-buffer-size"]
        pub fn udp_get_sndbuf(h: u32, ret: *mut u8);
        #[link_name = "[method]udp-socket.set-send-buffer-size"]
        pub fn udp_set_sndbuf(h: u32, v: u64, ret: *mut u8);
    }

    #[link(wasm_import_module = "wasi:sockets/ip-name-lookup@0.3.0")]
    unsafe extern "C" {
        #[link_name = "resolve-addresses"]
        pub fn resolve_addresses(name: *const u8, len: usize, ret: *mut u8);
    }
}
