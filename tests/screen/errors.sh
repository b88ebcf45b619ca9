#!/bin/bash
# The status pane after each shape of failure of a refuse: an API error on HTTP 200, a gateway
# error, an HTML page from a proxy, a dropped connection; messages in English and Chinese; the
# audit log's word for each; and a screen whose data cannot be loaded.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

# refuse_with_fault NAME FAULT [FLOWGATE ARGS...]: refuses gate 1001 of run 7 against the basic
# scenario with FAULT (a JSON object) on that refuse, and dumps the screen as NAME.
refuse_with_fault() {
	local name=$1 fault=$2 scenario
	shift 2
	scenario=$(mock_scenario "$name" <<-JSON
	{ "base": "$MOCK_SCENARIOS/basic.json",
	  "faults": [ $(sed 's/^{/{ "action": "RefusePipelineValidate", "job": "1001", /' <<<"$fault") ] }
	JSON
	)
	mock_start "$scenario"
	rm -f "$AUDIT"
	screen_run "$name" --pipeline 101 --run 7 "$@" <<-SCRIPT
	wait-idle
	key r
	sleep-ms 300
	key y
	wait-idle
	dump $name
	SCRIPT
}

refuse_with_fault api-200 '{ "http200": true, "code": "InvalidPipelineRun.NotFound", "message": "run gone" }'
screen_is api-200 "an API error inside HTTP 200: the outcome is unknown (only a 4xx refuses), with the code, the message and the requestId"
is "$(audit_field 2 outcome)" unknown "it is audited as unknown"

refuse_with_fault gateway-403 '{ "status": 403, "shape": "gateway", "code": "Forbidden.AccessDenied", "message": "denied" }'
screen_is gateway-403 "a gateway error: HTTP 403, its code, the mapped message and the requestId"
is "$(audit_field 2 outcome)/$(audit_field 2 httpStatus)" refused/403 "it is audited as refused with HTTP 403"

refuse_with_fault gateway-403-zh '{ "status": 403, "shape": "gateway", "code": "Forbidden.AccessDenied", "message": "denied" }' --lang zh
screen_is gateway-403-zh "with --lang zh the mapped message is Chinese"

refuse_with_fault html-502 '{ "body": "<html><body><h1>502 Bad Gateway</h1></body></html>", "contentType": "text/html" }'
screen_is html-502 "an HTML 502 from a proxy: the outcome is unknown, and says why"
is "$(audit_field 2 outcome)" unknown "it is audited as unknown"

refuse_with_fault dropped '{ "drop": true }'
screen_is dropped "a dropped connection: the outcome is unknown and there is no requestId"
is "$(audit_field 2 outcome)" unknown "it is audited as unknown"
is "$(mock_count action=RefusePipelineValidate)" 1 "the refuse is not retried after the connection dropped"

refuse_with_fault throttled '{ "status": 429, "code": "Throttling.User", "retryAfterMs": 40000 }'
screen_is throttled "a throttled refuse: rejected, and the footer counts down the server's retry-after"

# The run itself cannot be loaded once (an answer no retry would change), then it can.
scenario=$(mock_scenario load-fails <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json",
  "faults": [ { "action": "GetPipelineRun", "times": 1, "status": 403, "code": "Forbidden.AccessDenied" } ] }
JSON
)
mock_start "$scenario"
screen_run load-fails --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
dump load-failed
key R
wait-idle
dump load-retried
SCRIPT
screen_is load-failed "a screen that could not load says so, and the status pane says why"
screen_is load-retried "R loads it again"

mock_start basic
touch "$TEST_TMPDIR/not-a-dir"
XDG_STATE_HOME=$TEST_TMPDIR/not-a-dir screen_run audit-unwritable --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key r
sleep-ms 300
key y
wait-idle
dump audit-unwritable
SCRIPT
shown=$(screen_text audit-unwritable | sed 's/^ *//' | tr -d '\n')
like "$shown" "#1001: not sent.*not sending the refuse: the audit log must record it first" \
	"an audit log that cannot be written: the status pane says the refuse was not sent, and why"
like "$shown" "audit_log = off" "it says how to turn the log off"
is "$(mock_count method=POST)" 0 "no refuse reached the server without its audit line"

# The sending line fits under the file size limit, the outcome line does not: the refuse went
# through, and the status pane says so in an error line, with its requestId.
mock_start basic
mkdir -p "$TEST_TMPDIR/fsize/flowgate"
SCREEN_LINES=30 XDG_STATE_HOME=$TEST_TMPDIR/fsize screen_run probe --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key r
sleep-ms 300
key y
wait-idle
SCRIPT
sending_len=$(head -n 1 "$TEST_TMPDIR/fsize/flowgate/audit.log" | wc -c)
pad=$((1024 - sending_len - 11))
printf '{"pad":"%s"}\n' "$(head -c "$pad" /dev/zero | tr '\0' x)" >"$TEST_TMPDIR/fsize/flowgate/audit.log"
mock_start basic
(ulimit -f 1 && SCREEN_LINES=30 XDG_STATE_HOME=$TEST_TMPDIR/fsize screen_run audit-outcome-lost \
	--pipeline 101 --run 7) <<'SCRIPT'
wait-idle
key r
sleep-ms 300
key y
wait-idle
dump audit-outcome-lost
SCRIPT
SCREEN_DIR=$TEST_TMPDIR/screens/audit-outcome-lost   # set in the subshell that had the limit
rid=$(jq -r 'select(.action == "RefusePipelineValidate") | .requestId' "$MOCK_LOG")
shown=$(screen_text audit-outcome-lost | sed 's/^ *//' | tr -d '\n')
is "$(tail -n 1 "$TEST_TMPDIR/fsize/flowgate/audit.log" | json_get outcome)" sending "the log ends with the sending line"
like "$shown" "WAS sent \(outcome ok, ?requestId=$rid\).*lacks its outcome ?line" \
	"the status pane says the refuse was sent, with its requestId, and that the log lacks its outcome"

done_testing
