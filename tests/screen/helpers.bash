# Helpers for the headless screen tests; source after tests/lib.sh.
#
# The console's hidden test mode reads keys from a script, paints to /dev/null at a fixed size
# and dumps curses' screen model (text, then one attribute letter per cell) on "dump NAME".
# Each dump is compared with tests/screen/expected/PREFIX-NAME, PREFIX being the test's name.
# SCREEN_UPDATE=1 rewrites the expected files from what the console drew instead:
# read every changed file before committing it.

SCREEN_EXPECTED=$top_srcdir/tests/screen/expected
SCREEN_PREFIX=$(basename "$0" .sh)
SCREEN_NOW=1749549600   # 2025-06-10 10:00:00 UTC, two hours into run 7 of the basic scenario

# screen_run NAME [FLOWGATE ARGS...] < SCRIPT: runs the console on the script read from stdin,
# with the mock's endpoint and keys (mock_start first). The size comes from SCREEN_COLS and
# SCREEN_LINES (80x24), the locale from SCREEN_LOCALE (C.UTF-8), the terminal type from
# SCREEN_TERM (xterm-256color), looked up in SCREEN_TERMINFO too when set. Leaves the dumps in
# $SCREEN_DIR, the exit status in $SCREEN_RC, stderr in $SCREEN_DIR/stderr.
screen_run() {
	local name=$1
	shift
	SCREEN_DIR=$TEST_TMPDIR/screens/$name
	mkdir -p "$SCREEN_DIR"
	cat >"$SCREEN_DIR/script"
	local org=(--org org-test)   # unless the test names its own (a flag given twice is an error)
	[[ " $* " == *" --org "* || " $* " == *" --edition region "* ]] && org=()   # or needs none
	env TERM="${SCREEN_TERM:-xterm-256color}" ${SCREEN_TERMINFO:+TERMINFO="$SCREEN_TERMINFO"} \
		LINES="${SCREEN_LINES:-24}" COLUMNS="${SCREEN_COLS:-80}" \
		LC_ALL="${SCREEN_LOCALE:-C.UTF-8}" TZ=UTC FLOWGATE_TEST_NOW="$SCREEN_NOW" \
		FLOWGATE_TEST_SCRIPT="$SCREEN_DIR/script" FLOWGATE_TEST_DUMP_DIR="$SCREEN_DIR" \
		"$FLOWGATE" "${org[@]}" "$@" >"$SCREEN_DIR/stdout" 2>"$SCREEN_DIR/stderr"
	SCREEN_RC=$?
}

# The mock's request ids (a serial number and random hex) and its port differ from run to run.
screen_normalize() {
	sed -E -e 's/MOCK-[0-9]+-[0-9a-f]{12}/MOCK-n-xxxxxxxxxxxx/g' -e 's/127\.0\.0\.1:[0-9]+/127.0.0.1:PORT/g'
}

# screen_is DUMP NAME: one test point, passing when dump DUMP of the last screen_run matches
# its expected file (a unified diff is shown when not).
screen_is() {
	local got=$SCREEN_DIR/$1 want=$SCREEN_EXPECTED/$SCREEN_PREFIX-$1
	if [ ! -f "$got" ]; then
		tap_result 0 "$2"
		diag "no dump '$1' (exit $SCREEN_RC)" "$(head -c 2000 "$SCREEN_DIR/stderr")"
		return
	fi
	screen_normalize <"$got" >"$got.norm"
	[ -n "${SCREEN_UPDATE:-}" ] && cp "$got.norm" "$want"
	if diff -u "$want" "$got.norm" >"$got.diff" 2>&1; then
		tap_result 1 "$2"
	else
		tap_result 0 "$2"
		diag "$(head -n 80 "$got.diff")"
	fi
}

# screen_text DUMP: the text layer of a dump, raw (request ids as the mock sent them).
screen_text() {
	sed -n '2,/^attributes$/p' "$SCREEN_DIR/$1" | sed '$d'
}

# mock_request_id KEY=VALUE...: the requestId the mock logged for the one request matching.
mock_request_id() {
	jq -nr "$LIB_JQ_PY"'py_want as $want | inputs | select(py_matches($want)) | .requestId' "$MOCK_LOG" --args "$@"
}

# audit_field N FIELD: field FIELD of line N (from 1) of the audit log.
audit_field() {
	sed -n "${1}p" "$AUDIT" | json_get "$2"
}

# inbox_job_set NAME JOB FIELD JSON: prints the path of a scenario, inbox.json with field FIELD of
# job JOB set to the JSON value given.
inbox_job_set() {
	python3 - "$MOCK_SCENARIOS" "$2" "$3" "$4" >"$TEST_TMPDIR/$1.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/inbox.json", encoding="utf-8"))
for org in d["orgs"]:
    for p in org["pipelines"]:
        for r in p.get("runs", []):
            for s in r.get("stages", []):
                for j in s["jobs"]:
                    if j["id"] == int(sys.argv[2]):
                        j[sys.argv[3]] = json.loads(sys.argv[4])
print(json.dumps({"base": sys.argv[1] + "/basic.json", "regionOrg": d["regionOrg"], "orgs": d["orgs"]},
                 ensure_ascii=False))
PY
	echo "$TEST_TMPDIR/$1.json"
}
