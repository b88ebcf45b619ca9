#!/bin/bash
# Pass and refuse on the command line: what each ending is called and exits with, the audit line
# written before anything is sent (and nothing sent without it), and a signal in mid-action.
. "$top_srcdir/tests/lib.sh"

export FLOWGATE_ORG=org-test
REFUSE=(refuse --pipeline 101 --run 7 --job 1001)

posts() { mock_count method=POST; }
audit_lines() { [ -f "$AUDIT" ] && wc -l <"$AUDIT" || echo 0; }
# audit_field N FIELD: FIELD of the audit log's Nth line from the end (1: the last).
audit_field() { tail -n "$1" "$AUDIT" | head -n 1 | json_get "$2"; }

# ---- a 5xx answer to an action leaves its outcome unknown, never refused -------------------------
for status in 500 503 504; do
	mock_start_fault "{\"action\": \"RefusePipelineValidate\", \"status\": $status, \"applyThenFail\": true}"
	fg --json "${REFUSE[@]}"
	is "$(rc)" 4 "a refuse answered $status with an API code exits 4, not 1"
	is "$(out | json_get outcome)" unknown "--json calls the $status's outcome unknown"
	is "$(audit_field 1 outcome)" unknown "the audit log records the $status as unknown"
	is "$(audit_field 1 httpStatus)" "$status" "the audit log keeps the status $status"
	is "$(posts)" 1 "the refuse answered $status was sent once"
done
mock_start_fault '{"action": "PassPipelineValidate", "status": 503}'
fg pass --pipeline 101 --run 7 --job 1001
like "$(out)" "pass job 1001: outcome unknown, HTTP 503" "the line says the outcome of a 503 is unknown"
like "$(err)" "check with 'flowgate gates" "a 503 says how to check before trying again"

# ---- nothing reached the server -------------------------------------------------------------------
mock_start basic
FLOWGATE_ENDPOINT=http://127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') \
	fg "${REFUSE[@]}"
is "$(rc)" 4 "a refuse meeting a refused connection exits 4"
like "$(out)" "refuse job 1001: not sent" "it says the refuse was not sent"
is "$(audit_field 1 outcome)" network-error "the audit log records it as network-error"
is "$(posts)" 0 "no POST reached the mock"

# ---- write-ahead: the sending line, then the outcome with the same attempt id --------------------
mock_start basic
rm -f "$AUDIT"
fg "${REFUSE[@]}"
is "$(rc)" 0 "a refuse exits 0"
is "$(audit_lines)" 2 "a refuse writes two audit lines"
is "$(audit_field 2 outcome)" sending "the first says sending"
is "$(audit_field 1 outcome)" ok "the second gives the outcome"
attempt=$(audit_field 2 attempt)
like "$attempt" '^[0-9a-f]{16}$' "the attempt id is 16 hex digits"
is "$(audit_field 1 attempt)" "$attempt" "both lines carry the same attempt id"
is "$(audit_field 2 httpStatus)" null "the sending line has no status yet"
fg pass --pipeline 101 --run 7 --job 1002
isnt "$(audit_field 1 attempt)" "$attempt" "another attempt has another id"

# ---- no audit, no action ------------------------------------------------------------------------
mock_start basic
touch "$TEST_TMPDIR/not-a-dir"
XDG_STATE_HOME=$TEST_TMPDIR/not-a-dir fg "${REFUSE[@]}"
is "$(rc)" 3 "a refuse whose audit log cannot be written exits 3"
like "$(err)" "not sending the refuse" "it says the refuse was not sent"
like "$(err)" "$TEST_TMPDIR/not-a-dir" "it says where the log should be"
like "$(err)" "audit_log = off" "it says how to turn the log off"
is "$(posts)" 0 "no POST reached the mock"
is "$(out)" "" "nothing on stdout: there is no outcome"

mkdir -p "$TEST_TMPDIR/ro/flowgate"
chmod 500 "$TEST_TMPDIR/ro/flowgate"
if [ -w "$TEST_TMPDIR/ro/flowgate" ]; then
	diag "a read-only directory is writable here (root): its checks are left out"
else
	XDG_STATE_HOME=$TEST_TMPDIR/ro fg "${REFUSE[@]}"
	is "$(rc)" 3 "a refuse whose audit log is in a read-only directory exits 3"
	is "$(posts)" 0 "no POST reached the mock"
fi
chmod 700 "$TEST_TMPDIR/ro/flowgate"

conf=$XDG_CONFIG_HOME/flowgate/config
mkdir -p "${conf%/*}"
printf 'audit_log = off\n' >"$conf"
chmod 600 "$conf"
XDG_STATE_HOME=$TEST_TMPDIR/not-a-dir fg "${REFUSE[@]}"
is "$(rc)" 0 "with audit_log = off the refuse is sent"
is "$(posts)" 1 "one POST reached the mock"
rm "$conf"

# ---- a signal while the answer is held ----------------------------------------------------------
# signal_mid_action SIG CODE: refuses while the mock holds the answer 8 s, sends SIG once the
# request has reached the mock, and checks the outcome line and the exit code.
signal_mid_action() {
	local sig=$1 code=$2 pid i
	mock_start_fault '{"action": "RefusePipelineValidate", "delayMs": 8000}'
	"$FLOWGATE" "${REFUSE[@]}" >"$TEST_TMPDIR/sig.out" 2>"$TEST_TMPDIR/sig.err" &
	pid=$!
	for ((i = 0; i < 200; i++)); do   # the mock logs the refuse when it arrives
		[ "$(posts)" -gt 0 ] && break
		sleep 0.05
	done
	kill -"$sig" "$pid"
	wait "$pid"
	is "$?" "$code" "SIG$sig in mid-refuse ends flowgate by the signal ($code)"
	is "$(audit_field 1 outcome)" unknown "SIG$sig: the outcome line says unknown"
	is "$(audit_field 1 attempt)" "$(audit_field 2 attempt)" "SIG$sig: with the sending line's attempt id"
	is "$(audit_field 2 outcome)" sending "SIG$sig: after the sending line"
	like "$(cat "$TEST_TMPDIR/sig.out")" "refuse job 1001: outcome unknown" "SIG$sig: stdout says the outcome is unknown"
}
signal_mid_action TERM 143
signal_mid_action INT 130
signal_mid_action HUP 129

done_testing
