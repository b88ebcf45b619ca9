# Helpers for the black-box console tests in a real tmux pane; source after tests/lib.sh.
#
# Each test gets its own tmux servers on private sockets and kills only those. The pane
# runs a plain bash; `pane_console ARGS...` starts flowgate in it through a small runner that
# records flowgate's pid and exit status, so that the shell (and the terminal state flowgate
# leaves behind) can be checked after it ends.

command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"

# mock_request_id and audit_field are shared with the screen tests.
. "$top_srcdir/tests/screen/helpers.bash"

PANES=0
TMUX_SOCKET=flowgate-test-$$-0
PANE_DIR=$TEST_TMPDIR/pane
mkdir -p "$PANE_DIR"

tmux_cmd() {
	tmux -L "$TMUX_SOCKET" -f /dev/null "$@"
}

# Passes the test's exit status on, for lib_cleanup to exit with.
tmux_kill_servers() {
	local status=$? i
	for ((i = 1; i <= PANES; i++)); do
		tmux -L "flowgate-test-$$-$i" -f /dev/null kill-server 2>/dev/null
	done
	return "$status"
}
trap 'tmux_kill_servers; lib_cleanup' EXIT

# pane_open COLS LINES: a detached session whose one pane runs bash in a UTF-8 locale. Each call
# ends the previous server and starts a new one on a socket of its own, so the two never meet.
pane_open() {
	tmux_cmd kill-server 2>/dev/null
	PANES=$((PANES + 1))
	TMUX_SOCKET=flowgate-test-$$-$PANES
	env -i HOME="$HOME" PATH="$PATH" TERM=xterm-256color LC_ALL=C.UTF-8 TZ=UTC \
		tmux -u -L "$TMUX_SOCKET" -f /dev/null new-session -d -s t -x "$1" -y "$2" \
		"bash --norc --noprofile" || bail_out "tmux cannot start a session"
	tmux_cmd set-option -g window-size manual
	pane_send "PS1='$ '; stty -a >$PANE_DIR/stty.before" Enter
	pane_wait_file "$PANE_DIR/stty.before"
}

# pane_send KEYS...: tmux send-keys to the pane (key names like Enter, Escape, C-c allowed).
pane_send() {
	tmux_cmd send-keys -t t "$@"
}

# pane_text: what the pane shows now.
pane_text() {
	tmux_cmd capture-pane -p -t t
}

# pane_wait REGEX [SECONDS]: waits until the pane shows text matching REGEX; 1 on time-out.
pane_wait() {
	local i limit=$((${2:-10} * 20))
	for ((i = 0; i < limit; i++)); do
		[[ $(pane_text) =~ $1 ]] && return 0
		sleep 0.05
	done
	diag "the pane never showed /$1/; it shows:" "$(pane_text)" >&2
	return 1
}

# pane_wait_file FILE [SECONDS]: waits until FILE exists and is not empty.
pane_wait_file() {
	local i limit=$((${2:-10} * 20))
	for ((i = 0; i < limit; i++)); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# pane_console [FLOWGATE ARGS...]: runs the console in the pane against the mock (mock_start
# first) and waits for its pid. Its exit status lands in $PANE_DIR/exit.
pane_console() {
	local runner=$PANE_DIR/run
	rm -f "$PANE_DIR/pid" "$PANE_DIR/exit"
	{
		echo "export HOME='$HOME' FLOWGATE_ENDPOINT='$FLOWGATE_ENDPOINT'"
		echo "export ALIBABA_CLOUD_ACCESS_KEY_ID='$ALIBABA_CLOUD_ACCESS_KEY_ID'"
		echo "export ALIBABA_CLOUD_ACCESS_KEY_SECRET='$ALIBABA_CLOUD_ACCESS_KEY_SECRET'"
		printf 'bash -c %q' "echo \$\$ >$PANE_DIR/pid; exec \"\$0\" \"\$@\""
		printf ' %q' "$FLOWGATE" --org org-test "$@"
		printf ' 2>%q\n' "$PANE_DIR/stderr"
		echo "echo \$? >$PANE_DIR/exit"
	} >"$runner"
	pane_send "clear; . $runner" Enter
	pane_wait_file "$PANE_DIR/pid" || bail_out "the console did not start"
	CONSOLE_PID=$(cat "$PANE_DIR/pid")
}

# console_exit_status [SECONDS]: waits for the console to end; prints its exit status.
console_exit_status() {
	pane_wait_file "$PANE_DIR/exit" "${1:-10}" && cat "$PANE_DIR/exit"
}

# pane_alternate: 1 while the pane is in the alternate screen (a full-screen program runs), else 0.
pane_alternate() {
	tmux_cmd display-message -p -t t '#{alternate_on}'
}

# pane_stty_after: the terminal settings in the pane now, as `stty -a` prints them.
pane_stty_after() {
	rm -f "$PANE_DIR/stty.after"
	pane_send "stty -a >$PANE_DIR/stty.after" Enter
	pane_wait_file "$PANE_DIR/stty.after" && cat "$PANE_DIR/stty.after"
}

# Shared by the tests: the terminal is as the shell had it, and the console left the alternate screen.
check_terminal_restored() {
	is "$(pane_alternate)" 0 "$1: the alternate screen is left"
	# The first line holds the size, which a test may have changed.
	is "$(pane_stty_after | sed 1d)" "$(sed 1d "$PANE_DIR/stty.before")" "$1: the terminal settings are back (stty -a)"
}
