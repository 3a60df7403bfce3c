#!/usr/bin/env python3
"""Report of an evaluation folder: report.md and plots/ (PNG and SVG, gnuplot).

  eval_report.py EVAL_DIR     (after eval_stats.py wrote EVAL_DIR/summary.json)

Plots:
  latency-hist-LOAD   OSADL-style latency histograms (log y), one panel per preemption
                      model (vanilla, PREEMPT_RT), one line per kernel flavour and policy
  latency-box         every configuration: box p50..p99, whiskers min..p99.9, max point
  pingpong            context-switch rate against the number of queued tasks
  deadline            deadline-miss ratio and maximum tardiness against utilization
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eval_stats  # noqa: E402

TERMINALS = (("png", "pngcairo size {w},{h} font 'sans,9'"),
             ("svg", "svg size {w},{h} dynamic font 'sans,9'"))


def label(kernel, policy):
    """Line label inside a preemption-model panel."""
    flavour = kernel.split("-")[1] if "-" in kernel else kernel
    if policy == "stock":
        return f"{flavour}"
    if policy == "none":
        return f"{flavour}, detached"
    return f"{flavour} + {policy}"


def model_name(kernel):
    return "PREEMPT_RT" if kernel.startswith("rt") else "vanilla (PREEMPT_VOLUNTARY)"


def gnuplot(plots, name, script, w=900, h=500):
    """Runs a gnuplot script once per terminal; returns the files written. The script
    itself is kept as NAME.gp (without terminal) next to its data."""
    (plots / f"{name}.gp").write_text(script + "\n")
    out = []
    for ext, term in TERMINALS:
        path = plots / f"{name}.{ext}"
        full = f"set terminal {term.format(w=w, h=h)}\nset output '{path.name}'\nload '{name}.gp'\n"
        proc = subprocess.run(["gnuplot"], input=full, text=True, cwd=plots,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if proc.returncode != 0 or not path.exists():
            print(f"eval_report: gnuplot {name}.{ext} failed:\n{proc.stdout}", file=sys.stderr)
            continue
        out.append(path)
    return out


def hist_plots(eval_dir, plots, summary):
    """One figure per load; a panel per preemption model; a line per configuration."""
    env = summary["environment"]
    range_us = int(env.get("hist_us", "0") or 0)
    _, _, latency, _, _, _ = eval_stats.collect(eval_dir)
    written = {}
    loads = sorted({k[2] for k in latency}, key=["idle", "cpu", "mixed"].index
                   if all(k[2] in ("idle", "cpu", "mixed") for k in latency) else None)
    top = max((max(e["hist"].buckets, default=0) for e in latency.values()), default=0)
    width = 1 if top <= 500 else 10 if top <= 5000 else 100
    for load in loads:
        panels = {}
        for (kernel, policy, l), entry in sorted(latency.items()):
            if l != load:
                continue
            h = entry["hist"]
            fname = f"hist-{load}-{kernel}-{policy}.dat"
            with open(plots / fname, "w") as f:
                f.write(f"# latency_us samples  ({kernel}, {policy}, {load}; "
                        f"{h.samples} samples, {h.overflows} overflows beyond {range_us} us)\n")
                bins = {}
                for us, c in h.buckets.items():
                    bins[us // width * width] = bins.get(us // width * width, 0) + c
                for us in sorted(bins):
                    f.write(f"{us} {bins[us]}\n")
            panels.setdefault(model_name(kernel), []).append(
                (fname, label(kernel, policy), h.overflows))
        if not panels:
            continue
        script = ["set multiplot layout %d,1" % len(panels),
                  "set logscale y", "set yrange [0.8:*]", "set grid",
                  "set xlabel 'latency (us)'", f"set ylabel 'samples per {width} us'",
                  "set key top right", "set style data steps"]
        for title, lines in sorted(panels.items(), reverse=True):
            script.append(f"set title \"{title}, load {load}\" noenhanced")
            parts = [f"'{fn}' using 1:2 title \"{t}{' (' + str(o) + ' overflows)' if o else ''}\""
                     f" noenhanced lw 1.2" for fn, t, o in lines]
            script.append("plot " + ", \\\n  ".join(parts))
        script.append("unset multiplot")
        written[load] = gnuplot(plots, f"latency-hist-{load}", "\n".join(script),
                                w=900, h=330 * len(panels))
    return written


def box_plot(plots, summary):
    rows = summary["latency"]
    if not rows:
        return []
    with open(plots / "latency-box.dat", "w") as f:
        f.write("# x min p50 p99 p99.9 max label\n")
        for i, r in enumerate(rows):
            rng = r.get("range_us") or 0

            def v(k):
                x = r.get(k)
                return x if x is not None else rng
            f.write(f"{i} {v('min')} {v('p50')} {v('p99')} {v('p99.9')} {v('max')} "
                    f"\"{r['kernel']} {r['policy']} {r['load']}\"\n")
    script = f"""
set logscale y
set grid ytics
set ylabel 'latency (us)'
set xrange [-1:{len(rows)}]
set xtics rotate by 60 right font ',7' noenhanced
set bmargin 12
set boxwidth 0.5
set key top left
set title 'cyclictest latency, every configuration (box p50..p99, whiskers min..p99.9)'
plot 'latency-box.dat' using 1:3:2:5:4:xtic(7) with candlesticks lw 1.2 title 'min/p50/p99/p99.9', \\
  '' using 1:6 with points pt 7 ps 0.6 title 'max'
"""
    return gnuplot(plots, "latency-box", script, w=max(700, 28 * len(rows) + 200), h=520)


def pingpong_plot(plots, summary):
    pp = [p for p in summary["overhead"]["pingpong"] if p["switches_per_s"]]
    if len({p["queued"] for p in pp}) < 2:
        return []
    series = {}
    for p in pp:
        series.setdefault((p["kernel"], p["state"]), []).append((p["queued"], p["switches_per_s"]))
    parts = []
    for (kernel, state), pts in sorted(series.items()):
        fn = f"pingpong-{kernel}-{state}.dat"
        with open(plots / fn, "w") as f:
            f.write("# queued switches_per_s\n")
            for n, rate in sorted(pts):
                f.write(f"{n} {rate}\n")
        parts.append(f"'{fn}' using 1:2 with linespoints title \"{state} ({kernel})\" noenhanced")
    script = ("set grid\nset key bottom left\n"
              "set xlabel 'lower-priority RT threads queued on the CPU'\n"
              "set ylabel 'switches per second'\n"
              "set title 'context-switch rate against runqueue length'\nset yrange [0:*]\n"
              "plot " + ", \\\n  ".join(parts))
    return gnuplot(plots, "pingpong", script, w=700, h=420)


DL_NAMES = {"fifo": "fifo (RM priorities)", "edf": "edf (--params)", "dl": "SCHED_DEADLINE"}


def deadline_plot(plots, summary):
    dl = summary["deadline"]
    if not dl:
        return []
    series = {}
    for d in dl:
        series.setdefault((d["kernel"], d["sched"]), []).append(d)
    miss, tard = [], []
    for (kernel, sched), pts in sorted(series.items()):
        fn = f"deadline-{kernel}-{sched}.dat"
        with open(plots / fn, "w") as f:
            f.write("# utilization miss_ratio max_tardiness_us jobs misses\n")
            for d in sorted(pts, key=lambda d: d["utilization"]):
                mr = d["miss_ratio"] if d["miss_ratio"] is not None else "NaN"
                f.write(f"{d['utilization']} {mr} {d['max_tardiness_us']} {d['jobs']} {d['misses']}\n")
        t = f"{DL_NAMES.get(sched, sched)}, {kernel}"
        miss.append(f"'{fn}' using 1:2 with linespoints title \"{t}\" noenhanced")
        tard.append(f"'{fn}' using 1:($3/1000) with linespoints title \"{t}\" noenhanced")
    script = ("set multiplot layout 1,2\nset grid\nset key top left font ',8'\n"
              "set xlabel 'utilization'\nset xrange [0.45:1.05]\n"
              "set ylabel 'deadline-miss ratio'\nset yrange [0:*]\n"
              "set title 'missed deadlines'\nplot " + ", \\\n  ".join(miss) + "\n"
              "set ylabel 'max tardiness (ms)'\nset title 'maximum tardiness'\nplot "
              + ", \\\n  ".join(tard) + "\nunset multiplot\n")
    return gnuplot(plots, "deadline", script, w=1000, h=420)


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


def report(eval_dir):
    eval_dir = Path(eval_dir)
    summary = json.loads((eval_dir / "summary.json").read_text())
    env = summary["environment"]
    plots = eval_dir / "plots"
    if plots.exists():
        shutil.rmtree(plots)
    plots.mkdir()
    hists = hist_plots(eval_dir, plots, summary)
    box = box_plot(plots, summary)
    ppp = pingpong_plot(plots, summary)
    dlp = deadline_plot(plots, summary)

    runs = summary["runs"]
    accels = sorted({r["accel"] for r in runs if r.get("accel")})
    bad = [r for r in runs if not (r.get("verdict") or "").startswith("exit-0")]
    L = []
    L.append(f"# bpf-rtsched evaluation {eval_dir.name}\n")
    if accels == ["kvm"]:
        L.append("**Accelerator: KVM.** The guests ran under hardware virtualisation: "
                 "latencies include the host's scheduling of the vCPU threads, but are "
                 "of the right order for the hardware; compare configurations within "
                 "this run, and confirm absolute numbers on bare metal.\n")
    else:
        L.append(f"**Accelerator: {', '.join(accels) or 'unknown'}.** The guests ran in QEMU "
                 "software emulation (TCG" + (", icount" if "icount" in accels else "") +
                 "): the latencies below are emulator artefacts (translation, host "
                 "scheduling of the emulator threads), tens to thousands of times those of "
                 "real hardware. Only the comparison of configurations within this one run "
                 "(ratios, orderings, the shape of the curves) carries meaning; do not read "
                 "the absolute numbers as kernel latencies.\n")
    if bad:
        L.append("**Failed runs:** " + ", ".join(
            f"{r['run']} ({r.get('verdict')})" for r in bad) +
            ". Their configurations have fewer rounds or are missing; see runs/*/console.log "
            "and runs/*/results/output.\n")

    have = {(r["kernel"], r["policy"], r["load"]) for r in summary["latency"]}
    missing = []
    for k in env.get("kernels", "").split():
        states = (["none"] + env.get("policies", "").split()
                  if env.get(f"kernel_{k}.patched") == "yes" else ["stock"])
        missing += [f"{k}/{s}/{l}" for l in env.get("loads", "").split() for s in states
                    if (k, s, l) not in have]
    if missing:
        L.append("**Missing configurations** (no histogram in any round; a policy that "
                 "did not attach, or a failed run): " + ", ".join(missing) + ".\n")
    L.append("## Environment\n")
    L.append("| | |\n| --- | --- |")
    for k, title in (("host_cpu", "host CPU"), ("host_cpus", "host cores"),
                     ("host_kernel", "host kernel"), ("git_commit", "commit"),
                     ("started", "started (UTC)")):
        L.append(f"| {title} | {env.get(k, '?')} |")
    L.append(f"| QEMU accelerator (run.env) | {', '.join(accels)} |")
    L.append(f"| guest vCPUs | {env.get('guest_cpus', '?')} |")
    L.append(f"| cyclictest | `{env.get('cyclictest', '?')}` per configuration and round "
             f"({env.get('duration_s', '?')} s nominal) |")
    L.append(f"| rounds | {env.get('rounds', '?')} (kernel and job order rotate each round) |")
    L.append(f"| loads | {env.get('loads', '?')} |")
    L.append(f"| policies | {env.get('policies', '?')} |")
    L.append("")
    L.append("| kernel | release | config sha256 | patched | PREEMPT_RT |\n| --- | --- | --- | --- | --- |")
    for k in env.get("kernels", "").split():
        L.append(f"| {k} | {env.get(f'kernel_{k}.release', '?')} | "
                 f"{env.get(f'kernel_{k}.config_sha256', '?')} | "
                 f"{env.get(f'kernel_{k}.patched', '?')} | {env.get(f'kernel_{k}.preempt_rt', '?')} |")
    L.append("")
    L.append("Loads: `idle` nothing; `cpu` `stress-ng --cpu N` (every vCPU); `mixed` "
             "`stress-ng --hdd 1 --hdd-bytes 16m --io 1 --vm 1 --vm-bytes 64m --get 1 --pipe 1` "
             "(I/O, memory, syscalls; files on tmpfs). Policy `stock` is an unpatched kernel, "
             "`none` the patched kernel with no policy attached.\n")

    L.append("## Latency\n")
    L.append("Pooled over every CPU and round; µs. Percentiles are nearest-rank over the "
             "1 µs histogram buckets; `>R` means the percentile lies beyond the histogram "
             "range R (an overflow). cyclictest skips the periods a thread overran, so "
             "sample counts differ where latencies exceed the 200 µs interval.\n")
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

    ov = summary["overhead"]
    L.append("## Overhead\n")
    if ov["ns_per_decision"]:
        L.append("ns per decision: BPF run-time statistics (`kernel.bpf_stats_enabled=1`, "
                 "`run_time_ns / run_cnt` from `rtsched status --json`) over every call "
                 "(enqueue, dequeue, tick, and the one `BPF_SCHED_OP_INIT` "
                 "per attach) during the cyclictest runs. `decisions`: the calls "
                 "`/proc/sched_bpf` counted; `-` where the policy decided nothing (a policy "
                 "is called only for the ops it declared; the pick never calls it).\n")
        L.append("| kernel | policy | decisions | ns per decision |\n| --- | --- | ---: | ---: |")
        for d in ov["ns_per_decision"]:
            L.append(f"| {d['kernel']} | {d['policy']} | {d['decisions']} | "
                     f"{fmt(d['ns_per_decision'], 0)} |")
        L.append("")
    if ov["pingpong"]:
        L.append("Context-switch throughput: `tests/guest/pingpong` (two SCHED_FIFO threads "
                 "on CPU 0 handing a futex token back and forth, idle system, BPF run-time "
                 "statistics off), mean over rounds. Policies are attached with "
                 "`--scope all`, so that they order these threads. `queued`: lower-priority "
                 "SCHED_FIFO threads kept runnable on CPU 0, in the policy's tree of that "
                 "runqueue all along. `calls/switch`: the policy's program runs on CPU 0 per "
                 "switch; `reordered/switch`: picks whose task the policy's order changed. "
                 "Ratio: against the stock kernel of the same preemption model.\n")
        ratios = {(x["kernel"], x["state"], x["queued"]): x for x in ov["pingpong_ratios"]}
        L.append("| kernel | state | queued | runs | switches/s | calls/switch | "
                 "reordered/switch | ratio vs stock |\n"
                 "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for p in sorted(ov["pingpong"], key=lambda p: (p["queued"], p["kernel"])):
            rr = ratios.get((p["kernel"], p["state"], p["queued"]))
            L.append(f"| {p['kernel']} | {p['state']} | {p['queued']} | {p['runs']} | "
                     f"{fmt(p['switches_per_s'], 0)} | {fmt(p['calls_per_switch'], 2)} | "
                     f"{fmt(p['reordered_per_switch'], 2)} | "
                     f"{fmt(rr['ratio'], 3) if rr else '-'} |")
        L.append("")
        if any(f.suffix == ".png" for f in ppp):
            L.append("![context-switch rate against queued tasks](plots/pingpong.png)\n")
    L.append("## Deadlines\n")
    if summary["deadline"]:
        L.append("Utilization sweep on the last vCPU with `tests/guest/taskset`: tasks "
                 "a:C:50 ms and b:C:80 ms with the shares of test-edf's U=0.95 set, scaled "
                 f"to each utilization, {env.get('dl_seconds', '?')} s per set, fair server off "
                 "on that CPU. fifo: rate-monotonic SCHED_FIFO priorities; edf: the same "
                 "threads with `--params` under the edf policy; SCHED_DEADLINE: "
                 "`--deadline-class` (runtime C+10%; not pinned, so the kernel's global EDF "
                 "may use every vCPU, unlike the other two).\n")
        L.append("| kernel | scheduler | U | jobs | misses | miss ratio | max tardiness (µs) |")
        L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for d in summary["deadline"]:
            L.append(f"| {d['kernel']} | {DL_NAMES.get(d['sched'], d['sched'])} | {d['utilization']:.2f} | "
                     f"{d['jobs']} | {d['misses']} | {fmt(d['miss_ratio'], 3)} | "
                     f"{d['max_tardiness_us']}{' (' + str(d['errors']) + ' failed)' if d['errors'] else ''} |")
        L.append("")
        if any(f.suffix == ".png" for f in dlp):
            L.append("![deadline sweep](plots/deadline.png)\n")
    else:
        L.append("No deadline sweep in this run (no patched kernel, or DL_SECONDS=0).\n")

    L.append("## Runs\n")
    L.append("| run | kernel | accel | verdict | elapsed (s) |\n| --- | --- | --- | --- | ---: |")
    for r in runs:
        L.append(f"| {r['run']} | {r['kernel']} | {r.get('accel')} | {r.get('verdict')} | {r.get('elapsed_s')} |")
    L.append("")
    L.append("Files: `summary.json`, `summary.csv`, `plots/` (PNG, SVG, gnuplot scripts and "
             "data), `runs/rROUND-KERNEL/` (run.env, console.log, results/ with the raw "
             "cyclictest histograms `lat-LOAD-POLICY.hist`).\n")
    (eval_dir / "report.md").write_text("\n".join(L))
    return eval_dir / "report.md"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: eval_report.py EVAL_DIR")
    path = report(sys.argv[1])
    print(f"eval_report: {path}", file=sys.stderr)
