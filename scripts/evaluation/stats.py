"""Statistics of an evaluation folder: summary.json and summary.csv.

Reads EVAL_DIR/plan.json (plan.py) and, for each of its runs, EVAL_DIR/runs/RUN/ (one QEMU
boot: run.env and the guest's results/), where each step of the plan left the files it
names; pools, per configuration (kernel, policy, load), the cyclictest histograms of
every CPU and round. A bucket i holds latencies in [i, i+1) us; samples beyond the
histogram range are overflows, counted separately. Percentiles are nearest-rank: the
smallest bucket whose cumulative count reaches ceil(p * samples); one that falls among
the overflows is reported as None ("beyond the range"). min, avg and max come from
cyclictest's own per-thread lines (avg weighted by each thread's samples), so they
include the overflows.
"""
import csv
import json
import math
import re
from pathlib import Path

from . import plan as planner
from . import sched as sched_exp

PERCENTILES = (("p50", 0.50), ("p99", 0.99), ("p99.9", 0.999))
# The ops /proc/sched_bpf counts: program runs that decided something. The program
# also runs once per attach for BPF_SCHED_OP_INIT, which BPF's run_cnt includes.
DECISION_OPS = ("enqueue", "dequeue", "tick")


class Histogram:
    """A latency histogram pooled over threads and runs."""

    def __init__(self, range_us=0):
        self.buckets = {}       # us -> count
        self.overflows = 0
        self.range_us = range_us
        self.min = None
        self.max = None
        self._avg_weight = 0    # sum of avg * samples, and the samples it covers
        self._avg_samples = 0
        self.threads = []       # per-thread samples, for the record

    @property
    def in_range(self):
        return sum(self.buckets.values())

    @property
    def samples(self):
        return self.in_range + self.overflows

    @property
    def avg(self):
        if self._avg_samples:
            return self._avg_weight / self._avg_samples
        n = self.in_range   # no cyclictest lines: bucket mean (a lower bound)
        return sum(us * c for us, c in self.buckets.items()) / n if n else None

    def add(self, other):
        for us, c in other.buckets.items():
            self.buckets[us] = self.buckets.get(us, 0) + c
        self.overflows += other.overflows
        self.range_us = max(self.range_us, other.range_us)
        for attr, pick in (("min", min), ("max", max)):
            mine, theirs = getattr(self, attr), getattr(other, attr)
            if theirs is not None:
                setattr(self, attr, theirs if mine is None else pick(mine, theirs))
        self._avg_weight += other._avg_weight
        self._avg_samples += other._avg_samples
        self.threads += other.threads
        return self

    def percentile(self, p):
        """Nearest-rank percentile in us; None when it lies among the overflows."""
        n = self.samples
        if n == 0:
            return None
        rank = max(1, math.ceil(p * n - 1e-9))
        seen = 0
        for us in sorted(self.buckets):
            seen += self.buckets[us]
            if seen >= rank:
                return us
        return None

    def summary(self):
        out = {"samples": self.samples, "min": self.min, "avg": self.avg}
        for name, p in PERCENTILES:
            out[name] = self.percentile(p)
        out["max"] = self.max
        out["overflows"] = self.overflows
        out["range_us"] = self.range_us
        return out


def _numbers(line):
    return [int(x) for x in re.findall(r"\d+", line.split(":", 1)[1])]


def parse_cyclictest_hist(text, range_us=0):
    """Parses cyclictest -h output (the histfile); returns a pooled Histogram.

    Lines "BUCKET COUNT_T0 COUNT_T1 ..." (empty buckets may be missing), then
    "# Min Latencies: ...", "# Avg Latencies: ...", "# Max Latencies: ...",
    "# Histogram Overflows: ..." with one number per thread.
    """
    h = Histogram(range_us)
    per_thread_in = []
    mins = avgs = maxs = overflows = None
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line[0].isdigit():
            fields = [int(x) for x in line.split()]
            us, counts = fields[0], fields[1:]
            if len(per_thread_in) < len(counts):
                per_thread_in += [0] * (len(counts) - len(per_thread_in))
            for i, c in enumerate(counts):
                per_thread_in[i] += c
            if sum(counts):
                h.buckets[us] = h.buckets.get(us, 0) + sum(counts)
            if us + 1 > h.range_us and not range_us:
                h.range_us = us + 1
        elif line.startswith("# Min Latencies:"):
            mins = _numbers(line)
        elif line.startswith("# Avg Latencies:"):
            avgs = _numbers(line)
        elif line.startswith("# Max Latencies:"):
            maxs = _numbers(line)
        elif line.startswith("# Histogram Overflows:"):
            overflows = _numbers(line)
    nthreads = max(len(per_thread_in), len(overflows or []), len(mins or []))
    per_thread_in += [0] * (nthreads - len(per_thread_in))
    overflows = overflows or [0] * nthreads
    h.overflows = sum(overflows)
    h.threads = [per_thread_in[i] + (overflows[i] if i < len(overflows) else 0)
                 for i in range(nthreads)]
    if mins:
        h.min = min(mins)
    if maxs:
        h.max = max(maxs)
    if avgs and len(avgs) == nthreads:
        h._avg_weight = sum(a * n for a, n in zip(avgs, h.threads))
        h._avg_samples = sum(h.threads)
    return h


def read_env(path):
    env = {}
    try:
        for line in Path(path).read_text(errors="replace").splitlines():
            if "=" in line:
                k, v = line.split("=", 1)
                env.setdefault(k, v)
    except FileNotFoundError:
        pass
    return env


def stock_twin(kernel):
    """The stock kernel a patched kernel is compared with: vanilla-bpf -> vanilla-stock."""
    parts = kernel.split("-")
    if len(parts) >= 2 and parts[1] == "bpf":
        parts[1] = "stock"
        return "-".join(parts)
    return None


def pp_variant(queued):
    """A ping-pong variant's place in an order: the queue lengths, then cross (two CPUs)."""
    return (1, 0) if queued == "cross" else (0, queued)


def pp_order(kernel, state, queued):
    return kernel, state, pp_variant(queued)


def read_pingpong(text):
    """A pingpong output: the switch rate, and the policy's calls and reorderings per
    switch where the guest counted them (policy_calls, policy_reordered lines)."""
    rate = re.search(r"^switches_per_s\s+(\d+)", text, re.M)
    if not rate:
        return None
    count = re.search(r"^switches\s+(\d+)", text, re.M)
    row = {"switches_per_s": int(rate.group(1))}
    for name in ("calls", "reordered"):
        c = re.search(rf"^policy_{name}\s+(\d+)", text, re.M)
        row[f"{name}_per_switch"] = (int(c.group(1)) / int(count.group(1))
                                     if c and count and int(count.group(1)) else None)
    return row


def decisions_counted(status):
    """The decisions /proc/sched_bpf counted since boot, from `rtsched status --json`."""
    total = (status.get("counters") or {}).get("total") or {}
    return sum(int(total.get(op) or 0) for op in DECISION_OPS)


def add_status(acc, before, after):
    """Adds a policy's run, `rtsched status --json` when it was attached (before) and
    when the measurement ended (after), to [run_time_ns, run_cnt, decisions]. The
    program's statistics are its own (a new program per attach); the kernel's counters
    run from boot, so its decisions are their difference."""
    try:
        b, a = json.loads(before), json.loads(after)
        acc[0] += int(a.get("run_time_ns") or 0)
        acc[1] += int(a.get("run_cnt") or 0)
        acc[2] += decisions_counted(a) - decisions_counted(b)
    except (ValueError, TypeError):
        pass


def read_result(folder, name):
    """A result file's text; None where its step left none (it failed, or its run did)."""
    f = Path(folder) / name
    return f.read_text(errors="replace") if f.is_file() else None


# What run.env of a local run says of its machine
LOCAL_MACHINE = ("scenario", "host_cpu", "host_cpus", "cpu_governors", "smt_active")


def collect(eval_dir):
    """The plan, and what its runs left: runs, latency, decisions, pingpong, deadline,
    hand-over samples, program-run samples."""
    eval_dir = Path(eval_dir)
    plan = planner.read(eval_dir)
    latency = {}        # (kernel, policy, load) -> {"hist": Histogram, "rounds": {...}}
    decisions = {}      # (kernel, policy, load) -> [run_time_ns, run_cnt, decisions]
    pingpong = {}       # (kernel, state, queued) -> [{switches_per_s, calls_per_switch, ...}]
    handoffs = {}       # (kernel, state, queued) -> [ns of a sampled hand-over, ...]
    runs_ns = {}        # (kernel, policy, op) -> [ns of one program run, ...]
    deadline = {}       # (kernel, sched, U) -> {"jobs","misses","max_tardiness_us"}
    runs = []
    for run in plan["runs"]:
        kernel, rnd = run["kernel"], run["round"]
        renv = read_env(eval_dir / "runs" / run["name"] / "run.env")
        res = eval_dir / "runs" / run["name"] / "results"

        guest = next(s for s in run["steps"] if s["kind"] == "guest")
        runs.append({"run": run["name"], "round": rnd, "kernel": kernel,
                     "accel": renv.get("accel"), "verdict": renv.get("verdict"),
                     "elapsed_s": renv.get("elapsed_s"),
                     "kernel_release": renv.get("kernel_release"),
                     "guest_uname_v": read_env(res / guest["output"]).get("uname_v"),
                     # A local run's machine (scripts/guest/eval-local.sh)
                     **{k: renv[k] for k in LOCAL_MACHINE if k in renv}})
        # A guest without high-resolution timers measured nothing worth pooling
        if renv.get("verdict") == "apic-timer-calibration":
            continue
        for step in run["steps"]:
            if step["kind"] == "latency":
                text = read_result(res, step["histogram"]["to"])
                if text is None:
                    continue
                key = (kernel, step["state"], step["load"])
                h = parse_cyclictest_hist(text, step["range_us"])
                entry = latency.setdefault(key, {"hist": Histogram(step["range_us"]),
                                                 "rounds": {}})
                entry["hist"].add(h)
                entry["rounds"][rnd] = h.summary()
                if "status" in step:
                    before = read_result(res, step["status_before"]["output"])
                    after = read_result(res, step["status"]["output"])
                    if before is not None and after is not None:
                        add_status(decisions.setdefault(key, [0, 0, 0]), before, after)
            elif step["kind"] == "pingpong":
                text = read_result(res, step["measure"]["output"])
                row = read_pingpong(text) if text is not None else None
                if row:
                    pingpong.setdefault((kernel, step["state"], step["queued"]), []).append(row)
                samples = step["measure"].get("samples")
                text = read_result(res, samples) if samples else None
                if row and text is not None:
                    handoffs.setdefault((kernel, step["state"], step["queued"]), []).extend(
                        int(x) for x in text.split() if x.isdigit())
            elif step["kind"] == "decisions":
                text = read_result(res, step["measure"]["samples"])
                for line in (text or "").splitlines():
                    words = line.split()
                    if len(words) == 2 and words[1].isdigit():
                        runs_ns.setdefault((kernel, step["policy"], words[0]), []).append(
                            int(words[1]))
            elif step["kind"] == "deadline":
                text = read_result(res, step["measure"]["output"])
                if text is None:
                    continue
                tot = re.search(r"^total jobs (\d+) misses (\d+)", text, re.M)
                tard = [int(x) for x in re.findall(r"max_tardiness_us (\d+)", text)]
                d = deadline.setdefault((kernel, step["sched"], float(step["utilization"])),
                                        {"jobs": 0, "misses": 0, "max_tardiness_us": 0,
                                         "runs": 0, "errors": 0})
                if tot:
                    d["jobs"] += int(tot.group(1))
                    d["misses"] += int(tot.group(2))
                    d["max_tardiness_us"] = max([d["max_tardiness_us"]] + tard)
                    d["runs"] += 1
                else:
                    d["errors"] += 1
    return plan, runs, latency, decisions, pingpong, deadline, handoffs, runs_ns


def sample_percentiles(xs):
    """n, mean, p50, p90, p99, p99.9 (nearest rank) and max of samples."""
    xs = sorted(xs)
    n = len(xs)

    def rank(p):
        # as Histogram.percentile: p * n may land a rounding above an integer
        return xs[max(1, math.ceil(p * n - 1e-9)) - 1]
    return {"samples": n, "mean": sum(xs) / n, "p50": rank(0.5), "p90": rank(0.9),
            "p99": rank(0.99), "p99.9": rank(0.999), "max": xs[-1]}


def ns_per_decision(run_time_ns, run_cnt, decisions):
    """run_time_ns / run_cnt, or None when the policy decided nothing (only INIT ran)."""
    return run_time_ns / run_cnt if decisions and run_cnt else None


def mean(xs):
    return sum(xs) / len(xs) if xs else None


def summarize(eval_dir):
    plan, runs, latency, decisions, pingpong, deadline, handoffs, runs_ns = collect(eval_dir)
    configs = []
    load_rank = {load: i for i, load in enumerate(planner.LOADS)}
    policy_rank = {"stock": 0, "none": 1}

    def order(key):
        kernel, policy, load = key
        return (load_rank.get(load, 9), load, kernel, policy_rank.get(policy, 2), policy)
    for (kernel, policy, load), entry in sorted(latency.items(), key=lambda kv: order(kv[0])):
        row = {"kernel": kernel, "policy": policy, "load": load,
               "rounds": len(entry["rounds"])}
        row.update(entry["hist"].summary())
        dec = decisions.get((kernel, policy, load))
        row["ns_per_decision"] = ns_per_decision(*dec) if dec else None
        row["decisions"] = dec[2] if dec else None
        row["per_round"] = {str(r): {k: s[k] for k in ("samples", "p99", "max", "overflows")}
                            for r, s in sorted(entry["rounds"].items())}
        configs.append(row)

    per_decision = []
    by_kp = {}
    for (kernel, policy, load), dec in decisions.items():
        acc = by_kp.setdefault((kernel, policy), [0, 0, 0])
        for i, v in enumerate(dec):
            acc[i] += v
    for (kernel, policy), (ns, cnt, ndec) in sorted(by_kp.items()):
        per_decision.append({"kernel": kernel, "policy": policy, "run_cnt": cnt,
                             "decisions": ndec, "run_time_ns": ns,
                             "ns_per_decision": ns_per_decision(ns, cnt, ndec)})

    def rate(key):
        return mean([x["switches_per_s"] for x in pingpong[key]])

    switches = []
    ratios = []
    for (kernel, state, queued), xs in sorted(pingpong.items(), key=lambda kv: pp_order(*kv[0])):
        row = {"kernel": kernel, "state": state, "queued": queued, "runs": len(xs),
               "switches_per_s": rate((kernel, state, queued)),
               "values": [x["switches_per_s"] for x in xs]}
        for name in ("calls_per_switch", "reordered_per_switch"):
            row[name] = mean([x[name] for x in xs if x[name] is not None])
        switches.append(row)
        twin = stock_twin(kernel)
        if twin and (twin, "stock", queued) in pingpong:
            base = rate((twin, "stock", queued))
            ratios.append({"kernel": kernel, "state": state, "queued": queued, "versus": twin,
                           "ratio": rate((kernel, state, queued)) / base if base else None})

    dl = []
    for (kernel, sched, u), d in sorted(deadline.items()):
        dl.append({"kernel": kernel, "sched": sched, "utilization": u, **d,
                   "miss_ratio": d["misses"] / d["jobs"] if d["jobs"] else None})

    handoff = [{"kernel": kernel, "state": state, "queued": queued,
                **sample_percentiles(xs)}
               for (kernel, state, queued), xs in sorted(handoffs.items(),
                                                         key=lambda kv: pp_order(*kv[0]))
               if xs]
    program_runs = [{"kernel": kernel, "policy": policy, "op": op, **sample_percentiles(xs)}
                    for (kernel, policy, op), xs in sorted(runs_ns.items())]

    return {"environment": plan["environment"], "runs": runs, "latency": configs,
            "overhead": {"ns_per_decision": per_decision, "pingpong": switches,
                         "pingpong_ratios": ratios, "handoff_ns": handoff,
                         "program_run_ns": program_runs},
            "deadline": dl,
            "schedulability": sched_exp.summarize(eval_dir, plan) if plan.get("sets") else None}


CSV_FIELDS = ["kernel", "policy", "load", "rounds", "samples", "min", "avg", "p50", "p99",
              "p99.9", "max", "overflows", "range_us", "ns_per_decision"]


HANDOFF_FIELDS = ["kernel", "state", "queued", "samples", "mean", "p50", "p90", "p99", "p99.9",
                  "max"]
PROGRAM_RUN_FIELDS = ["kernel", "policy", "op", "samples", "mean", "p50", "p90", "p99",
                      "p99.9", "max"]


def fmt_csv(row, key):
    v = row.get(key)
    if v is None:
        return f">{row['range_us']}" if key in ("p50", "p99", "p99.9") and row.get("samples") else ""
    if isinstance(v, float):
        return f"{v:.1f}"
    return v


def write_csv(path, fields, rows, fmt_float):
    """rows (dicts) as a CSV of fields, floats through fmt_float, None empty; nothing
    when there is no row."""
    if not rows:
        return
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(fields)
        for row in rows:
            w.writerow(["" if row[k] is None else fmt_float(row[k])
                        if isinstance(row[k], float) else row[k] for k in fields])


def write(eval_dir):
    eval_dir = Path(eval_dir)
    summary = summarize(eval_dir)
    (eval_dir / "summary.json").write_text(json.dumps(summary, indent=1, sort_keys=False) + "\n")
    with open(eval_dir / "summary.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_FIELDS)
        for row in summary["latency"]:
            w.writerow([fmt_csv(row, k) for k in CSV_FIELDS])
    write_csv(eval_dir / "handoff.csv", HANDOFF_FIELDS, summary["overhead"]["handoff_ns"],
              lambda v: f"{v:.1f}")
    write_csv(eval_dir / "program_runs.csv", PROGRAM_RUN_FIELDS,
              summary["overhead"]["program_run_ns"], lambda v: f"{v:.1f}")
    if summary["schedulability"]:
        write_csv(eval_dir / "schedulability.csv", sched_exp.CSV_FIELDS,
                  summary["schedulability"]["points"], lambda v: f"{v:.4g}")
    return summary
