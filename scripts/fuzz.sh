#!/usr/bin/env bash
# Runs every fuzzer in BUILD_DIR/test/fuzz for SECONDS each, starting from the committed seed
# corpus, and reports executions and coverage. Any crash, leak or timeout fails the run.
# Usage: scripts/fuzz.sh BUILD_DIR [SECONDS]
set -euo pipefail
build=$1
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
shopt -s nullglob
fuzzers=("$build"/test/fuzz/fuzz_*)
[ ${#fuzzers[@]} -gt 0 ] || { echo "no fuzzers built in $build/test/fuzz" >&2; exit 1; }
printf '%-28s %12s %8s %8s %s\n' fuzzer executions cov features result
for fuzzer in "${fuzzers[@]}"; do
  [ -x "$fuzzer" ] || continue
  name=$(basename "$fuzzer")
  seeds="$root/test/fuzz/corpus/${name#fuzz_}"
  corpus="$work/$name"
  mkdir -p "$corpus"
  [ -d "$seeds" ] && cp -r "$seeds"/. "$corpus"/
  log="$work/$name.log"
  if "$fuzzer" "$corpus" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
       -rss_limit_mb=2048 -artifact_prefix="$work/$name-" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
  fi
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo '?')
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo '?')
  ft=$(grep -Eo 'ft: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo '?')
  printf '%-28s %12s %8s %8s %s\n' "$name" "$execs" "$cov" "$ft" "$result"
  if [ "$result" != ok ]; then
    tail -40 "$log"
    for a in "$work/$name"-*; do echo "artifact: $a"; od -c "$a" | head -20; done
  fi
done
exit $status
