# The schedulability experiment: the share of task sets with no missed deadline (95%
# Wilson interval) beside the analytic test's share of the same sets, and the maximum
# tardiness, against utilization per CPU; one colour per scheduler (plots.py substitutes
# the dollar names).
set multiplot layout 1,2 title 'random task sets under rt-app ($accel)' noenhanced
set grid
set key below font ',8' maxrows 3
set xlabel 'utilization per CPU'
set xrange [0.45:1.05]
set ylabel 'schedulable sets (ratio)'
set yrange [-0.05:1.05]
set title 'schedulability ratio'
plot $ratio
set ylabel 'max tardiness (ms)'
set yrange [0:*]
set title 'maximum tardiness of the sets run'
plot $tardiness
unset multiplot
