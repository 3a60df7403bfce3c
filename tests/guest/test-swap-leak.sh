# State belongs to one attachment: after a swap the new policy sees none of the old one's
# per-task words, for queued, sleeping and migrating tasks, with stress-ng running
# (tests/guest/swap_leak.c, KTAP).
stress-ng --cpu "${RTSCHED_CPUS:-2}" --timeout 20 --quiet &
load=$!
/tests/bin/swap_leak
status=$?
kill "$load" 2>/dev/null
wait "$load" 2>/dev/null
exit $status
