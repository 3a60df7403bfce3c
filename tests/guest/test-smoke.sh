# Smoke test of a freshly built kernel: the guest the evaluation relies on is what it claims.
. /tests/tap.sh
plan 6

cpus=${RTSCHED_CPUS:-2}
check "all $cpus CPUs online" [ "$(grep -c ^processor /proc/cpuinfo)" -eq "$cpus" ]

case ${RTSCHED_KERNEL:-} in
rt-*) check "uname -v shows PREEMPT_RT ($(uname -v))" sh -c 'uname -v | grep -q PREEMPT_RT' ;;
*) check "uname -v shows no PREEMPT_RT ($(uname -v))" sh -c '! uname -v | grep -q PREEMPT_RT' ;;
esac

check "high-resolution timers active" grep -q '\.resolution: 1 nsecs' /proc/timer_list
check "/dev/cpu_dma_latency exists" [ -c /dev/cpu_dma_latency ]

cyclictest -l1000 -m -p95 -i200 -d0 -t "$cpus" -a -q >/tmp/cyclictest.out 2>&1
# cyclictest stops every thread once the first one reaches -l loops; under
# emulation the others lag behind, so each thread must report samples and
# one of them the full 1000.
threads=$(grep -c '^T:.* C: *[1-9][0-9]* .*Max: *[0-9]' /tmp/cyclictest.out || true)
full=$(grep -c '^T:.* C: *1000 ' /tmp/cyclictest.out || true)
check "cyclictest -l1000 reports results for each of $cpus threads" [ "$threads" -eq "$cpus" ]
check "cyclictest ran a thread to 1000 loops" [ "$full" -ge 1 ]
sed 's/^/# /' /tmp/cyclictest.out

tap_end
