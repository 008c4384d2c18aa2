#!/usr/bin/env bash
# Runs every fuzzer in BUILD_DIR/test/fuzz for SECONDS each, starting from the committed seed
# corpus, and reports executions and coverage. Any crash, leak or timeout fails the run.
# Fuzzers run side by side, one per processor (FUZZ_JOBS to change), so the stage takes
# SECONDS times the number of fuzzers divided by the processors, not SECONDS times all of them.
# Usage: scripts/fuzz.sh BUILD_DIR [SECONDS]
set -euo pipefail
build=$1
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
parallel=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shopt -s nullglob
fuzzers=()
for f in "$build"/test/fuzz/fuzz_*; do [ -x "$f" ] && fuzzers+=("$f"); done
[ ${#fuzzers[@]} -gt 0 ] || { echo "no fuzzers built in $build/test/fuzz" >&2; exit 1; }

# fuzz FUZZER: one run from a copy of its seed corpus; its exit status goes to NAME.status.
fuzz() {
  local fuzzer=$1 name; name=$(basename "$1")
  local seeds="$root/test/fuzz/corpus/${name#fuzz_}" corpus="$work/$name"
  mkdir -p "$corpus"
  [ -d "$seeds" ] && cp -r "$seeds"/. "$corpus"/
  local status=0
  LSAN_OPTIONS=suppressions="$root/test/fuzz/lsan.supp" "$fuzzer" "$corpus" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$work/$name-" >"$work/$name.log" 2>&1 || status=$?
  echo "$status" >"$work/$name.status"
}

running=0
for fuzzer in "${fuzzers[@]}"; do
  if [ "$running" -ge "$parallel" ]; then wait -n || true; running=$((running - 1)); fi
  fuzz "$fuzzer" &
  running=$((running + 1))
done
wait

# The report, in the fuzzers' order, after all of them ended.
status=0
printf '%-28s %12s %8s %8s %s\n' fuzzer executions cov features result
for fuzzer in "${fuzzers[@]}"; do
  name=$(basename "$fuzzer")
  log="$work/$name.log"
  result=FAILED
  [ "$(cat "$work/$name.status" 2>/dev/null)" = 0 ] && result=ok
  [ "$result" = ok ] || status=1
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo '?')
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo '?')
  ft=$(grep -Eo 'ft: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo '?')
  printf '%-28s %12s %8s %8s %s\n' "$name" "$execs" "$cov" "$ft" "$result"
  if [ "$result" != ok ]; then
    tail -40 "$log"
    for a in "$work/$name"-*; do echo "artifact: $a"; head -c 320 "$a" | od -c; done  # od reads it all: no SIGPIPE under pipefail
  fi
done
exit $status
