#!/bin/bash
# In a real terminal (tmux) the console acts only on a y pressed on purpose on a dialog it shows:
# a terminal that cannot show the dialog is refused before anything is loaded; pasted text, a
# burst of keys, a held key and Y answer nothing. The pane runs dash, which leaves bracketed
# paste alone, so what the console left behind is what the shell gets.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux/helpers.bash"

mock_start basic
rm -f "$AUDIT"

# requests: how many requests reached the mock.
requests() {
	if [ -s "$MOCK_LOG" ]; then wc -l <"$MOCK_LOG"; else echo 0; fi
}

# cancelled: waits for the status pane's note that the refuse of 1001 was not sent.
cancelled() {
	pane_wait "Cancelled: refuse 生产发布审批 Production approval #1001 was not sent"
}

# fresh_console: quits the console running in the pane and starts another, with an empty status
# pane, on a fresh mock: each case starts from the same gates and an empty request log.
fresh_console() {
	pane_send q
	if [ -z "$(console_exit_status 3)" ]; then
		kill -TERM "$CONSOLE_PID"
		console_exit_status >/dev/null
	fi
	mock_start basic
	pane_console --pipeline 101 --run 7
	pane_wait "生产发布审批 Production approval"
}

pane_open 80 24 dash
for term in dumb "" vt100-nosuch; do
	if [ -n "$term" ]; then pane_send "export TERM=$term" Enter; else pane_send "unset TERM" Enter; fi
	pane_console --pipeline 101 --run 7
	is "$(console_exit_status)" 3 "TERM=${term:-(unset)}: the console exits 3"
	like "$(cat "$PANE_DIR/stderr")" "flowgate: TERM.*(cannot move the cursor|not a terminal type|is not set)" \
		"TERM=${term:-(unset)}: and says why"
	is "$(requests)" 0 "TERM=${term:-(unset)}: before anything was fetched"
done
pane_send "export TERM=xterm-256color" Enter

pane_console --pipeline 101 --run 7
ok "the console shows the gates" pane_wait "生产发布审批 Production approval"

# untouched NAME: the pasted text did nothing either: the gates of run 7, pending ones only, no dialog.
untouched() {
	local text
	text=$(pane_text)
	ok "$1: the pasted text opened nothing and changed nothing on the screen" \
		eval '[[ $text =~ "run #7" && ! $text =~ "Java 构建 Build" && ! $text =~ "Really" ]]'
}

pane_send r
pane_paste "yarn build
"
ok "a paste right after r cancels the dialog" pane_wait "pasted text ignored; dialog cancelled"
untouched "right after r"
is "$(mock_count method=POST)" 0 "and sends nothing"

fresh_console
pane_send r
pane_wait "Really refuse" && sleep 0.5
pane_paste "yarn build
"
ok "a paste 0.5 s after r, once the dialog takes keys, cancels it too" pane_wait "pasted text ignored; dialog cancelled"
untouched "0.5 s after r"
is "$(mock_count method=POST)" 0 "and sends nothing"

# A held y: auto-repeat, about 30 ms a key, from right after r until well past the guard time.
fresh_console
pane_send r
for ((i = 0; i < 25; i++)); do
	pane_send y
	sleep 0.02
done
ok "a held y cancels the dialog" cancelled
is "$(mock_count method=POST)" 0 "and sends nothing"

# A held r: its repeats keep the one dialog open, and Esc then cancels that one.
fresh_console
pane_send r
for ((i = 0; i < 25; i++)); do
	pane_send r
	sleep 0.02
done
ok "r held down opens the dialog" pane_wait "Really refuse"
pane_send Escape
ok "Esc cancels it" cancelled
is "$(pane_text | grep -c "Cancelled: refuse")" 1 "r held down opened one dialog, not several"

fresh_console
pane_send r
pane_wait "Really refuse" && sleep 0.4
pane_send Y
ok "Y cancels: only a lowercase y goes ahead" cancelled
is "$(mock_count method=POST)" 0 "and sends nothing"

pane_send r
pane_wait "Really refuse" && sleep 0.4
pane_send y
ok "a y pressed on its own after the guard time refuses" pane_wait "requestId=MOCK-"
is "$(mock_count method=POST)" 1 "exactly one refuse reached the server"

pane_send C-z
console_wait_state T
check_paste_off stopped
rm -f "$PANE_DIR/exit"
pane_send "fg; echo \$? >$PANE_DIR/exit" Enter
ok "fg brings the console back" pane_wait "requestId=MOCK-"
pane_paste "y"
ok "and bracketed paste with it: a paste after fg is ignored" pane_wait "Pasted text ignored"

pane_send q
is "$(console_exit_status)" 0 "q quits with status 0"
check_terminal_restored "after q"
check_paste_off quit

done_testing
