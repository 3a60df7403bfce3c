# TAP helpers for in-guest tests (busybox sh). Sourced, not a scenario of its own.
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failures=$((failures + 1)); }
failures=0
# check DESCRIPTION COMMAND...: one TAP line from a command's exit status.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
