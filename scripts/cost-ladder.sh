#!/usr/bin/env bash
# The cost ladder (`make cost-ladder`): where an ordering policy's switch cost goes.
# QEMU runs with -icount shift=1, so guest time counts instructions (2 ns each) and the
# host's load changes only the wall time. The ping-pong with one queued thread
# (tests/guest/pingpong.c, as in `make eval`) runs on the stock kernel, then on the
# patched one in states that each add one part of an ordering policy's path:
#   none             hooks with no policy attached
#   fifo             a policy that orders nothing: rt.c's queues as they are
#   tick_only        the ordered path (placing in rt.c's queue, the wakeup's check),
#                    no program call at a switch
#   keyless_enqueue  plus an empty program call at each wakeup
#   edf              plus edf's work (the deadline key)
# Prints each state's switches per second (mean of ROUNDS runs of PINGPONG s) and its
# instructions per switch over stock, with the step from the state before; writes them
# to OUT/cost-ladder/<stamp>/ladder.tsv beside each boot's console and output.
# Variables: STOCK_KERNEL (vanilla-stock), BPF_KERNEL (vanilla-bpf), ROUNDS (3),
# PINGPONG (3), STATES (the list above, commas).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stock=${STOCK_KERNEL:-vanilla-stock} patched=${BPF_KERNEL:-vanilla-bpf}
rounds=${ROUNDS:-3} seconds=${PINGPONG:-3}
states=${STATES:-none,fifo,tick_only,keyless_enqueue,edf}
dir=$OUT_DIR/cost-ladder/$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$dir"

"$REPO_ROOT/scripts/build-kernel.sh" "$stock" "$patched"
# One boot per kernel: pingpong ROUNDS x SECONDS per state, a minute to boot and settle
run() { # KERNEL STATES
	local n limit
	n=$(tr , '\n' <<<"$2" | wc -l)
	limit=$((300 + n * rounds * (seconds + 20)))
	progress "cost-ladder: $1 ($2), icount, up to $limit s"
	"$REPO_ROOT/scripts/run-qemu.sh" --accel icount --timeout "$limit" --out "$dir/$1" \
		"$1" cost-ladder STATES="$2" ROUNDS="$rounds" SECONDS="$seconds" >/dev/null ||
		die "cost-ladder: the $1 boot failed: $dir/$1/console.log"
}
run "$stock" none
run "$patched" "$states"

{
	printf 'state\tswitches_per_s\tns_per_switch\tinsns_over_stock\tinsns_step\n'
	awk -v stock="$stock" '
		$1 == "ladder" { sum[FILENAME, $2] += $4; cnt[FILENAME, $2]++
				 if (!((FILENAME, $2) in seen)) { seen[FILENAME, $2]; order[++n] = FILENAME SUBSEP $2 } }
		END {
			for (i = 1; i <= n; i++) {
				split(order[i], k, SUBSEP)
				rate = sum[order[i]] / cnt[order[i]]
				ns = 1e9 / rate
				name = k[1] ~ "/" stock "/" ? stock : k[2] == "none" ? "detached" : k[2]
				if (i == 1) base = ns
				over = (ns - base) / 2
				step = i > 1 ? sprintf("%+.0f", over - prev) : "-"
				printf "%s\t%.0f\t%.1f\t%.0f\t%s\n", name, rate, ns, over, step
				prev = over
			}
		}' "$dir/$stock/results/output" "$dir/$patched/results/output"
} >"$dir/ladder.tsv"
column -t -s $'\t' "$dir/ladder.tsv"
progress "cost-ladder: $dir/ladder.tsv (QEMU icount, emulated: 2 ns per instruction)"
