# Policy swaps under load: through the loader, then every 100 ms for a minute through
# bpf_link_update (fifo -> rr -> edf -> gedf -> ...), while stress-ng and cyclictest run: no
# stall, no warning, no lockdep report (the runner fails the boot on any of them).
. /tests/tap.sh
plan 7

cpus=${RTSCHED_CPUS:-2}
storm_s=${RTSCHED_SWAP_STORM_S:-60}
stress-ng --cpu "$cpus" --timeout $((storm_s + 25)) --quiet &
load=$!
cyclictest -m -p95 -i1000 -t "$cpus" -a -q -D $((storm_s + 20)) >/tmp/cyclictest-swap.out 2>&1 &
rt=$!
sleep 1

check "attach fifo under load" rtsched attach --scope all /policies/fifo.bpf.o
swaps=0
i=0
while [ $i -lt 10 ]; do
	rtsched swap /policies/fifo.bpf.o && swaps=$((swaps + 1))
	i=$((i + 1))
done
check "10 loader swaps fifo -> fifo under load ($swaps succeeded)" [ "$swaps" -eq 10 ]
check "detach under load" rtsched detach

check "swap storm: fifo -> rr -> edf -> gedf every 100 ms for $storm_s s, no swap failed" \
	/tests/bin/swap_storm "$storm_s" 100 /policies/fifo.bpf.o /policies/rr.bpf.o /policies/edf.bpf.o /policies/gedf.bpf.o
check "swap storm: the link is gone, nothing attached" grep -qx "prog_id 0" /proc/sched_bpf

check "cyclictest kept running through the swaps and finished" wait "$rt"
check "cyclictest reported every thread" [ "$(grep -c '^T:' /tmp/cyclictest-swap.out)" -eq "$cpus" ]
sed 's/^/# /' /tmp/cyclictest-swap.out
wait "$load" || true
tap_end
