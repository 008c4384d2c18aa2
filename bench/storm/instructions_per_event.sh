#!/usr/bin/env bash
# User-space instructions per event of each storm listener, counted by callgrind over the storm
# window only (the listener zeroes the counts at its baseline and dumps them at the end marker).
# Deterministic where CPU time is not: use it to compare code changes on a busy machine.
#   bench/storm/instructions_per_event.sh [BUILD_DIR] [EVENTS]     (root; default build/release, 5000)
set -euo pipefail
build=${1:-build/release}
events=${2:-5000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wrap=()
for l in cmnotify libudev floor; do
  wrap+=("--wrap=$l:valgrind --tool=callgrind --callgrind-out-file=$out/$l.%p")
done
# Slow enough for listeners running under valgrind to keep up.
"$build/bench/uevent_storm_bench" --runs=1 --mode=paced --paced-events="$events" --rate=1000 \
  --warmup=200 "${wrap[@]}" >"$out/bench.txt" 2>&1 || { cat "$out/bench.txt"; exit 1; }
printf '%-9s %12s %10s\n' listener instructions per-event
for l in cmnotify libudev floor; do
  # The dump taken at the end marker is the one with a ".1" part suffix.
  dump=$(ls "$out/$l".*.1 2>/dev/null | head -1)
  [ -n "$dump" ] || { echo "$l: no callgrind dump" >&2; continue; }
  # Sum of self costs. (The dump's "summary:" line also counts the calls that were in progress
  # when the counts were zeroed, a constant offset of millions for a threaded listener.)
  total=$(awk '/^calls=/ { skip = 1; next }
               /^[0-9+*-]/ { if (skip) { skip = 0; next } sum += $2 }
               END { printf "%d", sum }' "$dump")
  awk -v l="$l" -v t="$total" -v n="$events" 'BEGIN { printf "%-9s %12d %10.0f\n", l, t, t / n }'
done
