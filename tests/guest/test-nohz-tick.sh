# timeout: 120
# boot: nohz_full=1
# kernels: vanilla-*
# On a nohz_full CPU the kernel stops the tick when the scheduler says nothing needs it:
# stock says so for SCHED_FIFO tasks alone, however many. A policy that decides ticks
# (rr ends slices there) and the watchdog (it counts waits at each tick) need it while
# a policy orders more than one task there: without the tick rr lets one thread keep
# the CPU and a starving policy is never caught. This test has a boot of its own with
# CPU 1 nohz_full (tests/run.py reads the "boot:" line above), on the vanilla kernel
# only: on PREEMPT_RT (6.12.118, lockdep) that boot gives an RCU warning of the kernel's
# own ("Unsafe read of RCU_NOCB offloaded state", rcu_core() in rcuc/0), and the tick
# of CPU 1 did not stop under 3 SCHED_FIFO threads even with no policy attached.
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 10

cpu=1
seconds=3
hz_ticks=$((seconds * 1000)) # CONFIG_HZ_1000
throttle=$(cat /proc/sys/kernel/sched_rt_runtime_us)
echo -1 >/proc/sys/kernel/sched_rt_runtime_us

check "CPU $cpu is nohz_full (nohz_full: $(cat /sys/devices/system/cpu/nohz_full))" \
	[ "$(cat /sys/devices/system/cpu/nohz_full)" = "$cpu" ]

# Local timer interrupts of CPU $cpu so far (the tick and every hrtimer)
timer_irqs() { awk -v col=$((cpu + 2)) '$1 == "LOC:" { print $col }' /proc/interrupts; }
field() { sed -n "s/.*$1 \([0-9]*\).*/\1/p" "$2" | tail -1; }
# shares OUT: 3 CPU-bound SCHED_FIFO threads on CPU $cpu for $seconds s; prints the
# timer interrupts CPU $cpu took meanwhile
shares() {
	before=$(timer_irqs)
	/tests/bin/rr_share "$cpu" "$seconds" 3 >"$1"
	echo $(($(timer_irqs) - before))
	sed 's/^/# /' "$1" >&2
}

irqs=$(shares /tmp/nohz-stock.out)
check "detached: the kernel stops the tick under 3 SCHED_FIFO threads ($irqs timer interrupts in ${seconds} s)" \
	[ "$irqs" -lt $((hz_ticks / 4)) ]

check "attach fifo" rtsched attach --scope all /policies/fifo.bpf.o
irqs=$(shares /tmp/nohz-fifo.out)
rtsched detach
check "fifo: with nothing to order, the tick stops as with no policy ($irqs timer interrupts in ${seconds} s)" \
	[ "$irqs" -lt $((hz_ticks / 4)) ]

check "attach rr with quantum_us=5000" \
	rtsched attach --scope all /policies/rr.bpf.o --param quantum_us=5000
irqs=$(shares /tmp/nohz-rr.out)
rtsched detach
min=$(field share_min /tmp/nohz-rr.out)
max=$(field share_max /tmp/nohz-rr.out)
check "rr: the tick runs while rr orders 3 threads ($irqs timer interrupts in ${seconds} s)" \
	[ "$irqs" -ge $((hz_ticks / 2)) ]
slice=$(field mean_slice_us /tmp/nohz-rr.out)
check "rr: each of 3 threads gets its third (shares ${min}%..${max}%)" \
	[ "$min" -ge 26 -a "$max" -le 41 ]
check "rr: mean slice ${slice} us tracks the 5 ms quantum" [ "$slice" -le 10000 ]

# hostile_starve: the thread queued first never runs again. The watchdog counts its
# wait at each tick and detaches the policy once it passes the bound: with the tick it
# records a wait of the bound and a tick or a few (late ticks under emulation), on a
# stopped tick only what the next residual tick (one a second) brings.
bound=300
check "attach hostile_starve, watchdog $bound ms" \
	rtsched attach --scope all --watchdog "$bound" /tests/bin/hostile_starve.bpf.o
shares /tmp/nohz-starve.out >/dev/null
attached=$(sed -n 's/^prog_id //p' /proc/sched_bpf)
reason=$(exit_field reason)
wait_ms=$(($(exit_field value) / 1000000))
check "hostile_starve: the watchdog detached it when the thread had waited $wait_ms ms (bound $bound ms; prog_id $attached, last exit: ${reason:-none})" \
	[ "$attached" = 0 -a "$reason" = starved -a "$wait_ms" -le $((bound + 50)) ]
rtsched detach >/dev/null 2>&1 # the stale pin of a defunct link, or the policy
echo "$throttle" >/proc/sys/kernel/sched_rt_runtime_us
tap_end
