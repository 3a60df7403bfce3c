# The deadline sweep: miss ratio and maximum tardiness against utilization, a line per
# kernel and scheduler (plots.py substitutes the dollar names).
set multiplot layout 1,2
set grid
set key top left font ',8'
set xlabel 'utilization'
set xrange [0.45:1.05]
set ylabel 'deadline-miss ratio'
set yrange [0:*]
set title 'missed deadlines'
plot $misses
set ylabel 'max tardiness (ms)'
set title 'maximum tardiness'
plot $tardiness
unset multiplot
