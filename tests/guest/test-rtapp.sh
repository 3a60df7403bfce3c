# timeout: 120
# rt-app, the schedulability experiments' tool, runs a task set that the project's
# generator wrote (scripts/taskset.py, at initramfs build) to its end: every thread
# exits (glibc needs libgcc_s for that), every job of every thread is in its log, and
# each job's slack parses (a negative slack is a missed deadline).
. /tests/tap.sh
set=$(ls /tests/rtapp/set-*.json | head -1)
name=$(basename "$set" .json)
# "taskNN" and the loop of its "jobs" phase, one pair per line
awk '/"task[0-9]+": \{/ { gsub(/[" :{]/, ""); t = $0 }
	/"jobs": \{/ { j = 1 } j && /"loop"/ { gsub(/[^0-9]/, ""); print t, $0; j = 0 }' \
	"$set" >/tmp/rtapp-jobs
tasks=$(wc -l </tmp/rtapp-jobs)
plan $((2 + 2 * tasks))

rm -rf /tmp/rtapp
mkdir -p /tmp/rtapp
check "rt-app runs $name ($tasks SCHED_FIFO threads) to its end" rt-app "$set"
check "one log per thread" [ "$(ls /tmp/rtapp/"$name"-task*.log 2>/dev/null | wc -l)" -eq "$tasks" ]
while read -r task jobs; do
	log=$(ls /tmp/rtapp/"$name-$task"-*.log 2>/dev/null | head -1)
	got=$(grep -vc '^#' "$log" 2>/dev/null)
	check "$task: $jobs jobs in its log (got ${got:-none})" [ "${got:-0}" -eq "$jobs" ]
	# idx perf run period start end rel_st slack c_duration c_period wu_lat
	misses=$(awk '!/^#/ { if (NF != 11 || $8 !~ /^-?[0-9]+$/) bad++; else if ($8 < 0) m++ }
		END { print bad ? "unparsed" : m + 0 }' "$log" 2>/dev/null)
	check "$task: every job's slack parses (${misses:-no log}: missed deadlines)" \
		test "${misses:-unparsed}" != unparsed
done </tmp/rtapp-jobs
tap_end
