# Scenario "check": runs the in-guest tests (/tests/test-*.sh, or those matching
# RTSCHED_TESTS), each printing TAP lines; exits non-zero if any test failed.
failed=0
for t in /tests/test-${RTSCHED_TESTS:-*}.sh; do
	[ -f "$t" ] || { echo "not ok - no test matches '${RTSCHED_TESTS:-*}'"; exit 1; }
	echo "# $(basename "$t" .sh)"
	sh "$t" || failed=1
done
exit $failed
