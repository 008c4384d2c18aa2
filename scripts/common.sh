# Shared by run.sh and test.sh: package installation and small helpers. Debian 12, as root.

# Everything the build, the tests and the command need, from Debian's archive.
CMNOTIFY_PACKAGES=(
  cmake ninja-build g++ pkg-config git
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libcli11-dev nlohmann-json3-dev
  libudev-dev udev umockdev libumockdev-dev libsystemd-dev
  clang libclang-rt-14-dev clang-format
  iproute2 tmux valgrind procps kmod util-linux
  debhelper dpkg-dev lintian man-db systemd
)

stage() { printf '\n==> %s\n' "$*"; }

install_packages() {
  local missing=()
  for p in "${CMNOTIFY_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "all ${#CMNOTIFY_PACKAGES[@]} packages present"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${missing[*]}" >&2
    echo "run as root (or: sudo apt-get install ${missing[*]})" >&2
    return 1
  fi
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

jobs() { nproc 2>/dev/null || echo 2; }
