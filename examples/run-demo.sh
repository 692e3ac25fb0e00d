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

echo
echo "== 3. networking: examples/tcp_server.c (non-blocking, poll) on 127.0.0.1, static shim"
component_via_static examples/tcp_server.c "$DEMO/tcp_server.wasm"
PORT=$(( 20000 + RANDOM % 12000 )) # below Linux's ephemeral ports (32768 and up)
target/release/p3run -S inherit-network "$DEMO/tcp_server.wasm" "$PORT" 2 &
SERVER=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'hello from the host\n' >&3
IFS= read -r reply <&3
exec 3<&-
echo "host sent 'hello from the host', the guest answered '$reply'"
wait "$SERVER"
