#include "config.h"

#include "tui/console.h"

#include <stdlib.h>
#include <string.h>

#include "tui/provide_curses.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/i18n.h"

#define HELP_WIDTH 66
#define HELP_KEYS 18          /* cells for the key names */

/*
 * The help is the action table itself, so it always tells the truth about the keys. Each text
 * wraps under its own column; in a terminal too short for all the rows, the help scrolls.
 */

struct help_box {
	int y, x, h, w;
	int lines;                 /* rows of text in all, wrapped at this width */
	int rows;                  /* rows of text shown */
	int top_max;               /* 0 when every row is shown */
	int top;                   /* the first row shown: help_top, within this terminal's reach */
};

/*
 * One entry from row *row on: its keys (NULL: none, the text takes the whole width), then its text
 * wrapped beside them. Draws the rows the box shows and counts them all.
 */
static void help_entry(const struct help_box *b, int *row, const char *keys, const char *text, enum role key_role,
                       enum role role)
{
	int indent = keys ? HELP_KEYS + 1 : 0, cells = b->w - 4 - indent;
	char *clean = text_sanitize(text, strlen(text), theme_glyphs()->ascii);
	struct strbuf line = STRBUF_INIT;
	const char *p = clean;

	do {
		size_t k = text_wrap(p, cells), n = k;
		int y = b->y + 1 + *row - b->top;

		while (n && p[n - 1] == ' ')
			n--;
		if (*row >= b->top && *row < b->top + b->rows) {
			if (keys && p == clean)
				draw_text(y, b->x + 2, keys, HELP_KEYS, true, key_role);
			strbuf_reset(&line);
			strbuf_append(&line, p, n);
			draw_text(y, b->x + 2 + indent, strbuf_cstr(&line), cells, false, role);
		}
		p += k;
		p += strspn(p, " ");
		(*row)++;
	} while (*p);
	strbuf_free(&line);
	free(clean);
}

/* The read-only notice, then one entry per action; returns the rows they take. */
static int help_entries(const struct tui *t, const struct help_box *b)
{
	struct strbuf keys = STRBUF_INIT;
	int row = 0;

	if (t->readonly)
		help_entry(b, &row, NULL, _("Read-only (--readonly): refuse and pass are off."), ROLE_WARN, ROLE_WARN);
	for (int i = ACTION_NONE + 1; i < ACTION_COUNT; i++) {
		enum action a = (enum action)i;
		bool off = keys_off(t, a);

		strbuf_reset(&keys);
		keys_names(a, &keys);
		help_entry(b, &row, strbuf_cstr(&keys), _(keys_help(a)), off ? ROLE_DIM : ROLE_KEY,
		           off ? ROLE_DIM : ROLE_NORMAL);
	}
	strbuf_free(&keys);
	return row;
}

/* Borders, the text, a blank line and the hint; when cut short, no blank line. */
static void help_box(const struct tui *t, struct help_box *b)
{
	*b = (struct help_box){ .w = COLS - 2 < HELP_WIDTH ? COLS - 2 : HELP_WIDTH };
	b->lines = help_entries(t, b); /* no row shown yet: only counts */
	b->h = b->lines + 4 > LINES ? LINES : b->lines + 4;
	b->rows = b->lines + 4 > LINES ? b->h - 3 : b->lines;
	b->top_max = b->lines - b->rows;
	b->top = t->help_top < b->top_max ? t->help_top : b->top_max;
	b->y = (LINES - b->h) / 2;
	b->x = (COLS - b->w) / 2;
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
		strbuf_printf(&title, _(" Keys, lines %d-%d of %d "), b.top + 1, b.top + b.rows, b.lines);
	else
		strbuf_puts(&title, _(" Keys "));
	draw_box(b.y, b.x, b.h, b.w, strbuf_cstr(&title), ROLE_NORMAL);
	help_entries(t, &b);
	draw_text(b.y + b.h - 2, b.x + 2,
	          b.top_max ? _("j k PgUp PgDn scroll, others close") : _("Any key closes this help."), b.w - 4, false,
	          ROLE_NORMAL);
	strbuf_free(&title);
}
