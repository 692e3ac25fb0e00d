//! The engine's imports of the `wasi:*@0.3.0` interfaces and the component-model built-ins.
//!
//! Each import is declared by `wasi_import!`, generated from the WASIp3 WIT at build time by
//! `p3shim-bindgen` (see `host/src/bindings.rs`): module, field and core type come from there,
//! and this file only says which imports the engine calls and under which names. Functions
//! typed `async func` in WIT are lowered synchronously unless the engine names their `_async`
//! (`[async-lower]`) form: `wasi:cli/run#run` is async-typed, so its task may block. Stream
//! and future built-ins are declared per WIT function (`<function>_builtins`), because a
//! handle may only be used with the built-in of its own type.

#![allow(dead_code)]

include!(concat!(env!("OUT_DIR"), "/wasi_bindings.rs"));

/// Declares generated imports under the engine's names, `path as name;` each.
macro_rules! imports {
    ($($($path:ident)::+ as $name:ident;)*) => {
        $(wasi_import!($($path)::+ as $name);)*
    };
}

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

imports! {
    root::subtask_cancel as subtask_cancel;
    root::subtask_drop as subtask_drop;
    root::thread_yield as thread_yield;
    root::waitable_join as waitable_join;
    root::waitable_set_drop as waitable_set_drop;
    root::waitable_set_new as waitable_set_new;
    root::waitable_set_poll as waitable_set_poll;
    root::waitable_set_wait as waitable_set_wait;
}

/// Names the stream built-ins of one WIT function's `stream<T>` (type 0) and, with
/// `future`, those of its `future<result<_, E>>` (type 1): `$site::stream_read` and so on.
macro_rules! transmit_site {
    ($site:ident, $($path:ident)::+) => {
        pub mod $site {
            transmit_site!(@stream $($path)::+);
        }
    };
    ($site:ident, $($path:ident)::+, future) => {
        pub mod $site {
            transmit_site!(@stream $($path)::+);
            imports! {
                $($path)::+::future_read_1_async as future_read;
                $($path)::+::future_cancel_read_1 as future_cancel_read;
                $($path)::+::future_drop_readable_1 as future_drop_readable;
            }
        }
    };
    (@stream $($path:ident)::+) => {
        imports! {
            $($path)::+::stream_new_0 as stream_new;
            $($path)::+::stream_read_0_async as stream_read;
            $($path)::+::stream_write_0_async as stream_write;
            $($path)::+::stream_cancel_read_0 as stream_cancel_read;
            $($path)::+::stream_cancel_write_0 as stream_cancel_write;
            $($path)::+::stream_drop_readable_0 as stream_drop_readable;
            $($path)::+::stream_drop_writable_0 as stream_drop_writable;
        }
    };
}

transmit_site!(
    fs_read,
    filesystem::types::descriptor::read_via_stream_builtins,
    future
);
transmit_site!(
    fs_write,
    filesystem::types::descriptor::write_via_stream_builtins,
    future
);
transmit_site!(
    fs_append,
    filesystem::types::descriptor::append_via_stream_builtins,
    future
);
transmit_site!(
    fs_readdir,
    filesystem::types::descriptor::read_directory_builtins,
    future
);
transmit_site!(stdin, cli::stdin::read_via_stream_builtins, future);
transmit_site!(stdout, cli::stdout::write_via_stream_builtins, future);
transmit_site!(stderr, cli::stderr::write_via_stream_builtins, future);
transmit_site!(tcp_listen, sockets::types::tcp_socket::listen_builtins);
transmit_site!(tcp_send, sockets::types::tcp_socket::send_builtins, future);
transmit_site!(
    tcp_recv,
    sockets::types::tcp_socket::receive_builtins,
    future
);

/// `wasi:filesystem`: the methods of `descriptor` under their WIT names.
pub mod filesystem {
    imports! {
        filesystem::preopens::get_directories as get_directories;
        filesystem::types::descriptor::resource_drop as drop_descriptor;
        filesystem::types::descriptor::advise as advise;
        filesystem::types::descriptor::append_via_stream as append_via_stream;
        filesystem::types::descriptor::create_directory_at as create_directory_at;
        filesystem::types::descriptor::get_flags as get_flags;
        filesystem::types::descriptor::get_type as get_type;
        filesystem::types::descriptor::link_at as link_at;
        filesystem::types::descriptor::metadata_hash as metadata_hash;
        filesystem::types::descriptor::metadata_hash_at as metadata_hash_at;
        filesystem::types::descriptor::open_at as open_at;
        filesystem::types::descriptor::read_directory as read_directory;
        filesystem::types::descriptor::read_via_stream as read_via_stream;
        filesystem::types::descriptor::readlink_at as readlink_at;
        filesystem::types::descriptor::remove_directory_at as remove_directory_at;
        filesystem::types::descriptor::rename_at as rename_at;
        filesystem::types::descriptor::set_size as set_size;
        filesystem::types::descriptor::set_times as set_times;
        filesystem::types::descriptor::set_times_at as set_times_at;
        filesystem::types::descriptor::stat as stat;
        filesystem::types::descriptor::stat_at as stat_at;
        filesystem::types::descriptor::symlink_at as symlink_at;
        filesystem::types::descriptor::sync as sync;
        filesystem::types::descriptor::sync_data as sync_data;
        filesystem::types::descriptor::unlink_file_at as unlink_file_at;
        filesystem::types::descriptor::write_via_stream as write_via_stream;
    }
}

pub mod cli {
    imports! {
        cli::environment::get_arguments as get_arguments;
        cli::environment::get_environment as get_environment;
        cli::exit::exit as exit;
        cli::exit::exit_with_code as exit_with_code;
        cli::stdin::read_via_stream as stdin_read_via_stream;
        cli::stdout::write_via_stream as stdout_write_via_stream;
        cli::stderr::write_via_stream as stderr_write_via_stream;
    }
}

pub mod clocks {
    imports! {
        clocks::monotonic_clock::now as monotonic_now;
        clocks::monotonic_clock::get_resolution as monotonic_resolution;
        clocks::monotonic_clock::wait_for as wait_for;
        clocks::monotonic_clock::wait_for_async as wait_for_async;
        clocks::system_clock::now as system_now;
        clocks::system_clock::get_resolution as system_resolution;
    }
}

pub mod random {
    imports! {
        random::random::get_random_bytes as get_random_bytes;
    }
}

pub mod terminal {
    imports! {
        cli::terminal_stdin::get_terminal_stdin as get_terminal_stdin;
        cli::terminal_stdout::get_terminal_stdout as get_terminal_stdout;
        cli::terminal_stderr::get_terminal_stderr as get_terminal_stderr;
        cli::terminal_input::terminal_input::resource_drop as drop_terminal_input;
        cli::terminal_output::terminal_output::resource_drop as drop_terminal_output;
    }
}

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

    imports! {
        sockets::ip_name_lookup::resolve_addresses as resolve_addresses;

        sockets::types::tcp_socket::create as tcp_create;
        sockets::types::tcp_socket::resource_drop as tcp_drop;
        sockets::types::tcp_socket::bind as tcp_bind;
        // Async-lowered: parameters spilled to memory, returns a subtask code.
        sockets::types::tcp_socket::connect_async as tcp_connect;
        sockets::types::tcp_socket::listen as tcp_listen;
        sockets::types::tcp_socket::send as tcp_send;
        sockets::types::tcp_socket::receive as tcp_receive;
        sockets::types::tcp_socket::get_local_address as tcp_local_address;
        sockets::types::tcp_socket::get_remote_address as tcp_remote_address;
        sockets::types::tcp_socket::set_listen_backlog_size as tcp_set_backlog;
        sockets::types::tcp_socket::get_keep_alive_enabled as tcp_get_keepalive;
        sockets::types::tcp_socket::set_keep_alive_enabled as tcp_set_keepalive;
        sockets::types::tcp_socket::get_keep_alive_idle_time as tcp_get_keepidle;
        sockets::types::tcp_socket::set_keep_alive_idle_time as tcp_set_keepidle;
        sockets::types::tcp_socket::get_keep_alive_interval as tcp_get_keepintvl;
        sockets::types::tcp_socket::set_keep_alive_interval as tcp_set_keepintvl;
        sockets::types::tcp_socket::get_keep_alive_count as tcp_get_keepcnt;
        sockets::types::tcp_socket::set_keep_alive_count as tcp_set_keepcnt;
        sockets::types::tcp_socket::get_hop_limit as tcp_get_hops;
        sockets::types::tcp_socket::set_hop_limit as tcp_set_hops;
        sockets::types::tcp_socket::get_receive_buffer_size as tcp_get_rcvbuf;
        sockets::types::tcp_socket::set_receive_buffer_size as tcp_set_rcvbuf;
        sockets::types::tcp_socket::get_send_buffer_size as tcp_get_sndbuf;
        sockets::types::tcp_socket::set_send_buffer_size as tcp_set_sndbuf;

        sockets::types::udp_socket::create as udp_create;
        sockets::types::udp_socket::resource_drop as udp_drop;
        sockets::types::udp_socket::bind as udp_bind;
        sockets::types::udp_socket::connect as udp_connect;
        sockets::types::udp_socket::disconnect as udp_disconnect;
        // Sync-lowered: 16 flat parameters (handle, list, option<ip-socket-address>).
        sockets::types::udp_socket::send as udp_send;
        // Async-lowered: returns a subtask code; the datagram lands in the return area.
        sockets::types::udp_socket::receive_async as udp_receive;
        sockets::types::udp_socket::get_local_address as udp_local_address;
        sockets::types::udp_socket::get_remote_address as udp_remote_address;
        sockets::types::udp_socket::get_unicast_hop_limit as udp_get_hops;
        sockets::types::udp_socket::set_unicast_hop_limit as udp_set_hops;
        sockets::types::udp_socket::get_receive_buffer_size as udp_get_rcvbuf;
        sockets::types::udp_socket::set_receive_buffer_size as udp_set_rcvbuf;
        sockets::types::udp_socket::get_send_buffer_size as udp_get_sndbuf;
        sockets::types::udp_socket::set_send_buffer_size as udp_set_sndbuf;
    }
}
