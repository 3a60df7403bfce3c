#!/usr/bin/env python3
"""Analytic schedulability tests for the task sets of scripts/taskset.py.

  schedulability.py SETS_JSON [--per-set]

Task model (taskset.Task): independent periodic tasks released together at time 0, each
with runtime C, period T and relative deadline D, integers in one unit (taskset.py uses
microseconds; nanoseconds would give the same verdicts), with 0 < C <= D <= T: implicit
(D = T) or constrained deadlines. Arbitrary deadlines (D > T) are refused with a
ValueError. Sums of utilizations are exact (fractions), so a set exactly at a bound
passes it.

Tests (each a function of the tasks and the number of CPUs M, in TESTS):
  p-edf      partitioned EDF: first-fit decreasing, each CPU checked by the exact
             uniprocessor EDF test (U <= 1 for implicit deadlines; Baruah's processor
             demand criterion, through Zhang & Burns' QPA, for constrained ones)
  p-rm       partitioned fixed priorities, rate-monotonic: first-fit decreasing, each CPU
             checked by exact response-time analysis (Joseph & Pandya)
             (tests_for("worst"): the same two with worst-fit decreasing)
  g-edf-gfb  global EDF, Goossens, Funk & Baruah's sufficient test
             U <= M - (M - 1) u_max (with densities C/D for constrained deadlines,
             Bertogna, Cirinei & Lipari's generalization)

The command reads a sets.json of taskset.py and prints, as CSV, the fraction of sets
each test accepts per utilization point (the analytic curves), or with --per-set each
set's verdicts, to be joined to measured runs by set name.
"""
import argparse
import csv
import json
import math
import sys
from fractions import Fraction

from taskset import partition_decreasing, rate_monotonic_order, tasks_of, utilization


def check_model(tasks):
    for t in tasks:
        if not 0 < t.C <= t.D <= t.T:
            raise ValueError(f"task {t}: the tests want 0 < C <= D <= T "
                             "(arbitrary deadlines D > T are not supported)")


def demand(tasks, t):
    """Processor demand in [0, t]: the runtime of the jobs with both release and
    deadline within it, under synchronous release."""
    return sum(((t - task.D) // task.T + 1) * task.C for task in tasks if task.D <= t)


def last_deadline_before(tasks, t):
    """The latest absolute deadline k T + D strictly before t, or None."""
    deadlines = [task.D + (t - 1 - task.D) // task.T * task.T for task in tasks if task.D < t]
    return max(deadlines, default=None)


def busy_period(tasks):
    """Length of the synchronous busy period: the least w > 0 with w = sum ceil(w/T) C.
    Finite when U <= 1, at most the hyperperiod, which at U = 1 it may take long to reach."""
    w = sum(t.C for t in tasks)
    while True:
        nxt = sum(-(-w // t.T) * t.C for t in tasks)
        if nxt == w:
            return w
        w = nxt


def demand_horizon(tasks, util):
    """An instant before which every deadline miss, if any, shows in the demand: the
    synchronous busy period, or for U < 1 the point beyond which demand(t) <= t follows
    from demand(t) <= U t + sum (T - D) u, whichever comes first."""
    horizon = busy_period(tasks)
    if util < 1:
        slack_bound = sum(((t.T - t.D) * t.u for t in tasks), Fraction(0)) / (1 - util)
        horizon = min(horizon, math.ceil(slack_bound))
    return horizon


def edf_schedulable(tasks):
    """Exact test of preemptive EDF on one CPU: U <= 1 when every D = T; otherwise the
    processor demand criterion, demand(t) <= t at every deadline t before the horizon,
    checked by QPA (Zhang & Burns 2009), which visits few of those deadlines."""
    check_model(tasks)
    util = utilization(tasks)
    if util > 1:
        return False
    if all(t.D == t.T for t in tasks):
        return True
    d_min = min(t.D for t in tasks)
    t = last_deadline_before(tasks, demand_horizon(tasks, util))
    if t is None:
        return True
    while True:
        h = demand(tasks, t)
        if h > t:
            return False
        if h <= d_min:
            return True
        # Every t' in [h, t] has demand(t') <= demand(t) = h <= t': QPA jumps to h, or
        # when h = t to the deadline before t.
        t = h if h < t else last_deadline_before(tasks, t)


def response_times(tasks):
    """Worst-case response time of each task on one CPU under rate-monotonic fixed
    priorities (taskset.rate_monotonic_order, as rt-app's fifo-rm priorities), in input
    order: the least fixed point of R = C + sum over higher-priority tasks of
    ceil(R / T_j) C_j (Joseph & Pandya), or None where it exceeds D. D <= T keeps one
    job of a task per busy window, so the first job's response is the worst."""
    check_model(tasks)
    order = rate_monotonic_order(tasks)
    responses = [None] * len(tasks)
    for rank, i in enumerate(order):
        task, higher = tasks[i], [tasks[j] for j in order[:rank]]
        r = task.C + sum(h.C for h in higher)
        while r <= task.D:
            nxt = task.C + sum(-(-r // h.T) * h.C for h in higher)
            if nxt == r:
                responses[i] = r
                break
            r = nxt
    return responses


def rm_schedulable(tasks):
    """Exact test of rate-monotonic fixed priorities on one CPU."""
    return None not in response_times(tasks)


def partitioned_edf(tasks, cpus, fit="first"):
    """First-fit (or worst-fit) decreasing onto cpus CPUs, each checked by
    edf_schedulable: a CPU per task, or None."""
    return partition_decreasing(tasks, cpus, admits=edf_schedulable, fit=fit)


def partitioned_rm(tasks, cpus, fit="first"):
    """First-fit (or worst-fit) decreasing onto cpus CPUs, each checked by
    rm_schedulable: a CPU per task, or None."""
    return partition_decreasing(tasks, cpus, admits=rm_schedulable, fit=fit)


def gfb_schedulable(tasks, cpus):
    """Global EDF on cpus CPUs, sufficient: sum λ <= M - (M - 1) max λ, λ = C / D (the
    utilization when D = T)."""
    check_model(tasks)
    densities = [Fraction(t.C, t.D) for t in tasks]
    return sum(densities) <= cpus - (cpus - 1) * max(densities)


def tests_for(fit):
    """The tests, the partitioned ones with this fit (first or worst)."""
    return {
        "p-edf": lambda tasks, cpus: partitioned_edf(tasks, cpus, fit) is not None,
        "p-rm": lambda tasks, cpus: partitioned_rm(tasks, cpus, fit) is not None,
        "g-edf-gfb": gfb_schedulable,
    }


TESTS = tests_for("first")


def verdicts(tasks, cpus, tests=TESTS):
    """{test name: whether it accepts the set}."""
    return {name: test(tasks, cpus) for name, test in tests.items()}


def acceptance_ratios(sets_by_point, cpus, tests=TESTS):
    """{point: {test name: fraction of the point's sets it accepts}}, sets_by_point
    mapping each utilization point to its sets (sequences of Task)."""
    ratios = {}
    for point, sets in sets_by_point.items():
        accepted = dict.fromkeys(tests, 0)
        for tasks in sets:
            for name, ok in verdicts(tasks, cpus, tests).items():
                accepted[name] += ok
        ratios[point] = {name: count / len(sets) for name, count in accepted.items()}
    return ratios


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets_json", help="sets.json written by taskset.py generate")
    parser.add_argument("--per-set", action="store_true",
                        help="one row per set with each test's verdict (1/0)")
    args = parser.parse_args(argv)
    with open(args.sets_json) as f:
        data = json.load(f)
    cpus = data["generator"]["cpus"]
    out = csv.writer(sys.stdout, lineterminator="\n")
    if args.per_set:
        out.writerow(["name", "util_target", "util", "n", *TESTS])
        for record in data["sets"]:
            ok = verdicts(tasks_of(record), cpus)
            out.writerow([record["name"], record["util_target"], f"{record['util']:.6f}",
                          record["n"], *(int(ok[name]) for name in TESTS)])
        return
    sets_by_point = {}
    for record in data["sets"]:
        sets_by_point.setdefault(record["util_target"], []).append(tasks_of(record))
    out.writerow(["util_total", "util_per_cpu", "sets", *TESTS])
    for point, ratios in acceptance_ratios(sets_by_point, cpus).items():
        out.writerow([point, f"{point / cpus:.6g}", len(sets_by_point[point]),
                      *(f"{ratios[name]:.6g}" for name in TESTS)])


if __name__ == "__main__":
    main()
