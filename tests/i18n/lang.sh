#!/bin/bash
# Which language the command line speaks: --lang, then LANGUAGE, LC_ALL, LC_MESSAGES and LANG as
# gettext reads them. Chinese needs no Chinese locale installed, only a UTF-8 character set.
# --lang counts for the errors in the flags too, wherever it stands among them.
. "$top_srcdir/tests/lib.sh"

zh_help='^flowgate: 通过或拒绝云效流水线运行中的人工卡点'
en_help='^flowgate: pass or refuse the manual gates'

# help_in NAME PATTERN ENV...: `flowgate --help` under exactly the locale variables ENV.
help_in() {
	local name=$1 pattern=$2
	shift 2
	like "$(env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "$@" "$FLOWGATE" --help | head -n 1)" "$pattern" "$name"
}

diag "Chinese locales installed: $(locale -a 2>/dev/null | grep -ciE '^zh') (the tests below mean none)"
help_in "LANG=zh_CN.UTF-8 with no such locale installed gives Chinese" "$zh_help" LANG=zh_CN.UTF-8
help_in "LC_ALL=zh_CN.UTF-8 gives Chinese" "$zh_help" LC_ALL=zh_CN.UTF-8 LANG=en_US.UTF-8
help_in "LC_MESSAGES=zh_CN.UTF-8 gives Chinese" "$zh_help" LC_MESSAGES=zh_CN.UTF-8 LANG=C.UTF-8
help_in "LANGUAGE=zh_CN with LANG=C.UTF-8 gives Chinese" "$zh_help" LANGUAGE=zh_CN LANG=C.UTF-8
help_in "LANGUAGE=zh_CN:en, its first entry counts" "$zh_help" LANGUAGE=zh_CN:en LANG=en_US.UTF-8
help_in "LANGUAGE=en beats LANG=zh_CN.UTF-8" "$en_help" LANGUAGE=en LANG=zh_CN.UTF-8
help_in "LANGUAGE=fr:zh_CN: a language with no messages is passed over, as gettext does" "$zh_help" \
	LANGUAGE=fr:zh_CN LANG=C.UTF-8
help_in "LANGUAGE=de:en:zh_CN: the first of English and Chinese counts" "$en_help" LANGUAGE=de:en:zh_CN LANG=zh_CN.UTF-8
help_in "LANGUAGE=fr alone leaves the choice to LANG" "$zh_help" LANGUAGE=fr LANG=zh_CN.UTF-8
help_in "LANGUAGE=english:zh: english is no language code, so zh counts" "$zh_help" LANGUAGE=english:zh LANG=C.UTF-8
help_in "LANGUAGE is ignored in the C locale, as gettext does" "$en_help" LANGUAGE=zh_CN LC_ALL=C
help_in "no locale variable at all: English" "$en_help"
help_in "LC_ALL=C beats LANG=zh_CN.UTF-8" "$en_help" LC_ALL=C LANG=zh_CN.UTF-8
like "$(LC_ALL=C.UTF-8 "$FLOWGATE" --lang zh --help | head -n 1)" "$zh_help" "--lang zh gives Chinese"
like "$(LANG=zh_CN.UTF-8 "$FLOWGATE" --lang en --help | head -n 1)" "$en_help" "--lang en beats LANG=zh_CN.UTF-8"
like "$(LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$FLOWGATE" --lang en --help | head -n 1)" "$en_help" \
	"--lang en beats LANGUAGE too"
like "$(LC_ALL=C.UTF-8 "$FLOWGATE" --lang zh runs --help | head -n 1)" "^用法：flowgate \[OPTIONS\] runs " \
	"a command's --help is Chinese too"

# ---- what parsing the flags says ---------------------------------------------------------------
# usage ENV... -- ARGS...: `flowgate ARGS` under exactly the locale variables ENV; then err and rc.
usage() {
	local vars=()
	while [ "$1" != -- ]; do
		vars+=("$1")
		shift
	done
	shift
	(
		unset LANGUAGE LC_ALL LC_MESSAGES LANG
		export "${vars[@]}"
		fg "$@"
	)
}

# usage_zh NAME ENV... -- ARGS...: a usage error (exit 2), all of it in Chinese.
usage_zh() {
	local name=$1 pattern=$2
	shift 2
	usage "$@"
	is "$(rc)" 2 "$name: exit 2"
	like "$(err)" "$pattern" "$name: the error is in Chinese"
	like "$(err)" "请参阅 'flowgate --help'。" "$name: and so is the pointer to --help"
	unlike "$(err)" "unknown|must be|needs|Try" "$name: no English left"
}

# usage_en NAME PATTERN ENV... -- ARGS...: a usage error (exit 2), in English.
usage_en() {
	local name=$1 pattern=$2
	shift 2
	usage "$@"
	is "$(rc)" 2 "$name: exit 2"
	like "$(err)" "$pattern" "$name: the error is in English"
	like "$(err)" "Try 'flowgate --help'\." "$name: and so is the pointer to --help"
	unlike "$(err)" "未知|必须|需要|请参阅" "$name: no Chinese"
}

usage_zh "--lang zh before an unknown flag" "^flowgate: 未知选项 --bogus" LANG=C.UTF-8 -- --lang zh --bogus
usage_zh "--lang zh after an unknown flag" "^flowgate: 未知选项 --bogus" LANG=C.UTF-8 -- --bogus --lang zh
usage_zh "--lang=zh" "--timeout 必须是 1 到 600 之间的整数秒，而不是 '0'" LANG=C.UTF-8 -- \
	--lang=zh pipelines --timeout 0
usage_zh "--lang zh after the command word" "--job 必须是没有前导零的正十进制数，而不是 '01'" LANG=C.UTF-8 -- \
	pass --pipeline 1 --run 2 --job 01 --lang zh
# The last flag lacks its value: the command word before it must not become that value.
usage_zh "--lang zh before a flag missing its value" "--org 需要一个值" LANG=C.UTF-8 -- --lang zh pipelines --org
usage_zh "--lang zh and an unknown command" "未知命令 'bogus'" LANG=C.UTF-8 -- bogus --lang zh
usage_zh "--la zh, as getopt abbreviates" "runs 需要 --pipeline" LANG=C.UTF-8 -- runs --la zh
usage_zh "--lang zh beats LANG=C (with a UTF-8 LC_CTYPE)" "未知选项 --bogus" LANG=C LC_CTYPE=C.UTF-8 -- \
	--bogus --lang zh
usage_zh "LANG=zh_CN.UTF-8 alone" "未知选项 --bogus" LANG=zh_CN.UTF-8 -- --bogus
usage_en "no --lang under LANG=C.UTF-8" "^flowgate: unknown option --bogus" LANG=C.UTF-8 -- --bogus
usage_en "--lang en after the flag beats LANG=zh_CN.UTF-8" "unknown option --bogus" LANG=zh_CN.UTF-8 -- \
	--bogus --lang en
usage_en "--lang zh where the character set is not UTF-8 (LC_ALL=C)" "unknown option --bogus" LC_ALL=C -- \
	--bogus --lang zh
# Only a flag counts: a value that reads like --lang, or what follows "--", does not.
usage_en "--timeout --lang zh: --lang is the value of --timeout" \
	"--timeout must be a whole number of seconds from 1 to 600, not '--lang'" LANG=C.UTF-8 -- --timeout --lang zh
usage_en "-- --lang zh: no flag after --" "unknown command '--lang'" LANG=C.UTF-8 -- -- --lang zh
# An invalid --lang is an error in the language the rest chooses.
usage_en "--lang fr" "^flowgate: --lang must be en or zh, not 'fr'" LANG=C.UTF-8 -- pipelines --lang fr
usage_zh "--lang fr under LANG=zh_CN.UTF-8" "--lang 必须是 en 或 zh，而不是 'fr'" LANG=zh_CN.UTF-8 -- --lang fr pipelines
usage_en "--lang fr after a bad --job" "--job must be a positive decimal number" LANG=C.UTF-8 -- \
	pass --pipeline 1 --run 2 --job 01 --lang fr
# A flag, then what is wrong with its value: one colon for all, full-width in Chinese.
usage_zh "--lang zh and a bad --endpoint" "^flowgate: --endpoint：端点必须以 https:// 开头" LANG=C.UTF-8 -- \
	--lang zh --endpoint ftp://flow.example.com pipelines
usage_zh "--lang zh and a bad --url" "^flowgate: --url：运行链接的格式为 " LANG=C.UTF-8 -- \
	--lang zh gates --url https://x/y
usage_zh "--lang zh and a bad bare link" "^flowgate: 链接：运行链接的格式为 " LANG=C.UTF-8 -- --lang zh https://x/y
unlike "$(err | head -n 1 | sed 's/^flowgate: //')" ": " "a bad bare link in Chinese: no ASCII colon after the name"
usage_en "a bad --endpoint" "^flowgate: --endpoint: the endpoint must start with https://" LANG=C.UTF-8 -- \
	--endpoint ftp://flow.example.com pipelines
usage_en "a bad --url" "^flowgate: --url: a run link is https://" LANG=C.UTF-8 -- gates --url https://x/y
usage_en "a bad bare link" "^flowgate: the link: a run link is https://" LANG=C.UTF-8 -- https://x/y
like "$(LC_ALL=C.UTF-8 "$FLOWGATE" runs --help --lang=zh | head -n 1)" "^用法：flowgate \[OPTIONS\] runs " \
	"--help before --lang=zh: Chinese too"

# The output is UTF-8 whatever the locale's own character set, and valid.
LC_ALL=C.UTF-8 "$FLOWGATE" --lang zh --help >"$TEST_TMPDIR/help.zh"
ok "the Chinese help is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$TEST_TMPDIR/help.zh"
like "$(cat "$TEST_TMPDIR/help.zh")" "6 输出无法写入，7 已发出但结果未记入" "the Chinese help names exit codes 6 and 7"

# The server's error messages follow the same choice as the rest (the error catalogue).
mock_start basic
export FLOWGATE_ORG=org-test
for how in "LANG=zh_CN.UTF-8" "LANGUAGE=zh_CN LANG=C.UTF-8"; do
	env -u LC_ALL -u LC_MESSAGES $how "$FLOWGATE" pass --pipeline 101 --run 8 --job 1101 \
		>/dev/null 2>"$TEST_TMPDIR/pass.err"
	like "$(cat "$TEST_TMPDIR/pass.err")" "用户无权限执行相关操作" "$how: the server's error is explained in Chinese"
done
env -u LC_ALL -u LC_MESSAGES LANGUAGE=zh_CN LANG=C.UTF-8 "$FLOWGATE" --lang en pass --pipeline 101 --run 8 \
	--job 1101 >/dev/null 2>"$TEST_TMPDIR/pass.err"
unlike "$(cat "$TEST_TMPDIR/pass.err")" "用户无权限" "--lang en: the server's error is explained in English"

# Chinese needs a UTF-8 character set: under LC_ALL=C, --lang zh speaks English, and --json
# carries the message as valid UTF-8 text, never with '?' in place of what the locale lacks.
LC_ALL=C "$FLOWGATE" --lang zh --json pass --pipeline 101 --run 8 --job 1101 \
	>"$TEST_TMPDIR/pass.json" 2>"$TEST_TMPDIR/pass.err"
is "$(json_get ok <"$TEST_TMPDIR/pass.json")" false "LC_ALL=C --lang zh --json: the refusal is reported"
ok "and the JSON is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$TEST_TMPDIR/pass.json"
like "$(json_get message <"$TEST_TMPDIR/pass.json")" "^[A-Za-z]" "its message is English words"
unlike "$(json_get message <"$TEST_TMPDIR/pass.json")" "\?" "not question marks"
like "$(cat "$TEST_TMPDIR/pass.err")" "not authorized|no permission|permission" "stderr explains it in English"
unlike "$(cat "$TEST_TMPDIR/pass.err")" "\?\?" "with no question marks for Chinese it cannot show"
like "$(LC_ALL=C "$FLOWGATE" --lang zh --help | head -n 1)" "$en_help" "LC_ALL=C --lang zh --help is English"

done_testing
