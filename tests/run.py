#!/usr/bin/env python3
"""The one test runner: host tests, then in-guest tests on each test kernel.

Every test prints TAP lines ("ok - ..." / "not ok - ..."); this runner numbers them,
prefixes the suite, and ends with "N passed, N failed, N skipped".
  host tests:  executables tests/host/test-*, run on this machine
  guest tests: tests/guest/test-*.sh, run by the "check" scenario in QEMU per test kernel
"""
import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TAP = re.compile(r"^(not ok|ok)\b(?:\s+\d+)?\s*(?:-\s*)?(.*)$")


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.number = 0

    def report(self, ok, suite, desc, diag=""):
        self.number += 1
        skip = "# SKIP" in desc
        if skip:
            self.skipped += 1
        elif ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.number} - {suite}: {desc}", flush=True)
        for line in diag.strip().splitlines()[-15:] if not ok else []:
            print(f"#   {line}", flush=True)

    def feed(self, suite, text):
        """Counts the TAP lines of a test's output; returns how many it had."""
        seen = 0
        for line in text.splitlines():
            m = TAP.match(line.strip())
            if m:
                seen += 1
                self.report(m.group(1) == "ok", suite, m.group(2))
            elif line.startswith("#"):
                print(f"#   {line.lstrip('# ')}", flush=True)
        return seen


def run_host_tests(tally, env):
    for test in sorted((REPO / "tests" / "host").glob("test-*")):
        if not os.access(test, os.X_OK):
            continue
        suite = f"host/{test.name}"
        print(f"# {suite}", flush=True)
        proc = subprocess.run([str(test)], cwd=REPO, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        seen = tally.feed(suite, proc.stdout)
        if proc.returncode != 0 and seen == 0:
            tally.report(False, suite, f"exited {proc.returncode} without a result", proc.stdout)


def read_env(path):
    try:
        return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    except FileNotFoundError:
        return {}


def run_guest_tests(tally, kernel, env, out_dir):
    suite = f"guest/{kernel}"
    out = out_dir / "runs" / f"{kernel}-check"
    print(f"# {suite}: booting", flush=True)
    proc = subprocess.run([str(REPO / "scripts" / "run-qemu.sh"), "--out", str(out), kernel,
                           "check"] + env.get("RTSCHED_GUEST_ARGS", "").split(),
                          cwd=REPO, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    print("\n".join(f"#   {line}" for line in proc.stdout.splitlines()), flush=True)
    output = out / "results" / "output"
    seen = tally.feed(suite, output.read_text(errors="replace") if output.exists() else "")
    verdict = read_env(out / "run.env").get("verdict", "none")
    console = out / "console.log"
    tail = console.read_text(errors="replace")[-3000:] if console.exists() else ""
    clean = verdict.startswith("exit-")
    tally.report(clean, suite, f"boots, runs the tests, no kernel warning, powers off ({verdict})",
                 proc.stdout + tail)
    if clean and seen == 0:
        tally.report(False, suite, "the check scenario printed no test result", tail)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernels", default=os.environ.get("TEST_KERNELS", ""),
                        help="space-separated test kernels for the guest tests")
    parser.add_argument("--host-only", action="store_true")
    args = parser.parse_args()

    env = dict(os.environ, RTSCHED_TEST_KERNELS=args.kernels)
    out_dir = Path(env.get("BPF_RTSCHED_OUT", REPO / "out"))
    tally = Tally()
    run_host_tests(tally, env)
    if not args.host_only:
        for kernel in args.kernels.split():
            run_guest_tests(tally, kernel, env, out_dir)
    line = f"{tally.passed} passed, {tally.failed} failed"
    if tally.skipped:
        line += f", {tally.skipped} skipped"
    print(line)
    return 1 if tally.failed or tally.number == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
