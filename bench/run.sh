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

# SQLite 3.52's amalgamation and shell, from the npm `sqlite3` package (as the libc tests
# fetch it); extracted once into target/bench/sqlite.
SQLITE_SRC=$B/sqlite/sqlite-autoconf-3520000
SQLITE_DEFS=(-DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_THREADSAFE=0 -DSQLITE_NOHAVE_SYSTEM
  -DSQLITE_OMIT_POPEN -DSQLITE_OMIT_WAL)
WASI_EMULATED=(-D_WASI_EMULATED_GETPID -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS)
WASI_EMULATED_LIBS=(-lwasi-emulated-getpid -lwasi-emulated-signal -lwasi-emulated-process-clocks)

sqlite_source() {
  [ -f "$SQLITE_SRC/sqlite3.c" ] && return
  mkdir -p "$B/sqlite"
  (
    cd "$B/sqlite"
    npm pack --silent sqlite3@6.0.1 >/dev/null
    tar xzf sqlite3-6.0.1.tgz package/deps/sqlite-autoconf-3520000.tar.gz
    tar xzf package/deps/sqlite-autoconf-3520000.tar.gz
    rm -rf package sqlite3-6.0.1.tgz
  )
}

# cached_cc OUT.o COMPILER ARGS...: compiles once; again only when the command line changes.
cached_cc() {
  local out=$1
  shift
  if [ -f "$out" ] && [ "$(cat "$out.cmd" 2>/dev/null)" = "$*" ]; then return 0; fi
  rm -f "$out.cmd"
  "$@" -c -o "$out" && echo "$*" >"$out.cmd"
}

# The SQLite objects for one flavour (shell.o and sqlite3.o), both compiled at once.
sqlite_objects() {
  local dir=$B/sqlite/$1
  shift
  mkdir -p "$dir"
  cached_cc "$dir/sqlite3.o" "$@" "$SQLITE_SRC/sqlite3.c" &
  local amalgamation=$! status=0
  cached_cc "$dir/shell.o" "$@" "$SQLITE_SRC/shell.c" || status=$?
  wait $amalgamation || status=$?
  return $status
}

build_sqlite() {
  sqlite_source
  # One wasip1 compile for the three wasip1 configurations and the static form (the
  # objects differ only in how they are linked), one for Linux.
  local compat=() o=$B/sqlite/wasip1
  if [ -z "${WASI_SDK_PATH:-}" ]; then
    # Debian's 2022 wasi-libc lacks chmod() and realpath() (bench/sqlite_compat.h).
    compat=(-include "$PWD/bench/sqlite_compat.h")
    mkdir -p "$o"
    cached_cc "$o/compat.o" "${WASM_CC[@]}" -O2 bench/sqlite_compat.c
  fi
  sqlite_objects wasip1 "${WASM_CC[@]}" -O2 -I include "${SQLITE_DEFS[@]}" "${WASI_EMULATED[@]}" "${compat[@]}" &
  local wasip1=$!
  sqlite_objects native cc -O2 "${SQLITE_DEFS[@]}"
  wait $wasip1
  local objs=("$o/sqlite3.o" ${compat:+"$o/compat.o"} "${WASI_EMULATED_LIBS[@]}")
  component_via_adapter "$o/shell.o" "$B/sqlite.adapter.wasm" "${objs[@]}"
  mv "$B/sqlite.adapter.p1.wasm" "$B/sqlite.p1.wasm"
  "$P3BENCH" adapt "$B/sqlite.p1.wasm" -o "$B/sqlite.official.wasm"
  component_via_static "$o/shell.o" "$B/sqlite.static.wasm" "${objs[@]}"
  cc -O2 "$B/sqlite/native/shell.o" "$B/sqlite/native/sqlite3.o" -lm -o "$B/sqlite.native"
}

# wasi-libc's own wasm32-wasip3 target, when WASIP3_SYSROOT names a sysroot: every program
# that libc can build, for the `wasi-libc-p3` configuration (not needed by `make test`).
build_wasip3() {
  rm -f "$B"/*.p3libc.wasm "$B"/*.p3floor.wasm
  [ -n "${WASIP3_SYSROOT:-}" ] || return 0
  echo "bench: building the wasi-libc-p3 programs against $WASIP3_SYSROOT"
  for prog in workloads empty hello pipe_poll tcp; do
    component_via_wasip3 "bench/$prog.c" "$B/$prog.p3libc.wasm" ||
      echo "bench: WARNING: bench/$prog.c does not build for wasi-libc-p3 (n/a in the report)" >&2
  done
  # The `wasip3-floor` configuration: the files and preads workloads on the bare bindings.
  component_via_wasip3 bench/floor.c "$B/workloads.p3floor.wasm" ||
    echo "bench: WARNING: bench/floor.c does not build against $WASIP3_SYSROOT (n/a in the report)" >&2
  if sqlite_objects wasip3 "${WASIP3_CC[@]}" -O2 "${SQLITE_DEFS[@]}" "${WASI_EMULATED[@]}"; then
    component_via_wasip3 "$B/sqlite/wasip3/shell.o" "$B/sqlite.p3libc.wasm" \
      "$B/sqlite/wasip3/sqlite3.o" "${WASI_EMULATED_LIBS[@]}" ||
      echo "bench: WARNING: SQLite does not link for wasi-libc-p3 (n/a in the report)" >&2
  else
    echo "bench: WARNING: SQLite does not compile for wasi-libc-p3 (n/a in the report)" >&2
  fi
}

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
  # pipe(): libp3shim.a and Linux (and wasi-libc-p3, below).
  component_via_static bench/pipe_poll.c "$B/pipe_poll.static.wasm"
  cc -O2 bench/pipe_poll.c -o "$B/pipe_poll.native"
  # Sockets: p3shim (the adapter form through p3shim_net.o) and Linux (and wasi-libc-p3).
  component_via_adapter_net bench/tcp.c "$B/tcp.adapter.wasm"
  component_via_static bench/tcp.c "$B/tcp.static.wasm"
  cc -O2 bench/tcp.c -o "$B/tcp.native"
  build_sqlite
  build_wasip3
}

case "$mode" in
  --build-only) build ;;
  --run-only) "$P3BENCH" drive ;;
  "") build && "$P3BENCH" drive ;;
  *) echo "usage: bench/run.sh [--build-only|--run-only]" >&2; exit 2 ;;
esac
