"""python3 -m evaluation COMMAND (with scripts/ on PYTHONPATH; scripts/eval.sh runs it):

  plan --builds DIR --policies DIR EVAL_DIR   EVAL_DIR/plan.json and plan/ from the
                                              variables of make eval; prints the runs
  stats EVAL_DIR                              summary.json and summary.csv
  report EVAL_DIR                             report.md and plots/
"""
import argparse
import sys

from . import plan, report, stats


def main():
    parser = argparse.ArgumentParser(prog="python3 -m evaluation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("plan", help="write the plan (plan.py)")
    p.add_argument("--builds", required=True, help="the kernels' build folders (CACHE/build)")
    p.add_argument("--policies", required=True, help="the built policies (out/policies)")
    p.add_argument("eval_dir")
    sub.add_parser("stats", help="the statistics (stats.py)").add_argument("eval_dir")
    sub.add_parser("report", help="the report (report.py)").add_argument("eval_dir")
    args = parser.parse_args()
    if args.command == "plan":
        try:
            plan.main(args.eval_dir, args.builds, args.policies)
        except plan.PlanError as e:
            sys.exit(f"error: {e}")
    elif args.command == "stats":
        s = stats.write(args.eval_dir)
        print(f"evaluation stats: {len(s['latency'])} configurations -> "
              f"{args.eval_dir}/summary.json, summary.csv", file=sys.stderr)
    else:
        print(f"evaluation report: {report.report(args.eval_dir)}", file=sys.stderr)


main()
