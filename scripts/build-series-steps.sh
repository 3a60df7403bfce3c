#!/usr/bin/env bash
# Builds the series one patch at a time, as git bisect would meet it: after each patch
# of patches/series the kernel (bzImage) of every KERNEL, and after each patch that
# touches tools/ libbpf, bpftool and, once the series has it, the kselftest. It stops
# at the first step that does not build, or whose kernel build warns. It works in a
# worktree and build folders of its own under $CACHE_DIR/steps, laid out like the
# regular ones so that ccache shares their objects: a step compiles little more than
# what its patch changed.
#   build-series-steps.sh [KERNEL...]   (patched kernels; default vanilla-bpf-debug rt-bpf-debug)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || set -- vanilla-bpf-debug rt-bpf-debug
for kernel in "$@"; do
	parse_kernel_name "$kernel"
	[ "$flavour" = bpf ] || die "steps: $kernel is not a patched (bpf) kernel"
done
"$REPO_ROOT/scripts/fetch-source.sh"

steps=$CACHE_DIR/steps
tree=$steps/trees/bpf
mapfile -t patches < <(series_files)
[ ${#patches[@]} -gt 0 ] || die "steps: patches/series is empty"
if [ ! -d "$tree" ]; then
	git -C "$SRC_DIR" worktree prune
	git -C "$SRC_DIR" worktree add -q --detach "$tree" pristine
fi
git -C "$tree" am --abort >/dev/null 2>&1 || true
git -C "$tree" reset -q --hard pristine
git -C "$tree" am -q "${patches[@]}" >&2 ||
	die "steps: patches/series does not apply with git am to $SRC_PKG $(cat "$SRC_DIR/.bpf-rtsched-version")"
mapfile -t commits < <(git -C "$tree" rev-list --reverse pristine..HEAD)

total=${#commits[@]}
for ((i = 0; i < total; i++)); do
	commit=${commits[i]}
	step="patch $((i + 1))/$total ($(git -C "$tree" log -1 --format=%s "$commit"))"
	git -C "$tree" checkout -q --detach "$commit"
	for kernel in "$@"; do
		parse_kernel_name "$kernel"
		mapfile -t frags < <(kernel_fragments "$preempt" "$variant" "$flavour")
		progress "steps: $step: kernel $kernel"
		log=$steps/build/$kernel.log
		make_kernel "$kernel" "$tree" "$steps/build/$kernel" "$log" "${frags[@]}"
		# The compiler's, not Kconfig's notes on fragments overriding each other
		warnings=$(grep -v 'bpf-rtsched\.fragment:' "$log" | grep -A3 'warning:' || true)
		if [ -n "$warnings" ]; then
			head -20 <<<"$warnings" >&2
			die "steps: $step: kernel $kernel builds with warnings (log: $log)"
		fi
	done
	if ! git -C "$tree" diff --quiet "$commit~1" "$commit" -- tools/; then
		progress "steps: $step: tools"
		BPF_RTSCHED_TOOLS_TREE=$tree BPF_RTSCHED_TOOLS_DIR=$steps/tools \
			"$REPO_ROOT/scripts/build-tools.sh"
	fi
done
progress "steps: each of the $total patches builds ($*, tools)"
