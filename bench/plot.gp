# The figure of bench/RESULTS.md; bench/run calls it with
#   gnuplot -e "datadir='…'; out='…/results.png'; rss_version=MB" bench/plot.gp
# console.dat:    jobs paint_ms rtt_ms own_ms rss_mb key_j_us key_a_us key_j_all_us
# console_ir.dat: jobs instructions_to_first_paint_M (callgrind)
# cli.dat:     op curl_ms flowgate_ms node_ms

set terminal pngcairo size 1400,1000 font "DejaVu Sans,11" noenhanced
set output out
set multiplot layout 2,2 title "flowgate benchmarks (bench/RESULTS.md)" font ",14"
set grid
set key top left box opaque
con = datadir . "/console.dat"
conir = datadir . "/console_ir.dat"
cli = datadir . "/cli.dat"
set logscale x 10
set xlabel "jobs in the run"
set xrange [5:20000]

# Linear growth through the 1 000-job point, to read the curves against.
stats con using ($1 == 1000 ? $4 : 1/0) nooutput name "K"
own1k = K_max

set title "Console: exec → first painted gates screen (median)"
set ylabel "ms"
set logscale y 10
set yrange [0.2:5000]
set y2label "million instructions (callgrind)"
set logscale y2 10
set y2range [5:3000]
set y2tics
plot con using 1:2 with linespoints lw 2 pt 7 title "first paint", \
     con using 1:3 with linespoints lw 2 pt 5 title "round trip (curl, same request)", \
     con using 1:4 with linespoints lw 2 pt 9 title "flowgate's own (first paint − round trip)", \
     own1k * x / 1000 with lines dt 2 lc rgb "gray40" title "linear growth", \
     conir using 1:2 axes x1y2 with linespoints lw 2 dt 3 pt 4 lc rgb "black" title "instructions to first paint (right axis)"
unset y2tics
unset y2label
unset logscale y2
set autoscale y

set title "Console: peak RSS (median of 3; linear axes, so linear growth is a straight line)"
set ylabel "MB"
unset logscale y
unset logscale x
set xrange [0:10500]
set yrange [0:*]
plot con using 1:5 with linespoints lw 2 pt 7 title "peak RSS", \
     rss_version with lines dt 2 lc rgb "gray40" title "flowgate --version (the libraries)", \
     10 with lines dt 3 lw 2 lc rgb "red" title "target at 10 000 jobs"
set autoscale y
set logscale x 10
set xrange [5:20000]

set title "Console: key → repaint (median)"
set ylabel "µs"
set logscale y 10
plot con using 1:6 with linespoints lw 2 pt 7 title "j/k in the gates list", \
     con using 1:7 with linespoints lw 2 pt 5 title "a: gates ↔ every job (list rebuilt)", \
     con using 1:8 with linespoints lw 2 pt 9 title "j/k in the list of every job"

set title "Command line: one request, end to end (median wall time)"
unset logscale x
unset xlabel
set xrange [-0.5:1.5]
set ylabel "ms (log)"
set logscale y 10
set yrange [1:*]
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set key top left
plot cli using 2:xtic(1) title "curl (floor, unsigned)", \
     cli using 3 title "flowgate", \
     cli using 4 title "Node.js @alicloud/openapi-client"

unset multiplot
