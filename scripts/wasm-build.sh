# Sourced by the demo and benchmark scripts: the wasm C compiler and the two ways of making
# a WASIp3 component from a C file. Run from the repository root after `make`. Arguments
# after OUT.wasm (more sources or objects, libraries, defines) go to the compiler too.
OUT=target/p3shim
if [ -n "${WASI_SDK_PATH:-}" ]; then
  WASM_CC=("$WASI_SDK_PATH/bin/clang" --target=wasm32-wasip1 --sysroot="$WASI_SDK_PATH/share/wasi-sysroot")
  COMPAT=()
else
  # Debian's wasi-libc (2022) needs the compat object and no libc start files (README).
  WASM_CC=(clang-22 --target=wasm32-wasi --sysroot=/usr -Wno-deprecated)
  COMPAT=("$OUT/p3shim_compat.o" -nostartfiles)
fi

# component_via_adapter SRC.c OUT.wasm: a wasip1 module, adapted to WASIp3.
component_via_adapter() {
  "${WASM_CC[@]}" -O2 -I include "$1" "${@:3}" "${COMPAT[@]}" -o "${2%.wasm}.p1.wasm"
  target/release/p3componentize new "${2%.wasm}.p1.wasm" --adapt "$OUT/wasi_snapshot_preview1.command.wasm" -o "$2"
}

# component_via_adapter_net SRC.c OUT.wasm: the same, with the socket API (p3shim_net.o).
component_via_adapter_net() {
  "${WASM_CC[@]}" -O2 -I include "$OUT/p3shim_net.o" "$1" "${@:3}" "${COMPAT[@]}" -o "${2%.wasm}.p1.wasm"
  target/release/p3componentize new "${2%.wasm}.p1.wasm" --adapt "$OUT/wasi_snapshot_preview1.command.wasm" -o "$2"
}

# component_via_static SRC.c OUT.wasm: linked against libp3shim.a, no adapter; without the
# libc's DWARF, as p3shim-cc links when not asked for -g.
component_via_static() {
  "${WASM_CC[@]}" -O2 -I include "$OUT/p3shim_glue.o" "$1" "${@:3}" -nostartfiles -Wl,--no-entry \
    -Wl,--strip-debug -L"$OUT" -lp3shim -o "${2%.wasm}.core.wasm"
  target/release/p3componentize new "${2%.wasm}.core.wasm" -o "$2"
}

# Upstream wasi-libc's own WASIp3 target (a sysroot from bench/build-wasip3-sysroot.sh), for
# comparison only: clang links through wasm-component-ld, taken from WASM_COMPONENT_LD, the
# sysroot's bin/ or PATH.
if [ -n "${WASIP3_SYSROOT:-}" ]; then
  WASIP3_LD=${WASM_COMPONENT_LD:-}
  if [ -z "$WASIP3_LD" ] && [ -x "$WASIP3_SYSROOT/bin/wasm-component-ld" ]; then
    WASIP3_LD=$WASIP3_SYSROOT/bin/wasm-component-ld
  fi
  WASIP3_CC=(clang-22 --target=wasm32-wasip3 --sysroot="$WASIP3_SYSROOT" -Wno-unused-command-line-argument
    ${WASIP3_LD:+-fuse-ld="$WASIP3_LD"})
fi

# component_via_wasip3 SRC.c OUT.wasm: built against that sysroot (needs WASIP3_SYSROOT).
component_via_wasip3() {
  "${WASIP3_CC[@]}" -O2 "$1" "${@:3}" -o "$2"
}
