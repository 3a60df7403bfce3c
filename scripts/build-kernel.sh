#!/usr/bin/env bash
# Builds kernels by name: <vanilla|rt>-<stock|bpf>[-debug|-selftests].
#   stock: Debian's pristine tree;  bpf: pristine + patches/series applied with git am.
#   rt adds kernel-config/rt.config, -debug kernel-config/debug.config, -selftests
#   kernel-config/selftests.config (what the kernel's BPF selftests need).
# A kernel is rebuilt only when its inputs (source version, series, fragments) changed.
# --status prints "up to date" or "stale" per kernel and builds nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

status_only=0
if [ "${1:-}" = --status ]; then
	status_only=1
	shift
fi
[ $# -gt 0 ] || die "usage: $0 [--status] KERNEL... (e.g. vanilla-bpf-debug rt-stock)"

build_one() {
	local name=$1 preempt flavour variant tree bdir want
	parse_kernel_name "$name"
	tree=$(prepare_tree "$flavour")
	mapfile -t frags < <(kernel_fragments "$preempt" "$variant" "$flavour")
	bdir=$CACHE_DIR/build/$name
	want=$( (cat "$SRC_DIR/.bpf-rtsched-version"; cat "$tree/.bpf-rtsched-series" 2>/dev/null || true
		cat "${frags[@]}") | sha256sum | cut -c1-16)
	if [ -f "$bdir/.bpf-rtsched-inputs" ] && [ "$(cat "$bdir/.bpf-rtsched-inputs")" = "$want" ] &&
		[ -f "$bdir/arch/x86/boot/bzImage" ]; then
		[ $status_only = 1 ] && echo "$name: up to date"
		[ $status_only = 1 ] || progress "kernel $name: up to date"
		return 0
	fi
	if [ $status_only = 1 ]; then
		echo "$name: stale"
		return 0
	fi

	progress "kernel $name: configuring and building (${frags[*]##*/}; log: $CACHE_DIR/build/$name.log)"
	make_kernel "$name" "$tree" "$bdir" "$CACHE_DIR/build/$name.log" "${frags[@]}"
	echo "$want" >"$bdir/.bpf-rtsched-inputs"
	progress "kernel $name: built $(make -s -C "$tree" O="$bdir" LOCALVERSION="-$name" kernelrelease)"
}

[ $status_only = 1 ] || "$REPO_ROOT/scripts/fetch-source.sh"
for kernel in "$@"; do
	build_one "$kernel"
done
