#include "config.h"

#include "tui/console.h"

#include "tui/provide_curses.h"
#include "util/strbuf.h"
#include "util/i18n.h"

#define HELP_WIDTH 66
#define HELP_KEYS 18          /* cells for the key names */

/*
 * The help is the action table itself, so it always tells the truth about the keys. In a
 * terminal too short for all of it, it scrolls.
 */

struct help_box {
	int y, x, h, w;
	int rows;                  /* lines of text shown */
	int top_max;               /* 0 when every line is shown */
	int top;                   /* the first line shown: help_top, within this terminal's reach */
};

/* Lines of text: the read-only notice, then one per action. */
static int help_lines(const struct tui *t)
{
	return ACTION_COUNT - 1 + t->readonly;
}

/* Borders, the text, a blank line and the hint; when cut short, no blank line. */
static void help_box(const struct tui *t, struct help_box *b)
{
	int lines = help_lines(t);

	b->w = COLS - 2 < HELP_WIDTH ? COLS - 2 : HELP_WIDTH;
	b->h = lines + 4 > LINES ? LINES : lines + 4;
	b->rows = lines + 4 > LINES ? b->h - 3 : lines;
	b->top_max = lines - b->rows;
	b->top = t->help_top < b->top_max ? t->help_top : b->top_max;
	b->y = (LINES - b->h) / 2;
	b->x = (COLS - b->w) / 2;
}

static void help_line(const struct tui *t, int i, int y, int x, int w)
{
	struct strbuf keys = STRBUF_INIT;
	enum action a;
	bool off;

	if (t->readonly && i-- == 0) {
		draw_text(y, x, _("Read-only (--readonly): refuse and pass are off."), w, false, ROLE_WARN);
		return;
	}
	a = (enum action)(ACTION_NONE + 1 + i);
	off = keys_off(t, a);
	keys_names(a, &keys);
	draw_text(y, x, strbuf_cstr(&keys), HELP_KEYS, true, off ? ROLE_DIM : ROLE_KEY);
	draw_text(y, x + 1 + HELP_KEYS, _(keys_help(a)), w - 1 - HELP_KEYS, false, off ? ROLE_DIM : ROLE_NORMAL);
	strbuf_free(&keys);
}

unsigned help_open(struct tui *t)
{
	t->help = true;
	t->help_top = 0;
	return TUI_REDRAW;
}

/* Only a help that does not fit scrolls; while it fits, every key closes it. */
unsigned help_key(struct tui *t, int key)
{
	struct help_box b;
	int top;

	help_box(t, &b);
	top = b.top;
	switch (b.top_max ? keys_action(key) : ACTION_NONE) {
	case ACTION_UP: top--; break;
	case ACTION_DOWN: top++; break;
	case ACTION_PAGE_UP: top -= b.rows; break;
	case ACTION_PAGE_DOWN: top += b.rows; break;
	case ACTION_FIRST: top = 0; break;
	case ACTION_LAST: top = b.top_max; break;
	default:
		t->help = false;
		return TUI_REDRAW;
	}
	t->help_top = top < 0 ? 0 : top > b.top_max ? b.top_max : top;
	return TUI_REDRAW;
}

void help_draw(const struct tui *t)
{
	struct help_box b;
	struct strbuf title = STRBUF_INIT;

	help_box(t, &b);
	if (b.top_max)
		strbuf_printf(&title, _(" Keys %d-%d of %d "), b.top + 1, b.top + b.rows, help_lines(t));
	else
		strbuf_puts(&title, _(" Keys "));
	draw_box(b.y, b.x, b.h, b.w, strbuf_cstr(&title), ROLE_NORMAL);
	for (int i = 0; i < b.rows; i++)
		help_line(t, b.top + i, b.y + 1 + i, b.x + 2, b.w - 4);
	draw_text(b.y + b.h - 2, b.x + 2,
	          b.top_max ? _("j k PgUp PgDn scroll, others close") : _("Any key closes this help."), b.w - 4, false,
	          ROLE_NORMAL);
	strbuf_free(&title);
}
