#!/usr/bin/env bash
# Proves an installed copy works as its users use it, with no LD_LIBRARY_PATH:
#   Windows-style C:  cc app.c $(pkg-config --cflags --libs cmnotify-win32)
#   C++:              c++ -std=c++20 app.cpp $(pkg-config --cflags --libs cmnotify)
#   CMake:            find_package(cmnotify), cmnotify::cmnotify and cmnotify::win32
#   the command:      cmnotify list, info, a short monitor; its man page, completion, docs, unit
# Usage: scripts/install-check.sh BUILD_DIR        cmake --install BUILD_DIR into a scratch prefix
#                                                  whose path has spaces, outside the loader's path
#        scripts/install-check.sh --package DIR    the Debian packages scripts/package.sh built in
#                                                  DIR: lintian, apt-get install, the checks on the
#                                                  copy in /usr, then apt-get purge (as root)
# Ends with "install check: N passed, 0 failed"; any failed check ends it at once, non-zero (and
# purges the packages it installed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage="usage: install-check.sh BUILD_DIR | --package DEB_DIR"
mode=${1:?$usage}
unset LD_LIBRARY_PATH LD_PRELOAD  # the installed files must find their libraries themselves
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0

# check NAME COMMAND...: runs one check, with its output, and counts it.
check() {
  local name=$1; shift
  echo "--- $name"
  if ! "$@"; then
    echo "install check FAILED: $name" >&2
    exit 1
  fi
  passed=$((passed + 1))
}

packages=(cmnotify libcmnotify-dev libcmnotify-win32-0 libcmnotify0)
installed_packages() { dpkg-query -W -f '${db:Status-Abbrev} ${binary:Package}\n' | awk '$1 ~ /^.i/ {print $2}'; }

# purge: removes the packages again and checks that the machine has exactly the packages it had
# before, and none of their files.
purge() {
  flock /tmp/apt.lock apt-get purge -y -q "${packages[@]}" >"$work/purge.log" 2>&1 ||
    { cat "$work/purge.log" >&2; return 1; }
  installed_packages >"$work/after"
  if ! diff "$work/before" "$work/after"; then
    echo "the installed packages differ from before (above)" >&2
    return 1
  fi
  local left
  left=$(ls -d /usr/bin/cmnotify /usr/include/cmnotify /usr/include/cmnotify-win32 \
              /usr/share/doc/cmnotify /lib/systemd/system/cmnotify.service 2>/dev/null || true)
  [ -z "$left" ] || { echo "left behind: $left" >&2; return 1; }
}

if [ "$mode" = --package ]; then
  debs_dir=${2:?$usage}
  [ "$(id -u)" = 0 ] || { echo "installing packages needs root" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  shopt -s nullglob
  debs=("$debs_dir"/*.deb)
  changes=("$debs_dir"/*.changes)
  shopt -u nullglob
  [ ${#debs[@]} -ge ${#packages[@]} ] && [ ${#changes[@]} = 1 ] ||
    { echo "no packages in $debs_dir: run scripts/package.sh $debs_dir first" >&2; exit 1; }
  # lintian's own notes (I:) are shown; any error or warning fails. debian/*.lintian-overrides
  # give the reason for each tag overridden.
  check "lintian: no errors, no warnings" \
    lintian --fail-on error,warning --pedantic --display-info "${changes[0]}"
  # One run at a time on this machine installs the packages; none may be there before it.
  exec {package_lock}>>/tmp/cmnotify-package.lock
  flock "$package_lock"
  for p in "${packages[@]}"; do
    if dpkg-query -W -f '${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^.i'; then
      echo "$p is installed already: remove it first (apt-get purge ${packages[*]})" >&2
      exit 1
    fi
  done
  installed_packages >"$work/before"
  trap 'purge || true; rm -rf "$work"' EXIT
  apt_install() {
    local local_debs=()
    for d in "${debs[@]}"; do local_debs+=("$(cd "$(dirname "$d")" && pwd)/$(basename "$d")"); done
    flock /tmp/apt.lock apt-get install -y -q --no-install-recommends "${local_debs[@]}" \
      >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; return 1; }
    grep '^Setting up' "$work/apt.log"
  }
  check "apt-get install ${debs[*]##*/}" apt_install
  prefix=/usr
  bin=/usr/bin/cmnotify
  mandir=/usr/share/man
  consumer_prefix=()
  unit=$(pkg-config --variable=systemdsystemunitdir systemd)/cmnotify.service
else
  prefix="$work/prefix with spaces"
  bin="$prefix/bin/cmnotify"
  mandir="$prefix/share/man"
  consumer_prefix=(-DCMAKE_PREFIX_PATH="$prefix")
  unit="$prefix/lib/systemd/system/cmnotify.service"
  install_into() { cmake --install "$mode" --prefix "$prefix" >"$work/install.log"; }
  check "cmake --install into '$prefix'" install_into
  pc_dirs=("$prefix"/lib*/pkgconfig "$prefix"/lib/*/pkgconfig)
  export PKG_CONFIG_PATH
  PKG_CONFIG_PATH=$(IFS=:; echo "${pc_dirs[*]}")
fi
docdir="$prefix/share/doc/cmnotify"

# pkg-config escapes spaces in paths with backslashes, for a shell to read back: eval does.
pkg_flags() { eval "flags=($(pkg-config --cflags --libs "$1"))"; }
libdir=$(eval "echo $(pkg-config --variable=libdir cmnotify)")
libdir=$(cd "$libdir" && pwd -P)

# resolves_into DIR PROGRAM: every libcmnotify* the loader picks for PROGRAM is in DIR, so a
# copy elsewhere on the machine (another prefix, the packages) cannot make a check pass.
resolves_into() {
  local dir=$1 program=$2 line name path found=0
  while IFS= read -r line; do  # "<tab>libcmnotify.so.0 => /path/libcmnotify.so.0 (0x...)"
    line=${line#$'\t'}
    name=${line%% *}
    [[ $name == libcmnotify* ]] || continue
    path=${line#* => }
    path=$(readlink -f "${path% (0x*}" 2>/dev/null) || path="(not found)"
    echo "  $name => $path"
    [[ $path == "$dir"/* ]] || { echo "$program: $name from outside $dir" >&2; return 1; }
    found=1
  done < <(ldd "$program")
  [ "$found" = 1 ] || { echo "$program: links no libcmnotify" >&2; return 1; }
}

# Windows-style C code: with pkg-config, and (outside /usr) with the run path of the issue,
# -Wl,-rpath,PREFIX/lib: libcmnotify-win32 must then find libcmnotify itself.
build_c() {
  local flags; pkg_flags cmnotify-win32
  local rpath=(); [ "$mode" = --package ] || rpath=(-Wl,-rpath,"$libdir")
  cc -std=c11 -Wall -Wextra -Werror "$root/examples/install_check.c" -o "$work/c_app" \
    "${flags[@]}" "${rpath[@]}"
}
build_cpp() {
  local flags; pkg_flags cmnotify
  local rpath=(); [ "$mode" = --package ] || rpath=(-Wl,-rpath,"$libdir")
  c++ -std=c++20 -Wall -Wextra -Werror "$root/examples/install_check.cpp" -o "$work/cpp_app" \
    "${flags[@]}" "${rpath[@]}"
}
check "C (pkg-config cmnotify-win32) builds" build_c
check "C runs, its libraries from $libdir" resolves_into "$libdir" "$work/c_app"
check "C program registers and unregisters" "$work/c_app"
check "C++ (pkg-config cmnotify) builds" build_cpp
# A WinMain program whose entry point is in a static library of its own, listed before
# pkg-config's libraries as static libraries are: libcmnotify-win32-main must find it there.
build_winmain() {
  local cflags libs
  eval "cflags=($(pkg-config --cflags cmnotify-win32-main))"
  eval "libs=($(pkg-config --libs cmnotify-win32-main))"
  local rpath=(); [ "$mode" = --package ] || rpath=(-Wl,-rpath,"$libdir")
  cc -std=c11 -Wall -Wextra -Werror "${cflags[@]}" -c "$root/test/win32/winmain_narrow.c" \
    -o "$work/winmain.o"
  ar rcs "$work/libwinmain.a" "$work/winmain.o"
  cc -std=c11 -Wall -Wextra -Werror "$root/test/win32/winmain_in_archive.c" \
    -o "$work/winmain_app" "$work/libwinmain.a" "${libs[@]}" "${rpath[@]}"
}
winmain_runs() { "$work/winmain_app" "a b" | grep -Fx 'narrow ["a b"] 10'; }
check "WinMain in a static library (pkg-config cmnotify-win32-main) builds" build_winmain
check "WinMain in a static library runs" winmain_runs
# A console program's _tmain, as Visual Studio's template writes it, built with UNICODE (wmain,
# which libcmnotify-win32-main's main calls) and without (the program's own main): the same link.
build_tmain() {
  local cflags libs
  eval "cflags=($(pkg-config --cflags cmnotify-win32-main))"
  eval "libs=($(pkg-config --libs cmnotify-win32-main))"
  local rpath=(); [ "$mode" = --package ] || rpath=(-Wl,-rpath,"$libdir")
  c++ -std=c++20 -Wall -Wextra -Werror -DUNICODE -D_UNICODE "${cflags[@]}" \
    "$root/test/win32/tmain_wide.cpp" -o "$work/win32_tmain_wide" "${libs[@]}" "${rpath[@]}"
  cc -std=c11 -Wall -Wextra -Werror "${cflags[@]}" "$root/test/win32/tmain_narrow.c" \
    -o "$work/tmain_narrow" "${libs[@]}" "${rpath[@]}"
}
tmain_runs() {
  "$work/win32_tmain_wide" plain "two words" "" "café" "😀" &&
    "$work/tmain_narrow" "a b" | grep -Fx '(a b)'
}
check "_tmain with and without UNICODE (pkg-config cmnotify-win32-main) builds" build_tmain
check "_tmain runs: wmain gets wide arguments, main its own" tmain_runs
check "C++ program subscribes" "$work/cpp_app"

build_cmake() {
  mkdir -p "$work/cmake"
  cat >"$work/cmake/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(consumer LANGUAGES C CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(cmnotify 0.1 REQUIRED)
add_executable(cpp_app "$root/examples/install_check.cpp")
target_link_libraries(cpp_app PRIVATE cmnotify::cmnotify)
add_executable(c_app "$root/examples/install_check.c")
target_link_libraries(c_app PRIVATE cmnotify::win32)
CMAKE
  cmake -S "$work/cmake" -B "$work/cmake/build" -G Ninja "${consumer_prefix[@]}" >/dev/null
  ninja -C "$work/cmake/build" >/dev/null
}
check "CMake find_package(cmnotify) builds C++ and C" build_cmake
check "CMake-built C program's libraries from $libdir" resolves_into "$libdir" "$work/cmake/build/c_app"
check "CMake-built C++ program runs" "$work/cmake/build/cpp_app"
check "CMake-built C program runs" "$work/cmake/build/c_app"

# The command, as installed: its own run path finds its library.
check "cmnotify's libraries from $libdir" resolves_into "$libdir" "$bin"
check "cmnotify --version" "$bin" --version
# shows COMMAND...: runs it, shows the start of its output, and fails if it printed nothing.
shows() {
  "$@" >"$work/out" || return 1
  head -4 "$work/out"
  [ -s "$work/out" ]
}
check "cmnotify list" shows "$bin" list
# /dev/null and the loopback interface exist on every Linux machine.
check "cmnotify info /dev/null" shows "$bin" info /dev/null
check "cmnotify info /sys/class/net/lo --json" shows "$bin" info /sys/class/net/lo --json
check "cmnotify monitor --timeout 1" shows "$bin" monitor --timeout 1

# What the command's help and the docs point to.
check "docs installed ($docdir)" test -s "$docdir/docs/cli.md" -a -s "$docdir/README.md"
check "man cmnotify finds cmnotify(1)" env MANPATH="$mandir" man -w cmnotify
man_renders() {
  local warnings
  warnings=$(MANPATH="$mandir" MANWIDTH=80 man --warnings cmnotify 2>&1 >/dev/null)
  [ -z "$warnings" ] || { echo "$warnings" >&2; return 1; }
}
check "cmnotify(1) renders without warnings" man_renders
completion="$prefix/share/bash-completion/completions/cmnotify"
check "bash completion loads" bash -c 'source "$1" && complete -p cmnotify' - "$completion"
unit_runs_installed() {
  grep -F "ExecStart=\"$bin\" monitor" "$unit" ||
    grep -F "ExecStart=$bin monitor" "$unit"
}
check "systemd unit runs the installed command" unit_runs_installed
check "systemd-analyze verify cmnotify.service" \
  systemd-analyze verify --man=no "$unit"

if [ "$mode" = --package ]; then
  trap 'rm -rf "$work"' EXIT
  check "apt-get purge leaves the machine as it was" purge
fi
echo "install check: $passed passed, 0 failed ($prefix)"
