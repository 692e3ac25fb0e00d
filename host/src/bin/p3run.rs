//! `p3run`: runs a WASIp3 command component on a host that links only `wasi:*@0.3.0`.
//! All logic lives in `p3shim_host::runner` so test harnesses can call it in-process.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Guest argv is `list<string>`, so non-UTF-8 arguments cannot be passed on faithfully.
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(arg) => args.push(arg),
            Err(arg) => {
                eprintln!("p3run: error: argument {arg:?} is not valid UTF-8");
                return ExitCode::from(p3shim_host::runner::EXIT_USAGE as u8);
            }
        }
    }
    let code = p3shim_host::runner::main_with_args(args);
    // Statuses come from `exit-with-code(u8)` or our constants, so they fit in a byte.
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
