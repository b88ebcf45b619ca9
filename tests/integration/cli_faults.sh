#!/bin/bash
# The command line when the server or the network misbehaves: each injected fault gives the right
# exit code, a clear message, an honest audit line, and nothing sent twice.
. "$top_srcdir/tests/lib.sh"

export FLOWGATE_ORG=org-test
GATES=(gates --pipeline 101 --run 7)
REFUSE=(refuse --pipeline 101 --run 7 --job 1001)

# ---- the server says no, in each shape --------------------------------------------------------
mock_start_fault '{"action": "GetPipelineRun", "http200": true, "code": "InvalidParam.ParamNotPresent"}'
fg "${GATES[@]}"
is "$(rc)" 1 "HTTP 200 with success:false is an API error (exit 1)"
like "$(err)" "The parameter is invalid. \(InvalidParam.ParamNotPresent, HTTP 200" "success:false on 200 shows the mapped message and code"

mock_start_fault '{"action": "GetPipelineRun", "status": 400, "shape": "gateway", "code": "Throttling.User", "retryAfterMs": 200}'
fg "${GATES[@]}"
is "$(rc)" 1 "a gateway-shaped throttling error exits 1"
like "$(err)" "Throttling.User, HTTP 400, requestId=" "the gateway shape's code and RequestId are shown"

mock_start_fault '{"action": "GetPipelineRun", "status": 418, "code": "Teapot.Brewing", "message": "I am a \u001b[31mteapot\u001b[0m"}'
fg "${GATES[@]}"
is "$(rc)" 1 "an unknown error code exits 1"
like "$(err)" "I am a .\[31mteapot.\[0m \(Teapot.Brewing, HTTP 418" "an unknown code shows the server's own message with the code"
unlike "$(err)" $'\e' "the server's escape sequences never reach the terminal"

# ---- a read that fails on the server changed nothing, and says so ----------------------------------
mock_start_fault '{"status": 503}'
for cmd in "pipelines" "runs --pipeline 101" "${GATES[*]}" "log --pipeline 101 --run 7 --job 1001" "inbox"; do
	fg --timeout 5 $cmd
	is "$(rc)" 1 "$cmd on a 503 exits 1"
	like "$(err)" "internal error \(HTTP 503\); nothing was changed: try again later" "$cmd on a 503 says nothing was changed"
	unlike "$(err)" "pass or refuse" "$cmd on a 503 does not speak of a pass or refuse"
	is "$(grep -o 'HTTP 503' "$TEST_TMPDIR/fg.err" | wc -l)" 1 "$cmd on a 503 names the status once"
done
fg --timeout 5 --json inbox
like "$(out)" '"message":"[^"]*nothing was changed' "inbox --json gives a failure on a 503 the read's words"
unlike "$(out)" "pass or refuse" "inbox --json on a 503 does not speak of a pass or refuse"
fg --timeout 5 --lang zh pipelines
like "$(err)" "（HTTP 503）；没有任何更改" "the read's words are in Chinese too"
is "$(grep -o 'HTTP 503' "$TEST_TMPDIR/fg.err" | wc -l)" 1 "the Chinese line names the status once"
like "$(err)" "请稍后再试。（ServiceUnavailable，requestId=" "its facts go on without the status"

# ---- unusable answers -------------------------------------------------------------------------
mock_start_fault '{"action": "GetPipelineRun", "body": "<html><body><h1>502 Bad Gateway</h1></body></html>", "contentType": "text/html"}'
fg "${GATES[@]}"
is "$(rc)" 5 "an HTML 502 is an unusable response (exit 5)"
like "$(err)" "502" "the HTML answer's status is named"
unlike "$(err)" "<html>|<h1>" "the HTML body is not dumped on the terminal"

mock_start_fault '{"action": "GetPipelineRun", "truncate": 40}'
fg "${GATES[@]}"
is "$(rc)" 5 "a body cut short is an unusable response (exit 5)"
like "$(err)" "closed before the answer was complete" "a cut-short body is explained"

mock_start_fault '{"action": "GetPipelineRun", "status": 200, "body": "{\"requestId\": \"X\", \"success\": true, \"pipelineRun\": {\"stages\": [ {"}'
fg "${GATES[@]}"
is "$(rc)" 5 "truncated JSON is an unusable response (exit 5)"

mock_start_fault '{"action": "GetPipelineRun", "status": 200, "body": "garbage, not json"}'
fg "${GATES[@]}"
is "$(rc)" 5 "200 with garbage is an unusable response (exit 5)"
like "$(err)" "not JSON" "garbage is called what it is"

mock_start_fault '{"action": "GetPipelineRun", "largeBodyMB": 20}'
fg "${GATES[@]}"
is "$(rc)" 5 "a body over 16 MiB is refused (exit 5)"
like "$(err)" "larger than 16 MiB" "the size limit is named"

# ---- the network ------------------------------------------------------------------------------
mock_start_fault '{"action": "GetPipelineRun", "delayMs": 3000}'
fg --timeout 1 "${GATES[@]}"
is "$(rc)" 4 "a server slower than --timeout exits 4"
like "$(err)" "within 1 s" "the timeout is named"

mock_start_fault '{"action": "GetPipelineRun", "drop": true}'
fg "${GATES[@]}"
is "$(rc)" 4 "a dropped connection exits 4"

port=$MOCK_PORT
mock_stop
FLOWGATE_ENDPOINT=http://127.0.0.1:$port fg "${REFUSE[@]}"
is "$(rc)" 4 "refuse with nothing listening exits 4"
like "$(err)" "could not connect to 127.0.0.1:$port" "a refused connection is explained"
like "$(out)" "refuse job 1001: not sent" "refuse says the request was not sent"
is "$(tail -1 "$AUDIT" | json_get outcome)" network-error "the audit log records a refuse that was never sent as network-error"

# ---- pass and refuse never go out twice, and say when the outcome is unknown ---------------------
mock_start_fault '{"action": "RefusePipelineValidate", "drop": true, "applyThenFail": true}'
fg "${REFUSE[@]}"
is "$(rc)" 4 "a refuse whose answer was lost exits 4"
like "$(out)" "refuse job 1001: outcome unknown" "a lost answer is reported as outcome unknown"
like "$(err)" "check with 'flowgate gates --pipeline 101 --run 7 --all'" "a lost answer says how to check before retrying"
is "$(mock_count action=RefusePipelineValidate)" 1 "a refuse whose answer was lost is not sent again"
is "$(tail -1 "$AUDIT" | json_get outcome)" unknown "the audit log records the lost answer as unknown"

mock_start_fault '{"action": "RefusePipelineValidate", "delayMs": 3000}'
fg --timeout 1 "${REFUSE[@]}"
is "$(rc)" 4 "a refuse that times out exits 4"
is "$(tail -1 "$AUDIT" | json_get outcome)" unknown "a refuse that timed out is logged as unknown"
mock_stop_checked   # once the mock has stopped, its log holds every request it was sent
is "$(mock_count action=RefusePipelineValidate)" 1 "a refuse that timed out was sent exactly once"

mock_start_fault '{"action": "RefusePipelineValidate", "body": "<html>502</html>", "status": 502}'
fg --json "${REFUSE[@]}"
is "$(rc)" 5 "a refuse answered with HTML exits 5"
is "$(out | json_get outcome)" unknown "--json reports an unreadable answer as outcome unknown"
is "$(tail -1 "$AUDIT" | json_get outcome)" unknown "the audit log records an unreadable answer as unknown"
is "$(tail -1 "$AUDIT" | json_get httpStatus)" 502 "the audit log keeps the HTTP status of an unreadable answer"

done_testing
