#!/bin/bash
# Time stopped is not time waited: a pass stopped (SIGSTOP, as Ctrl-Z does) longer than its
# --timeout, whose answer came meanwhile, is reported as the server answered it.
. "$top_srcdir/tests/lib.sh"

scenario=$(mock_scenario slow <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json",
  "faults": [ { "action": "PassPipelineValidate", "delayMs": 1000 },
              { "action": "RefusePipelineValidate", "delayMs": 6000 } ] }
JSON
)
mock_start "$scenario"
rm -f "$AUDIT"

# stopped SECONDS ARGS...: runs flowgate ARGS in the background, stops it 0.3 s in for SECONDS, then
# lets it go on and waits for it; out, err and rc read what it did.
stopped() {
	local seconds=$1 pid
	shift
	"$FLOWGATE" "$@" >"$TEST_TMPDIR/fg.out" 2>"$TEST_TMPDIR/fg.err" &
	pid=$!
	sleep 0.3
	kill -STOP "$pid"
	sleep "$seconds"
	kill -CONT "$pid"
	wait "$pid"
	echo $? >"$TEST_TMPDIR/fg.rc"
}

stopped 3 --org org-test --timeout 2 pass --pipeline 101 --run 7 --job 1002
is "$(rc)" 0 "a pass stopped for 3 s with --timeout 2, answered after 1 s, exits 0"
like "$(out)" "pass job 1002: ok" "and reports the answer that came during the stop"
is "$(sed -n 2p "$AUDIT" | json_get outcome)" ok "the audit log records it as ok (after its sending line)"

start=$(date +%s%N)
stopped 3 --org org-test --timeout 2 refuse --pipeline 101 --run 7 --job 1001
elapsed=$((($(date +%s%N) - start) / 1000000))
is "$(rc)" 4 "a refuse the server holds for 6 s still times out (exit 4)"
like "$(err)" "within 2 s" "after 2 s of running time"
ok "counted without the 3 s stop: it ended 4 s or more after it started, not at once on SIGCONT" \
	test "$elapsed" -ge 4000

done_testing
