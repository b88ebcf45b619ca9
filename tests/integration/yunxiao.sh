#!/bin/bash
# The command line with --api yunxiao against the mock's token API: the token and the endpoint it
# is read from, lists over several pages with and without paging headers, gates, pass and refuse,
# the audit line, and every token error; the token itself is never shown.
. "$top_srcdir/tests/lib.sh"

# basic.json's token (a test value, not a secret; tests/mock/README.md).
TOKEN=pt-MockTestToken0001ForTestsOnly
EXPIRED=pt-MockExpiredToken0002ForTests
DEAD_URL=http://127.0.0.1:1

# yx_start SCENARIO: starts the mock with SCENARIO and reaches it through YUNXIAO_API_BASE_URL
# alone, with the token and no AccessKey.
yx_start() {
	mock_start "$1"
	unset FLOWGATE_ENDPOINT ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
	export YUNXIAO_API_BASE_URL=$MOCK_URL YUNXIAO_ACCESS_TOKEN=$TOKEN
}

# with_fault JSON: the token API on basic.json with this one fault.
with_fault() {
	yx_start "$(mock_scenario fault <<JSON
{"base": "$MOCK_SCENARIOS/basic.json", "faults": [$1]}
JSON
)"
}

# paged HEADERS: 47 pipelines; pipeline 301 with 65 runs (every other one RUNNING), 302 with 60.
paged() {
	mock_scenario "paged-$1" <<JSON
{"base": "$MOCK_SCENARIOS/basic.json", "yunxiaoPagingHeaders": $1,
 "orgs": [{"id": "org-test", "generatePipelines": {"count": 45, "firstId": 400},
   "pipelines": [
     {"id": 301, "name": "Paged", "generateRuns": {"count": 65, "firstId": 5001,
       "startTime": 1749000000000, "statuses": ["SUCCESS", "RUNNING"]}},
     {"id": 302, "name": "Even", "generateRuns": {"count": 60, "firstId": 6001,
       "startTime": 1749000000000}}]}]}
JSON
}

# query N: the query string of the N-th logged request.
query() { mock_requests | sed -n "${1}p" | json_get query; }
# runs_listed: how many distinct runs the last `runs` printed.
runs_listed() { out | tail -n +2 | awk '{print $1}' | sort -u | wc -l; }

export FLOWGATE_ORG=org-test
SEEN=$TEST_TMPDIR/seen    # everything flowgate printed, to look for the token at the end
yfg() { fg --api yunxiao "$@"; cat "$TEST_TMPDIR/fg.out" "$TEST_TMPDIR/fg.err" >>"$SEEN"; }

# ---- the token and the endpoint -----------------------------------------------------------------
yx_start basic
yfg pipelines
is "$(rc)" 0 "pipelines with the token API exits 0"
is "$(out | wc -l)" 4 "pipelines lists the three pipelines of the org"
like "$(out)" "101 +[0-9-]+ [0-9:]+  部署到生产环境 Deploy to production" "a pipeline is listed with its name"
is "$(mock_count api=yunxiao action=ListPipelines auth=ok)" 1 "the request reached the token API with an accepted token"
is "$(query 1)" "page=1&perPage=30" "the list asks for page 1 of 30"
is "$(mock_count api=classic)" 0 "nothing went to the classic API"

FLOWGATE_ENDPOINT=$MOCK_URL YUNXIAO_API_BASE_URL=$DEAD_URL yfg pipelines
is "$(rc)" 0 "FLOWGATE_ENDPOINT wins over YUNXIAO_API_BASE_URL"
FLOWGATE_ENDPOINT=$DEAD_URL YUNXIAO_API_BASE_URL=$DEAD_URL yfg --endpoint "$MOCK_URL" pipelines
is "$(rc)" 0 "--endpoint wins over both"

mkdir -p "$XDG_CONFIG_HOME/flowgate"
printf 'api = yunxiao\n' >"$XDG_CONFIG_HOME/flowgate/config"
chmod 600 "$XDG_CONFIG_HOME/flowgate/config"
fg pipelines
is "$(rc)" 0 "api = yunxiao in the config file selects the token API"
is "$(mock_requests | tail -1 | json_get api)" yunxiao "the config file's api reached the token API"
rm "$XDG_CONFIG_HOME/flowgate/config"

unset YUNXIAO_ACCESS_TOKEN
n=$(mock_requests | wc -l)
yfg pipelines
is "$(rc)" 3 "no YUNXIAO_ACCESS_TOKEN exits 3"
like "$(err)" "YUNXIAO_ACCESS_TOKEN" "the message names YUNXIAO_ACCESS_TOKEN"
is "$(mock_requests | wc -l)" "$n" "nothing is sent without a token"
export YUNXIAO_ACCESS_TOKEN=$TOKEN

# ---- several pages, with and without x-next-page --------------------------------------------------
yx_start "$(paged true)"
yfg runs --pipeline 301
is "$(rc)" 0 "runs over several pages exits 0"
is "$(runs_listed)" 65 "runs follows x-next-page to the end (65 runs in pages of 30)"
is "$(out | wc -l)" 66 "no run is listed twice"
is "$(mock_count action=ListPipelineRuns)" 3 "runs asked for exactly three pages"
is "$(query 3)" "page=3&perPage=30" "the third request asks for page 3"
like "$(out | sed -n 2p)" "^5065 " "runs are listed newest first"

yfg runs --pipeline 301 --status running
is "$(runs_listed)" 32 "runs --status keeps only running runs, across pages"
is "$(query 5)" "page=2&perPage=30&status=RUNNING" "the status filter goes with every page"

yx_start "$(mock_scenario short-pages <<JSON
{"base": "$MOCK_SCENARIOS/basic.json", "maxPageSize": 10}
JSON
)"
yfg runs --pipeline 102
is "$(runs_listed)" 25 "x-next-page is followed even when pages are shorter than asked"
is "$(mock_count action=ListPipelineRuns)" 3 "pages of 10, 10 and 5 take three requests"

yx_start "$(paged false)"
yfg runs --pipeline 301
is "$(rc)" 0 "runs without paging headers exits 0"
is "$(runs_listed)" 65 "without x-next-page a full page asks for the next one"
is "$(mock_count action=ListPipelineRuns)" 3 "the short third page ends the list"
is "$(query 2)" "page=2&perPage=30" "the next page is asked for by number"
yfg runs --pipeline 302
is "$(runs_listed)" 60 "all 60 runs come in two full pages"
is "$(mock_count action=ListPipelineRuns)" 6 "an empty third page ends a list of exactly two full pages"
yfg pipelines
is "$(out | tail -n +2 | wc -l)" 47 "pipelines without paging headers lists all 47"
is "$(mock_count action=ListPipelines)" 2 "pipelines stops on its short second page"
yfg --json runs --pipeline 301
is "$(out | json_get runs.0.id)" 5065 "runs --json starts with the newest run"

# ---- gates, refuse and pass ---------------------------------------------------------------------
yx_start basic
yfg gates --pipeline 101 --run 7
is "$(rc)" 0 "gates exits 0"
is "$(out | awk '/^[0-9]/ {print $1}' | tr '\n' ' ')" "1001 1002 " "gates lists the pending gates of the bare run object"
like "$(out | grep '^1002')" "WAITING .* pass +安全审批" "a gate whose refuse is disabled says pass only"
is "$(mock_count api=yunxiao action=GetPipelineRun path=/oapi/v1/flow/organizations/org-test/pipelines/101/runs/7)" 1 \
	"the run is read under /runs"

yfg refuse --pipeline 101 --run 7 --job 1001
is "$(rc)" 0 "refuse of a pending gate exits 0"
rid=$(mock_requests | tail -1 | json_get requestId)
is "$(out)" "refuse job 1001: ok, HTTP 200, requestId=$rid" "refuse prints the outcome and the requestId"
is "$(mock_count method=POST)" 1 "exactly one POST reached the server"
is "$(mock_count method=POST api=yunxiao action=RefusePipelineValidate job=1001 auth=ok \
	path=/oapi/v1/flow/organizations/org-test/pipelines/101/pipelineRuns/7/jobs/1001/refuse)" 1 \
	"the refuse went to the token API's pipelineRuns path"
is "$(tail -1 "$AUDIT" | json_get outcome)" ok "the audit log records the refuse as ok"
is "$(tail -1 "$AUDIT" | json_get requestId)" "$rid" "the audit log records the requestId"
is "$(tail -1 "$AUDIT" | json_get keyId)" "sha256:$(printf %s "$TOKEN" | sha256sum | cut -c1-8)" \
	"the audit log names the token by the first 8 hex digits of its SHA-256"
unlike "$(tail -1 "$AUDIT" | json_get keyId)" "pt-|Only" "the audit log keeps none of the token's characters"
yfg --json gates --pipeline 101 --run 7 --all
is "$(out | json_get runStatus)" FAIL "the refused run is FAIL on the server"
is "$(out | json_get jobs.1.status)" FAIL "the refused job is FAIL on the server"

yx_start basic
yfg --json pass --pipeline 101 --run 7 --job 1002
is "$(rc)" 0 "pass of a gate whose pass is allowed exits 0"
is "$(out | json_get ok)" true "pass --json says ok:true"
is "$(mock_count method=POST action=PassPipelineValidate job=1002)" 1 "exactly one pass was sent"
yfg --json gates --pipeline 101 --run 7 --all
is "$(out | json_get jobs.2.status)" SUCCESS "the passed job is SUCCESS on the server"
is "$(out | json_get jobs.1.status)" WAITING "the other gate still waits"

# ---- errors ------------------------------------------------------------------------------------
yfg pass --pipeline 101 --run 8 --job 1101
is "$(rc)" 1 "pass of a gate whose pass is disabled exits 1 (403)"
like "$(err)" "^flowgate: Forbidden: Permission denied: this account may not act on this gate\." \
	"a 403 gives the catalog's message for Forbidden"
is "$(mock_count method=POST action=PassPipelineValidate job=1101 status=403)" 1 "the refused pass was sent once"
is "$(tail -1 "$AUDIT" | json_get outcome)" refused "the audit log records the 403 as refused"

yfg gates --pipeline 999 --run 7
is "$(rc)" 1 "an unknown pipeline exits 1"
like "$(err)" "NotFound, HTTP 404, requestId=MOCK-" "an unknown pipeline is a 404 with the requestId"

YUNXIAO_ACCESS_TOKEN=pt-NotAKnownToken0000 yfg --verbose pipelines
is "$(rc)" 3 "an invalid token exits 3"
like "$(err)" "InvalidTokenError" "an invalid token is named"
unlike "$(out)$(err)" "pt-NotAKnownToken0000" "the invalid token is not echoed"

yx_start "$(mock_scenario expired <<JSON
{"base": "$MOCK_SCENARIOS/basic.json",
 "tokens": [{"token": "$TOKEN"}, {"token": "$EXPIRED", "expired": true}]}
JSON
)"
YUNXIAO_ACCESS_TOKEN=$EXPIRED yfg refuse --pipeline 101 --run 7 --job 1001
is "$(rc)" 3 "an expired token exits 3"
like "$(err)" "ExpiredTokenError" "an expired token is named"
like "$(err)" "expired" "the message says the token has expired"
unlike "$(out)$(err)$(cat "$AUDIT")" "$EXPIRED" "the expired token is shown nowhere"
yfg --json gates --pipeline 101 --run 7
is "$(out | json_get gates.0.status)" WAITING "a refuse with an expired token changed nothing"

with_fault '{"action": "RefusePipelineValidate", "status": 429}'
yfg refuse --pipeline 101 --run 7 --job 1001
is "$(rc)" 1 "a 429 exits 1"
like "$(err)" "^flowgate: TooManyRequests: Yunxiao is limiting how often this token may call it" \
	"a 429 gives the catalog's message for TooManyRequests"
is "$(mock_count method=POST)" 1 "a throttled refuse is not retried"
is "$(tail -1 "$AUDIT" | json_get outcome)" refused "the audit log records the throttled refuse as refused"
yfg --json gates --pipeline 101 --run 7
is "$(out | json_get gates.0.status)" WAITING "the throttled refuse changed nothing"

with_fault '{"action": "ListPipelines", "status": 500}'
yfg --verbose pipelines
is "$(rc)" 1 "a lasting 500 from the token API exits 1"
like "$(err)" "\\(HTTP 500\\).*\\(InternalServerError, requestId=" "a 500 is named in the token API's words, its status once"

# ---- the token is never shown -------------------------------------------------------------------
yx_start basic
yfg --verbose pipelines
yfg --verbose runs --pipeline 102
yfg --verbose gates --pipeline 101 --run 7
yfg --verbose --json refuse --pipeline 101 --run 7 --job 1002
yfg --verbose pass --pipeline 101 --run 7 --job 1001
like "$(cat "$SEEN")" "> POST /oapi/v1/flow/" "--verbose shows the requests"
unlike "$(cat "$SEEN")" "$TOKEN|MockTestToken" "the token is never printed, with or without --verbose"
unlike "$(cat "$AUDIT")" "$TOKEN|MockTestToken" "the token is not in the audit log"
unlike "$(cat "$MOCK_LOG")" "MockTestToken" "the token is not in the mock's request log"

done_testing
