#!/usr/bin/env bash
# Installs every Debian package the project needs. Idempotent: apt runs only when
# something is missing.
#   kernel-package: also what the kernel tree's bindeb-pkg target runs on a distribution's
#   config (make kernel-package), which make check does not need
set -euo pipefail
. "$(dirname "$0")/lib.sh"

packages=(
	# kernel source and build
	"$SRC_PKG" make gcc libc6-dev flex bison bc libelf-dev libssl-dev dwarves ccache git
	cpio xz-utils rsync
	# BPF programs, libbpf and bpftool from the patched tree; ASan/UBSan runtimes
	clang-19 llvm-19 lld-19 libclang-rt-19-dev zlib1g-dev pkg-config
	# guest: emulator, userland, measurement tools
	qemu-system-x86 busybox-static rt-tests stress-ng rt-app
	# host side of tests and evaluation
	python3 python3-ply python3-git gnuplot-nox
)
case ${1:-} in
'') ;;
# dpkg-buildpackage, dh_*, depmod; openssl makes the module signing key, zstd compresses
# the image of Debian's config (CONFIG_KERNEL_ZSTD)
kernel-package) packages+=(dpkg-dev debhelper kmod openssl zstd) ;;
*) die "usage: $0 [kernel-package]" ;;
esac

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	progress "deps: all ${#packages[@]} packages installed"
	exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || die "deps: missing ${missing[*]}; run as root or install sudo"
	sudo=(sudo)
fi
progress "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
progress "deps: done"
