# timeout: 300
# gedf: global EDF over the CPUs (issue 14). The kernel places the tasks of a global
# policy by key: a task queued behind an earlier deadline goes to a CPU running a later
# one, and a CPU whose task stops takes the earliest deadline queued elsewhere. Two
# task sets whose answers are known (simulated below) tell global from partitioned
# EDF; a third measures how long an earliest-deadline job can wait while a CPU runs a
# later deadline; a fourth checks that a pinned thread stays on its CPU. CPU hotplug
# under gedf: test-gedf-hotplug.sh, in a boot of its own.
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 14

ncpus=${RTSCHED_CPUS:-2}
[ "$ncpus" -eq 2 ] || skip_all "the task sets are for 2 CPUs, this guest has $ncpus"

# Fair servers and RT throttling off on both CPUs, as in test-edf and the experiment.
[ -d /sys/kernel/debug/sched ] || mount -t debugfs none /sys/kernel/debug
# RT throttling off first: on 6.12.118, once a fair server was set to 0 and back, a
# second 0 is refused (EBUSY) while RT throttling is on, and accepted when it is off.
rt_runtime=$(cat /proc/sys/kernel/sched_rt_runtime_us)
echo -1 >/proc/sys/kernel/sched_rt_runtime_us
servers=""
for cpu in 0 1; do
	f=/sys/kernel/debug/sched/fair_server/cpu$cpu/runtime
	[ -f "$f" ] || continue
	servers="$servers $f:$(cat "$f")"
	echo 0 >"$f"
done
pushed=$(counter pushed) pulled=$(counter pulled)

# Every task set runs at priority 60, above PREEMPT_RT's interrupt threads (50): at
# their level the threads keep stock places, and their runs would take the sets' slack
# (a CI run on the PREEMPT_RT debug kernel, sets at 50: gedf missed 3 jobs of set A
# twice, partitioned edf one of set B twice).
misses() { sed -n 's/^total jobs [0-9]* misses \([0-9]*\).*/\1/p' "$1"; }
task_field() { sed -n "s/^task $1 .* $2 \([0-9a-fx]*\).*/\1/p" "$3"; }
secs=5 # of each run
run() { # POLICY OUTPUT TASKSET-ARGS...
	policy=$1 out=$2
	shift 2
	rtsched attach "/policies/$policy.bpf.o" >/dev/null &&
		/tests/bin/taskset --duration "$secs" --params "$@" >"$out"
	status=$?
	rtsched detach >/dev/null
	sed 's/^/# /' "$out"
	return $status
}
# Like run, up to twice more while a run missed: a stall of the emulator's host can
# take a whole job's slack (test-edf); every count is in the result.
run_clean() { # POLICY OUTPUT TASKSET-ARGS...
	run "$@" || return
	rerun_stalled 2 "misses $2" "[ \"\$(misses $2)\" -eq 0 ]" "run $*"
}

check "gedf attaches and the kernel reports it global" \
	sh -c 'rtsched attach /policies/gedf.bpf.o >/dev/null &&
		grep -q "^ops .*global" /proc/sched_bpf; s=$?; rtsched detach >/dev/null; exit $s'

# Sets A and B run 10 s with twice the times they were first written with (slack twice
# as long against the host's stalls, the same schedules: EDF's is the same at any
# time scale).
# Set A, times in ms (C:P, D = P, all at priority 60, released together every
# hyperperiod of 4320 ms): a 54:96 (U 0.563), b 114:216 (0.528), c 126:240 (0.525);
# U = 1.615. Each task needs more than half a CPU, so any partition puts two on one
# CPU: no partition fits, partitioned EDF misses on the overloaded CPU (best split:
# a | b c, 1.053 there). Global EDF meets every deadline: simulated over 10 s with
# these releases, its smallest slack is 42 ms, and each later hyperperiod repeats
# the first (every job ends by its deadline, so none is left over).
secs=10
set_a_global="a:54:96:96:60 b:114:216:216:60 c:126:240:240:60"
set_a_split="a:54:96:96:60::0 b:114:216:216:60::1 c:126:240:240:60::1"
check "edf, partitioned (a | b c): set A runs" run edf /tmp/gedf-a-edf.out $set_a_split
check "edf, partitioned: set A misses on the overloaded CPU ($(misses /tmp/gedf-a-edf.out) misses)" \
	[ "$(misses /tmp/gedf-a-edf.out)" -gt 0 ]
tries=""
check "gedf: set A runs on every CPU" run_clean gedf /tmp/gedf-a-gedf.out --cpu all $set_a_global
check "gedf: set A misses no deadline (misses: $tries; U 1.615 > 1 needs both CPUs)" \
	[ "$(misses /tmp/gedf-a-gedf.out)" -eq 0 -a "$(task_field a jobs /tmp/gedf-a-gedf.out)" -ge 100 ]
check "gedf: set A's tasks ran on both CPUs (a $(task_field a cpus /tmp/gedf-a-gedf.out), b $(task_field b cpus /tmp/gedf-a-gedf.out), c $(task_field c cpus /tmp/gedf-a-gedf.out))" \
	[ "$(task_field a cpus /tmp/gedf-a-gedf.out)$(task_field b cpus /tmp/gedf-a-gedf.out)$(task_field c cpus /tmp/gedf-a-gedf.out)" = 0x30x30x3 ]
# For comparison, not a check: edf with every CPU allowed has no placement by key.
run edf /tmp/gedf-a-edf-all.out --cpu all $set_a_global >/dev/null
echo "# edf, every CPU allowed (stock push/pull by priority only): set A misses $(misses /tmp/gedf-a-edf-all.out)"

# Set B, Dhall's effect: two light tasks l1, l2 60:190 and a heavy h 160:200, released
# together. Global EDF runs the lights first (deadline 190 < 200) on both CPUs, and h,
# starting at 60, ends at 220: a miss whenever the releases line up again (simulated:
# 6 of h's 50 jobs in 10 s). Partitioned, h alone on CPU 1 (U 0.8) and the lights on
# CPU 0 (U 0.63): no miss (smallest slack 40 ms).
set_b_global="l1:60:190:190:60 l2:60:190:190:60 h:160:200:200:60"
set_b_split="l1:60:190:190:60::0 l2:60:190:190:60::0 h:160:200:200:60::1"
check "gedf: set B runs" run gedf /tmp/gedf-b-gedf.out --cpu all $set_b_global
check "gedf: set B's heavy task misses (Dhall: $(task_field h misses /tmp/gedf-b-gedf.out) of $(task_field h jobs /tmp/gedf-b-gedf.out))" \
	[ "$(task_field h misses /tmp/gedf-b-gedf.out)" -gt 0 ]
tries=""
check "edf, partitioned (l1 l2 | h): set B runs" run_clean edf /tmp/gedf-b-edf.out $set_b_split
check "edf, partitioned: set B misses no deadline (misses: $tries)" \
	[ "$(misses /tmp/gedf-b-edf.out)" -eq 0 -a "$(task_field h jobs /tmp/gedf-b-edf.out)" -ge 45 ]

secs=5
# Work conservation. hog 700:1000 keeps one CPU busy with a late deadline, m 30:40
# the other; s 2:20 wakes every 20 ms, its deadline before both. Global EDF runs s
# at once on the hog's CPU; without placement s can wait for m's job on m's CPU.
# The reference is the same set under stock priorities with s above the others:
# there s waits only for the wakeup itself, one scheduling event, in this guest.
set_w="hog:700:1000:1000:60 m:30:40:40:60 s:2:20:20:60"
# measure_wait: the reference, edf and gedf runs of set W; sets ref_wait, edf_wait,
# wait_us (s's 90th-percentile wait), max_us (its worst) and bound
p90_wait() { echo $(($(task_field s p90_response_us "$1") - 2000)); }
measure_wait() {
	/tests/bin/taskset --cpu all --duration 5 hog:700:1000:1000:60 m:30:40:40:60 \
		s:2:20:20:70 >/tmp/gedf-w-ref.out
	ref_wait=$(p90_wait /tmp/gedf-w-ref.out)
	run edf /tmp/gedf-w-edf.out --cpu all $set_w >/dev/null
	edf_wait=$(p90_wait /tmp/gedf-w-edf.out)
	run gedf /tmp/gedf-w-gedf.out --cpu all $set_w
	wait_us=$(p90_wait /tmp/gedf-w-gedf.out)
	max_us=$(($(task_field s max_response_us /tmp/gedf-w-gedf.out) - 2000))
	# A job sent to the other CPU takes a push and an IPI besides the wakeup the
	# reference measures: twice the reference, or 4 ms more (worst waits measured on
	# a quieter host: 2.4 to 5.1 ms against references of 2.6 to 5.0 ms; edf without
	# placement 12.9 to 14.2 ms).
	bound=$((ref_wait * 2 > ref_wait + 4000 ? ref_wait * 2 : ref_wait + 4000))
}
# The 90th percentile, not the worst of 250 jobs: the worst shows any stall of the
# emulator's host (on this project's CI host the references' worst waits ranged from 5
# to 43 ms, and gedf's from 3.8 to 58 ms on this series and the one before it alike).
# The percentile does not tell a wait for m's 30 ms job from a stall (edf without
# placement passes it there too); the worst, held under 100 ms, still catches a job
# left behind the hog's 700 ms. A wait over the bound is measured once more, both
# shown.
measure_wait
first=""
if [ "$wait_us" -gt "$bound" ]; then
	first=" (first run: $wait_us us, bound $bound)"
	measure_wait
fi
check "gedf: the earliest deadline waits at most one scheduling event (s's 90th-percentile wait $wait_us us over $(task_field s jobs /tmp/gedf-w-gedf.out) jobs, worst $max_us us (< 100 ms); at the top priority $ref_wait us, bound $bound; edf without placement $edf_wait us$first)" \
	[ "$wait_us" -le "$bound" -a "$max_us" -lt 100000 -a \
	"$(task_field s jobs /tmp/gedf-w-gedf.out)" -ge 240 ]

# Affinity, and pulls: set C, four tasks (12:40, 15:50, 21:60, 28:70, U 1.35), so
# that both CPUs often have a task queued and a CPU whose job ends takes the earlier
# deadline queued on the other. c1 is pinned to CPU 1: it stays there while the
# others move by deadline.
check "gedf: set C with c1 pinned to CPU 1 runs" \
	run gedf /tmp/gedf-pin.out --cpu all c1:12:40:40:60::1 c2:15:50:50:60 c3:21:60:60:60 \
	c4:28:70:70:60
check "gedf: the pinned task ran on CPU 1 only (cpus $(task_field c1 cpus /tmp/gedf-pin.out)), the others on both" \
	[ "$(task_field c1 cpus /tmp/gedf-pin.out)" = 0x2 -a \
	  "$(task_field c2 cpus /tmp/gedf-pin.out)$(task_field c3 cpus /tmp/gedf-pin.out)$(task_field c4 cpus /tmp/gedf-pin.out)" = 0x30x30x3 ]
# Moves by key over all the sets. A CPU that idles or drops a level has stock's pull ask
# the overloaded CPUs to push (RT_PUSH_IPI), and their push moves by key ("pushed"); the
# pull by key itself runs where stock does not pull, a CPU staying at its level, a few
# times in these sets (2 to 9 on the debug kernels): shown, not required.
pushed=$(($(counter pushed) - pushed)) pulled=$(($(counter pulled) - pulled))
check "the kernel moved gedf's tasks by key (pushed $pushed; pulled at the same level $pulled)" \
	[ "$pushed" -gt 0 ]

for s in $servers; do echo "${s#*:}" >"${s%%:*}"; done
echo "$rt_runtime" >/proc/sys/kernel/sched_rt_runtime_us
tap_end
