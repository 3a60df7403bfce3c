# Guest side of `make cost-profile` (scripts/cost-profile.sh): the ping-pong
# (tests/guest/pingpong.c) on CPU 0 with one queued thread, or across CPUs when
# RTSCHED_CROSS is 1, in each state of RTSCHED_STATES (commas: "none" or a policy from
# /policies or /tests/bin, attached with --scope all), announced on the console
# ("cost-profile: begin STATE" and "... end STATE") so that the host traces the middle
# of each run, while this shell waits. Each run lasts RTSCHED_SECONDS guest seconds:
# long enough for the host's trace window, during which the emulator runs many times
# slower.
seconds=${RTSCHED_SECONDS:-12}
cpu=0 queued=1
[ "${RTSCHED_CROSS:-0}" = 1 ] && cpu=-1 queued=0
grep -q '\.resolution: 1 nsecs' /proc/timer_list 2>/dev/null ||
	{ echo "cost-profile: no high-resolution timers"; exit 1; }
for state in $(echo "${RTSCHED_STATES:-none}" | tr , ' '); do
	if [ "$state" != none ]; then
		obj=/policies/$state.bpf.o
		[ -f "$obj" ] || obj=/tests/bin/$state.bpf.o
		rtsched attach --scope all "$obj" >/dev/null || exit 1
	fi
	# Announced a guest second into the run: the trace misses the ping-pong's start
	# (exec, page faults, threads)
	/tests/bin/pingpong "$cpu" "$seconds" "$queued" >/tmp/pingpong.out &
	sleep 1
	echo "cost-profile: begin $state"
	wait $! || { echo "cost-profile: $state: the ping-pong failed"; exit 1; }
	echo "cost-profile: end $state"
	rate=$(awk '$1 == "switches_per_s" { print $2 }' /tmp/pingpong.out)
	[ -n "$rate" ] || { echo "cost-profile: no switch rate for $state"; exit 1; }
	echo "cost-profile: $state $rate switches/s"
	if [ "$state" != none ]; then
		rtsched detach >/dev/null || exit 1
	fi
done
