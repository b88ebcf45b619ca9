#!/bin/bash
# Signals while a refuse is waiting for a slow server: SIGTERM, SIGHUP, Ctrl-C and a terminal
# that disappears (an SSH drop). Each time the console ends at once, the terminal is restored,
# and the audit log says the refuse's outcome is unknown.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux/helpers.bash"

scenario=$(mock_scenario slow <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json",
  "faults": [ { "action": "RefusePipelineValidate", "delayMs": 8000 } ] }
JSON
)

# refuse_in_flight: a fresh mock and pane, the console on run 7, the refuse of 1001 sent and waiting.
refuse_in_flight() {
	mock_start "$scenario"
	rm -f "$AUDIT"
	pane_open 80 24
	pane_console --pipeline 101 --run 7
	pane_wait "生产发布审批 Production approval" && pane_send r && pane_wait "Really refuse" &&
		dialog_answer y && pane_wait "sending" && mock_wait action=RefusePipelineValidate job=1001
}

# check_interrupted NAME STATUS: the console ended with STATUS within 3 s and audited an unknown refuse.
check_interrupted() {
	is "$(console_exit_status 3)" "$2" "$1 ends the console at once with status $2"
	is "$(mock_count action=RefusePipelineValidate job=1001)" 1 "$1: the refuse had reached the server"
	is "$(wc -l <"$AUDIT")/$(audit_field 2 outcome)/$(audit_field 2 via)" 2/unknown/console \
		"$1: sending, then one outcome line: unknown"
	like "$(cat "$PANE_DIR/stderr")" "#1001: OUTCOME UNKNOWN" "$1: stderr says the outcome is unknown"
}

refuse_in_flight
kill -TERM "$CONSOLE_PID"
check_interrupted SIGTERM 143
check_terminal_restored SIGTERM

refuse_in_flight
kill -HUP "$CONSOLE_PID"
check_interrupted SIGHUP 129
check_terminal_restored SIGHUP

refuse_in_flight
pane_send C-c
check_interrupted Ctrl-C 130
check_terminal_restored Ctrl-C

# The terminal itself goes away, as when an SSH connection drops.
refuse_in_flight
tmux_cmd kill-server
gone=0
for ((i = 0; i < 60; i++)); do
	kill -0 "$CONSOLE_PID" 2>/dev/null || { gone=1; break; }
	sleep 0.05
done
is "$gone" 1 "a vanished terminal ends the console within 3 s"
is "$(wc -l <"$AUDIT")/$(audit_field 2 outcome)" 2/unknown "a vanished terminal: sending, then one outcome line: unknown"

done_testing
