#!/bin/bash
# The layers below the console and the command line speak the chosen language too: configuration,
# credential and audit-log errors, the transport's, the read-only refusal and the outcome line are
# Chinese with --lang zh, `lang = zh` in the config file or a Chinese LANG (no Chinese locale is
# installed), and English with --lang en or LANG=C. The audit log's words and --json stay English.
. "$top_srcdir/tests/lib.sh"

# The gate every refuse below aims at, on the mock's basic scenario.
REFUSE=(refuse --pipeline 101 --run 7 --job 1001)
mock_start basic

# fg_in HOW ARGS...: fg under one way of choosing the language, with no other locale variable set.
#   zh: --lang zh    zh-env: LANG=zh_CN.UTF-8 alone    en: --lang en despite LANG=zh_CN.UTF-8    C: LANG=C
fg_in() {
	local how=$1
	shift
	(
		unset LANGUAGE LC_ALL LC_MESSAGES LANG
		case $how in
		zh) LANG=C.UTF-8 fg --lang zh "$@" ;;
		zh-env) LANG=zh_CN.UTF-8 fg "$@" ;;
		en) LANG=zh_CN.UTF-8 fg --lang en "$@" ;;
		C) LANG=C fg "$@" ;;
		C.UTF-8) LANG=C.UTF-8 fg "$@" ;;
		esac
	)
}

# expect WHAT ZH EN ARGS...: under each choice, stderr holds ZH (Chinese) or EN (English), not the other.
expect() {
	local what=$1 zh=$2 en=$3 how
	shift 3
	for how in zh zh-env en C; do
		fg_in "$how" "$@"
		case $how in
		zh*)
			like "$(err)" "$zh" "$how: $what, in Chinese"
			unlike "$(err)" "$en" "$how: $what, no English left"
			;;
		*)
			like "$(err)" "$en" "$how: $what, in English"
			unlike "$(err)" "$zh" "$how: $what, no Chinese"
			;;
		esac
	done
}

diag "Chinese locales installed: $(locale -a 2>/dev/null | grep -ciE '^zh') (the tests mean none)"

# ---- configuration --------------------------------------------------------------------------
expect "no organization" "未指定企业：请使用 --org ID" "no organization: give --org ID" pipelines
export FLOWGATE_ORG=org-test
write_conf "timeout = 0"
expect "a bad config value" ":1: timeout 必须是 1 到 600 之间的整数秒" \
	":1: timeout must be a whole number of seconds from 1 to 600" pipelines
write_conf "colour = yes"
expect "an unknown config key" "未知的键 'colour'（已知的键：org, " "unknown key 'colour' \(known keys: org, " \
	pipelines
write_conf "[profile staging]"
expect "an unknown profile" "配置档 nope（来自 --profile）既不在 .*（其中的配置档：staging）" \
	"profile nope \(from --profile\) is in neither .* \(profiles there: staging\)" --profile nope pipelines

# The config file's own choice counts for what is said once it is read.
write_conf "lang = zh"
unset FLOWGATE_ORG
fg_in C.UTF-8 pipelines
like "$(err)" "未指定企业" "lang = zh in the config file: the missing organization is said in Chinese"
fg_in C pipelines
like "$(err)" "no organization" "but in English where the character set is not UTF-8"
(
	unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
	FLOWGATE_ORG=org-test fg_in C.UTF-8 pipelines
)
is "$(rc)" 3 "lang = zh in the config file: no credentials still exits 3"
like "$(err)" "^flowgate: 找不到凭证" "and is said in Chinese"
rm -f "$XDG_CONFIG_HOME/flowgate/config"
export FLOWGATE_ORG=org-test

# ---- the audit log ------------------------------------------------------------------------------
touch "$TEST_TMPDIR/not-a-dir"
export XDG_STATE_HOME=$TEST_TMPDIR/not-a-dir
expect "an audit log that cannot be written" \
	"不发送拒绝操作：审计日志必须先记录它，但无法打开审计日志所在的目录 $TEST_TMPDIR/not-a-dir/flowgate：" \
	"not sending the refuse: the audit log must record it first, and cannot open the audit log's directory" \
	"${REFUSE[@]}"
unset XDG_STATE_HOME
is "$(mock_count method=POST)" 0 "no refuse was sent without its audit line"

# ---- read-only ------------------------------------------------------------------------------------
expect "the read-only refusal" "只读模式（--readonly，或配置中的 readonly = yes）：不发送拒绝操作" \
	"read-only mode \(--readonly or readonly = yes in the config\): not sending refuse" --readonly "${REFUSE[@]}"

# ---- the transport: a refused connection, nothing sent ------------------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mock_endpoint=$FLOWGATE_ENDPOINT
export FLOWGATE_ENDPOINT=http://127.0.0.1:$port
expect "a refused connection" "无法连接到 127.0.0.1:$port" "could not connect to 127.0.0.1:$port" "${REFUSE[@]}"
fg_in zh "${REFUSE[@]}"
is "$(rc)" 4 "--lang zh: a refused connection still exits 4"
is "$(out)" "拒绝 任务 1001：未发送，requestId=-" \
	"--lang zh: the outcome line says 未发送 (not sent) in full-width punctuation, and no HTTP status as none came"
is "$(err)" "flowgate: 无法连接到 127.0.0.1:$port：拒绝连接（共尝试 3 次）" \
	"--lang zh: the refuse's failure is the message alone, with no code, HTTP 0 or empty parentheses as no answer came"
fg_in zh pipelines
is "$(err)" "flowgate: 无法连接到 127.0.0.1:$port：拒绝连接（共尝试 3 次）" \
	"--lang zh: so is a failed read's, with no HTTP 0"
fg_in C pipelines
is "$(err)" "flowgate: could not connect to 127.0.0.1:$port: connection refused (after 3 attempts)" \
	"LANG=C: a failed read with no answer is the message alone, with no HTTP 0"
is "$(tail -n 1 "$AUDIT" | json_get outcome)" network-error "--lang zh: the audit log's word stays network-error"
fg_in zh --json "${REFUSE[@]}"
is "$(out | json_get outcome)" network-error "--lang zh: --json's outcome stays network-error"
is "$(out | json_get httpStatus)" 0 "--lang zh: --json keeps its httpStatus, 0 when no answer came"
fg_in C "${REFUSE[@]}"
is "$(out)" "refuse job 1001: not sent, requestId=-" "LANG=C: the outcome line says not sent, and no HTTP 0"
export FLOWGATE_ENDPOINT=$mock_endpoint

# ---- an answer's facts on the error lines, parted as the language parts them --------------------
# read_failure_is RUN ZH EN WHAT: reading run RUN of pipeline 101 fails with the line ZH under
# --lang zh and EN under LANG=C (patterns).
read_failure_is() {
	fg_in zh gates --pipeline 101 --run "$1"
	like "$(err)" "$2" "--lang zh: $4"
	fg_in C gates --pipeline 101 --run "$1"
	like "$(err)" "$3" "LANG=C: $4, in ASCII punctuation"
}
read_failure_is 999 "^flowgate: [^(),:]+（InvalidPipelineRun\.NotFound，HTTP 404，requestId=MOCK-[^ ,，()（）]+）$" \
	"^flowgate: [^（），：]+ \(InvalidPipelineRun\.NotFound, HTTP 404, requestId=MOCK-[^ ,()]+\)$" \
	"a failed read's code, HTTP status and requestId in parentheses, parted by commas"
fg_in zh pass --pipeline 101 --run 8 --job 1101
like "$(err)" "^flowgate: Forbidden\.AccessDenied：[^:]+$" \
	"--lang zh: a refused pass's code and message are parted by a full-width colon"
fg_in C pass --pipeline 101 --run 8 --job 1101
like "$(err)" "^flowgate: Forbidden\.AccessDenied: [^：]+$" "LANG=C: by an ASCII colon and a space"
mock_start_fault '{"action": "GetPipelineRun", "status": 503}'
read_failure_is 7 "^flowgate: 服务端内部错误（HTTP 503）；没有任何更改：请稍后再试。（ServiceUnavailable，requestId=MOCK-[^ ,，()（）]+）$" \
	"^flowgate: The server hit an internal error \(HTTP 503\); nothing was changed: try again later\. \(ServiceUnavailable, requestId=MOCK-[^ ,()]+\)$" \
	"a read's 503 is named once, in the message, and the facts go on without it"
mock_start basic
"$FLOWGATE" --lang zh pipelines >/dev/full 2>"$TEST_TMPDIR/full.err"
like "$(cat "$TEST_TMPDIR/full.err")" "^flowgate: 无法写出输出：[^:]+$" \
	"--lang zh: an output that cannot be written says why after a full-width colon"

done_testing
