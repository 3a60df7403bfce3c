#!/usr/bin/env bash
# Builds kernels by name: <vanilla|rt>-<stock|bpf>[-debug].
#   stock: Debian's pristine tree;  bpf: pristine + patches/series applied with git am.
#   rt adds kernel-config/rt.config, -debug adds kernel-config/debug.config.
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

export CCACHE_BASEDIR=$CACHE_DIR
# Debug info records the build directory; hashing it would defeat sharing between kernels.
export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-20G}

fragments_for() {
	local preempt=$1 debug=$2 flavour=$3 d=$REPO_ROOT/kernel-config
	echo "$d/base.config" "$d/bpf.config"
	# CONFIG_BPF_SCHED exists only in the patched tree
	[ "$flavour" = bpf ] && [ -s "$REPO_ROOT/patches/series" ] && echo "$d/bpf-sched.config"
	[ "$preempt" = rt ] && echo "$d/rt.config"
	[ "$debug" = 1 ] && echo "$d/debug.config"
	return 0
}

# Fails when a fragment's value did not survive Kconfig (a dependency is missing).
verify_config() {
	local bdir=$1
	shift
	awk -F= '
		FNR == NR { if ($0 ~ /^CONFIG_/) want[$1] = $2; next }
		/^CONFIG_/ { split($0, kv, "="); have[kv[1]] = substr($0, length(kv[1]) + 2) }
		END {
			bad = 0
			for (k in want) {
				v = (k in have) ? have[k] : "n"
				if (v != want[k]) { printf "  %s: wanted %s, got %s\n", k, want[k], v; bad = 1 }
			}
			exit bad
		}' <(cat "$@") "$bdir/.config" >&2
}

build_one() {
	local name=$1 preempt flavour debug=0 tree bdir want log pid
	IFS=- read -r preempt flavour extra <<<"$name"
	case $preempt in vanilla | rt) ;; *) die "kernel $name: first part must be vanilla or rt" ;; esac
	case $flavour in stock | bpf) ;; *) die "kernel $name: second part must be stock or bpf" ;; esac
	case ${extra:-} in '') ;; debug) debug=1 ;; *) die "kernel $name: suffix must be -debug" ;; esac

	tree=$(prepare_tree "$flavour")
	mapfile -t frags < <(fragments_for "$preempt" "$debug" "$flavour" | tr ' ' '\n')
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

	mkdir -p "$bdir"
	log=$CACHE_DIR/build/$name.log
	progress "kernel $name: configuring (${frags[*]##*/})"
	cat "${frags[@]}" >"$bdir/bpf-rtsched.fragment"
	if ! make -C "$tree" O="$bdir" KCONFIG_ALLCONFIG="$bdir/bpf-rtsched.fragment" \
		allnoconfig >"$log" 2>&1; then
		tail -20 "$log" >&2
		die "kernel $name: configuration failed (log: $log)"
	fi
	verify_config "$bdir" "${frags[@]}" || die "kernel $name: fragments not honoured (see above)"

	progress "kernel $name: building (log: $log)"
	make -C "$tree" O="$bdir" -j"$(nproc)" CC="ccache gcc" LOCALVERSION="-$name" \
		bzImage >>"$log" 2>&1 &
	pid=$!
	while ! wait_for "$pid" 60; do
		progress "kernel $name: building, $(grep -c '^  CC ' "$log" || true) files compiled"
	done
	if ! wait "$pid"; then
		grep -E 'error|Error' "$log" | head -20 >&2 || tail -20 "$log" >&2
		die "kernel $name: build failed (log: $log)"
	fi
	echo "$want" >"$bdir/.bpf-rtsched-inputs"
	progress "kernel $name: built $(make -s -C "$tree" O="$bdir" LOCALVERSION="-$name" kernelrelease)"
}

# Waits up to $2 seconds for pid $1; true once it has exited.
wait_for() {
	local i
	for ((i = 0; i < $2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 1
	done
	return 1
}

[ $status_only = 1 ] || "$REPO_ROOT/scripts/fetch-source.sh"
for kernel in "$@"; do
	build_one "$kernel"
done
