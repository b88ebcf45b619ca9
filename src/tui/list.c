#include "config.h"

#include "tui/console.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static bool list_matches(const struct tui *t, const struct view_ops *v, size_t i, const char *filter)
{
	struct row r;

	if (!*filter)
		return true;
	memset(&r, 0, sizeof(r));
	v->row(t, i, &r);
	for (size_t c = 0; c < v->ncolumns; c++)
		if (r.cell[c] && strcasestr(r.cell[c], filter))
			return true;
	return false;
}

/* Rows the cursor can be on: the rows of items, and the "more..." row after them. */
static size_t list_rows(const struct list *l)
{
	return l->n + l->more;
}

/* Notes which row the cursor is on, so that a refresh can put it back there. */
static void list_remember(struct tui *t, enum tui_level lv)
{
	struct list *l = &t->list[lv];
	struct strbuf id = STRBUF_INIT;

	free(l->ident);
	l->ident = NULL;
	/* On the "more..." row: the row after the last one, wherever that is once more rows came. */
	l->after = l->cursor >= l->n;
	if (!l->n)
		return;
	view_of(lv)->ident(t, l->map[l->after ? l->n - 1 : l->cursor], &id);
	l->ident = strbuf_detach(&id);
}

void list_sync(struct tui *t, enum tui_level lv)
{
	const struct view_ops *v = view_of(lv);
	struct list *l = &t->list[lv];
	size_t count = v->count(t);
	const char *filter = strbuf_cstr(&l->filter);
	struct strbuf id = STRBUF_INIT;
	bool found = false;

	if (count > l->cap) {
		l->map = xrealloc(l->map, count * sizeof(*l->map));
		l->cap = count;
	}
	l->n = 0;
	for (size_t i = 0; i < count; i++)
		if ((!v->include || v->include(t, i)) && list_matches(t, v, i, filter))
			l->map[l->n++] = i;
	for (size_t p = 0; l->ident && p < l->n && !found; p++) {
		strbuf_reset(&id);
		v->ident(t, l->map[p], &id);
		if (strcmp(strbuf_cstr(&id), l->ident) == 0) {
			l->cursor = p + l->after;
			found = true;
		}
	}
	strbuf_free(&id);
	l->more = v->more && fetch_has_more(t, v->fetch);
	if (l->cursor >= list_rows(l))
		l->cursor = list_rows(l) ? list_rows(l) - 1 : 0;
	/* With no rows (still loading) the row to come back to is kept. */
	if (l->n)
		list_remember(t, lv);
}

void list_reset(struct tui *t, enum tui_level lv)
{
	struct list *l = &t->list[lv];

	l->cursor = l->top = 0;
	free(l->ident);
	l->ident = NULL;
	l->after = false;
	strbuf_reset(&l->filter);
	list_sync(t, lv);
}

void list_aim(struct tui *t, enum tui_level lv, const char *ident)
{
	struct list *l = &t->list[lv];

	if (l->ident)
		return;
	l->ident = xstrdup(ident);
	l->after = false;
	list_sync(t, lv);
}

static bool list_on_more(const struct list *l)
{
	return l->more && l->cursor == l->n;
}

/* Once the cursor is on the "more..." row the next page loads; the loop never waits for it. */
static unsigned list_reached_more(struct tui *t)
{
	if (list_on_more(&t->list[t->level]))
		fetch_more(t, view_of(t->level)->fetch);
	return TUI_REDRAW;
}

unsigned list_open_more(struct tui *t)
{
	return list_on_more(&t->list[t->level]) ? list_reached_more(t) : 0;
}

unsigned list_move(struct tui *t, enum action a)
{
	struct list *l = &t->list[t->level];
	size_t page = t->list_rows > 1 ? (size_t)t->list_rows : 1;
	size_t last = list_rows(l) ? list_rows(l) - 1 : 0;

	switch (a) {
	case ACTION_UP:
		l->cursor = l->cursor ? l->cursor - 1 : 0;
		break;
	case ACTION_DOWN:
		l->cursor = l->cursor < last ? l->cursor + 1 : last;
		break;
	case ACTION_PAGE_UP:
		l->cursor = l->cursor > page ? l->cursor - page : 0;
		l->top = l->top > page ? l->top - page : 0;
		break;
	case ACTION_PAGE_DOWN:
		l->cursor = l->cursor + page < last ? l->cursor + page : last;
		l->top += page;
		break;
	case ACTION_FIRST:
		l->cursor = 0;
		break;
	case ACTION_LAST:
		l->cursor = last;
		break;
	default:
		return 0;
	}
	list_remember(t, t->level);
	return list_reached_more(t);
}

bool list_selected(const struct tui *t, enum tui_level lv, size_t *src)
{
	const struct list *l = &t->list[lv];

	if (l->cursor >= l->n)
		return false;
	*src = l->map[l->cursor];
	return true;
}

unsigned list_click(struct tui *t, int y)
{
	struct list *l = &t->list[t->level];
	size_t pos;

	if (y < t->list_y || y >= t->list_y + t->list_rows)
		return 0;
	pos = l->top + (size_t)(y - t->list_y);
	if (pos >= list_rows(l))
		return 0;
	l->cursor = pos;
	list_remember(t, t->level);
	return list_reached_more(t);
}

/*
 * The widest of each fitting column's heading and cells, over every row of the list (not only
 * those in view, so that scrolling does not move the columns); 0 for the other columns.
 */
static void list_fit_widths(const struct tui *t, const struct view_ops *v, const char *const *titles, int *fit)
{
	const struct list *l = &t->list[t->level];
	bool any = false;

	for (size_t c = 0; c < v->ncolumns; c++) {
		fit[c] = v->columns[c].fit ? text_width(titles[c]) : 0;
		any = any || v->columns[c].fit;
	}
	for (size_t i = 0; any && i < l->n; i++) {
		struct row r;

		memset(&r, 0, sizeof(r));
		v->row(t, l->map[i], &r);
		for (size_t c = 0; c < v->ncolumns; c++) {
			int cw = v->columns[c].fit ? text_width(r.cell[c]) : 0;

			fit[c] = cw > fit[c] ? cw : fit[c];
		}
	}
}

/* Grows a column toward `to` cells, as far as the `left` cells allow. */
static void list_grow(int *w, int to, int *left)
{
	int grow = to - *w;

	if (!*w || grow <= 0)
		return;
	grow = grow < *left ? grow : *left;
	*w += grow;
	*left -= grow;
}

/*
 * Column widths for `width` cells. Optional columns are left out while the minimums do not fit;
 * then every column gets its minimum, the fitting ones grow to their widest cell (`fit`, up to
 * their preferred width), the flexible ones to their preferred width, then the fixed ones, and
 * what is left goes to the flexible ones. From the first column that does not fit at its minimum
 * on, columns get 0.
 */
static void list_layout(const struct view_ops *v, int width, const int *fit, int *w)
{
	bool skip[ROW_MAX_CELLS] = { false };
	int need = -1, left, nflex = 0;
	bool cut = false;

	for (size_t c = 0; c < v->ncolumns; c++)
		need += v->columns[c].min + 1;
	for (size_t c = 0; c < v->ncolumns && need > width; c++)
		if (v->columns[c].optional) {
			skip[c] = true;
			need -= v->columns[c].min + 1;
		}
	left = width + 1;   /* each column takes its cells and a separator; the last has none */
	for (size_t c = 0; c < v->ncolumns; c++) {
		w[c] = 0;
		if (skip[c])
			continue;
		cut = cut || left < v->columns[c].min + 1;
		w[c] = cut ? 0 : v->columns[c].min;
		left -= w[c] ? w[c] + 1 : 0;
		nflex += w[c] && v->columns[c].flex;
	}
	for (size_t c = 0; c < v->ncolumns; c++)
		if (v->columns[c].fit)
			list_grow(&w[c], fit[c] < v->columns[c].width ? fit[c] : v->columns[c].width, &left);
	for (int pass = 0; pass < 2; pass++)
		for (size_t c = 0; c < v->ncolumns; c++)
			if (v->columns[c].flex == (pass == 0))
				list_grow(&w[c], v->columns[c].width, &left);
	for (size_t c = 0; c < v->ncolumns && nflex; c++)
		if (v->columns[c].flex && w[c]) {
			int share = left / nflex--;

			w[c] += share;
			left -= share;
		}
}

static void list_draw_cells(int y, const int *w, size_t ncolumns, const char *const *cells, enum role r,
                            bool raw)
{
	int x = 0;

	for (size_t c = 0; c < ncolumns; c++) {
		if (!w[c])
			continue;
		if (raw)
			draw_raw(y, x, cells[c], w[c], true, r);
		else
			draw_text(y, x, cells[c], w[c], true, r);
		x += w[c] + 1;
	}
}

static void list_draw_message(const struct tui *t, const struct view_ops *v, int y, int width)
{
	const struct list *l = &t->list[t->level];
	struct strbuf sb = STRBUF_INIT;
	enum role r = ROLE_NORMAL;

	if (!t->loaded[v->fetch] && t->fetch[v->fetch].failed) {
		strbuf_puts(&sb, _("Could not load this screen: the status pane says why (R retries)."));
		r = ROLE_ERROR;
	} else if (!t->loaded[v->fetch]) {
		strbuf_printf(&sb, _("%s Loading..."), draw_spinner(t));
	} else if (l->filter.len) {
		strbuf_printf(&sb, _("No row matches \"%s\" (/ then Esc clears the filter)."), strbuf_cstr(&l->filter));
	} else {
		v->empty(t, &sb);
	}
	draw_raw(y, 1, strbuf_cstr(&sb), width - 1, false, r);
	strbuf_free(&sb);
}

/* "more... 30 of 75 loaded (Enter loads older runs)", or what is loading. */
static void list_draw_more(const struct tui *t, const struct view_ops *v, int y, int width, bool cursor)
{
	int64_t total = v->fetch == FETCH_PIPELINES ? t->pipelines.total : t->runs.total;
	struct strbuf sb = STRBUF_INIT;

	if (fetch_more_busy(t, v->fetch)) {
		strbuf_printf(&sb, _("%s Loading %s..."), draw_spinner(t), _(v->more));
	} else {
		strbuf_puts(&sb, _("more..."));
		if (total > 0)
			strbuf_printf(&sb, _(" %zu of %" PRId64 " loaded"), v->count(t), total);
		strbuf_printf(&sb, _(" (Enter loads %s)"), _(v->more));
	}
	draw_text(y, 0, "", width, true, cursor ? ROLE_DIM_CURSOR : ROLE_DIM);
	draw_text(y, 1, strbuf_cstr(&sb), width - 1, false, cursor ? ROLE_DIM_CURSOR : ROLE_DIM);
	strbuf_free(&sb);
}

void list_draw(struct tui *t, int y, int height, int width)
{
	const struct view_ops *v = view_of(t->level);
	struct list *l = &t->list[t->level];
	const char *titles[ROW_MAX_CELLS];
	int w[ROW_MAX_CELLS], fit[ROW_MAX_CELLS];
	int rows = height - 1;
	size_t total = list_rows(l);

	for (size_t c = 0; c < v->ncolumns; c++)
		titles[c] = _(v->columns[c].title);
	list_fit_widths(t, v, titles, fit);
	list_layout(v, width, fit, w);
	draw_text(y, 0, "", width, true, ROLE_HEADER);
	list_draw_cells(y, w, v->ncolumns, titles, ROLE_HEADER, false);
	t->list_y = y + 1;
	t->list_rows = rows;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (rows > 0 && l->cursor >= l->top + (size_t)rows)
		l->top = l->cursor - (size_t)rows + 1;
	if (total <= (size_t)rows)
		l->top = 0;
	else if (l->top > total - (size_t)rows)
		l->top = total - (size_t)rows;
	if (!total) {
		list_draw_message(t, v, y + 1, width);
		return;
	}
	for (int i = 0; i < rows && l->top + (size_t)i < total; i++) {
		size_t pos = l->top + (size_t)i;
		struct row r;

		if (pos == l->n) {
			list_draw_more(t, v, y + 1 + i, width, pos == l->cursor);
			continue;
		}

		memset(&r, 0, sizeof(r));
		v->row(t, l->map[pos], &r);
		if (pos == l->cursor)
			r.role = r.role == ROLE_DIM ? ROLE_DIM_CURSOR : ROLE_CURSOR;
		draw_text(y + 1 + i, 0, "", width, true, r.role);
		list_draw_cells(y + 1 + i, w, v->ncolumns, r.cell, r.role, true);
	}
}

void list_free(struct list *l)
{
	free(l->map);
	free(l->ident);
	strbuf_free(&l->filter);
	memset(l, 0, sizeof(*l));
}
