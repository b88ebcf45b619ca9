#!/bin/bash
# The console over time: the refresh countdown, the bell for a new gate, back-off when throttled,
# a failing refresh reported once, keys during a request, the status history, quitting and
# signals while a refuse is in flight.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

# scenario_with NAME FAULT...: the basic scenario with these faults (JSON objects).
declare -A stop_err
scenario_with() {
	local name=$1
	shift
	python3 - "$MOCK_SCENARIOS/basic.json" "$@" >"$TEST_TMPDIR/$name.json" <<-'PY'
	import json, sys
	print(json.dumps({"base": sys.argv[1], "faults": [json.loads(f) for f in sys.argv[2:]]}))
	PY
	echo "$TEST_TMPDIR/$name.json"
}

# Run 7 as it looked before its gates were reached: one build job, nothing waiting.
early=$(python3 -c 'import json; print(json.dumps({"requestId": "EARLY", "success": True, "pipelineRun": {
  "pipelineId": 101, "pipelineRunId": 7, "status": "RUNNING", "triggerMode": 1,
  "stages": [{"name": "构建 Build", "stageInfo": {"name": "构建 Build", "status": "RUNNING", "jobs": [
    {"id": 1000, "name": "Java 构建 Build", "status": "RUNNING", "startTime": 1749542400000, "actions": []}]}}]}}))')
fault=$(python3 -c 'import json, sys; print(json.dumps({"action": "GetPipelineRun", "run": 7, "times": 1,
  "status": 200, "body": sys.argv[1], "contentType": "application/json"}))' "$early")

mock_start "$(scenario_with bell "$fault")"
screen_run bell --pipeline 101 --run 7 --bell <<'SCRIPT'
wait-idle
dump before-gates
sleep-ms 5000
dump countdown
sleep-ms 10000
wait-idle
dump bell
sleep-ms 15000
wait-idle
dump bell-once
SCRIPT
screen_is before-gates "no gate yet: the screen says so and nothing rings"
screen_is countdown "the footer counts down to the next refresh"
screen_is bell "the refresh after 15 s finds two new gates, and --bell rings once"
screen_is bell-once "the next refresh finds nothing new and does not ring again"
is "$(mock_count action=GetPipelineRun)" 3 "the run was loaded at start and at each 15 s refresh"

mock_start "$(scenario_with no-bell "$fault")"
screen_run no-bell --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
sleep-ms 15000
wait-idle
dump quiet
SCRIPT
like "$(tail -n 1 "$SCREEN_DIR/quiet")" "^bells 0$" "without --bell a new gate rings nothing"

mock_start basic
screen_run interval --pipeline 101 --run 7 --interval 5 <<'SCRIPT'
wait-idle
dump interval
sleep-ms 5000
wait-idle
SCRIPT
like "$(screen_text interval | tail -n 1)" "⟳ 5s$" "--interval 5 counts down from 5 s"
is "$(mock_count action=GetPipelineRun)" 2 "and refreshes after 5 s"

mock_start "$(scenario_with throttled '{"action": "GetPipelineRun", "times": 1, "status": 429, "code": "Throttling.User", "retryAfterMs": 40000}')"
screen_run throttled --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
dump throttled
key R
dump refresh-held
sleep-ms 39000
wait-idle
dump still-waiting
sleep-ms 1000
wait-idle
dump recovered
SCRIPT
screen_is throttled "a throttled load: the footer counts down the server's retry-after"
screen_is refresh-held "R during the retry-after explains instead of asking"
screen_is still-waiting "no refresh is sent before the retry-after is over"
screen_is recovered "after it the run loads"
is "$(mock_count action=GetPipelineRun)" 2 "two loads in 40 s: the throttled one and the one after"
is "$(mock_count action=GetPipeline)" 1 "the pipeline's name is asked for once, with GetPipeline, only after the retry-after"
is "$(mock_count action=ListPipelines)" 0 "no list of pipelines is walked for it"

mock_start "$(scenario_with failing '{"action": "GetPipelineRun", "status": 403, "code": "Forbidden.AccessDenied"}')"
screen_run failing --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
sleep-ms 15000
wait-idle
sleep-ms 15000
wait-idle
dump failing
SCRIPT
is "$(mock_count action=GetPipelineRun)" 3 "a failing refresh is tried again at each interval"
is "$(screen_text failing | grep -c 'load run #7: failed')" 1 "the same failure is reported once, not at every refresh"

mock_start "$(scenario_with slow '{"action": "RefusePipelineValidate", "delayMs": 1500}')"
screen_run slow --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key r
sleep-ms 300
key y
pump-ms 300
key j
key Enter
sleep-ms 200
dump during
wait-idle
dump after
SCRIPT
screen_is during "keys work while the refuse is waiting for the slow server: the job detail opened"
screen_is after "the answer still lands in the status pane"

mock_start basic
screen_run history --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key r
sleep-ms 300
key n
key r
sleep-ms 300
key Esc
key p
sleep-ms 300
key Enter
key j
key r
key k
key r
sleep-ms 300
key x
key b
wait-idle
key r
dump newest
key [
key [
key [
dump older
key ]
key ]
key ]
dump newest-again
key Ctrl-L
dump redrawn
SCRIPT
screen_is newest "the status pane shows the newest lines; r on the run picker says there is no gate to refuse"
screen_is older "[ scrolls the status pane back, and the separator says so"
screen_is newest-again "] scrolls forward to the newest"
screen_is redrawn "Ctrl-L redraws the same screen"

mock_start "$(scenario_with quit '{"action": "RefusePipelineValidate", "delayMs": 3000}')"
rm -f "$AUDIT"
screen_run quit --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key r
sleep-ms 300
key y
pump-ms 300
key q
dump quit-once
key q
SCRIPT
screen_is quit-once "q while a refuse is in flight asks for a second q"
is "$SCREEN_RC" 4 "the second q quits, with exit 4: an outcome is unknown"
is "$(audit_field 2 outcome)" unknown "the abandoned refuse is audited as unknown"
like "$(cat "$SCREEN_DIR/stderr")" "refuse 生产发布审批 Production approval #1001: OUTCOME UNKNOWN" \
	"stderr says the refuse's outcome is unknown"
like "$(cat "$SCREEN_DIR/stderr")" "OUTCOME UNKNOWN \\(check the run\\); [^;]+; requestId: none" \
	"its line, why and the requestId it lacks are parted by semicolons"

# A line that ends a sentence gives its full stop to the semicolon that follows it, in either language.
# refused_stderr NAME FAULT: refuses job 1001 under the fault in English and in Chinese; their stderr
# lands in stop_err[en] and stop_err[zh].
refused_stderr() {
	local lang
	mock_start "$(scenario_with "$1" "$2")"
	for lang in en zh; do
		screen_run "$1-$lang" --lang "$lang" --pipeline 101 --run 7 \
			< <(printf '%s\n' wait-idle "key r" "sleep-ms 300" "key y" wait-idle)
		stop_err[$lang]=$(cat "$SCREEN_DIR/stderr")
	done
}
refused_stderr stop '{"action": "RefusePipelineValidate", "status": 409, "code": "Gate.Closed", "message": "The gate is closed."}'
like "${stop_err[en]}" "Gate\.Closed; The gate is closed; requestId=MOCK-" \
	"stderr: the server's sentence loses its full stop before the semicolon"
unlike "${stop_err[en]}" "\.; " "stderr: no full stop runs into a semicolon"
like "${stop_err[zh]}" "Gate\.Closed；The gate is closed；requestId=MOCK-" "stderr in Chinese: the same, with the wide semicolon"
refused_stderr throttled '{"action": "RefusePipelineValidate", "status": 429, "code": "TooManyRequests", "message": "slow down."}'
like "${stop_err[en]}" "Wait a minute and try again; requestId=MOCK-" "stderr: a mapped message's full stop gives way too"
like "${stop_err[zh]}" "请稍等一分钟后重试；requestId=MOCK-" "stderr in Chinese: the 。 gives way to the ；"
unlike "${stop_err[zh]}" "。；" "stderr in Chinese: no 。 runs into a ；"

for sig in TERM HUP INT; do
	mock_start "$(scenario_with "sig-$sig" '{"action": "RefusePipelineValidate", "delayMs": 3000}')"
	rm -f "$AUDIT"
	screen_run "sig-$sig" --pipeline 101 --run 7 <<-SCRIPT
	wait-idle
	key r
	sleep-ms 300
	key y
	pump-ms 300
	signal $sig
	dump never
	SCRIPT
	is "$SCREEN_RC" "$((128 + $(kill -l "$sig")))" "SIG$sig ends the console with 128 + its number"
	ok "SIG$sig is handled at once (the script stops there)" test ! -e "$SCREEN_DIR/never"
	is "$(mock_count action=RefusePipelineValidate job=1001)" 1 "the refuse had reached the server before SIG$sig"
	is "$(wc -l <"$AUDIT")/$(audit_field 2 outcome)" 2/unknown "SIG$sig during the refuse: sending, then one outcome line: unknown"
done

done_testing
