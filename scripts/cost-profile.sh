#!/usr/bin/env bash
# The cost profile (`make cost-profile`): where a switch's instructions go, per kernel
# function, counted from QEMU's execution trace rather than derived from time. The
# patched kernel boots once under icount with every translation logged
# (run-qemu.sh --exec-trace) and runs the ladder's scenario (scripts/guest/cost-ladder.sh)
# with one run per state of STATES: the ping-pong with one queued thread on CPU 0, or
# across CPUs with CROSS=1 (make eval's "cross"). scripts/cost_profile.py turns the
# execution log on for WINDOW host seconds in the middle of each run and then counts,
# per function, the instructions that vCPU 0 (with CROSS=1, both vCPUs) executed per
# context switch. The first state is the baseline of the differences. Writes OUT/cost-profile/<stamp>/profile.tsv and
# prints the differences of at least one instruction. The trace (about 150 MB per
# state) is deleted once counted.
# Variables: BPF_KERNEL (vanilla-bpf), CROSS (0), STATES (none,fifo,tick_only,
# keyless_enqueue,edf; with CROSS=1 none,fifo,gedf), WINDOW (2 host seconds), PINGPONG
# (12 guest seconds per state: it must outlast the window, which runs the emulator many
# times slower).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=${BPF_KERNEL:-vanilla-bpf}
cross=${CROSS:-0}
case $cross in
0) states=${STATES:-none,fifo,tick_only,keyless_enqueue,edf} cpus_counted=() ;;
1) states=${STATES:-none,fifo,gedf} cpus_counted=(--all-cpus) ;;
*) die "cost-profile: CROSS must be 0 or 1" ;;
esac
window=${WINDOW:-2} seconds=${PINGPONG:-12}
dir=$OUT_DIR/cost-profile/$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$dir"
trace=$dir/trace.log

"$REPO_ROOT/scripts/build-kernel.sh" "$kernel"
n=$(tr , '\n' <<<"$states" | wc -l)
limit=$((300 + n * (seconds * 10 + 60)))
python3 "$REPO_ROOT/scripts/cost_profile.py" watch "$dir/run/console.log" "$trace.monitor" \
	"$trace" "$dir/marks" "$window" &
watcher=$!
trap 'kill $watcher 2>/dev/null || true; rm -f "$trace" "$trace.monitor"' EXIT
progress "cost-profile: $kernel ($states), icount with an execution trace, up to $limit s"
"$REPO_ROOT/scripts/run-qemu.sh" --accel icount --timeout "$limit" --out "$dir/run" \
	--exec-trace "$trace" "$kernel" cost-ladder STATES="$states" ROUNDS=1 SECONDS="$seconds" \
	CROSS="$cross" ANNOUNCE=1 >/dev/null ||
	die "cost-profile: the boot failed: $dir/run/console.log"
kill "$watcher" 2>/dev/null || true
set +e
wait "$watcher"
watched=$?
set -e
# 143: ended by the kill above, while it was still watching
[ "$watched" = 143 ] || die "cost-profile: tracing failed (see above)"
awk '$1 == "ladder" { print "cost-profile: " $2 " " $4 " switches/s" }' \
	"$dir/run/results/output" >&2
progress "cost-profile: counting the trace ($(du -h "$trace" | cut -f1))"
python3 "$REPO_ROOT/scripts/cost_profile.py" report "${cpus_counted[@]}" "$trace" "$dir/marks" \
	"$CACHE_DIR/build/$kernel/System.map" "$dir/profile.tsv"
progress "cost-profile: $dir/profile.tsv (QEMU icount, emulated; instructions per switch)"
