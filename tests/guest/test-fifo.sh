# fifo attached reproduces stock SCHED_FIFO ordering exactly; bpftool knows the type.
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 13

cpu=$((${RTSCHED_CPUS:-2} - 1))
/tests/bin/fifo_order "$cpu" >/tmp/detached.out
stock=$(sed -n 1p /tmp/detached.out)
check "detached: 10 FIFO threads on CPU $cpu run by priority ($stock)" \
	[ "$(sed -n 2p /tmp/detached.out)" = sorted ]
/tests/bin/fifo_order "$cpu" >/tmp/detached2.out
check "detached: the order is reproducible" [ "$(sed -n 1p /tmp/detached2.out)" = "$stock" ]

check "rtsched attach fifo" rtsched attach /policies/fifo.bpf.o
picks=$(counter pick)
enqueues=$(counter enqueue)
/tests/bin/fifo_order "$cpu" >/tmp/fifo.out
order=$(sed -n 1p /tmp/fifo.out)
check "fifo attached: same order as detached ($order)" [ "$order" = "$stock" ]
check "counters show fifo decided ($(counter pick) picks, $picks before the run)" \
	[ "$(counter pick)" -gt "$picks" ]
check "fifo never overrode stock nor returned an invalid pick" \
	[ "$(counter override)" -eq 0 -a "$(counter invalid)" -eq 0 ]
check "fifo decides picks only: the kernel did not call it at enqueue ($enqueues, then $(counter enqueue))" \
	sh -c "grep -qx 'ops pick' /proc/sched_bpf && [ $enqueues -eq $(counter enqueue) ]"
check "rtsched status shows the decisions fifo makes" sh -c 'rtsched status | grep -qx "decides:  pick"'
check "bpftool prog show names the type sched" sh -c 'bpftool prog show | grep -q ": sched "'
check "bpftool link show names the link type sched" sh -c 'bpftool link show | grep -q ": sched "'
check "rtsched status reports the attached policy" sh -c 'rtsched status | grep -q fifo'
check "rtsched detach" rtsched detach
check "detached: /proc/sched_bpf shows prog_id 0" grep -qx "prog_id 0" /proc/sched_bpf
tap_end
