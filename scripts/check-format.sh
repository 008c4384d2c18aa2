#!/usr/bin/env bash
# Fails when a tracked C or C++ file is not laid out as .clang-format says, and names each one.
# Fix them with: scripts/check-format.sh --fix
# Directories whose own .clang-format sets DisableFormat (examples/: Microsoft's samples as
# published; include/win32/: the SDK's header layout) pass as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
format=${CLANG_FORMAT:-clang-format}
mapfile -t files < <(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
if [ ${#files[@]} -eq 0 ]; then
  echo "check-format: no C or C++ file found (not a git checkout?)" >&2
  exit 1
fi
if [ "${1:-}" = "--fix" ]; then
  "$format" -i "${files[@]}"
  echo "formatted ${#files[@]} files"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  "$format" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  printf 'not formatted (scripts/check-format.sh --fix):\n' >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "${#files[@]} files formatted as .clang-format says ($("$format" --version))"
