# Swapping fifo -> fifo and detaching while RT and CPU load run: no stall, no warning
# (the runner fails the boot on any kernel warning or lockdep report).
. /tests/tap.sh

cpus=${RTSCHED_CPUS:-2}
stress-ng --cpu "$cpus" --timeout 12 --quiet &
load=$!
cyclictest -m -p95 -i1000 -t "$cpus" -a -q -D 10 >/tmp/cyclictest-swap.out 2>&1 &
rt=$!
sleep 1

check "attach fifo under load" rtsched attach /policies/fifo.bpf.o
swaps=0
i=0
while [ $i -lt 30 ]; do
	rtsched swap /policies/fifo.bpf.o && swaps=$((swaps + 1))
	sleep 0.1
	i=$((i + 1))
done
check "30 swaps fifo -> fifo under load ($swaps succeeded)" [ "$swaps" -eq 30 ]
check "detach under load" rtsched detach
check "cyclictest kept running through the swaps and finished" wait "$rt"
check "cyclictest reported every thread" [ "$(grep -c '^T:' /tmp/cyclictest-swap.out)" -eq "$cpus" ]
wait "$load" || true
exit "$failures"
