# Guest side of `make cost-ladder` (scripts/cost-ladder.sh) and `make cost-profile`
# (scripts/cost-profile.sh): the ping-pong (tests/guest/pingpong.c) with one queued
# thread on CPU 0, or across CPUs when RTSCHED_CROSS is 1, in each state of
# RTSCHED_STATES (commas: "none" or a policy, from /policies or the test policies in
# /tests/bin, attached with --scope all), RTSCHED_ROUNDS times RTSCHED_SECONDS each,
# after a warm-up run. Prints "ladder STATE ROUND SWITCHES_PER_S" per run; any failure
# ends it non-zero. With RTSCHED_ANNOUNCE=1 each run is announced on the console a
# guest second after it started ("ladder: begin STATE", then "ladder: end STATE" once
# it ended), so that the host traces its middle, not its start (exec, page faults,
# threads).
seconds=${RTSCHED_SECONDS:-3} rounds=${RTSCHED_ROUNDS:-3}
cpu=0 queued=1
[ "${RTSCHED_CROSS:-0}" = 1 ] && cpu=-1 queued=0
# Init waited for high-resolution timers: a run before them measured other switches
# (and, on PREEMPT_RT, ended in an RCU stall)
grep -q '\.resolution: 1 nsecs' /proc/timer_list 2>/dev/null ||
	{ echo "cost-ladder: no high-resolution timers"; exit 1; }
# The first run of a boot measured up to 1.2% faster than the next ones (PREEMPT_RT):
# one run, not counted, before the states
/tests/bin/pingpong "$cpu" "$seconds" "$queued" >/dev/null ||
	{ echo "cost-ladder: the warm-up run failed"; exit 1; }
for state in $(echo "${RTSCHED_STATES:-none}" | tr , ' '); do
	if [ "$state" != none ]; then
		obj=/policies/$state.bpf.o
		[ -f "$obj" ] || obj=/tests/bin/$state.bpf.o
		rtsched attach --scope all "$obj" >/dev/null || exit 1
	fi
	r=1
	while [ "$r" -le "$rounds" ]; do
		/tests/bin/pingpong "$cpu" "$seconds" "$queued" >/tmp/pingpong.out &
		if [ "${RTSCHED_ANNOUNCE:-0}" = 1 ]; then
			sleep 1
			echo "ladder: begin $state"
		fi
		wait $! || { echo "cost-ladder: the ping-pong failed in $state"; exit 1; }
		[ "${RTSCHED_ANNOUNCE:-0}" = 1 ] && echo "ladder: end $state"
		rate=$(awk '$1 == "switches_per_s" { print $2 }' /tmp/pingpong.out)
		[ -n "$rate" ] || { echo "cost-ladder: no switch rate for $state"; exit 1; }
		echo "ladder $state $r $rate"
		r=$((r + 1))
	done
	if [ "$state" != none ]; then
		rtsched detach >/dev/null || exit 1
	fi
done
