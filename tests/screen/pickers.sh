#!/bin/bash
# The pipeline and run pickers: what they list, paging, the filter, opening and going back, help.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

mock_start basic

screen_run pick <<'SCRIPT'
wait-idle
key P
wait-idle
dump pipelines
key j
key Enter
wait-idle
dump runs
key PgDn
dump page-down
key PgUp
dump page-up
key G
dump last
key g
dump first
key /
keys FAIL
dump filter-typing
key Enter
dump filter-kept
key j
key Enter
wait-idle
dump opened
key b
wait-idle
dump filter-after-back
key /
key Backspace
key Backspace
dump filter-shorter
key Esc
dump filter-cleared
key b
wait-idle
dump back
key ?
dump help
key x
dump help-closed
SCRIPT
is "$SCREEN_RC" 0 "the script ran to its end"
screen_is pipelines "without --pipeline the console opens on the pipeline picker"
screen_is runs "Enter opens the run picker: running runs first, with status, start time and trigger"
screen_is page-down "PgDn moves a page down"
screen_is page-up "PgUp moves a page up"
screen_is last "G goes to the oldest run"
screen_is first "g goes back to the first"
screen_is filter-typing "/ filters as you type and the footer shows the prompt"
screen_is filter-kept "Enter keeps the filter, shown in the footer"
screen_is opened "Enter on a filtered row opens that run"
screen_is filter-after-back "the filter is still there after coming back"
screen_is filter-shorter "Backspace in the prompt removes the last character"
screen_is filter-cleared "Esc clears the filter"
screen_is back "b goes back to the pipelines with the cursor on the pipeline left"
screen_is help "? shows every key from the action table"
screen_is help-closed "any key closes the help and does nothing else"
is "$(mock_count action=ListPipelineRuns path=/organization/org-test/pipelines/102/pipelineRuns)" 2 \
	"the run picker loaded the runs of pipeline 102, and again on coming back to it"
is "$(mock_count method=POST)" 0 "picking sends no pass or refuse"

done_testing
