#!/bin/bash
# Layout: Chinese names measured in cells at 80 and 120 columns, server text made inert, live
# resizing down to 40x12, the "too small" notice at 20x5, and back.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

scenario=$(mock_scenario wide <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json",
  "orgs": [ { "id": "org-test", "pipelines": [
    { "id": 401, "name": "支付中心核心交易链路生产环境全量发布流水线", "createTime": 1749000000000,
      "runs": [ { "id": 9, "status": "RUNNING", "startTime": 1749542400000, "triggerMode": 3,
        "stages": [
          { "name": "预发环境验证与回归测试阶段", "jobs": [
            { "id": 4001, "name": "预发环境人工验收（产品经理、测试负责人、运维值班）", "startTime": 1749546000000,
              "gate": { "validators": [ { "userId": "1", "name": "王小明" }, { "userId": "2", "name": "李雷" } ] } },
            { "id": 4002, "name": "ｆｕｌｌｗｉｄｔｈ　全角名称　审批", "startTime": 1749547800000, "gate": {} } ] },
          { "name": "Evil\u001b[31m stage\u0007", "jobs": [
            { "id": 4003, "name": "red\u001b[31mtext\u001b]0;title\u0007 \u202eevil\u202c tab\there\nnewline",
              "startTime": 1749549000000, "gate": {} } ] } ] } ] } ] } ] }
JSON
)
mock_start "$scenario"

screen_run wide80 --pipeline 401 --run 9 <<'SCRIPT'
wait-idle
dump wide-80
key r
dump dialog-80
SCRIPT
screen_is wide-80 "at 80 columns Chinese names are cut on cell boundaries with an ellipsis, columns aligned"
screen_is dialog-80 "the dialog keeps ids and the (y/N) whole when the names are long"
unlike "$(cat "$SCREEN_DIR/wide-80")" $'[\x01-\x08\x0b-\x1f\x7f]' "no control character from the server reaches the screen"

SCREEN_COLS=120 SCREEN_LINES=30 screen_run wide120 --pipeline 401 --run 9 <<'SCRIPT'
wait-idle
dump wide-120
key Enter
dump detail-120
SCRIPT
screen_is wide-120 "at 120 columns the names get the extra room"
screen_is detail-120 "the job detail shows the whole name and every validator"

screen_run resize --pipeline 401 --run 9 <<'SCRIPT'
wait-idle
resize 40 12
dump small-40x12
key r
sleep-ms 300
dump dialog-40x12
resize 20 5
dump tiny-20x5
key y
resize 80 24
dump back-80x24
SCRIPT
screen_is small-40x12 "at 40x12 every part still fits: narrow columns, short title, status and footer"
screen_is dialog-40x12 "the dialog fits in 40x12"
screen_is tiny-20x5 "at 20x5 only the terminal-too-small notice is drawn"
screen_is back-80x24 "growing back redraws the full screen; a key while too small cancelled the hidden dialog"
is "$(mock_count method=POST)" 0 "the y typed while the dialog was hidden sent nothing"

done_testing
