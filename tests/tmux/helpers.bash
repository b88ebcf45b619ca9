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

# Ends every server of the test and removes their sockets, which tmux leaves behind. Passes the
# test's exit status on, for lib_cleanup to exit with.
tmux_kill_servers() {
	local status=$? i
	for ((i = 1; i <= PANES; i++)); do
		tmux -L "flowgate-test-$$-$i" -f /dev/null kill-server 2>/dev/null
		rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/flowgate-test-$$-$i"
	done
	return "$status"
}
trap 'tmux_kill_servers; lib_cleanup' EXIT

# pane_open COLS LINES [SHELL]: a detached session whose one pane runs SHELL (bash, or dash) in a
# UTF-8 locale. Each call ends the previous server and starts a new one on a socket of its own,
# so the two never meet. bash puts its own terminal settings back when a job stops or dies of a
# signal; dash does not, so in a dash pane the settings the shell sees are the ones the console left.
pane_open() {
	local shell="bash --norc --noprofile"
	[ "${3:-bash}" = dash ] && shell="dash -i"
	tmux_cmd kill-server 2>/dev/null
	PANES=$((PANES + 1))
	TMUX_SOCKET=flowgate-test-$$-$PANES
	env -i HOME="$HOME" PATH="$PATH" TERM=xterm-256color LC_ALL=C.UTF-8 TZ=UTC \
		tmux -u -L "$TMUX_SOCKET" -f /dev/null new-session -d -s t -x "$1" -y "$2" "$shell" ||
		bail_out "tmux cannot start a session"
	tmux_cmd set-option -g window-size manual
	rm -f "$PANE_DIR/stty.before"
	pane_send "PS1='$ '; ulimit -c 0; stty -a >$PANE_DIR/stty.before" Enter
	pane_wait_file "$PANE_DIR/stty.before"
}

# pane_open_idle COLS LINES: like pane_open, but the pane runs no shell, only a sleep that never
# reads: a test can start the console on the pane's terminal from outside (see pane_tty), where
# it is in no session of that terminal and gets no signal from it. stty.before is read from outside.
pane_open_idle() {
	tmux_cmd kill-server 2>/dev/null
	PANES=$((PANES + 1))
	TMUX_SOCKET=flowgate-test-$$-$PANES
	env -i HOME="$HOME" PATH="$PATH" TERM=xterm-256color LC_ALL=C.UTF-8 TZ=UTC \
		tmux -u -L "$TMUX_SOCKET" -f /dev/null new-session -d -s t -x "$1" -y "$2" "exec sleep 3600" ||
		bail_out "tmux cannot start a session"
	tmux_cmd set-option -g window-size manual
	stty -a <"$(pane_tty)" >"$PANE_DIR/stty.before"
}

# pane_tty: the pane's terminal device.
pane_tty() {
	tmux_cmd display-message -p -t t '#{pane_tty}'
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

# pane_exports: shell lines that give the pane's shell the test's HOME and the mock's endpoint
# and keys, for a runner script to start with.
pane_exports() {
	echo "export HOME='$HOME' FLOWGATE_ENDPOINT='$FLOWGATE_ENDPOINT' FLOWGATE_LOCALEDIR='$FLOWGATE_LOCALEDIR'"
	echo "export ALIBABA_CLOUD_ACCESS_KEY_ID='$ALIBABA_CLOUD_ACCESS_KEY_ID'"
	echo "export ALIBABA_CLOUD_ACCESS_KEY_SECRET='$ALIBABA_CLOUD_ACCESS_KEY_SECRET'"
}

# pane_console [FLOWGATE ARGS...]: runs the console in the pane against the mock (mock_start
# first) and waits for its pid. Its exit status lands in $PANE_DIR/exit, its stderr in
# $PANE_DIR/stderr unless PANE_STDERR holds another redirection for it (e.g. "2>&-").
pane_console() {
	local runner=$PANE_DIR/run org=(--org org-test)
	[[ " $* " == *" --org "* ]] && org=()   # the test names its own: a flag given twice is an error
	rm -f "$PANE_DIR/pid" "$PANE_DIR/exit"
	{
		pane_exports
		printf 'bash -c %q' "echo \$\$ >$PANE_DIR/pid; exec \"\$0\" \"\$@\""
		printf ' %q' "$FLOWGATE" "${org[@]}" "$@"
		printf ' %s\n' "${PANE_STDERR:-2>$PANE_DIR/stderr}"
		echo "echo \$? >$PANE_DIR/exit"
	} >"$runner"
	pane_send "clear; . $runner" Enter
	pane_wait_file "$PANE_DIR/pid" || bail_out "the console did not start"
	CONSOLE_PID=$(cat "$PANE_DIR/pid")
}

# console_state: the state letter of the console process (R, S, T when stopped...), "" once gone.
console_state() {
	awk '{ print $3 }' "/proc/$CONSOLE_PID/stat" 2>/dev/null
}

# console_wait_state LETTER [SECONDS]: waits until the console's process is in that state.
console_wait_state() {
	local i limit=$((${2:-10} * 20))
	for ((i = 0; i < limit; i++)); do
		[ "$(console_state)" = "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# console_exit_status [SECONDS]: waits for the console to end; prints its exit status.
console_exit_status() {
	pane_wait_file "$PANE_DIR/exit" "${1:-10}" && cat "$PANE_DIR/exit"
}

# pane_alternate: 1 while the pane is in the alternate screen (a full-screen program runs), else 0.
pane_alternate() {
	tmux_cmd display-message -p -t t '#{alternate_on}'
}

# pane_stty NAME: the terminal settings in the pane now, as the shell's `stty -a` prints them
# (also kept in $PANE_DIR/stty.NAME). Nothing when the shell cannot run the command.
pane_stty() {
	rm -f "$PANE_DIR/stty.$1"
	pane_send "stty -a >$PANE_DIR/stty.$1" Enter
	pane_wait_file "$PANE_DIR/stty.$1" 5 && cat "$PANE_DIR/stty.$1"
}

# check_stty_restored NAME: one test point, the shell's settings now are the ones it started with.
check_stty_restored() {
	# The first line holds the size, which a test may have changed.
	is "$(pane_stty after | sed 1d)" "$(sed 1d "$PANE_DIR/stty.before")" "$1: the terminal settings are back (stty -a)"
}

# Shared by the tests: the terminal is as the shell had it, and the console left the alternate screen.
check_terminal_restored() {
	is "$(pane_alternate)" 0 "$1: the alternate screen is left"
	check_stty_restored "$1"
}

# pane_paste TEXT: pastes TEXT into the pane as a terminal does: bracketed (ESC [200~ ... ESC [201~)
# when the program in it turned bracketed paste on.
pane_paste() {
	tmux_cmd set-buffer -b flowgate-test "$1"
	tmux_cmd paste-buffer -p -d -b flowgate-test -t t
}

# check_paste_off NAME: one test point, a command pasted into the pane's shell runs as if typed, so
# bracketed paste is off. Only in a dash pane: bash turns bracketed paste on by itself.
check_paste_off() {
	rm -f "$PANE_DIR/pasted"
	pane_paste "echo $1 >$PANE_DIR/pasted
"
	pane_wait_file "$PANE_DIR/pasted" 5
	is "$(cat "$PANE_DIR/pasted" 2>/dev/null)" "$1" "$1: bracketed paste is off: the shell reads a paste as typed"
}

# dialog_answer KEY: types KEY into the confirmation dialog the pane shows once its typeahead
# guard is over. Keys within DIALOG_GUARD_MS (250, src/tui/console.h) of the dialog opening or
# of the console resuming are ignored, and nothing on screen marks the guard's end: the dialog
# is on screen, so it opened at least this long before KEY arrives.
dialog_answer() {
	sleep 0.3
	pane_send "$1"
}

# console_received: true when bytes wait unread on one of the console's TCP connections, as when
# the server answered while the console was stopped.
console_received() {
	local inodes
	inodes=$(find "/proc/$CONSOLE_PID/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null | tr -dc '0-9\n')
	[ -n "$inodes" ] || return 1
	awk -v list="$inodes" 'BEGIN { n = split(list, a, "\n"); for (i = 1; i <= n; i++) want[a[i]] = 1 }
		FNR > 1 && ($10 in want) { split($5, q, ":"); if (q[2] !~ /^0+$/) found = 1 }
		END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# console_wait_received [SECONDS]: waits until console_received holds.
console_wait_received() {
	local i limit=$((${1:-10} * 20))
	for ((i = 0; i < limit; i++)); do
		console_received && return 0
		sleep 0.05
	done
	return 1
}
