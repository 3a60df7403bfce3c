# Scenario "eval": one boot's share of the evaluation (scripts/eval.sh plans it).
# Variables (rtsched.KEY=VALUE on the kernel command line):
#   RTSCHED_JOBS      comma list of LOAD:POLICY in run order; LOAD idle|cpu|mixed,
#                     POLICY stock|none (nothing attached) or a /policies/NAME.bpf.o,
#                     attached with --scope all: it orders every user RT task
#   RTSCHED_LOOPS     cyclictest -l per job (equal sample counts), RTSCHED_HIST its -h (us)
#   RTSCHED_PINGPONG  comma list of POLICY for the context-switch test (idle),
#   RTSCHED_PP_SECONDS its duration, RTSCHED_PP_QUEUED comma list of how many
#                     lower-priority RT threads stay queued on its CPU (1,8,64)
#   RTSCHED_DL_UTILS  comma list of utilizations for the deadline sweep (empty: none),
#   RTSCHED_DL_SECONDS per task set, RTSCHED_DL_SCHEDS comma list of fifo|edf|dl
# Writes to /results: guest.env, lat-LOAD-POLICY.hist (cyclictest histogram without
# empty buckets), lat-LOAD-POLICY.status.json (rtsched status after the run),
# pingpong-qN-POLICY.txt, deadline-SCHED-uU.txt, and a log per job.
ncpu=$(grep -c ^processor /proc/cpuinfo)
loops=${RTSCHED_LOOPS:-5000}
hist=${RTSCHED_HIST:-20000}
failed=0
list() { echo "$1" | tr ',' ' '; }
note() { echo "eval: $*"; }

{
	echo "uname_r=$(uname -r)"
	echo "uname_v=$(uname -v)"
	echo "guest_cpus=$ncpu"
	echo "sched_bpf=$([ -e /proc/sched_bpf ] && echo yes || echo no)"
	echo "cyclictest=$(cyclictest --help 2>&1 | head -1)"
	echo "stress_ng=$(stress-ng --version 2>&1 | head -1)"
} >/results/guest.env
[ -e /proc/sys/kernel/bpf_stats_enabled ] && echo 1 >/proc/sys/kernel/bpf_stats_enabled

attach() { # POLICY: nothing for stock/none
	case $1 in
	stock | none) return 0 ;;
	esac
	rtsched attach --scope all "/policies/$1.bpf.o"
}
detach() {
	case $1 in
	stock | none) return 0 ;;
	esac
	rtsched detach
}

# A policy the kernel detached during a run (starved, invalid, aborted) voids the run.
still_attached() { # POLICY WHAT
	case $1 in
	stock | none | dl) return 0 ;;
	esac
	grep -qx "prog_id 0" /proc/sched_bpf || return 0
	note "$2: the kernel detached $1 during the run: $(grep last_exit /proc/sched_bpf)"
	failed=1
	return 1
}

load_pid=
start_load() { # LOAD LOG
	case $1 in
	idle) load_pid= ; return 0 ;;
	cpu) stress-ng --cpu "$ncpu" --timeout 0 --temp-path /tmp >"$2" 2>&1 & ;;
	# I/O (write/unlink, sync), memory (mmap and touch) and syscalls (get*, pipes)
	mixed) stress-ng --hdd 1 --hdd-bytes 16m --io 1 --vm 1 --vm-bytes 64m --get 1 \
		--pipe 1 --timeout 0 --temp-path /tmp >"$2" 2>&1 & ;;
	*) note "unknown load $1"; return 1 ;;
	esac
	load_pid=$!
	sleep 1 # let the workers start
	kill -0 "$load_pid" 2>/dev/null
}
stop_load() {
	[ -n "$load_pid" ] || return 0
	kill "$load_pid" 2>/dev/null
	wait "$load_pid" 2>/dev/null
	load_pid=
	rm -rf /tmp/stress-ng-* 2>/dev/null
}

for job in $(list "${RTSCHED_JOBS:-}"); do
	load=${job%%:*} policy=${job#*:}
	base=/results/lat-$load-$policy
	note "job $load $policy: cyclictest -l$loops on $ncpu CPUs"
	if ! attach "$policy"; then
		note "job $load $policy: attach failed"
		failed=1
		continue
	fi
	if ! start_load "$load" "$base.load.log"; then
		note "job $load $policy: load did not start"
		failed=1
		stop_load
		detach "$policy"
		continue
	fi
	cyclictest -m -p95 -i200 -d0 -h"$hist" -l"$loops" -t"$ncpu" -a -q \
		--histfile=/tmp/hist >"$base.log" 2>&1
	status=$?
	stop_load
	still_attached "$policy" "job $load $policy"
	[ "$policy" = stock ] || [ "$policy" = none ] || rtsched status --json >"$base.status.json"
	detach "$policy"
	if [ $status -ne 0 ] || [ ! -s /tmp/hist ]; then
		note "job $load $policy: cyclictest exited $status"
		failed=1
		continue
	fi
	# Empty buckets and the overflow cycle numbers carry no information.
	awk '/^# Thread/ { next } /^[0-9]/ { for (i = 2; i <= NF; i++) if ($i + 0) { print; next }; next } { print }' \
		/tmp/hist >"$base.hist"
	rm -f /tmp/hist
done

# CPU 0's counters so far, "CALLS REORDERED" (program runs of any op, picks the
# policy's order changed); empty on an unpatched kernel
cpu0_counters() {
	[ -e /proc/sched_bpf ] || return 0
	awk '$1 == "cpu" { for (i = 2; i <= NF; i++) col[$i] = i; next }
		col["reordered"] && $1 == "0" {
			print $col["enqueue"] + $col["dequeue"] + $col["tick"], $col["reordered"] }' \
		/proc/sched_bpf
}

# Run-time statistics cost two clock reads per program run: off, so that the
# switch rate compares the decisions alone.
stats=/proc/sys/kernel/bpf_stats_enabled
[ -e $stats ] && echo 0 >$stats
for policy in $(list "${RTSCHED_PINGPONG:-}"); do
	for queued in $(list "${RTSCHED_PP_QUEUED:-1,8,64}"); do
		out=/results/pingpong-q$queued-$policy.txt
		note "pingpong $policy, $queued queued"
		attach "$policy" || { failed=1; continue; }
		before=$(cpu0_counters)
		/tests/bin/pingpong 0 "${RTSCHED_PP_SECONDS:-2}" "$queued" >"$out" 2>&1 || failed=1
		if [ -n "$before" ]; then
			set -- $before $(cpu0_counters)
			echo "policy_calls $(($3 - $1))" >>"$out"
			echo "policy_reordered $(($4 - $2))" >>"$out"
		fi
		still_attached "$policy" "pingpong $policy"
		detach "$policy"
	done
done

# Deadline sweep on the last CPU: a:C:50 b:C:80 with the shares of the U=0.95 set of
# test-edf.sh (a 20/50, b 44/80), scaled to each utilization.
if [ -n "${RTSCHED_DL_UTILS:-}" ]; then
	cpu=$((ncpu - 1))
	server=/sys/kernel/debug/sched/fair_server/cpu$cpu/runtime
	server_runtime=$(cat "$server" 2>/dev/null || true)
	[ -z "$server_runtime" ] || echo 0 >"$server"
	for u in $(list "$RTSCHED_DL_UTILS"); do
		ca=$(awk -v u="$u" 'BEGIN { printf "%.3f", u * 20 / 0.95 }')
		cb=$(awk -v u="$u" 'BEGIN { printf "%.3f", u * 44 / 0.95 }')
		for sched in $(list "${RTSCHED_DL_SCHEDS:-fifo,edf,dl}"); do
			note "deadline $sched U=$u (a:$ca:50 b:$cb:80)"
			out=/results/deadline-$sched-u$u.txt
			case $sched in
			dl) /tests/bin/taskset --cpu "$cpu" --duration "${RTSCHED_DL_SECONDS:-3}" \
				--deadline-class "a:$ca:50" "b:$cb:80" >"$out" 2>&1 || failed=1 ;;
			*) if attach "$sched"; then
				/tests/bin/taskset --cpu "$cpu" --duration "${RTSCHED_DL_SECONDS:-3}" \
					--params "a:$ca:50" "b:$cb:80" >"$out" 2>&1 || failed=1
				still_attached "$sched" "deadline $sched U=$u"
				detach "$sched"
			else
				failed=1
			fi ;;
			esac
		done
	done
	[ -z "$server_runtime" ] || echo "$server_runtime" >"$server"
fi
note "done (failed=$failed)"
exit $failed
