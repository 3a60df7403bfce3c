#!/usr/bin/env bash
# Boots each kernel RUNS times (default 10) with the selftest-port scenario (2000 lines
# of output, a text and a binary file) and counts the runs whose output, status and
# files reached the host whole through the results port.
#   port-soak.sh KERNEL...      (make port-soak, on the test kernels)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

runs=${RUNS:-10}
[ $# -gt 0 ] || die "usage: port-soak.sh KERNEL..."
expected=$(mktemp -d)
trap 'rm -rf "$expected"' EXIT
for i in $(seq 1 2000); do echo "line $i of the results port fixture"; done >"$expected/output"
seq 1 5000 >"$expected/numbers.txt"
printf '\000\001\002\377\r\n\033' >"$expected/binary"

mkdir -p "$OUT_DIR/runs/port-soak"
total=0 delivered=0
for kernel in "$@"; do
	for i in $(seq 1 "$runs"); do
		dir=$OUT_DIR/runs/port-soak/$kernel-$i
		total=$((total + 1))
		if "$REPO_ROOT/scripts/run-qemu.sh" --out "$dir" "$kernel" selftest-port >"$dir.log" 2>&1 &&
			cmp -s "$dir/results/output" "$expected/output" &&
			cmp -s "$dir/results/numbers.txt" "$expected/numbers.txt" &&
			cmp -s "$dir/results/sub/binary" "$expected/binary"; then
			delivered=$((delivered + 1))
			progress "port-soak: $kernel run $i/$runs: delivered whole"
		else
			verdict=$(sed -n 's/^verdict=//p' "$dir/run.env" 2>/dev/null)
			case $verdict in
			results-lost | exit-0) what="LOST its results" ;;
			*) what="did not run to its end" ;;
			esac
			progress "port-soak: $kernel run $i/$runs: $what (verdict ${verdict:-none}, log: $dir.log)"
		fi
	done
done
echo "port-soak: $delivered of $total runs delivered their results whole"
[ "$delivered" -eq "$total" ]
