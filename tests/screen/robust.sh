#!/bin/bash
# The console's resilience, headless: a storm of resizes down to 20x5 and back leaves the screen a
# console started at the final size draws, and after a stop (SIGCONT) an open dialog ignores keys
# for its guard time again, as when it opened.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

mock_start basic

# storm_script: every size from 200x60 down to 20x5 and up to 100x30, with a dump at the end.
storm_script() {
	local i
	echo wait-idle
	for ((i = 0; i <= 180; i++)); do
		echo "resize $((200 - i)) $((60 - i * 55 / 180))"
	done
	for ((i = 1; i <= 80; i++)); do
		echo "resize $((20 + i)) $((5 + i * 25 / 80))"
	done
	echo "dump $1"
}

SCREEN_COLS=200 SCREEN_LINES=60 screen_run storm --pipeline 101 --run 7 < <(storm_script storm)
is "$SCREEN_RC" 0 "the console lives through 261 resizes, down to 20x5"
storm=$SCREEN_DIR/storm
SCREEN_COLS=100 SCREEN_LINES=30 screen_run fresh --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
dump fresh
SCRIPT
ok "the screen after the storm is the one a console started at 100x30 draws" \
	diff -u "$SCREEN_DIR/fresh" "$storm"

SCREEN_COLS=200 SCREEN_LINES=60 screen_run storm-dialog --pipeline 101 --run 7 < <(
	echo wait-idle
	echo "key r"
	storm_script dialog | tail -n +2
	echo "sleep-ms 300"
	echo "key Esc"
	echo "dump cancelled")
like "$(screen_text dialog)" "Really refuse 生产发布审批 Production approval\? \(y/N\)" \
	"a dialog open through the storm is still there at the end"
like "$(screen_text cancelled)" "Cancelled: refuse 生产发布审批 Production approval #1001 was not sent" \
	"and still takes its answer"

screen_run cont --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key r
sleep-ms 300
signal CONT
key y
dump guarded
sleep-ms 249
key y
dump still-guarded
sleep-ms 1
key Esc
dump cancelled
SCRIPT
like "$(screen_text guarded)" "Really refuse" "after SIGCONT a y at once does not answer the dialog"
like "$(screen_text still-guarded)" "Really refuse" "nor one 249 ms later"
like "$(screen_text cancelled)" "Cancelled: refuse 生产发布审批 Production approval #1001 was not sent" \
	"at 250 ms the dialog takes keys again"
is "$(mock_count method=POST)" 0 "nothing was sent"

done_testing
