# boot: rtsched_boot=hotplug
# CPU hotplug. Under gedf, CPU 1 goes offline 1.5 s into a task set and comes back
# 1.5 s later: its tasks move to CPU 0 and back, and every thread releases all its
# jobs. A policy that places every task on CPU 1 is asked about the thread that CPU 1
# going offline moves (BPF_SCHED_SEL_MOVE); with CPU 1 offline, each of its answers is
# refused (not active) and counted, and the tasks run on CPU 0.
# In a boot of its own (the parameter above only marks it): once a CPU went offline and
# back, 6.12.118 refuses writes of 0 to the fair servers with EBUSY (the deadline
# bandwidth it accounts no longer fits), even with no policy attached, which the later
# tests of a boot that write them would meet.
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 8

online=/sys/devices/system/cpu/cpu1/online
[ "${RTSCHED_CPUS:-2}" -eq 2 ] || skip_all "the task set is for 2 CPUs"
[ -w "$online" ] || skip_all "this kernel has no CPU hotplug ($online)"
task_field() { sed -n "s/^task $1 .* $2 \([0-9a-fx]*\).*/\1/p" "$3"; }

# test-gedf's set A: U 1.615, each task over half a CPU. taskset turns RT throttling off.
check "attach gedf" rtsched attach /policies/gedf.bpf.o
/tests/bin/taskset --cpu all --duration 5 --params a:27:48:48:50 b:57:108:108:50 \
	c:63:120:120:50 >/tmp/gedf-hp.out &
set_pid=$!
sleep 1.5
# The write's own error, if any, goes into the result
off_err=$( { echo 0 >"$online"; } 2>&1 )
off=$(cat "$online")
sleep 1.5
echo 1 >"$online"
wait "$set_pid"
status=$?
sed 's/^/# /' /tmp/gedf-hp.out
check "CPU 1 offline for 1.5 s of the set (online: $off${off_err:+, $off_err}), back ($(cat "$online")), no job lost (exit $status; jobs a $(task_field a jobs /tmp/gedf-hp.out), b $(task_field b jobs /tmp/gedf-hp.out), c $(task_field c jobs /tmp/gedf-hp.out) of 105, 47, 42)" \
	[ "$off" = 0 -a "$(cat "$online")" = 1 -a "$status" -eq 0 -a \
	  "$(task_field a jobs /tmp/gedf-hp.out)" -eq 105 -a \
	  "$(task_field b jobs /tmp/gedf-hp.out)" -eq 47 -a "$(task_field c jobs /tmp/gedf-hp.out)" -eq 42 ]
check "detach gedf" rtsched detach

check "attach place_cpu with target_cpu=1" \
	rtsched attach --scope all /tests/bin/place_cpu.bpf.o --param target_cpu=1
forced_move 2 'echo 0 >"$online"'
check "CPU 1 going offline ($(cat "$online")) asks the policy about the thread it moves ($calls asked, $refused refused), which runs on CPU $cpu" \
	[ "$(cat "$online")" = 0 -a "$calls" -ge 1 -a "$refused" -ge 1 -a "$cpu" = 0 ]
refused=$(counter select_refused)
/tests/bin/taskset --cpu all --duration 1 a:1:20:20:50:0 b:1:20:20:50:10 >/tmp/selhp.out
refused=$(($(counter select_refused) - refused))
sed 's/^/# /' /tmp/selhp.out
check "an offline CPU is refused ($refused answers), every job ran on CPU 0 (a $(task_field a cpus /tmp/selhp.out), b $(task_field b cpus /tmp/selhp.out))" \
	[ "$refused" -ge 90 -a "$(task_field a cpus /tmp/selhp.out)$(task_field b cpus /tmp/selhp.out)" = 0x10x1 ]
check "the policy is still attached" sh -c '! grep -qx "prog_id 0" /proc/sched_bpf'
check "detach place_cpu" rtsched detach
echo 1 >"$online"
tap_end
