# Context-switch rate against the number of queued threads, a line per kernel and state
# (plots.py substitutes the dollar names).
set grid
set key bottom left
set xlabel 'lower-priority RT threads queued on the CPU'
set ylabel 'switches per second'
set title 'context-switch rate against runqueue length'
set yrange [0:*]
plot $plots
