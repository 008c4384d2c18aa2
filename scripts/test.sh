#!/usr/bin/env bash
# Every test: on a fresh Debian 12 as root, install what is missing, then run these stages:
#   format   every tracked C and C++ file is laid out as .clang-format says
#   suite    build with g++ and warnings as errors, run the whole suite (real-kernel tests too)
#   asan     the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer (leaks too)
#   tsan     every test that needs no real device under ThreadSanitizer
#   fuzz     every fuzzer for FUZZ_SECONDS (default 30) from the committed seed corpus, one per
#            processor at a time
#   install  cmake --install into a prefix with spaces outside the loader's path, then build and
#            run C, C++ and CMake programs and the command against it (no LD_LIBRARY_PATH),
#            and the Windows-style programs of test/ports against real tap interfaces
#   package  build the Debian packages, install them with apt, check the installed system copy,
#            run lintian, and purge them again
# Choose stages by name: scripts/test.sh suite tsan. CI runs all of them (.ci/run).
#
# Each stage builds in its own folder, build/test-STAGE, and gives every option explicitly, so
# nothing configured before (scripts/run.sh's build/release, a developer's build/dev, an earlier
# run with other options) can change what a stage builds or runs. Each stage fails when it ran
# no test, or fewer than its minimum below: a stage that silently lost tests fails too.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

all_stages=(format suite asan tsan fuzz install package)
# Minimum tests (ctest) or checks per stage, about 90% of what each runs today. Raise them when
# tests are added; lower one only together with the change that removes tests on purpose.
declare -A min_tests=([format]=380 [suite]=710 [asan]=700 [tsan]=530 [fuzz]=8 [install]=19 [package]=21)

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=("${all_stages[@]}")
for s in "${stages[@]}"; do
  [ -n "${min_tests[$s]:-}" ] || { echo "unknown stage '$s' (stages: ${all_stages[*]})" >&2; exit 2; }
done
want() { local s; for s in "${stages[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
# The soaks (label soak) run for CMNOTIFY_SOAK_SECONDS each; here 30 s, so the whole run stays
# well inside CI's hour. Run them for minutes by hand: CMNOTIFY_SOAK_SECONDS=600 ctest -L soak.
export CMNOTIFY_SOAK_SECONDS=${CMNOTIFY_SOAK_SECONDS:-30}
export CTEST_OUTPUT_ON_FAILURE=1
# Tests that create, change or remove real devices hold this machine-wide lock (see
# device_tests below), so that runs on a shared machine do not disturb each other.
DEVICE_LOCK=${CMNOTIFY_DEVICE_LOCK:-/tmp/cmnotify-devices.lock}
device_labels='kernel|system|umockdev|soak'

stage "installing packages"
install_packages

# configure STAGE [cmake args...]: build/test-STAGE with every option given; later arguments
# override the defaults here. Compilers and flags are explicit too, so an environment's CC or
# CXXFLAGS cannot change a stage either.
configure() {
  local dir=build/test-$1; shift
  cmake -S . -B "$dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER="$(command -v gcc)" -DCMAKE_CXX_COMPILER="$(command -v g++)" \
    -DCMAKE_C_FLAGS= -DCMAKE_CXX_FLAGS= -DCMAKE_EXE_LINKER_FLAGS= -DCMAKE_SHARED_LINKER_FLAGS= \
    -DBUILD_SHARED_LIBS=ON -DCMNOTIFY_WERROR=ON \
    -DCMNOTIFY_BUILD_TESTS=ON -DCMNOTIFY_BUILD_BENCH=ON -DCMNOTIFY_BUILD_CLI=ON \
    -DCMNOTIFY_BUILD_EXAMPLES=ON -DCMNOTIFY_BUILD_FUZZERS=OFF \
    "$@" >/dev/null
}
clang_compilers=(-DCMAKE_C_COMPILER="$(command -v clang)" -DCMAKE_CXX_COMPILER="$(command -v clang++)")

# run_ctest DIR [ctest args...]: runs ctest in DIR; a failing test fails the stage, and so does
# a run that found no test. Adds the number of tests that ran to $stage_count.
run_ctest() {
  local dir=$1; shift
  local log; log=$(mktemp)
  (cd "$dir" && ctest --no-tests=error -j "$(jobs)" "$@") 2>&1 | tee "$log"
  local ran
  ran=$(sed -n 's/^[0-9]*% tests passed, [0-9]* tests\{0,1\} failed out of \([0-9]*\)$/\1/p' "$log")
  rm -f "$log"
  [ -n "$ran" ] || { echo "ctest printed no summary in $dir" >&2; return 1; }
  stage_count=$((stage_count + ran))
}

# device_tests DIR [ctest args...]: the suite in two runs, the tests that need no real device
# in parallel, then those that do while holding the device lock (and only then).
device_tests() {
  local dir=$1; shift
  run_ctest "$dir" -LE "$device_labels${extra_exclude:+|$extra_exclude}" "$@"
  stage "$(basename "$dir"): real-device tests (waiting for $DEVICE_LOCK)"
  local lock
  exec {lock}>>"$DEVICE_LOCK"
  flock "$lock"
  run_ctest "$dir" -L "$device_labels" "$@"
  exec {lock}>&-
}

declare -A stage_ran stage_seconds
total=0
# finish STAGE: fails the stage when it ran fewer tests than its minimum; records its numbers.
finish() {
  local name=$1 elapsed=$((SECONDS - stage_start))
  [[ $stage_count =~ ^[0-9]+$ ]] || stage_count=0  # a stage whose count could not be read ran none
  if [ "$stage_count" -lt "${min_tests[$name]}" ]; then
    echo "$name: ran $stage_count tests, fewer than its minimum of ${min_tests[$name]}" >&2
    exit 1
  fi
  stage_ran[$name]=$stage_count
  stage_seconds[$name]=$elapsed
  total=$((total + stage_count))
  stage "$name passed: $stage_count tests in $((elapsed / 60))m$((elapsed % 60))s"
}
begin() { stage_start=$SECONDS; stage_count=0; stage "$1"; }

if want format; then
  begin "format: clang-format --dry-run -Werror"
  out=$(scripts/check-format.sh)
  echo "$out"
  stage_count=$(sed -n 's/^\([0-9]*\) files formatted.*/\1/p' <<<"$out")
  finish format
fi

if want suite; then
  begin "suite: build (g++, warnings as errors)"
  configure suite
  ninja -C build/test-suite
  stage "suite: ctest"
  device_tests build/test-suite --timeout 600
  finish suite
fi

if want asan; then
  begin "asan+ubsan: build (clang)"
  # The C programs (the examples) use the C++ libraries: the C driver must link the C++ half of
  # the UBSan runtime (-fsanitize-link-c++-runtime) and the libstdc++ that half needs. The flags
  # go into every executable's link, CMake's own compiler check included.
  san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  san_exe="-fsanitize=address,undefined -fsanitize-link-c++-runtime"
  san_exe+=" -Wl,--push-state,--no-as-needed -lstdc++ -Wl,--pop-state"
  configure asan "${clang_compilers[@]}" -DCMAKE_BUILD_TYPE=Debug -DCMNOTIFY_BUILD_BENCH=OFF \
    -DCMAKE_C_FLAGS="$san" -DCMAKE_CXX_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san_exe" \
    -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined"
  ninja -C build/test-asan
  stage "asan+ubsan: ctest"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions="$PWD/test/lsan.supp" \
  extra_exclude=subproject \
    device_tests build/test-asan --timeout 900
  finish asan
fi

if want tsan; then
  begin "tsan: build (clang)"
  configure tsan "${clang_compilers[@]}" -DCMNOTIFY_BUILD_BENCH=OFF -DCMNOTIFY_BUILD_CLI=OFF \
    -DCMAKE_C_FLAGS=-fsanitize=thread -DCMAKE_CXX_FLAGS=-fsanitize=thread \
    -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread
  ninja -C build/test-tsan
  # Every test that does not touch real devices: the lifecycle, stress and concurrency tests,
  # and the unit and example tests, which run callbacks, work items and the source's reader too.
  stage "tsan: ctest (all but the real-device tests)"
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/test/tsan.supp" \
    run_ctest build/test-tsan -LE "$device_labels|subproject" --timeout 1200
  finish tsan
fi

if want fuzz; then
  begin "fuzz: build (clang, libFuzzer)"
  configure fuzz "${clang_compilers[@]}" -DCMNOTIFY_BUILD_FUZZERS=ON -DCMNOTIFY_BUILD_TESTS=OFF \
    -DCMNOTIFY_BUILD_BENCH=OFF -DCMNOTIFY_BUILD_CLI=OFF -DCMNOTIFY_BUILD_EXAMPLES=OFF
  ninja -C build/test-fuzz
  stage "fuzz: ${FUZZ_SECONDS}s each"
  scripts/fuzz.sh build/test-fuzz "$FUZZ_SECONDS" | tee build/test-fuzz/fuzz.log
  stage_count=$(grep -c ' ok$' build/test-fuzz/fuzz.log || true)
  finish fuzz
fi

# count_checks LOG: the number of checks a check script reported as passed.
count_checks() { sed -n 's/^install check: \([0-9]*\) passed, 0 failed.*/\1/p' "$1"; }

if want install; then
  begin "install: build (libraries and the command only)"
  configure install -DCMNOTIFY_BUILD_TESTS=OFF -DCMNOTIFY_BUILD_BENCH=OFF \
    -DCMNOTIFY_BUILD_EXAMPLES=OFF
  ninja -C build/test-install
  stage "install: cmake --install into a prefix with spaces, then use it"
  scripts/install-check.sh build/test-install | tee build/test-install/check.log
  stage_count=$(count_checks build/test-install/check.log)
  stage "install: the Windows-style programs of test/ports (waiting for $DEVICE_LOCK)"
  flock "$DEVICE_LOCK" scripts/ports-check.sh build/test-install | tee build/test-install/ports.log
  stage_count=$((stage_count + $(sed -n 's/^ports: \([0-9]*\) passed.*/\1/p' build/test-install/ports.log)))
  finish install
fi

if want package; then
  begin "package: build the Debian packages"
  scripts/package.sh build/test-package
  stage "package: install with apt, check the installed copy, lintian, purge"
  scripts/install-check.sh --package build/test-package | tee build/test-package/check.log
  stage_count=$(count_checks build/test-package/check.log)
  finish package
fi

stage "all requested stages passed"
for s in "${stages[@]}"; do
  printf '  %-8s %5d tests  %3dm%02ds\n' "$s" "${stage_ran[$s]}" \
    $((stage_seconds[$s] / 60)) $((stage_seconds[$s] % 60))
done
printf '  %-8s %5d tests  %3dm%02ds\n' total "$total" $((SECONDS / 60)) $((SECONDS % 60))
echo "test.sh: $total passed, 0 failed"
