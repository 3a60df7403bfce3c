#!/usr/bin/env bash
# The evaluation (`make eval`): boots every kernel of KERNELS once per round and runs,
# in each boot, cyclictest on every CPU for each load x policy, the context-switch test,
# and (first round, patched kernels) the deadline sweep. Rounds
# interleave the configurations (kernel order and job order rotate each round) so that
# host drift hits all alike. Then scripts/eval_stats.py and scripts/eval_report.py
# write summary.json, summary.csv, report.md and the plots.
#
# Variables (environment or make):
#   DURATION=8      seconds of cyclictest per configuration and round at -i200:
#                   -l DURATION*5000 loops, the same for every configuration
#   ROUNDS=2        rounds
#   KERNELS="vanilla-stock vanilla-bpf rt-stock rt-bpf"
#   POLICIES="fifo rr edf"   (default: every policies/*.bpf.c)
#   LOADS="idle cpu mixed"   idle; stress-ng --cpu on all CPUs; stress-ng I/O+memory+syscalls
#   HIST=20000      cyclictest -h range (us); samples beyond count as overflows
#   PINGPONG=3      seconds of tests/guest/pingpong per kernel state, variant and round (0: off)
#   PP_QUEUED="1 8 64" its variants: lower-priority RT threads queued on its CPU (0 to
#                   64), in the policy's tree all along: the switch rate against queue length
#   DL_SECONDS=3    seconds per task set of the deadline sweep (0: off)
#   DL_UTILS="0.5 0.6 0.7 0.8 0.9 0.95 1.0"
#   CPUS=2          guest vCPUs;   EVAL_DIR  output folder (default out/eval/<timestamp>)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-8}
ROUNDS=${ROUNDS:-2}
KERNELS=${KERNELS:-vanilla-stock vanilla-bpf rt-stock rt-bpf}
if [ -z "${POLICIES:-}" ]; then
	POLICIES=$(cd "$REPO_ROOT/policies" && ls ./*.bpf.c | sed 's|^\./||; s|\.bpf\.c$||' | tr '\n' ' ')
fi
LOADS=${LOADS:-idle cpu mixed}
HIST=${HIST:-20000}
PINGPONG=${PINGPONG:-3}
PP_QUEUED=${PP_QUEUED:-1 8 64}
DL_SECONDS=${DL_SECONDS:-3}
DL_UTILS=${DL_UTILS:-0.5 0.6 0.7 0.8 0.9 0.95 1.0}
CPUS=${CPUS:-2}

is_num() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -gt 0 ]; }
is_num "$DURATION" || die "eval: DURATION must be a positive number of seconds"
is_num "$ROUNDS" || die "eval: ROUNDS must be a positive number"
is_num "$HIST" || die "eval: HIST must be a positive number of microseconds"
for load in $LOADS; do
	case $load in idle | cpu | mixed) ;; *) die "eval: unknown load '$load' (idle, cpu, mixed)" ;; esac
done
read -ra pp_variants <<<"$PP_QUEUED"
for q in "${pp_variants[@]}"; do
	[[ $q =~ ^[0-9]+$ ]] && [ "$q" -le 64 ] ||
		die "eval: PP_QUEUED takes numbers of queued threads from 0 to 64"
done
for p in $POLICIES; do
	[ -f "$OUT_DIR/policies/$p.bpf.o" ] || die "eval: no policy $OUT_DIR/policies/$p.bpf.o (make userspace)"
done
[ -f "$OUT_DIR/initramfs.cpio" ] || die "eval: no initramfs (make initramfs)"
loops=$((DURATION * 1000000 / 200))

stamp=$(date -u +%Y%m%d-%H%M%S)
dir=${EVAL_DIR:-$OUT_DIR/eval/$stamp}
mkdir -p "$dir/runs"

comma() { echo "$*" | tr -s ' ' ',' | sed 's/^,//; s/,$//'; }
# Rotates the words of a list left by N.
rotate() {
	local n=$1
	shift
	local -a w=("$@")
	local k=${#w[@]} i
	for ((i = 0; i < k; i++)); do printf '%s ' "${w[(i + n) % k]}"; done
}

# Kernels: built, patched or stock, config hash.
read -ra kernels <<<"$KERNELS"
{
	echo "started=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "git_commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "host_cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
	echo "host_cpus=$(nproc)"
	echo "host_kernel=$(uname -r)"
	echo "duration_s=$DURATION"
	echo "loops=$loops"
	echo "interval_us=200"
	echo "hist_us=$HIST"
	echo "rounds=$ROUNDS"
	echo "kernels=$KERNELS"
	echo "policies=$POLICIES"
	echo "loads=$LOADS"
	echo "pingpong_s=$PINGPONG"
	echo "pingpong_queued=$PP_QUEUED"
	echo "dl_seconds=$DL_SECONDS"
	echo "dl_utils=$DL_UTILS"
	echo "guest_cpus=$CPUS"
	echo "cyclictest=cyclictest -m -p95 -i200 -d0 -h$HIST -l$loops -t$CPUS -a -q"
} >"$dir/eval.env"
for k in "${kernels[@]}"; do
	b=$CACHE_DIR/build/$k
	[ -f "$b/arch/x86/boot/bzImage" ] || die "eval: kernel $k is not built (make kernels KERNELS=$k)"
	if ! "$REPO_ROOT/scripts/build-kernel.sh" --status "$k" | grep -q 'up to date'; then
		progress "eval: warning: kernel $k is stale (its inputs changed since it was built)"
	fi
	{
		echo "kernel_$k.config_sha256=$(sha256sum "$b/.config" | cut -c1-16)"
		echo "kernel_$k.release=$(cat "$b/include/config/kernel.release" 2>/dev/null || echo unknown)"
		echo "kernel_$k.patched=$(grep -q '^CONFIG_BPF_SCHED=y' "$b/.config" && echo yes || echo no)"
		echo "kernel_$k.preempt_rt=$(grep -q '^CONFIG_PREEMPT_RT=y' "$b/.config" && echo yes || echo no)"
	} >>"$dir/eval.env"
done

patched() { grep -q "^kernel_$1.patched=yes" "$dir/eval.env"; }
# The reference policies among POLICIES: the ping-pong and the deadline sweep run them
refs=
for p in fifo edf; do
	case " $POLICIES " in *" $p "*) refs="$refs $p" ;; esac
done

runs=$((ROUNDS * ${#kernels[@]}))
n=0 failed=0
progress "eval: $runs runs (${#kernels[@]} kernels x $ROUNDS rounds), $DURATION s per configuration, into $dir"
for ((r = 1; r <= ROUNDS; r++)); do
	for k in $(rotate $((r - 1)) "${kernels[@]}"); do
		n=$((n + 1))
		if patched "$k"; then
			states="none $POLICIES" pp="none$refs"
		else
			states=stock pp=stock
		fi
		jobs=()
		for load in $LOADS; do
			for s in $states; do jobs+=("$load:$s"); done
		done
		read -ra jobs <<<"$(rotate $((r - 1)) "${jobs[@]}")"
		args=("jobs=$(comma "${jobs[@]}")" "loops=$loops" "hist=$HIST")
		[ "$PINGPONG" -gt 0 ] && args+=("pingpong=$(comma $pp)" "pp_seconds=$PINGPONG" \
			"pp_queued=$(comma $PP_QUEUED)")
		if [ "$r" -eq 1 ] && patched "$k"; then
			if [ "$DL_SECONDS" -gt 0 ]; then
				scheds=dl
				for p in $refs; do scheds="$p,$scheds"; done
				args+=("dl_utils=$(comma $DL_UTILS)" "dl_seconds=$DL_SECONDS" "dl_scheds=$scheds")
			fi
		fi
		# Budget: each job at most 4x its nominal time under emulation, plus boot.
		timeout_s=$((${#jobs[@]} * (DURATION * 4 + 15) + 3 * ${#pp_variants[@]} * (PINGPONG * 4 + 10) + 300))
		progress "eval: run $n/$runs: round $r/$ROUNDS, $k, ${#jobs[@]} configurations"
		if ! "$REPO_ROOT/scripts/run-qemu.sh" --cpus "$CPUS" --timeout "$timeout_s" \
			--out "$dir/runs/r$r-$k" "$k" eval "${args[@]}" "round=$r"; then
			failed=$((failed + 1))
			progress "eval: run $n/$runs failed: $(grep '^verdict=' "$dir/runs/r$r-$k/run.env" || true)"
		fi
	done
done

progress "eval: statistics and report"
python3 "$REPO_ROOT/scripts/eval_stats.py" "$dir"
python3 "$REPO_ROOT/scripts/eval_report.py" "$dir"
progress "eval: report $dir/report.md ($failed of $runs runs failed)"
ln -sfn "$(basename "$dir")" "$(dirname "$dir")/latest" 2>/dev/null || true
[ "$failed" -eq 0 ]
