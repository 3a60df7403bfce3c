# Policies run under the raw runqueue lock with interrupts off, also on PREEMPT_RT.
# The verifier refuses, by name, every helper, kfunc, map type, map field and
# instruction that could sleep, allocate under a sleeping lock, wake a task or loop
# beyond what it bounds; what it allows works from every op without a lockdep report.
. /tests/tap.sh
plan 16

# verify OBJECT NAME: the verifier rejects OBJECT and the loader's line names NAME
refused() {
	rtsched verify "/tests/bin/$1.bpf.o" >/dev/null 2>/tmp/err.txt
	rc=$?
	line=$(grep '^rtsched: ' /tmp/err.txt)
	# the verifier's reason follows the program and the error
	if [ "$rc" -eq 4 ] && echo "${line#*): }" | grep -q "$2"; then
		ok "$1: refused, naming $2 ($line)"
	else
		not_ok "$1: refused, naming $2 (exit $rc: $line)"
	fi
}
refused forbidden_wq bpf_wq
refused forbidden_timer bpf_timer
refused forbidden_spin_lock bpf_spin_lock
refused forbidden_lpm lpm_trie
refused forbidden_loop bpf_loop
refused forbidden_iter bpf_iter_num_new
refused forbidden_may_goto may_goto

policy=/tests/bin/allowed_maps.bpf.o
check "allowed_maps: the verifier accepts every allowed map type, ringbuf and bpf_printk" \
	rtsched verify "$policy"
tracing=/sys/kernel/tracing
echo >"$tracing/trace"
check "allowed_maps attaches (every op, every user RT task)" rtsched attach --scope all "$policy"
# Work for every op on both CPUs: wakeups, preemptions, picks among several RT tasks
# (two FIFO 10 hogs share CPU 0: each return from cyclictest picks between them),
# ticks, while the ring buffer is drained.
/tests/bin/ringbuf_count /sys/fs/bpf/events 4 >/tmp/records.out &
reader=$!
stress-ng --cpu 2 --taskset 0 --sched fifo --sched-prio 10 --timeout 3 --quiet &
cyclictest -m -p50 -i1000 -t2 -a -q -D3 >/dev/null 2>&1 &
/tests/bin/pingpong 0 3 1 >/dev/null
wait
calls=$(bpftool map dump name calls 2>/dev/null | awk '/"value"/ { gsub(/[^0-9]/, "", $2); n += ($2 > 0) } END { print n + 0 }')
check "allowed_maps ran for every op: enqueue, dequeue, tick, init, pick, select_cpu ($calls of 6 counted)" \
	[ "$calls" -eq 6 ]
check "the ring buffer delivered the policy's records ($(cat /tmp/records.out))" \
	awk '$1 == "records" && $2 > 0 { ok = 1 } END { exit !ok }' /tmp/records.out
check "bpf_printk from the policy reached the trace buffer" grep -q 'allowed_maps: op' "$tracing/trace"
check "detach allowed_maps" rtsched detach
rm -f /sys/fs/bpf/events

# The longest decision the verifier accepts, at every op, beside a FIFO 50 cyclictest
# thread on the last CPU. (The kernel's "slow" rule may detach it; either way the
# time interrupts stay off is bounded by the verifier, not by the policy.)
cpu=$((${RTSCHED_CPUS:-2} - 1))
check "bounded_max_loop (a loop the verifier walks to its limit) attaches" \
	rtsched attach --scope all /tests/bin/bounded_max_loop.bpf.o
stress-ng --cpu 1 --taskset "$cpu" --sched fifo --sched-prio 10 --timeout 5 --quiet &
cyclictest -m -p50 -i10000 -t1 -a "$cpu" -q -D5 >/tmp/ct.out 2>&1
wait
max=$(sed -n 's/.*Max: *\([0-9]*\).*/\1/p' /tmp/ct.out)
echo "# bounded_max_loop: $(grep last_exit /proc/sched_bpf), cyclictest max ${max} us"
check "the FIFO 50 thread never waited 50 ms (max ${max:-none} us; emulated)" \
	[ "${max:-999999}" -lt 50000 ]
rtsched detach >/dev/null 2>&1
check "dmesg shows no locking report and no sleeping function called from atomic context" \
	sh -c '! dmesg | grep -q -e "possible .* locking" -e "BUG: sleeping function" -e "BUG: Invalid wait context"'
tap_end
