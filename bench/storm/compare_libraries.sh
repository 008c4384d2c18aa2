#!/usr/bin/env bash
# A/B comparison of libcmnotify builds on the storm, in alternation so machine load hits every
# build alike: each round runs the cmnotify listener once per library directory, saturated and
# paced, and the table gives the median [min..max] CPU per event and p99 latency per build.
#   bench/storm/compare_libraries.sh ROUNDS LIBDIR... (root; each LIBDIR holds libcmnotify.so.0)
# BENCH (default build/release/bench/uevent_storm_bench), EVENTS (200000), PACED_EVENTS (20000),
# LISTENERS (cmnotify) may be set in the environment.
set -euo pipefail
rounds=$1; shift
bench=${BENCH:-build/release/bench/uevent_storm_bench}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for ((r = 1; r <= rounds; r++)); do
  for lib in "$@"; do
    tag=$(basename "$lib")
    "$bench" --runs=1 --events="${EVENTS:-200000}" --paced-events="${PACED_EVENTS:-20000}" \
      --listeners="${LISTENERS:-cmnotify}" "--wrap=cmnotify:env LD_LIBRARY_PATH=$lib" \
      >"$out/$tag.$r" 2>&1 || { cat "$out/$tag.$r"; exit 1; }
    # "<mode> <cpu us/event> <p99 us>" for the cmnotify row of each mode.
    awk '/^(saturated|paced) run/ { mode = $1 } mode != "" && $1 == "cmnotify" && NF >= 9 {
           print mode, $4, $8; mode = "" }' "$out/$tag.$r" >>"$out/$tag.rows"
  done
done
printf '%-12s %-32s %-32s %-24s\n' build "saturated CPU us/event" "paced CPU us/event" "paced p99 us"
for lib in "$@"; do
  tag=$(basename "$lib")
  stats() {  # median [min..max] of column $2 for mode $1
    awk -v m="$1" -v c="$2" '$1 == m { print $c }' "$out/$tag.rows" | sort -g | awk '
      { v[NR] = $1 } END { if (NR == 0) { print "-"; exit }
        med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.3f [%.3f..%.3f]", med, v[1], v[NR] }'
  }
  printf '%-12s %-32s %-32s %-24s\n' "$tag" "$(stats saturated 2)" "$(stats paced 2)" "$(stats paced 3)"
done
