#!/bin/bash
# The whole refuse flow in a real terminal (tmux) against the mock over HTTP, and what the
# terminal looks like after the console quits.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux/helpers.bash"

mock_start basic
pane_open 80 24
pane_console --pipeline 101 --run 7
ok "the console shows the pending gates of run 7" pane_wait "生产发布审批 Production approval"
is "$(pane_alternate)" 1 "the console runs in the alternate screen"

pane_send r
ok "r opens the confirmation dialog" pane_wait "Really refuse 生产发布审批 Production approval\? \(y/N\)"
dialog_answer y
ok "y sends the refuse and the status pane shows the requestId" pane_wait "requestId=MOCK-"
rid=$(mock_request_id action=RefusePipelineValidate job=1001)
like "$(pane_text)" "requestId=$rid" "the requestId on screen is the one the server sent"
is "$(mock_count action=RefusePipelineValidate)" 1 "exactly one refuse reached the server"
is "$(mock_count action=RefusePipelineValidate job=1001 auth=ok status=200)" 1 "a signed refuse of job 1001, answered 200"
is "$(audit_field 2 outcome)/$(audit_field 2 requestId)" "ok/$rid" "the audit log has the attempt with its requestId"

# Typeahead: "py" arriving together must not pass anything. The cancel note that Esc, typed after
# the guard, brings shows that the y before it was read, so the checks after it cannot come early.
pane_send j
pane_send -l py
ok "p typed with y behind it opens the dialog" pane_wait "Really pass 安全审批 Security sign-off\? \(y/N\)"
dialog_answer Escape
ok "Esc cancels the dialog the y left open" pane_wait "Cancelled: pass 安全审批 Security sign-off #1002 was not sent"
unlike "$(pane_text)" "#1002: (sending|ok)" "the y that came with it was flushed: it answered nothing"
is "$(mock_count method=POST)" 1 "and nothing more was sent"

pane_send q
is "$(console_exit_status)" 0 "q quits with status 0"
check_terminal_restored "after q"
like "$(cat "$PANE_DIR/stderr")" "refuse 生产发布审批 Production approval #1001: ok, HTTP 200; requestId=$rid" \
	"the outcome is repeated on stderr after the screen is gone"

# A terminal with no alternate screen (vt100, the Linux console): the console clears what it drew
# before leaving, so what is printed next (the shell's prompt) starts on a clean line.
pane_send "export TERM=vt100" Enter
PANE_STDERR="2>&2" pane_console --pipeline 101 --run 7
ok "under TERM=vt100 the console shows the gates" pane_wait "STAGE +ID +JOB"
pane_send q
is "$(console_exit_status)" 0 "q quits"
pane_send "echo marker-\$((6*7))" Enter
ok "the shell answers" pane_wait $'\nmarker-42'
unlike "$(pane_text)" "q quit|status ─|WAITING|Security sign-off" "the last frame is gone from the screen"
ok "the prompt and the command stand alone on their line" grep -qxF '$ echo marker-$((6*7))' <(pane_text)

done_testing
