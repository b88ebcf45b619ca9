# The inbox figure of bench/RESULTS.md; bench/inbox calls it with
#   gnuplot -e "dat='…/inbox.dat'; out='…/inbox.png'" bench/inbox.gp
# inbox.dat: block 0 "running wall_ms sequential_ms" (2 000 pipelines, 30 ms),
#            block 1 "latency wall_ms sequential_ms" (2 000 pipelines, 50 running)

set terminal pngcairo size 1400,520 font "DejaVu Sans,11" noenhanced
set output out
set multiplot layout 1,2 title "flowgate inbox: wall time beside the sequential lower bound (bench/RESULTS.md)" font ",13"
set grid
set key top left box opaque
set ylabel "ms"
set logscale y 10

set title "Against running pipelines (2 000 pipelines, 30 ms a request)"
set xlabel "running pipelines (one running run each)"
plot dat index 0 using 1:2 with linespoints lw 2 pt 7 title "flowgate inbox (8 in flight)", \
     dat index 0 using 1:3 with linespoints lw 2 dt 2 pt 5 title "sequential lower bound (requests × latency)"

set title "Against latency (2 000 pipelines, 50 running)"
set xlabel "latency of a request (ms)"
plot dat index 1 using 1:2 with linespoints lw 2 pt 7 title "flowgate inbox (8 in flight)", \
     dat index 1 using 1:3 with linespoints lw 2 dt 2 pt 5 title "sequential lower bound (requests × latency)"

unset multiplot
