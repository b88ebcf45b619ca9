#!/bin/bash
# The help in a terminal too short for it scrolls: j and k by a line, PgDn and PgUp by a page,
# g and G to the ends, the title saying which lines show; any other key closes it and does
# nothing else. Where the whole help fits, every key closes it, as before.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

mock_start basic

SCREEN_COLS=60 SCREEN_LINES=10 screen_run short --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key ?
dump top
key j
dump down
key PgDn
dump page-down
key G
dump end
key j
dump end-again
key PgUp
dump page-up
key g
dump first
key k
dump first-again
key r
dump closed
key ?
dump reopened
key q
dump q-closed
key ?
key G
resize 80 30
dump tall
resize 60 10
dump end-kept
resize 80 30
key j
dump tall-closed
SCRIPT
is "$SCREEN_RC" 0 "the script ran to its end: q closed the help and did not quit"
screen_is top "in 60x10 the help shows its first lines, says which, and how to scroll"
like "$(screen_text down)" "Keys, lines 2-8 of 29" "j scrolls one line down"
screen_is page-down "PgDn scrolls a page down"
screen_is end "G shows the last lines"
is "$(screen_text end-again)" "$(screen_text end)" "j at the end stays there"
like "$(screen_text page-up)" "Keys, lines 16-22 of 29" "PgUp scrolls a page up"
is "$(screen_text first)" "$(screen_text top)" "g goes back to the first lines"
is "$(screen_text first-again)" "$(screen_text top)" "k at the top stays there"
screen_is closed "any other key closes the help and does nothing else: r asks nothing"
like "$(screen_text reopened)" "Keys, lines 1-7 of 29" "the help opens at its first lines again"
unlike "$(screen_text q-closed)" "Keys" "q closes the help"
like "$(screen_text tall)" "Any key closes this help" "grown tall enough, the help shows all of it"
like "$(screen_text end-kept)" "Keys, lines 23-29 of 29" "and short again, the lines it was scrolled to"
unlike "$(screen_text tall-closed)" "Keys" "and then j closes it"
is "$(mock_count method=POST)" 0 "nothing was sent"

SCREEN_COLS=60 SCREEN_LINES=10 screen_run readonly --pipeline 101 --run 7 --readonly <<'SCRIPT'
wait-idle
key ?
dump readonly-top
key G
dump readonly-end
SCRIPT
like "$(screen_text readonly-top)" "Keys, lines 1-7 of 30.*Read-only \(--readonly\)" "read-only, the notice is the help's first line"
like "$(screen_text readonly-end)" "Keys, lines 24-30 of 30.*P +Open the pipeline picker" "and the last line is the last key"

# A text longer than its column wraps under it, whole, continuation rows under the text; the
# scrolling counts the wrapped rows, so G shows the last row of the last entry.
for size in 80x24 40x10; do
	SCREEN_COLS=${size%x*} SCREEN_LINES=${size#*x} screen_run "wrap-$size" --pipeline 101 --run 7 <<-SCRIPT
	wait-idle
	key ?
	key G
	dump wrap-end-${size%x*}
	SCRIPT
	screen_is "wrap-end-${size%x*}" "$size: G shows the end of the help, long texts wrapped whole"
done
# The text of a dump of run $1, its rows joined.
flat() { SCREEN_DIR=$TEST_TMPDIR/screens/wrap-$1 screen_text "wrap-end-${1%x*}" | sed 's/│//g' | tr '\n' ' ' | tr -s ' '; }
like "$(flat 80x24)" "o Show the run's link and copy it to the clipboard n Next" \
	"80x24: the link key's text goes on under its column, nothing cut"
like "$(flat 40x10)" "Keys, lines 43-49 of 49 .* Space Mark or unmark a gate; r and p act on marks P Open the pipeline picker j k PgUp" \
	"40x10: G reaches the last row of the last entry, right above the hint"
unlike "$(flat 80x24)$(flat 40x10)" "…" "no text of the help is cut"

done_testing
