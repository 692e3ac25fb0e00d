#!/usr/bin/env bash
# Builds examples/demo.c into two WASIp3 components, one through the p3shim adapter and
# one linked against libp3shim.a, and runs both on p3run (which offers only wasi:*@0.3.0).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-build.sh
DEMO=target/demo
mkdir -p "$DEMO/work"

echo "== 1. adapter: wasip1 module + wasi_snapshot_preview1.command.wasm"
component_via_adapter examples/demo.c "$DEMO/demo.adapter.wasm"
echo "component imports: $(target/release/p3componentize imports "$DEMO/demo.adapter.wasm" | tr '\n' ' ')"
target/release/p3run --dir "$DEMO/work::/work" --env DEMO_USER="${USER:-p3shim}" "$DEMO/demo.adapter.wasm" adapter

echo
echo "== 2. static shim: linked with libp3shim.a, no adapter"
component_via_static examples/demo.c "$DEMO/demo.static.wasm"
echo "component imports: $(target/release/p3componentize imports "$DEMO/demo.static.wasm" | tr '\n' ' ')"
target/release/p3run --dir "$DEMO/work::/work" --env DEMO_USER="${USER:-p3shim}" "$DEMO/demo.static.wasm" static
echo
echo "host view of /work/notes/today.txt: $(cat "$DEMO/work/notes/today.txt")"
