#!/bin/bash
# In a real terminal (tmux): two gates of the inbox marked with Space are refused after one
# dialog and one y, each exactly once, each with its own audit lines; a paste or a burst of keys
# into that dialog sends nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux/helpers.bash"

# inbox_console: a fresh mock and an empty audit log, and the console on the inbox in the pane,
# its gates loaded; the two refusable gates 1102 (first row) and 1202 (third row) marked.
inbox_console() {
	mock_start inbox
	rm -f "$AUDIT"
	pane_console --org org-inbox
	pane_wait "1203 .*安全审批" || return 1
	pane_send Space
	pane_send j
	pane_send j
	pane_send Space
	pane_wait "2 marked"
}

# quit_console: q, and the console's exit status.
quit_console() {
	pane_send q
	console_exit_status
}

pane_open 100 30

ok "the inbox shows the gates and two are marked" inbox_console
pane_send r
ok "r opens one dialog for both marks" pane_wait "Refuse 2 marked gates\?"
like "$(pane_text)" "#1102 发布审批 Release approval" "it names the first marked gate"
like "$(pane_text)" "#1202 发布审批 Release approval" "and the second"
sleep 0.4
pane_send y
ok "one y refuses both: each gets its answer" pane_wait "#1102: ok.*[[:space:]].*#1202: ok|#1202: ok.*[[:space:]].*#1102: ok"
is "$(mock_count method=POST)" 2 "exactly two POSTs reached the server"
is "$(mock_count action=RefusePipelineValidate job=1102)/$(mock_count action=RefusePipelineValidate job=1202)" 1/1 \
	"one refuse of each marked gate"
is "$(grep -c '"outcome":"sending"' "$AUDIT")" 2 "two sending lines in the audit log"
is "$(grep -c '"outcome":"ok"' "$AUDIT")" 2 "and two outcome lines"
is "$(sed -n 's/.*"attempt":"\([^"]*\)".*/\1/p' "$AUDIT" | sort | uniq -c | awk '{ print $1 }' | sort -u)" 2 \
	"each attempt id is on two lines: its sending line and its outcome"
is "$(quit_console)" 0 "q quits"

ok "paste: two gates marked again" inbox_console
pane_send r
pane_wait "Refuse 2 marked gates\?" && sleep 0.5
pane_paste "y
"
ok "a paste into the batch dialog cancels it" pane_wait "pasted text ignored; dialog cancelled"
unlike "$(pane_text)" "Really refuse" "the dialog is gone"
is "$(mock_count method=POST)" 0 "and nothing was sent"
is "$(quit_console)" 0 "q quits"

ok "burst: two gates marked again" inbox_console
pane_send r
pane_wait "Refuse 2 marked gates\?" && sleep 0.5
pane_send yy
ok "a burst of y into the batch dialog cancels it" pane_wait "y came in a burst of keys"
is "$(mock_count method=POST)" 0 "and nothing was sent"
is "$(test -s "$AUDIT" && wc -l <"$AUDIT" || echo 0)" 0 "nor audited"
is "$(quit_console)" 0 "q quits"

done_testing
