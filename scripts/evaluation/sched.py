"""The schedulability experiment (EXPERIMENTS has schedulability; `make sched-eval`).

Random periodic task sets (scripts/taskset.py: UUniFast-Discard, log-uniform periods,
implicit deadlines), SCHED_SETS per utilization point, run with rt-app under each
scheduler of SCHEDULERS, in one boot of SCHED_KERNEL per point. Every scheduler runs
the same tasks from one rt-app file each, written here:
  rm    SCHED_FIFO with rate-monotonic priorities, each thread pinned to its CPU of a
        partition admitted by exact response-time analysis
  pedf  the edf policy: the SCHED_DEADLINE file of the set, pinned to its CPU of a
        partition admitted by U <= 1 per CPU, run by `rtsched run --fifo 50
        --map-deadline`, so each thread is SCHED_FIFO 50 with its (C, D, T) as the
        policy's parameters from before its first job
  gdl   SCHED_DEADLINE (global EDF), unpinned, each thread a CBS budget of C and
        DL_MARGIN more (taskset.dl_budget: rt-app's own per-job work and the emulator's
        slower jobs are not throttled as overruns)
  gdl-d the same with budgets of D: global EDF by the kernel's deadline class with no
        budget below the deadline to enforce, as the bpf policies enforce none (under
        emulation a thread's budget pays for much more than its busy loop: a budget
        near C measures its enforcement as much as EDF)
The partitions are decreasing-utilization fits, PARTITION: worst fit by default (each
task to the least loaded CPU that admits it), which leaves every CPU the same headroom
for the overheads; first fit packs CPU 0 up to the bound even at low total utilization,
where an emulated run's few percent of overhead then misses deadlines that the spread
partition would not. A set that a partitioned scheduler cannot partition is not run and
counts as not schedulable by it. Not offered: partitioned SCHED_DEADLINE (Linux admits
pinned deadline threads only inside exclusive cpusets, and the guest kernels have no
cpusets) and global EDF by a policy (there is none yet).

Reservations, the same for every scheduler: the fair server's runtime is 0 on every
CPU and kernel.sched_rt_runtime_us is -1 for the whole boot, so that no scheduler loses
5% of each CPU to SCHED_OTHER, RT throttling stays off, and SCHED_DEADLINE admits sets
up to U = M (its own CBS budgets still throttle a job that overruns its budget).

Calibration: rt-app's own (the fastest of a few short tries when it starts, one CPU
busy) left the loops 1.1 to 1.3 times slower than C in loaded TCG guests. Each boot
instead measures a loop's time once, with every CPU busy as in the experiment
(scripts/guest/rtapp-calibrate.sh: median over 10 ms jobs), and writes it into its
rt-app files; a boot whose calibration fails counts all its runs as failed.

Per run, from rt-app's own logs (one per thread, a line per job: idx perf run period
start end rel_st slack c_duration c_period wu_lat, times in us): jobs, misses (slack <
0), tardiness (-slack of a missed job), response time (end - start + wu_lat). A run is
valid when every thread logged all its jobs and its calibration held: rt-app turns C
into a loop count with the boot's ns per loop, so the work a job does is only as exact
as that measurement under emulation. A thread's typical busy phase is the
median over its jobs of "run" (the wall time of the busy loop) against C; preemption
only lengthens it, so the least of these over the set's threads, the run's work ratio,
shows the speed the loops really ran at. A run whose ratio strays from 1 by more than
CAL_TOLERANCE is rejected as drifted, not counted.
Per point and scheduler: the schedulability ratio (valid sets with no miss) with a 95%
Wilson interval, the miss ratio, the tardiness, and the analytic ratio of the same sets
(schedulability.py: p-rm, p-edf, and GFB for global EDF).
"""
import math
import shlex
import statistics
from pathlib import Path

import schedulability
import taskset

# name: (taskset.py's kind of rt-app file, partitioning (None: unpinned), policy attached)
SCHEDULERS = {
    "rm": ("fifo-rm", schedulability.partitioned_rm, None),
    "pedf": ("mapped-deadline", schedulability.partitioned_edf, "edf"),
    "gedf": ("mapped-deadline", None, "gedf"),
    "gdl": ("deadline", None, None),
    "gdl-d": ("deadline", None, None),
}
# SCHED_DEADLINE budgets of D (taskset.dl_budget with no margin)
BUDGET_D = ("gdl-d",)
LABELS = {"rm": "P-RM (SCHED_FIFO, rate-monotonic)", "pedf": "P-EDF (bpf edf)",
          "gedf": "G-EDF (bpf gedf)",
          "gdl": "G-EDF (SCHED_DEADLINE)", "gdl-d": "G-EDF (SCHED_DEADLINE, budget D)"}
# The analytic test that matches each scheduler (schedulability.TESTS)
ANALYTIC = {"rm": "p-rm", "pedf": "p-edf", "gedf": "g-edf-gfb", "gdl": "g-edf-gfb",
            "gdl-d": "g-edf-gfb"}
NOT_OFFERED = {
    "pdl": "partitioned SCHED_DEADLINE needs exclusive cpusets, and the guest kernels "
           "have no CONFIG_CPUSETS",
}
PEDF_PRIORITY = 50
# The boot's calibration of rt-app's loop (scripts/guest/rtapp-calibrate.sh), and its
# output, "ns_per_loop N"
CALIBRATE = "rtapp-calibrate.sh"
CALIBRATION = "calibration.txt"
SETS_DIR = "sets"          # in EVAL_DIR, and under the guest's plan folder
RT_RUNTIME = "/proc/sys/kernel/sched_rt_runtime_us"
WILSON_Z = 1.959964        # 95%
# rt-app 1.0 log columns
LOG_FIELDS = ("idx", "perf", "run", "period", "start", "end", "rel_st", "slack",
              "c_duration", "c_period", "wu_lat")


def check_schedulers(names):
    for name in names:
        if name in NOT_OFFERED:
            raise ValueError(f"scheduler '{name}' is not offered: {NOT_OFFERED[name]}")
        if name not in SCHEDULERS:
            raise ValueError(f"unknown scheduler '{name}' ({', '.join(SCHEDULERS)})")


def set_params(cpus):
    """How the sets are drawn: taskset.py's defaults for M CPUs (2M..4M tasks, periods
    10..100 ms in whole ms, C >= 100 us)."""
    return taskset.SetParams(tasks_min=2 * cpus, tasks_max=4 * cpus)


def draw_sets(s):
    """{util per CPU: [record]}: each set's tasks, jobs per task, the partition of each
    partitioned scheduler (None: it does not partition) and the analytic verdicts."""
    cpus, params = s["CPUS"], set_params(s["CPUS"])
    points = {}
    for u in s["SCHED_UTILS"]:
        total = round(float(u) * cpus, 6)
        records = []
        for ts in taskset.sets_for_point(total, s["SCHED_SETS"], s["SCHED_SEED"], params):
            tasks = list(ts.tasks)
            jobs = taskset.job_counts(tasks, s["SCHED_JOBS"])
            runs = {}
            for sched in s["SCHEDULERS"]:
                kind, partition, _ = SCHEDULERS[sched]
                where = partition(tasks, cpus, s["PARTITION"]) if partition else None
                runnable = partition is None or where is not None
                runs[sched] = {"partition": where,
                               "file": f"{ts.name}.{sched}.json" if runnable else None}
            records.append({
                "name": ts.name, "util_per_cpu": u, "util_target": total, "util": float(taskset.utilization(tasks)),
                "seed": ts.seed, "n": len(tasks),
                "tasks": [{"name": taskset.thread_name(i), "C_us": t.C, "T_us": t.T,
                           "D_us": t.D, "jobs": j} for i, (t, j) in enumerate(zip(tasks, jobs))],
                "horizon_us": taskset.horizon(tasks, s["SCHED_JOBS"]),
                "analytic": schedulability.verdicts(tasks, cpus,
                                                    schedulability.tests_for(s["PARTITION"])),
                "runs": runs})
        points[u] = records
    return points


def rtapp_files(plan):
    """{path in EVAL_DIR: rt-app configuration} of every run of every set."""
    files = {}
    for record in plan.get("sets", []):
        ts = taskset.TaskSet(record["util_target"], 0, record["seed"],
                             taskset.tasks_of(record), ())
        for sched, run in record["runs"].items():
            if run["file"]:
                conf = taskset.rtapp_config(
                    ts, SCHEDULERS[sched][0], plan["settings"]["SCHED_JOBS"],
                    run["partition"], basename=run["file"].removesuffix(".json"),
                    dl_margin=None if sched in BUDGET_D else float(plan["settings"]["DL_MARGIN"]))
                # The record's jobs are what the logs must hold
                assert [th["phases"]["jobs"]["loop"] for th in conf["tasks"].values()] == \
                    [t["jobs"] for t in record["tasks"]]
                files[f"{SETS_DIR}/{run['file']}"] = conf
    return files


def rtapp_step(record, sched, u, guest, guest_sets):
    run = record["runs"][sched]
    base = run["file"].removesuffix(".json")
    conf = f"{guest_sets}/{run['file']}"
    policy = SCHEDULERS[sched][2]
    step = {"id": base, "kind": "rtapp", "sched": sched, "set": record["name"],
            "util_per_cpu": u, "logs": base}
    if policy:
        step["attach"] = shlex.join(["rtsched", "attach", f"{guest.policies}/{policy}.bpf.o"])
        step["detach"] = shlex.join(["rtsched", "detach"])
        words = ["rtsched", "run", "--fifo", str(PEDF_PRIORITY), "--map-deadline", "--",
                 "rt-app", conf]
    else:
        words = ["rt-app", conf]
    step["measure"] = {"command": shlex.join(words), "output": f"{base}.out"}
    return step


def make_runs(s, facts, guest, rotate):
    """The experiment's runs, one boot per utilization point, and its sets."""
    points = draw_sets(s)
    kernel, cpus = s["SCHED_KERNEL"], s["CPUS"]
    guest_sets = f"{guest.plan_dir}/{SETS_DIR}"
    servers = [f"{guest.fair_server}/cpu{c}/runtime" for c in range(cpus)]
    runs, sets = [], []
    for u, records in points.items():
        name = f"sched-u{float(u):.2f}"
        steps = [{"id": "guest", "kind": "guest", "release": facts["release"], "cpus": cpus,
                  "output": "guest.env"}]
        steps += [{"id": f"fair-server-off-cpu{c}", "kind": "write", "path": p, "value": "0"}
                  for c, p in enumerate(servers)]
        steps.append({"id": "rt-throttling-off", "kind": "write", "path": RT_RUNTIME,
                      "value": "-1"})
        steps.append({"id": "calibrate", "kind": "calibrate", "measure": {
            "command": shlex.join(["sh", f"{guest.scenarios}/{CALIBRATE}", str(cpus),
                                   guest_sets]),
            "output": CALIBRATION}})
        files, budget = [], 0
        for i, record in enumerate(records):
            for sched in rotate(s["SCHEDULERS"], i):
                if record["runs"][sched]["file"]:
                    steps.append(rtapp_step(record, sched, u, guest, guest_sets))
                    files.append(f"{SETS_DIR}/{record['runs'][sched]['file']}")
                    # rt-app's calibration and start, then the jobs, slowed by emulation
                    budget += 20 + 3 * record["horizon_us"] / 1e6
        steps.append({"id": "rt-throttling-restore", "kind": "restore", "path": RT_RUNTIME})
        steps += [{"id": f"fair-server-restore-cpu{c}", "kind": "restore", "path": p}
                  for c, p in enumerate(servers)]
        runs.append({"name": name, "round": 1, "kernel": kernel, "vcpus": cpus,
                     "timeout_s": math.ceil(budget) + 300, "script": f"{guest.plan_dir}/{name}.sh",
                     "commands": "commands.txt", "steps": steps,
                     "files": [[f, f"{guest.plan_dir}/{f}"] for f in files],
                     "what": f"schedulability, U = {float(u):.2f} x {cpus} CPUs, "
                             f"{len(records)} sets"})
        sets += records
    return runs, sets


# Statistics

def parse_log(text):
    """The jobs of an rt-app 1.0 thread log as dicts of LOG_FIELDS, or None when a line
    does not parse."""
    jobs = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words = line.split()
        if len(words) != len(LOG_FIELDS):
            return None
        try:
            jobs.append(dict(zip(LOG_FIELDS, map(int, words))))
        except ValueError:
            return None
    return jobs


def run_result(results, step, record, tolerance):
    """What one rt-app run of a set left: status (ok, drifted, failed: why) and its
    jobs, misses, tardiness and response times."""
    out = {"set": record["name"], "sched": step["sched"], "util_per_cpu": step["util_per_cpu"],
           "jobs": 0, "misses": 0, "max_tardiness_us": 0, "tardiness_sum_us": 0,
           "max_response_us": 0, "response_sum_us": 0, "work_ratio": None}
    typical = []
    for task in record["tasks"]:
        logs = sorted(Path(results).glob(f"{step['logs']}-{task['name']}-*.log"))
        jobs = parse_log(logs[0].read_text(errors="replace")) if logs else None
        if jobs is None or len(jobs) != task["jobs"]:
            got = "no log" if not logs else "unparsed" if jobs is None else len(jobs)
            return {**out, "status": f"failed: {task['name']} logged {got} of "
                                     f"{task['jobs']} jobs"}
        for job in jobs:
            response = job["end"] - job["start"] + job["wu_lat"]
            out["jobs"] += 1
            out["response_sum_us"] += response
            out["max_response_us"] = max(out["max_response_us"], response)
            if job["slack"] < 0:
                out["misses"] += 1
                out["tardiness_sum_us"] -= job["slack"]
                out["max_tardiness_us"] = max(out["max_tardiness_us"], -job["slack"])
        typical.append(statistics.median(job["run"] / task["C_us"] for job in jobs))
    out["work_ratio"] = min(typical)
    drifted = abs(out["work_ratio"] - 1) > tolerance
    return {**out, "status": "drifted" if drifted else "ok"}


def ns_per_loop(path):
    """The calibration a boot measured and wrote into its rt-app files, or None."""
    try:
        words = path.read_text().split()
    except OSError:
        return None
    if len(words) == 2 and words[0] == "ns_per_loop" and words[1].isdigit():
        return int(words[1])
    return None


def wilson(k, n, z=WILSON_Z):
    """95% Wilson score interval of a proportion k/n; (None, None) when n is 0."""
    if not n:
        return None, None
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    # At k = 0 and k = n the bounds are 0 and 1 exactly, not a rounding away from them
    return (0.0 if k == 0 else centre - half), (1.0 if k == n else centre + half)


def summarize(eval_dir, plan):
    """{"runs": a row per set and scheduler, "points": a row per point and scheduler}."""
    s = plan["settings"]
    records = {r["name"]: r for r in plan.get("sets", [])}
    rows, calibrations = [], {}
    for run in plan["runs"]:
        results = Path(eval_dir) / "runs" / run["name"] / "results"
        steps = [st for st in run["steps"] if st["kind"] == "rtapp"]
        if not steps:
            continue
        ns = ns_per_loop(results / CALIBRATION)
        calibrations[run["name"]] = ns
        for step in steps:
            row = run_result(results, step, records[step["set"]], float(s["CAL_TOLERANCE"]))
            if ns is None:
                row["status"] = "failed: the boot's calibration did not run"
            rows.append(row)
    # A set that does not partition has no run under that scheduler: not schedulable
    rows += [{"set": record["name"], "sched": sched, "util_per_cpu": record["util_per_cpu"],
              "status": "unpartitioned", "jobs": 0, "misses": 0}
             for record in records.values()
             for sched, r in record["runs"].items() if not r["file"]]
    points = []
    for u in s["SCHED_UTILS"]:
        for sched in s["SCHEDULERS"]:
            mine = [r for r in rows if r["util_per_cpu"] == u and r["sched"] == sched]
            valid = [r for r in mine if r["status"] in ("ok", "unpartitioned")]
            good = sum(r["status"] == "ok" and r["misses"] == 0 for r in valid)
            ok = [r for r in valid if r["status"] == "ok"]
            jobs = sum(r["jobs"] for r in ok)
            lo, hi = wilson(good, len(valid))
            sets = [records[r["set"]] for r in mine]
            points.append({
                "util_per_cpu": float(u), "util_total": float(u) * s["CPUS"], "sched": sched,
                "sets": len(mine), "valid": len(valid), "schedulable": good,
                "ratio": good / len(valid) if valid else None, "ci_low": lo, "ci_high": hi,
                "unpartitioned": sum(r["status"] == "unpartitioned" for r in mine),
                "drifted": sum(r["status"] == "drifted" for r in mine),
                "failed": sum(r["status"].startswith("failed") for r in mine),
                "jobs": jobs, "misses": sum(r["misses"] for r in ok),
                "miss_ratio": sum(r["misses"] for r in ok) / jobs if jobs else None,
                "max_tardiness_us": max((r["max_tardiness_us"] for r in ok), default=None),
                "mean_tardiness_us": (sum(r["tardiness_sum_us"] for r in ok) / jobs
                                      if jobs else None),
                "mean_response_us": (sum(r["response_sum_us"] for r in ok) / jobs
                                     if jobs else None),
                "work_ratio_min": min((r["work_ratio"] for r in mine
                                       if r.get("work_ratio") is not None), default=None),
                "work_ratio_max": max((r["work_ratio"] for r in mine
                                       if r.get("work_ratio") is not None), default=None),
                "analytic": ANALYTIC[sched],
                "analytic_ratio": (sum(rec["analytic"][ANALYTIC[sched]] for rec in sets)
                                   / len(sets) if sets else None)})
    return {"runs": rows, "points": points, "ns_per_loop": calibrations}


CSV_FIELDS = ("util_per_cpu", "util_total", "sched", "sets", "valid", "schedulable", "ratio",
              "ci_low", "ci_high", "analytic", "analytic_ratio", "unpartitioned", "drifted",
              "failed", "jobs", "misses", "miss_ratio", "max_tardiness_us",
              "mean_tardiness_us", "mean_response_us", "work_ratio_min", "work_ratio_max")
