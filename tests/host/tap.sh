# TAP helpers for host tests (bash). Sourced.
failures=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failures=$((failures + 1)); }
# expect_status WANT DESCRIPTION COMMAND...: runs the command, one TAP line on its status.
expect_status() {
	local want=$1 desc=$2 got
	shift 2
	set +e
	"$@" >/tmp/rtsched-host-test.$$ 2>&1
	got=$?
	set -e
	if [ "$got" -eq "$want" ]; then
		ok "$desc"
	else
		not_ok "$desc (exit $got, wanted $want)"
		sed 's/^/# /' /tmp/rtsched-host-test.$$ | tail -15
	fi
	rm -f /tmp/rtsched-host-test.$$
}
