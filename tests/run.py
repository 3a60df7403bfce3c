#!/usr/bin/env python3
"""The one test runner: host tests, then in-guest tests on each test kernel.

  host tests:  executables tests/host/test-*, run on this machine, each with a time
               limit (a "# timeout: S" line among its first ten, else 600 s)
  guest tests: tests/guest/test-*.sh, run by the "check" scenario
               (scripts/guest/check.sh) in QEMU on each test kernel: one boot for
               the tests without a "# boot: ARGS" line among their first ten, one
               more per distinct ARGS (kernel parameters, e.g. nohz_full=1); a
               "# kernels: PATTERNS" line runs a test only on the kernels it matches
Every test prints TAP with a plan (tests/tap.sh, tests/ktap.py say how). A test fails
when a check fails, when its results differ from its plan, when it exits non-zero, when
it runs out of time, or when its guest run does not reach its end and deliver its
output. The last line is "N passed, N failed[, N skipped]"; the exit status is 1 when
anything failed or nothing ran.

  --tests "fifo loader"   only the tests whose names (without "test-") match these
                          shell patterns, host and guest alike (make check TESTS=...)
  --judge-run DIR         judge a finished guest run (run-qemu.sh --out DIR), boot nothing
"""
import argparse
import fnmatch
import os
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ktap  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
HOST_TIMEOUT_S = 600
# The check scenario's own per-test limits end a stuck test; this ends a stuck guest.
GUEST_TIMEOUT_S = 1500


def out(line):
    print(line, flush=True)


def selected(name, patterns):
    short = name.removeprefix("test-").removesuffix(".sh")
    return not patterns or any(fnmatch.fnmatchcase(short, p) for p in patterns)


def header(path, key):
    """The value of a "# KEY: value" line among the first ten of a test, or None."""
    try:
        with open(path, errors="replace") as f:
            for _, line in zip(range(10), f):
                if line.startswith(f"# {key}:"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def declared_timeout(path):
    try:
        return int(header(path, "timeout") or HOST_TIMEOUT_S)
    except ValueError:
        return HOST_TIMEOUT_S


def boot_groups(tests, kernel):
    """The guest tests KERNEL runs, by the kernel parameters their boot needs:
    {ARGS: [names]}, "" (no "# boot:" line) first, names without "test-" and ".sh"."""
    groups = {}
    for test in tests:
        kernels = (header(test, "kernels") or "*").split()
        if not any(fnmatch.fnmatchcase(kernel, k) for k in kernels):
            continue
        args = " ".join((header(test, "boot") or "").split())
        groups.setdefault(args, []).append(test.name.removeprefix("test-").removesuffix(".sh"))
    return dict(sorted(groups.items(), key=lambda item: item[0] != ""))


def run_host_test(tally, test, env):
    suite_name = f"host/{test.name}"
    limit = declared_timeout(test)
    out(f"# {suite_name} (time limit {limit} s)")
    proc = subprocess.Popen([str(test)], cwd=REPO, env=env, text=True, errors="replace",
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        text, _ = proc.communicate(timeout=limit)
        ended_ok = proc.returncode == 0
        if proc.returncode < 0:
            reason = f"killed by signal {-proc.returncode}"
        else:
            reason = f"exited {proc.returncode}"
    except subprocess.TimeoutExpired:
        # The whole process group: a test's children must not outlive it.
        os.killpg(proc.pid, signal.SIGKILL)
        text, _ = proc.communicate()
        ended_ok, reason = False, f"timed out after {limit} s, killed"
    ktap.judge(tally, suite_name, ktap.parse(text), ended_ok, reason)


def read_env(path):
    try:
        return dict(line.split("=", 1) for line in path.read_text().splitlines()
                    if "=" in line and not line.startswith("#"))
    except FileNotFoundError:
        return {}


def judge_guest_run(tally, name, run_dir, runner_log=""):
    """Judges a finished guest run: its tests, then whether the run itself was sound."""
    run_env = read_env(run_dir / "run.env")
    verdict = run_env.get("verdict", "none")
    output = run_dir / "results" / "output"
    suite = ktap.parse(output.read_text(errors="replace") if output.exists() else "")
    failed = sum(1 for ok, _, _ in suite.results if not ok)
    if verdict.startswith("exit-"):
        status = verdict.removeprefix("exit-")
        ended_ok = status == ("1" if failed else "0")
        reason = f"the check scenario exited {status} with {failed} failed tests"
    else:
        # The run line below says why the run did not end; the plan check, what is missing.
        ended_ok, reason = True, ""
    ktap.judge(tally, name, suite, ended_ok, reason)
    console = run_dir / "console.log"
    diag = [line for line in runner_log.splitlines() if line.strip()]
    if run_env.get("verdict_detail"):
        diag.append(run_env["verdict_detail"])
    if console.exists():
        diag.append(f"console ({console}), last lines:")
        diag += console.read_text(errors="replace").splitlines()[-ktap.TAIL_LINES:]
    tally.report(verdict.startswith("exit-"), name,
                 f"boots, runs its tests, no kernel warning, delivers its results, "
                 f"powers off ({verdict})", diag)


def run_guest_tests(tally, kernel, env, out_dir, names, boot_args):
    """One boot of KERNEL with BOOT_ARGS that runs the guest tests NAMES."""
    suffix = "-" + "-".join(a.replace("=", "_") for a in boot_args.split()) if boot_args else ""
    name = f"guest/{kernel}" + (f"[{boot_args}]" if boot_args else "")
    run_dir = out_dir / "runs" / f"{kernel}-check{suffix}"
    out(f"# {name}: booting (log: {run_dir})")
    args = [str(REPO / "scripts" / "run-qemu.sh"), "--timeout", str(GUEST_TIMEOUT_S),
            "--out", str(run_dir)]
    if boot_args:
        args += ["--append", boot_args]
    args += [kernel, "check", "tests=" + ",".join(names)]
    proc = subprocess.run(args + env.get("RTSCHED_GUEST_ARGS", "").split(), cwd=REPO,
                          env=env, text=True, errors="replace",
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    judge_guest_run(tally, name, run_dir, proc.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernels", default=os.environ.get("TEST_KERNELS", ""),
                        help="space-separated test kernels for the guest tests")
    parser.add_argument("--tests", default=os.environ.get("TESTS", ""),
                        help="space-separated name patterns of the tests to run")
    parser.add_argument("--host-only", action="store_true")
    parser.add_argument("--host-dir", default=str(REPO / "tests" / "host"),
                        help="where the host tests are (the runner's own tests use others)")
    parser.add_argument("--judge-run", metavar="DIR", help="judge a finished guest run")
    args = parser.parse_args()

    tally = ktap.Tally(out)
    patterns = args.tests.split()
    if args.judge_run:
        run_dir = Path(args.judge_run)
        judge_guest_run(tally, f"guest/{run_dir.name}", run_dir)
    else:
        env = dict(os.environ, RTSCHED_TEST_KERNELS=args.kernels)
        out_dir = Path(env.get("BPF_RTSCHED_OUT", REPO / "out"))
        host_tests = [t for t in sorted(Path(args.host_dir).glob("test-*"))
                      if os.access(t, os.X_OK) and selected(t.name, patterns)]
        guest_tests = [t for t in sorted((REPO / "tests" / "guest").glob("test-*.sh"))
                       if selected(t.name, patterns)]
        if patterns and not host_tests and not guest_tests:
            out(f"# no test matches {' '.join(patterns)}")
        for test in host_tests:
            run_host_test(tally, test, env)
        if guest_tests and not args.host_only:
            for kernel in args.kernels.split():
                for boot_args, names in boot_groups(guest_tests, kernel).items():
                    run_guest_tests(tally, kernel, env, out_dir, names, boot_args)
    if tally.failures:
        out("# failed:")
        for failure in tally.failures:
            out(f"#   {failure}")
    out(tally.summary())
    return 1 if tally.failed or tally.number == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
