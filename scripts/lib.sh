# Shared by the scripts: locations, progress lines, failure reporting.
# shellcheck shell=bash

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The build cache lives outside the repo so that clones share it and `git clean` spares it.
CACHE_DIR=${BPF_RTSCHED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bpf-rtsched}
OUT_DIR=${BPF_RTSCHED_OUT:-$REPO_ROOT/out}
SRC_PKG=linux-source-6.12
SRC_DIR=$CACHE_DIR/src/linux
export CCACHE_DIR=${CCACHE_DIR:-$CACHE_DIR/ccache}

_script_start=$(date +%s)

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
	# reset rewrites only files that differ, so unchanged files keep their mtimes.
	git -C "$tree" am --abort >/dev/null 2>&1 || true
	git -C "$tree" reset -q --hard pristine
	if [ ${#patches[@]} -gt 0 ]; then
		progress "tree bpf: applying ${#patches[@]} patches with git am"
		git -C "$tree" am -q "${patches[@]}" >&2 ||
			die "patches/series does not apply with git am to $SRC_PKG $(cat "$SRC_DIR/.bpf-rtsched-version")"
	fi
	echo "$want" >"$stamp"
	echo /.bpf-rtsched-series >>"$(git -C "$tree" rev-parse --git-path info/exclude)"
	echo "$tree"
}
