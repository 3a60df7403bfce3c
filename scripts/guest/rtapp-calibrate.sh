# A helper of the schedulability experiment that its plan runs (not a scenario):
#   sh /scenarios/rtapp-calibrate.sh CPUS DIR
# measures the ns that one loop of rt-app's busy "run" takes while every CPU is busy,
# as during the experiment, and writes it as the "calibration" of every rt-app file in
# DIR. rt-app's own calibration takes the fastest of a few short tries on an idle
# system: in TCG guests the loops then ran 1.1 to 1.3 times slower in the experiment.
# Here one SCHED_FIFO thread per CPU runs 16 jobs of 10 ms every 12.5 ms, and the
# median over the jobs (the first of each thread left out: its code is still being
# translated) of the loop's wall time per loop is the value. Prints "ns_per_loop N".
cpus=$1 dir=$2
work=/tmp/rtapp-calibrate
rm -rf "$work"
mkdir -p "$work"
{
	echo '{ "tasks": {'
	c=0
	while [ "$c" -lt "$cpus" ]; do
		[ "$c" -gt 0 ] && echo ','
		printf '"cal%02d": { "policy": "SCHED_FIFO", "priority": 50, "cpus": [%d], "delay": 500000, "loop": 1,' "$c" "$c"
		printf ' "phases": { "jobs": { "loop": 16, "run": 10000, "timer": { "ref": "unique", "period": 12500, "mode": "absolute" } } } }\n'
		c=$((c + 1))
	done
	echo '}, "global": { "duration": 5, "calibration": 400, "default_policy": "SCHED_FIFO",'
	echo "\"lock_pages\": true, \"logdir\": \"$work\", \"log_basename\": \"cal\", \"log_size\": 1,"
	echo '"ftrace": false, "gnuplot": false } }'
} >"$work/cal.json"
rt-app "$work/cal.json" >"$work/rt-app.out" 2>&1 || { cat "$work/rt-app.out"; exit 1; }
# idx perf run ...: ns per loop of every job but each thread's first
ns=$(for log in "$work"/cal-cal*.log; do
	awk '!/^#/ && n++ && $2 > 0 { printf "%d\n", $3 * 1000 / $2 }' "$log"
done | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
case $ns in
'' | *[!0-9]*) echo "rtapp-calibrate: no jobs measured"; cat "$work/rt-app.out"; exit 1 ;;
esac
[ "$ns" -gt 0 ] || { echo "rtapp-calibrate: 0 ns per loop"; exit 1; }
for f in "$dir"/*.json; do
	sed -i "s/\"calibration\": \"CPU0\"/\"calibration\": $ns/" "$f" || exit 1
	grep -q "\"calibration\": $ns," "$f" || { echo "rtapp-calibrate: $f kept its calibration"; exit 1; }
done
echo "ns_per_loop $ns"
