#!/bin/bash
# Ctrl-Z and fg. While the console is stopped the shell has the terminal as it was (cooked, the
# normal screen); fg repaints the whole screen at the terminal's size of the moment, a refuse
# that was waiting completes (the time stopped does not count against its time-out), and keys
# typed around the stop answer no dialog. The pane runs
# dash, which does not put its own settings back when a job stops (bash would hide a failure).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux/helpers.bash"

scenario=$(mock_scenario slow <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json",
  "faults": [ { "action": "RefusePipelineValidate", "delayMs": 2500 },
              { "action": "PassPipelineValidate", "delayMs": 8000 } ] }
JSON
)
mock_start "$scenario"
rm -f "$AUDIT"

# stop NAME: Ctrl-Z, then checks that the console stopped and gave the terminal back.
stop() {
	pane_send C-z
	ok "$1: Ctrl-Z stops the console" console_wait_state T
	is "$(pane_alternate)" 0 "$1: while it is stopped the alternate screen is left"
	# The first line holds the size, which the test may have changed.
	is "$(pane_stty "stopped" | sed 1d)" "$(sed 1d "$PANE_DIR/stty.before")" \
		"$1: while it is stopped the shell's stty -a shows the settings from before the console"
}

# fg [KEYS]: fg, with KEYS typed right behind it; the console's exit status lands in $PANE_DIR/exit.
fg_console() {
	rm -f "$PANE_DIR/exit"
	pane_send "fg; echo \$? >$PANE_DIR/exit" Enter "$@"
}

# whole_screen: waits until the pane shows all of the console's screen: title, column header, a
# gate, status pane and footer. Unchanged parts appear only if the console repaints them.
whole_screen() {
	local i text
	for ((i = 0; i < 60; i++)); do
		text=$(pane_text)
		[[ $text =~ "flowgate › org-test › 部署到生产环境 "[^#]*"#101 › run #7" ]] &&
			[[ $text =~ STAGE\ +ID\ +JOB\ +STATUS ]] && [[ $text =~ "安全审批 Security sign-off" ]] &&
			[[ $text =~ "── status ──" ]] && [[ $(tail -n 1 <<<"$text") =~ "q quit" ]] && return 0
		sleep 0.05
	done
	diag "the pane shows:" "$text" >&2
	return 1
}

pane_open 80 24 dash
pane_console --pipeline 101 --run 7
pane_wait "生产发布审批 Production approval"
pane_send r
pane_wait "Really refuse" && dialog_answer y
ok "a refuse is on its way to the slow server" pane_wait "#1001: sending"
stop "a refuse in flight"
ok "the server answers while the console is stopped" console_wait_received
fg_console
ok "fg brings the console back to the alternate screen" pane_wait "部署到生产环境"
is "$(pane_alternate)" 1 "fg: the console is in the alternate screen again"
ok "the refuse that was waiting during the stop completes" pane_wait "#1001: ok, HTTP 200"
ok "fg repaints the whole screen, not only what changed" whole_screen
is "$(mock_count action=RefusePipelineValidate)" 1 "one refuse reached the server"
is "$(wc -l <"$AUDIT")/$(audit_field 2 outcome)" 2/ok "sending, then one outcome line for it: ok"

# A dialog open across a stop: a y typed right behind fg answers nothing.
pane_wait "Really" 1 >/dev/null 2>&1
pane_send p
ok "p opens the pass dialog" pane_wait "Really pass 安全审批 Security sign-off"
sleep 0.3   # past the guard, so that the stop is what re-arms it
stop "an open dialog"
fg_console y
# Esc after the re-armed guard: its cancel note shows that the y before it was read.
pane_wait "Really pass 安全审批 Security sign-off" && dialog_answer Escape
ok "the dialog still takes its answer: Esc cancels" pane_wait "Cancelled: pass 安全审批 Security sign-off #1002 was not sent"
unlike "$(pane_text)" "#1002: (sending|ok)" "a y typed with fg does not answer the dialog"
is "$(mock_count action=PassPipelineValidate)" 0 "and sends no pass"

# The terminal changes size while the console is stopped: no SIGWINCH reaches a stopped job.
stop "a resize while stopped"
tmux_cmd resize-window -t t -x 100 -y 30
fg_console
ok "fg after a resize: the console draws the whole screen" pane_wait "q quit"
ok "the whole screen is there" whole_screen
# The status pane's rule (" status ", the rules and the list position) spans every column.
is "$(pane_text | grep "── status ─" | LC_ALL=C.UTF-8 wc -m)" 101 "it is drawn 100 columns wide"
is "$(pane_text | sed -n '30p' | grep -c "q quit")" 1 "and 30 lines high: the footer is on line 30"

pane_send q
is "$(console_exit_status)" 0 "q quits with status 0 after the stops"
check_terminal_restored "after Ctrl-Z and fg"

# Time stopped is not time waited: a pass whose answer came after 1 s, stopped right after y for
# longer than its 2 s time-out, is reported and audited as the server answered it.
quick=$(mock_scenario quick <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json",
  "faults": [ { "action": "PassPipelineValidate", "delayMs": 1000 } ] }
JSON
)

# stopped_pass SCENARIO SECONDS WHAT: on a fresh mock, the console with --timeout 2 sends the pass
# of 1001 to a server that answers after WHAT, is stopped at once, and is brought back after SECONDS.
stopped_pass() {
	mock_start "$1"
	rm -f "$AUDIT"
	pane_console --pipeline 101 --run 7 --timeout 2
	pane_wait "生产发布审批 Production approval"
	pane_send p
	pane_wait "Really pass" && dialog_answer y
	ok "a pass is on its way to a server that answers in $3" pane_wait "#1001: sending"
	stop "a ${2} s stop, answer in $3"
	sleep "$2"
	fg_console
}

stopped_pass "$quick" 4 "1 s"
ok "on fg the answer that came during the stop is reported: ok" pane_wait "#1001: ok, HTTP 200"
is "$(wc -l <"$AUDIT")/$(audit_field 2 outcome)" 2/ok "and audited as ok (after its sending line)"
pane_send q
is "$(console_exit_status)" 0 "q quits with status 0"

# The time-out still counts the time the console runs: a pass the server holds for 8 s, stopped
# for 3 s, still waits on fg, then ends unknown once its 2 s have run.
stopped_pass "$scenario" 3 "8 s"
ok "on fg the console is back" whole_screen
unlike "$(pane_text)" "OUTCOME UNKNOWN" "the pass still waits: the 3 s stopped did not use up its time"
ok "then it times out, outcome unknown" pane_wait "#1001: OUTCOME UNKNOWN" 5
is "$(wc -l <"$AUDIT")/$(audit_field 2 outcome)" 2/unknown "and is audited as unknown (after its sending line)"
pane_send q
is "$(console_exit_status)" 0 "q quits with status 0"

done_testing
