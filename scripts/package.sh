#!/usr/bin/env bash
# Builds the Debian packages (debian/) from this tree: libcmnotify0, libcmnotify-win32-0,
# libcmnotify-dev and cmnotify, with dpkg-buildpackage on a copy of the tree in OUT_DIR, so the
# tree itself gets no build output and nothing is written outside OUT_DIR. The .deb files, the
# source package and the .changes end up in OUT_DIR.
# Usage: scripts/package.sh OUT_DIR       then, as root: apt-get install ./OUT_DIR/*.deb
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: package.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The package's version is the project's.
project_version=$(sed -n 's/^project(cmnotify VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
package_version=$(cd "$root" && dpkg-parsechangelog -S Version)
if [ "$project_version" != "$package_version" ]; then
  echo "debian/changelog is at $package_version, CMakeLists.txt at $project_version:" \
       "add a debian/changelog entry (dch -v $project_version)" >&2
  exit 1
fi

# The copy: the tracked files and new ones not ignored (so uncommitted work is packaged as it
# is), or everything but build output where the tree is not a git checkout.
source_dir="$out/cmnotify-$project_version"
rm -rf "$source_dir" "$out"/cmnotify_* "$out"/libcmnotify*_*
mkdir -p "$source_dir"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$root" && git ls-files -z --cached --others --exclude-standard |
     while IFS= read -r -d '' f; do
       [[ -e $f && $root/$f != "$out"/* ]] && printf '%s\0' "$f"  # not OUT_DIR's own files
     done |
     tar --null -T - -cf -) | tar -xf - -C "$source_dir"
else
  tar -C "$root" --exclude=./build --exclude=./.git --exclude="./${out#"$root"/}" -cf - . |
    tar -xf - -C "$source_dir"
fi

cd "$source_dir"
# Without -dbgsym packages unless DEB_BUILD_OPTIONS is given, so that ./OUT_DIR/*.deb is the
# set to install.
export DEB_BUILD_OPTIONS="parallel=$(nproc 2>/dev/null || echo 2) ${DEB_BUILD_OPTIONS-noautodbgsym}"
dpkg-buildpackage -us -uc --build=full
cd "$out"
ls -l ./*.deb
echo "install them with: apt-get install$(printf ' %q' "$out"/*.deb)"
