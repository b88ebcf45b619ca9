#!/bin/bash
# Helpers for the integration tests (bash, TAP). Source it first:
#
#     . "$top_srcdir/tests/lib.sh"
#     mock_start basic
#     ok "refuse succeeds" "$FLOWGATE" --org org-test refuse --pipeline 101 --run 7 --job 1001
#     is "$(mock_count action=RefusePipelineValidate job=1001)" 1 "one refuse reached the server"
#     done_testing
#
# `make check` exports top_srcdir, top_builddir, FLOWGATE and FLOWMOCK; run by hand, they default
# to this source tree and its build/ directory. Sourcing this file also
#   - makes a fresh scratch directory, $TEST_TMPDIR, removed on exit (KEEP_TMP=1 keeps it);
#   - points HOME and XDG_CONFIG_HOME into it and unsets the ALIBABA_CLOUD_*, YUNXIAO_* and
#     FLOWGATE_* variables, so no developer's own configuration or keys leak into a test;
#   - stops a mock started with mock_start when the test exits, however it exits.
# The mock's scenarios and their stable ids are described in tests/mock/README.md.

: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"
: "${FLOWGATE:=$top_builddir/flowgate}"
: "${FLOWMOCK:=$top_builddir/tests/mock/flowmock}"
: "${SIGNREQ:=$top_builddir/tests/mock/signreq}"
export top_srcdir top_builddir FLOWGATE FLOWMOCK SIGNREQ

# Where the shipped scenarios live; a test's own scenario can name one as its "base".
MOCK_SCENARIOS=$top_srcdir/tests/mock/scenarios

# The key pairs every shipped scenario accepts (test values, not secrets).
MOCK_AK_ID=LTAI5tMockTestKey0001
MOCK_AK_SECRET=mock-secret-for-tests-only
MOCK_STS_AK_ID=STS.MockTestKey0002
MOCK_STS_AK_SECRET=mock-sts-secret-for-tests
MOCK_STS_TOKEN=mock-sts-token-0002

TAP_N=0
TAP_FAILED=0
MOCK_PID=
LIB_MOCK_CRASHED=

unset $(compgen -v | grep -E '^(ALIBABA_CLOUD_|YUNXIAO_|FLOWGATE_)')
# The build tree's translations, never an installed flowgate's.
export FLOWGATE_LOCALEDIR=$top_builddir/locale
TEST_TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/flowgate-test.XXXXXX") || { echo "Bail out! mktemp failed"; exit 1; }
export HOME=$TEST_TMPDIR/home XDG_CONFIG_HOME=$TEST_TMPDIR/home/.config

# Python as Debian installs it (scripts/install-deps) when it is there: a version manager's shim
# first in PATH, as pyenv puts there, costs 0.2 s or more at every start. A command first in PATH,
# not a shell function: a function run in the background is a subshell, whose pid is not Python's,
# so `kill $!` would leave the Python program running.
if [ -x /usr/bin/python3 ]; then
	mkdir -p "$TEST_TMPDIR/bin" && ln -s /usr/bin/python3 "$TEST_TMPDIR/bin/python3"
	export PATH=$TEST_TMPDIR/bin:$PATH
fi
mkdir -p "$XDG_CONFIG_HOME"

# ---- TAP ---------------------------------------------------------------------------------------

# tap_result PASSED NAME: prints one test point; used by the checks below.
tap_result() {
	TAP_N=$((TAP_N + 1))
	if [ "$1" = 1 ]; then
		echo "ok $TAP_N - $2"
	else
		echo "not ok $TAP_N - $2"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}

# skip REASON NAME...: one test point for each NAME, skipped for REASON (TAP "# SKIP").
skip() {
	local reason=$1 name
	shift
	for name in "$@"; do
		TAP_N=$((TAP_N + 1))
		echo "ok $TAP_N - $name # SKIP $reason"
	done
}

# diag MESSAGE...: prints a TAP comment (each line prefixed with "# ").
diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

# ok NAME COMMAND [ARGS...]: passes when COMMAND exits 0. Its output goes to $TEST_TMPDIR/last.out
# and last.err (shown as a comment on failure). Example: ok "run 7 is listed" grep -q 7 file
ok() {
	local name=$1
	shift
	if "$@" >"$TEST_TMPDIR/last.out" 2>"$TEST_TMPDIR/last.err"; then
		tap_result 1 "$name"
	else
		tap_result 0 "$name"
		diag "command failed: $*" "$(head -c 2000 "$TEST_TMPDIR/last.err")"
	fi
}

# nok NAME COMMAND [ARGS...]: passes when COMMAND exits non-zero (output kept as for ok).
nok() {
	local name=$1
	shift
	if "$@" >"$TEST_TMPDIR/last.out" 2>"$TEST_TMPDIR/last.err"; then
		tap_result 0 "$name"
		diag "command succeeded but should have failed: $*"
	else
		tap_result 1 "$name"
	fi
}

# is GOT WANT NAME: passes when the two strings are equal.
is() {
	if [ "$1" = "$2" ]; then
		tap_result 1 "$3"
	else
		tap_result 0 "$3"
		diag "got:  '$1'" "want: '$2'"
	fi
}

# isnt GOT UNWANTED NAME: passes when the two strings differ.
isnt() {
	if [ "$1" != "$2" ]; then
		tap_result 1 "$3"
	else
		tap_result 0 "$3"
		diag "got '$1', which it must not be"
	fi
}

# like GOT REGEX NAME: passes when GOT matches the extended regular expression.
like() {
	if [[ $1 =~ $2 ]]; then
		tap_result 1 "$3"
	else
		tap_result 0 "$3"
		diag "got:  '$(head -c 2000 <<<"$1")'" "want match: /$2/"
	fi
}

# unlike GOT REGEX NAME: passes when GOT does not match the regular expression.
unlike() {
	if [[ $1 =~ $2 ]]; then
		tap_result 0 "$3"
		diag "got:  '$(head -c 2000 <<<"$1")'" "must not match: /$2/"
	else
		tap_result 1 "$3"
	fi
}

# skip_all REASON: declares the whole test skipped and exits (TAP "1..0 # SKIP").
skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# bail_out REASON: stops the whole test run with a TAP "Bail out!" line.
bail_out() {
	echo "Bail out! $*"
	exit 1
}

# done_testing: prints the plan and exits 1 if any check failed. (Not "done": a shell keyword.)
done_testing() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
	exit
}

# ---- running flowgate ---------------------------------------------------------------------------

# fg ARGS...: runs $FLOWGATE with ARGS; its stdout, stderr and exit code are then read back with
# out, err and rc, so one run can be checked several ways:
#     fg gates --pipeline 101 --run 7; is "$(rc)" 0 "gates exits 0"; like "$(out)" "1001" "..."
fg() {
	"$FLOWGATE" "$@" >"$TEST_TMPDIR/fg.out" 2>"$TEST_TMPDIR/fg.err"
	echo $? >"$TEST_TMPDIR/fg.rc"
}
out() { cat "$TEST_TMPDIR/fg.out"; }
err() { cat "$TEST_TMPDIR/fg.err"; }
rc() { cat "$TEST_TMPDIR/fg.rc"; }

# The audit log of a test run (HOME is the scratch directory).
AUDIT=$HOME/.local/state/flowgate/audit.log

# write_conf TEXT: the default flowgate config file holds TEXT, private to the user.
write_conf() {
	mkdir -p "$XDG_CONFIG_HOME/flowgate"
	printf '%s\n' "$1" >"$XDG_CONFIG_HOME/flowgate/config"
	chmod 600 "$XDG_CONFIG_HOME/flowgate/config"
}

# ---- JSON --------------------------------------------------------------------------------------

# The JSON checks ask jq, one short process each (a python3 each took 0.2 s or more behind a
# version manager's shim). LIB_JQ_PY holds jq definitions that print values as Python does:
#   py_json   a value as json.dumps(v, ensure_ascii=False) writes it (", " and ": " separators);
#             jq 1.6 holds numbers as doubles, so a number beyond 2^53 stops jq with status 3
#             and python3 prints it instead, exactly;
#   py_str    a value as str(v) writes it (None, True, False; strings raw);
#   py_walk   the value at a path ("a.0.b"; numbers index arrays), an error when it is absent;
#   py_want   the KEY=VALUE arguments given with --args, as [KEY, VALUE] pairs;
#   py_matches(WANT)  whether an object has every field of WANT, compared with py_str.
LIB_JQ_PY='
def py_json: if type == "object" then "{" + ([to_entries[] | (.key | tojson) + ": " + (.value | py_json)] | join(", ")) + "}"
	elif type == "array" then "[" + (map(py_json) | join(", ")) + "]"
	elif type == "number" and fabs >= 9007199254740992 then "number beyond 2^53\n" | halt_error(3)
	else tojson end;
def py_str: if type == "string" then . elif . == null then "None" elif . == true then "True"
	elif . == false then "False" elif type == "number" then tojson else py_json end;
def py_walk($path): reduce ($path | if . == "" then empty else split(".")[] end) as $k (.;
	if type == "array" then ($k | tonumber) as $i | if $i < length and $i >= -length then .[$i] else error("absent") end
	elif type == "object" and has($k) then .[$k]
	else error("absent") end);
def py_want: [$ARGS.positional[] | [.[:index("=")], .[index("=") + 1:]]];
def py_matches($want): . as $rec | all($want[]; ($rec[.[0]] | py_str) == .[1]);
'

# json_get PATH < JSON: prints the value at PATH ("pipelineRun.stages.1.stageInfo.jobs.0.id";
# numbers index arrays). Strings print raw, other values as JSON. Exits 1 when absent or not JSON.
json_get() {
	local in status
	in=$(cat)
	jq -nr --arg path "$1" "$LIB_JQ_PY"'[inputs] | if length == 1 then .[0] else error("not one value") end
		| py_walk($path) | if type == "string" then . else py_json end' <<<"$in" 2>/dev/null
	status=$?
	[ "$status" -eq 3 ] || return $((status != 0))
	python3 -c '
import json, sys
v = json.load(sys.stdin)
for part in sys.argv[1].split(".") if sys.argv[1] else []:
    v = v[int(part)] if isinstance(v, list) else v[part]
print(json.dumps(v, ensure_ascii=False))
' "$1" <<<"$in"
}

# ---- the mock server ---------------------------------------------------------------------------

# mock_scenario NAME < JSON: saves a scenario written inline (e.g. a heredoc whose "base" is
# "$MOCK_SCENARIOS/basic.json" and which adds "faults") and prints its path for mock_start.
mock_scenario() {
	cat >"$TEST_TMPDIR/$1.json" && echo "$TEST_TMPDIR/$1.json"
}

# mock_start_fault FAULT: mock_start on basic.json with this one fault (a JSON object, see
# "Faults" in tests/mock/README.md), e.g. mock_start_fault '{"action": "GetPipelineRun", "drop": true}'.
mock_start_fault() {
	mock_start "$(mock_scenario fault <<JSON
{"base": "$MOCK_SCENARIOS/basic.json", "faults": [$1]}
JSON
)"
}

# mock_start SCENARIO [FLOWMOCK ARGS...]: starts $FLOWMOCK in the background on a free port.
# SCENARIO is a shipped name ("basic", "demo") or a file path. Stops a mock already running.
# Waits for its "port N" line, then exports
#   MOCK_PID, MOCK_PORT, MOCK_URL and FLOWGATE_ENDPOINT (http://127.0.0.1:PORT),
#   MOCK_DIR (its fresh directory), MOCK_LOG (the request log), MOCK_STDERR,
#   ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET (the test key pair; no security token).
# Bails out when the mock does not come up within 10 s. Call it directly, not in $(...),
# or the exports are lost.
mock_start() {
	local scenario=$1
	shift
	[ -x "$FLOWMOCK" ] || bail_out "flowmock is not built ($FLOWMOCK)"
	case $scenario in
	*/* | *.json) ;;
	*) scenario=$MOCK_SCENARIOS/$scenario.json ;;
	esac
	mock_stop_checked
	MOCK_DIR=$(mktemp -d "$TEST_TMPDIR/mock.XXXXXX")
	MOCK_LOG=$MOCK_DIR/requests.jsonl
	MOCK_STDERR=$MOCK_DIR/stderr
	: >"$MOCK_DIR/stdout"
	"$FLOWMOCK" --scenario "$scenario" --port 0 --log "$MOCK_LOG" "$@" \
		>"$MOCK_DIR/stdout" 2>"$MOCK_STDERR" &
	MOCK_PID=$!
	local i line=
	for ((i = 0; i < 200; i++)); do
		read -r line <"$MOCK_DIR/stdout" 2>/dev/null
		[[ $line == "port "* ]] && break
		kill -0 "$MOCK_PID" 2>/dev/null || break
		sleep 0.05
	done
	if [[ $line != "port "* ]]; then
		diag "$(cat "$MOCK_STDERR")"
		bail_out "flowmock did not start with $scenario"
	fi
	MOCK_PORT=${line#port }
	MOCK_URL=http://127.0.0.1:$MOCK_PORT
	export MOCK_PID MOCK_PORT MOCK_URL MOCK_DIR MOCK_LOG MOCK_STDERR
	export FLOWGATE_ENDPOINT=$MOCK_URL
	export ALIBABA_CLOUD_ACCESS_KEY_ID=$MOCK_AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$MOCK_AK_SECRET
	unset ALIBABA_CLOUD_SECURITY_TOKEN
}

# mock_stop [SIGNAL]: sends SIGTERM (or SIGNAL, e.g. INT) to the mock, waits for it (SIGKILL
# after 10 s) and returns its exit status, so `mock_stop; is $? 0 "mock stops cleanly"` checks a
# clean stop. No-op without a mock.
mock_stop() {
	local pid=$MOCK_PID i status
	[ -n "$pid" ] || return 0
	MOCK_PID=
	kill -"${1:-TERM}" "$pid" 2>/dev/null
	for ((i = 0; i < 200; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	status=$?
	return $status
}

# mock_stop_checked: stops the mock, if any; a non-zero exit (a crash, a sanitizer report) is
# shown as a comment and makes the test exit 1 in the end. mock_start and the exit trap use it.
mock_stop_checked() {
	local status
	[ -n "$MOCK_PID" ] || return 0
	mock_stop
	status=$?
	[ "$status" -eq 0 ] && return 0
	diag "flowmock exited with status $status; its stderr ends:" "$(tail -n 40 "$MOCK_STDERR")"
	LIB_MOCK_CRASHED=1
}

# mock_requests: prints the request log of the current mock, one JSON object a line:
# {"method","path","query","action","auth":"ok"|"off"|CODE,"status","code"?,"requestId",
#  "job"? (pass/refuse),"fault"?,"canonicalRequest"? (signature mismatches),"time"}.
mock_requests() {
	cat "$MOCK_LOG"
}

# mock_count KEY=VALUE...: prints how many logged requests have all these fields, compared as
# text, e.g. `mock_count action=RefusePipelineValidate job=1001 status=200`.
mock_count() {
	jq -nr "$LIB_JQ_PY"'py_want as $want | [inputs | select(py_matches($want))] | length' "$MOCK_LOG" --args "$@"
}

# mock_wait KEY=VALUE...: waits until the mock has logged a request with all these fields (it logs
# one when it has read it whole); 1 when none came within 10 s.
mock_wait() {
	local i
	for ((i = 0; i < 200; i++)); do
		[ "$(mock_count "$@")" -gt 0 ] && return 0
		sleep 0.05
	done
	diag "the mock logged no request with $*"
	return 1
}

# mock_sign [SIGNREQ OPTIONS] ACTION METHOD PATH [KEY=VALUE...]: prints a request to the mock
# signed with the current ALIBABA_CLOUD_* credentials: "url URL", then one "name: value" header
# a line. Options: --v1, --nonce HEX, --skew SEC, --time EPOCH, --api-version V.
mock_sign() {
	local opts=()
	while [[ $1 == --* ]]; do
		case $1 in
		--v1) opts+=("$1") ;;
		*) opts+=("$1" "$2"); shift ;;
		esac
		shift
	done
	"$SIGNREQ" "${opts[@]}" "$1" "$2" "$MOCK_URL$3" "${@:4}"
}

# mock_send METHOD [CURL ARGS...] < SIGNED: sends what mock_sign printed (possibly edited) with
# curl; prints the HTTP status ("000" when no answer came) and leaves the body in $MOCK_DIR/body
# and the response headers in $MOCK_DIR/headers. curl's exit code is in $MOCK_DIR/curl_exit.
mock_send() {
	local method=$1 line url= rc
	shift
	local hdr=()
	while IFS= read -r line; do
		case $line in
		"url "*) url=${line#url } ;;
		?*) hdr+=(-H "$line") ;;
		esac
	done
	curl -s --max-time 20 -o "$MOCK_DIR/body" -D "$MOCK_DIR/headers" -w '%{http_code}' \
		-X "$method" "${hdr[@]}" "$@" "$url"
	rc=$?
	echo "$rc" >"$MOCK_DIR/curl_exit"
	return 0
}

# mock_curl [SIGNREQ OPTIONS] ACTION METHOD PATH [KEY=VALUE...]: signs and sends in one step;
# prints the HTTP status, like mock_send.
mock_curl() {
	local method=
	local args=("$@") i
	for ((i = 0; i < ${#args[@]}; i++)); do
		case ${args[i]} in
		--v1) ;;
		--*) i=$((i + 1)) ;;
		*) method=${args[i + 1]}; break ;;
		esac
	done
	mock_sign "$@" | mock_send "$method"
}

# mock_body: prints the body of the last answer mock_send received.
mock_body() {
	cat "$MOCK_DIR/body" 2>/dev/null
}

# mock_header NAME: prints the value of header NAME (any case) of the last answer.
mock_header() {
	tr -d '\r' <"$MOCK_DIR/headers" | awk -v n="$(tr '[:upper:]' '[:lower:]' <<<"$1")" \
		'{ i = index($0, ":"); if (tolower(substr($0, 1, i - 1)) == n) { print substr($0, i + 2); exit } }'
}

lib_cleanup() {
	local status=$?
	mock_stop_checked
	if [ -n "${KEEP_TMP:-}" ]; then
		echo "# kept $TEST_TMPDIR" >&2
	else
		rm -rf "$TEST_TMPDIR"
	fi
	[ -z "$LIB_MOCK_CRASHED" ] || exit 1
	exit "$status"
}
trap lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
