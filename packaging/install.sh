#!/usr/bin/env bash
# `make install PREFIX=DIR`: copies the built artefacts into a sysroot-style prefix and
# records every file and every directory it created in DIR/share/p3shim/manifest, which
# `make uninstall` (packaging/uninstall.sh) reads to remove exactly those.
set -euo pipefail
prefix=${1:?usage: install.sh PREFIX}
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd) # before leaving the caller's directory: PREFIX may be relative
cd "$(dirname "$0")/.."
out=target/p3shim
version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' Cargo.toml | head -1)
manifest=()
# A previous installation is removed first, so that its manifest's files (including any this
# version no longer installs) and the directories it created stay accounted for.
if [ -f "$prefix/share/p3shim/manifest" ]; then
  packaging/uninstall.sh "$prefix" >/dev/null
fi

# make_dir DIR: creates DIR and its missing parents, remembering the ones it created.
make_dir() {
  local missing=() d=$1
  while [ ! -d "$d" ]; do missing=("$d" "${missing[@]}"); d=$(dirname "$d"); done
  for d in "${missing[@]}"; do mkdir "$d" && manifest+=("dir $d"); done
}

# put SRC DEST MODE: installs one file.
put() {
  make_dir "$(dirname "$2")"
  install -m "$3" "$1" "$2"
  manifest+=("file $2")
}

put "$out/libp3shim.a" "$prefix/lib/wasm32-wasip1/libp3shim.a" 644
put "$out/p3shim_net.o" "$prefix/lib/wasm32-wasip1/p3shim_net.o" 644
put "$out/p3shim_compat.o" "$prefix/lib/wasm32-wasip1/p3shim_compat.o" 644
put "$out/p3shim_glue.o" "$prefix/lib/wasm32-wasip1/p3shim_glue.o" 644
put "$out/p3shim_trace.o" "$prefix/lib/wasm32-wasip1/p3shim_trace.o" 644
mapfile -t headers < <(cd include && find . -name '*.h' | sed 's|^\./||' | sort)
# In a target directory, like the library: the headers are named unistd.h, sys/socket.h, ...
# and would shadow the native libc's for host compilers searching $prefix/include.
for h in "${headers[@]}"; do put "include/$h" "$prefix/include/wasm32-wasip1/$h" 644; done
put "$out/wasi_snapshot_preview1.command.wasm" "$prefix/share/p3shim/wasi_snapshot_preview1.command.wasm" 644
put packaging/p3shim.cmake "$prefix/share/p3shim/p3shim.cmake" 644
put packaging/p3shim-rules.cmake "$prefix/share/p3shim/p3shim-rules.cmake" 644
for tool in p3run p3componentize p3shim-adapt; do
  put "target/release/$tool" "$prefix/bin/$tool" 755
done
put packaging/p3shim-cc "$prefix/bin/p3shim-cc" 755
# Generated straight into the prefix: a shared staging file would race when two installs
# run at once (the tests do that).
make_dir "$prefix/lib/pkgconfig"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" packaging/p3shim.pc.in >"$prefix/lib/pkgconfig/p3shim.pc"
chmod 644 "$prefix/lib/pkgconfig/p3shim.pc"
manifest+=("file $prefix/lib/pkgconfig/p3shim.pc")

make_dir "$prefix/share/p3shim"
printf '%s\n' "${manifest[@]}" "file $prefix/share/p3shim/manifest" >"$prefix/share/p3shim/manifest"
echo "installed p3shim $version into $prefix ($(grep -c '^file' "$prefix/share/p3shim/manifest") files)"
