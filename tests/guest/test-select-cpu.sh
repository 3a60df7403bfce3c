# A policy chooses the CPU of its waking tasks (BPF_SCHED_OP_SELECT_CPU): place_cpu sends
# every one to the CPU it was given. Two periodic threads that do not run at the same
# time (1 ms every 20 ms, 10 ms apart) start their jobs where the policy put them; stock
# push may still move a thread that lands behind a higher priority (the test's main
# thread, a kernel thread), hence 90% and not all. A pinned thread is never asked
# about. An answer no task can take is refused, counted, and the policy stays. A move
# the kernel forces (an affinity change) asks too. (A CPU going offline under the
# policy: test-hotplug.)
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 13

[ "${RTSCHED_CPUS:-2}" -eq 2 ] || skip_all "the checks are for 2 CPUs"
task_field() { sed -n "s/^task $1 .* $2 \([0-9a-fx,]*\).*/\1/p" "$3"; }
# JOBS-STARTED-ON CPU TASK FILE
started_on() { task_field "$2" started "$3" | cut -d, -f$(($1 + 1)); }
attached() { ! grep -qx "prog_id 0" /proc/sched_bpf; }
set_ab="a:1:20:20:50:0 b:1:20:20:50:10"

for cpu in 0 1; do
	check "attach place_cpu with target_cpu=$cpu" \
		rtsched attach --scope all /tests/bin/place_cpu.bpf.o --param target_cpu=$cpu
	calls=$(counter select_cpu)
	/tests/bin/taskset --cpu all --duration 1 $set_ab >/tmp/sel$cpu.out
	calls=$(($(counter select_cpu) - calls))
	rtsched detach >/dev/null
	sed 's/^/# /' /tmp/sel$cpu.out
	a=$(started_on $cpu a /tmp/sel$cpu.out) b=$(started_on $cpu b /tmp/sel$cpu.out)
	check "target_cpu=$cpu: jobs started on CPU $cpu: a $a, b $b of 50 ($calls placements asked)" \
		[ "$a" -ge 45 -a "$b" -ge 45 -a "$calls" -ge 90 ]
done

# a is pinned to CPU 0 and the policy answers 1: the kernel never asks about a pinned
# task, so a stays on CPU 0 and only b's wakeups are placements.
check "attach place_cpu with target_cpu=1" \
	rtsched attach --scope all /tests/bin/place_cpu.bpf.o --param target_cpu=1
calls=$(counter select_cpu)
/tests/bin/taskset --cpu all --duration 1 a:1:20:20:50:0:0 b:1:20:20:50:10 >/tmp/selpin.out
calls=$(($(counter select_cpu) - calls))
rtsched detach >/dev/null
sed 's/^/# /' /tmp/selpin.out
check "a pinned task is not placed: a ran on CPU 0 only ($(task_field a cpus /tmp/selpin.out)), b started $(started_on 1 b /tmp/selpin.out) of 50 jobs on CPU 1, $calls placements asked" \
	[ "$(task_field a cpus /tmp/selpin.out)" = 0x1 -a "$(started_on 1 b /tmp/selpin.out)" -ge 45 \
	  -a "$calls" -ge 45 -a "$calls" -lt 90 ]

# A CPU beyond the last: every answer refused, the kernel's CPU used, the policy stays.
check "attach place_cpu with target_cpu=4096" \
	rtsched attach --scope all /tests/bin/place_cpu.bpf.o --param target_cpu=4096
refused=$(counter select_refused)
/tests/bin/taskset --cpu all --duration 1 $set_ab >/tmp/selbad.out
refused=$(($(counter select_refused) - refused))
sed 's/^/# /' /tmp/selbad.out
check "target_cpu=4096: answers refused ($refused), every job ran ($(task_field a jobs /tmp/selbad.out), $(task_field b jobs /tmp/selbad.out) of 50)" \
	[ "$refused" -ge 90 -a "$(task_field a jobs /tmp/selbad.out)" -eq 50 \
	  -a "$(task_field b jobs /tmp/selbad.out)" -eq 50 ]
check "the policy is still attached after refused answers" attached
check "detach place_cpu" rtsched detach

# A move the kernel forces asks the policy too (BPF_SCHED_SEL_MOVE): a busy thread of
# the scope on CPU 0 loses CPU 0 from its mask. With 2 CPUs such a move has one CPU to
# go to: place_cpu's answer, CPU 0, is refused and counted, and the thread runs on CPU 1.
check "attach place_cpu with target_cpu=0" \
	rtsched attach --scope all /tests/bin/place_cpu.bpf.o --param target_cpu=0
forced_move 1 'taskset -p 2 "$busy" >/dev/null'
check "an affinity change that moves the thread asks the policy ($calls asked, $refused refused), the thread runs on CPU $cpu" \
	[ "$calls" -ge 1 -a "$refused" -ge 1 -a "$cpu" = 1 ]
check "detach place_cpu" rtsched detach
tap_end
