#!/bin/bash
# The messages the console leaves on stderr at exit cannot be written: stderr is a pipe nobody
# reads any more (SIGPIPE), closed, or a full device. The console still ends as it should: exit
# status 0 after q, the refuse audited, the terminal restored.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux/helpers.bash"

# refuse_and_quit NAME REDIRECTION: refuses gate 1001 with stderr redirected so, then quits.
refuse_and_quit() {
	mock_start basic
	rm -f "$AUDIT"
	pane_open 80 24
	PANE_STDERR=$2 pane_console --pipeline 101 --run 7
	pane_wait "生产发布审批 Production approval" && pane_send r && pane_wait "Really refuse" &&
		dialog_answer y
	ok "$1: the refuse is answered" pane_wait "#1001: ok, HTTP 200"
	pane_send q
	is "$(console_exit_status)" 0 "$1: q still quits with status 0"
	is "$(wc -l <"$AUDIT")/$(audit_field 2 outcome)" 2/ok "$1: the refuse is audited (sending, then ok)"
	check_terminal_restored "$1"
}

refuse_and_quit "stderr a broken pipe" "2> >(exit 0)"
refuse_and_quit "stderr closed" "2>&-"
refuse_and_quit "stderr a full device" "2>/dev/full"

done_testing
