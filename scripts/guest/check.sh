# Scenario "check": runs the in-guest tests /tests/test-*.sh (RTSCHED_TEST_DIR instead of
# /tests for the runner's own fixtures), only those whose names without "test-" and ".sh"
# match RTSCHED_TESTS (comma-separated shell patterns) if it is set, and prints KTAP: a
# plan of one result per test, each test's own TAP nested under its result line
# (indented by four spaces), that line giving the test's exit status.
# A test is killed, with every process it started, after the seconds of its
# "# timeout: S" line (among its first ten), else 300. Exits 1 if a test failed.
tests=
set -f # the patterns are globbed against /tests below, not here
for pattern in $(echo "${RTSCHED_TESTS:-*}" | tr ',' ' '); do
	set +f
	for t in "${RTSCHED_TEST_DIR:-/tests}"/test-$pattern.sh; do
		[ -f "$t" ] || continue
		case " $tests " in *" $t "*) ;; *) tests="$tests $t" ;; esac
	done
	set -f
done
set +f

indent() {
	while IFS= read -r line || [ -n "$line" ]; do
		printf '    %s\n' "$line"
	done
}

set -- $tests
echo "TAP version 13"
echo "1..$#"
[ $# -gt 0 ] || echo "# no in-guest test matches '${RTSCHED_TESTS:-*}'"
n=0
failed=0
pipe=/tmp/check.pipe
for t; do
	n=$((n + 1))
	name=$(basename "$t" .sh)
	limit=$(sed -n '1,10s/^# timeout: *\([0-9][0-9]*\)$/\1/p' "$t")
	limit=${limit:-300}
	echo "# $name (time limit $limit s)"
	rm -f "$pipe" /tmp/check.timed-out
	mkfifo "$pipe"
	indent <"$pipe" &
	reader=$!
	# Its own session and process group, so that a timeout kills all it started.
	setsid sh "$t" >"$pipe" 2>&1 &
	pid=$!
	# Away from the output, so that it cannot hold the scenario's pipe open; its sleep
	# goes with it.
	(
		trap 'kill "$nap"; exit' TERM
		sleep "$limit" &
		nap=$!
		wait "$nap" && touch /tmp/check.timed-out && kill -KILL -"$pid"
	) >/dev/null 2>&1 &
	watchdog=$!
	wait "$pid" 2>/dev/null # no "Killed" from the shell
	rc=$?
	kill "$watchdog" 2>/dev/null
	# Whatever the test left running goes too, and with it the last writer of the pipe.
	kill -KILL -"$pid" 2>/dev/null
	wait "$reader"
	if [ -e /tmp/check.timed-out ]; then
		echo "not ok $n $name: timed out after $limit s, killed"
		failed=1
	elif [ "$rc" -ne 0 ]; then
		echo "not ok $n $name: exited $rc"
		failed=1
	else
		echo "ok $n $name"
	fi
done
exit $failed
