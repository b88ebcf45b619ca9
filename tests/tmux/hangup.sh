#!/bin/bash
# The terminal goes away with no signal to say so: the console runs on a pane's terminal from
# outside that terminal's session, so when tmux closes the terminal nobody sends it SIGHUP, and
# only reading the terminal tells (a hang-up, then end of file). It ends at once, as on SIGHUP,
# and a refuse still waiting for its answer is audited as unknown. The same when reading the
# terminal fails with EIO.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux/helpers.bash"

scenario=$(mock_scenario slow <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json",
  "faults": [ { "action": "RefusePipelineValidate", "delayMs": 8000 } ] }
JSON
)

# console_outside: a fresh pane that only sleeps, and the console on its terminal, run from here.
console_outside() {
	local tty
	pane_open_idle 80 24
	tty=$(pane_tty)
	env TERM=xterm-256color LC_ALL=C.UTF-8 TZ=UTC "$FLOWGATE" --org org-test --pipeline 101 --run 7 \
		<"$tty" >"$tty" 2>"$PANE_DIR/stderr" &
	CONSOLE_PID=$!
	pane_wait "生产发布审批 Production approval"
}

# hang_up NAME: closes the terminal, then checks that the console ended within 3 s, as on SIGHUP.
hang_up() {
	local i status
	tmux_cmd kill-server
	for ((i = 0; i < 60; i++)); do
		kill -0 "$CONSOLE_PID" 2>/dev/null || break
		sleep 0.05
	done
	kill -0 "$CONSOLE_PID" 2>/dev/null && kill -KILL "$CONSOLE_PID"
	wait "$CONSOLE_PID"
	status=$?
	is "$status" 129 "$1: the console ends within 3 s with the status of a hang-up (129)"
}

mock_start "$scenario"
rm -f "$AUDIT"
console_outside
pane_send r
pane_wait "Really refuse" && dialog_answer y
ok "a refuse is on its way to the slow server" pane_wait "#1001: sending"
mock_wait action=RefusePipelineValidate job=1001
hang_up "a refuse in flight"
is "$(mock_count action=RefusePipelineValidate job=1001)" 1 "the refuse had reached the server"
is "$(wc -l <"$AUDIT")/$(audit_field 2 outcome)/$(audit_field 2 via)" 2/unknown/console \
	"sending, then one outcome line: the refuse's outcome is unknown"
like "$(cat "$PANE_DIR/stderr")" "#1001: OUTCOME UNKNOWN" "stderr says the outcome is unknown"
unlike "$(cat "$PANE_DIR/stderr")" "ERROR|Sanitizer|runtime error" "and nothing went wrong on the way out"

mock_start basic
rm -f "$AUDIT"
console_outside
hang_up "an idle console"
ok "an idle console writes no audit line" test ! -e "$AUDIT"

# The terminal reads as EIO: the console runs as a background job that may not read its
# terminal (SIGTTIN and SIGTTOU ignored), while a sleep that reads nothing holds the foreground.
mock_start basic
pane_open 80 24
rm -f "$PANE_DIR/exit"
{
	pane_exports
	printf '(bash -c %q' "trap '' TTIN TTOU; exec \"\$0\" \"\$@\""
	printf ' %q' "$FLOWGATE" --org org-test --pipeline 101 --run 7
	printf ' 2>%q; echo $? >%q) & sleep 600\n' "$PANE_DIR/stderr" "$PANE_DIR/exit"
} >"$PANE_DIR/run-background"
pane_send "clear; . $PANE_DIR/run-background" Enter
pane_wait "生产发布审批 Production approval"
pane_send j
is "$(console_exit_status 3)" 129 "a terminal that reads as EIO ends the console at once, as a hang-up does"
is "$(stty -a <"$(pane_tty)" | sed 1d)" "$(sed 1d "$PANE_DIR/stty.before")" \
	"and the console put the terminal's settings back"
is "$(pane_alternate)" 0 "and left the alternate screen"
pane_send C-c

done_testing
