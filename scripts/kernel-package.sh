#!/usr/bin/env bash
# Builds one kernel of build-kernel.sh's names (e.g. rt-bpf) for a real machine, as Debian
# packages: a full base config (the running system's unless --base-config), then the
# kernel's fragments, merged by the tree's scripts/kconfig/merge_config.sh and completed
# by olddefconfig, built by the tree's bindeb-pkg target into out/packages/NAME/.
#   --base-config FILE  the base config, plain or gzip (default /boot/config-$(uname -r),
#                       else /proc/config.gz)
#   --config-only       stop once the merged config is verified and print its path
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: $0 [--config-only] [--base-config FILE] KERNEL (e.g. rt-bpf)"
config_only=0
base=
while [ $# -gt 0 ]; do
	case $1 in
	--config-only) config_only=1 ;;
	--base-config)
		[ $# -ge 2 ] || die "$usage"
		base=$2
		shift
		;;
	-*) die "$usage" ;;
	*) break ;;
	esac
	shift
done
[ $# -eq 1 ] || die "$usage"
name=$1
parse_kernel_name "$name"

if [ -n "$base" ]; then
	[ -f "$base" ] || die "base config $base does not exist"
elif [ -f "/boot/config-$(uname -r)" ]; then
	base=/boot/config-$(uname -r)
elif [ -f /proc/config.gz ]; then
	base=/proc/config.gz
else
	die "no base config: neither /boot/config-$(uname -r) nor /proc/config.gz; name one with BASE_CONFIG=FILE"
fi

pkg=$CACHE_DIR/package/$name
# dpkg-buildpackage writes the packages next to the tree it builds, so into $pkg
bdir=$pkg/build
log=$pkg/build.log
mkdir -p "$bdir"
case $base in
*.gz) gzip -dc -- "$base" ;;
*) cat -- "$base" ;;
esac >"$pkg/base.config" 2>/dev/null || die "base config $base cannot be read"
grep -q '^CONFIG_' "$pkg/base.config" || die "base config $base has no CONFIG_ line: not a kernel config"

# make check runs --config-only: the packaging tools only when packaging
if [ $config_only = 1 ]; then
	"$REPO_ROOT/scripts/deps.sh"
else
	"$REPO_ROOT/scripts/deps.sh" kernel-package
fi
"$REPO_ROOT/scripts/fetch-source.sh"
tree=$(prepare_tree "$flavour")
# base.config grows allnoconfig into the lean QEMU guest (at most 8 CPUs, no modules);
# here the machine's config takes its place.
mapfile -t frags < <(kernel_fragments "$preempt" "$variant" "$flavour" | grep -v '/base\.config$')
# Not verified: the key options vanish when the base has no keyring to put keys in.
cat >"$pkg/package.config" <<'EOF'
# The release is the version and -NAME (LOCALVERSION), whatever the base called its own.
CONFIG_LOCALVERSION=""
CONFIG_LOCALVERSION_AUTO=n
# A distribution's config names its certificate files, which the source tree lacks;
# the build generates its own module signing key.
CONFIG_SYSTEM_TRUSTED_KEYS=""
CONFIG_SYSTEM_REVOCATION_KEYS=""
CONFIG_SYSTEM_BLACKLIST_HASH_LIST=""
CONFIG_MODULE_SIG_KEY="certs/signing_key.pem"
# BPF_SCHED needs RT group scheduling off; stock kernels too, to differ only by the series.
CONFIG_RT_GROUP_SCHED=n
EOF

progress "kernel $name: configuring from $base + ${frags[*]##*/} (log: $log)"
: >"$log"
# merge_config.sh keeps its temporary files in the current directory
run_logged "kernel $name" "$log" env -C "$bdir" "$tree/scripts/kconfig/merge_config.sh" -m \
	"$pkg/base.config" "${frags[@]}" "$pkg/package.config"
run_logged "kernel $name" "$log" make -C "$tree" O="$bdir" olddefconfig
verify_config "$bdir" "${frags[@]}" ||
	die "kernel $name: fragments not honoured on base config $base (see above)"
if [ $config_only = 1 ]; then
	echo "$bdir/.config"
	exit 0
fi

# Every kernel needs BTF (bpf.config), so debug info stays on; the -dbg package, which
# would carry all of it, is left out with the tree's build profile.
use_ccache
# Only this build's packages are listed at the end
rm -f "$pkg"/*.deb "$pkg"/*.buildinfo "$pkg"/*.changes
progress "kernel $name: building the packages with bindeb-pkg"
build_logged "$name" "$log" make -C "$tree" O="$bdir" -j"$(nproc)" CC="ccache gcc" \
	LOCALVERSION="-$name" DPKG_FLAGS=-Ppkg.linux-upstream.nokerneldbg bindeb-pkg
compgen -G "$pkg/*.deb" >/dev/null || die "kernel $name: bindeb-pkg made no package (log: $log)"

out=$OUT_DIR/packages/$name
rm -rf "$out"
mkdir -p "$out"
cp "$pkg"/*.deb "$out/"
progress "kernel $name: $(make -s -C "$tree" O="$bdir" LOCALVERSION="-$name" kernelrelease) packaged in $out:"
du -h "$out"/*.deb
