#!/bin/bash
# A crash signal, sent from outside: the console puts the terminal back from its handler (the
# settings it found at start, the alternate screen left, the cursor shown, mouse reporting and
# bracketed paste off)
# and dies of the signal. The pane runs dash, which leaves the settings as the console left them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux/helpers.bash"

mock_start basic

# crash SIGNAL [FLOWGATE ARGS...]: a fresh pane, the console on run 7, then kill -SIGNAL.
crash() {
	local sig=$1
	shift
	pane_open 80 24 dash
	pane_console --pipeline 101 --run 7 "$@"
	pane_wait "生产发布审批 Production approval" || return 1
	kill -"$sig" "$CONSOLE_PID"
}

for sig in SEGV BUS FPE ILL ABRT; do
	crash "$sig"
	is "$(console_exit_status)" "$((128 + $(kill -l "$sig")))" "SIG$sig: the console dies of the signal (128 + its number)"
	check_terminal_restored "SIG$sig"
	check_paste_off "SIG$sig"
	unlike "$(pane_text)" "生产发布审批" "SIG$sig: the shell's screen is back, not the console's"
done

crash SEGV --mouse
is "$(console_exit_status)" 139 "SIGSEGV with --mouse: the console dies of the signal"
is "$(tmux_cmd display-message -p -t t '#{mouse_any_flag}')" 0 "SIGSEGV with --mouse: mouse reporting is off again"
check_terminal_restored "SIGSEGV with --mouse"

done_testing
