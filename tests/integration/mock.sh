#!/bin/bash
# The mock Flow API server itself: its gateway checks, its state, its pagination, its faults,
# its request log and its life cycle. Requests are signed with the project's sign_request()
# (tests/mock/signreq) and sent with curl.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

RUN7=/organization/org-test/pipelines/101/pipelineRuns/7
get() { json_get "$1" <"$MOCK_DIR/body"; }

# ---- start-up ----------------------------------------------------------------------------------
mock_start basic
like "$(cat "$MOCK_DIR/stdout")" '^port [0-9]+$' "flowmock prints 'port N' when ready"
isnt "$MOCK_PORT" 0 "port 0 picks a real port"
ok "flowmock listens on 127.0.0.1" curl -s -o /dev/null "$MOCK_URL/"

# ---- signed requests ---------------------------------------------------------------------------
is "$(mock_curl GetPipelineRun GET $RUN7)" 200 "a V3-signed GetPipelineRun is accepted"
is "$(get success)" true "the accepted answer says success:true"
is "$(mock_curl --v1 GetPipelineRun GET $RUN7)" 200 "a v1-signed (HMAC-SHA1) request is accepted"
is "$(mock_curl --v1 ListPipelineRuns GET /organization/org-test/pipelines/102/pipelineRuns maxResults=5 'status=RUNNING,FAIL')" 200 \
	"a v1-signed request with a query is accepted"
is "$(mock_curl ListPipelineRuns GET /organization/org-test/pipelines/102/pipelineRuns maxResults=5 'nextToken=')" 200 \
	"a signed request with a query is accepted"
is "$(mock_header x-acs-request-id)" "$(get requestId)" "x-acs-request-id header equals the body's requestId"
first_id=$(get requestId)
mock_curl GetPipelineRun GET $RUN7 >/dev/null
isnt "$(get requestId)" "$first_id" "request ids are unique"
like "$first_id" '^MOCK-[0-9]+-[0-9a-f]+$' "request ids look like MOCK-<counter>-<hex>"

# ---- gateway refusals --------------------------------------------------------------------------
is "$(curl -s -o "$MOCK_DIR/body" -w '%{http_code}' "$MOCK_URL$RUN7")" 400 "an unsigned request is refused with 400"
is "$(get Code)" IncompleteSignature "an unsigned request gets IncompleteSignature"
for field in RequestId HostId Code Message Recommend; do
	ok "gateway errors carry $field" get $field
done
nok "gateway errors carry no API envelope" get success

is "$(mock_sign GetPipelineRun GET $RUN7 | sed -E "s/Signature=[0-9a-f]+/Signature=$(printf '0%.0s' {1..64})/" | mock_send GET)" 400 \
	"a wrong signature is refused with 400"
is "$(get Code)" SignatureDoesNotMatch "a wrong signature gets SignatureDoesNotMatch"
like "$(get Message)" $'server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$' \
	"SignatureDoesNotMatch shows the server's string-to-sign"
is "$(tail -n 1 "$MOCK_LOG" | json_get auth)" SignatureDoesNotMatch "the log records the auth failure code"
like "$(tail -n 1 "$MOCK_LOG" | json_get canonicalRequest)" $'^GET\n/organization/org-test/pipelines/101/pipelineRuns/7\n' \
	"the log keeps the server's canonical request for a mismatch"

is "$(mock_sign ListPipelineRuns GET /organization/org-test/pipelines/102/pipelineRuns maxResults=5 |
	sed 's/maxResults=5/maxResults=6/' | mock_send GET)" 400 "a query changed after signing is refused"
is "$(get Code)" SignatureDoesNotMatch "a changed query gets SignatureDoesNotMatch"

is "$(mock_sign --v1 GetPipelineRun GET $RUN7 | sed -E 's/^(authorization: acs [^:]+:).*/\1AAAAAAAAAAAAAAAAAAAAAAAAAAA=/' |
	mock_send GET)" 400 "a wrong v1 signature is refused with 400"
is "$(get Code)" SignatureDoesNotMatch "a wrong v1 signature gets SignatureDoesNotMatch"

is "$(mock_sign RefusePipelineValidate POST $RUN7/jobs/1003/refuse | mock_send POST --data-binary x -H 'content-type:')" 400 \
	"a body that does not match x-acs-content-sha256 is refused"
is "$(get Code)" SignatureDoesNotMatch "a body/content-sha256 mismatch gets SignatureDoesNotMatch"

is "$(ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tNoSuchKey mock_curl GetPipelineRun GET $RUN7)" 404 \
	"an unknown AccessKey id is refused with 404"
is "$(get Code)" InvalidAccessKeyId.NotFound "an unknown AccessKey id gets InvalidAccessKeyId.NotFound"

is "$(mock_curl --skew 1200 GetPipelineRun GET $RUN7)" 400 "a date 20 minutes ahead is refused"
is "$(get Code)" InvalidTimeStamp.Expired "a date outside ±15 min gets InvalidTimeStamp.Expired"
is "$(mock_curl --skew -1200 --v1 GetPipelineRun GET $RUN7)" 400 "a v1 date 20 minutes behind is refused"
is "$(get Code)" InvalidTimeStamp.Expired "a v1 date outside ±15 min gets InvalidTimeStamp.Expired"
is "$(mock_curl --skew 840 GetPipelineRun GET $RUN7)" 200 "a date 14 minutes ahead is accepted"

mock_sign GetPipelineRun GET $RUN7 >"$MOCK_DIR/signed"
is "$(mock_send GET <"$MOCK_DIR/signed")" 200 "a fresh nonce is accepted"
is "$(mock_send GET <"$MOCK_DIR/signed")" 400 "the same nonce sent again is refused"
is "$(get Code)" SignatureNonceUsed "a reused nonce gets SignatureNonceUsed"

is "$(mock_curl ListPipelines GET $RUN7)" 400 "an x-acs-action that does not match the path is refused"
is "$(get Code)" InvalidAction.Mismatch "a wrong x-acs-action gets InvalidAction.Mismatch"
is "$(mock_curl --api-version 2020-01-01 GetPipelineRun GET $RUN7)" 400 "a wrong x-acs-version is refused"
is "$(get Code)" InvalidVersion "a wrong x-acs-version gets InvalidVersion"
is "$(mock_curl GetPipelineRun GET /organization/org-test/pipelines/101/pipelineRunz/7)" 404 "an unknown path is 404"
is "$(get Code)" InvalidAction.NotFound "an unknown path gets InvalidAction.NotFound"

sts() { ALIBABA_CLOUD_ACCESS_KEY_ID=$MOCK_STS_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$MOCK_STS_AK_SECRET "$@"; }
is "$(ALIBABA_CLOUD_SECURITY_TOKEN=$MOCK_STS_TOKEN sts mock_curl GetPipelineRun GET $RUN7)" 200 \
	"an STS key with its security token is accepted"
is "$(sts mock_curl GetPipelineRun GET $RUN7)" 400 "an STS key without its security token is refused"
is "$(get Code)" InvalidSecurityToken.MismatchWithAccessKey "a missing token gets InvalidSecurityToken.MismatchWithAccessKey"
is "$(ALIBABA_CLOUD_SECURITY_TOKEN=wrong-token sts mock_curl GetPipelineRun GET $RUN7)" 400 \
	"an STS key with another token is refused"
is "$(ALIBABA_CLOUD_ACCESS_KEY_ID=STS.MockExpired0003 ALIBABA_CLOUD_ACCESS_KEY_SECRET=mock-expired-secret-for-tests \
	ALIBABA_CLOUD_SECURITY_TOKEN=mock-sts-token-0003 mock_curl GetPipelineRun GET $RUN7)" 403 \
	"an expired security token is refused with 403"
is "$(get Code)" InvalidSecurityToken.Expired "an expired token gets InvalidSecurityToken.Expired"

# ---- the run's shape ---------------------------------------------------------------------------
mock_curl GetPipelineRun GET $RUN7 >/dev/null
is "$(get pipelineRun.stages.1.stageInfo.jobs.0.id)" 1001 "job ids are JSON integers"
like "$(get pipelineRun.stages.1.stageInfo.jobs.0.params)" '^\{.*"validators"' "job params is a JSON string"
is "$(get pipelineRun.stages.1.stageInfo.jobs.0.actions.0.type)" PassPipelineValidate "a gate offers PassPipelineValidate"
is "$(get pipelineRun.stages.1.stageInfo.jobs.0.actions.1.type)" RefusePipelineValidate "a gate offers RefusePipelineValidate"
is "$(get pipelineRun.stages.1.stageInfo.jobs.1.actions.1.disable)" true "gate 1002's refuse is disabled"
is "$(get pipelineRun.stages.1.stageInfo.jobs.2.actions)" '[]' "a plain job has no gate actions"
mock_curl GetPipelineRun GET /organization/org-test/pipelines/101/pipelineRuns/8 >/dev/null
is "$(get pipelineRun.stages.0.stageInfo.jobs.0.actions.1.type)" RefusePipelineValidator \
	"a gate can spell its refuse action RefusePipelineValidator"

# ---- documented errors -------------------------------------------------------------------------
is "$(mock_curl GetPipelineRun GET /organization/org-nope/pipelines/101/pipelineRuns/7)" 404 "an unknown org is 404"
is "$(get errorCode)" InvalidOrganization.NotFound "an unknown org gets InvalidOrganization.NotFound"
is "$(get errorMessage)" "The organization is not found." "an unknown org has the seed's text"
is "$(get success)" false "API errors say success:false"
is "$(mock_curl GetPipelineRun GET /organization/org-test/pipelines/999/pipelineRuns/7)" 404 "an unknown pipeline is 404"
is "$(get errorCode)" InvalidPipeline.NotFound "an unknown pipeline gets InvalidPipeline.NotFound"
is "$(mock_curl GetPipelineRun GET /organization/org-test/pipelines/101/pipelineRuns/99)" 404 "an unknown run is 404"
is "$(get errorCode)" InvalidPipelineRun.NotFound "an unknown run gets InvalidPipelineRun.NotFound"
is "$(mock_curl GetPipelineRun GET /organization/org-other/pipelines/101/pipelineRuns/7)" 404 \
	"a pipeline of another org is not found"
is "$(mock_curl RefusePipelineValidate POST $RUN7/jobs/1002/refuse)" 403 "refusing a gate whose refuse is disabled is 403"
is "$(get errorCode)" Forbidden.AccessDenied "a disabled action gets Forbidden.AccessDenied"
is "$(mock_curl PassPipelineValidate POST /organization/org-test/pipelines/101/pipelineRuns/8/jobs/1101/pass)" 403 \
	"passing a gate whose pass is disabled is 403"
is "$(mock_curl RefusePipelineValidate POST $RUN7/jobs/1003/refuse)" 400 "refusing a job that is no gate is 400"
is "$(get errorCode)" InvalidParam.ParamNotPresent "a job that is no gate gets InvalidParam.ParamNotPresent"
is "$(mock_curl RefusePipelineValidate POST $RUN7/jobs/9999/refuse)" 400 "refusing an unknown job is 400"
is "$(mock_curl RefusePipelineValidate POST /organization/org-test/pipelines/101/pipelineRuns/6/jobs/901/refuse)" 400 \
	"refusing a gate that was already passed is 400"

# ---- state: refuse -----------------------------------------------------------------------------
is "$(mock_curl RefusePipelineValidate POST $RUN7/jobs/1001/refuse)" 200 "refusing pending gate 1001 succeeds"
is "$(get success)" true "the refusal says success:true"
mock_curl GetPipelineRun GET $RUN7 >/dev/null
is "$(get pipelineRun.stages.1.stageInfo.jobs.0.status)" FAIL "a refused gate's job is FAIL"
is "$(get pipelineRun.stages.1.stageInfo.status)" FAIL "a refused gate's stage is FAIL"
is "$(get pipelineRun.status)" FAIL "a refused gate's run is FAIL"
is "$(get pipelineRun.stages.1.stageInfo.jobs.0.actions)" '[]' "a refused gate offers no actions"
is "$(mock_curl RefusePipelineValidate POST $RUN7/jobs/1001/refuse)" 400 "refusing the same gate again is 400"
is "$(get errorCode)" InvalidParam.ParamNotPresent "a second refusal gets InvalidParam.ParamNotPresent"
like "$(get errorMessage)" 'not waiting' "a second refusal says the gate is no longer waiting"
is "$(mock_count action=RefusePipelineValidate job=1001)" 2 "the log counts both refuse requests for job 1001"
is "$(mock_count action=RefusePipelineValidate job=1001 status=200)" 1 "the log tells the accepted refusal apart"
last=$(grep '"job":"1001"' "$MOCK_LOG" | tail -n 1)
for field in method path query action auth status requestId job time; do
	ok "log lines carry $field" json_get $field <<<"$last"
done
is "$(json_get auth <<<"$last")" ok "the log says auth ok for a signed request"

# ---- state: pass -------------------------------------------------------------------------------
mock_start basic
is "$(mock_curl PassPipelineValidate POST $RUN7/jobs/1001/pass)" 200 "passing gate 1001 succeeds"
mock_curl GetPipelineRun GET $RUN7 >/dev/null
is "$(get pipelineRun.stages.1.stageInfo.jobs.0.status)" SUCCESS "a passed gate's job is SUCCESS"
is "$(get pipelineRun.status)" RUNNING "the run keeps running while gate 1002 waits"
is "$(mock_curl PassPipelineValidate POST $RUN7/jobs/1002/pass)" 200 "passing gate 1002 succeeds"
mock_curl GetPipelineRun GET $RUN7 >/dev/null
is "$(get pipelineRun.status)" SUCCESS "with no gate left the run is SUCCESS"
is "$(get pipelineRun.stages.2.stageInfo.jobs.0.status)" SUCCESS "the rest of the run finishes"

# ---- pagination --------------------------------------------------------------------------------
RUNS=/organization/org-test/pipelines/102/pipelineRuns
mock_curl ListPipelineRuns GET $RUNS >/dev/null
is "$(get pipelineRuns | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 10 \
	"ListPipelineRuns pages 10 runs by default"
is "$(get totalCount)" 25 "ListPipelineRuns reports totalCount"
is "$(get pipelineRuns.0.pipelineRunId)" 2025 "runs come newest first"
seen=() token=
for page in 1 2 3 4; do
	mock_curl ListPipelineRuns GET $RUNS maxResults=10 ${token:+nextToken=$token} >/dev/null
	seen+=($(get pipelineRuns | python3 -c 'import json,sys; print(" ".join(str(r["pipelineRunId"]) for r in json.load(sys.stdin)))'))
	token=$(get nextToken) || break
done
is "$page" 3 "25 runs take three pages of 10"
is "${#seen[@]}" 25 "the pages hold all 25 runs"
is "$(printf '%s\n' "${seen[@]}" | sort -u | wc -l)" 25 "no run appears twice across pages"
is "${seen[0]}/${seen[24]}" 2025/2001 "the pages run from the newest to the oldest"
mock_curl ListPipelineRuns GET $RUNS status=RUNNING maxResults=30 >/dev/null
is "$(get totalCount)" 5 "the status filter keeps only RUNNING runs"
is "$(mock_curl ListPipelineRuns GET $RUNS nextToken=bogus)" 400 "a forged nextToken is refused"
is "$(mock_curl ListPipelineRuns GET $RUNS maxResults=0)" 400 "maxResults=0 is refused"
mock_curl ListPipelines GET /organization/org-test/pipelines >/dev/null
is "$(get totalCount)" 3 "ListPipelines lists the org's pipelines"
is "$(get pipelines.0.pipelineName)" "部署到生产环境 Deploy to production" "pipeline names keep their Chinese text"
mock_curl ListPipelineRuns GET /organization/org-test/pipelines/103/pipelineRuns >/dev/null
is "$(get totalCount)/$(get pipelineRuns)" '0/[]' "a pipeline without runs lists none"
nok "the last page has no nextToken" get nextToken

# ---- keep-alive --------------------------------------------------------------------------------
mock_start basic --no-auth --latency 300
start=$(date +%s%N)
is "$(curl -s -o /dev/null -w '%{http_code}' "$MOCK_URL$RUN7")" 200 "--no-auth accepts unsigned requests"
ok "--latency delays every answer" [ $(( ($(date +%s%N) - start) / 1000000 )) -ge 300 ]
is "$(tail -n 1 "$MOCK_LOG" | json_get auth)" off "the log says auth off under --no-auth"
reused=$(curl -sv -o /dev/null -o /dev/null "$MOCK_URL$RUN7" "$MOCK_URL$RUN7" 2>&1 | grep -ci 're-\?using existing connection')
is "$reused" 1 "a second request reuses the kept-alive connection"

# ---- faults ------------------------------------------------------------------------------------
FAULTS=$(mock_scenario faults <<EOF
{
  "base": "$MOCK_SCENARIOS/basic.json",
  "faults": [
    { "action": "GetPipelineRun", "run": 6, "times": 1, "status": 500 },
    { "action": "ListPipelines", "org": "org-test", "status": 429, "code": "Throttling.User",
      "shape": "gateway", "retryAfterMs": 1500 },
    { "action": "ListPipelineRuns", "pipeline": 103, "http200": true, "code": "InternalError",
      "message": "busy" },
    { "action": "GetPipelineRun", "run": 8, "status": 502,
      "body": "<html><body>502 Bad Gateway</body></html>" },
    { "action": "GetPipeline", "pipeline": 102, "truncate": 10 },
    { "action": "GetPipeline", "pipeline": 103, "drop": true },
    { "action": "GetPipeline", "pipeline": 101, "delayMs": 400 },
    { "action": "ListPipelines", "org": "org-other", "trickleMs": 3 },
    { "action": "ListPipelineRuns", "pipeline": 101, "largeBodyMB": 2 },
    { "action": "RefusePipelineValidate", "job": "1001", "times": 1, "status": 503 },
    { "action": "PassPipelineValidate", "job": "1002", "times": 1, "status": 500,
      "applyThenFail": true }
  ]
}
EOF
)
mock_start "$FAULTS"
P=/organization/org-test/pipelines
is "$(mock_curl GetPipelineRun GET $P/101/pipelineRuns/6)" 500 "a status fault answers with its status"
is "$(get errorCode)" InternalError "a 500 fault defaults to InternalError in the API shape"
is "$(mock_curl GetPipelineRun GET $P/101/pipelineRuns/6)" 200 "\"times\": 1 faults only the first request"
is "$(mock_count action=GetPipelineRun fault=error)" 1 "the log marks the faulted request"

is "$(mock_curl ListPipelines GET $P)" 429 "a throttling fault answers 429"
is "$(get Code)" Throttling.User "a gateway-shaped fault uses the gateway shape"
is "$(mock_header x-acs-retry-after)" 1500 "retryAfterMs sets x-acs-retry-after"

is "$(mock_curl ListPipelineRuns GET $P/103/pipelineRuns)" 200 "an http200 fault answers HTTP 200"
is "$(get success)/$(get errorCode)" false/InternalError "an http200 fault says success:false with its code"

is "$(mock_curl GetPipelineRun GET $P/101/pipelineRuns/8)" 502 "a raw-body fault answers its status"
is "$(mock_body)" "<html><body>502 Bad Gateway</body></html>" "a raw-body fault sends its body as is"
like "$(mock_header content-type)" '^text/html' "an HTML body is sent as text/html"

mock_curl GetPipeline GET $P/102 >/dev/null
is "$(cat "$MOCK_DIR/curl_exit")" 18 "a truncated body makes curl report a partial transfer"
is "$(wc -c <"$MOCK_DIR/body")" 10 "a truncated answer stops after the given bytes"

is "$(mock_curl GetPipeline GET $P/103)" 000 "a dropped request gets no answer"
is "$(cat "$MOCK_DIR/curl_exit")" 52 "a dropped request closes the connection without a reply"
is "$(mock_count action=GetPipeline fault=drop status=0)" 1 "the log records the dropped request with status 0"

start=$(date +%s%N)
is "$(mock_curl GetPipeline GET $P/101)" 200 "a delayed answer still arrives"
ok "delayMs delays the answer" [ $(( ($(date +%s%N) - start) / 1000000 )) -ge 400 ]

start=$(date +%s%N)
is "$(mock_curl ListPipelines GET /organization/org-other/pipelines)" 200 "a trickled answer arrives whole"
ok "a trickled answer is valid JSON" get pipelines
ok "trickleMs sends the body slowly" [ $(( ($(date +%s%N) - start) / 1000000 )) -ge $(($(wc -c <"$MOCK_DIR/body") * 3)) ]

is "$(mock_curl ListPipelineRuns GET $P/101/pipelineRuns)" 200 "a large-body answer arrives"
ok "largeBodyMB makes the body that large" [ "$(wc -c <"$MOCK_DIR/body")" -ge $((2 << 20)) ]
is "$(get totalCount)" 3 "a large body is still the valid answer"

is "$(mock_curl RefusePipelineValidate POST $RUN7/jobs/1001/refuse)" 503 "a faulted refusal fails"
mock_curl GetPipelineRun GET $RUN7 >/dev/null
is "$(get pipelineRun.stages.1.stageInfo.jobs.0.status)" WAITING "a faulted refusal leaves the gate waiting"
is "$(mock_curl RefusePipelineValidate POST $RUN7/jobs/1001/refuse)" 200 "the refusal succeeds once the fault is spent"
is "$(mock_count action=RefusePipelineValidate job=1001)" 2 "both refuse attempts reached the server"

is "$(mock_curl PassPipelineValidate POST $RUN7/jobs/1002/pass)" 500 "an applyThenFail fault answers with an error"
mock_curl GetPipelineRun GET $RUN7 >/dev/null
is "$(get pipelineRun.stages.1.stageInfo.jobs.1.status)" SUCCESS "an applyThenFail fault still changes the state"

# ---- the mock's clock --------------------------------------------------------------------------
SKEWED=$(mock_scenario skewed <<EOF
{ "base": "$MOCK_SCENARIOS/basic.json", "clockSkewSeconds": 3600 }
EOF
)
mock_start "$SKEWED"
is "$(mock_curl GetPipelineRun GET $RUN7)" 400 "a mock clock an hour ahead refuses a correct date"
is "$(get Code)" InvalidTimeStamp.Expired "clockSkewSeconds provokes InvalidTimeStamp.Expired"
is "$(mock_curl --skew 3600 GetPipelineRun GET $RUN7)" 200 "a date matching the skewed clock is accepted"

# ---- scenarios and stopping --------------------------------------------------------------------
BROKEN=$(mock_scenario broken <<<'{ "orgs": [ { "id": "o", "pipelines": [ { "id": 1 }, { "id": 1 } ] } ] }')
nok "a scenario with duplicate ids is rejected" "$FLOWMOCK" --scenario "$BROKEN"
like "$(cat "$TEST_TMPDIR/last.err")" 'used twice' "the rejection names the problem"
nok "flowmock without --scenario is a usage error" "$FLOWMOCK"

mock_start demo
is "$(mock_curl ListPipelines GET /organization/62b3f7c1a8e6d2f0b9c4e5d1/pipelines)" 200 "the demo scenario loads"
is "$(get totalCount)" 3 "the demo org has three pipelines"

port=$MOCK_PORT
mock_stop
is "$?" 0 "SIGTERM stops flowmock with status 0"
nok "a stopped mock no longer listens" curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$port/"

mock_start basic
mock_stop INT
is "$?" 0 "SIGINT stops flowmock with status 0, even started in the background"

done_testing
