#!/bin/bash
# The footer offers r and p only where they open a dialog or say why a waiting gate cannot be
# acted on: on marks, or on a waiting gate highlighted or shown. Where nothing waits, r says what
# to do instead.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/screen/helpers.bash"

# footer DUMP: the footer line of a dump, spaces squeezed.
footer() {
	screen_text "$1" | tail -n 1 | tr -s ' '
}

# An organization whose pipelines have no running run: the inbox is empty.
empty=$(python3 - "$MOCK_SCENARIOS/inbox.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for org in d["orgs"]:
    org["pipelines"] = [p for p in org["pipelines"]
                        if all(r.get("status") != "RUNNING" for r in p.get("runs", []))]
print(json.dumps({"base": sys.argv[1], "orgs": d["orgs"]}, ensure_ascii=False))
PY
)
mock_start "$(mock_scenario empty-inbox <<<"$empty")"
screen_run empty --org org-inbox <<'SCRIPT'
wait-idle
dump empty-inbox
key r
dump empty-inbox-r
SCRIPT
is "$SCREEN_RC" 0 "the script ran to its end"
screen_is empty-inbox "an empty inbox: the footer offers no refuse or pass"
unlike "$(footer empty-inbox)" " r refuse | p pass " "no r or p in the empty inbox's footer"
like "$(footer empty-inbox)" "^ / filter \? help q quit P pipelines " "the keys that act there stay"
like "$(screen_text empty-inbox-r | tr -s ' \n' ' ')" "Nothing to refuse here: open a run and highlight a waiting gate\." \
	"r there still says what to do"

screen_run empty-zh --org org-inbox --lang zh <<'SCRIPT'
wait-idle
dump empty-inbox-zh
SCRIPT
unlike "$(footer empty-inbox-zh)" "拒绝|通过" "in Chinese neither: no 拒绝 or 通过 in the footer"
like "$(footer empty-inbox-zh)" "筛选" "the Chinese footer is there"

# A finished run: no gate waits, and the note says so instead of asking to open a run.
mock_start basic
screen_run finished --pipeline 102 --run 2017 <<'SCRIPT'
wait-idle
dump finished
key r
dump finished-r
key a
dump finished-all
SCRIPT
screen_is finished "a finished run's gates screen: no refuse or pass in the footer"
unlike "$(footer finished)" " r refuse | p pass " "no r or p there"
screen_is finished-r "r there says no waiting gate of this run is highlighted"
like "$(screen_text finished-r | tr -s ' \n' ' ')" "Nothing to refuse here: no waiting gate of this run is highlighted\." \
	"the note does not ask to open a run: one is open"
unlike "$(screen_text finished-r)" "open a run" "nor says to open one"
unlike "$(footer finished-all)" " r refuse | p pass " "every job shown, the highlighted one not a waiting gate: still no r or p"

# A running run: the footer follows the highlighted row and the job shown.
screen_run jobs --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
dump gate-row
key a
key g
dump build-row
key Enter
dump build-detail
key r
dump build-detail-r
key b
key j
dump gate-row-all
key Enter
dump gate-detail
SCRIPT
like "$(footer gate-row)" "^ r refuse p pass a all " "a waiting gate highlighted: r and p offered"
unlike "$(footer build-row)" " r refuse | p pass " "a build job highlighted: neither offered"
screen_is build-detail "the detail of a job that is no gate: no refuse or pass in the footer"
unlike "$(footer build-detail)" " r refuse | p pass " "no r or p on that detail"
like "$(screen_text build-detail-r | tr -s ' \n' ' ')" "Cannot refuse Java 构建 Build #1000: it is not a manual gate" \
	"r there still explains"
like "$(footer gate-row-all)" "^ r refuse p pass a all " "back on the list, j onto a waiting gate offers them again"
screen_is gate-detail "the detail of a waiting gate: r and p offered"
like "$(footer gate-detail)" "^ r refuse p pass " "r and p in that detail's footer"

# Marks: r and p act on them wherever the highlight is.
screen_run marks --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key Space
key a
key g
dump marked
key r
dump marked-r
SCRIPT
screen_is marked "a mark, the highlight on a build job: r and p offered, for the mark"
like "$(footer marked)" "^ r refuse p pass a all " "r and p in the footer"
like "$(screen_text marked-r | tr -s ' \n' ' ')" "#1001" "r opens the dialog on the marked gate"
unlike "$(screen_text marked-r)" "not a manual gate" "and does not act on the highlighted job"
is "$(mock_count method=POST)" 0 "nothing was sent"

# The log in Chinese: n (下一个) is offered once there is a search, in either footer translated.
screen_run log-zh --lang zh --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
key l
wait-idle
dump log-zh
keys /line
key Enter
dump log-zh-search
SCRIPT
is "$(footer log-zh)" " / 搜索 R 重新加载 o 链接 b/Esc 返回 ? 帮助 q 退出 ⟳ 15s" "the Chinese log footer without a search has no n"
like "$(footer log-zh-search)" "^ / 搜索 n 下一个 R 重新加载 " "with one, n 下一个"

# Narrow: r, p, ? and q stay whole; the state on the right gives way to them.
SCREEN_COLS=40 SCREEN_LINES=12 screen_run narrow --pipeline 101 --run 7 <<'SCRIPT'
wait-idle
dump narrow
key Space
dump narrow-marked
key j
key l
wait-idle
dump narrow-log
key b
key r
sleep-ms 300
dump narrow-dialog
SCRIPT
for d in narrow narrow-marked; do
	like "$(footer "$d")" "^ r refuse p pass \\? help q quit( |$)" "40 columns, $d: r, p, ? and q whole"
done
like "$(footer narrow-marked)" "q quit ⟳ [0-9]+s$" "the marks count on the right gives way to them, whole (the mark column shows the mark)"
unlike "$(footer narrow-marked)" "…" "nothing in the footer is cut"
like "$(footer narrow-log)" "\\? help q quit" "40 columns, the log: ? and q whole"
unlike "$(footer narrow-log)" "…" "and no hint cut in the middle"
like "$(screen_text narrow-dialog)" "y: refuse" "the dialog is open"
unlike "$(footer narrow-dialog)" "refuse|pass|help|quit|filter" "its keys are the dialog's: the footer offers none of the screen's"
is "$(mock_count method=POST)" 0 "nothing was sent"

done_testing
