#!/bin/bash
# The gates of a run: first paint, moving, every job, the job detail and back.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

mock_start basic

screen_run walk --pipeline 101 --run 7 <<'SCRIPT'
dump loading
wait-idle
dump first
key F5
dump refreshing
wait-idle
key j
dump second
key j
dump second-again
key k
key a
dump all
key G
dump all-last
key g
key Down
key Down
key Enter
dump detail
key b
dump back
key Backspace
wait-idle
dump runs
key q
SCRIPT
is "$SCREEN_RC" 0 "q quits with status 0"
screen_is loading "before the first answer the screen says it is loading, with a spinner"
screen_is first "first paint: the pending gates of run 7 with stage, job, status, waiting time and what you may do"
screen_is refreshing "F5 refreshes at once: the footer shows the request"
screen_is second "j moves the highlight to the next gate"
screen_is second-again "j on the last row keeps the highlight there"
screen_is all "a shows every job of the run, the title says so"
screen_is all-last "G goes to the last row"
screen_is detail "Enter opens the job detail: ids, stage, status, permissions and who may act"
screen_is back "b goes back to the gates with the highlight on the same job"
screen_is runs "Backspace goes back to the run picker, which marks the running runs with their waiting gates"
is "$(mock_requests | grep -c '"path":"[^"]*/pipelineRuns/7"')" 2 "the run was loaded twice: at start and on F5"
is "$(mock_requests | grep -c '"path":"[^"]*/pipelineRuns/8"')" 1 \
	"back on the run picker, the other running run was asked for once, to count its gates"
is "$(mock_count method=POST)" 0 "moving around sends no pass or refuse"

# The status column takes the width of its longest word (SWITCH_MANUAL, 13 cells) before the job's
# name takes the rest; where the screen has no room for it, the status is cut and the job id stays.
screen_run manual-80x24 --pipeline 101 --run 8 <<'SCRIPT'
wait-idle
dump manual-80
SCRIPT
screen_is manual-80 "80x24: SWITCH_MANUAL whole in the status column, the job's name in what is left"
like "$(screen_text manual-80)" "1101 +值班确认 On-call check +SWITCH_MANUAL " "80x24: the status is not cut to SWITCH…"
SCREEN_COLS=40 SCREEN_LINES=10 screen_run manual-40x10 --pipeline 101 --run 8 <<'SCRIPT'
wait-idle
dump manual-40
SCRIPT
screen_is manual-40 "40x10: the job id and the name keep their room, the status is cut"

done_testing
