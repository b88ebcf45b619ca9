#!/bin/bash
# The confirmation dialog: what it names, every way to cancel it, its typeahead guard, keys that
# were not pressed one by one on purpose (a held key, a burst, a paste), and a confirmed refuse
# that reaches the server exactly once and shows the server's requestId.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

mock_start basic

screen_run open --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key r
dump open
key y
dump guard
key n
dump guard-n
sleep-ms 249
key Esc
dump guard-249
sleep-ms 1
key Esc
dump esc
SCRIPT
screen_is open "r opens a dialog naming pipeline, run, stage and job, asking (y/N) with No focused"
screen_is guard "y within 250 ms of the dialog opening is ignored"
screen_is guard-n "n within 250 ms is ignored too: neither confirm nor cancel"
screen_is guard-249 "the guard still holds at 249 ms"
screen_is esc "Esc after 250 ms cancels and says nothing was sent"

# Every key but y cancels; Y too, saying only a lowercase y goes ahead.
for key in Enter n N Y q Space x p Up; do
	screen_run "cancel-$key" --pipeline 101 --run 7 <<-SCRIPT
	wait-idle
	key r
	sleep-ms 300
	key $key
	dump after
	SCRIPT
	text=$(screen_text after)
	unlike "$text" "Really refuse" "$key closes the dialog"
	like "$text" "Cancelled: refuse 生产发布审批 Production approval #1001 was not sent" "$key cancels the refuse"
done
like "$(SCREEN_DIR=$TEST_TMPDIR/screens/cancel-Y screen_text after | tr -s ' \n' ' ')" "was not sent \(only a lowercase y goes ahead\)" "Y says why it cancels"
is "$(mock_count method=POST)" 0 "no cancelled dialog sent anything"
is "$(test -s "$AUDIT" && wc -l <"$AUDIT" || echo 0)" 0 "no cancelled dialog wrote an audit line"

screen_run confirm --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key r
sleep-ms 300
key y
dump sending
key r
dump again
wait-idle
dump done
SCRIPT
screen_is sending "y sends the refuse: the row and the status pane say so and the footer spins"
screen_is again "a second r on the gate whose refuse is in flight explains instead of asking"
screen_is done "the answer shows ok, HTTP 200 and the requestId; the refused gate leaves the list"
is "$(mock_count method=POST)" 1 "exactly one pass or refuse reached the server"
is "$(mock_count action=RefusePipelineValidate job=1001 auth=ok)" 1 "it is a signed refuse of job 1001"
rid=$(mock_request_id action=RefusePipelineValidate job=1001)
like "$(screen_text done)" "requestId=$rid" "the status pane shows the requestId the server sent"
is "$(wc -l <"$AUDIT")" 2 "two audit lines for the one attempt: sending, then its outcome"
is "$(audit_field 1 outcome)/$(audit_field 1 attempt)" "sending/$(audit_field 2 attempt)" \
	"the sending line went first, with the outcome line's attempt id"
is "$(audit_field 2 via)/$(audit_field 2 action)/$(audit_field 2 job)/$(audit_field 2 outcome)" \
	"console/refuse/1001/ok" "the outcome line: console, refuse, job 1001, ok"
is "$(audit_field 2 requestId)" "$rid" "the outcome line carries the requestId"
like "$(cat "$SCREEN_DIR/stderr")" "refuse 生产发布审批 Production approval #1001: ok, HTTP 200; requestId=$rid" \
	"on exit the outcome is repeated on stderr, so the requestId outlives the screen"

mock_start basic
screen_run pass --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key j
key p
sleep-ms 300
key y
wait-idle
dump passed
SCRIPT
screen_is passed "p then y passes the highlighted gate"
is "$(mock_count action=PassPipelineValidate job=1002)" 1 "the pass of job 1002 reached the server once"
is "$(mock_count action=RefusePipelineValidate)" 0 "and no refuse did"

# The keys a person does not type on purpose. Each script ends with the dialog's answer and a dump.
mock_start basic
# flat DUMP: the text of a dump on one line, runs of spaces as one (status lines wrap).
flat() {
	screen_text "$1" | tr '\n' ' ' | tr -s ' '
}

deliberate() {
	screen_run "$1" --pipeline 101 --run 7 <<-SCRIPT
	wait-idle
	key r
	$(cat)
	dump after
	SCRIPT
}

deliberate held-r <<'KEYS'
sleep-ms 40
key r
sleep-ms 40
key r
sleep-ms 400
key r
sleep-ms 40
key r
dump held
KEYS
like "$(screen_text held)" "Really refuse" "r held down (its repeats, in and after the guard) keeps the one dialog open"
unlike "$(screen_text held)" "Cancelled" "and cancels nothing, so no second dialog opens"

deliberate hasty <<'KEYS'
sleep-ms 100
key y
sleep-ms 500
key y
KEYS
like "$(flat after)" "Cancelled: refuse 生产发布审批 Production approval #1001 was not sent \(keys came before it could be read" \
	"a y typed in the guard time makes the y after it cancel: the key was held or typed ahead"

deliberate burst <<'KEYS'
sleep-ms 300
keys yy
KEYS
like "$(flat after)" "was not sent \(y came in a burst of keys" "two y in one read cancel"

deliberate fast-y <<'KEYS'
sleep-ms 300
key r
sleep-ms 20
key y
KEYS
like "$(flat after)" "was not sent \(y came in a burst of keys" "a y 20 ms after the key before it cancels"

deliberate paste <<'KEYS'
sleep-ms 500
key PasteBegin
keys yarn build
key Enter
key PasteEnd
sleep-ms 500
dump pasted
key y
KEYS
like "$(flat pasted)" "was not sent \(pasted text ignored; dialog cancelled\)" "a paste into the dialog cancels it"
unlike "$(flat after)" "Really" "and the pasted text opens nothing, nor does the y after it"

deliberate paste-lost-end <<'KEYS'
key PasteBegin
keys r
sleep-ms 1000
key r
dump reopened
KEYS
like "$(screen_text reopened)" "Really refuse" "a paste whose end marker was lost ends after 1 s of silence"
is "$(mock_count method=POST)" 0 "none of these sent anything"

# A long name of wide characters is cut in the question, and its ? follows the ellipsis with no
# cell between, where the cut leaves unused the cell a split character would have taken. Job 1001's
# name leaves that cell in the Chinese question, job 1002's ("v2 " first) in the English one.
question=$(mock_scenario question <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json",
  "orgs": [ { "id": "org-test", "pipelines": [
    { "id": 101, "name": "部署到生产环境 Deploy to production", "runs": [ { "id": 7, "status": "RUNNING",
      "stages": [ { "name": "人工卡点 Approval", "jobs": [
        { "id": 1001, "name": "技术委员会审批：核心数据库迁移需架构师与运维确认", "startTime": 1749542460000, "gate": {} },
        { "id": 1002, "name": "v2 数据库迁移审批：需要架构师、安全负责人和运维值班确认", "startTime": 1749542460000,
          "gate": {} } ] } ] } ] } ] } ] }
JSON
)
mock_start "$question"
# question_is LANG KEYS SIZE QUESTION BUTTONS: the dialog of the gate KEYS move to, in LANG at SIZE,
# has the QUESTION and BUTTONS lines (patterns).
question_is() {
	local lang=$1 keys=$2 size=$3 cols=${3%x*}
	SCREEN_COLS=$cols SCREEN_LINES=${size#*x} screen_run "question-$lang-$size" --lang "$lang" \
		--pipeline 101 --run 7 <<-SCRIPT
	wait-idle
	$keys
	key r
	dump question-$lang-$cols
	SCRIPT
	screen_is "question-$lang-$cols" "$size, --lang $lang: the question cuts a long wide name with an ellipsis"
	like "$(screen_text "question-$lang-$cols")" "$4" \
		"$size, --lang $lang: no space between the cut name and the question mark, and the (y/N) whole"
	like "$(screen_text "question-$lang-$cols")" "$5" "$size, --lang $lang: both buttons whole"
}
for size in 80x24 40x10; do
	question_is en "key j" "$size" "│ Really refuse v2 [^ ]+…\? \(y/N\) +│" "\[ y: refuse \]  \[ N: cancel \] │"
	question_is zh "" "$size" "│ 确定拒绝 技术[^ ]+…？\(y/N\) +│" "\[ y: 拒绝 \]  \[ N: 取消 \] │"
done
is "$(mock_count method=POST)" 0 "looking at the questions sent nothing"

done_testing
