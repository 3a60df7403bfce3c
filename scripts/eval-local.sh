#!/usr/bin/env bash
# make eval-local: the evaluation on this machine, booted into a bpf-rtsched or a stock
# kernel (README "Real machines"). The planner writes the plan for the running kernel
# (python3 -m evaluation plan-local: its release, its config from /boot or
# /proc/config.gz, or CONFIG=FILE, its CPUs), scripts/guest/eval-local.sh runs it here
# with the guard rails of a real machine, and the statistics and the report read the
# folder as they read a QEMU evaluation. The same variables as make eval (DURATION,
# ROUNDS, LOADS, POLICIES, EXPERIMENTS, ...; not KERNELS: the kernel is the running one).
# EVAL_DIR: the output folder (default out/eval-local/<timestamp>). One folder per booted
# kernel; python3 -m evaluation merge joins them into one report.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || die "eval-local: needs root (it attaches policies and writes kernel settings)"
dir=${EVAL_DIR:-$OUT_DIR/eval-local/$(date -u +%Y%m%d-%H%M%S)}
evaluation plan-local --tests-bin "$OUT_DIR/guest-tests" --policies "$OUT_DIR/policies" \
	--scenarios "$REPO_ROOT/scripts/guest" ${CONFIG:+--config "$CONFIG"} "$dir"
status=0
# The plan's commands name rtsched, which finds librtsched-map.so beside it in out/lib
PATH="$OUT_DIR/bin:$PATH" sh "$REPO_ROOT/scripts/guest/eval-local.sh" "$dir/plan" "$dir" || status=$?
[ "$status" != 130 ] || die "eval-local: interrupted; the runs so far are in $dir"
progress "eval-local: statistics and report"
evaluation stats "$dir"
evaluation report "$dir"
progress "eval-local: report $dir/report.md"
exit "$status"
