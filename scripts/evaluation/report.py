"""Report of an evaluation folder: report.md and plots/ (plots.py), after the statistics
(stats.py) wrote summary.json. Settings and commands are quoted from plan.json."""
import json
import shutil
from pathlib import Path

from . import plan as planner
from . import plots as plotting
from . import sched as sched_exp
from . import stats


def fmt(v, digits=0, none="-"):
    if v is None:
        return none
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def pct(r, k):
    v = r.get(k)
    if v is None and r.get("samples"):
        return f">{r.get('range_us')}"
    return fmt(v)


EMULATED = ("tcg", "icount")


def machine_note(accels):
    """What the numbers are worth, by where the kernels ran: run.env's accel, QEMU's
    accelerator (tcg, icount, kvm) or a local run's machine (bare-metal, kvm, vm, ...)."""
    if accels == ["bare-metal"]:
        return ("**Machine: bare metal.** The kernels ran on the machine itself (make "
                "eval-local): the latencies are this hardware's under the loads below; "
                "frequency scaling and SMT (Environment) still shape them.\n")
    if accels == ["kvm"]:
        return ("**Accelerator: KVM.** The kernels ran under hardware virtualisation: "
                "latencies include the host's scheduling of the vCPU threads, but are "
                "of the right order for the hardware; compare configurations within "
                "this run, and confirm absolute numbers on bare metal.\n")
    if accels and all(a in EMULATED for a in accels):
        return (f"**Accelerator: {', '.join(accels)}.** The guests ran in QEMU "
                "software emulation (TCG" + (", icount" if "icount" in accels else "") +
                "): the latencies below are emulator artefacts (translation, host "
                "scheduling of the emulator threads), tens to thousands of times those of "
                "real hardware. Only the comparison of configurations within this one run "
                "(ratios, orderings, the shape of the curves) carries meaning; do not read "
                "the absolute numbers as kernel latencies.\n")
    return (f"**Machines: {', '.join(accels) or 'unknown'}.** "
            + ("The runs ran on different kinds of machine: compare configurations only "
               "among runs of one kind. " if len(accels) > 1 else
               "The kernels ran in a virtual machine or container of this kind "
               "(systemd-detect-virt, or the kernel's view): latencies include the host's "
               "scheduling of its CPUs. ")
            + ("Emulated runs (tcg, icount) give emulator artefacts, not kernel latencies."
               if any(a in EMULATED for a in accels) else "") + "\n")


def distinct(plan, pick):
    """The distinct strings pick(step) yields over every step of the plan, in plan order."""
    seen = {}
    for run in plan["runs"]:
        for step in run["steps"]:
            for x in pick(step):
                seen.setdefault(x, None)
    return list(seen)


def quoted(xs, none="none"):
    return ", ".join(f"`{x}`" for x in xs) or none


def commands_of(kind, part):
    """A pick for distinct(): the command of a part (measure, status) of the steps of a kind."""
    return lambda s: [s[part]["command"]] if s["kind"] == kind and part in s else []


def schedulability_section(plan, summary, drawn):
    """The schedulability experiment's section (scripts/evaluation/sched.py)."""
    res, s = summary.get("schedulability"), plan["settings"]
    if not res:
        return []
    L = ["## Schedulability\n"]
    L.append(f"{s['SCHED_SETS']} random task sets per point (UUniFast-Discard, "
             f"{2 * s['CPUS']} to {4 * s['CPUS']} tasks, periods 10 to 100 ms, implicit "
             f"deadlines, seed {s['SCHED_SEED']}; every task runs for {s['SCHED_JOBS']} "
             f"periods of the set's longest), on {s['SCHED_KERNEL']} with {s['CPUS']} vCPUs, "
             "each set under each scheduler with rt-app. Reservations for every scheduler: "
             "fair server runtime 0 on every CPU, kernel.sched_rt_runtime_us -1 (no RT "
             "throttling; SCHED_DEADLINE admits up to U = M). A set is schedulable when no "
             "job missed its deadline; a set a partitioned scheduler cannot partition counts "
             "as not schedulable; a run whose work ratio (shortest busy phase per thread, "
             f"summed, against the sum of C) strays from 1 by more than {s['CAL_TOLERANCE']} "
             "is rejected (drifted) and left out. Interval: 95% Wilson. Analytic: the same "
             "sets by the matching test (p-rm: FFD + response-time analysis; p-edf: FFD + "
             "U <= 1; g-edf-gfb: GFB, sufficient only). Not offered: "
             + "; ".join(f"{k}: {v}" for k, v in sched_exp.NOT_OFFERED.items()) + ". Commands "
             "(one of each):\n")
    seen = {}
    for run in plan["runs"]:
        for st in run["steps"]:
            if st["kind"] == "rtapp" and st["sched"] not in seen:
                seen[st["sched"]] = st["measure"]["command"]
    L += [f"- {sched_exp.LABELS[k]}: `{v}`" for k, v in seen.items()]
    L.append("")
    L.append("| U/CPU | scheduler | sets | schedulable | ratio [95% CI] | analytic | "
             "unpartitioned | drifted | failed | jobs | miss ratio | max tardiness (µs) | "
             "work ratio |")
    L.append("| ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | "
             "---: | --- |")
    for p in res["points"]:
        ci = (f"{fmt(p['ratio'], 2)} [{fmt(p['ci_low'], 2)}, {fmt(p['ci_high'], 2)}]"
              if p["ratio"] is not None else "-")
        wr = (f"{p['work_ratio_min']:.3f}..{p['work_ratio_max']:.3f}"
              if p["work_ratio_min"] is not None else "-")
        L.append(f"| {p['util_per_cpu']:.2f} | {sched_exp.LABELS[p['sched']]} | {p['sets']} | "
                 f"{p['schedulable']}/{p['valid']} | {ci} | "
                 f"{p['analytic']} {fmt(p['analytic_ratio'], 2)} | {p['unpartitioned']} | "
                 f"{p['drifted']} | {p['failed']} | {p['jobs']} | {fmt(p['miss_ratio'], 4)} | "
                 f"{fmt(p['max_tardiness_us'])} | {wr} |")
    L.append("")
    if any(f.suffix == ".png" for f in drawn):
        L.append("![schedulability ratio and tardiness against utilization]"
                 "(plots/schedulability.png)\n")
    L.append("Per set and scheduler: `summary.json` (schedulability.runs), the rt-app files "
             "in `sets/`, the logs in `runs/sched-uU/results/`.\n")
    return L


def report(eval_dir):
    eval_dir = Path(eval_dir)
    summary = json.loads((eval_dir / "summary.json").read_text())
    plan = planner.read(eval_dir)
    settings, env = plan["settings"], plan["environment"]
    plots = eval_dir / "plots"
    if plots.exists():
        shutil.rmtree(plots)
    plots.mkdir()
    latency = stats.collect(eval_dir)[2]
    hists = plotting.hist_plots(plots, latency)
    box = plotting.box_plot(plots, summary)
    ppp = plotting.pingpong_plot(plots, summary)
    dlp = plotting.deadline_plot(plots, summary)
    attach = distinct(plan, lambda s: [s["attach"]] if "attach" in s else [])
    detach = distinct(plan, lambda s: [s["detach"]] if "detach" in s else [])

    runs = summary["runs"]
    accels = sorted({r["accel"] for r in runs if r.get("accel")})
    bad = [r for r in runs if not (r.get("verdict") or "").startswith("exit-0")]
    L = []
    L.append(f"# bpf-rtsched evaluation {eval_dir.name}\n")
    L.append(machine_note(accels))
    if bad:
        L.append("**Failed runs:** " + ", ".join(
            f"{r['run']} ({r.get('verdict')})" for r in bad) +
            ". Their configurations have fewer rounds or are missing; see runs/*/console.log, "
            "runs/*/results/output and runs/*/results/commands.txt.\n")

    have = {(r["kernel"], r["policy"], r["load"]) for r in summary["latency"]}
    missing = list(dict.fromkeys(
        f"{run['kernel']}/{s['state']}/{s['load']}" for run in plan["runs"] for s in run["steps"]
        if s["kind"] == "latency" and (run["kernel"], s["state"], s["load"]) not in have))
    if missing:
        L.append("**Missing configurations** (no histogram in any round; a policy that "
                 "did not attach, or a failed run): " + ", ".join(missing) + ".\n")
    L.append("## Environment\n")
    L.append("| | |\n| --- | --- |")
    for k, title in (("host_cpu", "host CPU"), ("host_cpus", "host cores"),
                     ("host_kernel", "host kernel"), ("git_commit", "commit"),
                     ("started", "started (UTC)")):
        L.append(f"| {title} | {env.get(k, '?')} |")
    L.append(f"| machine (run.env: QEMU's accelerator, or a local run's machine) | "
             f"{', '.join(accels)} |")
    local = {(r.get("kernel"), r.get("host_cpu"), r.get("host_cpus"), r.get("cpu_governors"),
              r.get("smt_active")) for r in runs if r.get("scenario") == "eval-local"}
    for kernel, cpu, cores, governors, smt in sorted(local, key=str):
        L.append(f"| local run of {kernel} | {cpu}, {cores} CPUs, frequency governors "
                 f"{governors}, SMT active: {smt} |")
    L.append(f"| guest vCPUs | {settings['CPUS']} |")
    L.append(f"| cyclictest | {quoted(distinct(plan, commands_of('latency', 'measure')))} "
             f"per configuration and round ({settings['DURATION']} s nominal) |")
    L.append(f"| rounds | {settings['ROUNDS']} (kernel and step order rotate each round) |")
    L.append(f"| loads | {' '.join(settings['LOADS'])} |")
    L.append(f"| policies | {' '.join(settings['POLICIES'])} |")
    L.append("")
    L.append("| kernel | release | config sha256 | patched | PREEMPT_RT |\n| --- | --- | --- | --- | --- |")
    for k, facts in plan["kernels"].items():
        L.append(f"| {k} | {facts['release']} | {facts['config_sha256']} | "
                 f"{'yes' if facts['patched'] else 'no'} | {'yes' if facts['preempt_rt'] else 'no'} |")
    L.append("")
    loads = [f"`{load}` " + quoted(distinct(plan, lambda s, load=load: [s["background"]["command"]]
                                            if s["kind"] == "latency" and s["load"] == load
                                            and "background" in s else []))
             for load in settings["LOADS"]]
    L.append("Loads, in the background of each latency measurement (files on tmpfs): "
             + "; ".join(loads) + ". Policy `stock` is an unpatched kernel, `none` the "
             "patched kernel with no policy attached; the policies are attached with "
             f"{quoted(attach)} and detached with {quoted(detach)}.\n")

    L.append("## Latency\n")
    L.append("Pooled over every CPU and round; µs. Percentiles are nearest-rank over the "
             "1 µs histogram buckets; `>R` means the percentile lies beyond the histogram "
             "range R (an overflow). cyclictest skips the periods a thread overran, so "
             f"sample counts differ where latencies exceed the {planner.INTERVAL_US} µs interval.\n")
    L.append("| kernel | policy | load | rounds | samples | min | avg | p50 | p99 | p99.9 | max | overflows |")
    L.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in summary["latency"]:
        L.append(f"| {r['kernel']} | {r['policy']} | {r['load']} | {r['rounds']} | {r['samples']} | "
                 f"{fmt(r['min'])} | {fmt(r['avg'], 1)} | {pct(r, 'p50')} | {pct(r, 'p99')} | "
                 f"{pct(r, 'p99.9')} | {fmt(r['max'])} | {r['overflows']} |")
    L.append("")
    for load, files in hists.items():
        png = [f for f in files if f.suffix == ".png"]
        if png:
            L.append(f"![latency histograms, load {load}](plots/{png[0].name})\n")
    if any(f.suffix == ".png" for f in box):
        L.append("![all configurations](plots/latency-box.png)\n")

    # The kernel settings the plan writes, by step id: "`PATH` = VALUE"
    writes = {s["id"]: f"`{s['path']}` = {s['value']}"
              for run in plan["runs"] for s in run["steps"] if s["kind"] == "write"}
    ov = summary["overhead"]
    L.append("## Overhead\n")
    if ov["ns_per_decision"]:
        L.append(f"ns per decision: BPF run-time statistics (on: {writes['bpf-stats-on']}; "
                 "`run_time_ns / run_cnt` from "
                 f"{quoted(distinct(plan, commands_of('latency', 'status')))}) "
                 "over every call (enqueue, dequeue, tick, and the one `BPF_SCHED_OP_INIT` "
                 "per attach) during the cyclictest runs. `decisions`: the calls "
                 "`/proc/sched_bpf` counted; `-` where the policy decided nothing (a policy "
                 "is called only for the ops it declared; the pick never calls it).\n")
        L.append("| kernel | policy | decisions | ns per decision |\n| --- | --- | ---: | ---: |")
        for d in ov["ns_per_decision"]:
            L.append(f"| {d['kernel']} | {d['policy']} | {d['decisions']} | "
                     f"{fmt(d['ns_per_decision'], 0)} |")
        L.append("")
    if ov["pingpong"]:
        L.append("Context-switch throughput: `tests/guest/pingpong CPU SECONDS QUEUED` (two "
                 "SCHED_FIFO threads on the CPU handing a futex token back and forth, idle "
                 f"system, BPF run-time statistics off: {writes['bpf-stats-off']}), "
                 "mean over rounds; the plan ran "
                 f"{quoted(distinct(plan, commands_of('pingpong', 'measure')))}. "
                 "Policies are attached as in the latency runs, so that they order these "
                 "threads. `queued`: lower-priority SCHED_FIFO threads kept runnable on the "
                 "CPU, in the policy's order of that runqueue all along; `cross`: CPU -1, "
                 "the two threads free to run on every CPU, which stock placement gives "
                 "one each, so that each hand-over wakes a thread on the other CPU (gedf "
                 "too: its placement checks run at each). `calls/switch`: the "
                 "policy's program runs on the CPU per switch; `reordered/switch`: tasks "
                 "the policy's order put before others (placements and picks). Ratio: "
                 "against the stock kernel of the same preemption model.\n")
        ratios = {(x["kernel"], x["state"], x["queued"]): x for x in ov["pingpong_ratios"]}
        L.append("| kernel | state | queued | runs | switches/s | calls/switch | "
                 "reordered/switch | ratio vs stock |\n"
                 "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for p in sorted(ov["pingpong"],
                        key=lambda p: (stats.pp_variant(p["queued"]), p["kernel"])):
            rr = ratios.get((p["kernel"], p["state"], p["queued"]))
            L.append(f"| {p['kernel']} | {p['state']} | {p['queued']} | {p['runs']} | "
                     f"{fmt(p['switches_per_s'], 0)} | {fmt(p['calls_per_switch'], 2)} | "
                     f"{fmt(p['reordered_per_switch'], 2)} | "
                     f"{fmt(rr['ratio'], 3) if rr else '-'} |")
        L.append("")
        if any(f.suffix == ".png" for f in ppp):
            L.append("![context-switch rate against queued tasks](plots/pingpong.png)\n")
    if ov.get("handoff_ns"):
        L.append("Hand-over time, sampled: every 64th hand-over from one player to the "
                 "other, from just before the wake-up call to the woken thread running "
                 "(the wake-up, the waker going to sleep, the pick, the switch), in ns of "
                 "the guest's clock, pooled over rounds (`handoff.csv`; the raw samples "
                 "are `runs/RUN/results/pingpong-*.samples`). Percentiles are nearest-rank.\n")
        L.append("| kernel | state | queued | samples | mean | p50 | p90 | p99 | p99.9 | max |\n"
                 "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for h in sorted(ov["handoff_ns"],
                        key=lambda h: (stats.pp_variant(h["queued"]), h["kernel"])):
            L.append(f"| {h['kernel']} | {h['state']} | {h['queued']} | {h['samples']} | "
                     f"{fmt(h['mean'], 0)} | {h['p50']} | {h['p90']} | {h['p99']} | "
                     f"{h['p99.9']} | {h['max']} |")
        L.append("")
    if ov.get("program_run_ns"):
        L.append("Program runs, sampled: each op a policy declares, run "
                 f"{planner.DECISION_SAMPLES} times through BPF_PROG_TEST_RUN, one run per "
                 "call, about a task whose clock and deadline move with each call "
                 f"({quoted(distinct(plan, commands_of('decisions', 'measure')))}): the "
                 "program and its context copy as the kernel times them, not the "
                 "scheduler's bookkeeping around a decision (`program_runs.csv`).\n")
        L.append("| kernel | policy | op | samples | mean | p50 | p90 | p99 | p99.9 | max |\n"
                 "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in ov["program_run_ns"]:
            L.append(f"| {r['kernel']} | {r['policy']} | {r['op']} | {r['samples']} | "
                     f"{fmt(r['mean'], 0)} | {r['p50']} | {r['p90']} | {r['p99']} | "
                     f"{r['p99.9']} | {r['max']} |")
        L.append("")
    L.append("## Deadlines\n")
    if summary["deadline"]:
        L.append("Utilization sweep on the last vCPU with `tests/guest/taskset`: tasks a "
                 "and b with the shares of test-edf's U=0.95 set, scaled to each "
                 f"utilization, fair server off on that CPU ({writes['fair-server-off']}). "
                 "fifo: rate-monotonic SCHED_FIFO priorities; edf: the same threads with "
                 "`--params` under the edf policy; SCHED_DEADLINE: `--deadline-class` "
                 "(runtime C+10%; not pinned, so the kernel's global EDF may use every "
                 "vCPU, unlike the other two). The plan ran:\n")
        L += [f"- `{c}`" for c in distinct(plan, commands_of("deadline", "measure"))]
        L.append("")
        L.append("| kernel | scheduler | U | jobs | misses | miss ratio | max tardiness (µs) |")
        L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for d in summary["deadline"]:
            L.append(f"| {d['kernel']} | {plotting.DL_NAMES.get(d['sched'], d['sched'])} | "
                     f"{d['utilization']:.2f} | {d['jobs']} | {d['misses']} | "
                     f"{fmt(d['miss_ratio'], 3)} | {d['max_tardiness_us']}"
                     f"{' (' + str(d['errors']) + ' failed)' if d['errors'] else ''} |")
        L.append("")
        if any(f.suffix == ".png" for f in dlp):
            L.append("![deadline sweep](plots/deadline.png)\n")
    else:
        L.append("No deadline sweep in this run (no patched kernel, or DL_SECONDS=0).\n")

    L += schedulability_section(plan, summary, plotting.schedulability_plot(plots, summary))

    L.append("## Runs\n")
    L.append("| run | kernel | accel | verdict | elapsed (s) |\n| --- | --- | --- | --- | ---: |")
    for r in runs:
        L.append(f"| {r['run']} | {r['kernel']} | {r.get('accel')} | {r.get('verdict')} | {r.get('elapsed_s')} |")
    L.append("")
    L.append("Files: `plan.json` (every setting and command line, run by run and step by "
             "step), `plan/RUN.sh` (the lines each guest executed), `summary.json`, "
             "`summary.csv`, `plots/` (PNG, SVG, gnuplot scripts and data), `runs/RUN/` "
             "(run.env, console.log, results/ with `commands.txt`, each line the guest ran "
             "and its exit status, and the raw cyclictest histograms "
             "`lat-LOAD-POLICY.hist`).\n")
    (eval_dir / "report.md").write_text("\n".join(L))
    return eval_dir / "report.md"
