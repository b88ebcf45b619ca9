#!/bin/bash
# The inbox, where the console starts without --pipeline and --run: every gate waiting in the
# organisation's running runs, longest-waiting first, loaded in parallel with a progress count;
# its filter, marks and one dialog for every mark, Enter to the run's gates and back, P to the
# pipeline picker, at 80x24 and at the smallest size.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

mock_start inbox
rm -f "$AUDIT"

screen_run start --org org-inbox <<'SCRIPT'
dump loading
wait-idle
dump first
key /
keys Gateway
key Enter
dump filtered
key /
key Esc
key j
key j
key Enter
wait-idle
dump opened
key b
dump back
key P
wait-idle
dump picker
key b
dump back-again
SCRIPT
is "$SCREEN_RC" 0 "the script ran to its end"
screen_is loading "the walk starts at once: the title counts answers of requests asked, the list says it is loading"
screen_is first "80x24: the four waiting gates of the running runs, longest-waiting first, with pipeline, run, stage, job, waiting time, what you may do and name"
screen_is filtered "/ filters by the pipeline's name"
screen_is opened "Enter opens the gates of that gate's run, the cursor on it"
screen_is back "Back returns to the inbox, on the same gate"
screen_is picker "P opens the pipeline picker"
screen_is back-again "Back from the picker returns to the inbox"
is "$(mock_count method=POST)" 0 "looking sends nothing"

SCREEN_COLS=40 SCREEN_LINES=10 screen_run small --org org-inbox <<'SCRIPT'
wait-idle
dump inbox-40
key ?
key G
dump help-40
key q
key Space
key j
key j
key Space
key j
key Space
key r
dump dialog-40
sleep-ms 300
key y
wait-idle
dump dialog-40-y
SCRIPT
screen_is inbox-40 "40x10: the job id and name stay; stage, waiting time and permissions go first"
screen_is help-40 "40x10: the end of the help names Space and P"
screen_is dialog-40 "40x10: the batch dialog keeps its question and buttons, and says how many lines it could not show"
unlike "$(screen_text dialog-40-y)" "Refuse [0-9] marked" "y on a dialog that could not show every gate closes it"
like "$(screen_text dialog-40-y | tr -d '\n ')" "Cancelled:refuseof3markedgateswasnotsent\\(thedialog" "and says that nothing was sent, and why"
is "$(mock_count method=POST)" 0 "y sends none of the gates: it could not show them all"

# Marks: Space marks and unmarks; r opens one dialog for every mark; y refuses each once.
mock_start inbox
rm -f "$AUDIT"
screen_run marks --org org-inbox <<'SCRIPT'
wait-idle
key Space
key j
key Space
key Space
dump unmarked
key j
key Space
dump marked
key r
dump dialog
sleep-ms 300
key y
dump sending
wait-idle
dump done
SCRIPT
screen_is unmarked "Space twice on a gate marks and unmarks it"
screen_is marked "two marks in the mark column; the footer counts them"
screen_is dialog "r with marks: one dialog lists every marked gate with pipeline, run, stage and job, and their count"
screen_is sending "y sends each marked gate once, a status line each; the marks are gone"
screen_is done "each answer lands on its own line with its requestId"
is "$(mock_count method=POST)" 2 "two refuses reached the server, one per mark"
for job in 1102 1202; do
	is "$(mock_count action=RefusePipelineValidate job=$job)" 1 "job $job was refused exactly once"
done
is "$(wc -l <"$AUDIT")" 4 "four audit lines: sending and outcome for each gate"
is "$(grep -c '"outcome":"sending"' "$AUDIT")" 2 "two sending lines"
is "$(grep -c '"outcome":"ok"' "$AUDIT")" 2 "two outcome lines, ok"

# A mark the user may not act on, and a batch pass that one of the marks does not allow.
mock_start inbox
screen_run refused --org org-inbox <<'SCRIPT'
wait-idle
key G
key Space
key p
dump no-pass
key Space
key r
dump single
sleep-ms 300
key Esc
key g
key j
key r
dump no-refuse
SCRIPT
screen_is no-pass "p with a mark whose pass is disabled says which gate and why, and opens nothing"
screen_is single "without marks, r asks about the highlighted gate alone, naming its pipeline and run"
screen_is no-refuse "r on a gate whose refuse is disabled says why and opens nothing"

screen_run readonly --org org-inbox --readonly <<'SCRIPT'
wait-idle
key Space
dump readonly
SCRIPT
screen_is readonly "a gate the user may not act on cannot be marked: the status pane says why"
is "$(mock_count method=POST)" 0 "neither sent anything"

# Cancelled: nothing sent, the marks kept; a paste into the batch dialog cancels it.
screen_run cancel --org org-inbox <<'SCRIPT'
wait-idle
key Space
key j
key j
key Space
key r
sleep-ms 300
key n
dump cancelled
key r
sleep-ms 500
key PasteBegin
keys y
key PasteEnd
dump pasted
key r
sleep-ms 300
keys yy
dump burst
SCRIPT
screen_is cancelled "n cancels the batch: nothing was sent, the marks stay"
like "$(screen_text pasted | tr -s ' \n' ' ')" "Cancelled: refuse of 2 marked gates was not sent \(pasted text ignored; dialog cancelled\)" \
	"a paste into the batch dialog cancels it"
like "$(screen_text burst | tr -s ' \n' ' ')" "was not sent \(y came in a burst of keys" "a burst of y cancels it"
is "$(mock_count method=POST)" 0 "none of them sent anything"

# A pipeline whose runs cannot be read is named in the status pane; the other gates stay listed.
# At the next walk it answers, and --bell rings for its gate, new to the inbox.
failing=$TEST_TMPDIR/failing.json
python3 - "$MOCK_SCENARIOS/inbox.json" >"$failing" <<'PY'
import json, sys
print(json.dumps({"base": sys.argv[1], "faults": [
    {"action": "ListPipelineRuns", "pipeline": 305, "times": 1, "status": 403, "code": "Forbidden.AccessDenied"}]}))
PY
mock_start "$failing"
screen_run failing --org org-inbox --bell <<'SCRIPT'
wait-idle
dump failed
sleep-ms 15000
wait-idle
dump recovered
SCRIPT
screen_is failed "a pipeline that failed is named in the status pane; the gates of the others are listed"
screen_is recovered "the next walk lists its gate too, and --bell rings once for it"
like "$(tail -n 1 "$SCREEN_DIR/recovered")" "^bells 1$" "one bell"

# A mark made on the inbox never acts on another screen: opening a run drops it with a note, and
# p there asks about the highlighted gate alone.
mock_start inbox
screen_run out-of-sight --org org-inbox <<'SCRIPT'
wait-idle
key j
key Space
key j
key Enter
wait-idle
key p
dump mark-dropped
SCRIPT
like "$(screen_text mark-dropped | tr -s ' \n' ' ')" "1 mark dropped: marks stay on the screen where they were made" \
	"leaving the inbox drops its mark and says so"
like "$(screen_text mark-dropped | tr -s ' \n' ' ')" "#1202" "p on the run asks about the highlighted gate"
unlike "$(screen_text mark-dropped | tr -s ' \n' ' ')" "#901|marked gate" "the dialog does not name the inbox's mark"
is "$(mock_count method=POST)" 0 "nothing was sent"

# Nor does r act on a mark the filter hides.
screen_run hidden-mark --org org-inbox <<'SCRIPT'
wait-idle
key j
key Space
key /
keys Payments
key Enter
key r
dump hidden-mark
SCRIPT
like "$(screen_text hidden-mark | tr -s ' \n' ' ')" "Cannot refuse the marked gates: 1 of them is not shown" \
	"r with a mark the filter hides says so"
unlike "$(screen_text hidden-mark)" "Refuse 1 marked gate" "and opens no dialog"

# o on the inbox shows the link of the highlighted gate's run, in a fresh console and after a run
# was visited.
mock_start inbox
screen_run link --org org-inbox <<'SCRIPT'
wait-idle
key o
dump link-first
key Enter
wait-idle
key b
key j
key o
dump link-second
SCRIPT
like "$(screen_text link-first)" "https://flow.aliyun.com/pipelines/301/builds/11" "o on a fresh inbox: the first gate's run"
unlike "$(screen_text link-first)" "No run is highlighted" "a highlighted gate is a run in sight"
like "$(screen_text link-second | tail -n 8)" "https://flow.aliyun.com/pipelines/305/builds/9" \
	"after visiting run 301/11, o shows the highlighted gate's run, not the one visited"

# A refresh that cannot list the pipelines keeps the gates shown, the footer says how old they
# are; a pipeline whose runs cannot be read again keeps its earlier gates.
cat >"$TEST_TMPDIR/list-fails.json" <<JSON
{"base": "$MOCK_SCENARIOS/inbox.json", "faults": [
    {"action": "ListPipelines", "times": 1, "delayMs": 1},
    {"action": "ListPipelines", "status": 503}]}
JSON
mock_start "$TEST_TMPDIR/list-fails.json"
screen_run list-fails --org org-inbox <<'SCRIPT'
wait-idle
sleep-ms 65000
key R
wait-idle
dump stale
SCRIPT
screen_is stale "a refresh that cannot list the pipelines leaves every gate shown, marked stale with its age"
like "$(screen_text stale)" "901" "gate 901 is still listed"
like "$(screen_text stale | tail -n 1)" "stale 1m  " "the footer says how old the list is"

cat >"$TEST_TMPDIR/pipe-fails.json" <<JSON
{"base": "$MOCK_SCENARIOS/inbox.json", "faults": [
    {"action": "ListPipelineRuns", "pipeline": 305, "times": 1, "delayMs": 1},
    {"action": "ListPipelineRuns", "pipeline": 305, "status": 503}]}
JSON
mock_start "$TEST_TMPDIR/pipe-fails.json"
screen_run pipe-fails --org org-inbox <<'SCRIPT'
wait-idle
key R
wait-idle
dump kept
SCRIPT
like "$(screen_text kept)" "网关 Gateway +#9 .* 901 " "the gate of the pipeline that failed stays listed"
like "$(screen_text kept | tr -s ' \n' ' ')" "Inbox: pipeline .*#305 could not be read" "the status pane names the pipeline"
unlike "$(screen_text kept | tr -s ' \n' ' ')" "No longer listed" "its gate is not said to be gone"

# The region edition has no organization: the title leaves its segment out.
mock_start inbox
saved_endpoint=$FLOWGATE_ENDPOINT
unset FLOWGATE_ENDPOINT
YUNXIAO_API_BASE_URL=$MOCK_URL YUNXIAO_ACCESS_TOKEN=pt-MockTestToken0001ForTestsOnly \
	screen_run region --api yunxiao --edition region <<'SCRIPT'
wait-idle
dump region-inbox
key Enter
wait-idle
dump region-run
SCRIPT
export FLOWGATE_ENDPOINT=$saved_endpoint
like "$(screen_text region-inbox | head -n 1)" "^ flowgate › inbox +10:00:00" "the inbox's title has no empty segment"
like "$(screen_text region-run | head -n 1)" "^ flowgate › 支付服务 Payments #301 › run #11" "nor has a run's"

done_testing
