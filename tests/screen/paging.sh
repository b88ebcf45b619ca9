#!/bin/bash
# Lists longer than a page. The run picker shows the newest 30 runs and a "more..." row: the
# cursor reaching it, or Enter on it, loads the next page without blocking the keys, and running
# runs stay first across pages. A refresh reloads as many pages as are shown. The pipeline picker
# loads 20 pages at once and offers the rest the same way. Both APIs: the token API without
# paging headers pages by page number.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

# paged NAME [HEADERS [PIPELINES [FAULTS]]]: org-test with pipeline 501 and its 75 runs, 5001 the
# oldest, an hour apart, every fifth RUNNING (5003 ... 5073), and PIPELINES more empty pipelines.
paged() {
	mock_scenario "$1" <<JSON
{ "base": "$MOCK_SCENARIOS/basic.json", "yunxiaoPagingHeaders": ${2:-true},
  "orgs": [ { "id": "org-test",
    "generatePipelines": { "count": ${3:-0}, "firstId": 10000, "namePrefix": "Service" },
    "pipelines": [ { "id": 501, "name": "Checkout", "createTime": 1749000000000,
      "generateRuns": { "count": 75, "firstId": 5001, "startTime": 1749000000000, "intervalMs": 3600000,
                        "statuses": [ "SUCCESS", "FAIL", "RUNNING", "SUCCESS", "SUCCESS" ] } } ] } ],
  "faults": [ ${4:-} ] }
JSON
}

# rows DUMP: the list's rows of a dump, one run id a line, in order ("more" for the more row).
rows() {
	screen_text "$1" | sed -n '3,/── status/p' | sed -E -n -e 's/^ *(#[0-9]+) .*/\1/p' -e 's/^ *(.*more\.\.\.|.*Loading).*/more/p'
}

mock_start "$(paged classic)"
SCREEN_LINES=40 screen_run runs --pipeline 501 <<'SCRIPT'
wait-idle
dump first-page
key G
dump loading
wait-idle
dump second-page
key G
wait-idle
key G
dump all
key g
dump top
sleep-ms 15000
wait-idle
key G
dump refreshed
SCRIPT
screen_is first-page "the run picker shows the newest 30 runs, running first"
screen_is loading "G reaches the more... row after them: it loads the next page at once and says so"
is "$(rows loading | tail -n 1)" more "the more... row is the last row"
screen_is second-page "the second page joins the first; the cursor is on the row after the old last one"
like "$(screen_text all)" "#5001 " "the third page brings the oldest run"
is "$(rows all | grep -c more)" 0 "after the last page there is no more... row"
is "$(rows top | head -n 15 | tr '\n' ' ')" \
	"#5073 #5068 #5063 #5058 #5053 #5048 #5043 #5038 #5033 #5028 #5023 #5018 #5013 #5008 #5003 " \
	"running runs come first, those of later pages too, newest first"
is "$(rows refreshed | tail -n 1)" "#5001" "the refresh 15 s later keeps every page shown"
is "$(mock_count action=ListPipelineRuns)" 6 "each page was asked for once, and the refresh asked for the three again"

# A script that loads two more pages, then dumps the screen as "all".
TO_THE_THIRD_PAGE=$'wait-idle\nkey G\nwait-idle\nkey G\nwait-idle\ndump all'

# Runs started between two pages push the list down, so each page repeats the last three of the
# one before: every run is shown once all the same, and paging goes on to the oldest.
mock_start "$(mock_scenario shifted <<JSON
{ "base": "$(paged shifted-base)", "pageShift": 3 }
JSON
)"
SCREEN_LINES=100 screen_run shifted --pipeline 501 <<<"$TO_THE_THIRD_PAGE"
is "$(mock_count action=ListPipelineRuns)" 3 "three overlapping pages hold the 75 runs"
is "$(rows all | grep -c '^#')" 75 "a list that shifts between pages shows all its 75 runs"
is "$(rows all | grep '^#' | sort | uniq -d | wc -l)" 0 "and none of them twice"
is "$(rows all | grep -c more)" 0 "after the oldest there is no more... row"

mock_start "$(paged retry true 0 '{"action": "ListPipelineRuns", "pipeline": 501, "times": 1, "delayMs": 1},
  {"action": "ListPipelineRuns", "pipeline": 501, "times": 3, "status": 500}')"
screen_run retry --pipeline 501 <<'SCRIPT'
wait-idle
key G
wait-idle
dump failed
key Enter
wait-idle
dump retried
SCRIPT
screen_is failed "a page that fails to load: the status pane says why, the more... row stays"
screen_is retried "Enter on the more... row loads it again; the cursor goes on after the old last row"

mock_start "$(paged filter)"
screen_run filter --pipeline 501 <<'SCRIPT'
wait-idle
key /
keys #5001
key Enter
dump no-match
key Enter
wait-idle
key Enter
wait-idle
dump match
SCRIPT
is "$(rows no-match)" more "a filter that matches no loaded run leaves the more... row"
is "$(rows match | head -n 1)" "#5001" "Enter on it loads pages until the run the filter wants is there"

export YUNXIAO_ACCESS_TOKEN=pt-MockTestToken0001ForTestsOnly
mock_start "$(paged token-api false)"
export YUNXIAO_API_BASE_URL=$MOCK_URL
screen_run token-api --api yunxiao --pipeline 501 <<<"$TO_THE_THIRD_PAGE"
is "$(rows all | grep -c more)/$(mock_count action=ListPipelineRuns api=yunxiao)" 0/3 \
	"the token API without paging headers: three pages by number, the short last one ends the list"
is "$(mock_requests | grep -c '"query":"page=3&perPage=30"')" 1 "the third page was asked for by its number"
unset YUNXIAO_ACCESS_TOKEN YUNXIAO_API_BASE_URL

mock_start "$(paged pipelines true 700)"
screen_run pipelines <<'SCRIPT'
wait-idle
key P
wait-idle
key G
dump pipelines-more
wait-idle
key G
wait-idle
dump pipelines-third
sleep-ms 15000
wait-idle
dump pipelines-refreshed
SCRIPT
like "$(screen_text pipelines-more)" "Loading more pipelines..." "reaching the more... row of the pipelines loads them"
is "$(mock_requests | grep '"ListPipelines"' | grep -vc statusList)" 4 "one request a page: the first, one for each more... row reached, one for the refresh"
is "$(mock_requests | grep ListPipelines | tail -n 1 | grep -c nextToken)" 0 "the idle picker's refresh asked for its first page only"
is "$(screen_text pipelines-refreshed | sed -n '3,/── status/p')" "$(screen_text pipelines-third | sed -n '3,/── status/p')" \
	"and the pages after it stay shown, the cursor where it was"
unlike "$(screen_text pipelines-third)" "501 +Checkout" "the oldest pipeline, on the last page, was never asked for"
is "$(mock_count method=POST)" 0 "paging sends no pass or refuse"

done_testing
