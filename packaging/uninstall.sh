#!/usr/bin/env bash
# `make uninstall PREFIX=DIR`: removes exactly what `make install` recorded in
# DIR/share/p3shim/manifest: its files, then the directories it created, if now empty.
set -euo pipefail
prefix=${1:?usage: uninstall.sh PREFIX}
manifest=$prefix/share/p3shim/manifest
[ -f "$manifest" ] || { echo "uninstall: no p3shim installation in $prefix ($manifest is missing)" >&2; exit 1; }
mapfile -t entries <"$manifest"
for e in "${entries[@]}"; do
  case $e in file\ *) rm -f "${e#file }" ;; esac
done
# Directories deepest first; one that holds someone else's files stays.
for ((i = ${#entries[@]} - 1; i >= 0; i--)); do
  case ${entries[i]} in dir\ *) rmdir "${entries[i]#dir }" 2>/dev/null || true ;; esac
done
echo "removed p3shim from $prefix"
