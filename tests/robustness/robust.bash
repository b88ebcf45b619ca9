# Helpers of the robustness suite (tests/robustness); source after tests/lib.sh.
#
# They run the real binary, the command line and the console's headless test mode alike, and
# look at what a person would see: exit codes, messages, the status pane, the audit log.

RB_DIR=$TEST_TMPDIR/robust
RB_AUDIT=$HOME/.local/state/flowgate/audit.log
RB_SLACK_MS=1500     # start-up and sanitizer overhead allowed past --timeout
RB_ENV=()            # NAME=VALUE pairs for flowgate's environment
mkdir -p "$RB_DIR"

rb_now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# rb_fg NAME [FLOWGATE ARGS...]: runs the command line with --org org-test (and RB_ENV). Leaves its output in
# $RB_DIR/NAME.out and NAME.err, its exit status in RB_RC and the time it took in RB_MS.
rb_fg() {
	local name=$1 t0
	shift
	t0=$(rb_now_ms)
	env "${RB_ENV[@]}" "$FLOWGATE" --org org-test "$@" >"$RB_DIR/$name.out" 2>"$RB_DIR/$name.err" </dev/null
	RB_RC=$?
	RB_MS=$(($(rb_now_ms) - t0))
}

# rb_console NAME [FLOWGATE ARGS...] < SCRIPT: runs the console's headless mode on the script on
# stdin, at 150x40 so that status lines do not wrap and the status pane has its most lines.
# Dumps land in $RB_DIR/NAME/, stderr in $RB_DIR/NAME/stderr; exit status in RB_RC, time in RB_MS.
rb_console() {
	local name=$1 dir=$RB_DIR/$1 t0
	shift
	mkdir -p "$dir"
	cat >"$dir/script"
	t0=$(rb_now_ms)
	env TERM=xterm-256color LINES=40 COLUMNS=150 LC_ALL=C.UTF-8 TZ=UTC \
		FLOWGATE_TEST_SCRIPT="$dir/script" FLOWGATE_TEST_DUMP_DIR="$dir" "${RB_ENV[@]}" \
		"$FLOWGATE" --org org-test "$@" >"$dir/stdout" 2>"$dir/stderr" </dev/null
	RB_RC=$?
	RB_MS=$(($(rb_now_ms) - t0))
}

# rb_status DUMP [REGEX]: the newest entry of the status pane in a console dump that matches
# REGEX (any entry without one), on one line with its time stamp cut; "(none)" if there is none.
rb_status() {
	python3 - "$1" "${2:-}" <<'PY'
import re, sys
try:
    text = open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\nattributes\n")[0]
except OSError:
    print("(no screen dump)")
    sys.exit(0)
lines = text.split("\n")[1:]
start = next((i for i, l in enumerate(lines) if re.match(r"^(──|--) status", l)), None)
entries = []
if start is not None:
    for l in lines[start + 1:-1]:
        m = re.match(r"^\d\d:\d\d:\d\d (.*)", l)
        if m:
            entries.append(m.group(1).strip())
        elif l.strip() and entries:
            entries[-1] += " · " + l.strip()
want = [e for e in entries if not sys.argv[2] or re.search(sys.argv[2], e)]
print(want[-1] if want else "(none)")
PY
}

# rb_screen_text DUMP: the text layer of a console dump.
rb_screen_text() {
	sed -n '2,/^attributes$/p' "$1" | sed '$d'
}

# rb_first_line FILE: the first non-empty line of FILE, or "(nothing)".
rb_first_line() {
	local l
	l=$(grep -m1 . "$1" 2>/dev/null)
	echo "${l:-(nothing)}"
}

# rb_insane FILE...: prints what in the files a terminal would act on rather than show (invalid
# UTF-8, C0/C1 controls but newline, DEL, bidi controls), or nothing when they are clean.
rb_insane() {
	python3 - "$@" <<'PY'
import sys
BIDI = {0x061C, 0x200E, 0x200F} | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"{path}: invalid UTF-8 at byte {e.start}")
        continue
    for i, ch in enumerate(text):
        c = ord(ch)
        if (c < 0x20 and ch != "\n") or 0x7F <= c <= 0x9F or c in BIDI:
            print(f"{path}: U+{c:04X} at character {i}")
            break
PY
}

# rb_crashed FILE...: prints the first sign of a crash or a sanitizer report in the files.
rb_crashed() {
	grep -h -m1 -E 'runtime error:|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|Segmentation fault|core dumped' "$@" 2>/dev/null | head -n1
}

# rb_audit_last FIELD: field FIELD of the last audit line ("(no audit line)" when none).
rb_audit_last() {
	if [ -s "$RB_AUDIT" ]; then
		tail -n1 "$RB_AUDIT" | json_get "$1" || echo "(unreadable audit line)"
	else
		echo "(no audit line)"
	fi
}

# rb_audit_summary: the last audit line's outcome, HTTP status and error code, on one line.
rb_audit_summary() {
	[ -s "$RB_AUDIT" ] || { echo "(no audit line)"; return; }
	tail -n1 "$RB_AUDIT" | python3 -c '
import json, sys
e = json.load(sys.stdin)
print(" ".join(f"{k}={e.get(k) or chr(45)}" for k in ("via", "outcome", "httpStatus", "errorCode")))'
}

rb_audit_lines() {
	if [ -f "$RB_AUDIT" ]; then wc -l <"$RB_AUDIT"; else echo 0; fi
}

# rb_closed_port: a port on 127.0.0.1 where nothing listens.
rb_closed_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# rb_helper_start SCRIPT ARGS...: starts tests/robustness/SCRIPT (a loopback listener that prints
# "port N" once ready) and sets RB_HELPER_PORT:
#   blackhole.py                 its backlog is full, so a new connection is never accepted and
#                                connecting times out
#   relay.py --refuse 403 FILE   a proxy that answers every request (CONNECT) with 403, keeping
#                                in FILE what it was sent
rb_helper_start() {
	local script=$1 i line=
	shift
	: >"$RB_DIR/helper.out"
	python3 "$top_srcdir/tests/robustness/$script" "$@" >"$RB_DIR/helper.out" 2>&1 &
	RB_HELPER_PID=$!
	for ((i = 0; i < 100; i++)); do
		read -r line <"$RB_DIR/helper.out" 2>/dev/null
		[[ $line == "port "* ]] && break
		sleep 0.05
	done
	[[ $line == "port "* ]] || bail_out "$script did not start: $(cat "$RB_DIR/helper.out")"
	RB_HELPER_PORT=${line#port }
}

# rb_helper_stop: stops what rb_helper_start started, if anything.
rb_helper_stop() {
	[ -n "${RB_HELPER_PID:-}" ] || return 0
	kill "$RB_HELPER_PID" 2>/dev/null
	wait "$RB_HELPER_PID" 2>/dev/null
	RB_HELPER_PID=
}

# rb_with_faults BASE FAULT...: starts the mock on scenario BASE (a path) with these faults (JSON
# objects); without a fault, on BASE itself.
rb_with_faults() {
	local base=$1 f faults
	shift
	if [ $# -eq 0 ]; then
		mock_start "$base"
		return
	fi
	faults=$(IFS=,; echo "$*")
	f=$(mock_scenario "faults-$RANDOM" <<JSON
{"base": "$base", "faults": [$faults]}
JSON
)
	mock_start "$f"
}

# rb_md TEXT: TEXT made safe for one cell of a Markdown table, with what changes from run to
# run (ports, request ids, milliseconds) replaced.
rb_md() {
	sed -E -e 's/127\.0\.0\.1:[0-9]+/127.0.0.1:PORT/g' -e 's/MOCK-[0-9]+-[0-9a-f]{12}/MOCK-n/g' \
		-e 's/[0-9]+ ms/N ms/g' -e 's/\|/\\|/g' -e 's/`/'"'"'/g' <<<"$1" | tr -d '\r'
}
