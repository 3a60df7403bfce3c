# rr: equal-priority CPU-bound threads share one CPU fairly, with the quantum the loader sets.
. /tests/tap.sh
plan 10

cpu=$((${RTSCHED_CPUS:-2} - 1))
# RT throttling would cut the spinning threads every second
throttle=$(cat /proc/sys/kernel/sched_rt_runtime_us)
echo -1 >/proc/sys/kernel/sched_rt_runtime_us
rr_timeslice=$(cat /proc/sys/kernel/sched_rr_timeslice_ms)

field() { sed -n "s/.*$1 \([0-9]*\).*/\1/p" "$2" | tail -1; }

/tests/bin/rr_share "$cpu" 2 3 >/tmp/rr-stock.out
check "detached: stock SCHED_FIFO lets one of 3 threads keep the CPU (max share $(field share_max /tmp/rr-stock.out)%)" \
	[ "$(field share_max /tmp/rr-stock.out)" -ge 90 ]

# Tolerances: 3 s with quanta of 5 or 20 ms is >= 150 slices, so the partial
# last slice moves a share by under 4 points, and host time the emulated CPU
# loses is charged to whichever thread runs: 33 +- 7 points. Slices end at a
# 1 ms tick, no shorter than 0.8 Q. Emulated ticks arrive late and stolen host
# time counts as run time when the host is busy, for the kernel's own SCHED_RR
# as for the policy: the kernel's slices with the same quantum, measured just
# before, are the reference; the policy's may be 2 Q or 1.5 times those.
for q in 5 20; do
	echo "$q" >/proc/sys/kernel/sched_rr_timeslice_ms
	/tests/bin/rr_share "$cpu" 3 3 rr >/tmp/rr$q-stock.out
	sed 's/^/# stock: /' /tmp/rr$q-stock.out
	stock=$(field mean_slice_us /tmp/rr$q-stock.out)
	check "stock SCHED_RR, timeslice ${q} ms: mean slice ${stock} us (the reference)" \
		[ "$stock" -ge $((q * 800)) ]
	check "attach rr with quantum_us=$((q * 1000))" \
		rtsched attach --scope all /policies/rr.bpf.o --param quantum_us=$((q * 1000))
	/tests/bin/rr_share "$cpu" 3 3 >/tmp/rr$q.out
	rtsched detach
	sed 's/^/# /' /tmp/rr$q.out
	min=$(field share_min /tmp/rr$q.out)
	max=$(field share_max /tmp/rr$q.out)
	slice=$(field mean_slice_us /tmp/rr$q.out)
	bound=$((stock * 3 / 2 > q * 2000 ? stock * 3 / 2 : q * 2000))
	check "rr Q=${q}ms: each of 3 threads gets its third (shares ${min}%..${max}%)" \
		[ "$min" -ge 26 -a "$max" -le 41 ]
	check "rr Q=${q}ms: mean slice ${slice} us tracks the quantum ($((q * 800))..${bound} us)" \
		[ "$slice" -ge $((q * 800)) -a "$slice" -le "$bound" ]
	eval "slice$q=$slice"
done
check "rr: slices grow with the quantum (5 ms: ${slice5} us, 20 ms: ${slice20} us)" \
	[ $((slice20 * 10 / slice5)) -ge 20 -a $((slice20 * 10 / slice5)) -le 60 ]
echo "$rr_timeslice" >/proc/sys/kernel/sched_rr_timeslice_ms
echo "$throttle" >/proc/sys/kernel/sched_rt_runtime_us
tap_end
