#!/usr/bin/env bash
# Benchmarks side by side (see bench/README.md). Builds every benchmark program for every
# configuration into target/bench/, then runs them all through the harness (`p3bench drive`),
# which prints the table and writes target/bench/{report.txt,results.csv,runs.csv,chart.svg}.
#   bench/run.sh               build, then run
#   bench/run.sh --build-only  build only (`make bench-build`, CI)
#   bench/run.sh --run-only    run what is built (`make bench`, after bench-build)
# Needs `make build` and `cargo build --release -p p3shim-bench` first (the Makefile does it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-build.sh
B=target/bench
P3BENCH=target/release/p3bench
mode=${1:-}

build() {
  mkdir -p "$B/work"
  # wasip1-only programs: p3shim adapter, p3shim static, official adapter, native p1, Linux.
  for prog in workloads empty hello; do
    component_via_adapter "bench/$prog.c" "$B/$prog.adapter.wasm"
    mv "$B/$prog.adapter.p1.wasm" "$B/$prog.p1.wasm"
    "$P3BENCH" adapt "$B/$prog.p1.wasm" -o "$B/$prog.official.wasm"
    component_via_static "bench/$prog.c" "$B/$prog.static.wasm"
    cc -O2 "bench/$prog.c" -o "$B/$prog.native"
  done
  # pipe(): libp3shim.a and Linux only.
  component_via_static bench/pipe_poll.c "$B/pipe_poll.static.wasm"
  cc -O2 bench/pipe_poll.c -o "$B/pipe_poll.native"
  # Sockets: p3shim (the adapter form through p3shim_net.o) and Linux.
  component_via_adapter_net bench/tcp.c "$B/tcp.adapter.wasm"
  component_via_static bench/tcp.c "$B/tcp.static.wasm"
  cc -O2 bench/tcp.c -o "$B/tcp.native"
}

case "$mode" in
  --build-only) build ;;
  --run-only) "$P3BENCH" drive ;;
  "") build && "$P3BENCH" drive ;;
  *) echo "usage: bench/run.sh [--build-only|--run-only]" >&2; exit 2 ;;
esac
