#!/bin/bash
# The console in Chinese: pickers, job details and help at 80x24 and at the smallest size,
# 40x10, laid out by display width (a Chinese character takes two cells) and never cut in half;
# the server's status words in Chinese too.
# Chosen by --lang zh, by the config file, or by a Chinese LANG with no Chinese locale installed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

mock_start basic

screen_run pick --lang zh <<'SCRIPT'
wait-idle
key P
wait-idle
dump pipelines-80
key Enter
wait-idle
dump runs-80
key ?
dump help-80
key G
dump help-80-end
SCRIPT
is "$SCREEN_RC" 0 "the script ran to its end"
screen_is pipelines-80 "80x24: the pipeline picker's headings, footer and status line in Chinese"
screen_is runs-80 "80x24: the run picker in Chinese, the title says 运行 for the run"
screen_is help-80 "80x24: the help lists every key with its Chinese text"
screen_is help-80-end "80x24: the end of the Chinese help, Space's text wrapped whole under its column"

SCREEN_COLS=40 SCREEN_LINES=10 screen_run small --lang zh <<'SCRIPT'
wait-idle
key P
wait-idle
dump pipelines-40
key Enter
wait-idle
dump runs-40
key ?
dump help-40
key G
dump help-40-end
SCRIPT
is "$SCREEN_RC" 0 "the script ran to its end at 40x10"
screen_is pipelines-40 "40x10: the pipeline picker in Chinese, cut by display width"
screen_is runs-40 "40x10: the run picker in Chinese keeps its columns whole"
screen_is help-40 "40x10: the help in Chinese scrolls and says which keys show"
screen_is help-40-end "40x10: the end of the Chinese help"
flat=$(screen_text help-40-end | sed -e 's/│//g' -e 's/ //g' | tr -d '\n')
like "$flat" "Space标记或取消标记人工卡点；r和p作用于所有标记P打开流水线选择器jkPgUp" \
	"40x10: G reaches the last row of the last entry; Space's text is whole over its rows"
unlike "$flat" "…" "40x10: no Chinese text of the help is cut"

screen_run job --lang zh --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key a
key Enter
dump job
SCRIPT
screen_is job "the job details: Chinese labels fit their column"

# The gates screen and its dialogs in Chinese, at 80x24 and at the smallest size.
for size in 80x24 40x10; do
	SCREEN_COLS=${size%x*} SCREEN_LINES=${size#*x} screen_run "gates-$size" --lang zh --pipeline 101 --run 7 <<-SCRIPT
	wait-idle
	dump gates-${size%x*}
	key r
	dump dialog-${size%x*}
	sleep-ms 300
	key n
	key Space
	key j
	key Space
	key p
	dump batch-${size%x*}
	sleep-ms 300
	key n
	dump cancelled-${size%x*}
	SCRIPT
	screen_is "gates-${size%x*}" "$size: the gates screen's headings, mark column and footer in Chinese, the job ids kept"
	screen_is "dialog-${size%x*}" "$size: the refuse dialog in Chinese keeps its question and buttons, the job's name whole"
	screen_is "batch-${size%x*}" "$size: the dialog for two marked gates in Chinese, with their count"
	screen_is "cancelled-${size%x*}" "$size: the cancel notes in Chinese"
done

# A wide character never straddles a column's edge: no text row is wider than the screen.
SCREEN_DIR=$TEST_TMPDIR/screens/small
bad=$(screen_text runs-40 | python3 -c '
import sys, unicodedata
for n, line in enumerate(sys.stdin.read().split("\n")[:-1], 1):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    if w > 40:
        print(n, w, line)
')
is "$bad" "" "at 40x10 no row of the Chinese run picker is wider than 40 cells"

# ---- status words ------------------------------------------------------------------------------
# The server's status words in Chinese: the gates screen with every job, a gate in SWITCH_MANUAL,
# the stages' statuses on the job screen. A word flowgate does not know stays as the server sent it.
screen_run statuses --lang zh --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key a
dump status-all
key G
key Enter
wait-idle
dump status-job
key G
dump status-stages
SCRIPT
screen_is status-all "every job's status in Chinese: 成功, 等待中, 运行中, 未开始, in a column that fits them"
screen_is status-job "the job screen: the job's status and the run's in Chinese"
screen_is status-stages "the job screen's end: each earlier stage's status in Chinese"

for size in 80x24 40x10; do
	SCREEN_COLS=${size%x*} SCREEN_LINES=${size#*x} screen_run "manual-$size" --lang zh --pipeline 101 --run 8 <<-SCRIPT
	wait-idle
	dump status-manual-${size%x*}
	SCRIPT
	screen_is "status-manual-${size%x*}" "$size: a gate in SWITCH_MANUAL is 待确认, whole even where the column is narrow"
done

# Run 7 as the server shows it after the first load, its body changed by the python code given.
run7_later() {
	mock_start basic
	mock_curl GetPipelineRun GET /organization/org-test/pipelines/101/pipelineRuns/7 >/dev/null
	mock_body | python3 -c "
import json, sys
body = json.load(sys.stdin)
run = body['pipelineRun']
jobs = {j['id']: j for st in run['stages'] for j in st['stageInfo']['jobs']}
$1
print(json.dumps({'base': sys.argv[1], 'faults': [
    {'action': 'GetPipelineRun', 'run': 7, 'times': 1, 'delayMs': 1},
    {'action': 'GetPipelineRun', 'run': 7, 'status': 200, 'contentType': 'application/json',
     'body': json.dumps(body)}]}))" "$MOCK_SCENARIOS/basic.json" >"$TEST_TMPDIR/later.json"
	mock_start "$TEST_TMPDIR/later.json"
}

run7_later "run['status'] = 'PAUSED'; jobs[1003]['status'] = 'QUEUED'; jobs[1001]['status'] = 'FAIL'; jobs[1001]['actions'] = []"
screen_run unknown --lang zh --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key Space
sleep-ms 15000
wait-idle
key a
dump status-unknown
SCRIPT
screen_is status-unknown "words flowgate does not know (PAUSED, QUEUED) stay raw; 1001 decided elsewhere is now 失败"
like "$(screen_text status-unknown)" "运行 #7 PAUSED" "the title keeps the run's unknown status as sent"
like "$(screen_text status-unknown | tr -d ' \n')" "不再等待（现为失败）" "the note on a gate decided elsewhere says its status in Chinese"

# ---- the inbox ---------------------------------------------------------------------------------
# The heading of the waiting time (等待) fits its column whole at every width, where 已等待 was cut.
mock_start inbox
screen_run inbox-80x24 --lang zh --org org-inbox <<'SCRIPT'
wait-idle
dump inbox-80
SCRIPT
screen_is inbox-80 "80x24: the inbox in Chinese, every heading whole"
for cols in 100 120; do
	SCREEN_COLS=$cols screen_run "inbox-${cols}x24" --lang zh --org org-inbox <<-SCRIPT
	wait-idle
	dump inbox-$cols
	SCRIPT
	heading=$(screen_text "inbox-$cols" | sed -n 2p)
	like "$heading" " 等待 +你可以 " "${cols}x24: the waiting time's heading is whole"
	unlike "$heading" "…" "${cols}x24: no heading of the inbox is cut"
done
mock_start basic

# ---- choosing the language ---------------------------------------------------------------------
has_zh_locale=$(locale -a 2>/dev/null | grep -ciE '^zh_CN')
diag "Chinese locales installed: $has_zh_locale (the test means none)"
SCREEN_LOCALE=zh_CN.UTF-8 screen_run lang <<'SCRIPT'
wait-idle
key P
wait-idle
dump lang
SCRIPT
like "$(screen_text lang)" "流水线 +创建时间" "LC_ALL=zh_CN.UTF-8 with no such locale installed: the console speaks Chinese"
like "$(screen_text lang)" "部署到生产环境" "and the server's Chinese names still show"

printf 'lang = zh\n' >"$TEST_TMPDIR/zh.conf"
chmod 600 "$TEST_TMPDIR/zh.conf"
screen_run config --config "$TEST_TMPDIR/zh.conf" <<'SCRIPT'
wait-idle
key P
wait-idle
dump config
SCRIPT
like "$(screen_text config)" "q 退出" "lang = zh in the config file gives a Chinese console"

SCREEN_LOCALE=zh_CN.UTF-8 screen_run english --lang en <<'SCRIPT'
wait-idle
key P
wait-idle
dump english
SCRIPT
like "$(screen_text english)" "PIPELINE +CREATED" "--lang en beats a Chinese locale"
unlike "$(screen_text english)" "退出" "and no Chinese is left in the console's own text"

done_testing
