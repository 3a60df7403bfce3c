# Every configuration: box p50..p99, whiskers min..p99.9, max a point (plots.py substitutes
# the dollar names).
set logscale y
set grid ytics
set ylabel 'latency (us)'
set xrange [-1:$count]
set xtics rotate by 60 right font ',7' noenhanced
set bmargin 12
set boxwidth 0.5
set key top left
set title 'cyclictest latency, every configuration (box p50..p99, whiskers min..p99.9)'
plot '$data' using 1:3:2:5:4:xtic(7) with candlesticks lw 1.2 title 'min/p50/p99/p99.9', \
  '' using 1:6 with points pt 7 ps 0.6 title 'max'
