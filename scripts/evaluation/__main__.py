"""python3 -m evaluation COMMAND (with scripts/ on PYTHONPATH; scripts/eval.sh runs it):

  plan --builds DIR --policies DIR EVAL_DIR   EVAL_DIR/plan.json and plan/ from the
                                              variables of make eval; prints the runs
  plan-local [options] EVAL_DIR               the plan of a local run (make eval-local):
                                              the kernel this machine runs, executed here
                                              by scripts/guest/eval-local.sh
  merge OUT_DIR EVAL_DIR...                   one evaluation folder of several (a local
                                              run per booted kernel), for stats and report
  stats EVAL_DIR                              summary.json and summary.csv
  report EVAL_DIR                             report.md and plots/
"""
import argparse
import os
import sys
from pathlib import Path

from . import merge, plan, report, stats


def main():
    parser = argparse.ArgumentParser(prog="python3 -m evaluation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("plan", help="write the plan (plan.py)")
    p.add_argument("--builds", required=True, help="the kernels' build folders (CACHE/build)")
    p.add_argument("--policies", required=True, help="the built policies (out/policies)")
    p.add_argument("eval_dir")
    p = sub.add_parser("plan-local", help="write the plan of a local run (plan.py)")
    p.add_argument("--tests-bin", required=True, help="the test programs (out/guest-tests)")
    p.add_argument("--policies", required=True, help="the built policies (out/policies)")
    p.add_argument("--scenarios", required=True, help="the guest scripts (scripts/guest)")
    p.add_argument("--plan-dir", help="where EVAL_DIR/plan is on the machine that runs it "
                                      "(default: here)")
    p.add_argument("--config", help="the kernel's config (default: /boot/config-RELEASE, "
                                    "/proc/config.gz)")
    p.add_argument("--release", help="the kernel's release (default: the running one)")
    p.add_argument("--cpus", type=int, help="the machine's CPUs (default: this one's)")
    p.add_argument("eval_dir")
    p = sub.add_parser("merge", help="merge evaluation folders (merge.py)")
    p.add_argument("out_dir")
    p.add_argument("eval_dirs", nargs="+")
    sub.add_parser("stats", help="the statistics (stats.py)").add_argument("eval_dir")
    sub.add_parser("report", help="the report (report.py)").add_argument("eval_dir")
    args = parser.parse_args()
    try:
        if args.command == "plan":
            plan.main(args.eval_dir, args.builds, args.policies)
        elif args.command == "plan-local":
            here = args.plan_dir is None
            guest = plan.Guest(tests_bin=args.tests_bin, policies=args.policies,
                               scenarios=args.scenarios,
                               plan_dir=args.plan_dir or str(Path(args.eval_dir).resolve() / "plan"))
            p = plan.plan_local(args.eval_dir, os.environ, guest, args.config, args.release,
                                args.cpus, policies_dir=args.policies if here else None)
            print(f"evaluation plan-local: {p['settings']['KERNELS'][0]}, "
                  f"{len(p['runs'])} runs -> {args.eval_dir}/plan/runs.txt", file=sys.stderr)
        elif args.command == "merge":
            merge.merge(args.out_dir, args.eval_dirs)
            print(f"evaluation merge: {len(args.eval_dirs)} folders -> {args.out_dir}",
                  file=sys.stderr)
        elif args.command == "stats":
            s = stats.write(args.eval_dir)
            print(f"evaluation stats: {len(s['latency'])} configurations -> "
                  f"{args.eval_dir}/summary.json, summary.csv", file=sys.stderr)
        else:
            print(f"evaluation report: {report.report(args.eval_dir)}", file=sys.stderr)
    except plan.PlanError as e:
        sys.exit(f"error: {e}")


main()
