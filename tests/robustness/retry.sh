#!/bin/bash
# The retry policy, end to end: reads are tried again on connection failure, 5xx and throttling,
# after a pause that doubles from 200 ms and honours x-acs-retry-after, all within --timeout;
# a pass or refuse is tried again only when its connection failed before anything was sent, and
# an answer it may have had is never asked for twice. The mock's request log is the witness.
#
# usage: tests/robustness/retry.sh   (from a build directory, or with top_builddir set)
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
[ -n "${top_builddir:-}" ] || [ ! -x ./flowgate ] || top_builddir=$PWD   # run by hand in a build directory
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/robustness/robust.bash"

BASIC=$MOCK_SCENARIOS/basic.json
GATES=(gates --pipeline 101 --run 7)
REFUSE=(refuse --pipeline 101 --run 7 --job 1001)
reads() { mock_count action=GetPipelineRun; }
refuses() { mock_count action=RefusePipelineValidate; }
err() { cat "$RB_DIR/$1.err"; }

# ---- reads ---------------------------------------------------------------------------------------
rb_with_faults "$BASIC" '{"action": "GetPipelineRun", "status": 503, "times": 1}'
rb_fg once-503 --verbose "${GATES[@]}"
is "$RB_RC" 0 "a read answered 503 once succeeds"
is "$(reads)" 2 "the mock saw exactly two reads: the 503 and the retry"
like "$(err once-503)" "< 503 in [0-9]+ ms, requestId=MOCK-[^ ]+
< trying again in 200 ms \(attempt 2 of 3\)
> GET /organization/org-test/pipelines/101/pipelineRuns/7
< 200 in" "--verbose says when it tries again, and what came of it"
ok "the retry waited its 200 ms ($RB_MS ms)" test "$RB_MS" -ge 200

rb_with_faults "$BASIC" '{"action": "GetPipelineRun", "status": 503}'
rb_fg always-503 "${GATES[@]}"
is "$RB_RC" 1 "a read answered 503 every time ends with the server's error"
is "$(reads)" 3 "after three tries, no more"
ok "the pauses were 200 then 400 ms ($RB_MS ms)" test "$RB_MS" -ge 600
like "$(err always-503)" "\(HTTP 503\); nothing was changed: try again later\. \(ServiceUnavailable, requestId=" \
	"the last answer is reported, its status named once"

rb_with_faults "$BASIC" '{"action": "GetPipelineRun", "drop": true, "times": 2}'
rb_fg dropped "${GATES[@]}"
is "$RB_RC" 0 "a read dropped twice without an answer succeeds on the third try"
is "$(reads)" 3 "the mock saw three reads"

rb_with_faults "$BASIC" '{"action": "GetPipelineRun", "status": 429, "retryAfterMs": 900, "times": 1}'
rb_fg throttled-once "${GATES[@]}"
is "$RB_RC" 0 "a throttled read succeeds once the server's wait is over"
ok "it waited the 900 ms x-acs-retry-after asked, not the 200 ms of its own ($RB_MS ms)" test "$RB_MS" -ge 900
is "$(reads)" 2 "the mock saw two reads"

rb_with_faults "$BASIC" '{"action": "GetPipelineRun", "status": 400, "shape": "gateway", "code": "Throttling.User", "retryAfterMs": 30000}'
rb_fg throttled-long --verbose "${GATES[@]}"
is "$RB_RC" 1 "a server asking to wait 30 s gets its answer shown at once"
is "$(reads)" 1 "no second try"
ok "nothing waited ($RB_MS ms)" test "$RB_MS" -lt 2000
like "$(err throttled-long)" "not trying again: the server asks to wait 30000 ms" "--verbose says why it stops"

rb_with_faults "$BASIC" '{"action": "GetPipelineRun", "status": 503}'
rb_fg within-timeout --timeout 1 "${GATES[@]}"
ok "tries and pauses end within --timeout 1 ($RB_MS ms)" test "$RB_MS" -le $((1000 + RB_SLACK_MS))
like "$(reads)" '^[23]$' "only the tries that fit in the second were made ($(reads))"

rb_with_faults "$BASIC" '{"action": "GetPipelineRun", "status": 404, "code": "InvalidPipelineRun.NotFound"}'
rb_fg not-found "${GATES[@]}"
is "$(reads)" 1 "a 404 is not tried again"

port=$(rb_closed_port)
FLOWGATE_ENDPOINT=http://127.0.0.1:$port rb_fg refused --verbose "${GATES[@]}"
is "$RB_RC" 4 "a read that cannot connect exits 4 after its tries"
is "$(grep -c '^< trying again' "$RB_DIR/refused.err")" 2 "--verbose shows two retries"
like "$(err refused)" "connection refused \(after 3 attempts\)" "the message says how often it tried"

# ---- pass and refuse ---------------------------------------------------------------------------
rb_with_faults "$BASIC" '{"action": "RefusePipelineValidate", "status": 503, "times": 1}'
rb_fg refuse-503 "${REFUSE[@]}"
is "$RB_RC" 4 "a refuse answered 503 is reported as of unknown outcome (exit 4), though the next try would succeed"
is "$(refuses)" 1 "a refuse answered 503 reached the server once"
is "$(rb_audit_last outcome)" unknown "its audit line says unknown"

rb_with_faults "$BASIC" '{"action": "RefusePipelineValidate", "drop": true}'
rb_fg refuse-dropped "${REFUSE[@]}"
is "$RB_RC" 4 "a refuse that got no answer exits 4"
is "$(refuses)" 1 "a refuse that got no answer reached the server once"
is "$(rb_audit_last outcome)" unknown "its audit line says unknown"
like "$(cat "$RB_DIR/refuse-dropped.out")" "refuse job 1001: outcome unknown" "it is shown as outcome unknown"
like "$(err refuse-dropped)" "check with 'flowgate gates --pipeline 101 --run 7 --all' before trying again" \
	"with the advice to look before trying again"

rb_with_faults "$BASIC" '{"action": "RefusePipelineValidate", "delayMs": 3000}'
rb_fg refuse-slow --timeout 1 "${REFUSE[@]}"
sleep 0.2
is "$(refuses)/$(rb_audit_last outcome)" 1/unknown "a refuse that timed out was sent once and is logged unknown"

rb_with_faults "$BASIC" '{"action": "PassPipelineValidate", "status": 500, "times": 1}'
rb_fg pass-500 pass --pipeline 101 --run 7 --job 1002
is "$(mock_count action=PassPipelineValidate)" 1 "a pass answered 500 reached the server once"

FLOWGATE_ENDPOINT=http://127.0.0.1:$port rb_fg refuse-refused --verbose "${REFUSE[@]}"
is "$RB_RC" 4 "a refuse that cannot connect exits 4"
is "$(grep -c '^< trying again' "$RB_DIR/refuse-refused.err")" 2 "a refuse whose connection failed is tried again"
is "$(rb_audit_last outcome)" network-error "and is logged as never sent"

# ---- the console ---------------------------------------------------------------------------------
rb_with_faults "$BASIC" '{"action": "GetPipelineRun", "status": 503, "times": 1}' \
	'{"action": "RefusePipelineValidate", "status": 503, "times": 1}'
rb_console console --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
dump loaded
key r
sleep-ms 300
key y
wait-idle
dump refused
key q
SCRIPT
is "$RB_RC" 0 "the console quits normally"
like "$(rb_screen_text "$RB_DIR/console/loaded")" "生产发布审批 Production approval" \
	"the console shows the gates after its read was tried again"
is "$(rb_status "$RB_DIR/console/loaded")" "(none)" "the console reports no failure for a read that succeeded on its retry"
like "$(rb_status "$RB_DIR/console/refused" '^refuse')" "refuse .*#1001: OUTCOME UNKNOWN.*HTTP 503" \
	"the console's refuse answered 503 is reported as of unknown outcome, not retried"
is "$(refuses)" 1 "the console's refuse reached the server once"
like "$(reads)" '^[3-9]$' "the console read the run again after the refuse ($(reads) reads)"

done_testing
