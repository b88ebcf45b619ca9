#!/bin/bash
# The fault matrix: flowgate against a misbehaving server or network, one row per fault. Each row
# runs, with the fault in place,
#   - `gates` (a read: GetPipelineRun) on the command line,
#   - `refuse` of a pending gate on the command line,
#   - the console (headless) on the run's gates, and a confirmed refuse in the console,
# and checks the exit code and message, the audit line of each refuse, that nothing took longer
# than --timeout allows, that no pass or refuse reached the server twice, that the console's
# status pane says what happened, and that nothing crashed. The results go to a Markdown table.
#
# usage: tests/robustness/matrix.sh [--fast | --slow | --all] [--part K/N] [ROW...]   (from a build
#        directory, or with top_builddir set)
#   --fast  the rows `make check` runs (the default)   --slow  the rows that take seconds each
#   --all   both                                       ROW...  just these rows, by name
#   --part K/N  every Nth of the chosen rows from the Kth: `make check` runs the fast rows in
#           parts (tests/robustness/matrix-K.sh) so that they run side by side
#   --list  print the row names and what each injects
# The table goes to $ROBUST_RESULTS (default: $top_builddir/tests/robustness/matrix.md, or
# matrix-K.md for a part); tests/robustness/run-long writes the full one to RESULTS.md.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
[ -n "${top_builddir:-}" ] || [ ! -x ./flowgate ] || top_builddir=$PWD   # run by hand in a build directory
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/robustness/robust.bash"

WORLDS=$top_srcdir/tests/robustness/worlds.py
BASIC=$MOCK_SCENARIOS/basic.json
READ=(gates --pipeline 101 --run 7)

# ---- the rows ------------------------------------------------------------------------------
# Each row_NAME sets what to inject and what must come of it (the defaults are in row_reset):
#   DESC                  what the row is
#   SERVER                mock | closed (nothing listens) | blackhole (connect never completes) |
#                         proxy (an https endpoint behind a loopback proxy that refuses CONNECT)
#   WORLD                 the mock's scenario; READ_FAULT and ACT_FAULT: faults (JSON) for the
#                         reads and for the refuse
#   ACT                   both: refuse on the command line and in the console; cli: on the
#                         command line only (the console cannot load a gate to refuse)
#   TIMEOUT, ENV          --timeout, and environment for flowgate (e.g. a wrong secret)
#   REFUSE_JOB            the job the command line refuses
#   X_READ_RC, X_READ_MSG the exit code of `gates` and a regex its first stderr line matches
#   X_GETS                a regex the number of GetPipelineRun requests the mock saw matches
#   X_ACT_RC, X_AUDIT     the exit code of `refuse` and the outcome its audit line records (after
#                         its "sending" line)
#   X_POSTS               how many refuses the mock saw for one attempt (0 or 1, never more)
#   X_CON_READ, X_CON_ACT regexes the console's status line matches after loading / refusing
#   EXTRA                 a function with further checks of the row

ROWS=(conn-refused proxy-refuses-connect reset-mid-body no-answer read-timeout 5xx-html 5xx-then-ok
	500-json 503-json 504-json truncated-json
	garbage-200 success-false-200 throttled throttled-then-ok timestamp-expired signature-mismatch
	nested-100k invalid-utf8 escape-names numbers-out-of-range ids-out-of-range special-ids
	connect-timeout trickle body-64mib)
# seconds each: `make check-long` and run-long run them, `make check` not
SLOW_ROWS=" read-timeout connect-timeout trickle body-64mib "

row_reset() {
	DESC= SERVER=mock WORLD=$BASIC READ_FAULT= ACT_FAULT= ACT=both TIMEOUT=5 ENV=() REFUSE_JOB=1001
	X_READ_RC=0 X_READ_MSG='^\(nothing\)$' X_GETS='^1$' X_ACT_RC=0 X_AUDIT=ok X_POSTS=1
	X_CON_READ='^\(none\)$' X_CON_ACT='refuse .*#1001: ok' EXTRA=
}

row_conn_refused() {
	DESC="connection refused: nothing listens on the port"
	SERVER=closed
	X_READ_RC=4 X_READ_MSG='could not connect to 127\.0\.0\.1:[0-9]+: connection refused \(after 3 attempts\)'
	X_GETS='^0$' X_ACT_RC=4 X_AUDIT=network-error X_POSTS=0
	X_CON_READ='load run #7: failed.*could not connect.*connection refused'
	ACT=cli
}

row_proxy_refuses_connect() {
	DESC="an https endpoint behind a proxy that refuses CONNECT with 403"
	SERVER=proxy
	X_READ_RC=4 X_READ_MSG='the proxy refused to connect to devops\.example\.invalid:443 \(HTTP 403\) \(after 3 attempts\)'
	X_GETS='^0$' X_ACT_RC=4 X_AUDIT=network-error X_POSTS=0
	X_CON_READ='load run #7: failed.*the proxy refused to connect'
	ACT=cli
	EXTRA=extra_only_connects
}

row_reset_mid_body() {
	DESC="the connection closes mid-body (40 of the announced bytes; the refuse is done first)"
	READ_FAULT='{"action": "GetPipelineRun", "truncate": 40}'
	ACT_FAULT='{"action": "RefusePipelineValidate", "truncate": 10, "applyThenFail": true}'
	X_READ_RC=5 X_READ_MSG='closed before the answer was complete \(after 3 attempts\)' X_GETS='^3$'
	X_ACT_RC=5 X_AUDIT=unknown
	X_CON_READ='load run #7: failed.*closed before the answer was complete'
	X_CON_ACT='refuse .*#1001: OUTCOME UNKNOWN'
}

row_no_answer() {
	DESC="the server reads the request and closes without a byte (the refuse is done first)"
	READ_FAULT='{"action": "GetPipelineRun", "drop": true}'
	ACT_FAULT='{"action": "RefusePipelineValidate", "drop": true, "applyThenFail": true}'
	X_READ_RC=4 X_READ_MSG='closed the connection without answering \(after 3 attempts\)' X_GETS='^3$'
	X_ACT_RC=4 X_AUDIT=unknown
	X_CON_READ='load run #7: failed.*closed the connection without answering'
	X_CON_ACT='refuse .*#1001: OUTCOME UNKNOWN'
	EXTRA=extra_unknown_advice
}

row_read_timeout() {
	DESC="read timeout: the answer comes 3 s late, --timeout 1 (the refuse is done)"
	TIMEOUT=1
	READ_FAULT='{"action": "GetPipelineRun", "delayMs": 3000}'
	ACT_FAULT='{"action": "RefusePipelineValidate", "delayMs": 3000}'
	X_READ_RC=4 X_READ_MSG='no answer from 127\.0\.0\.1:[0-9]+ within 1 s' X_GETS='^1$'
	X_ACT_RC=4 X_AUDIT=unknown
	X_CON_READ='load run #7: failed.*no answer from .* within 1 s'
	X_CON_ACT='refuse .*#1001: OUTCOME UNKNOWN'
	EXTRA=extra_unknown_advice
}

row_5xx_html() {
	DESC="HTTP 502 with an HTML page from a proxy"
	READ_FAULT='{"action": "GetPipelineRun", "status": 502, "body": "<html><body><h1>502 Bad Gateway</h1></body></html>"}'
	ACT_FAULT='{"action": "RefusePipelineValidate", "status": 502, "body": "<html><body><h1>502 Bad Gateway</h1></body></html>"}'
	X_READ_RC=5 X_READ_MSG='502' X_GETS='^3$'
	X_ACT_RC=5 X_AUDIT=unknown
	X_CON_READ='load run #7: failed, HTTP 502' X_CON_ACT='refuse .*#1001: OUTCOME UNKNOWN.*HTTP 502'
	EXTRA=extra_no_html
}

row_5xx_then_ok() {
	DESC="one HTTP 503 ServiceUnavailable, then normal answers"
	READ_FAULT='{"action": "GetPipelineRun", "status": 503, "times": 1}'
	ACT_FAULT='{"action": "RefusePipelineValidate", "status": 503, "times": 1}'
	X_READ_RC=0 X_GETS='^2$'
	X_ACT_RC=4 X_AUDIT=unknown
	X_CON_ACT='refuse .*#1001: OUTCOME UNKNOWN.*HTTP 503'
	EXTRA=extra_unknown_advice
}

# row_5xx_json STATUS CODE: every answer is STATUS with the API's JSON error CODE; the refuse is
# done first. A read is the server's error; a pass or refuse's outcome is unknown.
row_5xx_json() {
	DESC="HTTP $1 $2 as API JSON, every time (the refuse is done first)"
	READ_FAULT="{\"action\": \"GetPipelineRun\", \"status\": $1, \"code\": \"$2\"}"
	ACT_FAULT="{\"action\": \"RefusePipelineValidate\", \"status\": $1, \"code\": \"$2\", \"applyThenFail\": true}"
	X_READ_RC=1 X_READ_MSG="\\(HTTP $1\\); nothing was changed: try again later\\. \\($2, requestId=" X_GETS='^3$'
	X_ACT_RC=4 X_AUDIT=unknown
	X_CON_READ="load run #7: failed, HTTP $1, $2" X_CON_ACT="refuse .*#1001: OUTCOME UNKNOWN.*HTTP $1, $2"
	EXTRA=extra_unknown_advice
}

row_500_json() { row_5xx_json 500 InternalError; }
row_503_json() { row_5xx_json 503 ServiceUnavailable; }
row_504_json() { row_5xx_json 504 GatewayTimeout; }

row_truncated_json() {
	DESC="HTTP 200 whose JSON stops in the middle"
	READ_FAULT='{"action": "GetPipelineRun", "status": 200, "body": "{\"requestId\": \"X\", \"success\": true, \"pipelineRun\": {\"stages\": [ {"}'
	ACT_FAULT='{"action": "RefusePipelineValidate", "status": 200, "body": "{\"requestId\": \"X\", \"succ"}'
	X_READ_RC=5 X_READ_MSG='JSON' X_ACT_RC=5 X_AUDIT=unknown
	X_CON_READ='load run #7: failed, HTTP 200' X_CON_ACT='refuse .*#1001: OUTCOME UNKNOWN'
}

row_garbage_200() {
	DESC="HTTP 200 with a body that is not JSON"
	READ_FAULT='{"action": "GetPipelineRun", "status": 200, "body": "garbage, not json"}'
	ACT_FAULT='{"action": "RefusePipelineValidate", "status": 200, "body": "garbage, not json"}'
	X_READ_RC=5 X_READ_MSG='not JSON' X_ACT_RC=5 X_AUDIT=unknown
	X_CON_READ='load run #7: failed, HTTP 200.*not JSON' X_CON_ACT='refuse .*#1001: OUTCOME UNKNOWN'
}

row_success_false_200() {
	DESC="HTTP 200 with success:false and an error code"
	READ_FAULT='{"action": "GetPipelineRun", "http200": true, "code": "InvalidParam.ParamNotPresent"}'
	ACT_FAULT='{"action": "RefusePipelineValidate", "http200": true, "code": "InvalidParam.ParamNotPresent"}'
	X_READ_RC=1 X_READ_MSG='The parameter is invalid\. \(InvalidParam\.ParamNotPresent, HTTP 200'
	X_ACT_RC=4 X_AUDIT=unknown
	X_CON_READ='load run #7: failed, HTTP 200, InvalidParam\.ParamNotPresent'
	X_CON_ACT='refuse .*#1001: OUTCOME UNKNOWN.*HTTP 200, InvalidParam\.ParamNotPresent'
}

row_throttled() {
	DESC="throttled on every request: gateway Throttling.User with x-acs-retry-after: 300"
	READ_FAULT='{"action": "GetPipelineRun", "status": 400, "shape": "gateway", "code": "Throttling.User", "retryAfterMs": 300}'
	ACT_FAULT='{"action": "RefusePipelineValidate", "status": 400, "shape": "gateway", "code": "Throttling.User", "retryAfterMs": 300}'
	X_READ_RC=1 X_READ_MSG='Throttling\.User, HTTP 400' X_GETS='^3$'
	X_ACT_RC=1 X_AUDIT=refused
	X_CON_READ='load run #7: failed, HTTP 400, Throttling\.User'
	X_CON_ACT='refuse .*#1001: rejected by the server, HTTP 400, Throttling\.User'
	EXTRA=extra_retry_after_honoured
}

row_throttled_then_ok() {
	DESC="throttled once (HTTP 429 Throttling.User, x-acs-retry-after: 300), then normal answers"
	READ_FAULT='{"action": "GetPipelineRun", "status": 429, "retryAfterMs": 300, "times": 1}'
	ACT_FAULT='{"action": "RefusePipelineValidate", "status": 429, "retryAfterMs": 300, "times": 1}'
	X_READ_RC=0 X_GETS='^2$'
	X_ACT_RC=1 X_AUDIT=refused
	X_CON_ACT='refuse .*#1001: rejected by the server, HTTP 429, Throttling\.User'
	EXTRA=extra_retry_after_honoured
}

row_timestamp_expired() {
	DESC="InvalidTimeStamp.Expired: the server's clock is an hour ahead"
	WORLD=$(mock_scenario skewed <<JSON
{"base": "$BASIC", "clockSkewSeconds": 3600}
JSON
)
	X_READ_RC=3 X_READ_MSG='InvalidTimeStamp\.Expired' X_GETS='^1$'
	X_ACT_RC=3 X_AUDIT=refused
	X_CON_READ='load run #7: failed, HTTP 400, InvalidTimeStamp\.Expired'
	ACT=cli
}

row_signature_mismatch() {
	DESC="SignatureDoesNotMatch: the AccessKey secret is wrong"
	ENV=(ALIBABA_CLOUD_ACCESS_KEY_SECRET=not-the-secret-of-this-key)
	X_READ_RC=3 X_READ_MSG='SignatureDoesNotMatch' X_GETS='^1$'
	X_ACT_RC=3 X_AUDIT=refused
	X_CON_READ='load run #7: failed, HTTP 400, SignatureDoesNotMatch'
	ACT=cli
	EXTRA=extra_signature_refused_at_the_gateway
}

row_nested_100k() {
	DESC="HTTP 200 whose JSON nests 100 000 arrays deep"
	READ_FAULT="{\"action\": \"GetPipelineRun\", \"status\": 200, \"body\": $(python3 "$WORLDS" body nested)}"
	ACT_FAULT="{\"action\": \"RefusePipelineValidate\", \"status\": 200, \"body\": $(python3 "$WORLDS" body nested)}"
	X_READ_RC=5 X_READ_MSG='nested too deeply' X_ACT_RC=5 X_AUDIT=unknown
	X_CON_READ='load run #7: failed, HTTP 200.*nested too deeply' X_CON_ACT='refuse .*#1001: OUTCOME UNKNOWN'
}

row_invalid_utf8() {
	DESC="pipeline, stage and job names that are not UTF-8"
	python3 "$WORLDS" scenario invalid-utf8 "$BASIC" >"$RB_DIR/invalid-utf8.json"
	WORLD=$RB_DIR/invalid-utf8.json
	EXTRA=extra_output_is_inert
}

row_escape_names() {
	DESC="names full of escape sequences (colour, title, clear screen, C1 CSI), bidi and C0 controls"
	python3 "$WORLDS" scenario escapes "$BASIC" >"$RB_DIR/escapes.json"
	WORLD=$RB_DIR/escapes.json
	EXTRA=extra_output_is_inert
}

row_numbers_out_of_range() {
	DESC="times, counts and indexes out of range: 1e300, -1e300, 2^63, 1e999, 1.5"
	READ_FAULT="{\"action\": \"GetPipelineRun\", \"status\": 200, \"body\": $(python3 "$WORLDS" body numbers)}"
	ACT_FAULT=$READ_FAULT
	EXTRA=extra_numbers_listed
}

row_ids_out_of_range() {
	DESC="a job id of 1e30, which no integer holds"
	READ_FAULT="{\"action\": \"GetPipelineRun\", \"status\": 200, \"body\": $(python3 "$WORLDS" body big-ids)}"
	X_READ_RC=5 X_READ_MSG='a job id in the reply is not a whole number'
	X_CON_READ='load run #7: failed, HTTP 200.*job id in the reply is not a whole number'
	ACT=cli
}

row_special_ids() {
	DESC="job ids with '/', '..', '%' and spaces from the server; on the command line a usage error"
	READ_FAULT="{\"action\": \"GetPipelineRun\", \"status\": 200, \"body\": $(python3 "$WORLDS" body special-ids)}"
	ACT_FAULT=$READ_FAULT
	REFUSE_JOB=1003   # not a gate: refused as the console's '../1001' is
	X_ACT_RC=1 X_AUDIT=refused
	X_CON_ACT='refuse .*#\.\./1001: rejected by the server, HTTP 400, InvalidParam\.ParamNotPresent'
	EXTRA=extra_ids_stay_one_segment
}

row_connect_timeout() {
	DESC="connect timeout: a loopback listener whose backlog is full, --timeout 2"
	SERVER=blackhole TIMEOUT=2
	X_READ_RC=4 X_READ_MSG='could not connect to 127\.0\.0\.1:[0-9]+ within 2 s' X_GETS='^0$'
	X_ACT_RC=4 X_AUDIT=network-error X_POSTS=0
	X_CON_READ='load run #7: failed.*could not connect to .* within 2 s'
	ACT=cli
}

row_trickle() {
	DESC="the server trickles its answer a byte a second, --timeout 3 (the refuse is done)"
	TIMEOUT=3
	READ_FAULT='{"action": "GetPipelineRun", "trickleMs": 1000}'
	ACT_FAULT='{"action": "RefusePipelineValidate", "trickleMs": 1000}'
	X_READ_RC=4 X_READ_MSG='no answer from 127\.0\.0\.1:[0-9]+ within 3 s'
	X_ACT_RC=4 X_AUDIT=unknown
	X_CON_READ='load run #7: failed.*no answer from .* within 3 s'
	X_CON_ACT='refuse .*#1001: OUTCOME UNKNOWN.*no answer'
}

row_body_64mib() {
	DESC="HTTP 200 with a 64 MiB body (the refuse is done)"
	READ_FAULT='{"action": "GetPipelineRun", "largeBodyMB": 64}'
	ACT_FAULT='{"action": "RefusePipelineValidate", "largeBodyMB": 64}'
	X_READ_RC=5 X_READ_MSG='larger than 16 MiB'
	X_ACT_RC=5 X_AUDIT=unknown
	X_CON_READ='load run #7: failed.*larger than 16 MiB' X_CON_ACT='refuse .*#1001: OUTCOME UNKNOWN.*larger than 16 MiB'
}

# ---- checks some rows add --------------------------------------------------------------------

extra_unknown_advice() {
	like "$(cat "$RB_DIR/$ROW-refuse.err")" "check with 'flowgate gates --pipeline 101 --run 7 --all' before trying again" \
		"$ROW: a refuse whose outcome is unknown says how to check before trying again"
}

extra_only_connects() {
	is "$(grep -aE '^[A-Z]+ [^ ]+ HTTP/1\.[01]' "$RB_DIR/proxy.log" | tr -d '\r' | sort -u)" \
		"CONNECT devops.example.invalid:443 HTTP/1.1" \
		"$ROW: the proxy saw CONNECTs only, never a request to pass on"
}

extra_no_html() {
	unlike "$(cat "$RB_DIR/$ROW-gates.err" "$RB_DIR/$ROW-refuse.err")" '<html>|<h1>' \
		"$ROW: the HTML page is not dumped on the terminal"
}

extra_retry_after_honoured() {
	ok "$ROW: the read waited out x-acs-retry-after between tries ($READ_MS ms)" test "$READ_MS" -ge 300
}

extra_signature_refused_at_the_gateway() {
	is "$ACT_PASSED_GATEWAY" 0 "$ROW: the gateway turned the refuse away before the API saw it"
}

extra_output_is_inert() {
	local bad
	bad=$(rb_insane "$RB_DIR/$ROW-gates.out" "$RB_DIR/$ROW-gates.err" "$RB_DIR/$ROW-refuse.out" \
		"$RB_DIR/$ROW-refuse.err" "$RB_DIR/$ROW-console/read" "$RB_DIR/$ROW-console-act/act" "$RB_AUDIT")
	is "$bad" "" "$ROW: stdout, stderr, the screen and the audit log hold nothing a terminal would act on"
	like "$(cat "$RB_DIR/$ROW-gates.out")" "1001 .* job 1001" "$ROW: the names are still shown, made inert"
	ok "$ROW: every audit line is JSON" python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line)' "$RB_AUDIT"
}

extra_numbers_listed() {
	local out
	out=$(cat "$RB_DIR/$ROW-gates.out")
	like "$out" "1005 .*start 1\.5" "$ROW: every gate is listed despite its numbers"
	unlike "$out" '-9223372036854775808|9223372036854775807|(^|[^a-z])(inf|nan)([^a-z]|$)' \
		"$ROW: no number is shown wrapped or as infinity"
}

extra_ids_stay_one_segment() {
	local path id
	path=$(mock_requests | grep '"method":"POST"' | tail -n 1 | json_get path)
	is "$path" /organization/org-test/pipelines/101/pipelineRuns/7/jobs/..%2F1001/refuse \
		"$ROW: the console sends the server's job id '../1001' as one percent-encoded path segment"
	for id in '../1001' '..' '10 01/x' '50%2F' '1001/../1002'; do
		: >"$MOCK_LOG"
		rb_fg "$ROW-special" --timeout "$TIMEOUT" refuse --pipeline 101 --run 7 --job "$id"
		is "$RB_RC/$(mock_count method=POST)" 2/0 "$ROW: --job '$id' is a usage error and nothing is sent"
	done
	rb_fg "$ROW-usage" refuse --pipeline ../101 --run 7 --job 1001
	is "$RB_RC" 2 "$ROW: a pipeline id that is not a number is a usage error"
}

# ---- running a row ---------------------------------------------------------------------------

# Starts what the row talks to, with the given faults; exports FLOWGATE_ENDPOINT.
row_server() {
	if [ "$SERVER" = mock ]; then
		rb_with_faults "$WORLD" "$@"
		return
	fi
	mock_start "$WORLD"   # for its credentials and an empty request log
	mock_stop
	: >"$MOCK_LOG"
	case $SERVER in
	closed) FLOWGATE_ENDPOINT=http://127.0.0.1:$(rb_closed_port) ;;
	blackhole) FLOWGATE_ENDPOINT=http://127.0.0.1:$RB_HELPER_PORT ;;
	proxy) FLOWGATE_ENDPOINT=https://devops.example.invalid ;;
	esac
}

run_row() {
	ROW=$1
	local fn=row_${ROW//-/_} limit audit_before

	row_reset
	"$fn"
	limit=$((TIMEOUT * 1000 + RB_SLACK_MS))
	RB_ENV=("${ENV[@]}")
	[ "$SERVER" = blackhole ] && rb_helper_start blackhole.py
	if [ "$SERVER" = proxy ]; then
		rb_helper_start relay.py --refuse 403 "$RB_DIR/proxy.log"
		RB_ENV+=("HTTPS_PROXY=http://127.0.0.1:$RB_HELPER_PORT")
	fi
	diag "row $ROW: $DESC"

	# the command line: a read
	row_server ${READ_FAULT:+"$READ_FAULT"}
	rb_fg "$ROW-gates" --timeout "$TIMEOUT" "${READ[@]}"
	READ_RC=$RB_RC READ_MS=$RB_MS
	READ_GETS=$(mock_count action=GetPipelineRun)
	is "$READ_RC" "$X_READ_RC" "$ROW: gates exits $X_READ_RC"
	like "$(rb_first_line "$RB_DIR/$ROW-gates.err")" "$X_READ_MSG" "$ROW: gates says why"
	ok "$ROW: gates ends within --timeout $TIMEOUT ($READ_MS ms)" test "$READ_MS" -le "$limit"
	like "$READ_GETS" "$X_GETS" "$ROW: the server saw the read the expected number of times ($READ_GETS)"

	# the command line: a refuse
	row_server ${ACT_FAULT:+"$ACT_FAULT"}
	audit_before=$(rb_audit_lines)
	rb_fg "$ROW-refuse" --timeout "$TIMEOUT" refuse --pipeline 101 --run 7 --job "$REFUSE_JOB"
	ACT_RC=$RB_RC ACT_MS=$RB_MS
	[ "$SERVER" = mock ] && sleep 0.1   # the mock logs a request when it has read it whole
	ACT_POSTS=$(mock_count method=POST)
	ACT_PASSED_GATEWAY=$(mock_count method=POST auth=ok)
	ACT_AUDIT=$(rb_audit_last outcome)
	ACT_AUDIT_LINE=$(rb_audit_summary)
	is "$ACT_RC" "$X_ACT_RC" "$ROW: refuse exits $X_ACT_RC"
	is "$(($(rb_audit_lines) - audit_before))/$ACT_AUDIT" "2/$X_AUDIT" "$ROW: refuse writes its sending line and one outcome line: $X_AUDIT"
	is "$ACT_POSTS" "$X_POSTS" "$ROW: the refuse reached the server $X_POSTS time(s), never twice"
	ok "$ROW: refuse ends within --timeout $TIMEOUT ($ACT_MS ms)" test "$ACT_MS" -le "$limit"

	# the console: loading the run's gates
	row_server ${READ_FAULT:+"$READ_FAULT"}
	rb_console "$ROW-console" --timeout "$TIMEOUT" --pipeline 101 --run 7 <<-'SCRIPT'
	wait-idle
	dump read
	key q
	SCRIPT
	CON_RC=$RB_RC
	CON_READ=$(rb_status "$RB_DIR/$ROW-console/read" 'load run')
	is "$CON_RC" 0 "$ROW: the console keeps running and quits with q"
	ok "$ROW: the console's load ends within --timeout $TIMEOUT ($RB_MS ms)" test "$RB_MS" -le "$limit"
	like "$CON_READ" "$X_CON_READ" "$ROW: the console's status pane says what became of the load"

	# the console: a confirmed refuse
	CON_ACT="n/a: nothing loads, so no gate to refuse" CON_AUDIT=- CON_POSTS=-
	if [ "$ACT" = both ]; then
		row_server ${ACT_FAULT:+"$ACT_FAULT"}
		audit_before=$(rb_audit_lines)
		rb_console "$ROW-console-act" --timeout "$TIMEOUT" --pipeline 101 --run 7 <<-'SCRIPT'
		wait-idle
		key r
		sleep-ms 300
		key y
		wait-idle
		dump act
		key q
		SCRIPT
		[ "$SERVER" = mock ] && sleep 0.1
		CON_ACT=$(rb_status "$RB_DIR/$ROW-console-act/act" '^(refuse|Cannot refuse)')
		CON_POSTS=$(mock_count method=POST)
		CON_AUDIT=$(rb_audit_last outcome)
		is "$RB_RC" 0 "$ROW: the console quits with q after the refuse"
		like "$CON_ACT" "$X_CON_ACT" "$ROW: the console's status pane says what became of the refuse"
		is "$(($(rb_audit_lines) - audit_before))/$CON_AUDIT" "2/$X_AUDIT" "$ROW: the console's refuse writes its sending line and one outcome line: $X_AUDIT"
		is "$CON_POSTS" "$X_POSTS" "$ROW: the console's refuse reached the server $X_POSTS time(s), never twice"
	fi

	[ -n "$EXTRA" ] && "$EXTRA"
	is "$(rb_crashed "$RB_DIR/$ROW"-*.err "$RB_DIR/$ROW"-console*/stderr)" "" \
		"$ROW: nothing crashed and no sanitizer spoke"
	rb_helper_stop
	mock_stop_checked
}

# ---- the results table -------------------------------------------------------------------

results_header() {
	cat <<EOF
# Fault matrix

Generated by \`tests/robustness/matrix.sh\`; do not edit. Rerun one row with
\`tests/robustness/matrix.sh ROW\` (from a build directory: \`make check TESTS=tests/robustness/matrix.sh\`
runs the fast rows; \`tests/robustness/run-long\` runs them all and rewrites this file).

Each row injects one fault with the mock server (\`tests/mock\`) and runs \`flowgate gates\` (a read),
\`flowgate refuse\` of pending gate 1001, and the console headless on the same run, loading and then
refusing. *Requests* counts what the mock saw: the read's GetPipelineRun tries (reads are tried again
on connection failure, 5xx and throttling) and the refuses of the command line and of the console,
which must never exceed one each. *Time* is the command line read's, against \`--timeout\`.
Ports, request ids and milliseconds are replaced by placeholders.

| row | fault | \`gates\`: exit, first line of stderr | \`refuse\`: exit, first line of stdout, audit line | time / timeout | requests the mock saw | console status line | handled |
|---|---|---|---|---|---|---|---|
EOF
}

results_row() {
	local verdict=$1 read act time requests console
	read="exit $READ_RC: $(rb_md "$(rb_first_line "$RB_DIR/$ROW-gates.err")")"
	[ "$READ_RC" = 0 ] && read="exit 0: $(($(wc -l <"$RB_DIR/$ROW-gates.out") - 1)) gates listed"
	act="exit $ACT_RC: $(rb_md "$(rb_first_line "$RB_DIR/$ROW-refuse.out")")<br>audit: $(rb_md "$ACT_AUDIT_LINE")"
	time="$(awk -v ms="$READ_MS" 'BEGIN { printf "%.1f s", ms / 1000 }') / ${TIMEOUT} s"
	requests="GET ×$READ_GETS<br>refuse ×$ACT_POSTS"
	[ "$ACT" = both ] && requests+="<br>console refuse ×$CON_POSTS"
	console="load: $(rb_md "${CON_READ/#(none)/(nothing to report: the gates loaded)}")<br>refuse: $(rb_md "$CON_ACT")"
	printf '| `%s` | %s | %s | %s | %s | %s | %s | %s |\n' "$ROW" "$(rb_md "$DESC")" "$read" "$act" "$time" \
		"$requests" "$console" "$verdict"
}

# ---- main ------------------------------------------------------------------------------------

row_speed() {
	if [[ $SLOW_ROWS == *" $1 "* ]]; then echo slow; else echo fast; fi
}

speed=fast
part=1/1
picked=()
while [ $# -gt 0 ]; do
	arg=$1
	shift
	case $arg in
	--fast | --slow | --all) speed=${arg#--} ;;
	--part)
		part=$1
		shift
		[[ $part =~ ^[1-9][0-9]*/[1-9][0-9]*$ ]] && [ "${part%/*}" -le "${part#*/}" ] ||
			bail_out "--part wants K/N with 1 <= K <= N, not '$part'"
		;;
	--list)
		for r in "${ROWS[@]}"; do
			row_reset
			"row_${r//-/_}" 2>/dev/null
			printf '%-22s %-5s %s\n' "$r" "$(row_speed "$r")" "$DESC"
		done
		exit 0
		;;
	-*) bail_out "unknown option $arg (see the top of $0)" ;;
	*)
		declare -F "row_${arg//-/_}" >/dev/null || bail_out "no row named $arg (--list names them)"
		picked+=("$arg")
		;;
	esac
done
if [ ${#picked[@]} -eq 0 ]; then
	for r in "${ROWS[@]}"; do
		[ "$speed" = all ] || [ "$(row_speed "$r")" = "$speed" ] && picked+=("$r")
	done
fi
if [ "$part" != 1/1 ]; then
	chosen=("${picked[@]}") picked=()
	for ((i = ${part%/*} - 1; i < ${#chosen[@]}; i += ${part#*/})); do
		picked+=("${chosen[i]}")
	done
fi

RESULTS=${ROBUST_RESULTS:-$top_builddir/tests/robustness/matrix$([ "$part" = 1/1 ] || echo "-${part%/*}").md}
mkdir -p "$(dirname "$RESULTS")"
table=$RB_DIR/table.md
results_header >"$table"
for r in "${picked[@]}"; do
	failed_before=$TAP_FAILED
	run_row "$r"
	if [ "$TAP_FAILED" -eq "$failed_before" ]; then
		results_row "yes" >>"$table"
	else
		results_row "**NO**: see the TAP output" >>"$table"
	fi
done
cp "$table" "$RESULTS"
diag "results: $RESULTS"
done_testing
