#include "config.h"

#include "tui/console.h"

#include "tui/provide_curses.h"
#include "util/strbuf.h"

#define HELP_WIDTH 66
#define HELP_KEYS 18          /* cells for the key names */

/* The help is the action table itself, so it always tells the truth about the keys. */
void help_draw(const struct tui *t)
{
	int w = COLS - 2 < HELP_WIDTH ? COLS - 2 : HELP_WIDTH;
	int h = ACTION_COUNT + 3 + t->readonly;
	int y, x, line, a;

	h = h > LINES ? LINES : h;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	draw_box(y, x, h, w, " Keys ", ROLE_NORMAL);
	line = y + 1;
	if (t->readonly)
		draw_text(line++, x + 2, "Read-only (--readonly): refuse and pass are off.", w - 4, false, ROLE_WARN);
	for (a = ACTION_NONE + 1; a < ACTION_COUNT && line < y + h - 2; a++) {
		struct strbuf keys = STRBUF_INIT;
		bool off = t->readonly && (a == ACTION_REFUSE || a == ACTION_PASS);

		keys_names((enum action)a, &keys);
		draw_text(line, x + 2, strbuf_cstr(&keys), HELP_KEYS, true, off ? ROLE_DIM : ROLE_KEY);
		draw_text(line, x + 3 + HELP_KEYS, keys_help((enum action)a), w - 5 - HELP_KEYS, false,
		          off ? ROLE_DIM : ROLE_NORMAL);
		strbuf_free(&keys);
		line++;
	}
	if (a < ACTION_COUNT)
		draw_text(y + h - 2, x + 2, "More keys in a taller terminal. Any key closes this.", w - 4, false,
		          ROLE_NORMAL);
	else
		draw_text(y + h - 2, x + 2, "Any key closes this help.", w - 4, false, ROLE_NORMAL);
}
