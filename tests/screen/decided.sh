#!/bin/bash
# Marks and one dialog on the gates screen, and gates decided elsewhere: when a refresh shows
# that a gate no longer waits, the status pane says so, its mark is dropped, and a dialog that
# names it closes with a note instead of sending. The full job name wraps in the dialog.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

# Run 7 as the server shows it once someone else refused gate 1001: the first load answers as
# usual, every later one with this body.
mock_start basic
mock_curl GetPipelineRun GET /organization/org-test/pipelines/101/pipelineRuns/7 >/dev/null
decided=$(mock_body | python3 -c '
import json, sys
body = json.load(sys.stdin)
for stage in body["pipelineRun"]["stages"]:
    for job in stage["stageInfo"]["jobs"]:
        if job["id"] == 1001:
            job["status"], job["actions"] = "FAIL", []
print(json.dumps(body))')
elsewhere=$TEST_TMPDIR/elsewhere.json
python3 - "$MOCK_SCENARIOS/basic.json" "$decided" >"$elsewhere" <<'PY'
import json, sys
print(json.dumps({"base": sys.argv[1], "faults": [
    {"action": "GetPipelineRun", "run": 7, "times": 1, "delayMs": 1},
    {"action": "GetPipelineRun", "run": 7, "status": 200, "contentType": "application/json", "body": sys.argv[2]}]}))
PY

mock_start basic
rm -f "$AUDIT"
screen_run marks --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key Space
key j
key Space
dump marked
key a
key j
key j
key Space
dump not-a-gate
key a
key r
dump no-refuse
key p
dump dialog
sleep-ms 300
key y
wait-idle
dump done
SCRIPT
screen_is marked "Space marks both gates of run 7: the mark column shows them"
screen_is not-a-gate "a job that is no gate cannot be marked: the status pane says why"
screen_is no-refuse "r with a mark whose refuse is disabled says which and why, and opens nothing"
screen_is dialog "p with two marks opens one dialog naming both, with their count"
screen_is done "y passes both: a status line each"
is "$(mock_count method=POST)" 2 "exactly two passes reached the server"
is "$(mock_count action=PassPipelineValidate job=1001)/$(mock_count action=PassPipelineValidate job=1002)" "1/1" \
	"one for each gate"
is "$(grep -c '"outcome":"sending"' "$AUDIT")/$(grep -c '"via":"console"' "$AUDIT")" "2/4" \
	"four audit lines: a sending line and an outcome line per gate"

mock_start "$elsewhere"
screen_run single --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key r
dump open
sleep-ms 15000
wait-idle
dump closed
key y
dump after-y
SCRIPT
screen_is open "the dialog on gate 1001 is open when the refresh comes"
screen_is closed "the refresh shows 1001 decided elsewhere: the dialog closes with a note, the gate leaves the list"
is "$(mock_count method=POST)" 0 "nothing was sent, neither by the refresh nor by the y after it"

mock_start "$elsewhere"
screen_run batch --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key Space
key j
key Space
key p
sleep-ms 15000
wait-idle
dump batch-closed
SCRIPT
screen_is batch-closed "a batch dialog closes too, naming the gate that changed; the other mark stays, 1001's is dropped"
is "$(mock_count method=POST)" 0 "and nothing was sent"

mock_start "$elsewhere"
screen_run idle --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key Space
sleep-ms 15000
wait-idle
dump idle
sleep-ms 15000
wait-idle
dump idle-again
SCRIPT
screen_is idle "without a dialog the status pane says 1001 was decided elsewhere and its mark was dropped"
is "$(screen_text idle-again | grep -c 'Decided elsewhere')" 1 "said once, not at every refresh"

# A name too long for one line is wrapped in the dialog, never cut.
long=$TEST_TMPDIR/long.json
python3 - "$MOCK_SCENARIOS/basic.json" >"$long" <<'PY'
import json, sys
name = "生产发布审批（需要产品负责人、测试负责人和运维值班同时确认） Production approval by product, QA and the on-call operator"
print(json.dumps({"base": sys.argv[1], "orgs": [{"id": "org-test", "pipelines": [{
    "id": 101, "name": "部署到生产环境 Deploy to production", "runs": [{"id": 7, "status": "RUNNING", "stages": [{
        "name": "人工卡点 Approval", "jobs": [{"id": 1001, "startTime": 1749542460000, "gate": {}, "name": name}]}]}]}]}]}))
PY
mock_start "$long"
screen_run long --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key r
dump long-80
resize 40 12
dump long-40
SCRIPT
screen_is long-80 "80x24: the job's full name wraps over the lines it needs"
screen_is long-40 "40x12: so it does in a narrow terminal"

done_testing
