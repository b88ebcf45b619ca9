#!/bin/bash
# In a real terminal: a 403 mapped to its message in English and in Chinese, and a slow server
# during which the keys keep working.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux/helpers.bash"

scenario=$(mock_scenario forbidden <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json",
  "faults": [ { "action": "RefusePipelineValidate", "job": "1001", "status": 403,
                "code": "Forbidden.AccessDenied", "message": "no" } ] }
JSON
)

# refuse_1001 [FLOWGATE ARGS...]: starts the console on run 7 and refuses gate 1001.
refuse_1001() {
	pane_open 80 24
	pane_console --pipeline 101 --run 7 "$@"
	pane_wait "生产发布审批 Production approval" || return 1
	pane_send r
	pane_wait "Really refuse|确定拒绝" || return 1
	dialog_answer y
}

mock_start "$scenario"
refuse_1001
ok "the 403 is shown with its code, rejected by the server" pane_wait "HTTP 403, Forbidden.AccessDenied"
like "$(pane_text)" "rejected by the server" "it says the server rejected the refuse"
like "$(pane_text)" "The user is not authorized to perform the operation." "the English message from the catalog"
like "$(pane_text)" "requestId=$(mock_request_id action=RefusePipelineValidate)" "and the requestId"
pane_send q
is "$(console_exit_status)" 0 "q quits"

mock_start "$scenario"
refuse_1001 --lang zh
ok "with --lang zh the 403 is shown with its code, in full-width punctuation" \
	pane_wait "#1001：被服务器拒绝，HTTP 403，"
like "$(pane_text)" "HTTP 403，
 +Forbidden\.AccessDenied" "the code follows on the next row, the line wrapped at the full-width comma"
like "$(pane_text)" "用户无权限执行相关操作" "the Chinese message from the catalog"
pane_send q
is "$(console_exit_status)" 0 "q quits"
rid=$(mock_request_id action=RefusePipelineValidate)
like "$(cat "$PANE_DIR/stderr")" \
	"^flowgate: [0-9:]+ 拒绝 生产发布审批 Production approval #1001：被服务器拒绝，HTTP 403，Forbidden\.AccessDenied；用户无权限执行相关操作[^;]*；requestId=$rid\$" \
	"the exit summary parts the outcome's lines with full-width semicolons, no space after them"

scenario=$(mock_scenario slow <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json",
  "faults": [ { "action": "RefusePipelineValidate", "delayMs": 3000 } ] }
JSON
)
mock_start "$scenario"
refuse_1001
ok "the refuse is on its way" pane_wait "sending"
pane_send j Enter
ok "keys work during the request: j and Enter open the job detail" pane_wait "Who may act +Alice Chen"
like "$(pane_text)" "refuse 生产发布审批 Production approval #1001: sending" "while the refuse is still waiting"
pane_send ?
ok "and ? opens the help" pane_wait "Keys, lines 1-[0-9]+ of [0-9]+"
pane_send x
ok "the answer lands after the server's delay" pane_wait "#1001: ok, HTTP 200" 10
pane_send q
is "$(console_exit_status)" 0 "q quits"
check_terminal_restored "after the slow refuse"

done_testing
