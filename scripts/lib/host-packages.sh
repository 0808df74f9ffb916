# Sourced by the scripts in scripts/: installs the Debian packages jqemu's build, tests and
# demo need, when any is missing. Needs root (or sudo) on a Debian/Ubuntu host.
JQEMU_PACKAGES="maven qemu-system-x86 qemu-utils qemu-guest-agent ovmf busybox-static iproute2 xz-utils cpio
  systemd man-db genisoimage swtpm swtpm-tools openssl"

jqemu_install_packages() {
  local missing="" p
  for p in $JQEMU_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  echo "jqemu: installing Debian packages:$missing" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}
jqemu_install_packages
