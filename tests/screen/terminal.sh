#!/bin/bash
# The console runs only in a terminal that can show its dialogs: one that cannot move the cursor
# or clear the screen, prints on paper, or is unknown to terminfo is refused (exit 3) before
# anything is loaded. The terminal types are made for the test with tic.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

command -v tic >/dev/null 2>&1 || skip_all "tic (ncurses-bin) is not installed"

TERMINFO_DIR=$TEST_TMPDIR/terminfo
mkdir -p "$TERMINFO_DIR"
tic -x -o "$TERMINFO_DIR" - <<'TERMINFO' || bail_out "tic cannot compile the test terminals"
fg-full|a screen that can do what the console needs,
	cols#80, lines#24, clear=\E[H\E[2J, cup=\E[%i%p1%d;%p2%dH, el=\E[K, bold=\E[1m, sgr0=\E[m,
fg-hardcopy|a printing terminal that claims a cursor,
	hc, cols#80, lines#24, clear=\E[H\E[2J, cup=\E[%i%p1%d;%p2%dH,
fg-noclear|a screen that cannot clear,
	cols#80, lines#24, cup=\E[%i%p1%d;%p2%dH,
fg-nocup|a screen that cannot move the cursor,
	cols#80, lines#24, clear=\E[H\E[2J,
fg-generic|a generic type that names no real terminal,
	gn, cols#80, lines#24, clear=\E[H\E[2J, cup=\E[%i%p1%d;%p2%dH,
TERMINFO

mock_start basic
export SCREEN_TERMINFO=$TERMINFO_DIR

for term in dumb fg-hardcopy fg-noclear fg-nocup fg-generic no-such-terminal; do
	SCREEN_TERM=$term screen_run "$term" --pipeline 101 --run 7 <<<$'wait-idle\ndump never'
	is "$SCREEN_RC" 3 "TERM=$term: the console exits 3"
	like "$(cat "$SCREEN_DIR/stderr")" "flowgate: TERM=$term (cannot move the cursor or clear the screen|is not a terminal type|is a printing|is a generic)" \
		"TERM=$term: and says why"
	ok "TERM=$term: before drawing anything" test ! -e "$SCREEN_DIR/never"
done
# Each is refused for its own reason.
for reason in "dumb:cannot move the cursor or clear the screen" "fg-hardcopy:is a printing terminal" \
	"fg-noclear:cannot move the cursor or clear the screen" "fg-generic:is a generic terminal type" \
	"no-such-terminal:is not a terminal type this system knows"; do
	term=${reason%%:*}
	SCREEN_TERM=$term screen_run "$term" --pipeline 101 --run 7 <<<$'wait-idle\ndump never'
	like "$(cat "$SCREEN_DIR/stderr")" "flowgate: TERM=$term ${reason#*:}" "TERM=$term: ${reason#*:}"
done
is "$(test -s "$MOCK_LOG" && wc -l <"$MOCK_LOG" || echo 0)" 0 "nothing was fetched for any of them"

SCREEN_TERM=fg-full screen_run full --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
dump full
SCRIPT
is "$SCREEN_RC" 0 "a terminal with cursor addressing and clear runs the console"
like "$(screen_text full)" "生产发布审批 Production approval" "and shows the gates"

done_testing
