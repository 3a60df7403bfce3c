#!/usr/bin/env python3
"""Random periodic task sets for the schedulability experiments, and their rt-app files.

  taskset.py generate --cpus M --utils U1,U2,... --out DIR [options]

Task model: independent periodic tasks, all released together at time 0 (rt-app starts
every thread's timer from one common instant). A task has a runtime C, a period T and a
relative deadline D, integers in microseconds (rt-app's unit), with 0 < C <= D <= T.

A set is drawn for a total utilization U (the sum over its tasks, not per CPU: on M
CPUs, U runs up to M) from its own seed, a hash of (base seed, U, index), so a set does
not depend on the sets drawn before it:
  n       uniform integer in [tasks_min, tasks_max] (the command's default: 2M..4M)
  u_i     UUniFast-Discard: n utilizations summing to U, the draw discarded and repeated
          while any u_i exceeds the cap (default 1: a task cannot use more than a CPU)
  T_i     log-uniform in [period_min, period_max] (default 10..100 ms), rounded to the
          nearest multiple of the granularity (default 1 ms, which keeps hyperperiods,
          and so exact analyses, short, and the periods readable)
  C_i     round(u_i * T_i), at least min_runtime (default 100 us: below that, wakeup
          latency in a QEMU guest and the error of rt-app's calibrated busy loop are
          of the order of the runtime itself).
          The set's actual utilization, sum C_i / T_i, is recorded beside the target;
          the analyses use C_i and T_i.
  D_i     T_i (implicit deadlines), or uniform in [max(C_i, r * T_i), T_i] when a
          deadline ratio r < 1 is asked for (constrained deadlines).

rt-app files follow the grammar of rt-app 1.0, the version Debian 12 ships (its
/usr/share/doc/rt-app/tutorial.txt and src/rt-app_parse_config.c at upstream's v1.0
tag): each thread has one phase of `loop` jobs, a "run" of C then an absolute "timer"
of period T, and the thread's own "loop" is 1 so that it exits after its jobs.
"""
import argparse
import hashlib
import json
import math
import random
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

SCHEDS = ("fifo-rm", "deadline", "mapped-deadline")
# Draws before UUniFast-Discard gives up. Discards grow fast as U nears n * cap: at the
# command's most demanding default for 8 CPUs (n = 2M = 16, U = M, cap 1) about 1 draw
# in 80 is kept; near U = n * cap the sets are almost fully determined anyway.
DISCARD_TRIES = 10_000
# SCHED_FIFO priorities given rate-monotonically: distinct, the highest to the shortest
# period; 90..99 stay free for the harness and the guest's own threads.
RM_PRIORITY_LOWEST = 10
RM_PRIORITY_HIGHEST = 89
# One record (a job) of an rt-app 1.0 log buffer is a timing_point_t, 88 bytes on
# x86-64; sized with a margin.
LOG_RECORD_BYTES = 128
US_PER_S = 1_000_000
# rt-app 1.0 takes its time zero in thread 0 once thread 0 is set up, and the timers of
# every thread count from it; the other threads may still be locking their pages then
# (in TCG guests the last reached rt-app's start barrier up to 0.45 s later), and their
# first jobs, due a period after time zero, start late and miss. A thread's "delay"
# moves its timer's origin and sleeps until then: with one delay for all, every first
# job is released together, after the set-up.
RELEASE_DELAY_US = 1_000_000
# SCHED_DEADLINE budget beyond C by default (dl_budget)
DL_BUDGET_MARGIN = 0.05


class Task(NamedTuple):
    C: int  # runtime
    T: int  # period
    D: int  # relative deadline

    @property
    def u(self):
        """Utilization, exact, so that sums of them compare exactly with a bound."""
        return Fraction(self.C, self.T)


def utilization(tasks):
    return sum((t.u for t in tasks), Fraction(0))


def exact(x):
    """x as a Fraction, a float taken at its decimal value (0.95 is 19/20)."""
    return Fraction(repr(x)) if isinstance(x, float) else Fraction(x)


def uunifast_discard(rng, n, total, cap=1.0):
    """n utilizations summing to total (up to float rounding), uniformly distributed
    over that simplex (Bini & Buttazzo's UUniFast), drawn again while any exceeds cap
    (Davis & Burns' discard variant)."""
    if n < 1 or not 0 < total <= n * cap:
        raise ValueError(f"cannot split utilization {total} into {n} tasks of at most {cap}")
    for _ in range(DISCARD_TRIES):
        utils = []
        remaining = total
        for i in range(1, n):
            rest = remaining * rng.random() ** (1 / (n - i))
            utils.append(remaining - rest)
            remaining = rest
        utils.append(remaining)
        if max(utils) <= cap:
            return utils
    raise RuntimeError(f"UUniFast-Discard: no {n} utilizations summing to {total} "
                       f"all within {cap} in {DISCARD_TRIES} tries")


def log_uniform_period(rng, period_min, period_max, granularity):
    """A period whose logarithm is uniform over [log period_min, log period_max], rounded
    to a multiple of granularity (both bounds being multiples, it stays within them)."""
    period = math.exp(rng.uniform(math.log(period_min), math.log(period_max)))
    return round(period / granularity) * granularity


def set_seed(base_seed, util, index):
    """The seed of set number index at total utilization util. A hash, not a draw from
    one stream, so that a set is the same whichever sets are generated before it; util
    enters to six decimals, so 0.3 and 0.1 + 0.2 are one point."""
    key = f"{base_seed}:{util:.6f}:{index}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big")


@dataclass(frozen=True)
class SetParams:
    """How sets are drawn; times in microseconds."""
    tasks_min: int
    tasks_max: int
    period_min: int = 10_000
    period_max: int = 100_000
    granularity: int = 1_000
    min_runtime: int = 100
    util_cap: float = 1.0
    deadline_min_ratio: float = 1.0

    def __post_init__(self):
        if not 1 <= self.tasks_min <= self.tasks_max:
            raise ValueError("want 1 <= tasks_min <= tasks_max")
        if not 0 < self.granularity <= self.period_min <= self.period_max:
            raise ValueError("want 0 < granularity <= period_min <= period_max")
        if self.period_min % self.granularity or self.period_max % self.granularity:
            raise ValueError("period_min and period_max must be multiples of the granularity")
        if not 0 < self.min_runtime <= self.period_min:
            raise ValueError("want 0 < min_runtime <= period_min")
        if not 0 < self.util_cap <= 1:
            raise ValueError("want 0 < util_cap <= 1")
        if not 0 < self.deadline_min_ratio <= 1:
            raise ValueError("want 0 < deadline_min_ratio <= 1")

    def check_util(self, util):
        """Every set size must be able to carry util: UUniFast-Discard needs util <= n * cap."""
        if not 0 < util <= self.tasks_min * self.util_cap:
            raise ValueError(f"utilization {util} is not in (0, tasks_min * util_cap = "
                             f"{self.tasks_min * self.util_cap}]")


@dataclass(frozen=True)
class TaskSet:
    util_target: float          # the total utilization the set was drawn for
    index: int                  # its number at that point
    seed: int
    tasks: tuple                # of Task
    task_utils: tuple           # UUniFast-Discard's u_i, before C was rounded

    @property
    def name(self):
        return f"set-U{self.util_target:.3f}-{self.index:03d}"


def generate_set(util, index, base_seed, params):
    """Set number index at total utilization util (see the module's docstring)."""
    params.check_util(util)
    seed = set_seed(base_seed, util, index)
    rng = random.Random(seed)
    n = rng.randint(params.tasks_min, params.tasks_max)
    utils = uunifast_discard(rng, n, util, params.util_cap)
    tasks = []
    for u in utils:
        period = log_uniform_period(rng, params.period_min, params.period_max,
                                    params.granularity)
        runtime = max(params.min_runtime, round(u * period))
        deadline = period
        if params.deadline_min_ratio < 1:
            deadline = rng.randint(max(runtime, math.ceil(params.deadline_min_ratio * period)),
                                   period)
        tasks.append(Task(runtime, period, deadline))
    return TaskSet(util, index, seed, tuple(tasks), tuple(utils))


def sets_for_point(util, count, base_seed, params):
    """Sets 0..count-1 at total utilization util."""
    return [generate_set(util, index, base_seed, params) for index in range(count)]


FITS = ("first", "worst")


def partition_decreasing(tasks, cpus, bound=1.0, admits=None, fit="first"):
    """Places the tasks, largest utilization first (ties in input order), each on a CPU
    that still admits its group with the task added: the lowest-numbered one (first
    fit), or the least utilized one, ties to the lowest number (worst fit, which spreads
    the load and leaves each CPU the same headroom). Returns the CPU of each task, in
    input order, or None when one fits nowhere.

    admits(list of Task) -> bool is the per-CPU test. By default the group's density,
    sum C / D, must not exceed bound: EDF's exact utilization test for implicit
    deadlines (D = T), a sufficient one for constrained deadlines."""
    if fit not in FITS:
        raise ValueError(f"unknown fit {fit!r}: want one of {', '.join(FITS)}")
    if admits is None:
        limit = exact(bound)

        def admits(group):
            return sum((Fraction(t.C, t.D) for t in group), Fraction(0)) <= limit
    order = sorted(range(len(tasks)), key=lambda i: -tasks[i].u)
    groups = [[] for _ in range(cpus)]
    assignment = [None] * len(tasks)
    for i in order:
        cpus_in_order = range(cpus) if fit == "first" else \
            sorted(range(cpus), key=lambda c: (utilization(groups[c]), c))
        for cpu in cpus_in_order:
            if admits(groups[cpu] + [tasks[i]]):
                groups[cpu].append(tasks[i])
                assignment[i] = cpu
                break
        else:
            return None
    return assignment


def rate_monotonic_order(tasks):
    """Task indices from the highest priority to the lowest: shorter period first, then
    shorter deadline, then input order, so that priorities are distinct."""
    return sorted(range(len(tasks)), key=lambda i: (tasks[i].T, tasks[i].D, i))


def rm_priorities(tasks, lowest=RM_PRIORITY_LOWEST, highest=RM_PRIORITY_HIGHEST):
    """Distinct SCHED_FIFO priorities in rate-monotonic order, highest first, per task."""
    if len(tasks) > highest - lowest + 1:
        raise ValueError(f"{len(tasks)} tasks do not get distinct priorities in "
                         f"{lowest}..{highest}")
    priorities = [0] * len(tasks)
    for rank, i in enumerate(rate_monotonic_order(tasks)):
        priorities[i] = highest - rank
    return priorities


def task_priorities(tasks, sched):
    """The SCHED_FIFO priority of each task under sched; None where the threads ask for
    SCHED_DEADLINE: deadline, and mapped-deadline, whose requests `rtsched run --fifo
    PRIO --map-deadline` turns into SCHED_FIFO PRIO threads that carry (C, D, T) as
    their parameters for the bpf edf policy."""
    if sched == "fifo-rm":
        return rm_priorities(tasks)
    if sched in ("deadline", "mapped-deadline"):
        return [None] * len(tasks)
    raise ValueError(f"unknown scheduler {sched!r}: want one of {', '.join(SCHEDS)}")


def dl_budget(task, margin=DL_BUDGET_MARGIN):
    """The SCHED_DEADLINE runtime of a task: C and margin times C more, at most D; D
    when margin is None (EDF by deadline, no budget below the deadline to enforce). A
    job's CPU time is C of calibrated busy loop plus rt-app's own work around it (timer,
    clock reads, its log), and more where the CPU runs slower than rt-app measured; a
    budget of exactly C would throttle nearly every job for that small overrun until its
    next period, a miss that is no fault of the schedule."""
    if margin is None:
        return task.D
    return min(task.D, math.ceil(task.C * (1 + margin)))


def horizon(tasks, jobs):
    """The span every task runs for: jobs periods of the longest-period task. Each task
    releases jobs over the whole span, so the set's load stays on until its end."""
    return jobs * max(t.T for t in tasks)


def job_counts(tasks, jobs):
    """rt-app loop count of each task: its jobs released within the horizon."""
    span = horizon(tasks, jobs)
    return [span // t.T for t in tasks]


def thread_name(index):
    # rt-app names each thread after its key (pthread_setname_np: 15 characters at most)
    return f"task{index:02d}"


def rtapp_config(taskset, sched, jobs, assignment=None, calibration="CPU0", logdir="./",
                 basename=None, dl_margin=DL_BUDGET_MARGIN):
    """The rt-app 1.0 configuration of a set as a dict (json.dump writes it).

    sched: fifo-rm, deadline or mapped-deadline (see task_priorities); jobs: see horizon;
    assignment: a CPU per task, written as each thread's "cpus" affinity, or None for no
    affinity; calibration: "CPUn" to calibrate rt-app's busy loop on CPU n, or an integer
    ns per loop to skip calibration; basename: of the logs (default: the set's name);
    dl_margin: the SCHED_DEADLINE budget beyond C (dl_budget)."""
    tasks = taskset.tasks
    if sched == "deadline" and assignment is not None:
        # Linux refuses (EBUSY) an affinity narrower than the root domain to a
        # SCHED_DEADLINE thread, and rt-app exits when pthread_setaffinity_np fails.
        raise ValueError("SCHED_DEADLINE threads cannot be pinned to single CPUs; "
                         "partitioned deadline runs need exclusive cpusets")
    priorities = task_priorities(tasks, sched)
    loops = job_counts(tasks, jobs)
    threads = {}
    for i, (task, prio, loop) in enumerate(zip(tasks, priorities, loops)):
        thread = {}
        if sched != "fifo-rm":
            # All three keys, always: without dl-deadline rt-app 1.0 asks for a deadline
            # of 0, which sched_setattr refuses.
            thread.update({"policy": "SCHED_DEADLINE", "dl-runtime": dl_budget(task, dl_margin),
                           "dl-period": task.T, "dl-deadline": task.D})
        else:
            thread.update({"policy": "SCHED_FIFO", "priority": prio})
        if assignment is not None:
            thread["cpus"] = [assignment[i]]
        # Every thread's first job is released at rt-app's time zero plus this delay, once
        # every thread is set up (see RELEASE_DELAY_US)
        thread["delay"] = RELEASE_DELAY_US
        # With a "phases" object the thread's "loop" counts rounds of its phases; without
        # one, rt-app 1.0 repeats the thread forever, whatever its "loop" says.
        thread["loop"] = 1
        thread["phases"] = {"jobs": {
            "loop": loop,
            # "run" is work calibrated in loops, so preemption does not eat it (the
            # wall-clock "runtime" event would count time spent preempted).
            "run": task.C,
            # One timer per thread, its releases at start + k T whatever the delays.
            "timer": {"ref": "unique", "period": task.T, "mode": "absolute"},
        }}
        threads[thread_name(i)] = thread
    span_s = horizon(tasks, jobs) / US_PER_S
    log_mb = max(1, math.ceil(max(loops) * LOG_RECORD_BYTES / 2**20))
    return {
        "tasks": threads,
        "global": {
            # The threads exit after their jobs; duration only ends a run that overruns.
            "duration": math.ceil(2 * span_s + RELEASE_DELAY_US / US_PER_S) + 1,
            "calibration": calibration,
            "default_policy": "SCHED_FIFO" if sched == "fifo-rm" else "SCHED_DEADLINE",
            "pi_enabled": False,
            "lock_pages": True,
            "logdir": logdir,
            "log_basename": basename or taskset.name,
            # An in-memory buffer in MB per thread, written at the end, keeps file writes
            # out of the run; the string forms are mis-parsed by rt-app 1.0.
            "log_size": log_mb,
            "ftrace": False,
            "gnuplot": False,
        },
    }


def set_record(taskset, assignment, sched, jobs, file):
    """What sets.json says of a set: everything needed to join a run's results to it."""
    tasks = taskset.tasks
    priorities = task_priorities(tasks, sched)
    return {
        "name": taskset.name,
        "file": file,
        "util_target": taskset.util_target,
        "util": float(utilization(tasks)),
        "index": taskset.index,
        "seed": taskset.seed,
        "n": len(tasks),
        "tasks": [{"name": thread_name(i), "C_us": t.C, "T_us": t.T, "D_us": t.D,
                   "u_target": u, "priority": prio, "jobs": loop}
                  for i, (t, u, prio, loop) in enumerate(zip(
                      tasks, taskset.task_utils, priorities, job_counts(tasks, jobs)))],
        "partition": assignment,
    }


def tasks_of(record):
    """The tasks of a sets.json record."""
    return tuple(Task(t["C_us"], t["T_us"], t["D_us"]) for t in record["tasks"])


def write_json(path, data):
    with open(path, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")


def parse_utils(text):
    utils = [float(x) for x in text.split(",") if x.strip()]
    if not utils:
        raise argparse.ArgumentTypeError("no utilization given")
    return utils


def parse_calibration(text):
    return int(text) if text.isdigit() else text


def generate(args):
    """The generate command: DIR/set-U<U>-<i>.json per set, and DIR/sets.json."""
    cpus = args.cpus
    params = SetParams(
        tasks_min=args.tasks_min or 2 * cpus, tasks_max=args.tasks_max or 4 * cpus,
        period_min=args.period_min_us, period_max=args.period_max_us,
        granularity=args.granularity_us, min_runtime=args.min_runtime_us,
        util_cap=args.util_cap, deadline_min_ratio=args.deadline_min_ratio)
    for util in args.utils:
        if util > cpus:
            raise ValueError(f"total utilization {util} is beyond {cpus} CPUs")
        params.check_util(util)
    if len({f"{u:.3f}" for u in args.utils}) != len(args.utils):
        raise ValueError("two utilization points share a file name (3 decimals)")
    if args.partitioned and args.sched == "deadline":
        raise ValueError("--partitioned with --sched deadline: SCHED_DEADLINE threads "
                         "cannot be pinned to single CPUs")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    records = []
    for util in args.utils:
        for taskset in sets_for_point(util, args.sets, args.seed, params):
            assignment = partition_decreasing(taskset.tasks, cpus, args.partition_bound,
                                              fit=args.fit)
            file = None
            # A partitioned run of a set that does not partition has no meaning: the set
            # stays in sets.json, with no file, and counts as a failure of the partitioning.
            if not args.partitioned or assignment is not None:
                file = f"{taskset.name}.json"
                write_json(out / file, rtapp_config(
                    taskset, args.sched, args.jobs,
                    assignment if args.partitioned else None,
                    args.calibration, args.logdir, dl_margin=args.dl_margin))
            records.append(set_record(taskset, assignment, args.sched, args.jobs,
                                      file))
    generator = asdict(params)
    generator.update(cpus=cpus, utils=args.utils, sets_per_point=args.sets, seed=args.seed,
                     sched=args.sched, jobs=args.jobs, partitioned=args.partitioned,
                     partition_bound=args.partition_bound, fit=args.fit,
                     dl_margin=args.dl_margin, time_unit="us")
    write_json(out / "sets.json", {"generator": generator, "sets": records})
    written = sum(1 for r in records if r["file"])
    print(f"{written} rt-app files and sets.json ({len(records)} sets) in {out}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser(
        "generate", help="write rt-app files and sets.json",
        description="Write DIR/set-U<U>-<i>.json (rt-app 1.0) per set and DIR/sets.json "
                    "with every set's tasks (C, T, D in us), seed and first-fit "
                    "decreasing partition (EDF density bound per CPU, null if none).")
    gen.add_argument("--cpus", type=int, required=True, help="M, the CPUs of the runs")
    gen.add_argument("--utils", type=parse_utils, required=True,
                     help="total utilizations, comma-separated, each in (0, M]: "
                          "the sum over a set's tasks, not per CPU")
    gen.add_argument("--sets", type=int, default=10, help="sets per utilization (10)")
    gen.add_argument("--tasks-min", type=int, help="fewest tasks in a set (2M)")
    gen.add_argument("--tasks-max", type=int, help="most tasks in a set (4M)")
    gen.add_argument("--seed", type=int, default=1, help="base seed (1)")
    gen.add_argument("--out", required=True, help="output directory")
    gen.add_argument("--sched", choices=SCHEDS, default="fifo-rm",
                     help="fifo-rm: SCHED_FIFO, rate-monotonic priorities "
                          f"{RM_PRIORITY_HIGHEST}..{RM_PRIORITY_LOWEST}; deadline: "
                          "SCHED_DEADLINE (C, D, T); mapped-deadline: the same threads, "
                          "for rtsched run --map-deadline, may be pinned (default fifo-rm)")
    gen.add_argument("--jobs", type=int, default=20,
                     help="jobs of a set's longest-period task; every task runs for as "
                          "long, so shorter periods run more jobs (20)")
    gen.add_argument("--partitioned", action="store_true",
                     help="pin each task to its CPU of the partition (not with deadline)")
    gen.add_argument("--fit", choices=FITS, default="first",
                     help="the partitioning: first-fit or worst-fit decreasing (first)")
    gen.add_argument("--partition-bound", type=float, default=1.0,
                     help="per-CPU density bound of the partitioning (1.0)")
    gen.add_argument("--period-min-us", type=int, default=10_000, help="(10000)")
    gen.add_argument("--period-max-us", type=int, default=100_000, help="(100000)")
    gen.add_argument("--granularity-us", type=int, default=1_000,
                     help="periods are multiples of it (1000)")
    gen.add_argument("--min-runtime-us", type=int, default=100, help="(100)")
    gen.add_argument("--util-cap", type=float, default=1.0,
                     help="largest utilization of one task (1.0)")
    gen.add_argument("--deadline-min-ratio", type=float, default=1.0,
                     help="r < 1 draws D uniformly in [max(C, rT), T] (1.0: D = T)")
    gen.add_argument("--calibration", type=parse_calibration, default="CPU0",
                     help="rt-app calibration: CPUn, or ns per loop (CPU0)")
    gen.add_argument("--logdir", default="./", help="rt-app's log directory (./)")
    gen.add_argument("--dl-margin", type=float, default=DL_BUDGET_MARGIN,
                     help=f"SCHED_DEADLINE budget: C and this share of C more, at most D "
                          f"({DL_BUDGET_MARGIN})")
    args = parser.parse_args(argv)
    if args.cpus < 1 or args.sets < 1 or args.jobs < 1:
        parser.error("--cpus, --sets and --jobs must be positive")
    try:
        generate(args)
    except ValueError as e:
        parser.error(str(e))


if __name__ == "__main__":
    main()
