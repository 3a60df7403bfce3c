# timeout: 900
# Safety: each hostile policy is rejected by the verifier or detached by the kernel
# (watchdog, invalid decision, too slow) while the system keeps running; fifo never
# trips the watchdog; the administrator can force-detach; the exit record in
# /proc/sched_bpf, rtsched status and the sched_bpf_exit tracepoint say what happened.
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 36

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

# Something to misbehave with, on one CPU for SECONDS: a SCHED_FIFO 10 CPU hog, and a
# SCHED_FIFO 50 cyclictest thread that wakes every 10 ms and must preempt the hog.
load_start() {
	stress-ng --cpu 1 --taskset "$cpu" --sched fifo --sched-prio 10 --timeout "$1" --quiet &
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
# hostile WAIT_S REASON: attach, wait for the kernel to detach it, check the record
hostile() {
	name=$1 wait_s=$2 reason=$3
	load_start $((wait_s + 3))
	t0=$(uptime_ms)
	check "$name: attaches" rtsched attach --watchdog "$bound" "/tests/bin/$name.bpf.o"
	check "$name: the kernel detached it" wait_detached "$wait_s"
	t1=$(uptime_ms)
	pid=$(exit_field pid)
	echo "# $name: $(grep last_exit /proc/sched_bpf), $((t1 - t0)) ms after attach began;" \
		"pid $pid is $(cat "/proc/$pid/comm" 2>/dev/null || echo gone)"
	check "$name: exit record reason=$reason" [ "$(exit_field reason)" = "$reason" ]
	check "$name: rtsched status explains it" sh -c 'rtsched status | grep -q "^last exit: "'
	load_stop
	rtsched detach >/dev/null 2>&1 # the stale pin of the defunct link
}

# The FIFO 50 thread waits for at most the bound (plus a tick and emulation delays)
hostile hostile_lowest 10 starved
max=$(ct_max_us)
check "hostile_lowest: the FIFO 50 thread waited ${max} us, under the bound + 700 ms" \
	[ "${max:-0}" -lt $(((bound + 700) * 1000)) ]
check "hostile_lowest: invalid decisions none, overrides some" \
	[ "$(counter invalid)" -eq 0 -a "$(counter override)" -gt 0 ]

hostile hostile_never_run 10 starved
max=$(ct_max_us)
check "hostile_never_run: the FIFO 50 thread waited ${max} us, under the bound + 700 ms" \
	[ "${max:-0}" -lt $(((bound + 700) * 1000)) ]

hostile hostile_garbage 10 invalid
check "hostile_garbage: the invalid decision was counted" [ "$(counter invalid)" -ge 1 ]

# A stock-equivalent policy never trips even the smallest bound
load_start 5
check "fifo attaches with --watchdog 10" rtsched attach --watchdog 10 /policies/fifo.bpf.o
sleep 3
check "fifo under load is still attached after 3 s" sh -c '! grep -qx "prog_id 0" /proc/sched_bpf'
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

for reason in starved invalid admin; do
	check "the tracepoint recorded reason=$reason" \
		grep -q "sched_bpf_exit: reason=$reason " "$tracing/trace"
done
sed -n 's/^.*sched_bpf_exit: /# trace: /p' "$tracing/trace"
tap_end
