#!/bin/bash
# What an approver needs to decide, and less waiting: the run's context in the details and the
# header, the pipeline's name from GetPipeline, the picker's server search, the position, the
# stale marker, short terminals.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

mock_start inbox
screen_run details --org org-inbox --pipeline 301 --run 12 <<'SCRIPT'
wait-idle
dump gates
key Enter
dump details
key G
dump details-end
SCRIPT
is "$SCREEN_RC" 0 "the script ran to its end"
screen_is gates "the gates screen's header says what the run builds: branch @ short commit and message"
screen_is details "the details: the full job name, who started the run, how, and what it builds"
screen_is details-end "then its global parameters (masked and encrypted ones hidden) and each earlier stage's status"
text=$(cat "$SCREEN_DIR"/gates "$SCREEN_DIR"/details "$SCREEN_DIR"/details-end)
unlike "$text" "never-shown" "no masked or encrypted value is anywhere on screen"
is "$(mock_count action=GetPipeline)" 1 "the pipeline's name came from one GetPipeline"
is "$(mock_count action=ListPipelines)" 0 "and no list of pipelines was walked for it"

# The classic API sends the commits as "commint", a string holding a JSON array, head first.
mock_start "$(python3 - "$MOCK_SCENARIOS" >"$TEST_TMPDIR/commint.json" <<'PY' && echo "$TEST_TMPDIR/commint.json"
import json, sys
d = json.load(open(sys.argv[1] + "/inbox.json", encoding="utf-8"))
commits = [{"commitId": "3f786850e387550fdab836ed7e6dc881de23001b", "author": "韩梅梅",
            "commitMsg": "上线支付限流 Rate-limit payments\n\nThe body stays out of the header"},
           {"commitId": "89e6c98d92887913cadf06b2adb97f26cde4849b", "author": "李雷", "commitMsg": "older"}]
for org in d["orgs"]:
    for p in org["pipelines"]:
        for r in p.get("runs", []):
            if r["id"] == 12:
                r["sources"] = [{"type": "Codeup", "sign": "code-source-1", "data": {
                    "branch": "release/2.4", "repo": "https://codeup.aliyun.com/acme/payments.git",
                    "commint": json.dumps(commits, ensure_ascii=False)}}]
print(json.dumps({"base": sys.argv[1] + "/basic.json", "regionOrg": d["regionOrg"], "orgs": d["orgs"]},
                 ensure_ascii=False))
PY
)"
screen_run classic --org org-inbox --pipeline 301 --run 12 <<'SCRIPT'
wait-idle
dump classic-gates
key Enter
key G
dump classic-details
SCRIPT
screen_is classic-gates "a classic run's header: branch @ the head commit's short id and its message's first line"
screen_is classic-details "its details show the head commit's fields, not the JSON they came in"

# A long job name is wrapped in the details, not cut.
mock_start "$(inbox_job_set long 1202 name \
	'"发布审批 Release approval for the payments service, region cn-hangzhou, blue-green switch END"')"
SCREEN_COLS=60 screen_run long --org org-inbox --pipeline 301 --run 12 <<'SCRIPT'
wait-idle
key Enter
dump name
SCRIPT
screen_is name "a job name longer than the row is wrapped over several rows, its end readable"

# The picker: the first page at once, "/" asks the server.
mock_start inbox
screen_run picker --org org-inbox <<'SCRIPT'
wait-idle
key P
wait-idle
dump first
keys /服务
key Enter
wait-idle
dump searched
SCRIPT
screen_is first "the picker shows the first page with the position of the cursor"
screen_is searched "/ then Enter asks the server for the names that match"
like "$(mock_requests | grep ListPipelines | grep -v statusList | tail -n 1)" '"query":"[^"]*pipelineName=' \
	"the search went to the server as pipelineName"

# A refresh that fails keeps what was shown, marked stale with its age.
mock_start "$(python3 - "$MOCK_SCENARIOS/basic.json" >"$TEST_TMPDIR/stale.json" <<'PY' && echo "$TEST_TMPDIR/stale.json"
import json, sys
print(json.dumps({"base": sys.argv[1], "faults": [
    {"action": "GetPipelineRun", "times": 1, "delayMs": 1},
    {"action": "GetPipelineRun", "status": 503}]}))
PY
)"
screen_run stale --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
sleep-ms 15000
wait-idle
dump stale
SCRIPT
screen_is stale "a failed refresh leaves the gates shown, the footer says they are stale and how old"

# Short terminals: the newest outcome's first line stays in sight, taking empty list rows.
for size in 40x10 80x14; do
	mock_start basic
	SCREEN_COLS=${size%x*} SCREEN_LINES=${size#*x} screen_run "short-$size" --pipeline 101 --run 7 <<SCRIPT
wait-idle
key p
sleep-ms 300
key y
wait-idle
dump outcome-$size
SCRIPT
	screen_is "outcome-$size" "$size: the pass's outcome shows its first line, taking empty list rows"
done

done_testing
