#!/bin/bash
# A storm of resizes in a real terminal: over a hundred size changes and hundreds of SIGWINCH in
# well under a second, from 200x60 down to 20x5 and back. The console lives through it, and what the terminal
# shows in the end is exactly what a console started at the final size shows: nothing left over
# from a size that went by, nothing missing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux/helpers.bash"

# The sizes of the storm: down in steps from 200x60 to 20x5, then up to 120x40.
sizes=()
for ((i = 0; i <= 30; i++)); do
	sizes+=("$((200 - i * 6)) $((60 - i * 55 / 30))")
done
for ((i = 1; i <= 25; i++)); do
	sizes+=("$((20 + i * 4)) $((5 + i * 35 / 25))")
done

# storm: every size as its own resize with ten SIGWINCH from outside behind it, then all of them
# again in one tmux command.
storm() {
	local size cmds=() i
	for size in "${sizes[@]}"; do
		tmux_cmd resize-window -t t -x "${size% *}" -y "${size#* }"
		for ((i = 0; i < 10; i++)); do
			kill -WINCH "$CONSOLE_PID"
		done
		cmds+=(resize-window -t t -x "${size% *}" -y "${size#* }" \;)
	done
	tmux_cmd "${cmds[@]}"
}

# settled: the pane's text and attributes once two looks 0.3 s apart agree, digits as 9 (the
# clock, the countdown and the waiting times move).
settled() {
	local a b i
	b=$(tmux_cmd capture-pane -e -p -t t | tr 0-9 9)
	for ((i = 0; i < 30; i++)); do
		sleep 0.3
		a=$b
		b=$(tmux_cmd capture-pane -e -p -t t | tr 0-9 9)
		[ "$a" = "$b" ] && break
	done
	printf '%s\n' "$b"
}

mock_start basic
pane_open 200 60
pane_console --pipeline 101 --run 7
pane_wait "生产发布审批 Production approval"
storm
ok "the console lives through the storm" kill -0 "$CONSOLE_PID"
is "$(tmux_cmd display-message -p -t t '#{pane_width}x#{pane_height}')" 120x40 "the pane ends at 120x40"
ok "it draws the gates at the final size" pane_wait "q quit"
after_storm=$(settled)
is "$(tail -n 1 <<<"$after_storm" | grep -c "q quit")/$(wc -l <<<"$after_storm")" 1/40 "the footer is on line 40"
pane_send C-l
is "$(settled)" "$after_storm" "Ctrl-L repaints exactly what was there: the storm left no garbage"
pane_send q
is "$(console_exit_status)" 0 "q quits with status 0"
check_terminal_restored "after the storm"

pane_console --pipeline 101 --run 7
pane_wait "生产发布审批 Production approval"
is "$(settled)" "$after_storm" "the screen after the storm is the one a console started at 120x40 draws"
pane_send q
console_exit_status >/dev/null

# With the dialog open: the storm passes through sizes too small for it, but no key came, so it
# is still there at the end and still takes its answer.
pane_console --pipeline 101 --run 7
pane_wait "生产发布审批 Production approval"
pane_send r
pane_wait "Really refuse"
storm
ok "the dialog is still open after the storm" pane_wait "Really refuse 生产发布审批 Production approval\? \(y/N\)"
dialog_answer Escape
ok "and Esc cancels it" pane_wait "Cancelled: refuse 生产发布审批 Production approval #1001 was not sent"
is "$(mock_count method=POST)" 0 "the storm sent nothing"
pane_send q
is "$(console_exit_status)" 0 "q quits with status 0"
check_terminal_restored "after the storm with the dialog"

done_testing
