#!/usr/bin/env bash
# The main job: on a fresh Debian 12 as root, install what is missing, build, and watch this
# machine's device notifications live with `cmnotify monitor` (Ctrl-C ends it with a summary).
# Arguments are passed to `cmnotify monitor` (for example: --interface net --present).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

stage "installing packages"
install_packages
stage "building"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMNOTIFY_BUILD_TESTS=OFF -DCMNOTIFY_BUILD_BENCH=OFF >/dev/null
ninja -C build/release cmnotify-cli
stage "cmnotify monitor $*"
exec build/release/src/cli/cmnotify monitor "$@"
