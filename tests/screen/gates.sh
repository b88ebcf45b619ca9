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

done_testing
