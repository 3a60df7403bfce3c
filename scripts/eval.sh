#!/usr/bin/env bash
# The evaluation (`make eval`): boots every kernel of KERNELS once per round and runs,
# in each boot, cyclictest on every CPU for each load x policy, the context-switch test,
# and (first round, patched kernels) the deadline sweep. Rounds interleave the
# configurations (kernel order and step order rotate each round) so that host drift
# hits all alike.
#
# The planner (python3 -m evaluation plan: scripts/evaluation/plan.py) writes every
# setting, command line and result file once, in EVAL_DIR/plan.json, and each run's
# script for the guest; this script boots each run with its script appended to the
# initramfs, where scripts/guest/eval.sh executes it. Then the statistics and the report
# (summary.json, summary.csv, report.md, plots/) read the plan and the files it names.
#
# Variables (environment or make): DURATION, ROUNDS, KERNELS, POLICIES, LOADS, HIST,
# PINGPONG, PP_QUEUED, DL_SECONDS, DL_UTILS, CPUS: their defaults and meaning are in
# scripts/evaluation/plan.py (VARIABLES) and docs/evaluation.md. EVAL_DIR: the output
# folder (default out/eval/<timestamp>).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

initramfs=${INITRAMFS:-$OUT_DIR/initramfs.cpio}
[ -f "$initramfs" ] || die "eval: no initramfs (make initramfs)"
dir=${EVAL_DIR:-$OUT_DIR/eval/$(date -u +%Y%m%d-%H%M%S)}

# The planner creates $dir once the settings and kernels pass its checks, and prints one
# line per run: name, kernel, vCPUs, time limit, its script in the guest, the initramfs
# holding it, a description.
list=$(evaluation plan --builds "$CACHE_DIR/build" --policies "$OUT_DIR/policies" "$dir")
mapfile -t runs <<<"$list"
kernels=$(cut -f2 <<<"$list" | awk '!seen[$0]++')
for k in $kernels; do
	if ! "$REPO_ROOT/scripts/build-kernel.sh" --status "$k" | grep -q 'up to date'; then
		progress "eval: warning: kernel $k is stale (its inputs changed since it was built)"
	fi
done

# Each boot's initramfs: the guest's, then the run's plan (the kernel unpacks both)
initrd=$dir/initrd.cpio
trap 'rm -f "$initrd"' EXIT
n=0 failed=0
progress "eval: ${#runs[@]} runs, plan $dir/plan.json"
for line in "${runs[@]}"; do
	IFS=$'\t' read -r name kernel cpus timeout_s script plan_cpio what <<<"$line"
	n=$((n + 1))
	progress "eval: run $n/${#runs[@]}: $what"
	cat "$initramfs" "$plan_cpio" >"$initrd"
	if ! INITRAMFS=$initrd "$REPO_ROOT/scripts/run-qemu.sh" --cpus "$cpus" \
		--timeout "$timeout_s" --out "$dir/runs/$name" "$kernel" eval "plan=$script"; then
		failed=$((failed + 1))
		progress "eval: run $n/${#runs[@]} failed: $(grep '^verdict=' "$dir/runs/$name/run.env" || true)"
	fi
done

progress "eval: statistics and report"
evaluation stats "$dir"
evaluation report "$dir"
progress "eval: report $dir/report.md ($failed of ${#runs[@]} runs failed)"
ln -sfn "$(basename "$dir")" "$(dirname "$dir")/latest" 2>/dev/null || true
[ "$failed" -eq 0 ]
