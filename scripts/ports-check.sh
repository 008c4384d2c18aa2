#!/usr/bin/env bash
# Builds the Windows-style programs of test/ports against an installed copy, exactly as a
# Windows project would be built on Linux (cc/c++ and the pkg-config flags, nothing else), and,
# as root, runs each against a real tap interface that it creates and deletes.
# Creating tap devices touches shared devices: run it under flock /tmp/cmnotify-devices.lock.
# Usage: scripts/ports-check.sh BUILD_DIR [NAME_PREFIX]
set -euo pipefail
build=$1
prefix_name=${2:-w32bp}
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=$(mktemp -d)
work=$(mktemp -d)
created=()
cleanup() {
  for dev in "${created[@]}"; do ip link del "$dev" 2>/dev/null || true; done
  rm -rf "$prefix" "$work"
}
trap cleanup EXIT

cmake --install "$build" --prefix "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/x86_64-linux-gnu/pkgconfig"
# No LD_LIBRARY_PATH: the programs find the installed library through their own run path, as a
# program installed next to a prefix's libraries would.
flags="$(pkg-config --cflags --libs cmnotify-win32) -Wl,-rpath,$(pkg-config --variable=libdir cmnotify-win32)"

ports=()
for source in "$root"/test/ports/*.c "$root"/test/ports/*.cpp; do
  name=$(basename "${source%.*}")
  case "$source" in
    *.c) cc -std=c11 -Wall -Wextra -Werror "$source" -o "$work/$name" $flags ;;
    *.cpp) c++ -std=c++17 -Wall -Wextra -Werror "$source" -o "$work/$name" $flags ;;
  esac
  ports+=("$name")
  echo "built $name"
done
[ ${#ports[@]} -ge 4 ] || { echo "expected at least four ports, found ${#ports[@]}" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null; then
  echo "ports built; running them needs root and ip (tap interfaces): skipped"
  exit 0
fi

passed=0
failed=0
i=0
for name in "${ports[@]}"; do
  dev="${prefix_name}${i}"
  i=$((i + 1))
  out="$work/$name.out"
  : >"$out"
  "$work/$name" "$dev" >"$out" 2>"$work/$name.err" &
  pid=$!
  for _ in $(seq 100); do grep -q '^ready' "$out" && break; sleep 0.1; done
  if ! grep -q '^ready' "$out"; then
    echo "FAIL $name: never ready"; cat "$out" "$work/$name.err"
    kill "$pid" 2>/dev/null || true; wait "$pid" || true
    failed=$((failed + 1)); continue
  fi
  ip tuntap add mode tap "$dev"; created+=("$dev")
  ip link set "$dev" up
  sleep 0.3
  ip link del "$dev"
  status=0
  wait "$pid" || status=$?
  if [ "$status" -eq 0 ]; then
    echo "PASS $name ($dev)"; sed "s/^/    /" "$out" "$work/$name.err"; passed=$((passed + 1))
  else
    echo "FAIL $name ($dev): exit $status"; cat "$out" "$work/$name.err"; failed=$((failed + 1))
  fi
done
echo "ports: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
