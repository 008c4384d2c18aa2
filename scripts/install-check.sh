#!/usr/bin/env bash
# Installs BUILD_DIR into a scratch prefix and proves a user can build against the installed
# copy three ways: Windows-style C with `cc app.c $(pkg-config --cflags --libs cmnotify-win32)`,
# C++ with pkg-config cmnotify, and CMake's find_package(cmnotify).
# Usage: scripts/install-check.sh BUILD_DIR
set -euo pipefail
build=$1
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"' EXIT

cmake --install "$build" --prefix "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/x86_64-linux-gnu/pkgconfig"
libdir=$(pkg-config --variable=libdir cmnotify)
export LD_LIBRARY_PATH="$libdir"

# Windows-style C, as the issue words it.
cc -std=c11 -Wall -Wextra -Werror "$root/examples/install_check.c" -o "$work/c_app" \
  $(pkg-config --cflags --libs cmnotify-win32)
"$work/c_app"

# C++ through pkg-config.
c++ -std=c++20 -Wall -Wextra -Werror "$root/examples/install_check.cpp" -o "$work/cpp_app" \
  $(pkg-config --cflags --libs cmnotify)
"$work/cpp_app"

# C++ and C through CMake's package.
mkdir -p "$work/cmake"
cat >"$work/cmake/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(consumer LANGUAGES C CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(cmnotify REQUIRED)
add_executable(cpp_app "$root/examples/install_check.cpp")
target_link_libraries(cpp_app PRIVATE cmnotify::cmnotify)
add_executable(c_app "$root/examples/install_check.c")
target_link_libraries(c_app PRIVATE cmnotify::win32)
CMAKE
cmake -S "$work/cmake" -B "$work/cmake/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
ninja -C "$work/cmake/build" >/dev/null
"$work/cmake/build/cpp_app"
"$work/cmake/build/c_app"
echo "install check passed (prefix $prefix)"
