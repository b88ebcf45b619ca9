#!/bin/bash
# In a real terminal: live resizing down to 40x12, the "too small" notice at 20x5, growing back,
# and mouse reporting left off (so the requestId can be selected) unless --mouse asks for it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux/helpers.bash"

mock_start basic
pane_open 80 24
pane_console --pipeline 101 --run 7
ok "the console starts at 80x24 with the full title" pane_wait "flowgate › org-test › 部署到生产环境"
is "$(tmux_cmd display-message -p -t t '#{mouse_any_flag}')" 0 "mouse reporting is off by default"

tmux_cmd resize-window -t t -x 40 -y 12
ok "at 40x12 the layout narrows: the stage column goes, the title keeps the ids" \
	pane_wait "org-test › #101 › run #7 RUNNING"
like "$(pane_text)" "ID +JOB +STATUS +YOU MAY" "the gate columns fit in 40 cells"

tmux_cmd resize-window -t t -x 20 -y 5
ok "at 20x5 the console says the terminal is too small" pane_wait "Terminal too small"
unlike "$(pane_text)" "STATUS|status|refuse" "and draws nothing else"

tmux_cmd resize-window -t t -x 100 -y 30
ok "growing to 100x30 brings the full screen back" pane_wait "STAGE +ID +JOB +STATUS +WAITING"
like "$(pane_text)" "生产发布审批 Production approval" "with the gates"

# A resize is no key: read together with the y after it, it must not make that y a burst.
pane_send r
ok "r opens the dialog" pane_wait "Really refuse 生产发布审批 Production approval\\? \\(y/N\\)"
tmux_cmd resize-window -t t -x 90 -y 30
sleep 0.5
pane_send y
ok "a lone y after the resize is taken" pane_wait "requestId=MOCK-"
unlike "$(pane_text)" "burst" "and not called a burst of keys"
is "$(mock_count action=RefusePipelineValidate)" 1 "the refuse was sent once"

pane_send q
is "$(console_exit_status)" 0 "q quits"
check_terminal_restored "after resizing"

mock_start basic
pane_console --pipeline 101 --run 7 --mouse
ok "the console starts with --mouse" pane_wait "生产发布审批 Production approval"
is "$(tmux_cmd display-message -p -t t '#{mouse_any_flag}')" 1 "--mouse turns mouse reporting on"
pane_send q
is "$(console_exit_status)" 0 "q quits"
is "$(tmux_cmd display-message -p -t t '#{mouse_any_flag}')" 0 "and it is off again after quitting"

done_testing
