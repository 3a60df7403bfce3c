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
