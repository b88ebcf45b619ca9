#ifndef FLOWGATE_TUI_ACTIONS_H
#define FLOWGATE_TUI_ACTIONS_H
/*
 * Every console action, once. X(NAME, hint, help, key1, key2, key3, key4) produces the action
 * enum, the default key bindings and the help screen, so they cannot drift apart. `hint` is the
 * footer's short label (NULL: not in the footer); unused key slots are 0. Both texts are marked
 * with N_() and translated where they are shown.
 */

#include "tui/provide_curses.h"
#include "util/i18n.h"

/* Keys are code points; curses' own key codes are moved above Unicode so the two never meet. */
#define TUI_KEY_FN(k) (0x200000 + (k))
#define TUI_KEY_CTRL(c) ((c) & 0x1f)
#define TUI_KEY_ESC 27
/*
 * The bracketed-paste markers (ESC [ 200 ~ and ESC [ 201 ~), taught to curses as keys of their
 * own so that they never read as Esc and a few characters: pasted text is never taken for keys.
 */
#define TUI_PASTE_BEGIN_CODE (KEY_MAX + 1)
#define TUI_PASTE_END_CODE (KEY_MAX + 2)
#define TUI_KEY_PASTE_BEGIN TUI_KEY_FN(TUI_PASTE_BEGIN_CODE)
#define TUI_KEY_PASTE_END TUI_KEY_FN(TUI_PASTE_END_CODE)

#define TUI_ACTIONS(X)                                                                           \
	X(UP, NULL, N_("Move up"), 'k', TUI_KEY_FN(KEY_UP), 0, 0)                                \
	X(DOWN, NULL, N_("Move down"), 'j', TUI_KEY_FN(KEY_DOWN), 0, 0)                          \
	X(PAGE_UP, NULL, N_("Page up"), TUI_KEY_FN(KEY_PPAGE), 0, 0, 0)                          \
	X(PAGE_DOWN, NULL, N_("Page down"), TUI_KEY_FN(KEY_NPAGE), 0, 0, 0)                      \
	X(FIRST, NULL, N_("First row"), 'g', TUI_KEY_FN(KEY_HOME), 0, 0)                         \
	X(LAST, NULL, N_("Last row"), 'G', TUI_KEY_FN(KEY_END), 0, 0)                            \
	X(OPEN, NULL, N_("Open the highlighted row"), '\n', '\r', TUI_KEY_FN(KEY_ENTER), 0)      \
	X(BACK, NULL, N_("Back to the previous screen"), TUI_KEY_FN(KEY_BACKSPACE), 127, 8, 'b') \
	X(REFUSE, N_("refuse"), N_("Refuse the highlighted gate (y confirms)"), 'r', 0, 0, 0)     \
	X(PASS, N_("pass"), N_("Pass the highlighted gate (y confirms)"), 'p', 0, 0, 0)           \
	X(REFRESH, NULL, N_("Refresh now"), 'R', TUI_KEY_FN(KEY_F(5)), 0, 0)                     \
	X(ALL_JOBS, N_("all"), N_("Show every job, or only the pending gates"), 'a', 0, 0, 0)    \
	X(FILTER, N_("filter"), N_("Filter the rows (Enter keeps, Esc clears)"), '/', 0, 0, 0)   \
	X(STATUS_OLDER, NULL, N_("Scroll the status pane back"), '[', 0, 0, 0)                   \
	X(STATUS_NEWER, NULL, N_("Scroll the status pane forward"), ']', 0, 0, 0)                \
	X(HELP, N_("help"), N_("Show this help"), '?', 0, 0, 0)                                  \
	X(REDRAW, NULL, N_("Redraw the screen"), TUI_KEY_CTRL('L'), 0, 0, 0)                     \
	X(QUIT, N_("quit"), N_("Quit"), 'q', 0, 0, 0)                                            \
	X(LOG, NULL, N_("Show the log of the highlighted job"), 'l', 0, 0, 0)                    \
	X(LINK, NULL, N_("Show the run's link and copy it to the clipboard"), 'o', 0, 0, 0)      \
	X(NEXT_MATCH, NULL, N_("Next match of the log search"), 'n', 0, 0, 0)                    \
	X(MARK, NULL, N_("Mark or unmark a gate; r and p act on marks"), ' ', 0, 0, 0) \
	X(PIPELINES, N_("pipelines"), N_("Open the pipeline picker"), 'P', 0, 0, 0)

enum action {
	ACTION_NONE,
#define TUI_ACTION_ENUM(name, hint, help, k1, k2, k3, k4) ACTION_##name,
	TUI_ACTIONS(TUI_ACTION_ENUM)
#undef TUI_ACTION_ENUM
	ACTION_COUNT
};

#endif
