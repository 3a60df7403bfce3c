# TAP helpers for every shell test, host (bash) and guest (busybox sh). Sourced.
# A test states its plan before its first result and ends with tap_end:
#   plan 3
#   check "the loader builds" make -C loader
#   ok "something held"; not_ok "something broke"; skip "needs X" "X missing"
#   tap_end
# A whole test that cannot run here says `skip_all REASON` instead of a plan.
# tests/run.py fails a test whose results differ from its plan or whose exit status is
# not 0, so a test that dies halfway cannot pass.
tap_count=0
failures=0

plan() { echo "1..$1"; }

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

ok() {
	tap_count=$((tap_count + 1))
	echo "ok $tap_count - $*"
}

not_ok() {
	tap_count=$((tap_count + 1))
	failures=$((failures + 1))
	echo "not ok $tap_count - $*"
}

# skip DESCRIPTION REASON: a planned check that does not apply here
skip() {
	tap_count=$((tap_count + 1))
	echo "ok $tap_count - $1 # SKIP $2"
}

# check DESCRIPTION COMMAND...: one result from a command's exit status
check() {
	tap_desc=$1
	shift
	if "$@"; then ok "$tap_desc"; else not_ok "$tap_desc"; fi
}

# expect_status WANT DESCRIPTION COMMAND...: one result from a command's exit status
# being WANT; on a mismatch its output follows as diagnostics.
expect_status() {
	tap_want=$1 tap_desc=$2
	shift 2
	tap_out=${TMPDIR:-/tmp}/tap-expect.$$
	if "$@" >"$tap_out" 2>&1; then tap_got=0; else tap_got=$?; fi
	if [ "$tap_got" -eq "$tap_want" ]; then
		ok "$tap_desc"
	else
		not_ok "$tap_desc (exit $tap_got, wanted $tap_want)"
		sed 's/^/# /' "$tap_out" | tail -15
	fi
	rm -f "$tap_out"
}

# rerun_stalled TIMES SHOW PASSES RUN: RUN has run once; while PASSES fails, RUN runs
# again, up to TIMES more times, for a stall of the emulator's host can take a whole
# run's slack (each caller says what CI saw). $tries gets every run's SHOW, so that the
# result shows them all. SHOW, PASSES and RUN are commands, evaluated; the status is
# RUN's when a run fails, else 0.
rerun_stalled() {
	tries=$(eval "$2")
	tap_again=$1
	while [ "$tap_again" -gt 0 ] && ! eval "$3"; do
		eval "$4" || return
		tries="$tries; then $(eval "$2")"
		tap_again=$((tap_again - 1))
	done
}

# diag FILE: a file's lines as TAP diagnostics
diag() { sed 's/^/# /' "$@"; }

tap_end() {
	[ "$failures" -eq 0 ] || exit 1
	exit 0
}
