#include "config.h"

#include "tui/console.h"

#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/xalloc.h"

#define LOG_RELOAD_MS 2000    /* a running job's log is asked for again this often */

/* One request of a log; freed by its completion. */
struct log_pending {
	struct tui *t;
	unsigned gen;
};

static void logv_lines_free(struct logview *l)
{
	for (size_t i = 0; i < l->nlines; i++)
		free(l->lines[i]);
	free(l->lines);
	l->lines = NULL;
	l->nlines = 0;
}

void logv_close(struct logview *l)
{
	logv_lines_free(l);
	free(l->job_id);
	free(l->job_name);
	strbuf_free(&l->search);
	l->job_id = l->job_name = NULL;
	l->open = l->loaded = l->busy = l->searching = false;
	l->gen++;                  /* an answer still coming is for a log no longer shown */
}

/* The log in lines, each made inert for the terminal; a carriage return before a newline is dropped. */
static void logv_store(struct logview *l, const char *content)
{
	const char *p = content;

	logv_lines_free(l);
	while (*p) {
		size_t n = strcspn(p, "\n");
		size_t keep = n && p[n - 1] == '\r' ? n - 1 : n;

		l->lines = xrealloc(l->lines, (l->nlines + 1) * sizeof(*l->lines));
		l->lines[l->nlines++] = text_sanitize(p, keep, theme_glyphs()->ascii);
		p += n + (p[n] == '\n');
	}
}

static bool logv_current(const struct log_pending *p)
{
	return p->t->log.open && p->gen == p->t->log.gen;
}

static enum flow_status logv_parse(const struct flow_request *req, const struct flow_reply *reply,
                                   enum flow_backend b, struct flow_result *res, void *user)
{
	struct log_pending *p = user;
	struct flow_job_log log;

	(void)req;
	memset(&log, 0, sizeof(log));
	if (flow_parse_job_log(reply, b, res, &log) == FLOW_OK && logv_current(p)) {
		logv_store(&p->t->log, log.content ? log.content : "");
		p->t->log.more = log.more;
		p->t->log.loaded = true;
	}
	flow_job_log_free(&log);
	return res->status;
}

static void logv_done(void *user, const struct flow_request *req, struct outcome *o)
{
	struct log_pending *p = user;
	struct tui *t = p->t;
	struct logview *l = &t->log;
	bool current = logv_current(p);

	(void)req;
	free(p);
	if (!current)
		return;
	l->busy = false;
	l->next_ms = clock_ms(t) + LOG_RELOAD_MS;
	t->dirty = true;
	if (o->cause == CAUSE_CANCELLED || o->kind == OUTCOME_OK) {
		l->failed = false;
		return;
	}
	if (!l->failed)
		status_outcome(t, 0, _("load the job's log"), o, false);
	l->failed = true;
	if (o->res.throttled)
		fetch_throttled(t, &o->res);
}

static void logv_load(struct tui *t)
{
	struct logview *l = &t->log;
	struct flow_request req;
	struct log_pending *p;
	char err[256];

	if (clock_ms(t) < t->not_before)
		return;
	memset(&req, 0, sizeof(req));
	if (flow_req_job_log(&req, &t->s->target, l->pipeline, l->run, l->job_id, err, sizeof(err)) != 0) {
		status_note(t, ROLE_ERROR, _("Cannot ask the server: %s"), err);
		return;
	}
	p = xcalloc(1, sizeof(*p));
	p->t = t;
	p->gen = ++l->gen;
	l->busy = true;
	if (session_start(t->s, &req, logv_parse, logv_done, p) != 0) {
		status_note(t, ROLE_ERROR, "%s", _("Cannot start a request (out of connections?)"));
		l->busy = false;
		free(p);
	}
	flow_request_free(&req);
}

unsigned logv_open(struct tui *t, const struct flow_job *job)
{
	struct logview *l = &t->log;

	if (!job) {
		status_note(t, ROLE_WARN, "%s", _("No job is highlighted: open a run and choose a job for its log."));
		return TUI_REDRAW;
	}
	logv_close(l);
	l->open = true;
	l->pipeline = t->pipeline_id;
	l->run = t->run_id;
	l->job_id = xstrdup(job->id);
	l->job_name = xstrdup(job->name);
	l->follow = true;
	l->failed = l->more = false;
	l->hit = l->top = 0;
	logv_load(t);
	return TUI_REDRAW;
}

/* A running job's log is reloaded; one that finished is not asked for again. */
void logv_tick(struct tui *t)
{
	struct logview *l = &t->log;

	if (l->open && l->loaded && l->more && !l->busy && clock_ms(t) >= l->next_ms)
		logv_load(t);
}

/* Display rows of one line at `width` cells: at least one, an empty line too. */
static size_t logv_line_rows(const char *s, int width)
{
	size_t rows = 0;

	while (*s) {
		s += text_wrap(s, width);
		rows++;
	}
	return rows ? rows : 1;
}

static size_t logv_row_of_line(const struct logview *l, size_t line, int width)
{
	size_t row = 0;

	for (size_t i = 0; i < line && i < l->nlines; i++)
		row += logv_line_rows(l->lines[i], width);
	return row;
}

static size_t logv_last_top(const struct logview *l)
{
	return l->total > (size_t)l->page ? l->total - (size_t)l->page : 0;
}

static void logv_scroll(struct logview *l, long rows)
{
	long top = (long)l->top + rows, last = (long)logv_last_top(l);

	l->top = top < 0 ? 0 : top > last ? (size_t)last : (size_t)top;
	l->follow = l->top == (size_t)last;
}

/* The next line holding the search after the last match, from the top shown at first; wraps round. */
static unsigned logv_find(struct tui *t)
{
	struct logview *l = &t->log;
	const char *what = strbuf_cstr(&l->search);
	size_t start = l->hit ? l->hit : 0;

	if (!*what || !l->nlines)
		return TUI_REDRAW;
	for (size_t k = 0; k < l->nlines; k++) {
		size_t i = (start + k) % l->nlines;

		if (strcasestr(l->lines[i], what)) {
			l->hit = i + 1;
			l->top = logv_row_of_line(l, i, l->width);
			logv_scroll(l, 0);
			return TUI_REDRAW;
		}
	}
	l->hit = 0;
	status_note(t, ROLE_WARN, _("Not in the log: %s"), what);
	return TUI_REDRAW;
}

static unsigned logv_search_key(struct tui *t, int key)
{
	struct logview *l = &t->log;

	if (key == '\n' || key == '\r' || key == TUI_KEY_FN(KEY_ENTER)) {
		l->searching = false;
		l->hit = 0;
		return logv_find(t);
	}
	if (key == TUI_KEY_ESC) {
		l->searching = false;
		strbuf_reset(&l->search);
		l->hit = 0;
	} else {
		filter_edit(&l->search, key);
	}
	return TUI_REDRAW;
}

unsigned logv_key(struct tui *t, int key, bool *mine)
{
	struct logview *l = &t->log;
	long page = l->page > 1 ? l->page - 1 : 1;

	*mine = true;
	if (l->searching)
		return logv_search_key(t, key);
	switch (keys_action(key)) {
	case ACTION_UP: logv_scroll(l, -1); break;
	case ACTION_DOWN: logv_scroll(l, 1); break;
	case ACTION_PAGE_UP: logv_scroll(l, -page); break;
	case ACTION_PAGE_DOWN: logv_scroll(l, page); break;
	case ACTION_FIRST: logv_scroll(l, -(long)l->total); break;
	case ACTION_LAST: logv_scroll(l, (long)l->total); break;
	case ACTION_FILTER:
		l->searching = true;
		strbuf_reset(&l->search);
		break;
	case ACTION_NEXT_MATCH: return logv_find(t);
	case ACTION_REFRESH:
		if (!l->busy)
			logv_load(t);
		break;
	case ACTION_BACK:
		logv_close(l);
		break;
	/* On the log, the gate keys would act on a row that is not in sight. */
	case ACTION_REFUSE:
	case ACTION_PASS:
	case ACTION_OPEN:
	case ACTION_ALL_JOBS:
	case ACTION_LOG:
	case ACTION_MARK:
	case ACTION_PIPELINES:
		return 0;
	default:
		*mine = key == TUI_KEY_ESC || key == TUI_KEY_FN(KEY_MOUSE);
		if (key == TUI_KEY_ESC)
			logv_close(l);
	}
	return TUI_REDRAW;
}

static void logv_draw_head(const struct tui *t, int y, int width)
{
	const struct logview *l = &t->log;
	struct strbuf head = STRBUF_INIT, right = STRBUF_INIT;
	size_t shown = l->total < (size_t)l->page ? l->total : (size_t)l->page;
	int rw;

	if (l->searching)
		strbuf_printf(&right, _("/%s_   Enter finds, Esc cancels"), strbuf_cstr(&l->search));
	else if (l->loaded)
		strbuf_printf(&right, "%s  %zu-%zu/%zu", l->more ? _("running") : _("complete"),
		              l->total ? l->top + 1 : 0, l->top + shown, l->total);
	rw = text_width(strbuf_cstr(&right));
	strbuf_printf(&head, _("Log of job %s %s"), l->job_id, l->job_name);
	draw_text(y, 0, "", width, true, ROLE_HEADER);
	draw_raw(y, 1, strbuf_cstr(&head), width - rw - 3, false, ROLE_HEADER);
	draw_text(y, width - rw - 1, strbuf_cstr(&right), rw, false, ROLE_HEADER);
	strbuf_free(&head);
	strbuf_free(&right);
}

/* The rows from l->top, long lines wrapped; the line of the last match stands out. */
static void logv_draw_text(struct logview *l, int y, int height, int width)
{
	size_t row = 0;
	int line_y = y;

	for (size_t i = 0; i < l->nlines && line_y < y + height; i++) {
		const char *s = l->lines[i];
		enum role r = l->hit == i + 1 ? ROLE_CURSOR : ROLE_NORMAL;

		do {
			size_t n = text_wrap(s, width);
			char *part = xstrndup(s, n);

			if (row >= l->top && line_y < y + height)
				draw_text(line_y++, 1, part, width, true, r);
			free(part);
			s += n;
			row++;
		} while (*s);
	}
}

void logv_draw(struct tui *t, int y, int height, int width)
{
	struct logview *l = &t->log;
	int text_w = width - 2;

	if (height < 2 || text_w < 1)
		return;
	l->page = height - 1;
	l->width = text_w;
	l->total = 0;
	for (size_t i = 0; i < l->nlines; i++)
		l->total += logv_line_rows(l->lines[i], text_w);
	if (l->follow || l->top > logv_last_top(l))
		l->top = logv_last_top(l);
	logv_draw_head(t, y, width);
	if (!l->loaded)
		draw_text(y + 1, 1, l->failed ? _("The log could not be loaded (R tries again).") : _("Loading the log..."),
		          text_w, false, ROLE_DIM);
	else if (!l->nlines)
		draw_text(y + 1, 1, _("The log is empty."), text_w, false, ROLE_DIM);
	else
		logv_draw_text(l, y + 1, height - 1, text_w);
}
