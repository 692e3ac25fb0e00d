#!/usr/bin/env bash
# Builds examples/demo.c into two WASIp3 components, one through the p3shim adapter and
# one linked against libp3shim.a, and runs both on p3run (which offers only wasi:*@0.3.0).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/p3shim
DEMO=target/demo
mkdir -p "$DEMO/work"
if [ -n "${WASI_SDK_PATH:-}" ]; then
  CC=("$WASI_SDK_PATH/bin/clang" --target=wasm32-wasip1 --sysroot="$WASI_SDK_PATH/share/wasi-sysroot")
  COMPAT=()
else
  CC=(clang-22 --target=wasm32-wasi --sysroot=/usr -Wno-deprecated)
  COMPAT=("$OUT/p3shim_compat.o" -nostartfiles)
fi

echo "== 1. adapter: wasip1 module + wasi_snapshot_preview1.command.wasm"
"${CC[@]}" -O2 examples/demo.c "${COMPAT[@]}" -o "$DEMO/demo.p1.wasm"
target/release/p3componentize new "$DEMO/demo.p1.wasm" --adapt "$OUT/wasi_snapshot_preview1.command.wasm" -o "$DEMO/demo.adapter.wasm"
echo "component imports: $(target/release/p3componentize imports "$DEMO/demo.adapter.wasm" | tr '\n' ' ')"
target/release/p3run --dir "$DEMO/work::/work" --env DEMO_USER="${USER:-p3shim}" "$DEMO/demo.adapter.wasm" adapter

echo
echo "== 2. static shim: linked with libp3shim.a, no adapter"
"${CC[@]}" -O2 examples/demo.c -nostartfiles -Wl,--no-entry \
  -Wl,--export=wasi:cli/run@0.3.0#run -Wl,--export=cabi_realloc -L"$OUT" -lp3shim -o "$DEMO/demo.static.core.wasm"
target/release/p3componentize new "$DEMO/demo.static.core.wasm" -o "$DEMO/demo.static.wasm"
echo "component imports: $(target/release/p3componentize imports "$DEMO/demo.static.wasm" | tr '\n' ' ')"
target/release/p3run --dir "$DEMO/work::/work" --env DEMO_USER="${USER:-p3shim}" "$DEMO/demo.static.wasm" static
echo
echo "host view: $(cat "$DEMO/work/notes/today.txt")"
