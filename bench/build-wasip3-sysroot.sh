#!/usr/bin/env bash
# Builds upstream wasi-libc for wasm32-wasip3 into a sysroot for the `wasi-libc-p3` benchmark
# configuration (bench/README.md), with Debian's clang-22 and nothing downloaded:
#   bench/build-wasip3-sysroot.sh WASI_LIBC_CHECKOUT SYSROOT
# then `WASIP3_SYSROOT=SYSROOT make bench`. SYSROOT gets include/wasm32-wasip3,
# lib/wasm32-wasip3 and bin/wasm-component-ld (the linker clang runs for this target); the
# CMake build tree goes to SYSROOT.build.
# Needs clang-22 llvm-22 (llvm-ar-22, llvm-nm-22, llvm-ranlib-22) and libclang-rt-22-dev-wasm32
# from Debian, and, each on PATH or named by its variable:
#   CMAKE              CMake >= 3.26 (Debian 12 has 3.25: `pip install cmake` in a venv)
#   WASM_TOOLS         wasm-tools (`cargo install wasm-tools --no-default-features
#                      --features component`), embeds the command world in crt1-command.o
#   WASM_COMPONENT_LD  wasm-component-ld >= 0.5.30 (`cargo install wasm-component-ld`)
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: bench/build-wasip3-sysroot.sh WASI_LIBC_CHECKOUT SYSROOT" >&2
  exit 2
fi
src=$(realpath "$1")
out=$(realpath -m "$2")
build="$out.build"
CMAKE=${CMAKE:-cmake}
WASM_TOOLS=${WASM_TOOLS:-$(command -v wasm-tools || true)}
WASM_COMPONENT_LD=${WASM_COMPONENT_LD:-$(command -v wasm-component-ld || true)}
for tool in "$WASM_TOOLS" "$WASM_COMPONENT_LD"; do
  if [ ! -x "$tool" ]; then
    echo "build-wasip3-sysroot: wasm-tools and wasm-component-ld are needed (see the header)" >&2
    exit 1
  fi
done
# Debian ships the wasm32 compiler-rt builtins for every WASI target in one archive.
BUILTINS=$(clang-22 --target=wasm32-wasip1 -print-libgcc-file-name)
if [ ! -f "$BUILTINS" ]; then
  echo "build-wasip3-sysroot: no $BUILTINS (apt-get install libclang-rt-22-dev-wasm32)" >&2
  exit 1
fi

"$CMAKE" -S "$src" -B "$build" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang-22 \
  -DCMAKE_AR="$(command -v llvm-ar-22)" \
  -DCMAKE_NM="$(command -v llvm-nm-22)" \
  -DCMAKE_RANLIB="$(command -v llvm-ranlib-22)" \
  -DTARGET_TRIPLE=wasm32-wasip3 \
  -DBUILD_SHARED=OFF \
  -DBUILD_TESTS=OFF \
  -DBINDINGS_TARGET=OFF \
  -DWASM_TOOLS_EXECUTABLE="$WASM_TOOLS" \
  -DWASM_COMPONENT_LD_EXECUTABLE="$WASM_COMPONENT_LD" \
  -DBUILTINS_LIB="$BUILTINS"
"$CMAKE" --build "$build" -j"$(nproc)"

rm -rf "$out"
mkdir -p "$out/bin"
cp -a "$build/sysroot/." "$out/"
cp "$WASM_COMPONENT_LD" "$out/bin/wasm-component-ld"
echo "wasip3 sysroot: $out (wasi-libc $(git -C "$src" describe --always --dirty 2>/dev/null || echo '?'))"
