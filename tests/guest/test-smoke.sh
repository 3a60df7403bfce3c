# Smoke test of a freshly built kernel: the guest the evaluation relies on is what it claims.
. /tests/tap.sh

cpus=${RTSCHED_CPUS:-2}
check "all $cpus CPUs online" [ "$(grep -c ^processor /proc/cpuinfo)" -eq "$cpus" ]

case ${RTSCHED_KERNEL:-} in
rt-*) check "uname -v shows PREEMPT_RT ($(uname -v))" sh -c 'uname -v | grep -q PREEMPT_RT' ;;
*) check "uname -v shows no PREEMPT_RT ($(uname -v))" sh -c '! uname -v | grep -q PREEMPT_RT' ;;
esac

check "high-resolution timers active" grep -q '\.resolution: 1 nsecs' /proc/timer_list
check "/dev/cpu_dma_latency exists" [ -c /dev/cpu_dma_latency ]

cyclictest -l1000 -m -p95 -i200 -d0 -t "$cpus" -a -q >/tmp/cyclictest.out 2>&1
threads=$(grep -c '^T:.* C: *1000 .*Max: *[0-9]' /tmp/cyclictest.out)
check "cyclictest -l1000 reports 1000 loops for each of $cpus threads" [ "$threads" -eq "$cpus" ]
sed 's/^/# /' /tmp/cyclictest.out

exit $failures
