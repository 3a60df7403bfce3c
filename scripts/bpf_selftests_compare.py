#!/usr/bin/env python3
"""Compares the kernel's BPF selftests on a reference and a patched kernel.

    bpf_selftests_compare.py REFERENCE_RUN PATCHED_RUN

Each run folder is what scripts/run-qemu.sh left for the bpf-selftests scenario:
results/test_verifier.log (one "#N/u|p description RESULT" line per test) and
results/test_progs.log (one "#N name:RESULT" line per test, "#N/M name/subtest:RESULT"
per subtest). Prints a Markdown summary.
Exit status 1 when a test both kernels ran has different results, when a test only the
patched kernel has does not pass, or when a run's logs are incomplete.
"""
import re
import sys
from pathlib import Path

VERIFIER_LINE = re.compile(r"^#(\d+/[a-z]) (.*)$")
RESULT_WORD = re.compile(r"\b(OK|FAIL|SKIP)\b")
PROGS_LINE = re.compile(r"^#\d+(?:/\d+)?\s+(.*):(OK|FAIL|SKIP)(?: \(SKIP: \d+/\d+\))?$")


def verifier_results(log):
    """{"N/u": "OK"|"FAIL"|"SKIP"}, and the summary line.

    A test's line is "#N/u description RESULT", unless a message (libbpf's, on stderr)
    cut it: then the result ends a following line that starts no other test."""
    results, summary, pending = {}, None, None
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("Summary:"):
            summary = line
            continue
        m = VERIFIER_LINE.match(line)
        text = m.group(2) if m else line
        if m:
            pending = m.group(1)
        # The result follows the description, so the last result word is the verdict
        words = RESULT_WORD.findall(text)
        if pending and words:
            results[pending] = words[-1]
            pending = None
    return results, summary


def progs_results(log):
    """{"test" or "test/subtest": "OK"|"FAIL"|"SKIP"}, and the summary line."""
    results, summary = {}, None
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("Summary:"):
            summary = line
            continue
        m = PROGS_LINE.match(line)
        if m:
            results[m.group(1)] = m.group(2)
    return results, summary


def load(run):
    res = Path(run) / "results"
    verifier_log, progs_log = res / "test_verifier.log", res / "test_progs.log"
    missing = [p.name for p in (verifier_log, progs_log) if not p.is_file()]
    if missing:
        raise SystemExit(f"bpf-selftests: {run}: {', '.join(missing)} missing")
    verifier, verifier_summary = verifier_results(verifier_log)
    progs, progs_summary = progs_results(progs_log)
    for log, summary in ((verifier_log, verifier_summary), (progs_log, progs_summary)):
        if summary is None:
            raise SystemExit(f"bpf-selftests: {log}: no Summary line (stopped early?)")
    uname = (res / "guest.env").read_text().strip().partition("=")[2] \
        if (res / "guest.env").is_file() else "?"
    return {"verifier": verifier, "progs": progs, "uname": uname,
            "summaries": {"test_verifier": verifier_summary, "test_progs": progs_summary}}


def counts(results):
    return {w: sum(1 for r in results.values() if r == w) for w in ("OK", "SKIP", "FAIL")}


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: bpf_selftests_compare.py REFERENCE_RUN PATCHED_RUN")
    ref_run, new_run = sys.argv[1:]
    ref, new = load(ref_run), load(new_run)
    bad = []
    print("# The kernel's BPF selftests, reference vs patched\n")
    print(f"- reference: {Path(ref_run).name} ({ref['uname']})")
    print(f"- patched: {Path(new_run).name} ({new['uname']})\n")
    print("| program | kernel | tests | OK | SKIP | FAIL | its own summary |")
    print("|---|---|---:|---:|---:|---:|---|")
    for prog, key in (("test_verifier", "verifier"), ("test_progs", "progs")):
        for label, run in (("reference", ref), ("patched", new)):
            c = counts(run[key])
            print(f"| {prog} | {label} | {len(run[key])} | {c['OK']} | {c['SKIP']} | "
                  f"{c['FAIL']} | {run['summaries'][prog]} |")
    print()
    for prog, key in (("test_verifier", "verifier"), ("test_progs", "progs")):
        a, b = ref[key], new[key]
        differ = sorted(t for t in a.keys() & b.keys() if a[t] != b[t])
        gone = sorted(a.keys() - b.keys())
        added = sorted(b.keys() - a.keys())
        print(f"## {prog}\n")
        print(f"- on both kernels: {len(a.keys() & b.keys())} tests, "
              f"{len(differ)} with a different result")
        for t in differ:
            print(f"  - {t}: reference {a[t]}, patched {b[t]}")
        bad += differ
        if gone:
            print(f"- only on the reference kernel: {', '.join(gone)}")
            bad += gone
        for t in added:
            print(f"- only on the patched kernel: {t}: {b[t]}")
            if b[t] != "OK":
                bad.append(t)
        print()
    print("Verdict: " + ("the same results" if not bad else
                         f"DIFFERENT ({len(bad)} tests: see above)"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
