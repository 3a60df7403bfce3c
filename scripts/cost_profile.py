#!/usr/bin/env python3
"""Where a switch's instructions go, per kernel function: QEMU's execution trace of the
ping-pong (scripts/cost-profile.sh, `make cost-profile`).

  cost_profile.py watch CONSOLE MONITOR TRACE MARKS WINDOW
  cost_profile.py report [--all-cpus] TRACE MARKS SYSTEM_MAP OUT_TSV

QEMU runs with `-d nochain,in_asm -D TRACE` (every translation block's instructions, and
no chaining, so that every block's execution passes through the logger) and an HMP
monitor on the UNIX socket MONITOR. `watch` follows the guest's console: at each line
"ladder: begin STATE" (scripts/guest/cost-ladder.sh) it turns the execution log on (`log nochain,in_asm,exec`)
for WINDOW host seconds, then off, and appends "STATE BEGIN END" to MARKS: TRACE's size
in bytes before turning it on and after turning it off. The guest's ping-pong must
still run when the window closes ("ladder: end STATE" not yet on the console),
otherwise the window held more than the ping-pong and `watch` fails. It runs until
killed.

`report` counts, for each window, the instructions vCPU 0 executed (the ping-pong's
CPU), or every vCPU's with --all-cpus (a ping-pong across CPUs): each executed block ("Trace 0: ... [cs_base/pc/flags/cflags]") adds the number of
instructions its translation holds ("IN:" then one line per instruction). A pc can be
translated more than once (under icount QEMU cuts blocks short when the instruction
budget ends); the longest translation counts, which overcounts the rare cut blocks. The
instructions go to the function holding the block's first instruction (SYSTEM_MAP),
"[bpf program]" for the JIT's images (the module area, where the kernel puts them) and
"[user]" below the kernel's half. The switches are the executions of __switch_to(),
once per context switch, on the same vCPUs (across CPUs a hand-over is two: the
sender's CPU goes idle, the receiver's leaves idle). OUT_TSV gets, per state and function, the instructions per
switch and the difference from the first state; stdout a summary.
"""
import bisect
import collections
import os
import socket
import sys
import time

KERNEL_HALF = 0xFFFF800000000000
MODULES = (0xFFFFFFFFA0000000, 0xFFFFFFFFFF000000)
# Trace lines reach the file through stdio's buffer: those written just before the
# window closed can land up to a buffer later than the size read at that moment
SLACK = 1 << 16


def fail(msg):
    print(f"cost-profile: {msg}", file=sys.stderr)
    sys.exit(1)


def hmp(path, command):
    """One HMP command on the monitor socket; returns once QEMU answered."""
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(path)
        s.settimeout(30)
        reply = b""
        while b"(qemu)" not in reply:       # the greeting ends with the prompt
            reply += s.recv(4096)
        s.sendall(command.encode() + b"\n")
        reply = b""
        while b"(qemu)" not in reply:       # the command's answer, then the prompt
            chunk = s.recv(4096)
            if not chunk:
                break
            reply += chunk


def watch(console, monitor, trace, marks, window):
    for _ in range(600):
        if os.path.exists(monitor):
            break
        time.sleep(0.1)
    else:
        fail(f"no QEMU monitor at {monitor}")
    seen = set()
    while True:
        try:
            text = open(console, errors="replace").read()
        except FileNotFoundError:
            text = ""
        for line in text.splitlines():
            if not line.startswith("ladder: begin "):
                continue
            state = line.split()[-1]
            if state in seen:
                continue
            seen.add(state)
            try:
                begin = os.path.getsize(trace)
                hmp(monitor, "log nochain,in_asm,exec")
                time.sleep(window)
                hmp(monitor, "log nochain,in_asm")
                end = os.path.getsize(trace)
            except OSError as e:
                fail(f"the QEMU monitor went away during {state}: {e}")
            if f"ladder: end {state}" in open(console, errors="replace").read():
                fail(f"the ping-pong of {state} ended inside the {window} s trace window:"
                     " give it more SECONDS")
            with open(marks, "a") as f:
                f.write(f"{state} {begin} {end}\n")
        time.sleep(0.5)


class Symbols:
    def __init__(self, system_map):
        rows = []
        for line in open(system_map):
            parts = line.split()
            if len(parts) >= 3 and parts[1] in "tTwW":
                rows.append((int(parts[0], 16), parts[2]))
        rows.sort()
        self.addrs = [a for a, _ in rows]
        self.names = [n for _, n in rows]

    def address(self, name):
        try:
            return self.addrs[self.names.index(name)]
        except ValueError:
            fail(f"no symbol {name} in the System.map")

    def name(self, pc):
        if pc < KERNEL_HALF:
            return "[user]"
        if MODULES[0] <= pc < MODULES[1]:
            return "[bpf program]"
        i = bisect.bisect_right(self.addrs, pc) - 1
        return self.names[i] if i >= 0 else "[unknown]"


def read_marks(path):
    windows = []
    for line in open(path):
        state, begin, end = line.split()
        windows.append((state, int(begin), int(end)))
    return windows


def count(trace, windows, all_cpus):
    """Per window: {pc: executions on the vCPUs counted}; and every pc's instruction
    count."""
    size = {}
    executions = {state: collections.Counter() for state, _, _ in windows}
    block, n = None, 0
    offset = 0
    with open(trace, "rb") as f:
        for raw in f:
            offset += len(raw)
            if raw.startswith(b"IN:"):
                block, n = "next", 0
            elif raw.startswith(b"0x") and block is not None:
                if block == "next":
                    block = int(raw.split(b":", 1)[0], 16)
                n += 1
                size[block] = max(size.get(block, 0), n)
            elif raw.startswith(b"Trace "):
                block = None
                # The last window opened before this line, if the line is not past
                # its close (and the buffer's lag)
                state = next((s for s, b, e in reversed(windows)
                              if b <= offset and offset <= e + SLACK), None)
                if state is None:
                    fail(f"an executed block at byte {offset} of the trace is in no window")
                fields = raw.split()
                if not all_cpus and fields[1] != b"0:":
                    continue
                pc = int(fields[3].lstrip(b"[").split(b"/")[1], 16)
                executions[state][pc] += 1
            else:
                block = None
    return executions, size


def report(trace, marks, system_map, out_tsv, all_cpus=False):
    windows = read_marks(marks)
    if not windows:
        fail(f"no trace windows in {marks}")
    symbols = Symbols(system_map)
    switch_pc = symbols.address("__switch_to")
    executions, size = count(trace, windows, all_cpus)
    per_state = {}
    for state, _, _ in windows:
        pcs = executions[state]
        switches = pcs[switch_pc]
        if switches < 100:
            fail(f"{state}: {switches} switches in its window, too few to count")
        missing = [pc for pc in pcs if pc not in size]
        if missing:
            fail(f"{state}: {len(missing)} executed blocks have no translation in the trace")
        funcs = collections.Counter()
        for pc, times in pcs.items():
            funcs[symbols.name(pc)] += times * size[pc]
        per_state[state] = (switches, {f: n / switches for f, n in funcs.items()})
    first = windows[0][0]
    base = per_state[first][1]
    every = sorted(set().union(*(funcs for _, funcs in per_state.values())))
    with open(out_tsv, "w") as f:
        f.write("state\tfunction\tinsns_per_switch\tover_" + first + "\n")
        for state, (switches, funcs) in per_state.items():
            for func in every:
                here = funcs.get(func, 0.0)
                f.write(f"{state}\t{func}\t{here:.1f}\t{here - base.get(func, 0.0):+.1f}\n")
    total_base = sum(base.values())
    for state, (switches, funcs) in per_state.items():
        total = sum(funcs.values())
        print(f"{state}: {switches} switches traced, {total:.0f} instructions per switch"
              f" ({total - total_base:+.0f} over {first})")
        if state == first:
            continue
        diffs = sorted(((funcs.get(k, 0.0) - base.get(k, 0.0), k) for k in set(funcs) | set(base)),
                       key=lambda d: (-abs(d[0]), d[1]))
        for d, func in diffs:
            if abs(d) >= 1:
                print(f"  {d:+7.1f}  {func}")


def main(argv):
    if len(argv) == 6 and argv[0] == "watch":
        watch(argv[1], argv[2], argv[3], argv[4], float(argv[5]))
    elif len(argv) == 5 and argv[0] == "report":
        report(*argv[1:])
    elif len(argv) == 6 and argv[0] == "report" and argv[1] == "--all-cpus":
        report(*argv[2:], all_cpus=True)
    else:
        fail("usage: cost_profile.py watch CONSOLE MONITOR TRACE MARKS WINDOW"
             " | report [--all-cpus] TRACE MARKS SYSTEM_MAP OUT_TSV")


if __name__ == "__main__":
    main(sys.argv[1:])
