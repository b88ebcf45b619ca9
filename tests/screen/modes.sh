#!/bin/bash
# Read-only mode, gates the server disables for this user, no colour, and a non-UTF-8 locale
# (ASCII lines, and job ids that tell gates apart when their names cannot be drawn).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

mock_start basic

screen_run readonly --pipeline 101 --run 7 --readonly <<'SCRIPT'
wait-idle
dump readonly
key r
dump readonly-r
key p
sleep-ms 300
key y
key ?
dump readonly-help
SCRIPT
screen_is readonly "--readonly says READ-ONLY in the footer and offers no refuse or pass there"
screen_is readonly-r "r in read-only mode explains in the status pane and asks nothing"
like "$(screen_text readonly-help)" "Read-only \(--readonly\): refuse and pass are off" "the help says refuse and pass are off"
screen_is readonly-help "the help dims the refuse and pass keys"
is "$(mock_count method=POST)" 0 "read-only sends no pass or refuse, even after p and y"

# At 40 columns the texts of refuse and pass wrap: every row of them is dimmed, not only the first.
SCREEN_COLS=40 screen_run readonly-40 --pipeline 101 --run 7 --readonly <<'SCRIPT'
wait-idle
key ?
dump readonly-help-40
SCRIPT
screen_is readonly-help-40 "40x24: the help dims refuse and pass on each of their wrapped rows"
dimmed=$(sed -n '/^attributes$/,$p' "$SCREEN_DIR/readonly-help-40" | grep -cE '^\.+.*D')
is "$dimmed" 8 "eight dimmed rows: refuse and pass take four rows each"

# A gate whose pass and refuse are both disabled for this user.
scenario=$(mock_scenario disabled <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json",
  "orgs": [ { "id": "org-test", "pipelines": [ { "id": 301, "name": "Payments", "createTime": 1749000000000,
    "runs": [ { "id": 1, "status": "RUNNING", "startTime": 1749542400000, "triggerMode": 1,
      "stages": [ { "name": "Approval", "jobs": [
        { "id": 3001, "name": "Finance sign-off", "startTime": 1749546000000,
          "gate": { "passDisabled": true, "refuseDisabled": true,
                    "validators": [ { "userId": "2003", "name": "Bob Li" } ] } },
        { "id": 3002, "name": "Ops sign-off", "startTime": 1749546000000, "gate": {} } ] } ] } ] } ] } ] }
JSON
)
mock_start "$scenario"
screen_run disabled --pipeline 301 --run 1 <<'SCRIPT'
wait-idle
dump disabled
key r
dump disabled-r
key p
dump disabled-p
SCRIPT
screen_is disabled "a gate with every action disabled is dimmed and labelled not allowed"
screen_is disabled-r "r on it says the server disables it and who may act, and asks nothing"
like "$(screen_text disabled-p)" "Cannot pass Finance sign-off #3001: the server disables it for you" \
	"p on it explains the same way"
is "$(mock_count method=POST)" 0 "nothing is sent for a disabled gate"

mock_start basic
NO_COLOR=1 screen_run no-color-env --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key r
dump plain
SCRIPT
screen_is plain "NO_COLOR draws with attributes only: no colour pair anywhere"
screen_run no-color-flag --pipeline 101 --run 7 --no-color <<'SCRIPT'
wait-idle
key r
dump plain
SCRIPT
screen_is plain "--no-color draws the same screen as NO_COLOR"

SCREEN_LOCALE=C screen_run ascii --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key r
dump ascii
SCRIPT
screen_is ascii "outside a UTF-8 locale lines are drawn in ASCII and other characters become ?"
unlike "$(screen_text ascii)" $'[\x80-\xff]' "no byte outside ASCII reaches the terminal"

# Two gates whose names are all Chinese read the same outside a UTF-8 locale ("????"): the job
# id column, there in every locale and at every width, tells them apart.
scenario=$(mock_scenario chinese <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json",
  "orgs": [ { "id": "org-test", "pipelines": [ { "id": 501, "name": "发布", "createTime": 1749000000000,
    "runs": [ { "id": 3, "status": "RUNNING", "startTime": 1749542400000, "triggerMode": 1,
      "stages": [ { "name": "审批", "jobs": [
        { "id": 5001, "name": "生产审批", "startTime": 1749546000000, "gate": {} },
        { "id": 5002, "name": "安全审批", "startTime": 1749546000000, "gate": {} } ] } ] } ] } ] } ] }
JSON
)
mock_start "$scenario"
for size in 80x24 40x10; do
	SCREEN_LOCALE=C SCREEN_COLS=${size%x*} SCREEN_LINES=${size#*x} screen_run "c-$size" --pipeline 501 --run 3 <<-SCRIPT
	wait-idle
	dump c-locale-$size
	SCRIPT
	screen_is "c-locale-$size" "LANG=C, $size: the gates show their job ids beside names that became ????, the screen whole"
	rows=$(screen_text "c-locale-$size" | grep -E '^[* ] ([^ ]+ +)?500[12] +[?]{4} ')
	is "$(wc -l <<<"$rows")" 2 "LANG=C, $size: two rows whose names both read ????, told apart by 5001 and 5002"
done

done_testing
