#!/bin/bash
# flowgate inbox against the mock: the table and --json, --mine, a pipeline whose requests fail,
# at most --parallel requests in flight, throttling, the token API and its region edition; then
# log, --url and --edition, and the run's context in gates --json (never a masked value).
. "$top_srcdir/tests/lib.sh"

TOKEN=pt-MockTestToken0001ForTestsOnly

# jq_py EXPR: evaluates a Python expression over the JSON of the last fg's stdout (as `v`).
jq_py() {
	python3 -c 'import json, sys; v = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
		"$TEST_TMPDIR/fg.out" "$1"
}

# jobs_of N: column N of the last fg's table, row by row (columns are two or more spaces apart).
jobs_of() {
	out | awk -F '  +' -v col="$1" 'NR > 1 { printf "%s ", $col }'
}

# max_concurrent: the most requests the mock was handling at once.
max_concurrent() {
	python3 -c 'import json, sys; print(max(json.loads(l)["concurrent"] for l in open(sys.argv[1])))' "$MOCK_LOG"
}

# token API setup over the running mock.
use_token_api() {
	unset FLOWGATE_ENDPOINT ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
	export YUNXIAO_API_BASE_URL=$MOCK_URL YUNXIAO_ACCESS_TOKEN=$TOKEN
}

# ---- the inbox, classic API ----------------------------------------------------------------------
mock_start inbox
fg --org org-inbox inbox
is "$(rc)" 0 "inbox exits 0"
like "$(out)" "PIPELINE +RUN +STAGE +JOB +WAITING +YOU MAY +NAME" "its heading names the columns"
is "$(jobs_of 2)" "11 9 12 12 " \
	"every pending gate of the running runs, the longest-waiting first"
unlike "$(out)" "401" "an older running run of a pipeline whose newest run finished is not walked"
like "$(out)" "支付服务 Payments +11 .*1102" "a row names its pipeline, run and job"
is "$(mock_count action=ListPipelines query=maxResults=50\&statusList=RUNNING)" 1 \
	"the pipelines are asked for by status, once"
is "$(mock_count action=GetPipelineRun)" 3 "each running run's detail is read once"

fg --org org-inbox inbox --json
is "$(jq_py 'len(v["gates"])')" 4 "--json lists the four gates"
is "$(jq_py 'sorted(v["gates"][0].keys())')" \
	"['canPass', 'canRefuse', 'job', 'name', 'pipelineId', 'pipelineName', 'runId', 'stage', 'startTime', 'status', 'url', 'validators']" \
	"each gate has the fields of gates --json and where it is"
is "$(jq_py 'v["gates"][2]["url"]')" "https://flow.aliyun.com/pipelines/301/builds/12" "each gate has its run's link"
is "$(jq_py '(v["ok"], v["failures"])')" "(True, [])" "nothing failed"

fg --org org-inbox inbox --mine --json
is "$(jq_py '[g["job"] for g in v["gates"]]')" "['1102', '901', '1202', '1203']" \
	"--mine keeps a gate the caller may only pass, or only refuse"

mock_start "$(mock_scenario empty <<JSON
{"base": "$MOCK_SCENARIOS/inbox.json", "regionOrg": "org-empty", "orgs": [ { "id": "org-empty" } ] }
JSON
)"
fg --org org-empty inbox
is "$(rc)/$(out)" "0/no pending manual gates in the organization's running runs" "an empty inbox says so and exits 0"
fg --org org-empty --lang zh inbox
is "$(rc)/$(out)" "0/企业中正在运行的流水线运行里没有等待处理的人工卡点" "and in plain Chinese with --lang zh"
fg --org org-empty --lang zh inbox --mine
is "$(out)" "没有你可以通过或拒绝的待处理人工卡点" "--mine says so in its own words, in Chinese too"

# ---- a pipeline whose requests fail -----------------------------------------------------------------
mock_start "$(mock_scenario fail <<JSON
{"base": "$MOCK_SCENARIOS/inbox.json",
 "faults": [ { "action": "GetPipelineRun", "pipeline": 305, "status": 403, "code": "Forbidden.AccessDenied" } ] }
JSON
)"
fg --org org-inbox inbox
is "$(rc)" 1 "a refused pipeline's exit code is the command's"
is "$(jobs_of 4)" "1102 1202 1203 " "the other pipelines' gates are printed"
like "$(err)" "pipeline 305 网关 Gateway: " "the failed pipeline is named on stderr"
fg --org org-inbox inbox --json
is "$(jq_py '(v["ok"], len(v["gates"]), v["failures"][0]["pipelineId"], v["failures"][0]["exitCode"])')" \
	"(False, 3, 305, 1)" "--json says which pipeline failed, beside what was found"
is "$(rc)" 1 "and exits with its code as the table does"

mock_start "$(mock_scenario down <<JSON
{"base": "$MOCK_SCENARIOS/inbox.json",
 "faults": [ { "action": "ListPipelineRuns", "pipeline": 301, "status": 500 } ] }
JSON
)"
fg --org org-inbox --timeout 5 inbox
is "$(rc)" 1 "a pipeline the server keeps failing on exits 1 (the server's error), after the tries"
like "$(out)" "901" "the gate of the pipeline that answered is printed"

mock_start "$(mock_scenario nolist <<JSON
{"base": "$MOCK_SCENARIOS/inbox.json", "faults": [ { "action": "ListPipelines", "status": 403 } ] }
JSON
)"
fg --org org-inbox inbox
is "$(rc)" 1 "when the list of running pipelines is refused, inbox exits 1"
is "$(out)" "" "and claims no empty inbox"
like "$(err)" "the list of running pipelines: " "but says what failed"

# ---- at most N in flight ----------------------------------------------------------------------------
mock_start basic --latency 100 --generate 40:6:2
fg --org org-test --parallel 2 inbox
is "$(rc)" 0 "the generated inbox is walked"
is "$(out | grep -c '^流水线 Pipeline')" 12 "six running pipelines, two gates each"
is "$(max_concurrent)" 2 "--parallel 2: never more than two requests at once"
mock_start basic --latency 100 --generate 40:6:2
fg --org org-test inbox
is "$(max_concurrent)" 8 "by default eight at once (so the limit above is a limit)"
printf 'parallel = 3\n' >"$XDG_CONFIG_HOME/flowgate/config" 2>/dev/null ||
	{ mkdir -p "$XDG_CONFIG_HOME/flowgate" && printf 'parallel = 3\n' >"$XDG_CONFIG_HOME/flowgate/config"; }
chmod 600 "$XDG_CONFIG_HOME/flowgate/config"
mock_start basic --latency 100 --generate 40:6:2
fg --org org-test inbox
is "$(max_concurrent)" 3 "the config key parallel sets the limit"
rm -f "$XDG_CONFIG_HOME/flowgate/config"
fg --org org-test --parallel 33 inbox
is "$(rc)" 2 "--parallel takes 1 to 32"
like "$(err)" "parallel must be a whole number from 1 to 32" "and says so"

# ---- throttling -------------------------------------------------------------------------------------
mock_start "$(mock_scenario throttle <<JSON
{"base": "$MOCK_SCENARIOS/inbox.json",
 "faults": [ { "action": "GetPipelineRun", "run": 9, "status": 429, "retryAfterMs": 700, "times": 3 } ] }
JSON
)"
fg --org org-inbox --parallel 1 inbox
is "$(rc)" 0 "a throttled read is asked again once the server allows"
like "$(out)" "901" "and its gate is found"
is "$(python3 -c '
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
last = max(i for i, r in enumerate(log) if r["status"] == 429)
after = [r["time"] - log[last]["time"] for r in log[last + 1:]]
print(min(after) >= 650 if after else "none")
' "$MOCK_LOG")" True "after a throttled answer nothing is sent before the pause the server asked for"

mock_start "$(mock_scenario slowdown <<JSON
{"base": "$MOCK_SCENARIOS/inbox.json",
 "faults": [ { "action": "ListPipelines", "retryAfterMs": 800 } ] }
JSON
)"
fg --org org-inbox inbox
is "$(rc)" 0 "a good answer that asks for a pause is used"
is "$(python3 -c '
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
print(log[1]["time"] - log[0]["time"] >= 750)
' "$MOCK_LOG")" True "and nothing is sent before the pause it asked for ends"

# ---- the token API and the region edition -----------------------------------------------------------
mock_start inbox
use_token_api
fg --api yunxiao --org org-inbox inbox --json
is "$(jq_py '[g["job"] for g in v["gates"]]')" "['1102', '901', '1202', '1203']" "the token API's inbox is the same"
mock_start inbox
use_token_api
fg --api yunxiao --edition region inbox
is "$(rc)" 0 "the region edition needs no --org"
is "$(jobs_of 4)" "1102 901 1202 1203 " "and finds the same gates"
is "$(mock_count edition=region)" "$(wc -l <"$MOCK_LOG")" "every request went to a region path"
unlike "$(mock_requests)" "organizations" "none names the organization"
YUNXIAO_EDITION=region fg --api yunxiao gates --pipeline 301 --run 12
is "$(rc)" 0 "YUNXIAO_EDITION=region works as --edition does"
YUNXIAO_EDITION=somewhere fg --api yunxiao gates --pipeline 301 --run 12
is "$(rc)" 3 "a bad YUNXIAO_EDITION is a configuration error"
fg --edition region gates --pipeline 301 --run 12
is "$(rc)" 3 "the classic API has no region edition"
like "$(err)" "--api yunxiao" "and the message says what to use"
fg --api yunxiao gates --pipeline 301 --run 12
is "$(rc)" 2 "the central edition still needs an organization"

# ---- log --------------------------------------------------------------------------------------------
fg --api yunxiao --edition region log --pipeline 301 --run 12 --job 1200
is "$(rc)" 0 "log prints a job's log (token API)"
is "$(out | wc -l)" 2 "each of its lines"
like "$(out)" "BUILD SUCCESS" "as the server sent it"
like "$(mock_requests | tail -1)" '"path":"/oapi/v1/flow/pipelines/301/runs/12/job/1200/log"' "from the region path"
export FLOWGATE_ENDPOINT=$MOCK_URL ALIBABA_CLOUD_ACCESS_KEY_ID=$MOCK_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$MOCK_AK_SECRET
fg --org org-inbox log --pipeline 301 --run 12 --job 1201
is "$(rc)" 0 "log of a running job (classic)"
is "$(mock_count action=LogPipelineJobRun job=1201)" 5 "a log that says more is coming is read again, five times at most"
is "$(out | wc -l)" 4 "and the newest read is printed whole, once"
like "$(err)" "still running" "a job still running says its log goes on"
like "$(mock_requests | tail -1)" '"path":"/organization/org-inbox/pipeline/301/pipelineRun/12/job/1201/logs"' \
	"from the classic path with its singular segments"
mock_start "$(mock_scenario ctl <<JSON
{"base": "$MOCK_SCENARIOS/inbox.json", "regionOrg": "org-ctl",
 "orgs": [ { "id": "org-ctl", "pipelines": [ { "id": 1, "name": "p", "runs": [ { "id": 1, "status": "RUNNING",
   "stages": [ { "name": "s", "jobs": [ { "id": 7, "name": "j", "status": "SUCCESS",
     "log": "line one\u001b]0;owned\u0007\r\nline\ttwo" } ] } ] } ] } ] } ] }
JSON
)"
fg --org org-ctl log --pipeline 1 --run 1 --job 7
is "$(out | od -c | grep -c '033\|007\| \\r')" 0 "control characters of a log never reach the terminal"
is "$(out | wc -l)" 2 "its line breaks stay"
fg --org org-ctl --json log --pipeline 1 --run 1 --job 7
is "$(jq_py 'v["content"].split("\n")[1]')" $'line\ttwo' "log --json keeps line breaks and tabs"
like "$(out)" '"content":"line one[^"]*\\nline\\ttwo' "as the JSON escapes \\n and \\t"
unlike "$(out)" '\\u001b|\\u0007|\\r' "and the other control characters are made inert"
fg --org org-inbox log --pipeline 301 --run 12
is "$(rc)" 2 "log needs --job"
mock_start inbox
fg --org org-inbox log --pipeline 301 --run 12 --job 9999
is "$(rc)" 1 "log of a job that does not exist fails"
like "$(err)" "^flowgate: pipeline 301, run 12, job 9999: " "and names the pipeline, run and job"
LANG=C.UTF-8 fg --lang zh --org org-inbox log --pipeline 301 --run 12 --job 9999
like "$(err)" "^flowgate: 流水线 301，运行 12，任务 9999：" "in Chinese too, after the ASCII prefix"

# ---- --url ------------------------------------------------------------------------------------------
mock_start inbox
fg --org org-inbox gates --url https://flow.aliyun.com/pipelines/301/builds/12
is "$(rc)" 0 "gates --url"
like "$(out)" "1202" "names the run of the link"
fg --org org-inbox gates --url https://flow.example.internal/pipelines/301/current/
is "$(rc)" 0 "a .../current link of any host"
like "$(out)" "1202" "is the pipeline's newest run"
is "$(mock_count action=ListPipelineRuns query=maxResults=1)" 1 "found with one request"
for junk in "ftp://flow.aliyun.com/pipelines/301/builds/12" "https://flow.aliyun.com/pipelines/301/builds/x" \
	"https://flow.aliyun.com/pipelines/301/builds/12/extra" "https://user@flow.aliyun.com/pipelines/1/builds/2" "nonsense"; do
	fg --org org-inbox gates --url "$junk"
	is "$(rc)" 2 "a junk link is a usage error: $junk"
	like "$(err)" "--url: " "and says why"
done
fg --org org-inbox gates --url https://flow.aliyun.com/pipelines/301/builds/12 --pipeline 301
is "$(rc)" 2 "--url and --pipeline together are refused"
fg --org org-inbox runs --url https://flow.aliyun.com/pipelines/302/builds/4
like "$(out)" "^RUN" "runs takes the pipeline of a link"
# The console on a bare link, headless (its hidden test mode paints to /dev/null and dumps its screen).
mkdir -p "$TEST_TMPDIR/console"
printf 'wait-idle\ndump first\n' >"$TEST_TMPDIR/console/script"
LINES=24 COLUMNS=100 LC_ALL=C.UTF-8 TERM=xterm-256color FLOWGATE_TEST_SCRIPT="$TEST_TMPDIR/console/script" \
	FLOWGATE_TEST_DUMP_DIR="$TEST_TMPDIR/console" fg --org org-inbox https://flow.aliyun.com/pipelines/301/current
is "$(rc)" 0 "a bare .../current link opens the console"
like "$(cat "$TEST_TMPDIR/console/first" 2>/dev/null)" "1202" "on the gates of the pipeline's newest run"
before=$(mock_count action=ListPipelineRuns)
fg --org org-inbox https://flow.aliyun.com/pipelines/303/current
is "$(rc)" 1 "a bare .../current link of a pipeline without runs fails before the console starts"
like "$(err)" "has no runs" "and says why"
is "$(mock_count action=ListPipelineRuns)" $((before + 1)) "with one request"

# ---- the run's context in gates ---------------------------------------------------------------------
fg --org org-inbox gates --pipeline 301 --run 12
is "$(out | head -1)" "release/2.3 @ 9fceb02 修复退款回调 Fix refund callback" "the one-line summary comes above the table"
fg --org org-inbox gates --pipeline 301 --run 12 --all
like "$(out | head -2 | tail -1)" "WHO MAY ACT" "--all shows who may act"
like "$(out)" "张伟" "by name"
use_token_api
fg --api yunxiao --org org-inbox gates --pipeline 301 --run 12 --json
is "$(jq_py '" ".join(str(x) for x in (v["run"]["sources"][0]["data"]["branch"], v["run"]["triggerMode"], v["run"]["creator"]))')" \
	"release/2.3 3 韩梅梅 Han Meimei" "the run object holds the sources, the trigger and the creator"
is "$(jq_py '[p["key"] for p in v["run"]["globalParams"]]')" "['ENV']" "only the plain global parameters"
is "$(jq_py 'repr(v["run"]["sources"][0]["data"]["commitMsg"])')" "'修复退款回调 Fix refund callback\\n\\nDetails below the first line'" \
	"a multi-line commit message keeps its line breaks in JSON"
is "$(jq_py '[s["status"] for s in v["run"]["stages"]]')" "['SUCCESS', 'RUNNING', 'RUNNING']" "each stage's status"
is "$(jq_py 'v["run"]["url"] == v["gates"][0]["url"]')" True "the run and each gate have the link"
unlike "$(out)" "DB_PASSWORD\|SIGNING_KEY" "a masked or encrypted parameter is never printed, not even its name"

# ---- Chinese ----------------------------------------------------------------------------------------
fg --api yunxiao --org org-inbox --lang zh gates --pipeline 301 --run 12
like "$(out)" "任务 +阶段 +状态" "--lang zh: the table's headings in Chinese"
export FLOWGATE_ENDPOINT=$MOCK_URL ALIBABA_CLOUD_ACCESS_KEY_ID=$MOCK_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$MOCK_AK_SECRET
fg --org org-inbox --lang zh refuse --pipeline 301 --run 12 --job 1202
is "$(rc)" 0 "refuse in Chinese"
like "$(out)" "^拒绝 任务 1202：成功" "the outcome line in Chinese"
fg --org org-inbox --lang zh --json inbox
like "$(out)" '"ok":true' "JSON keys and values are never translated"

done_testing
