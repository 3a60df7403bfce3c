"""The report's plots: data files and the gnuplot templates beside this file (*.gp,
string.Template with $names), each rendered to plots/NAME.gp and drawn as PNG and SVG.

  latency-hist-LOAD   OSADL-style latency histograms (log y), one panel per preemption
                      model (vanilla, PREEMPT_RT), one line per kernel flavour and policy
  latency-box         every configuration: box p50..p99, whiskers min..p99.9, max point
  pingpong            context-switch rate against the number of queued tasks
  deadline            deadline-miss ratio and maximum tardiness against utilization
  schedulability      schedulable task sets (95% CI) and the analytic share, and the
                      maximum tardiness, against utilization per CPU, per scheduler
"""
import subprocess
import sys
from pathlib import Path
from string import Template

from . import plan as planner
from . import sched as sched_exp

TEMPLATES = Path(__file__).resolve().parent
TERMINALS = (("png", "pngcairo size {w},{h} font 'sans,9'"),
             ("svg", "svg size {w},{h} dynamic font 'sans,9'"))
DL_NAMES = {"fifo": "fifo (RM priorities)", "edf": "edf (--params)", "dl": "SCHED_DEADLINE"}


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


def gnuplot(plots, name, template, values, w=900, h=500):
    """Renders the template TEMPLATE.gp with values as plots/NAME.gp, kept next to its
    data, and runs it once per terminal; returns the files written."""
    script = Template((TEMPLATES / f"{template}.gp").read_text()).substitute(values)
    (plots / f"{name}.gp").write_text(script)
    out = []
    for ext, term in TERMINALS:
        path = plots / f"{name}.{ext}"
        full = f"set terminal {term.format(w=w, h=h)}\nset output '{path.name}'\nload '{name}.gp'\n"
        proc = subprocess.run(["gnuplot"], input=full, text=True, cwd=plots,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if proc.returncode != 0 or not path.exists():
            print(f"evaluation report: gnuplot {name}.{ext} failed:\n{proc.stdout}", file=sys.stderr)
            continue
        out.append(path)
    return out


def hist_plots(plots, latency):
    """One figure per load; a panel per preemption model; a line per configuration.
    latency: stats.collect's {(kernel, policy, load): {"hist": Histogram, ...}}."""
    written = {}
    loads = sorted({k[2] for k in latency}, key=planner.LOADS.index)
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
                        f"{h.samples} samples, {h.overflows} overflows beyond {h.range_us} us)\n")
                bins = {}
                for us, c in h.buckets.items():
                    bins[us // width * width] = bins.get(us // width * width, 0) + c
                for us in sorted(bins):
                    f.write(f"{us} {bins[us]}\n")
            panels.setdefault(model_name(kernel), []).append(
                (fname, label(kernel, policy), h.overflows))
        panel_lines = []
        for title, lines in sorted(panels.items(), reverse=True):
            panel_lines.append(f"set title \"{title}, load {load}\" noenhanced")
            parts = [f"'{fn}' using 1:2 title \"{t}{' (' + str(o) + ' overflows)' if o else ''}\""
                     f" noenhanced lw 1.2" for fn, t, o in lines]
            panel_lines.append("plot " + ", \\\n  ".join(parts))
        written[load] = gnuplot(plots, f"latency-hist-{load}", "latency-hist",
                                {"load": load, "panels": len(panels), "width": width,
                                 "plots": "\n".join(panel_lines)},
                                w=900, h=330 * len(panels))
    return written


def box_plot(plots, summary):
    rows = summary["latency"]
    if not rows:
        return []
    data = "latency-box.dat"
    with open(plots / data, "w") as f:
        f.write("# x min p50 p99 p99.9 max label\n")
        for i, r in enumerate(rows):
            rng = r.get("range_us") or 0

            def v(k):
                x = r.get(k)
                return x if x is not None else rng
            f.write(f"{i} {v('min')} {v('p50')} {v('p99')} {v('p99.9')} {v('max')} "
                    f"\"{r['kernel']} {r['policy']} {r['load']}\"\n")
    return gnuplot(plots, "latency-box", "latency-box", {"count": len(rows), "data": data},
                   w=max(700, 28 * len(rows) + 200), h=520)


def pingpong_plot(plots, summary):
    # Against the queue's length: the cross-CPU variant has no place on that axis
    pp = [p for p in summary["overhead"]["pingpong"]
          if p["switches_per_s"] and isinstance(p["queued"], int)]
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
    return gnuplot(plots, "pingpong", "pingpong", {"plots": ", \\\n  ".join(parts)},
                   w=700, h=420)


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
    return gnuplot(plots, "deadline", "deadline",
                   {"misses": ", \\\n  ".join(miss), "tardiness": ", \\\n  ".join(tard)},
                   w=1000, h=420)


def schedulability_plot(plots, summary):
    """Schedulability ratio (95% Wilson interval) and the analytic ratio of the same sets,
    and the maximum tardiness, against utilization per CPU: a line per scheduler."""
    sched = summary.get("schedulability")
    if not sched:
        return []
    series = {}
    for p in sched["points"]:
        series.setdefault(p["sched"], []).append(p)
    ratio, tard = [], []
    for colour, (name, pts) in enumerate(series.items(), 1):
        fn = f"schedulability-{name}.dat"
        with open(plots / fn, "w") as f:
            f.write("# util_per_cpu ratio ci_low ci_high analytic_ratio max_tardiness_us\n")
            for p in sorted(pts, key=lambda p: p["util_per_cpu"]):
                row = [p["util_per_cpu"], p["ratio"], p["ci_low"], p["ci_high"],
                       p["analytic_ratio"], p["max_tardiness_us"]]
                f.write(" ".join("NaN" if v is None else str(v) for v in row) + "\n")
        t = sched_exp.LABELS[name]
        test = sched_exp.ANALYTIC[name]
        ratio.append(f"'{fn}' using 1:2:3:4 with yerrorlines linecolor {colour} "
                     f"title \"{t}\" noenhanced")
        ratio.append(f"'{fn}' using 1:5 with lines linecolor {colour} dashtype 2 "
                     f"title \"{test} (analytic)\" noenhanced")
        tard.append(f"'{fn}' using 1:($6/1000) with linespoints linecolor {colour} "
                    f"title \"{t}\" noenhanced")
    accels = sorted({r["accel"] for r in summary["runs"] if r.get("accel")})
    return gnuplot(plots, "schedulability", "schedulability",
                   {"ratio": ", \\\n  ".join(ratio), "tardiness": ", \\\n  ".join(tard),
                    "accel": ", ".join(accels) or "unknown accelerator"},
                   w=1100, h=480)
