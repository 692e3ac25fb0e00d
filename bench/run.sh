#!/usr/bin/env bash
# `make bench`: the same C program natively (Linux, gcc), through the adapter and through
# libp3shim.a, on p3run. Figures go to stdout and target/bench/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/p3shim
B=target/bench
MIB=${BENCH_MIB:-64}
mkdir -p "$B/work"
if [ -n "${WASI_SDK_PATH:-}" ]; then
  CC=("$WASI_SDK_PATH/bin/clang" --target=wasm32-wasip1 --sysroot="$WASI_SDK_PATH/share/wasi-sysroot")
  COMPAT=()
else
  CC=(clang-22 --target=wasm32-wasi --sysroot=/usr -Wno-deprecated)
  COMPAT=("$OUT/p3shim_compat.o" -nostartfiles)
fi
"${CC[@]}" -O2 bench/io.c "${COMPAT[@]}" -o "$B/io.p1.wasm"
target/release/p3componentize new "$B/io.p1.wasm" --adapt "$OUT/wasi_snapshot_preview1.command.wasm" -o "$B/io.adapter.wasm"
"${CC[@]}" -O2 bench/io.c -nostartfiles -Wl,--no-entry -Wl,--export=wasi:cli/run@0.3.0#run \
  -Wl,--export=cabi_realloc -L"$OUT" -lp3shim -o "$B/io.static.core.wasm"
target/release/p3componentize new "$B/io.static.core.wasm" -o "$B/io.static.wasm"
cc -O2 bench/io.c -o "$B/io.native"
{
  echo "# $(date -u +%F) $(uname -m), ${MIB} MiB, adapter $(stat -c %s "$OUT/wasi_snapshot_preview1.command.wasm") bytes"
  echo "## native"; "$B/io.native" "$B/work" "$MIB" 2>&1 >/dev/null
  echo "## adapter"; target/release/p3run --dir "$B/work::/w" "$B/io.adapter.wasm" /w "$MIB" 2>&1 >/dev/null
  echo "## static"; target/release/p3run --dir "$B/work::/w" "$B/io.static.wasm" /w "$MIB" 2>&1 >/dev/null
} | tee "$B/results.txt"
