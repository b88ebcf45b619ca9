#!/bin/bash
# The mock's routes for the approver's inbox: ListPipelines' statusList and pipelineName,
# GetPipeline, several running runs, a run's sources, globalParams and creator, both job-log
# endpoints and a log that grows, latestPipelineRun, the region edition's paths, the latency
# setting (which must not serialise connections) and the --generate benchmark world.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

TOKEN=pt-MockTestToken0001ForTestsOnly
ORG=/organization/org-inbox
OAPI=/oapi/v1/flow/organizations/org-inbox
get() { json_get "$1" <"$MOCK_DIR/body"; }
# tok PATH: a GET of the token API with the scenario's token; prints the HTTP status.
tok() {
	curl -s --max-time 20 -o "$MOCK_DIR/body" -D "$MOCK_DIR/headers" -w "%{http_code}" -H "x-yunxiao-token: $TOKEN" "$MOCK_URL$1"
}
# ids: the pipelineId (or pipelineRunId) of each element of the list at PATH of the body, space-separated.
ids() {
	python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))
for part in sys.argv[2].split(".") if sys.argv[2] else []:
    v = v[part]
print(" ".join(str(x.get("pipelineId")) for x in v))
' "$MOCK_DIR/body" "$1"
}

mock_start inbox

# ---- ListPipelines: statusList and pipelineName -------------------------------------------------
is "$(mock_curl ListPipelines GET $ORG/pipelines statusList=RUNNING)" 200 "a classic statusList is accepted and signed"
is "$(ids pipelines)" "301 305" "statusList=RUNNING keeps the pipelines whose newest run is RUNNING"
is "$(get totalCount)" 2 "totalCount counts only the matches"
mock_curl ListPipelines GET $ORG/pipelines statusList=RUNNING,FAIL >/dev/null
is "$(ids pipelines)" "301 304 305" "a comma list of statuses keeps each"
mock_curl ListPipelines GET $ORG/pipelines statusList=SUCCESS >/dev/null
is "$(ids pipelines)" "302" "an older RUNNING run does not make a pipeline RUNNING"
mock_curl ListPipelines GET $ORG/pipelines statusList=WAITING >/dev/null
is "$(get totalCount)/$(ids pipelines)" "0/" "a pipeline without runs has no status"
mock_curl ListPipelines GET $ORG/pipelines pipelineName=服务 >/dev/null
is "$(ids pipelines)" "301 302 304" "pipelineName matches a part of the name"
mock_curl ListPipelines GET $ORG/pipelines pipelineName=服务 statusList=RUNNING >/dev/null
is "$(ids pipelines)" "301" "both filters apply together"
is "$(tok "$OAPI/pipelines?statusList=RUNNING&perPage=1")" 200 "the token API takes statusList"
is "$(ids "")/$(mock_header x-total)" "301/2" "the token API pages the filtered list"

# ---- GetPipeline --------------------------------------------------------------------------------
is "$(mock_curl GetPipeline GET $ORG/pipelines/301)" 200 "classic GetPipeline answers"
is "$(get pipeline.name)" "支付服务 Payments" "classic GetPipeline has the name in the envelope"
nok "classic GetPipeline names no id (as the SDK model)" get pipeline.pipelineId
is "$(tok $OAPI/pipelines/302)" 200 "token API get pipeline answers"
is "$(get name)" "订单服务 Orders" "the token API sends the pipeline bare"
is "$(tok $OAPI/pipelines/999)" 404 "an unknown pipeline is 404"
is "$(get errorCode)" NotFound "an unknown pipeline gets NotFound in the token API"

# ---- several running runs, and a run's context ---------------------------------------------------
mock_curl ListPipelineRuns GET $ORG/pipelines/301/pipelineRuns status=RUNNING >/dev/null
is "$(get totalCount)" 2 "pipeline 301 has two running runs"
mock_curl GetPipelineRun GET $ORG/pipelines/301/pipelineRuns/12 >/dev/null
is "$(get pipelineRun.triggerMode)" 3 "the run's triggerMode is the scenario's"
is "$(get pipelineRun.creatorAccountId)" 200000000000301 "the run's creatorAccountId is the scenario's"
is "$(get pipelineRun.sources.0.data.branch)" release/2.3 "the run's sources are the scenario's"
like "$(get pipelineRun.sources.0.data.commitMsg)" '^修复退款回调' "a source's data carries the commit message"
nok "the classic run has no globalParams (as the SDK model)" get pipelineRun.globalParams
nok "the classic run has no creator name" get pipelineRun.creator
is "$(get pipelineRun.stages.1.stageInfo.status)" RUNNING "each stage carries its status"
tok $OAPI/pipelines/301/runs/12 >/dev/null
is "$(get creator)" "韩梅梅 Han Meimei" "the token API's run names its creator"
is "$(get globalParams.1.masked)" true "globalParams keep their masked flag"
is "$(get globalParams.2.encrypted)" true "globalParams keep their encrypted flag"
mock_curl GetPipelineRun GET /organization/org-inbox/pipelines/305/pipelineRuns/9 >/dev/null
is "$(get pipelineRun.sources.0.type)" codeup "a run without sources gets a generated codeup source"

# ---- job logs -----------------------------------------------------------------------------------
LOG=$ORG/pipeline/301/pipelineRun/12/job
is "$(mock_curl LogPipelineJobRun GET $LOG/1200/logs)" 200 "the classic log has singular segments and is signed"
is "$(get log.content)" $'[INFO] mvn -B package\n[INFO] BUILD SUCCESS' "a finished job's log is whole"
is "$(get log.more)" false "a finished job's log says more:false"
is "$(mock_count action=LogPipelineJobRun job=1200 status=200)" 1 "the log names the operation and the job"
is "$(mock_curl LogPipelineJobRun GET $ORG/pipelines/301/pipelineRuns/12/jobs/1200/logs)" 404 \
	"the plural path is no log route"
mock_curl LogPipelineJobRun GET $LOG/1201/logs >/dev/null
is "$(get log.content)" "[INFO] 启动测试 starting tests" "a running job's log starts with its first line"
is "$(get log.more)" true "a running job's log says more:true"
tok $OAPI/pipelines/301/runs/12/job/1201/log >/dev/null
is "$(get content | grep -c .)/$(get last)/$(get more)" "2/2/true" "the log grows by a line per read, in either API"
tok $OAPI/pipelines/301/runs/12/job/1201/log >/dev/null
tok $OAPI/pipelines/301/runs/12/job/1201/log >/dev/null
tok $OAPI/pipelines/301/runs/12/job/1201/log >/dev/null
is "$(get last)/$(get more)" "4/true" "a running job's log stops at its last line and still says more"
like "$(get content)" $'\e\\[31m' "a log is sent as the scenario has it, escapes too"
is "$(tok $OAPI/pipelines/301/runs/12/job/4242/log)" 400 "the log of an unknown job is 400"
is "$(tok $OAPI/pipelines/301/runs/99/job/1200/log)" 404 "the log of an unknown run is 404"
tok $OAPI/pipelines/302/runs/5/job/500/log >/dev/null
like "$(get content)" 'job 500' "a job without a log of its own gets a generated one"

# ---- latestPipelineRun --------------------------------------------------------------------------
is "$(tok $OAPI/pipelines/301/runs/latestPipelineRun)" 200 "latestPipelineRun answers"
is "$(get pipelineRunId)" 12 "latestPipelineRun is the newest run"
like "$(get stages.2.stageInfo.jobs.0.name)" '发布审批' "latestPipelineRun is the whole run object"
is "$(tok $OAPI/pipelines/303/runs/latestPipelineRun)" 404 "a pipeline without runs has no latest run"

# ---- the region edition -------------------------------------------------------------------------
is "$(tok /oapi/v1/flow/pipelines/301/runs/12)" 200 "a region path reaches the scenario's regionOrg"
is "$(get pipelineRunId)" 12 "the region run is the same run"
is "$(mock_requests | tail -n 1 | json_get edition)" region "the log marks a region request"
tok "/oapi/v1/flow/pipelines?statusList=RUNNING" >/dev/null
is "$(ids "")" "301 305" "region ListPipelines takes the filters"
is "$(tok /oapi/v1/flow/pipelines/301/runs/12/job/1200/log)" 200 "the region job log answers"
is "$(tok /oapi/v1/flow/pipelines/301/runs/latestPipelineRun)" 200 "the region latestPipelineRun answers"
is "$(tok /oapi/v1/flow/pipelines/301)" 200 "the region get pipeline answers"
is "$(curl -s -o "$MOCK_DIR/body" -w '%{http_code}' -X POST -H "x-yunxiao-token: $TOKEN" \
	"$MOCK_URL/oapi/v1/flow/pipelines/301/pipelineRuns/12/jobs/1202/refuse")" 200 "a region refuse is accepted"
tok $OAPI/pipelines/301/runs/12 >/dev/null
is "$(get stages.2.stageInfo.jobs.0.status)" FAIL "the region refuse changed the central run"
is "$(curl -s -o "$MOCK_DIR/body" -w '%{http_code}' "$MOCK_URL/oapi/v1/flow/pipelines/301/runs/12")" 401 \
	"a region path checks the token too"
is "$(tok /oapi/v1/flow/pipelines/301/nothing)" 404 "an unknown region path is 404"

mock_start basic
is "$(tok /oapi/v1/flow/pipelines/101/runs/7)" 200 "without regionOrg the region edition serves the first org"

# ---- latency: each connection waits on its own ----------------------------------------------------
mock_start inbox --no-auth --latency 400
start=$(date +%s%N)
pids=()
for i in 1 2 3 4 5 6; do
	curl -s --max-time 20 -o /dev/null "$MOCK_URL$ORG/pipelines/301" &
	pids+=($!)
done
wait "${pids[@]}"
elapsed=$((($(date +%s%N) - start) / 1000000))
ok "six requests at 400 ms each take at least 400 ms ($elapsed ms)" [ "$elapsed" -ge 400 ]
ok "six parallel requests at 400 ms finish well under 6 x 400 ms ($elapsed ms)" [ "$elapsed" -lt 1600 ]
is "$(mock_count action=GetPipeline status=200)" 6 "all six were answered"

# ---- --generate N:M:K -----------------------------------------------------------------------------
mock_start basic --no-auth --generate 200:7:3
curl -s -o "$MOCK_DIR/body" "$MOCK_URL/organization/org-test/pipelines?maxResults=1"
is "$(get totalCount)" 203 "--generate adds N pipelines to the first org"
curl -s -o "$MOCK_DIR/body" "$MOCK_URL/organization/org-test/pipelines?statusList=RUNNING&maxResults=30"
running=$(ids pipelines)
is "$(wc -w <<<"$running")" 8 "M generated pipelines run, beside basic's pipeline 101"
first=$(tr ' ' '\n' <<<"$running" | grep -v '^101$' | head -n 1)
curl -s -o "$MOCK_DIR/body" "$MOCK_URL/organization/org-test/pipelines/$first/pipelineRuns?status=RUNNING"
is "$(get pipelineRuns.0.pipelineRunId)" 2 "a generated running pipeline's newest run is run 2"
curl -s -o "$MOCK_DIR/body" "$MOCK_URL/organization/org-test/pipelines/$first/pipelineRuns/2"
is "$(get pipelineRun.stages.1.stageInfo.jobs | python3 -c 'import json,sys; print(sum(j["status"] == "WAITING" and len(j["actions"]) == 2 for j in json.load(sys.stdin)))')" 3 \
	"it waits at K pending gates"
curl -s -o "$MOCK_DIR/body" "$MOCK_URL/organization/org-test/pipelines/10000/pipelineRuns"
is "$(get totalCount)" 1 "the other generated pipelines have one finished run"
nok "--generate with more running than pipelines is a usage error" "$FLOWMOCK" --scenario "$MOCK_SCENARIOS/basic.json" --generate 5:6:1
nok "--generate with a junk value is a usage error" "$FLOWMOCK" --scenario "$MOCK_SCENARIOS/basic.json" --generate 5:x:1

done_testing
