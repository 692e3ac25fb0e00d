//! Leak and capacity checks (`c/leak_cycles.c`): long create/close cycles of files,
//! directories, pipes and sockets, run under `p3run --max-resources=N` so that a single
//! host resource (descriptor, stream, future, socket) leaked per cycle fills the host's
//! resource table within N cycles; and the descriptor capacity measured before and after.

use p3shim_tests::{Form, Run, both_forms, c_component_with};

/// Enough host resources for stdio, the preopen and one cycle's worth, far fewer than
/// the number of cycles.
const MAX_RESOURCES: &str = "--max-resources=64";

/// The engine's descriptor table holds 1024 descriptors; stdio and the preopen take 4.
const CAPACITY: &str = "capacity 1020 EMFILE, after 1020 EMFILE";

fn leak_cycles(form: Form) -> Run {
    let flags: &[&str] = match form {
        Form::Adapter => &["-DP3SHIM_LEAK_NET"],
        Form::Static => &["-DP3SHIM_LEAK_NET", "-DP3SHIM_LEAK_PIPES"],
    };
    Run::new(c_component_with("leak_cycles", form, flags)).arg("/sandbox")
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

both_forms! {
    fn hundred_thousand_file_open_read_close_cycles_leak_no_host_resource(form) {
        let out = leak_cycles(form).arg("files").arg("100000").runner_flag(MAX_RESOURCES).run().success();
        assert_eq!(lines(&out.stdout_str()), ["files 100000 cycles"]);
    }

    fn ten_thousand_opendir_readdir_closedir_cycles_leak_no_host_resource(form) {
        let out = leak_cycles(form).arg("dirs").arg("10000").runner_flag(MAX_RESOURCES).run().success();
        assert_eq!(lines(&out.stdout_str()), ["dirs 10000 cycles"]);
    }

    fn thousand_socket_bind_close_cycles_leak_no_host_resource(form) {
        let out = leak_cycles(form).arg("sockets").arg("1000").net().runner_flag(MAX_RESOURCES).run().success();
        assert_eq!(lines(&out.stdout_str()), ["sockets 1000 cycles"]);
    }

    fn descriptor_capacity_is_the_same_after_closing_everything(form) {
        let out = leak_cycles(form).arg("files").arg("1000").arg("cap").run().success();
        assert_eq!(lines(&out.stdout_str()), ["files 1000 cycles", CAPACITY]);
    }

    fn full_host_resource_table_stops_the_guest_with_a_named_trap(form) {
        // Wasmtime-wasi 50 turns a full ResourceTable into a trap (FilesystemError::trap):
        // the guest cannot see an errno for it. The limit is still enforced, and named.
        let out = leak_cycles(form).arg("capacity").runner_flag("--max-resources=200").run();
        assert_eq!(out.status, 134, "{}", out.stderr_str());
        assert!(out.stderr_str().contains("resource table has no free keys"), "{}", out.stderr_str());
    }
}

#[test]
fn ten_thousand_pipe_pairs_created_and_closed_leak_nothing_via_static() {
    // pipe() is part of the static shim's C ABI only.
    let out = leak_cycles(Form::Static)
        .arg("pipes")
        .arg("10000")
        .arg("cap")
        .run()
        .success();
    assert_eq!(lines(&out.stdout_str()), ["pipes 10000 cycles", CAPACITY]);
}
