#include "config.h"

#include "tui/console.h"

#include <limits.h>
#include <string.h>
#include <wchar.h>

unsigned filter_begin(struct tui *t)
{
	t->filtering = true;
	return TUI_REDRAW;
}

/* Removes the last character (not byte) of the filter. */
static void filter_erase(struct strbuf *f)
{
	size_t len = f->len;

	while (len > 0 && (f->buf[len - 1] & 0xC0) == 0x80)
		len--;
	if (len > 0)
		len--;
	f->len = len;
	f->buf[len] = '\0';
}

static void filter_append(struct strbuf *f, int key)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof(st));
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n != (size_t)-1)
		strbuf_append(f, mb, n);
}

bool filter_edit(struct strbuf *f, int key)
{
	if (keys_action(key) == ACTION_BACK && key != 'b')
		filter_erase(f);
	else if (key == TUI_KEY_CTRL('U'))
		strbuf_reset(f);
	else if (key >= ' ' && key != 127 && key < TUI_KEY_FN(0))
		filter_append(f, key);
	else
		return false;
	return true;
}

unsigned filter_key(struct tui *t, int key)
{
	struct strbuf *f = &t->list[t->level].filter;

	/* The pipeline picker asks the server for the names that match: its pages hold only some. */
	unsigned search = t->level == LEVEL_PIPELINES ? TUI_REFETCH : 0;

	if (key == '\n' || key == '\r' || key == TUI_KEY_FN(KEY_ENTER)) {
		t->filtering = false;
		return TUI_REDRAW | search;
	}
	if (key == TUI_KEY_ESC) {
		t->filtering = false;
		strbuf_reset(f);
		list_sync(t, t->level);
		return TUI_REDRAW | search;
	} else if (!filter_edit(f, key)) {
		return 0;
	}
	list_sync(t, t->level);
	return TUI_REDRAW;
}
