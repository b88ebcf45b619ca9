#!/bin/bash
# A job's log: end first, scrolling, search, reloaded while the job runs, made inert, and back.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

# inbox.json with a longer log for the finished job 1200: a long line, escapes, two matches of "needle".
lines=$(python3 -c '
import json
lines = ["[INFO] step %02d" % i for i in range(1, 41)]
lines[4] += " needle one"
lines[24] += " needle two"
lines[9] = "[INFO] " + "long " * 40 + "END"
lines[14] = "\u001b[31m[WARN] red\u001b[0m \u0007bell \u001b]52;c;aGk=\u0007 osc"
print(json.dumps(lines))')
mock_start "$(inbox_job_set log 1200 log "$lines")"

screen_run view --org org-inbox --pipeline 301 --run 12 <<'SCRIPT'
wait-idle
key a
key g
key l
dump loading
wait-idle
dump end
key PgUp
dump page-up
key g
dump top
keys /NEEDLE
dump searching
key Enter
dump found
key n
dump next
key Space
key P
dump spaced
key b
key j
key l
wait-idle
dump running
sleep-ms 2500
wait-idle
dump grown
key b
dump back
key Enter
key l
wait-idle
key Esc
dump detail
key q
SCRIPT
is "$SCREEN_RC" 0 "the script ran to its end"
is "$(screen_text spaced)" "$(screen_text next)" "on the log, Space and P do nothing to the screen underneath"
screen_is loading "l opens the log view at once: it says it is loading"
screen_is end "the log opens at its end; the header names the job, says it is complete, and which rows show"
screen_is page-up "PgUp scrolls a page back"
screen_is top "g goes to the first line; the long line is wrapped, its escapes and bell made inert"
screen_is searching "/ types a search in the header"
screen_is found "Enter finds the first line that holds it, without regard to case, and marks it"
screen_is next "n finds the next one"
unlike "$(screen_text end | tail -n 1)" " n next " "before any search the log's footer offers no n"
unlike "$(screen_text searching | tail -n 1)" " n next " "nor while the search is typed"
like "$(screen_text found | tail -n 1)" "^ / search  n next  R reload " "once there is a search it offers n"
screen_is running "a running job's log says so"
screen_is grown "while the job runs the log is asked for again; at the end, the view follows it"
screen_is back "b goes back to the gates, the highlight on the job"
screen_is detail "l works on the job detail too; Esc goes back to it"
text=$(cat "$SCREEN_DIR"/end "$SCREEN_DIR"/top)
unlike "$text" $'\e' "no escape character reaches the screen"
unlike "$text" $'\a' "no bell character reaches the screen"
is "$(mock_count action=LogPipelineJobRun job=1200)" 1 "a finished job's log is read once"
is "$(mock_count action=LogPipelineJobRun job=1201)" 3 "the running job's log was read again while it ran, and once from the detail"

done_testing
