# fifo attached (every user RT task in scope, every key 0) reproduces stock SCHED_FIFO
# ordering exactly, without a single call of the program; bpftool knows the type. fifo
# decides no op, so it places no task: keyless_enqueue, which decides the enqueue op
# and sets no key, places the same tasks in the policy's order, where equal keys must
# give the same order.
. /tests/tap.sh
. /tests/sched_bpf.sh
plan 15

cpu=$((${RTSCHED_CPUS:-2} - 1))
# run_order OUT: fifo_order on $cpu, its output in OUT; prints the order the threads ran in
run_order() { /tests/bin/fifo_order "$cpu" >"$1"; sed -n 1p "$1"; }
stock=$(run_order /tmp/detached.out)
check "detached: 10 FIFO threads on CPU $cpu run by priority ($stock)" \
	[ "$(sed -n 2p /tmp/detached.out)" = sorted ]
check "detached: the order is reproducible" [ "$(run_order /tmp/detached2.out)" = "$stock" ]

check "rtsched attach fifo --scope all" rtsched attach --scope all /policies/fifo.bpf.o
calls=$(($(counter enqueue) + $(counter dequeue) + $(counter tick)))
reordered=$(counter reordered)
invalid=$(counter invalid)
order=$(run_order /tmp/fifo.out)
check "fifo attached: same order as detached ($order)" [ "$order" = "$stock" ]
check "fifo never reordered a level nor gave an invalid verdict (the counters stayed at $reordered and $invalid)" \
	[ "$(counter reordered)" -eq "$reordered" -a "$(counter invalid)" -eq "$invalid" ]
check "fifo decides nothing: the kernel called it for no op ($calls calls before, $(($(counter enqueue) + $(counter dequeue) + $(counter tick))) after)" \
	sh -c "grep -qx 'ops -' /proc/sched_bpf && [ $calls -eq $(($(counter enqueue) + $(counter dequeue) + $(counter tick))) ]"
check "rtsched status says fifo decides nothing and orders every user RT task" \
	sh -c 'rtsched status | grep -q "^decides:  nothing" && rtsched status | grep -qx "scope:    all"'
check "bpftool prog show names the type sched" sh -c 'bpftool prog show | grep -q ": sched "'
check "bpftool link show names the link type sched" sh -c 'bpftool link show | grep -q ": sched "'
check "rtsched status reports the attached policy" sh -c 'rtsched status | grep -q fifo'

check "rtsched swap to keyless_enqueue (the link keeps its scope: all)" \
	rtsched swap /tests/bin/keyless_enqueue.bpf.o
enqueues=$(counter enqueue)
reordered=$(counter reordered)
order=$(run_order /tmp/keyless.out)
check "keyless_enqueue attached: same order as detached ($order)" [ "$order" = "$stock" ]
check "keyless_enqueue keyed and placed the threads ($(($(counter enqueue) - enqueues)) enqueue calls) and reordered nothing" \
	[ "$(($(counter enqueue) - enqueues))" -ge 10 -a "$(counter reordered)" -eq "$reordered" ]
check "rtsched detach" rtsched detach
check "detached: /proc/sched_bpf shows prog_id 0" grep -qx "prog_id 0" /proc/sched_bpf
tap_end
