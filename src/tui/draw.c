#include "config.h"

#include "tui/console.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "tui/provide_curses.h"
#include "util/text.h"
#include "util/i18n.h"
#include "util/timefmt.h"

#define TITLE_FULL_COLS 60

int draw_text(int y, int x, const char *s, int cells, bool pad, enum role r)
{
	struct strbuf sb = STRBUF_INIT;
	int n;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (cells > COLS - x)
		cells = COLS - x;
	if (cells <= 0)
		return 0;
	n = text_fit(&sb, s ? s : "", cells, pad, theme_glyphs()->ascii);
	attrset(theme_attr(r));
	mvaddstr(y, x, strbuf_cstr(&sb));
	attrset(A_NORMAL);
	strbuf_free(&sb);
	return n;
}

int draw_raw(int y, int x, const char *raw, int cells, bool pad, enum role r)
{
	char *clean = text_sanitize(raw, raw ? strlen(raw) : 0, theme_glyphs()->ascii);
	int n = draw_text(y, x, clean, cells, pad, r);

	free(clean);
	return n;
}

const char *draw_spinner(const struct tui *t)
{
	const struct glyphs *g = theme_glyphs();

	return g->spinner[clock_ms(t) / SPINNER_MS % g->nspinner];
}

static void draw_hline(int y, int x, int cells, enum role r)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < cells; i++)
		strbuf_puts(&sb, theme_glyphs()->hline);
	draw_text(y, x, strbuf_cstr(&sb), cells, false, r);
	strbuf_free(&sb);
}

/*
 * The rows a box covers are blanked across the whole screen first: a wide character under its
 * edge would otherwise be cut in half, and the terminal and curses would disagree about the row.
 */
void draw_box(int y, int x, int h, int w, const char *title, enum role r)
{
	const struct glyphs *g = theme_glyphs();

	for (int i = 0; i < h; i++) {
		bool top = i == 0, bottom = i == h - 1;

		draw_text(y + i, 0, "", COLS, true, ROLE_NORMAL);
		draw_text(y + i, x, top ? g->tl : bottom ? g->bl : g->vline, 1, false, r);
		if (top || bottom)
			draw_hline(y + i, x + 1, w - 2, r);
		else
			draw_text(y + i, x + 1, "", w - 2, true, r);
		draw_text(y + i, x + w - 1, top ? g->tr : bottom ? g->br : g->vline, 1, false, r);
	}
	if (title)
		draw_text(y, x + 2, title, w - 4, false, ROLE_HEADER);
}

static void draw_centered(int y, const char *s)
{
	int w = text_width(s);
	int x = w < COLS ? (COLS - w) / 2 : 0;

	draw_text(y, x, s, COLS - x, false, ROLE_NORMAL);
}

/* Below the minimum only this notice is drawn, so nothing is cut in half. */
static void draw_too_small(void)
{
	char need[32];
	int y = LINES / 2 - 1;

	snprintf(need, sizeof(need), _("need %dx%d"), TUI_MIN_COLS, TUI_MIN_LINES);
	y = y < 0 ? 0 : y;
	draw_centered(y, _("Terminal too small"));
	draw_centered(y + 1, need);
	draw_centered(y + 2, _("q quits"));
}

/* org › pipeline name #id › run #n STATUS, the name cut first so that the ids stay. */
static void draw_title(const struct tui *t)
{
	const char *sep = theme_glyphs()->sep, *name = nav_pipeline_name(t);
	struct strbuf head = STRBUF_INIT, tail = STRBUF_INIT;
	char hms[16] = "";
	int cw, avail, name_cells, x = 1;

	/* A narrow title keeps the ids and drops the program's name and the clock. */
	if (COLS >= TITLE_FULL_COLS)
		timefmt_local(hms, sizeof(hms), (int64_t)clock_wall(t) * 1000, TIMEFMT_CLOCK);
	cw = text_width(hms);
	avail = COLS - cw - 3;
	if (COLS >= TITLE_FULL_COLS)
		strbuf_puts(&head, "flowgate");
	/* The region edition has no organization: no empty segment stands for it. */
	if (t->s->conf.org && *t->s->conf.org)
		strbuf_printf(&head, "%s%s", head.len ? sep : "", t->s->conf.org);
	if (head.len && t->level != LEVEL_PIPELINES)
		strbuf_puts(&head, sep);
	if (t->level >= LEVEL_RUNS)
		strbuf_printf(&tail, "#%" PRId64, t->pipeline_id);
	if (t->level >= LEVEL_GATES)
		strbuf_printf(&tail, _("%srun #%" PRId64 " %s"), sep, t->run_id,
		              t->loaded[FETCH_RUN] ? flow_status_label(t->run.status) : "");
	if (t->level == LEVEL_GATES && t->show_all)
		strbuf_puts(&tail, _(" (all jobs)"));
	if (t->level == LEVEL_INBOX) {
		strbuf_puts(&tail, _("inbox"));
		view_inbox_progress(t, &tail);
	}
	draw_text(0, 0, "", COLS, true, ROLE_TITLE);
	x += draw_raw(0, x, strbuf_cstr(&head), avail, false, ROLE_TITLE);
	name_cells = avail - (x - 1) - text_width(strbuf_cstr(&tail)) - 1;
	if (t->level >= LEVEL_RUNS && name && name_cells >= 8) {
		x += draw_raw(0, x, name, name_cells, false, ROLE_TITLE);
		x += draw_text(0, x, " ", 1, false, ROLE_TITLE);
	}
	draw_raw(0, x, strbuf_cstr(&tail), avail - (x - 1), false, ROLE_TITLE);
	draw_text(0, COLS - cw - 1, hms, cw, false, ROLE_TITLE);
	strbuf_free(&head);
	strbuf_free(&tail);
}

/* " 3/41 " at the right of the separator: the row under the cursor and how many there are. */
static void draw_position(const struct tui *t, int y)
{
	const struct list *l = &t->list[t->level];
	char pos[48];
	int w;

	if (t->log.open || !l->n)
		return;
	snprintf(pos, sizeof(pos), " %zu/%zu%s ", l->cursor < l->n ? l->cursor + 1 : l->n, l->n, l->more ? "+" : "");
	w = text_width(pos);
	draw_text(y, COLS - w - 2, pos, w, false, ROLE_NORMAL);
}

static void draw_separator(const struct tui *t, int y)
{
	const char *title = status_scrolled(t) ? _(" status, scrolled back (] goes forward) ") : _(" status ");

	draw_hline(y, 0, COLS, ROLE_NORMAL);
	draw_text(y, 2, title, COLS - 4, false, ROLE_NORMAL);
	draw_position(t, y);
}

/* One part of the footer, and how early a narrow footer drops it: the highest rank first. */
struct hint {
	char text[128];
	int rank;
};

static void hint_set(struct hint *h, int rank, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void hint_set(struct hint *h, int rank, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->text, sizeof(h->text), fmt, ap);
	va_end(ap);
	h->rank = rank;
}

/*
 * The right end of the footer: read-only mark, the data's age when a refresh failed, the marks,
 * then activity or the refresh countdown. A narrow footer keeps the activity first and the
 * countdown last.
 */
static size_t draw_state_parts(const struct tui *t, struct hint *h)
{
	enum fetch_kind k = view_of(t->level)->fetch;
	int64_t now = clock_ms(t);
	const char *spin = draw_spinner(t);
	size_t n = 0;

	if (t->readonly)
		hint_set(&h[n++], 1, "%s", _("READ-ONLY"));
	if (t->loaded[k] && t->fetch[k].failed && t->fetch[k].loaded_at) {
		char age[32];

		timefmt_duration(age, sizeof(age), (int64_t)(clock_wall(t) - t->fetch[k].loaded_at));
		hint_set(&h[n++], 2, _("stale %s"), age);
	}
	if (t->marks.n)
		hint_set(&h[n++], 3, P_("%zu marked", "%zu marked", t->marks.n), t->marks.n);
	if (t->flights)
		hint_set(&h[n++], 0, _("%s sending"), spin);
	else if (fetch_any_busy(t) || view_inbox_busy(t))
		hint_set(&h[n++], 0, _("%s loading"), spin);
	else if (now < t->not_before)
		hint_set(&h[n++], 0, _("throttled %" PRId64 "s"), clock_seconds_left(now, t->not_before));
	else
		hint_set(&h[n++], 4, "%s %" PRId64 "s", theme_glyphs()->refresh,
		         clock_seconds_left(now, t->next_refresh));
	return n;
}

/*
 * A key is offered only where it does something: the picker's where the console starts
 * (elsewhere Back leads there), the job filter where jobs are listed, refuse and pass where they
 * open a dialog or say why a waiting gate cannot be acted on (gate_in_sight).
 */
static bool draw_hint_here(const struct tui *t, enum action a)
{
	if (a == ACTION_PIPELINES)
		return t->level == LEVEL_INBOX;
	if (a == ACTION_ALL_JOBS)
		return t->level == LEVEL_GATES;
	if (a == ACTION_REFUSE || a == ACTION_PASS)
		return gate_in_sight(t);
	return true;
}

/*
 * Hints ranked below this are kept whole whatever the width (the decision keys, help and quit),
 * the state on the right cut for them if need be.
 */
#define HINT_KEPT 4
/* The most hints a footer lists: a kept filter and each action. */
#define HINTS_MAX (ACTION_COUNT + 1)

/* The decision keys, then the way to learn the rest and to leave; a hint not named here goes last. */
static int draw_hint_rank(enum action a)
{
	static const enum action rank[] = { ACTION_REFUSE, ACTION_PASS,   ACTION_HELP,     ACTION_QUIT,
		                            ACTION_NONE,   ACTION_FILTER, ACTION_ALL_JOBS, ACTION_PIPELINES };
	int n = (int)(sizeof(rank) / sizeof(rank[0]));

	for (int i = 0; i < n; i++)
		if (rank[i] == a)
			return i;
	return n;
}

/* A filter kept with Enter, ranked just after the kept hints; then each action offered here. */
static size_t draw_hints_of_actions(const struct tui *t, struct hint *h)
{
	const struct strbuf *filter = &t->list[t->level].filter;
	size_t n = 0;

	if (filter->len)
		hint_set(&h[n++], draw_hint_rank(ACTION_NONE), "/%s ", strbuf_cstr(filter));
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
		char key[16];

		if (!keys_hint((enum action)a) || keys_off(t, (enum action)a) || !draw_hint_here(t, (enum action)a))
			continue;
		keys_first_name((enum action)a, key, sizeof(key));
		hint_set(&h[n++], draw_hint_rank((enum action)a), "%s %s", key, _(keys_hint((enum action)a)));
	}
	return n;
}

/*
 * The log has keys of its own; the screen's under it act on nothing in sight. n finds the search
 * again, so it is offered once there is one. Help and quit are kept, the rest dropped from the end.
 */
static size_t draw_hints_of_log(const struct tui *t, struct hint *h)
{
	static const struct {
		const char *text;
		int rank;
		bool after_search;
	} keys[] = {
		{ N_("/ search"), HINT_KEPT + 1, false }, { N_("n next"), HINT_KEPT + 2, true },
		{ N_("R reload"), HINT_KEPT + 3, false }, { N_("o link"), HINT_KEPT + 4, false },
		{ N_("b/Esc back"), HINT_KEPT, false },   { N_("? help"), 0, false },
		{ N_("q quit"), 1, false },
	};
	bool searched = t->log.search.len && !t->log.searching;
	size_t n = 0;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (keys[i].after_search && !searched)
			continue;
		hint_set(&h[n++], keys[i].rank, "%s", _(keys[i].text));
	}
	return n;
}

/* The hints of the moment, in the order shown; none while a dialog or the help has the keys. */
static size_t draw_footer_hints(const struct tui *t, struct hint *h)
{
	if (t->dialog.open || t->help)
		return 0;
	if (t->filtering) {
		hint_set(&h[0], 0, _("/%s_   Enter keeps, Esc clears"), strbuf_cstr(&t->list[t->level].filter));
		return 1;
	}
	return t->log.open ? draw_hints_of_log(t, h) : draw_hints_of_actions(t, h);
}

/* Cells the hints ranked below `rank` take, two spaces apart. */
static int draw_hints_width(const struct hint *h, size_t n, int rank)
{
	int w = 0;

	for (size_t i = 0; i < n; i++)
		if (h[i].rank < rank)
			w += (w ? 2 : 0) + text_width(h[i].text);
	return w;
}

/* The hints that fit in `cells`, whole, the lowest ranks first, two spaces apart and in order. */
static void draw_hints_fit(const struct hint *h, size_t n, int cells, struct strbuf *sb)
{
	bool keep[HINTS_MAX] = { false };
	int used = 0, top = 0;

	for (size_t i = 0; i < n; i++)
		top = h[i].rank > top ? h[i].rank : top;
	for (int r = 0; r <= top; r++)
		for (size_t i = 0; i < n; i++) {
			int w = (used ? 2 : 0) + text_width(h[i].text);

			if (h[i].rank == r && used + w <= cells) {
				keep[i] = true;
				used += w;
			}
		}
	used = 0;
	for (size_t i = 0; i < n; i++)
		if (keep[i])
			strbuf_printf(sb, "%s%s", used++ ? "  " : "", h[i].text);
}

static void draw_footer(const struct tui *t, int y)
{
	struct strbuf left = STRBUF_INIT, right = STRBUF_INIT;
	struct hint h[HINTS_MAX], state[5];
	size_t n = draw_footer_hints(t, h), nstate = draw_state_parts(t, state);
	int room = COLS - 3 - draw_hints_width(h, n, HINT_KEPT), rw;

	draw_hints_fit(state, nstate, room > 0 ? room : 0, &right);
	rw = text_width(strbuf_cstr(&right));
	draw_hints_fit(h, n, COLS - rw - 3, &left);
	/* A lone hint longer than the footer (a long filter being typed) is shown cut, not left out. */
	if (!left.len && n)
		strbuf_puts(&left, h[0].text);
	draw_text(y, 0, "", COLS, true, ROLE_FOOTER);
	draw_raw(y, 1, strbuf_cstr(&left), COLS - rw - 3, false, ROLE_FOOTER);
	if (rw)
		draw_text(y, COLS - rw - 1, strbuf_cstr(&right), rw, false, ROLE_FOOTER);
	strbuf_free(&left);
	strbuf_free(&right);
}

/* On the gates screen, what the run builds: "branch @ short-commit message". False when nothing says. */
static bool draw_summary(const struct tui *t, int y)
{
	char *sum;

	if (t->level != LEVEL_GATES || !t->loaded[FETCH_RUN] || !(sum = flow_run_summary(&t->run)))
		return false;
	draw_text(y, 0, "", COLS, true, ROLE_NORMAL);
	draw_raw(y, 1, sum, COLS - 2, false, ROLE_DIM);
	free(sum);
	return true;
}

bool draw_fits(void)
{
	return LINES >= TUI_MIN_LINES && COLS >= TUI_MIN_COLS;
}

/*
 * Title, list, status pane and footer, then whatever is on top. Everything is drawn afresh each
 * time; curses sends the terminal only what changed.
 */
/* List rows nothing fills: the status pane may take them for an outcome that would be clipped. */
static int draw_spare_rows(const struct tui *t, int list_h)
{
	const struct list *l = &t->list[t->level];
	int used = 1 + (int)(l->n + l->more) + (t->level == LEVEL_GATES);

	if (t->log.open || !l->n)
		return 0;
	return list_h > used ? list_h - used : 0;
}

void draw_screen(struct tui *t)
{
	int status_h, list_h, need, spare;

	erase();
	if (!draw_fits()) {
		draw_too_small();
	} else {
		status_h = LINES / 4 < 2 ? 2 : LINES / 4 > 8 ? 8 : LINES / 4;
		list_h = LINES - 3 - status_h;
		need = status_newest_rows(t, COLS);
		spare = draw_spare_rows(t, list_h);
		if (need > status_h && !status_scrolled(t)) {
			int take = need - status_h < spare ? need - status_h : spare;

			status_h += take;
			list_h -= take;
		}
		draw_title(t);
		if (t->log.open)
			logv_draw(t, 1, list_h, COLS);
		else if (draw_summary(t, 1))
			list_draw(t, 2, list_h - 1, COLS);
		else
			list_draw(t, 1, list_h, COLS);
		draw_separator(t, 1 + list_h);
		status_draw(t, 2 + list_h, status_h, COLS);
		draw_footer(t, LINES - 1);
		if (t->help)
			help_draw(t);
		if (t->dialog.open)
			dialog_draw(t);
	}
	if (t->repaint)
		clearok(curscr, TRUE);
	t->repaint = false;
	refresh();
}
