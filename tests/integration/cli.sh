#!/bin/bash
# The command line against the mock over loopback: every command, text and --json, state changes,
# the audit log, and usage errors (exit 2).
. "$top_srcdir/tests/lib.sh"


mock_start basic
export FLOWGATE_ORG=org-test

# ---- pipelines --------------------------------------------------------------------------------
fg pipelines
is "$(rc)" 0 "pipelines exits 0"
is "$(out | head -1)" "PIPELINE  CREATED           NAME" "pipelines prints a header"
is "$(out | sed -n 2p | cut -c1-3)" "101" "pipelines lists pipeline 101 first"
is "$(out | wc -l)" 4 "pipelines lists the three pipelines of the org"
like "$(out)" "101 +[0-9-]+ [0-9:]+  部署到生产环境 Deploy to production" "a Chinese pipeline name is printed as sent"

fg --json pipelines
is "$(rc)" 0 "pipelines --json exits 0"
is "$(out | json_get pipelines.0.id)" 101 "pipelines --json gives numeric ids"
is "$(out | json_get pipelines.1.name)" "灰度发布 Canary release" "pipelines --json gives names"
is "$(out | json_get ok)" true "pipelines --json says ok"

fg pipelines --org org-other
is "$(out | sed -n 2p | cut -c1-3)" "201" "--org after the command word selects the other org"

# ---- runs -------------------------------------------------------------------------------------
fg runs --pipeline 101
is "$(rc)" 0 "runs exits 0"
is "$(out | awk 'NR>1 {print $1}' | tr '\n' ' ')" "8 7 6 " "runs are listed newest first"
like "$(out | sed -n 3p)" "^7 +RUNNING +2025-06-10 [0-9:]+ +manual$" "a run shows status, start time and trigger"
LANG=C.UTF-8 fg --lang zh runs --pipeline 101
like "$(out | sed -n 3p)" "^7 +运行中 +2025-06-10 [0-9:]+ +手动$" "the status and the trigger are translated under --lang zh"
is "$(out | awk 'NR>1 {print $2}' | tr '\n' ' ')" "运行中 运行中 成功 " "each run's status in Chinese"
is "$(out | python3 -c '
import sys, unicodedata
width = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(len({width(line[:line.index("2025-")]) if "2025-" in line else width(line[:line.index("开始时间")])
           for line in sys.stdin.read().splitlines()}))')" 1 \
	"the start times line up under their heading, measured in display cells"
LANG=zh_CN.UTF-8 fg runs --pipeline 101
like "$(out | sed -n 2p)" "^8 +运行中 " "a Chinese LANG shows the status in Chinese"
fg --json --lang zh runs --pipeline 101
like "$(out)" '"triggerMode":1' "and --json keeps its number"
is "$(out | json_get runs.1.status)" RUNNING "and --json keeps the server's status word"
unlike "$(out)" "运行中" "with no Chinese status anywhere in it"

fg runs --pipeline 101 --status running
is "$(out | awk 'NR>1 {print $2}' | sort -u)" "RUNNING" "--status keeps only runs in that status"
is "$(mock_requests | tail -1 | json_get query)" "maxResults=50&status=RUNNING" "--status is sent upper-cased to the server"

page_scenario=$(mock_scenario paged <<JSON
{"base": "$MOCK_SCENARIOS/basic.json", "maxPageSize": 10}
JSON
)
mock_start "$page_scenario"
fg runs --pipeline 102
is "$(rc)" 0 "runs across several pages exits 0"
is "$(out | tail -n +2 | wc -l)" 25 "runs follows nextToken to the end (25 runs in pages of 10)"
is "$(mock_count action=ListPipelineRuns)" 3 "runs asked for exactly three pages"
is "$(out | tail -n +2 | awk '{print $1}' | sort -u | wc -l)" 25 "no run is listed twice across pages"
fg --json runs --pipeline 102
is "$(out | json_get runs.0.id)" 2025 "runs --json starts with the newest run"

# Runs started between two requests push the list down: each later page begins with runs the page
# before it ended with. Each run is still printed once.
shifted_scenario=$(mock_scenario shifted <<JSON
{"base": "$MOCK_SCENARIOS/basic.json", "maxPageSize": 10, "pageShift": 3}
JSON
)
mock_start "$shifted_scenario"
fg runs --pipeline 102
is "$(rc)" 0 "runs over a list that shifts between pages exits 0"
is "$(mock_count action=ListPipelineRuns)" 4 "the shifted pages overlap, so a fourth page was needed"
is "$(out | tail -n +2 | wc -l)" 25 "every run is printed"
is "$(out | tail -n +2 | awk '{print $1}' | sort -u | wc -l)" 25 "and none twice, though the pages repeated some"
fg --json runs --pipeline 102
is "$(out | python3 -c 'import json,sys; ids=[r["id"] for r in json.load(sys.stdin)["runs"]]; print(len(ids), len(set(ids)))')" \
	"25 25" "runs --json lists each run once too"

# A list that goes on and on is followed to a cap, then the command fails and says so.
endless_scenario=$(mock_scenario endless <<JSON
{"base": "$MOCK_SCENARIOS/basic.json", "pageSize": 1, "maxPageSize": 1,
 "orgs": [ { "id": "org-test", "generatePipelines": { "count": 1001, "firstId": 5000, "namePrefix": "P" } } ]}
JSON
)
mock_start "$endless_scenario"
fg pipelines
is "$(rc)" 5 "a list longer than the pages cap exits 5"
like "$(err)" "stopped: the list goes on past 1000 pages" "and says which cap stopped it"
is "$(out)" "" "no partial list is printed as if it were whole"
is "$(mock_count action=ListPipelines)" 1000 "exactly 1000 pages were asked for"
fg --json pipelines
is "$(out | json_get ok)/$(rc)" false/5 "with --json the cap is an error object"
mock_start basic

# ---- gates ------------------------------------------------------------------------------------
fg gates --pipeline 101 --run 7
is "$(rc)" 0 "gates exits 0"
is "$(out | awk '/^[0-9]/ {print $1}' | tr '\n' ' ')" "1001 1002 " "gates lists only the pending manual gates"
like "$(out | grep '^1001')" "WAITING .* pass, refuse +生产发布审批" "a gate you may act on says pass, refuse"
like "$(out | grep '^1002')" "WAITING .* pass +安全审批" "a gate whose refuse is disabled says pass only"

fg gates --pipeline 101 --run 7 --all
is "$(out | awk '/^[0-9]/ {print $1}' | tr '\n' ' ')" "1000 1001 1002 1003 1004 " "gates --all lists every job in stage order"

fg gates --pipeline 101 --run 8
like "$(out | grep '^1101')" "SWITCH_MANUAL .* refuse +值班确认" "SWITCH_MANUAL with the Validator spelling is a pending gate"

fg gates --pipeline 101 --run 6
is "$(rc)" 0 "gates of a finished run exits 0"
is "$(out)" "no pending manual gates in run 6 (run status SUCCESS)" "a run without pending gates says so"

fg --lang zh gates --pipeline 101 --run 7 --all
is "$(out | awk '/^[0-9]/ {print $1 ":" $4}' | tr '\n' ' ')" "1000:成功 1001:等待中 1002:等待中 1003:运行中 1004:未开始 " \
	"--lang zh: each job's status in Chinese"
fg --lang zh gates --pipeline 101 --run 8
like "$(out | grep '^1101')" "^1101 +人工卡点 Approval +待确认 +[0-9a-z]+ +拒绝 +值班确认" "SWITCH_MANUAL in Chinese, the columns after it in line"
fg --lang zh gates --pipeline 101 --run 6
is "$(out)" "运行 6 中没有待处理的人工卡点（运行状态 成功）" "--lang zh: the run's status in the no-gates line in Chinese"
fg --lang zh --json gates --pipeline 101 --run 8
is "$(out | json_get runStatus)/$(out | json_get gates.0.status)" RUNNING/SWITCH_MANUAL "--json keeps the server's words under --lang zh"

fg --json gates --pipeline 101 --run 7
is "$(out | json_get gates.1.job)" 1002 "gates --json lists jobs by id"
is "$(out | json_get gates.1.canRefuse)" false "gates --json tells a disabled refuse"
is "$(out | json_get gates.0.canRefuse)" true "gates --json tells an allowed refuse"
is "$(out | json_get gates.0.validators)" "张伟" "gates --json names the validators"
# The classic API sends a source's commits as "commint", a string holding a JSON array, head first.
is "$(out | json_get run.sources.0.data.commitId)" 00000000000000000000000000000004538453d7 \
	"the head commit's id is read from the JSON string"
is "$(out | json_get run.sources.0.data.author)" "Han Meimei" "and its author, not the older commit's"
is "$(out | json_get run.sources.0.data.commint)" "" "the raw JSON is not shown beside its fields"
is "$(out | json_get run.summary)" "master @ 0000000 Fix gate timeout" "the summary has the commit and its message"
fg gates --pipeline 101 --run 7
is "$(out | head -1)" "master @ 0000000 Fix gate timeout" "a classic run sums up as branch @ short commit message"

# Status words flowgate does not know are printed as the server sent them, made safe for a terminal.
odd_scenario=$(mock_scenario odd-status <<JSON
{"base": "$MOCK_SCENARIOS/basic.json",
 "orgs": [ { "id": "org-test", "pipelines": [ { "id": 101, "name": "P", "createTime": 1749000000000, "runs": [
   { "id": 7, "status": "PAUSED", "startTime": 1749542400000, "triggerMode": 1, "stages": [
     { "name": "S", "jobs": [ { "id": 1000, "name": "J", "status": "QUEUED\u001b[2J", "startTime": 1749542400000 },
                             { "id": 1001, "name": "K", "status": "SUCCESS", "startTime": 1749542400000 } ] } ] } ] } ] } ] }
JSON
)
mock_start "$odd_scenario"
fg --lang zh runs --pipeline 101
like "$(out | sed -n 2p)" "^7 +PAUSED +2025-06-10" "--lang zh: a run status flowgate does not know stays as sent"
fg --lang zh gates --pipeline 101 --run 7 --all
is "$(out | awk '/^[0-9]/ {print $1 ":" $3}' | tr '\n' ' ')" "1000:QUEUED�[2J 1001:成功 " \
	"an unknown job status stays as sent, its escape byte replaced; a known one beside it is translated"
mock_start basic

# ---- refuse and pass --------------------------------------------------------------------------
fg refuse --pipeline 101 --run 7 --job 1001
is "$(rc)" 0 "refuse of a pending gate exits 0"
rid=$(mock_requests | tail -1 | json_get requestId)
is "$(out)" "refuse job 1001: ok, HTTP 200, requestId=$rid" "refuse prints the outcome, HTTP status and the server's requestId"
is "$(err)" "" "a successful refuse prints nothing on stderr"
is "$(mock_count action=RefusePipelineValidate)" 1 "exactly one refuse reached the server"
is "$(mock_count action=RefusePipelineValidate job=1001 method=POST auth=ok)" 1 "the refuse was a signed POST for job 1001"
is "$(tail -1 "$AUDIT" | json_get outcome)" ok "the audit log records the refuse as ok"
is "$(tail -1 "$AUDIT" | json_get requestId)" "$rid" "the audit log records the requestId"
is "$(tail -1 "$AUDIT" | json_get job)" 1001 "the audit log records the job"
is "$(tail -1 "$AUDIT" | json_get keyId)" "LTAI****0001" "the audit log masks the AccessKey id"
is "$(stat -c %a "$AUDIT")" 600 "the audit log is private"

fg --json gates --pipeline 101 --run 7 --all
is "$(out | json_get runStatus)" FAIL "the refused run is FAIL on the server"
is "$(out | json_get jobs.1.status)" FAIL "the refused job is FAIL on the server"

fg refuse --pipeline 101 --run 7 --job 1001
is "$(rc)" 1 "refusing the same gate again is refused by the server (exit 1)"
like "$(out)" "^refuse job 1001: rejected by the server, HTTP 400, requestId=MOCK-" "a rejected refuse still names the requestId"
is "$(tail -1 "$AUDIT" | json_get outcome)" refused "the audit log records the rejection"

fg pass --pipeline 101 --run 8 --job 1101
is "$(rc)" 1 "pass of a gate whose pass is disabled exits 1"
is "$(err)" "flowgate: Forbidden.AccessDenied: The user is not authorized to perform the operation." \
	"a 403 gives the catalog's English message after the code and a colon"
is "$(mock_count action=PassPipelineValidate job=1101)" 1 "the pass was sent once"

fg --lang zh pass --pipeline 101 --run 8 --job 1101
is "$(err)" "flowgate: Forbidden.AccessDenied：用户无权限执行相关操作" \
	"--lang zh gives the catalog's Chinese message after the code and a full-width colon"
like "$(out)" "^通过 任务 1101：被服务器拒绝，HTTP 403，requestId=MOCK-[^ ,，]+$" \
	"--lang zh: the outcome line is parted with full-width punctuation, no ASCII comma or colon"
LANG=zh_CN.UTF-8 fg pass --pipeline 101 --run 8 --job 1101
like "$(err)" "用户无权限执行相关操作" "a Chinese LANG gives Chinese messages"

fg --json pass --pipeline 101 --run 8 --job 1101
is "$(rc)" 1 "pass --json of a disabled gate exits 1"
is "$(out | json_get ok)" false "--json says ok:false"
is "$(out | json_get action)" pass "--json names the action"
is "$(out | json_get httpStatus)" 403 "--json gives the HTTP status"
is "$(out | json_get errorCode)" Forbidden.AccessDenied "--json gives the error code"
like "$(out | json_get requestId)" "^MOCK-" "--json gives the requestId"
is "$(out | wc -l)" 1 "--json prints exactly one line on stdout"

mock_start basic
fg --json pass --pipeline 101 --run 7 --job 1002
is "$(rc)" 0 "pass of a gate whose pass is allowed exits 0"
is "$(out | json_get ok)" true "pass --json says ok:true"
fg --json gates --pipeline 101 --run 7 --all
is "$(out | json_get jobs.2.status)" SUCCESS "the passed job is SUCCESS on the server"

fg refuse --pipeline 101 --run 7 --job 1003
is "$(rc)" 1 "refusing a job that is not a gate exits 1"
fg refuse --pipeline 101 --run 7 --job ../1001
is "$(rc)" 2 "a job id with ../ is a usage error, never part of a path"
is "$(mock_count action=RefusePipelineValidate job=1001)" 0 "no refuse of job 1001 was sent by the hostile id"

fg --readonly refuse --pipeline 101 --run 7 --job 1001
is "$(rc)" 3 "--readonly refuses to refuse (exit 3)"
is "$(mock_count action=RefusePipelineValidate job=1001)" 0 "--readonly sends nothing"

# ---- not found --------------------------------------------------------------------------------
fg gates --pipeline 999 --run 7
is "$(rc)" 1 "an unknown pipeline exits 1"
like "$(err)" "^flowgate: The pipeline is not found\. \(InvalidPipeline\.NotFound, HTTP 404, requestId=MOCK-[^ ,()]+\)$" \
	"an unknown pipeline is named with its code, HTTP status and requestId in parentheses"
fg --lang zh gates --pipeline 999 --run 7
like "$(err)" "^flowgate: 流水线不存在（InvalidPipeline\.NotFound，HTTP 404，requestId=MOCK-[^ ,，()（）]+）$" \
	"--lang zh: a failed read's code, HTTP status and requestId are in full-width parentheses and commas"
fg gates --pipeline 101 --run 999
like "$(err)" "InvalidPipelineRun.NotFound" "an unknown run gives InvalidPipelineRun.NotFound"
fg --org nobody pipelines
is "$(rc)" 1 "an unknown org exits 1"
like "$(err)" "企业不存在|The organization is not found" "an unknown org gives InvalidOrganization.NotFound's text"
fg --json --org nobody pipelines
is "$(out | json_get errorCode)" InvalidOrganization.NotFound "a failed read with --json prints the error as JSON"

# ---- usage errors -----------------------------------------------------------------------------
usage() { fg "$@"; is "$(rc)" 2 "usage error exits 2: flowgate $*"; }
usage gates --pipeline 101
usage gates --pipeline abc --run 7
usage gates --pipeline -5 --run 7
usage gates --pipeline 1e3 --run 7
usage gates --pipeline 101 --run 99999999999999999999
usage refuse --pipeline 101 --run 7
usage refuse --pipeline 101 --run 7 --job ""
usage runs
usage runs --pipeline 101 --status DONE
usage runs --pipeline 101 --job 1
usage gates --pipeline 101 --run 7 extra
usage frobnicate
usage --no-such-flag pipelines
usage pipelines --timeout soon
fg gates --pipeline abc --run 7
like "$(err)" "--pipeline must be a positive decimal number" "a non-numeric pipeline id is explained"
usage gates --pipeline 0101 --run 7

# A job id is checked as the other ids are, before anything is sent or audited.
posts_before=$(mock_count method=POST)
audit_before=$(cat "$AUDIT" 2>/dev/null | wc -l)
for job in abc 01111 +1111 1e3 ' 1111' '1111 ' ../1112 '１１１１' '' 0 -1 0x10 99999999999999999999; do
	fg refuse --pipeline 101 --run 7 --job "$job"
	is "$(rc)" 2 "refuse --job '$job' is a usage error"
	like "$(err)" "--job must be a positive decimal number.*Try 'flowgate --help'\." \
		"refuse --job '$job' says what an id is and where help is"
done
fg pass --pipeline 101 --run 7 --job 01001
is "$(rc)" 2 "pass --job 01001 (a leading zero) is a usage error too"
is "$(mock_count method=POST)" "$posts_before" "no junk --job value sent a pass or refuse"
is "$(cat "$AUDIT" 2>/dev/null | wc -l)" "$audit_before" "and none was audited"
# Every bad flag value is a usage error with the hint, before anything is sent.
posts_before=$(mock_count)
bad_flag() {
	fg "$@"
	is "$(rc)" 2 "a bad flag value is a usage error: flowgate $*"
	like "$(err)" "Try 'flowgate --help'\." "and it points at --help: flowgate $*"
}
bad_flag pipelines --timeout 0
bad_flag pipelines --timeout -5
bad_flag pipelines --timeout 601
bad_flag pipelines --timeout 99999999999
bad_flag pipelines --timeout ''
bad_flag --interval 0
bad_flag --interval 1
bad_flag --interval 99999
bad_flag pipelines --lang fr
bad_flag pipelines --api bogus
bad_flag pipelines --signature x
bad_flag pipelines --org ''
bad_flag pipelines --endpoint ''
bad_flag pipelines --endpoint ftp://127.0.0.1
bad_flag pipelines --endpoint http://example.com
bad_flag pipelines --profile ''
bad_flag pipelines --config ''
is "$(mock_count)" "$posts_before" "no bad flag value sent a request"
fg pipelines --lang fr
like "$(err)" "--lang must be en or zh" "a bad choice says what the flag takes"
fg pipelines --timeout 0
like "$(err)" "--timeout must be a whole number of seconds from 1 to 600" "a bad number says its range"
# The same values from the config file or the environment are configuration errors.
printf 'timeout = 0\n' >"$TEST_TMPDIR/bad-timeout.conf"
chmod 600 "$TEST_TMPDIR/bad-timeout.conf"
fg --config "$TEST_TMPDIR/bad-timeout.conf" pipelines
is "$(rc)" 3 "a bad timeout in the config file is a configuration error"
FLOWGATE_ENDPOINT=ftp://127.0.0.1 fg pipelines
is "$(rc)" 3 "a bad FLOWGATE_ENDPOINT is a configuration error"
# Set but empty (FLOWGATE_ENDPOINT=$URL with no URL) is not the default endpoint, the real service.
# A proxy on a closed loopback port catches whatever a regression would send to that service.
requests_before=$(mock_count)
export https_proxy=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9
FLOWGATE_ENDPOINT= fg pipelines
is "$(rc)" 3 "an empty FLOWGATE_ENDPOINT is a configuration error, not the default endpoint"
like "$(err)" "FLOWGATE_ENDPOINT is set but empty" "and says so"
FLOWGATE_ENDPOINT= fg pipelines --endpoint "$MOCK_URL"
is "$(rc)" 0 "--endpoint given, the variable is not read"
is "$(mock_count)" "$((requests_before + 1))" "the empty variable sent nothing; --endpoint reached the mock once"
(
	unset FLOWGATE_ENDPOINT
	YUNXIAO_API_BASE_URL= YUNXIAO_ACCESS_TOKEN=not-used fg --api yunxiao pipelines
)
like "$(err)" "YUNXIAO_API_BASE_URL is set but empty" "an empty YUNXIAO_API_BASE_URL is refused the same way"
unset https_proxy HTTPS_PROXY
fg runs --pipeline 101 --job 1
like "$(err)" "runs does not take --job" "an option the command does not take is named"
fg pipelines --access-key-secret=TopSecretValue123
is "$(rc)" 2 "a secret given as an option is a usage error"
like "$(err)" "secrets are never taken from the command line" "a secret option is answered with where secrets go"
unlike "$(err)" "TopSecretValue123" "the value of a secret option is never echoed"
# A flag given twice names two targets: neither is guessed, nothing is sent.
posts_before=$(mock_count method=POST)
for twice in "--job 1001 --job 1002" "--job 1001 --job 1001" "--pipeline 101 --pipeline 102" "--run 7 --run 8"; do
	read -r -a extra <<<"$twice"
	fg refuse --pipeline 101 --run 7 --job 1001 "${extra[@]:2}"
	is "$(rc)" 2 "refuse with ${extra[2]} twice is a usage error"
	like "$(err)" "${extra[2]} is given more than once.*Try 'flowgate --help'\." "and it names the flag and where help is"
done
fg refuse --org org-test --org org-other --pipeline 101 --run 7 --job 1001
is "$(rc)" 2 "--org given twice is a usage error"
is "$(mock_count method=POST)" "$posts_before" "no repeated flag sent a pass or refuse"
# What was typed is echoed without its control characters: no escape sequence, no newline.
fg refuse --pipeline 101 --run 7 --job $'\e]0;pwn\a\e[2J1\nforged: line'
is "$(rc)" 2 "a --job with escape sequences is a usage error"
is "$(err | tr -d -c '\033\007' | wc -c)" 0 "and no ESC or BEL reaches stderr"
is "$(err | wc -l)" 2 "nor a newline of the value: two lines, the error and the hint"
like "$(err)" "not '.*0;pwn.*2J1 forged: line'" "the value is still shown, made harmless"
fg pipelines --profile $'nope\e[2J\nforged'
is "$(rc)" 3 "an unknown profile with an escape sequence in its name is a configuration error"
is "$(err | tr -d -c '\033' | wc -c)/$(err | wc -l)" 0/1 "its name is echoed without ESC or newline"
fg --org "" pipelines
is "$(rc)/$(err | head -1)" "2/flowgate: --org must not be empty" "an empty --org is said to be empty, once"
LANG=zh_CN.UTF-8 fg --org "" pipelines
is "$(err | head -1)" "flowgate: --org 不能为空" "in Chinese too, after the ASCII prefix"
fg https://x/y
is "$(rc)" 2 "a bare junk link is a usage error"
like "$(err)" "^flowgate: the link: a run link is https://" "and it is called the link, as no --url was typed"
fg gates --url flow.aliyun.com/pipelines/1/builds/2
like "$(err)" "--url: a run link starts with https:// or http://" "a link without a scheme names both schemes taken"
FLOWGATE_ORG= fg pipelines
is "$(rc)" 2 "no org anywhere is a usage error"
like "$(err)" "--org.*FLOWGATE_ORG" "a missing org says how to give one"

# ---- help and version ---------------------------------------------------------------------------
fg --help
is "$(rc)" 0 "--help exits 0"
like "$(out)" "flowgate \[OPTIONS\] refuse --pipeline ID --run ID --job ID" "--help lists the commands"
like "$(out)" "6 output not written, 7 sent but its" "--help names every exit code, 6 and 7 too"
like "$(out)" "128\+N ended by signal N" "and the signal's"
# help_columns: the columns where the options' help starts in --help's output, one a line, and
# "tight" for an option followed by fewer than two spaces.
help_columns() {
	out | perl -ne 'next unless /^  -/; print /^(  -\S*(?: [^ ]+)?  +)\S/ ? length($1) : "tight", "\n"' | sort -u
}
is "$(help_columns)" 28 "--help: every option's help starts in one column, two spaces past --edition central|region"
like "$(out)" "
  -h, -V  +short for --help, --version" "and -h, -V are in that column too"
fg --lang zh --help
is "$(help_columns)" 28 "--lang zh --help: the options' help starts in the same column"
like "$(out)" "
  --edition central\|region  令牌 API 的版本" "--lang zh --help: the --edition row leaves two spaces"
fg refuse --help
is "$(help_columns)" 28 "refuse --help: its options line up in the same column"
like "$(out)" "^Usage: flowgate \[OPTIONS\] refuse --pipeline ID --run ID --job ID" "refuse --help gives its own usage"
unlike "$(out)" "--status" "refuse --help leaves out options refuse does not take"
fg --help
is "$(out | sed -n '/^Console options:/,/^$/p' | grep -c -- --parallel)" 0 "--parallel is not a console-only option"
like "$(out | sed -n '/^Options of the console and inbox:/,/^$/p')" "--parallel N" "it is listed as the console's and inbox's"
fg --version
like "$(out)" "^flowgate [0-9]+\.[0-9]+\.[0-9]+$" "--version prints the version"

# ---- verbose ----------------------------------------------------------------------------------
fg --verbose gates --pipeline 101 --run 7
like "$(err)" "> GET /organization/org-test/pipelines/101/pipelineRuns/7" "--verbose prints the request line"
like "$(err)" "< 200 in [0-9]+ ms, requestId=MOCK-" "--verbose prints status, timing and requestId"
unlike "$(err)" "$MOCK_AK_SECRET|[Aa]uthorization|Signature=" "--verbose prints no secret, header or signature"

done_testing
