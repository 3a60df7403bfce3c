# OSADL-style latency histograms of load $load: a panel per preemption model, a line per
# kernel flavour and policy (plots.py substitutes the dollar names).
set multiplot layout $panels,1
set logscale y
set yrange [0.8:*]
set grid
set xlabel 'latency (us)'
set ylabel 'samples per $width us'
set key top right
set style data steps
$plots
unset multiplot
