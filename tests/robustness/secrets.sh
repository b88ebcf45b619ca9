#!/bin/bash
# No secret leaks: every subcommand and the console run with --verbose and known credentials (an
# AccessKey pair, an STS triple, a Yunxiao token), through a relay that records what went out on
# the wire, so the signatures actually sent are known too. Then stdout, stderr, the audit log and
# the console's screen dumps are searched for each secret, the STS token, the Yunxiao token and
# every signature: there must be no hit. Error paths are included (a wrong secret, whose answer
# carries the server's string-to-sign; a refused connection; a rejected action).
#
# usage: tests/robustness/secrets.sh   (from a build directory, or with top_builddir set)
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
[ -n "${top_builddir:-}" ] || [ ! -x ./flowgate ] || top_builddir=$PWD   # run by hand in a build directory
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/robustness/robust.bash"

AK_ID=LTAI5tSecretScan0001
AK_SECRET=AkSecret-5c4e1d9b7a2f6e30
STS_ID=STS.SecretScan0002
STS_SECRET=StsSecret-8e2b6d0f4a1c9b57
STS_TOKEN=StsToken-3f9a7c5e1b8d0a2c4e6f
YX_TOKEN=pt-YxToken7d1e9c3a5b0f8e2d
OUT=$RB_DIR/scan       # everything a person or a log collector would see
WIRE=$RB_DIR/wire      # what the relay saw: holds the secrets, never scanned
mkdir -p "$OUT"
: >"$WIRE"

WORLD=$(mock_scenario secrets <<JSON
{"base": "$MOCK_SCENARIOS/basic.json",
 "credentials": [
   {"accessKeyId": "$AK_ID", "accessKeySecret": "$AK_SECRET"},
   {"accessKeyId": "$STS_ID", "accessKeySecret": "$STS_SECRET", "securityToken": "$STS_TOKEN"}]}
JSON
)

RELAY_PID=
relay_stop() {
	[ -n "$RELAY_PID" ] || return 0
	kill "$RELAY_PID" 2>/dev/null
	wait "$RELAY_PID" 2>/dev/null
	RELAY_PID=
}

# A fresh mock (gates pending again) behind a fresh relay; FLOWGATE_ENDPOINT points at the relay.
world_start() {
	local i line=
	relay_stop
	mock_start "$WORLD"
	: >"$RB_DIR/relay.out"
	python3 "$top_srcdir/tests/robustness/relay.py" "$MOCK_PORT" "$WIRE" >"$RB_DIR/relay.out" 2>&1 &
	RELAY_PID=$!
	for ((i = 0; i < 100; i++)); do
		read -r line <"$RB_DIR/relay.out" 2>/dev/null
		[[ $line == "port "* ]] && break
		sleep 0.05
	done
	[[ $line == "port "* ]] || bail_out "the relay did not start: $(cat "$RB_DIR/relay.out")"
	FLOWGATE_ENDPOINT=http://127.0.0.1:${line#port }
	unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET ALIBABA_CLOUD_SECURITY_TOKEN
}

RUNS=0
# run NAME [FLOWGATE ARGS...]: one command line run with --verbose; output kept under $OUT.
run() {
	local name=$1
	shift
	"$FLOWGATE" --org org-test --verbose "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" </dev/null
	RUNS=$((RUNS + 1))
}

# every_command PREFIX [FLOWGATE ARGS...]: each subcommand, in text and JSON, succeeding and failing.
every_command() {
	local p=$1
	shift
	run "$p-pipelines" "$@" pipelines
	run "$p-pipelines-json" "$@" --json pipelines
	run "$p-runs" "$@" runs --pipeline 101
	run "$p-runs-json" "$@" --json runs --pipeline 101 --status RUNNING
	run "$p-gates" "$@" gates --pipeline 101 --run 7
	run "$p-gates-all-json" "$@" --json gates --pipeline 101 --run 7 --all
	run "$p-gates-missing" "$@" gates --pipeline 101 --run 999
	run "$p-pass" "$@" pass --pipeline 101 --run 7 --job 1002
	run "$p-refuse-json" "$@" --json refuse --pipeline 101 --run 8 --job 1101
	run "$p-refuse-again" "$@" refuse --pipeline 101 --run 8 --job 1101
	run "$p-refuse-disabled" "$@" refuse --pipeline 101 --run 7 --job 1002
	run "$p-refuse-readonly" "$@" --readonly refuse --pipeline 101 --run 7 --job 1001
	run "$p-refuse" "$@" refuse --pipeline 101 --run 7 --job 1001
}

# every_screen PREFIX [FLOWGATE ARGS...]: the console from the pipeline picker to a refuse.
every_screen() {
	local p=$1
	shift
	rb_console "$p-console" --verbose "$@" <<-'SCRIPT'
	wait-idle
	dump pipelines
	key G
	key Enter
	wait-idle
	dump runs
	key Enter
	wait-idle
	dump gates
	key Enter
	dump job
	key b
	key r
	sleep-ms 300
	key y
	wait-idle
	dump refused
	key ?
	dump help
	key q
	SCRIPT
	mv "$RB_DIR/$p-console" "$OUT/"
	RUNS=$((RUNS + 1))
}

# ---- AccessKey pair, V3 and v1 signatures ------------------------------------------------------
world_start
export ALIBABA_CLOUD_ACCESS_KEY_ID=$AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$AK_SECRET
every_command ak-v3
world_start
export ALIBABA_CLOUD_ACCESS_KEY_ID=$AK_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$AK_SECRET
every_command ak-v1 --signature v1
every_screen ak-v1 --signature v1

# ---- STS from the environment, V3 and v1 -------------------------------------------------------
world_start
export ALIBABA_CLOUD_ACCESS_KEY_ID=$STS_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$STS_SECRET
export ALIBABA_CLOUD_SECURITY_TOKEN=$STS_TOKEN
every_command sts-v3
every_screen sts-v3
world_start
export ALIBABA_CLOUD_ACCESS_KEY_ID=$STS_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$STS_SECRET
export ALIBABA_CLOUD_SECURITY_TOKEN=$STS_TOKEN
every_command sts-v1 --signature v1

# ---- STS from an aliyun CLI profile ------------------------------------------------------------
world_start
mkdir -p "$HOME/.aliyun"
cat >"$HOME/.aliyun/config.json" <<JSON
{"current": "scan", "profiles": [{"name": "scan", "mode": "StsToken", "access_key_id": "$STS_ID",
  "access_key_secret": "$STS_SECRET", "sts_token": "$STS_TOKEN", "region_id": "cn-hangzhou"}]}
JSON
chmod 600 "$HOME/.aliyun/config.json"
every_command sts-profile --profile scan

# ---- a wrong secret: the server's answer quotes its string-to-sign -----------------------------
world_start
export ALIBABA_CLOUD_ACCESS_KEY_ID=$STS_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=wrong-$STS_SECRET
export ALIBABA_CLOUD_SECURITY_TOKEN=$STS_TOKEN
run sts-wrong-v3-gates gates --pipeline 101 --run 7
run sts-wrong-v1-gates --signature v1 gates --pipeline 101 --run 7
run sts-wrong-v1-refuse --signature v1 refuse --pipeline 101 --run 7 --job 1001
run sts-wrong-v1-refuse-json --signature v1 --json refuse --pipeline 101 --run 7 --job 1001
every_screen sts-wrong-v1 --signature v1
wrong_answers=$(mock_count auth=SignatureDoesNotMatch)

# ---- nothing listens -----------------------------------------------------------------------------
relay_stop
mock_stop_checked
export ALIBABA_CLOUD_ACCESS_KEY_ID=$STS_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$STS_SECRET
export ALIBABA_CLOUD_SECURITY_TOKEN=$STS_TOKEN
FLOWGATE_ENDPOINT=http://127.0.0.1:$(rb_closed_port)
run sts-closed-gates gates --pipeline 101 --run 7
run sts-closed-refuse refuse --pipeline 101 --run 7 --job 1001

# ---- the Yunxiao token API -------------------------------------------------------------------------
world_start
export YUNXIAO_ACCESS_TOKEN=$YX_TOKEN
every_command yunxiao --api yunxiao
unset YUNXIAO_ACCESS_TOKEN
relay_stop
cp "$RB_AUDIT" "$OUT/audit.log" 2>/dev/null

# ---- what went out, and what came out ------------------------------------------------------------
SIGS=$RB_DIR/signatures
python3 - "$WIRE" >"$SIGS" <<'PY'
import re, sys
wire = open(sys.argv[1], "rb").read().decode("latin-1")
for m in re.finditer(r"(?im)^authorization: *(.*?)\r$", wire):
    v = m.group(1)
    sig = re.search(r"Signature=([0-9a-f]+)", v) or re.search(r"^acs [^:]+:(\S+)$", v)
    if sig:
        print(sig.group(1))
PY
nsigs=$(sort -u "$SIGS" | wc -l)
nv1=$(grep -c '=$' "$SIGS")
ok "the relay saw signed requests with V3 and v1 signatures ($nsigs distinct, $nv1 v1)" \
	test "$nsigs" -gt 50 -a "$nv1" -gt 20
like "$(grep -c . "$WIRE")" '^[1-9]' "the relay kept what went out on the wire"
ok "the STS token went out on the wire (so its absence below means something)" grep -qF "$STS_TOKEN" "$WIRE"
ok "the Yunxiao token went out on the wire" grep -qF "$YX_TOKEN" "$WIRE"
ok "a wrong secret was answered SignatureDoesNotMatch ($wrong_answers times)" test "$wrong_answers" -gt 0
like "$(cat "$OUT/sts-v3-gates.err")" '> GET /organization/org-test/pipelines/101/pipelineRuns/7' \
	"--verbose shows each request line"
like "$(cat "$OUT/sts-wrong-v1-gates.err")" 'The server said: .*string to sign is:.*x-acs-security-token:\*\*\* ' \
	"--verbose shows the server's string-to-sign of a signature mismatch, the STS token cut out"
nfiles=$(find "$OUT" -type f | wc -l)
like "$RUNS/$nfiles" '^[0-9]+/[0-9]+$' "$RUNS runs left $nfiles files of output to search"

# hits KIND NEEDLE...: the files under $OUT holding any needle, the needle masked.
hits() {
	python3 - "$OUT" "$@" <<'PY'
import os, sys
root, needles = sys.argv[1], [n for n in sys.argv[2:] if n]
for d, _, files in os.walk(root):
    for f in files:
        data = open(os.path.join(d, f), "rb").read()
        for n in needles:
            if n.encode() in data:
                print(f"{os.path.relpath(os.path.join(d, f), root)}: {n[:4]}…")
PY
}

is "$(hits "$AK_SECRET" "${AK_SECRET#AkSecret-}")" "" "the AccessKey secret appears in no output, log or screen"
is "$(hits "$STS_SECRET" "${STS_SECRET#StsSecret-}")" "" "the STS AccessKey secret appears in no output, log or screen"
is "$(hits "$STS_TOKEN" "${STS_TOKEN#StsToken-}")" "" "the STS token appears in no output, log or screen"
is "$(hits "$YX_TOKEN" "${YX_TOKEN#pt-}")" "" "the Yunxiao token appears in no output, log or screen"
mapfile -t sig_list < <(sort -u "$SIGS")
is "$(hits "${sig_list[@]}")" "" "none of the $nsigs signatures sent appears in any output, log or screen"
is "$(grep -rliE 'authorization|Signature=' "$OUT" | head -n3)" "" "no Authorization header or Signature= is shown"
is "$(rb_crashed "$OUT"/*.err "$OUT"/*/stderr)" "" "nothing crashed and no sanitizer spoke"
done_testing
