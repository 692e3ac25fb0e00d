#!/usr/bin/env bash
# `make bench`: the same C program natively (Linux, gcc), through the adapter and through
# libp3shim.a, on p3run. Figures go to stdout and target/bench/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-build.sh
B=target/bench
MIB=${BENCH_MIB:-64}
mkdir -p "$B/work"
component_via_adapter bench/io.c "$B/io.adapter.wasm"
component_via_static bench/io.c "$B/io.static.wasm"
cc -O2 bench/io.c -o "$B/io.native"
component_via_static bench/pipe_poll.c "$B/pipe_poll.static.wasm"
cc -O2 bench/pipe_poll.c -o "$B/pipe_poll.native"
component_via_static bench/tcp.c "$B/tcp.static.wasm"
component_via_adapter_net bench/tcp.c "$B/tcp.adapter.wasm"
cc -O2 bench/tcp.c -o "$B/tcp.native"
NET=(-S inherit-network)
{
  echo "# $(date -u +%F) $(uname -m), ${MIB} MiB, adapter $(stat -c %s "$OUT/wasi_snapshot_preview1.command.wasm") bytes"
echo "## native"; "$B/io.native" "$B/work" "$MIB" 2>&1 >/dev/null; "$B/pipe_poll.native"
  "$B/tcp.native" "$((MIB * 4))"
  echo "## adapter"; target/release/p3run --dir "$B/work::/w" "$B/io.adapter.wasm" /w "$MIB" 2>&1 >/dev/null
  target/release/p3run "${NET[@]}" "$B/tcp.adapter.wasm" "$((MIB * 4))"
  echo "## static"; target/release/p3run --dir "$B/work::/w" "$B/io.static.wasm" /w "$MIB" 2>&1 >/dev/null
  target/release/p3run "$B/pipe_poll.static.wasm"
  target/release/p3run "${NET[@]}" "$B/tcp.static.wasm" "$((MIB * 4))"
} | tee "$B/results.txt"
