#!/bin/bash
# The command line where trust is at stake: a mistyped profile sends nothing, the audit log goes
# where the config file says (or nowhere, when it says off), secrets stay out of core dumps and
# --verbose shows no raw control character from the server, --json is UTF-8 in any locale, and
# output that cannot be written is an error (exit 6).
. "$top_srcdir/tests/lib.sh"

mock_start basic
export FLOWGATE_ORG=org-test
REFUSE=(refuse --pipeline 101 --run 7 --job 1001)
conf=$XDG_CONFIG_HOME/flowgate/config
mkdir -p "${conf%/*}"

# ---- a profile that exists nowhere ------------------------------------------------------------
write_conf $'[profile readonly-prod]\nreadonly = yes\n[profile staging]\norg = org-other'
fg --profile readonly-prd "${REFUSE[@]}"
is "$(rc)" 3 "a --profile found in neither file exits 3"
like "$(err)" "readonly-prd" "the message names the profile asked for"
like "$(err)" "readonly-prod, staging" "the message names the profiles the config file has"
like "$(err)" "config.json \(profiles there: none\)" "the message says ~/.aliyun/config.json has none"
is "$(mock_count method=POST)" 0 "a mistyped --profile sends no refuse"

ALIBABA_CLOUD_PROFILE=readonly-prd fg "${REFUSE[@]}"
is "$(rc)" 3 "an ALIBABA_CLOUD_PROFILE found in neither file exits 3"
like "$(err)" "ALIBABA_CLOUD_PROFILE" "the message says where the name came from"
is "$(mock_count method=POST)" 0 "a mistyped ALIBABA_CLOUD_PROFILE sends no refuse"

fg --profile readonly-prod "${REFUSE[@]}"
is "$(rc)" 3 "the profile spelt right applies (readonly)"
is "$(mock_count method=POST)" 0 "the read-only profile sends nothing"

mkdir -p "$HOME/.aliyun"
printf '{"profiles": [{"name": "ops", "mode": "AK", "access_key_id": "%s", "access_key_secret": "%s"}]}\n' \
	"$MOCK_AK_ID" "$MOCK_AK_SECRET" >"$HOME/.aliyun/config.json"
chmod 600 "$HOME/.aliyun/config.json"
fg --profile ops pipelines
is "$(rc)" 0 "a profile found only in ~/.aliyun/config.json is fine"
fg --profile opps pipelines
like "$(err)" "config.json \(profiles there: ops\)" "the message names the aliyun CLI's profiles too"
rm -r "$HOME/.aliyun"

# ---- where the audit log goes -------------------------------------------------------------------
write_conf "audit_log = logs/audit.log"
mkdir -p "$TEST_TMPDIR/elsewhere"
(cd "$TEST_TMPDIR/elsewhere" && fg "${REFUSE[@]}")
is "$(rc)" 0 "refuse with a relative audit_log exits 0"
is "$(tail -n 1 "${conf%/*}/logs/audit.log" | json_get job)" 1001 "a relative audit_log is beside the config file"
ok "nothing is written in the current directory" test ! -e "$TEST_TMPDIR/elsewhere/logs"

mock_start basic
write_conf "audit_log = off"
(cd "$TEST_TMPDIR/elsewhere" && fg "${REFUSE[@]}")
is "$(rc)" 0 "refuse with audit_log = off exits 0"
is "$(err)" "" "audit_log = off gives no warning"
ok "audit_log = off writes no file named off" test ! -e "$TEST_TMPDIR/elsewhere/off" -a ! -e "${conf%/*}/off"
ok "audit_log = off writes no default log either" test ! -e "$AUDIT"

# The outcome line cannot be written (a file size limit) after the "sending" line was: the refuse
# went through, so the exit is 7, and the message says it was sent, how it ended and its requestId.
mock_start basic
write_conf "audit_log = $TEST_TMPDIR/fsize/audit.log"
fg "${REFUSE[@]}"
sending_len=$(head -n 1 "$TEST_TMPDIR/fsize/audit.log" | wc -c)
mock_start basic
# The log ends exactly where the limit (1 KiB) leaves room for the "sending" line and no more.
pad=$((1024 - sending_len - 11))
printf '{"pad":"%s"}\n' "$(head -c "$pad" /dev/zero | tr '\0' x)" >"$TEST_TMPDIR/fsize/audit.log"
(ulimit -f 1 && exec "$FLOWGATE" "${REFUSE[@]}") >"$TEST_TMPDIR/fg.out" 2>"$TEST_TMPDIR/fg.err"
echo $? >"$TEST_TMPDIR/fg.rc"
rid=$(jq -r 'select(.action == "RefusePipelineValidate") | .requestId' "$MOCK_LOG")
is "$(mock_count action=RefusePipelineValidate job=1001 status=200)" 1 "the refuse reached the server"
is "$(tail -n 1 "$TEST_TMPDIR/fsize/audit.log" | json_get outcome)" sending "the log ends with its sending line"
is "$(rc)" 7 "an outcome line that cannot be written exits 7, not 0"
like "$(err)" "refuse of job 1001 WAS sent \(outcome ok, requestId=$rid\)" \
	"the message says it was sent, its outcome and its requestId"
like "$(err)" "lacks its outcome line.*File too large" "and that the log lacks the outcome line, and why"
rm -r "$TEST_TMPDIR/fsize"
rm "$conf"

# ---- no core dumps, no ptrace -------------------------------------------------------------------
# valgrind runs flowgate inside its own process and keeps prctl and rlimits to itself.
if [ -n "${UNDER_VALGRIND:-}" ]; then
	skip "valgrind virtualises prctl(PR_SET_DUMPABLE) and RLIMIT_CORE" \
		"flowgate is not dumpable" "flowgate allows no core file" "the slow request still ends well"
else
	slow=$(mock_scenario slow <<-JSON
	{"base": "$MOCK_SCENARIOS/basic.json", "faults": [{"action": "ListPipelines", "delayMs": 3000}]}
	JSON
	)
	mock_start "$slow"
	# A process that is not dumpable has its /proc/PID files owned by root, whoever runs it: run
	# flowgate as another user to see the difference (as root), else as ourselves.
	as_user=()
	if [ "$(id -u)" = 0 ]; then
		as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	fi
	HOME=/nonexistent XDG_CONFIG_HOME=/nonexistent "${as_user[@]}" "$FLOWGATE" pipelines \
		>"$TEST_TMPDIR/slow.out" 2>&1 &
	pid=$!
	sleep 1   # the mock holds the answer for 3 s: flowgate is waiting for it by now
	isnt "$(stat -c %u "/proc/$pid/status")" "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" \
		"flowgate is not dumpable (its /proc files do not belong to the user running it)"
	is "$(awk '/^Max core file size/ {print $5 "/" $6}' "/proc/$pid/limits")" "0/0" \
		"flowgate allows no core file"
	wait "$pid"
	is "$?" 0 "the slow request still ends well"
fi

# ---- --verbose sanitises what the server sent ---------------------------------------------------
hostile=$(mock_scenario hostile <<JSON
{"base": "$MOCK_SCENARIOS/basic.json",
 "faults": [{"action": "ListPipelines", "requestIdHeader": "RID-\u009b31m-\u202eevil-\u2066x"}]}
JSON
)
mock_start "$hostile"
fg --verbose pipelines
is "$(rc)" 0 "pipelines --verbose exits 0"
like "$(err)" "requestId=RID-" "--verbose shows the request id"
ok "--verbose shows no raw C1 control or bidi override from the server" \
	python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); sys.exit(any(c in d for c in
		(b"\xc2\x9b", b"\xe2\x80\xae", b"\xe2\x81\xa6", b"\x1b")))' "$TEST_TMPDIR/fg.err"

# ---- --json is UTF-8 in any locale --------------------------------------------------------------
mock_start basic
LC_ALL=C fg --json pipelines
is "$(rc)" 0 "pipelines --json under LC_ALL=C exits 0"
ok "a Chinese name comes out as its UTF-8 bytes under LC_ALL=C" \
	python3 -c 'import json, sys; v = json.load(open(sys.argv[1], "rb"))
sys.exit(v["pipelines"][0]["name"] != "部署到生产环境 Deploy to production")' "$TEST_TMPDIR/fg.out"
ok "no name is folded to question marks" python3 -c 'import sys; sys.exit(b"??" in open(sys.argv[1], "rb").read())' \
	"$TEST_TMPDIR/fg.out"
LC_ALL=C fg gates --pipeline 101 --run 7
like "$(out)" "\?\?" "text output still folds to ASCII under LC_ALL=C"

# ---- output that cannot be written --------------------------------------------------------------
"$FLOWGATE" pipelines >/dev/full 2>"$TEST_TMPDIR/full.err"
is "$?" 6 "a full stdout exits 6"
like "$(cat "$TEST_TMPDIR/full.err")" "cannot write the output: No space left on device" "and says why on stderr"
"$FLOWGATE" --version >/dev/full 2>/dev/null
is "$?" 6 "--version to a full stdout exits 6"
python3 - "$FLOWGATE" >"$TEST_TMPDIR/pipe.out" 2>&1 <<'PY'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run([sys.argv[1], "pipelines"], stdout=w, stderr=subprocess.PIPE)
print(p.returncode)
sys.stdout.write(p.stderr.decode())
PY
is "$(head -1 "$TEST_TMPDIR/pipe.out")" 6 "a closed pipe on stdout exits 6"
like "$(cat "$TEST_TMPDIR/pipe.out")" "cannot write the output: Broken pipe" "and says so on stderr"
if [ -n "${UNDER_VALGRIND:-}" ]; then
	skip "valgrind's own descriptors take the closed ones" \
		"a closed stdout exits 6" "and says so on stderr" "--version with stdout and stderr closed exits 6"
else
	"$FLOWGATE" pipelines >&- 2>"$TEST_TMPDIR/closed.err"
	is "$?" 6 "a closed stdout exits 6: the list was not printed anywhere"
	like "$(cat "$TEST_TMPDIR/closed.err")" "cannot write the output: Bad file descriptor" "and says so on stderr"
	"$FLOWGATE" --version >&- 2>&-
	is "$?" 6 "--version with stdout and stderr closed exits 6"
fi
"$FLOWGATE" pass --pipeline 101 --run 7 --job 1002 >/dev/full 2>"$TEST_TMPDIR/full.err"
is "$?" 6 "a pass that worked but could not print its line exits 6"
is "$(mock_count action=PassPipelineValidate job=1002 status=200)" 1 "the pass itself went through"

done_testing
