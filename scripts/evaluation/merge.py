"""Several evaluation folders as one: a local run per booted kernel (make eval-local on a
stock, then on a bpf-rtsched kernel) becomes one folder that stats and report read like a
QEMU evaluation of those kernels.

The folders must have run the same settings but for the kernels: a comparison across
durations, loads or task sets would mean nothing. Their runs keep their names (each
holds its kernel's), their results are copied, the plans' kernels, runs and task sets
are joined in the order given; two folders that measured one kernel, or drew the same
task sets, are refused.
"""
import json
import shutil
from pathlib import Path

from . import plan as planner

# Settings that name what was measured rather than how (a stock kernel's local run has
# no schedulability experiment)
PER_FOLDER = ("KERNELS", "SCHED_KERNEL", "EXPERIMENTS")


def merge(out_dir, eval_dirs):
    out = Path(out_dir)
    if out.exists():
        raise planner.PlanError(f"merge: {out} exists; name a new folder")
    plans = []
    for d in map(Path, eval_dirs):
        if not (d / "plan.json").is_file():
            raise planner.PlanError(f"merge: {d} holds no plan.json (not an evaluation folder)")
        plans.append((d, planner.read(d)))
    first_dir, first = plans[0]
    merged = {"settings": dict(first["settings"]),
              "environment": {**first["environment"],
                              "merged_from": [str(d) for d, _ in plans],
                              "environments": [p["environment"] for _, p in plans]},
              "kernels": {}, "runs": [], "sets": []}
    merged["settings"]["KERNELS"] = []
    merged["settings"]["EXPERIMENTS"] = [e for e in planner.EXPERIMENTS
                                         if any(e in p["settings"]["EXPERIMENTS"]
                                                for _, p in plans)]
    for d, p in plans:
        for key, value in p["settings"].items():
            if key not in PER_FOLDER and value != first["settings"].get(key):
                raise planner.PlanError(f"merge: {d} ran {key}={value}, {first_dir} "
                                        f"{first['settings'].get(key)}: not comparable")
        for name, facts in p["kernels"].items():
            if name in merged["kernels"]:
                raise planner.PlanError(f"merge: kernel {name} is in two folders "
                                        f"(one folder per booted kernel)")
            merged["kernels"][name] = facts
        merged["settings"]["KERNELS"] += [k for k in p["settings"]["KERNELS"]
                                          if k not in merged["settings"]["KERNELS"]]
        names = {r["name"] for r in merged["runs"]}
        if any(r["name"] in names for r in p["runs"]) or \
                {s["name"] for s in p["sets"]} & {s["name"] for s in merged["sets"]}:
            raise planner.PlanError(f"merge: {d} repeats runs or task sets of another folder "
                                    "(run the schedulability experiment on one kernel only)")
        merged["runs"] += p["runs"]
        merged["sets"] += p["sets"]
    with_sets = [p for _, p in plans if p["sets"]]
    if with_sets:
        merged["settings"]["SCHED_KERNEL"] = with_sets[0]["settings"]["SCHED_KERNEL"]
    out.mkdir(parents=True)
    for d, p in plans:
        for run in p["runs"]:
            src = d / "runs" / run["name"]
            if src.is_dir():
                shutil.copytree(src, out / "runs" / run["name"])
        if (d / "sets").is_dir():
            shutil.copytree(d / "sets", out / "sets", dirs_exist_ok=True)
    (out / "plan.json").write_text(json.dumps(merged, indent=1) + "\n")
    return merged
