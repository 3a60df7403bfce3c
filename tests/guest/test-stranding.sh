# timeout: 300
# Priorities are the kernel's (review A2): a policy that prefers a low-priority task
# cannot make a higher-priority one wait for it, and a policy that reorders one level
# leaves push/pull alone, so a queued task of that level still moves to an idle CPU.
# Measured on the first version of the interface (issue 13): the high-priority thread
# waited 152 ms behind the preferred one in 5 of 5 rounds, with the other CPU idle.
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 9

secs=2
# L: a SCHED_FIFO 10 CPU hog, H: a SCHED_FIFO 50 cyclictest thread waking every 5 ms,
# neither pinned; the worst wake-up latency of H in microseconds.
h_max_us() {
	stress-ng --cpu 1 --sched fifo --sched-prio 10 --timeout $((secs + 1)) --quiet &
	hog=$!
	sleep 0.5
	cyclictest -m -p50 -i5000 -t1 -q -D "$secs" >/tmp/strand.out 2>&1
	wait "$hog" 2>/dev/null || true
	sed -n 's/.*Max: *\([0-9]*\).*/\1/p' /tmp/strand.out
}
median3() { echo "$@" | tr ' ' '\n' | sort -n | sed -n 2p; }

# Three rounds each, alternating: the first interface stranded H in every round, while
# an emulated vCPU stalls now and then; the median tells one from the other.
stock="" policy=""
for round in 1 2 3; do
	stock="$stock $(h_max_us)"
	rtsched attach --scope all /tests/bin/prefer_low.bpf.o >/dev/null || break
	policy="$policy $(h_max_us)"
	grep -qx "prog_id 0" /proc/sched_bpf && break
	rtsched detach >/dev/null || break
done
set -- $stock
check "stock: H's worst wait with L busy in 3 rounds:$stock us" [ $# -eq 3 ]
set -- $policy
check "prefer_low (key = priority: L before H, scope all): H's worst wait in 3 rounds:$policy us" \
	[ $# -eq 3 ]
s_med=$(median3 $stock) p_med=$(median3 $policy)
# Stranded behind L, which spins for the whole run, H would wait far longer (the first
# interface: 152 ms). The bound: 30 ms, or twice stock's median when the emulator's
# stalls put more than that into stock's own (CI: stock 2.9 and 32.9 ms, policy 17.9
# and 23.5 ms, in two runs).
bound=$((2 * ${s_med:-0}))
[ "$bound" -ge 30000 ] || bound=30000
check "prefer_low: H never waits for L (median $p_med us, stock $s_med us; bound $bound us)" \
	[ "${p_med:-999999}" -le "$bound" ]
check "prefer_low was never detached by the kernel (last exit: $(exit_field reason))" \
	[ "$(exit_field reason)" = detached ]

# Two CPU-bound SCHED_FIFO 10 threads, not pinned: stock gives each a CPU of its own
# (push/pull). A policy that reverses the order of their level (hostile_starve: the
# newest first) must leave that alone, and its watchdog (300 ms) must have nothing to
# catch. cpu_ms: each thread's CPU time over 3 s.
both_ran() { # FILE: both threads ran at least 2 of the 3 s
	awk '/^thread/ { n++; if ($4 < 2000) bad = 1 } END { exit !(n == 2 && !bad) }' "$1"
}
cpu_ms() { awk '/^thread/ { printf "%s%s", sep, $4; sep = ", " }' "$1"; }
/tests/bin/rr_share -1 3 2 >/tmp/spread-stock.out
check "stock: each thread has a CPU of its own ($(cpu_ms /tmp/spread-stock.out) ms of 3000)" \
	both_ran /tmp/spread-stock.out
check "attach hostile_starve (newest first), watchdog 300 ms, scope all" \
	rtsched attach --scope all --watchdog 300 /tests/bin/hostile_starve.bpf.o
/tests/bin/rr_share -1 3 2 >/tmp/spread-policy.out
check "hostile_starve: each thread still has a CPU of its own ($(cpu_ms /tmp/spread-policy.out) ms)" \
	both_ran /tmp/spread-policy.out
check "the watchdog never fired: the reversed order stranded nobody ($(exit_field reason))" \
	sh -c "! grep -qx 'prog_id 0' /proc/sched_bpf"
check "detach hostile_starve" rtsched detach
echo 1000 >/proc/sys/kernel/sched_bpf_watchdog_ms
diag /tmp/strand.out /tmp/spread-stock.out /tmp/spread-policy.out
tap_end
