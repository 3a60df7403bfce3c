"""KTAP/TAP reading and judging for tests/run.py.

A test's output: a plan "1..N" (before or after its results; "1..0 # SKIP why" skips
the whole test), result lines "ok N - what" / "not ok N - what" (a "# SKIP" directive
marks a skipped check), "#" diagnostics. A nested test (KTAP subtest) is indented by
four spaces and comes before the result line that closes it, as the guest's check
scenario prints each in-guest test under one line carrying its exit status.

A test fails as a whole, with one result naming why, when it printed no plan, when its
results differ from its plan, or when it ended badly (exit status, timeout, a guest run
that did not reach its end).
"""
import re

RESULT = re.compile(r"^(not ok|ok)\b(?:\s+\d+)?\s*(?:-\s*)?(.*)$")
PLAN = re.compile(r"^1\.\.(\d+)\s*(?:#\s*(.*))?$")
SKIP = re.compile(r"#\s*SKIP\b", re.IGNORECASE)
INDENT = "    "
TAIL_LINES = 15


class Suite:
    """One test's parsed output; `results` holds (ok, description, subtest or None)."""

    def __init__(self):
        self.plan = None
        self.plan_note = ""
        self.results = []
        self.lines = []
        self.bailed_out = None

    def tail(self):
        return self.lines[-TAIL_LINES:]


ORPHAN = "(subtest output without its result line)"


def _close(stack, depth, closed=None):
    """Pops the subtests deeper than `depth`; returns the one at depth + 1.

    Deeper ones, which no result line claimed, become failed results of their parent.
    """
    while len(stack) > depth + 1:
        inner = stack.pop()
        if closed is not None:
            inner.results.append((False, ORPHAN, closed))
        closed = inner
    return closed


def parse(text):
    """Parses KTAP text into a Suite; a subtest hangs off the result line after it."""
    stack = [Suite()]
    for raw in text.splitlines():
        if not raw.strip():
            continue
        depth = 0
        while raw.startswith(INDENT * (depth + 1)):
            depth += 1
        line = raw.strip()
        result = RESULT.match(line)
        plan = PLAN.match(line)
        if not result and not plan and depth < len(stack) - 1:
            # Other output (a shell's "Killed") leaves the open subtest open.
            stack[depth].lines.append(line)
            continue
        while len(stack) <= depth:
            stack.append(Suite())
        closed = _close(stack, depth)
        suite = stack[depth]
        suite.lines.append(line)
        if result:
            suite.results.append((result.group(1) == "ok", result.group(2).strip(), closed))
            continue
        if closed is not None:
            suite.results.append((False, ORPHAN, closed))
        if plan:
            suite.plan = int(plan.group(1))
            suite.plan_note = plan.group(2) or ""
        elif line.lower().startswith("bail out!"):
            suite.bailed_out = line[len("bail out!"):].strip() or "no reason given"
    closed = _close(stack, 0)
    if closed is not None:
        stack[0].results.append((False, ORPHAN, closed))
    return stack[0]


class Tally:
    """Numbers results across suites, prints them as TAP, counts them."""

    def __init__(self, out):
        self.out = out
        self.passed = self.failed = self.skipped = 0
        self.number = 0
        self.failures = []

    def report(self, ok, name, desc, diag=()):
        self.number += 1
        if SKIP.search(desc):
            self.skipped += 1
        elif ok:
            self.passed += 1
        else:
            self.failed += 1
            self.failures.append(f"{name}: {desc}")
        self.out(f"{'ok' if ok else 'not ok'} {self.number} - {name}: {desc}")
        if not ok:
            for line in diag:
                self.out(f"#   {line}")

    def summary(self):
        line = f"{self.passed} passed, {self.failed} failed"
        if self.skipped:
            line += f", {self.skipped} skipped"
        return line


def subtest_name(desc):
    """The name in a closing result line: "test-fifo: exited 1" -> "test-fifo"."""
    words = desc.split(":")[0].split()
    return words[0] if words else "(unnamed)"


def judge(tally, name, suite, ended_ok=True, end_reason=""):
    """Reports each result of a suite, then one failure if the suite failed as a whole.

    ended_ok/end_reason: how the test ended (exit status, timeout), judged by the caller.
    Returns True when the suite passed as a whole (its own results aside).
    """
    problems = []
    if suite.plan is None:
        problems.append("printed no plan (1..N)")
    elif suite.plan == 0 and suite.plan_note.upper().startswith("SKIP") and not suite.results:
        tally.report(True, name, f"# SKIP {suite.plan_note[4:].strip()}")
    for ok, desc, subtest in suite.results:
        if subtest is not None:
            reason = desc.split(":", 1)[1].strip() if ":" in desc else "failed"
            judge(tally, f"{name}/{subtest_name(desc)}", subtest, ok, reason)
        else:
            tally.report(ok, name, desc, suite.tail())
    if suite.plan is not None and len(suite.results) != suite.plan:
        problems.append(f"gave {len(suite.results)} of the {suite.plan} results it planned")
    if suite.bailed_out:
        problems.append(f"bailed out: {suite.bailed_out}")
    if not ended_ok:
        problems.append(end_reason)
    if problems:
        tally.report(False, name, "; ".join(problems), suite.tail())
    return not problems
