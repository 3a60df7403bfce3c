# Shared by the scripts: locations, progress lines, failure reporting.
# shellcheck shell=bash

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# A setting of scripts/settings.mk, which the Makefiles include: one source for both.
# MAKEFLAGS cleared: called from a make recipe, this is no sub-make of it.
setting() {
	MAKEFLAGS= make -s --no-print-directory -f "$REPO_ROOT/scripts/settings.mk" "print-$1"
}

# The build cache lives outside the repo so that clones share it and `git clean` spares it.
CACHE_DIR=$(setting CACHE)
OUT_DIR=${BPF_RTSCHED_OUT:-$REPO_ROOT/out}
SRC_PKG=linux-source-6.12
SRC_DIR=$CACHE_DIR/src/linux
# libbpf, bpftool, headers and the kselftest of the patched tree (build-tools.sh)
TOOLS_DIR=$(setting TOOLS_DIR)
export CCACHE_DIR=${CCACHE_DIR:-$CACHE_DIR/ccache}

_script_start=$(date +%s)

# The evaluation package (scripts/evaluation: plan, plan-local, merge, stats, report)
evaluation() {
	PYTHONPATH="$REPO_ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}" python3 -m evaluation "$@"
}

# One progress line: elapsed seconds since the script started, then the message.
progress() {
	local now
	now=$(date +%s)
	printf '[%4ds] %s\n' $((now - _script_start)) "$*" >&2
}

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# run_logged WHO LOG CMD...: CMD with its output appended to LOG; when it fails, the
# log's error lines (or its tail), then one error line naming WHO.
run_logged() {
	local who=$1 log=$2
	shift 2
	if ! "$@" >>"$log" 2>&1; then
		grep -E 'error:|Error [0-9]|\*\*\*' "$log" | head -20 >&2 || tail -20 "$log" >&2
		die "$who: '$*' failed (log: $log)"
	fi
}

# Hash of files and strings, used as the "inputs changed?" stamp of a build step.
inputs_hash() {
	sha256sum "$@" | sha256sum | cut -c1-16
}

# The files of patches/series, in order, one per line.
series_files() {
	local name
	[ -f "$REPO_ROOT/patches/series" ] || return 0
	while read -r name; do
		case $name in '' | '#'*) continue ;; esac
		[ -f "$REPO_ROOT/patches/$name" ] || die "patches/series names missing file $name"
		echo "$REPO_ROOT/patches/$name"
	done <"$REPO_ROOT/patches/series"
}

# "BLOB MTIME PATH" for each file the series applied in TREE changed (none before the first).
series_file_stamps() {
	local tree=$1 path
	git -C "$tree" rev-parse -q --verify HEAD >/dev/null || return 0
	git -C "$tree" diff --name-only --no-renames --diff-filter=AM pristine HEAD |
		while read -r path; do
			[ -f "$tree/$path" ] || continue
			echo "$(git -C "$tree" rev-parse "HEAD:$path") $(stat -c %Y "$tree/$path") $path"
		done
}

# Puts back the mtime of each file of series_file_stamps whose content is the same again.
restore_file_stamps() {
	local tree=$1 line blob mtime path
	shift
	for line in "$@"; do
		read -r blob mtime path <<<"$line"
		[ "$(git -C "$tree" rev-parse -q --verify "HEAD:$path")" = "$blob" ] &&
			touch -m -d "@$mtime" "$tree/$path"
	done
	return 0
}

# Prints the source tree for a flavour, preparing the patched worktree when needed.
prepare_tree() {
	local flavour=$1 tree stamp want
	local -a patches
	if [ "$flavour" = stock ]; then
		echo "$SRC_DIR"
		return
	fi
	tree=$CACHE_DIR/trees/bpf
	mapfile -t patches < <(series_files)
	want=$( (cat "$SRC_DIR/.bpf-rtsched-version"; cat "${patches[@]}" /dev/null) | sha256sum | cut -c1-16)
	stamp=$tree/.bpf-rtsched-series
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		echo "$tree"
		return
	fi
	[ "${status_only:-0}" = 1 ] && { echo "$tree"; return; }
	if [ ! -d "$tree" ]; then
		git -C "$SRC_DIR" worktree prune
		git -C "$SRC_DIR" worktree add -q --detach "$tree" pristine
	fi
	# reset rewrites only files that differ from pristine, and git am rewrites every
	# file the series touches: a file the new series leaves as it was gets its old
	# mtime back, so that make rebuilds only what a series change changed.
	git -C "$tree" am --abort >/dev/null 2>&1 || true
	local -a kept
	mapfile -t kept < <(series_file_stamps "$tree")
	git -C "$tree" reset -q --hard pristine
	if [ ${#patches[@]} -gt 0 ]; then
		progress "tree bpf: applying ${#patches[@]} patches with git am"
		git -C "$tree" am -q "${patches[@]}" >&2 ||
			die "patches/series does not apply with git am to $SRC_PKG $(cat "$SRC_DIR/.bpf-rtsched-version")"
	fi
	restore_file_stamps "$tree" "${kept[@]}"
	echo "$want" >"$stamp"
	echo /.bpf-rtsched-series >>"$(git -C "$tree" rev-parse --git-path info/exclude)"
	echo "$tree"
}

# Kernel names are <vanilla|rt>-<stock|bpf>[-debug|-selftests]; sets preempt, flavour and
# variant (empty, debug or selftests).
parse_kernel_name() {
	IFS=- read -r preempt flavour variant <<<"$1"
	case $preempt in vanilla | rt) ;; *) die "kernel $1: first part must be vanilla or rt" ;; esac
	case $flavour in stock | bpf) ;; *) die "kernel $1: second part must be stock or bpf" ;; esac
	case $variant in '' | debug | selftests) ;; *) die "kernel $1: suffix must be -debug or -selftests" ;; esac
}

# The config fragments of a kernel, one per line.
kernel_fragments() {
	local preempt=$1 variant=$2 flavour=$3 d=$REPO_ROOT/kernel-config
	printf '%s\n' "$d/base.config" "$d/bpf.config"
	# CONFIG_BPF_SCHED exists only in the patched tree
	[ "$flavour" = bpf ] && [ -s "$REPO_ROOT/patches/series" ] && echo "$d/bpf-sched.config"
	[ "$preempt" = rt ] && echo "$d/rt.config"
	[ -z "$variant" ] || echo "$d/$variant.config"
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

# Waits up to $2 seconds for pid $1; true once it has exited.
wait_for() {
	local i
	for ((i = 0; i < $2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 1
	done
	return 1
}

# The ccache settings of every kernel build (CC="ccache gcc").
use_ccache() {
	export CCACHE_BASEDIR=$CACHE_DIR
	# Debug info records the build directory; hashing it would defeat sharing between kernels.
	export CCACHE_NOHASHDIR=1
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-20G}
}

# build_logged NAME LOG CMD...: the kernel build CMD of kernel NAME, its output appended
# to LOG, with a progress line a minute; dies on failure.
build_logged() {
	local name=$1 log=$2 pid
	shift 2
	"$@" >>"$log" 2>&1 &
	pid=$!
	while ! wait_for "$pid" 60; do
		progress "kernel $name: building, $(grep -c '^  CC ' "$log" || true) files compiled"
	done
	if ! wait "$pid"; then
		grep -E 'error|Error' "$log" | head -20 >&2 || tail -20 "$log" >&2
		die "kernel $name: build failed (log: $log)"
	fi
}

# make_kernel NAME TREE BDIR LOG FRAGMENT...: configures (allnoconfig + the fragments)
# and builds bzImage of kernel NAME from TREE into BDIR, out of tree with ccache,
# with a progress line a minute; dies on failure.
make_kernel() {
	local name=$1 tree=$2 bdir=$3 log=$4
	shift 4
	use_ccache
	mkdir -p "$bdir"
	cat "$@" >"$bdir/bpf-rtsched.fragment"
	if ! make -C "$tree" O="$bdir" KCONFIG_ALLCONFIG="$bdir/bpf-rtsched.fragment" \
		allnoconfig >"$log" 2>&1; then
		tail -20 "$log" >&2
		die "kernel $name: configuration failed (log: $log)"
	fi
	verify_config "$bdir" "$@" || die "kernel $name: fragments not honoured (see above)"

	build_logged "$name" "$log" make -C "$tree" O="$bdir" -j"$(nproc)" CC="ccache gcc" \
		LOCALVERSION="-$name" bzImage
}
