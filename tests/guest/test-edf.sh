# edf: a task set of utilization 0.95 that rate-monotonic priorities cannot schedule
# misses no deadline under edf with one priority for its threads; a later job with an
# earlier deadline preempts one of the same priority.
. /tests/tap.sh
plan 8

cpu=$((${RTSCHED_CPUS:-2} - 1))
# The fair server reserves up to 50 ms/s for waiting SCHED_OTHER tasks on the
# task set's CPU, and RT throttling stops every RT task of a CPU for the rest of the
# second once they ran 950 ms of it: the set's 950 ms plus the kernel's own RT
# threads (irq threads on PREEMPT_RT) and the switches' cost cross that. Both are
# off for this test, as in the schedulability experiment.
[ -d /sys/kernel/debug/sched ] || mount -t debugfs none /sys/kernel/debug
# RT throttling off first: on 6.12.118, once a fair server was set to 0 and back, a
# second 0 is refused (EBUSY) while RT throttling is on, and accepted when it is off.
rt_runtime=$(cat /proc/sys/kernel/sched_rt_runtime_us)
echo -1 >/proc/sys/kernel/sched_rt_runtime_us
server=/sys/kernel/debug/sched/fair_server/cpu$cpu/runtime
server_runtime=$(cat "$server" 2>/dev/null || true)
[ -z "$server_runtime" ] || echo 0 >"$server"
misses() { sed -n 's/^total jobs [0-9]* misses \([0-9]*\).*/\1/p' "$1"; }
task_field() { sed -n "s/^task $1 .* $2 \([0-9]*\).*/\1/p" "$3"; }

# U = 40/100 + 88/160 = 0.95. Under RM, b gets only 80 ms of its first 160 ms.
# Periods of 100 ms and more keep the emulator's per-switch cost (about 1 ms
# with lockdep under TCG) well inside the 5% slack. edf orders a level: under
# it both threads have priority 50.
set_rm="a:40:100 b:88:160"
set_u95="a:40:100:100:50 b:88:160:160:50"
run() { # POLICY OUTPUT TASKS...
	policy=$1 out=$2
	shift 2
	rtsched attach "/policies/$policy.bpf.o" &&
		/tests/bin/taskset --cpu "$cpu" --duration 5 --params "$@" >"$out"
	status=$?
	rtsched detach
	sed 's/^/# /' "$out"
	return $status
}

check "fifo (RM priorities) runs the U=0.95 set" run fifo /tmp/edf-fifo.out $set_rm
check "fifo (RM priorities) misses deadlines of the U=0.95 set ($(misses /tmp/edf-fifo.out) misses)" \
	[ "$(misses /tmp/edf-fifo.out)" -gt 0 ]
check "edf runs the U=0.95 set" run edf /tmp/edf-edf.out $set_u95
# 5% slack is 40 ms of each 800 ms hyperperiod, which a stall of the emulator's host
# can take (CI saw one run in several miss, on either kernel): a run with misses gets
# one more, and both counts are in the result.
rerun_stalled 1 "misses /tmp/edf-edf.out" '[ "$(misses /tmp/edf-edf.out)" -eq 0 ]' \
	"run edf /tmp/edf-edf.out $set_u95"
check "edf misses no deadline of the U=0.95 set over a whole run (misses: $tries)" \
	[ "$(misses /tmp/edf-edf.out)" -eq 0 -a "$(task_field b jobs /tmp/edf-edf.out)" -ge 30 ]

# long runs 60 ms from 0; short, of the same priority, is released at 10 ms with
# a 20 ms deadline: only preemption by deadline lets it make it (behind long it
# would finish 52 ms after its release).
set_preempt="long:60:200:200:50:0 short:2:200:20:50:10"
check "edf: preemption task set runs" run edf /tmp/edf-preempt.out $set_preempt
# The 2 ms job answers in a few ms only if it preempts long's 60 ms job; the
# emulator may still delay one job in 25 past its deadline, hence "at most 1".
preempted() {
	[ "$(task_field short avg_response_us "$1")" -lt 10000 ] &&
		[ "$(task_field short misses "$1")" -le 1 ]
}
shown() { echo "avg response $(task_field short avg_response_us "$1") us, misses $(task_field short misses "$1") of 25"; }
# Without preemption every short job would miss (52 ms > 20 ms). A host that stalls
# both vCPUs for seconds (CI saw 4 misses of 25 and an 11.5 ms average in the same
# boot as a cross-CPU ping-pong 80 times slower than usual) gets one more run; both
# runs are in the result.
rerun_stalled 1 "shown /tmp/edf-preempt.out" "preempted /tmp/edf-preempt.out" \
	"run edf /tmp/edf-preempt.out $set_preempt"
check "edf: the later job with the earlier deadline preempts (short: $tries)" \
	preempted /tmp/edf-preempt.out
check "fifo: preemption task set runs" run fifo /tmp/fifo-preempt.out $set_preempt
check "fifo: the same job waits behind the higher priority and misses" \
	[ "$(task_field short misses /tmp/fifo-preempt.out)" -gt 0 ]
[ -z "$server_runtime" ] || echo "$server_runtime" >"$server"
echo "$rt_runtime" >/proc/sys/kernel/sched_rt_runtime_us
tap_end
