# timeout: 240
# The schedulability experiments end to end on one small set (scripts/taskset.py wrote
# it at initramfs build for each scheduler compared): rt-app runs it to its end under
# rate-monotonic SCHED_FIFO, under SCHED_DEADLINE, and, with the same SCHED_DEADLINE
# threads, under the edf policy through `rtsched run --map-deadline`, where each thread
# must become SCHED_FIFO 50 with the runtime, deadline and period it asked for, and edf
# must decide for it. As in the experiment, the boot first calibrates rt-app's loop
# with every CPU busy and writes it into the files, and no scheduler loses time to a
# reservation: fair servers 0, RT throttling off. The SCHED_DEADLINE budgets are D
# (scripts/build-initramfs.sh says why). For each scheduler: every thread exits (glibc
# needs libgcc_s for that), every job of every thread is in its log, each job's slack
# parses (a negative slack is a missed deadline).
. /tests/tap.sh
scheds="fifo-rm deadline mapped-deadline"
cpus=${RTSCHED_CPUS:-2}
first=$(ls /tests/rtapp/fifo-rm/set-*.json | head -1)
name=$(basename "$first" .json)
sets=/tmp/rtapp-sets
rm -rf "$sets" /tmp/rtapp
mkdir -p "$sets"
for sched in $scheds; do
	cp "/tests/rtapp/$sched/$name.json" "$sets/$sched.json"
done
# "taskNN", the loop of its "jobs" phase, and its dl-runtime dl-deadline dl-period
# (deadline files), one line per thread
jobs_of() {
	awk '/"task[0-9]+": \{/ { gsub(/[" :{]/, ""); t = $0 }
		/"dl-(runtime|deadline|period)"/ { gsub(/[^0-9]/, ""); dl = dl " " $0 }
		/"jobs": \{/ { j = 1 } j && /"loop"/ { gsub(/[^0-9]/, ""); print t, $0 dl; j = 0; dl = "" }' "$1"
}
jobs_of "$first" >/tmp/rtapp-jobs
tasks=$(wc -l </tmp/rtapp-jobs)
plan $((3 * (2 + 2 * tasks) + 3))

# RT throttling off first: on 6.12.118, once a fair server was set to 0 and back, a
# second 0 is refused (EBUSY) while RT throttling is on, and accepted when it is off.
rt_runtime=$(cat /proc/sys/kernel/sched_rt_runtime_us)
echo -1 >/proc/sys/kernel/sched_rt_runtime_us
servers=$(ls /sys/kernel/debug/sched/fair_server/cpu*/runtime 2>/dev/null)
for server in $servers; do
	echo "$server $(cat "$server")" >>/tmp/rtapp-servers
	echo 0 >"$server"
done
restore() {
	while read -r server runtime; do echo "$runtime" >"$server"; done </tmp/rtapp-servers
	rm -f /tmp/rtapp-servers
	echo "$rt_runtime" >/proc/sys/kernel/sched_rt_runtime_us
}
sh /scenarios/rtapp-calibrate.sh "$cpus" "$sets" >/tmp/rtapp-calibrate.out 2>&1
sed 's/^/# /' /tmp/rtapp-calibrate.out
ns=$(sed -n 's/^ns_per_loop \([0-9]*\)$/\1/p' /tmp/rtapp-calibrate.out)
check "rt-app's loop calibrated with every CPU busy (${ns:-no} ns per loop)" [ -n "$ns" ]

# Program runs of the attached policy so far, all CPUs (/proc/sched_bpf)
decisions() {
	awk '$1 == "cpu" { for (i = 2; i <= NF; i++) col[$i] = i; next }
		$1 ~ /^[0-9]+$/ { n += $col["enqueue"] + $col["tick"] } END { print n + 0 }' /proc/sched_bpf
}

# While rt-app (pid $1) runs: its threads that are SCHED_FIFO with the deadline
# parameters their file asked for (times in us there, ns in the kernel), as
# "taskNN ok" lines, until all are seen or it exits.
watch_mapped() {
	: >/tmp/rtapp-mapped
	while kill -0 "$1" 2>/dev/null && [ "$(wc -l </tmp/rtapp-mapped)" -lt "$tasks" ]; do
		for dir in /proc/"$1"/task/*; do
			comm=$(cat "$dir/comm" 2>/dev/null) || continue
			want=$(awk -v t="$comm" '$1 == t { printf "(SCHED_FIFO): runtime %d000 ns, deadline %d000 ns, period %d000 ns", $3, $4, $5 }' /tmp/rtapp-mapped-jobs)
			[ -n "$want" ] || continue
			grep -q "^$comm ok" /tmp/rtapp-mapped && continue
			rtsched get "${dir##*/}" 2>/dev/null | grep -qF "$want" && echo "$comm ok" >>/tmp/rtapp-mapped
		done
		sleep 0.02
	done
}

for sched in $scheds; do
	set=$sets/$sched.json
	mkdir -p "/tmp/rtapp/$sched"
	case $sched in
	mapped-deadline)
		jobs_of "$set" >/tmp/rtapp-mapped-jobs
		rtsched attach /policies/edf.bpf.o
		before=$(decisions)
		rtsched run --fifo 50 --map-deadline -- rt-app "$set" &
		pid=$!
		watch_mapped "$pid"
		wait "$pid"
		status=$?
		after=$(decisions)
		rtsched detach
		check "$sched: every rt-app thread became SCHED_FIFO with its deadline parameters ($(wc -l </tmp/rtapp-mapped) of $tasks seen)" \
			[ "$(wc -l </tmp/rtapp-mapped)" -eq "$tasks" ]
		check "$sched: edf decided for them ($((after - before)) program runs)" \
			[ "$((after - before))" -gt 0 ]
		;;
	*)
		rt-app "$set"
		status=$?
		;;
	esac
	check "$sched: rt-app runs $name ($tasks threads) to its end (exit $status)" [ "$status" -eq 0 ]
	check "$sched: one log per thread" \
		[ "$(ls /tmp/rtapp/"$sched/$name"-task*.log 2>/dev/null | wc -l)" -eq "$tasks" ]
	while read -r task jobs _; do
		log=$(ls /tmp/rtapp/"$sched/$name-$task"-*.log 2>/dev/null | head -1)
		got=$(grep -vc '^#' "$log" 2>/dev/null)
		check "$sched: $task: $jobs jobs in its log (got ${got:-none})" [ "${got:-0}" -eq "$jobs" ]
		# idx perf run period start end rel_st slack c_duration c_period wu_lat
		misses=$(awk '!/^#/ { if (NF != 11 || $8 !~ /^-?[0-9]+$/) bad++; else if ($8 < 0) m++ }
			END { print bad ? "unparsed" : m + 0 }' "$log" 2>/dev/null)
		check "$sched: $task: every job's slack parses (${misses:-no log}: missed deadlines)" \
			test "${misses:-unparsed}" != unparsed
	done </tmp/rtapp-jobs
done
restore
tap_end
