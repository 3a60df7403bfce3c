# timeout: 900
# Safety: each hostile policy is rejected by the verifier or detached by the kernel
# (watchdog, invalid verdict, its own abort) while the system keeps running; fifo never
# trips the watchdog; the administrator can force-detach; the exit record in
# /proc/sched_bpf, rtsched status and the sched_bpf_exit tracepoint say what happened.
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 40

cpu=$((${RTSCHED_CPUS:-2} - 1))
bound=300 # ms, the watchdog bound the starving policies are attached with

tracing=/sys/kernel/tracing
mount -t tracefs nodev "$tracing" 2>/dev/null
check "the sched_bpf_exit tracepoint exists and is enabled" \
	sh -c "echo 1 >$tracing/events/sched_bpf/sched_bpf_exit/enable"

uptime_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

# wait_detached SECONDS: until no policy is attached
wait_detached() {
	n=0
	while [ $n -lt $(($1 * 10)) ]; do
		grep -qx "prog_id 0" /proc/sched_bpf && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# Something to misbehave with, on one CPU for SECONDS: two SCHED_FIFO 10 CPU hogs (one
# level, in the policy's scope), and a SCHED_FIFO 50 cyclictest thread that wakes every
# 10 ms, above the level the policy orders.
load_start() {
	stress-ng --cpu 2 --taskset "$cpu" --sched fifo --sched-prio 10 --timeout "$1" --quiet &
	hog=$!
	cyclictest -m -p50 -i10000 -t1 -a "$cpu" -q -D "$1" >/tmp/ct.out 2>&1 &
	ct=$!
	sleep 1
}

# cyclictest prints its histogram summary on SIGINT too
load_stop() {
	kill -INT "$ct" 2>/dev/null
	kill "$hog" 2>/dev/null
	wait "$ct" "$hog" 2>/dev/null || true
}

ct_max_us() { sed -n 's/.*Max: *\([0-9]*\).*/\1/p' /tmp/ct.out; }

# Verifier rejections: one clear line, exit 4, nothing attached
for bad in hostile_ctx_write hostile_helper; do
	rtsched attach "/tests/bin/$bad.bpf.o" >/dev/null 2>/tmp/err.txt
	rc=$?
	check "$bad: the verifier rejects it (exit $rc: $(grep '^rtsched: ' /tmp/err.txt))" \
		[ "$rc" -eq 4 ]
	check "$bad: nothing attached" grep -qx "prog_id 0" /proc/sched_bpf
done
check "hostile_helper: the log names the helper" grep -q "bpf_send_signal" /tmp/err.txt

# Policies that attach and misbehave: the kernel detaches them, the system runs on
# hostile WAIT_S REASON: attach (every user RT task in scope), wait for the kernel to
# detach it, check the record
hostile() {
	name=$1 wait_s=$2 reason=$3
	load_start $((wait_s + 3))
	t0=$(uptime_ms)
	check "$name: attaches" rtsched attach --scope all --watchdog "$bound" "/tests/bin/$name.bpf.o"
	check "$name: the kernel detached it" wait_detached "$wait_s"
	t1=$(uptime_ms)
	pid=$(exit_field pid)
	comm=$(cat "/proc/$pid/comm" 2>/dev/null || echo gone)
	echo "# $name: $(grep last_exit /proc/sched_bpf), $((t1 - t0)) ms after attach began;" \
		"pid $pid is $comm"
	check "$name: exit record reason=$reason" [ "$(exit_field reason)" = "$reason" ]
	check "$name: rtsched status explains it" sh -c 'rtsched status | grep -q "^last exit: "'
	bpftool link show pinned /sys/fs/bpf/rtsched/policy >"/tmp/$name.link" 2>&1
	sed "s/^/# bpftool: /" "/tmp/$name.link"
	load_stop
	rtsched detach >/dev/null 2>&1 # the stale pin of the defunct link
}

# The first hog waits for ever behind the second: the watchdog names it. The FIFO 50
# thread, a level above, never waits for the policy at all.
hostile hostile_starve 10 starved
check "hostile_starve: the task named is a hog ($comm)" [ "$comm" = stress-ng-cpu ]
max=$(ct_max_us)
check "hostile_starve: the FIFO 50 thread above the level waited ${max} us, well under the bound" \
	[ "${max:-999999}" -lt $((bound * 1000 / 2)) ]

hostile hostile_garbage 10 invalid
check "hostile_garbage: the invalid verdict was counted" [ "$(counter invalid)" -ge 1 ]

hostile hostile_abort 10 aborted
check "hostile_abort: rtsched status quotes the policy's message" \
	sh -c 'rtsched status | grep -q "giving up on purpose"'
check "hostile_abort: bpftool shows the link defunct" grep -q "defunct" /tmp/hostile_abort.link
check "hostile_abort: bpftool shows the reason and the policy's message" \
	grep -q 'exit aborted .*msg ".*giving up on purpose"' /tmp/hostile_abort.link
check "hostile_starve: bpftool names the starved task's reason" \
	grep -q "exit starved" /tmp/hostile_starve.link

# A stock-equivalent policy never trips even the smallest bound, with the fair server
# taking its share of the CPU under RT load
load_start 63
check "fifo attaches with --watchdog 10" rtsched attach --scope all --watchdog 10 /policies/fifo.bpf.o
sleep 60
check "fifo under load is still attached after 60 s" sh -c '! grep -qx "prog_id 0" /proc/sched_bpf'
load_stop
check "detach" rtsched detach
check "exit record reason=detached" [ "$(exit_field reason)" = detached ]
echo 1000 >/proc/sys/kernel/sched_bpf_watchdog_ms

# The administrator's way out, also while a loader holds the link
rtsched attach --foreground /policies/fifo.bpf.o >/tmp/fg.out 2>&1 &
fg=$!
n=0
while grep -qx "prog_id 0" /proc/sched_bpf && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
check "rtsched detach --force detaches a link its loader holds" rtsched detach --force
check "exit record reason=admin" [ "$(exit_field reason)" = admin ]
check "rtsched status --json shows the exit" sh -c 'rtsched status --json | grep -q "\"reason\":\"admin\""'
check "the loader still runs" kill -0 "$fg"
kill "$fg"
check "and exits cleanly on SIGTERM" wait "$fg"
check "attach --legacy" rtsched attach --legacy /policies/fifo.bpf.o
check "kernel.sched_bpf_force_detach=1 detaches it, without the loader" \
	sh -c 'echo 1 >/proc/sys/kernel/sched_bpf_force_detach && grep -qx "prog_id 0" /proc/sched_bpf'
rtsched detach >/dev/null 2>&1 # the stale pin

for reason in starved invalid aborted admin; do
	check "the tracepoint recorded reason=$reason" \
		grep -q "sched_bpf_exit: reason=$reason " "$tracing/trace"
done
sed -n 's/^.*sched_bpf_exit: /# trace: /p' "$tracing/trace"
tap_end
