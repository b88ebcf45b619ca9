#!/bin/bash
# In a real terminal: o shows the run's link, handed to the terminal as a hyperlink (OSC 8) and
# offered to its clipboard (OSC 52), with nothing left on screen but the link's text.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux/helpers.bash"

url=https://flow.aliyun.com/pipelines/101/builds/7

# link_open COLS LINES: the console on run 7 in a pane of that size whose clipboard is on, then o.
link_open() {
	pane_open "$1" "$2"
	tmux_cmd set-option -g set-clipboard on
	pane_console --pipeline 101 --run 7
	pane_wait "1001" || diag "the console did not start"
	pane_send o
}

# link_shown TEXT WHAT: the pane shows TEXT on a row of its own; leaves the pane's text in $text.
link_shown() {
	ok "o shows $2 in the status pane" pane_wait "$1"
	sleep 0.3
	text=$(pane_text)
	like "$text" $'\n'"$1"$'\n' "$2 stands alone on its row, as it was drawn"
}

mock_start basic
link_open 80 24
link_shown "$url" "the run's link"
unlike "$text" '\]8;|52;c;|\\\\|\^\[' "no piece of the terminal sequences shows"
pane_send j
pane_send k
sleep 0.3
is "$(pane_text | grep -c "$url")" 1 "after moving the cursor the link is still shown once, nothing else moved"
like "$(tmux_cmd show-buffer 2>/dev/null)" "^$url\$" "the terminal received the link for its clipboard"
pane_send q
is "$(console_exit_status)" 0 "q quits"
check_terminal_restored "after o"

# At 40 columns the link is wider than the pane: its row is cut at the edge, never wrapped inside,
# and the hyperlink and the clipboard still get it whole.
link_open 40 10
link_shown "${url:0:40}" "the link cut at the edge"
unlike "$text" "${url:40}" "its end is not wrapped onto another row"
like "$(tmux_cmd show-buffer 2>/dev/null)" "^$url\$" "the clipboard receives the whole link"
pane_send q
console_exit_status >/dev/null

done_testing
