"""The evaluation of `make eval`: the plan (plan.py), the statistics (stats.py), the
report (report.py) and its plots (plots.py, with the gnuplot templates *.gp beside it).
Entry point: python3 -m evaluation (__main__.py), run by scripts/eval.sh."""
