//! std::env through the adapter: arguments, variables, and the exit status.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args {args:?}");
    println!("P3_RUST {:?}", std::env::var("P3_RUST"));
    println!("unset {:?}", std::env::var("P3_UNSET").is_err());
    let mut vars: Vec<String> = std::env::vars().filter(|(k, _)| k.starts_with("P3_")).map(|(k, v)| format!("{k}={v}")).collect();
    vars.sort();
    println!("vars {vars:?}");
    let code = args.first().and_then(|a| a.parse().ok()).unwrap_or(0);
    eprintln!("exiting with {code}");
    std::process::exit(code);
}
