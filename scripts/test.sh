#!/usr/bin/env bash
# Every test: on a fresh Debian 12 as root, install what is missing, then
#   1. build with warnings as errors and run the whole suite (real-kernel tests included),
#   2. the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer (with leak checks),
#   3. every test that needs no real device under ThreadSanitizer,
#   4. every fuzzer for a bounded time (FUZZ_SECONDS, default 60),
#   5. install to a scratch prefix and build Windows-style C code with pkg-config against it,
#      and the Windows-style programs of test/ports, run against real tap interfaces.
# Stages can be chosen: scripts/test.sh [suite] [asan] [tsan] [fuzz] [install]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(suite asan tsan fuzz install)
want() { local s; for s in "${stages[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
export CTEST_OUTPUT_ON_FAILURE=1

stage "installing packages"
install_packages

configure() {  # configure DIR [cmake args...]
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja -DCMNOTIFY_WERROR=ON "$@" >/dev/null
}

if want suite; then
  stage "suite: build (g++, warnings as errors)"
  configure build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo
  ninja -C build/release
  stage "suite: ctest"
  (cd build/release && ctest -j "$(jobs)" --timeout 600)
fi

if want asan; then
  stage "asan+ubsan: build (clang)"
  # The C programs (the examples) use the C++ libraries: the C driver must link the C++ half of
  # the UBSan runtime (-fsanitize-link-c++-runtime) and the libstdc++ that half needs. The flags
  # go into every executable's link, CMake's own compiler check included.
  san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  san_exe="-fsanitize=address,undefined -fsanitize-link-c++-runtime"
  san_exe+=" -Wl,--push-state,--no-as-needed -lstdc++ -Wl,--pop-state"
  CC=clang CXX=clang++ configure build/asan -DCMAKE_BUILD_TYPE=Debug -DCMNOTIFY_BUILD_BENCH=OFF \
    -DCMAKE_C_FLAGS="$san" -DCMAKE_CXX_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san_exe" \
    -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined"
  ninja -C build/asan
  stage "asan+ubsan: ctest"
  (cd build/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     LSAN_OPTIONS=suppressions="$PWD/../../test/lsan.supp" \
     ctest -j "$(jobs)" --timeout 900)
fi

if want tsan; then
  stage "tsan: build (clang)"
  CC=clang CXX=clang++ configure build/tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMNOTIFY_BUILD_BENCH=OFF -DCMNOTIFY_BUILD_CLI=OFF \
    -DCMAKE_C_FLAGS=-fsanitize=thread -DCMAKE_CXX_FLAGS=-fsanitize=thread \
    -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread
  ninja -C build/tsan
  # Every test that does not touch real devices: the lifecycle, stress and concurrency tests,
  # and the unit and example tests, which run callbacks, work items and the source's reader too.
  stage "tsan: ctest (all but the real-device tests)"
  (cd build/tsan && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/../../test/tsan.supp" \
     ctest -LE 'kernel|system|umockdev|soak' -j "$(jobs)" --timeout 1200)
fi

if want fuzz; then
  stage "fuzz: build (clang, libFuzzer)"
  CC=clang CXX=clang++ configure build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMNOTIFY_BUILD_FUZZERS=ON -DCMNOTIFY_BUILD_TESTS=OFF -DCMNOTIFY_BUILD_BENCH=OFF \
    -DCMNOTIFY_BUILD_CLI=OFF -DCMNOTIFY_BUILD_EXAMPLES=OFF
  ninja -C build/fuzz
  stage "fuzz: ${FUZZ_SECONDS}s each"
  scripts/fuzz.sh build/fuzz "$FUZZ_SECONDS"
fi

if want install; then
  stage "install: cmake --install + pkg-config"
  configure build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo
  ninja -C build/release
  scripts/install-check.sh build/release
  scripts/ports-check.sh build/release
fi

stage "all requested stages passed: ${stages[*]}"
