#include "config.h"

#include "tui/console.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define PAGE_SIZE 30          /* the most the yunxiao backend gives per page */
#define PIPELINE_BATCH 1      /* the picker shows its first page at once; "/" searches on the server */
#define RUN_BATCH 1
#define MAX_BACKOFF_MS 300000

/* One request of a screen's data; freed by its completion. */
struct pending {
	struct tui *t;
	enum fetch_kind kind;
	unsigned gen;
	bool walking;              /* the page that came asked for the next one: the walk goes on */
};

static enum flow_status fetch_parse(const struct flow_request *req, const struct flow_reply *reply,
                                    enum flow_backend b, struct flow_result *res, void *user);
static void fetch_done(void *user, const struct flow_request *req, struct outcome *o);

static int fetch_build(struct tui *t, enum fetch_kind k, const char *token, struct flow_request *req,
                       char *err, size_t errlen)
{
	const struct session *s = t->s;
	struct flow_pipeline_filter filter = { NULL, t->fetch[k].search };

	switch (k) {
	case FETCH_PIPELINES:
		return flow_req_list_pipelines(req, &s->target, &filter, PAGE_SIZE, token, err, errlen);
	case FETCH_RUNS:
		return flow_req_list_runs(req, &s->target, t->pipeline_id, NULL, PAGE_SIZE, token, 0, err, errlen);
	case FETCH_RUN:
	case FETCH_INBOX:
	case FETCH_COUNT:
		break;
	}
	return flow_req_get_run(req, &s->target, t->pipeline_id, t->run_id, err, errlen);
}

static int fetch_batch(enum fetch_kind k)
{
	return k == FETCH_PIPELINES ? PIPELINE_BATCH : RUN_BATCH;
}

/* The token of the page after the list shown, NULL when it is the whole list. */
static const char *fetch_shown_next(const struct tui *t, enum fetch_kind k)
{
	return k == FETCH_PIPELINES ? t->pipelines.next_token : k == FETCH_RUNS ? t->runs.next_token : NULL;
}

static void fetch_gathered_free(struct fetch_slot *f)
{
	flow_pipeline_list_free(&f->pipelines);
	flow_run_list_free(&f->runs);
	memset(&f->pipelines, 0, sizeof(f->pipelines));
	memset(&f->runs, 0, sizeof(f->runs));
}

static void fetch_send(struct tui *t, enum fetch_kind k, const char *token)
{
	struct fetch_slot *f = &t->fetch[k];
	struct flow_request req;
	struct pending *p;
	char err[256];

	memset(&req, 0, sizeof(req));
	if (fetch_build(t, k, token, &req, err, sizeof(err)) != 0) {
		status_note(t, ROLE_ERROR, _("Cannot ask the server: %s"), err);
		f->busy = false;
		return;
	}
	p = xcalloc(1, sizeof(*p));
	p->t = t;
	p->kind = k;
	p->gen = f->gen;
	if (session_start(t->s, &req, fetch_parse, fetch_done, p) != 0) {
		status_note(t, ROLE_ERROR, "%s", _("Cannot start a request (out of connections?)"));
		f->busy = false;
		free(p);
	}
	flow_request_free(&req);
}

/* The picker's search is not the one the walk under way asks the server for. */
static bool fetch_search_changed(const struct tui *t, enum fetch_kind k)
{
	const char *want = strbuf_cstr(&t->list[LEVEL_PIPELINES].filter);

	return k == FETCH_PIPELINES && strcmp(t->fetch[k].search ? t->fetch[k].search : "", want) != 0;
}

/*
 * Starts a load: of the screen's data, or for a list that comes in pages, a walk of `limit`
 * pages from `token` (NULL: the first), to show in place of the list or after it.
 */
static void fetch_walk(struct tui *t, enum fetch_kind k, bool append, const char *token, int limit)
{
	struct fetch_slot *f = &t->fetch[k];

	f->gen++;
	f->busy = true;
	f->pipeline = t->pipeline_id;
	f->run = t->run_id;
	f->append = append;
	f->limit = limit;
	if (!append && k == FETCH_PIPELINES) {
		/* Another search is another list: nothing of the one shown is kept. */
		if (fetch_search_changed(t, k))
			f->shown = 0;
		free(f->search);
		f->search = xstrdup(strbuf_cstr(&t->list[LEVEL_PIPELINES].filter));
	}
	fetch_gathered_free(f);
	flow_pager_free(&f->pager);
	flow_pager_init(&f->pager, &FLOW_PAGER_CAPS_DEFAULT, token);
	/* A walk that adds to the list shown skips what it shows already. */
	if (append && k == FETCH_PIPELINES)
		flow_pager_hold_pipelines(&f->pager, &t->pipelines);
	else if (append)
		flow_pager_hold_runs(&f->pager, &t->runs);
	f->started_ms = clock_ms(t);
	fetch_send(t, k, token);
}

void fetch_start(struct tui *t, enum fetch_kind k)
{
	struct fetch_slot *f = &t->fetch[k];

	if ((k != FETCH_PIPELINES && t->pipeline_id <= 0) || (k == FETCH_RUN && t->run_id <= 0))
		return;
	if (f->busy && f->pipeline == t->pipeline_id && f->run == t->run_id && !fetch_search_changed(t, k))
		return;
	if (clock_ms(t) < t->not_before) {
		t->next_refresh = t->not_before;
		return;
	}
	/* A refresh of runs walks as many pages as are shown; the picker's, its first page only. */
	fetch_walk(t, k, false, NULL, k != FETCH_PIPELINES && f->shown > fetch_batch(k) ? f->shown : fetch_batch(k));
}

bool fetch_has_more(const struct tui *t, enum fetch_kind k)
{
	const char *next = fetch_shown_next(t, k);

	return t->loaded[k] && next && *next;
}

bool fetch_more_busy(const struct tui *t, enum fetch_kind k)
{
	const struct fetch_slot *f = &t->fetch[k];

	return f->busy && (f->append || f->limit > f->shown);
}

void fetch_more(struct tui *t, enum fetch_kind k)
{
	struct fetch_slot *f = &t->fetch[k];
	int want = f->shown + fetch_batch(k);

	if (!fetch_has_more(t, k) || clock_ms(t) < t->not_before)
		return;
	/* A refresh in flight walks on to the pages asked for, then shows them all at once. */
	if (f->busy) {
		if (!f->append && f->limit < want)
			f->limit = want;
		return;
	}
	fetch_walk(t, k, true, fetch_shown_next(t, k), fetch_batch(k));
}

void fetch_forget(struct tui *t, enum fetch_kind k)
{
	struct fetch_slot *f = &t->fetch[k];

	if (k == FETCH_RUNS) {
		flow_run_list_free(&t->runs);
		memset(&t->runs, 0, sizeof(t->runs));
	} else if (k == FETCH_RUN) {
		flow_run_detail_free(&t->run);
		memset(&t->run, 0, sizeof(t->run));
	}
	/* An answer still on its way was asked for what is forgotten now. */
	f->gen++;
	f->busy = false;
	f->shown = 0;
	fetch_gathered_free(f);
	t->loaded[k] = false;
	f->failed = false;
}

bool fetch_any_busy(const struct tui *t)
{
	for (int k = 0; k < FETCH_COUNT; k++)
		if (t->fetch[k].busy)
			return true;
	return false;
}

void fetch_throttled(struct tui *t, const struct flow_result *res)
{
	int64_t wait;

	t->backoff_ms = t->backoff_ms ? t->backoff_ms * 2 : 2 * t->interval_ms;
	if (t->backoff_ms > MAX_BACKOFF_MS)
		t->backoff_ms = MAX_BACKOFF_MS;
	wait = res->retry_after_ms > t->backoff_ms ? res->retry_after_ms : t->backoff_ms;
	t->not_before = clock_ms(t) + (res->retry_after_ms > 0 ? res->retry_after_ms : 0);
	t->next_refresh = clock_ms(t) + wait;
}

/* Running runs first, then the newest. */
static int fetch_run_order(const void *a, const void *b)
{
	const struct flow_run *x = a, *y = b;
	bool xr = strcmp(x->status, "RUNNING") == 0, yr = strcmp(y->status, "RUNNING") == 0;

	if (xr != yr)
		return xr ? -1 : 1;
	if (x->start_time != y->start_time)
		return x->start_time > y->start_time ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

/* A pending gate that was not pending at the last look rings the bell (not on the first look). */
static void fetch_check_new_gates(struct tui *t, const struct flow_run_detail *fresh)
{
	if (!t->loaded[FETCH_RUN] || t->run.id != fresh->id)
		return;
	for (size_t i = 0; i < fresh->njobs; i++) {
		const struct flow_job *old;

		if (!flow_job_is_pending_gate(&fresh->jobs[i]))
			continue;
		old = flow_run_find_job(&t->run, fresh->jobs[i].id);
		if (!old || !flow_job_is_pending_gate(old))
			t->ring = true;
	}
}

/*
 * The picker's first page, fresh, in place of the list shown: the pipelines of the later pages
 * that it does not hold stay after it, and the list goes on where it went on.
 */
static void fetch_first_page(struct flow_pipeline_list *shown, struct flow_pipeline_list *fresh)
{
	size_t kept = 0;

	for (size_t i = 0; i < shown->n; i++) {
		bool dup = false;

		for (size_t j = 0; j < fresh->n && !dup; j++)
			dup = fresh->items[j].id == shown->items[i].id;
		if (dup)
			flow_pipeline_clear(&shown->items[i]);
		else
			shown->items[kept++] = shown->items[i];
	}
	shown->n = kept;
	flow_pipeline_list_take(fresh, shown);
	flow_pipeline_list_free(shown);
	*shown = *fresh;
	memset(fresh, 0, sizeof(*fresh));
}

/* Shows the pages the walk gathered, in place of the list or after it. */
static void fetch_show(struct tui *t, enum fetch_kind k)
{
	struct fetch_slot *f = &t->fetch[k];
	bool first_page = k == FETCH_PIPELINES && !f->append && f->shown > (int)f->pager.pages;

	if (!first_page)
		f->shown = f->append ? f->shown + (int)f->pager.pages : (int)f->pager.pages;
	if (first_page) {
		fetch_first_page(&t->pipelines, &f->pipelines);
	} else if (k == FETCH_PIPELINES) {
		struct flow_pipeline_list *l = &t->pipelines;

		if (!f->append) {
			flow_pipeline_list_free(l);
			memset(l, 0, sizeof(*l));
		}
		flow_pipeline_list_take(l, &f->pipelines);
	} else {
		struct flow_run_list *l = &t->runs;

		if (!f->append) {
			flow_run_list_free(l);
			memset(l, 0, sizeof(*l));
		}
		flow_run_list_take(l, &f->runs);
		if (l->n)
			qsort(l->items, l->n, sizeof(*l->items), fetch_run_order);
	}
	fetch_gathered_free(f);
	t->loaded[k] = true;
	list_sync(t, k == FETCH_PIPELINES ? LEVEL_PIPELINES : LEVEL_RUNS);
}

/* Parses a page of a list and hands it to the walk's pager, which adds it to what the walk gathered. */
static bool fetch_take_page(struct tui *t, enum fetch_kind k, const struct flow_request *req,
                            const struct flow_reply *reply, struct flow_result *res, enum flow_pager_state *st)
{
	struct fetch_slot *f = &t->fetch[k];
	enum flow_backend b = t->s->backend;
	int64_t elapsed = clock_ms(t) - f->started_ms;
	bool ok;

	if (k == FETCH_PIPELINES) {
		struct flow_pipeline_list page;

		memset(&page, 0, sizeof(page));
		ok = flow_parse_pipelines(reply, b, res, &page) == FLOW_OK;
		if (ok)
			*st = flow_pager_take_pipelines(&f->pager, req, reply->body_len, elapsed, &page, &f->pipelines);
		flow_pipeline_list_free(&page);
	} else {
		struct flow_run_list page;

		memset(&page, 0, sizeof(page));
		ok = flow_parse_runs(reply, b, res, &page) == FLOW_OK;
		if (ok)
			*st = flow_pager_take_runs(&f->pager, req, reply->body_len, elapsed, &page, &f->runs);
		flow_run_list_free(&page);
	}
	return ok;
}

static void fetch_what(const struct tui *t, enum fetch_kind k, char *buf, size_t n)
{
	bool more = t->fetch[k].append;

	if (k == FETCH_PIPELINES)
		snprintf(buf, n, "%s", more ? _("load more pipelines") : _("load pipelines"));
	else if (k == FETCH_RUNS)
		snprintf(buf, n, more ? _("load more runs of pipeline %" PRId64) : _("load runs of pipeline %" PRId64),
		         t->pipeline_id);
	else
		snprintf(buf, n, _("load run #%" PRId64), t->run_id);
}

/* A cap stopped the walk: what it has is shown, the more... row stays, and the status pane says why. */
static void fetch_capped(struct tui *t, enum fetch_kind k)
{
	char what[96], why[160];

	fetch_what(t, k, what, sizeof(what));
	flow_pager_describe(&t->fetch[k].pager, why, sizeof(why));
	status_note(t, ROLE_ERROR, _("Stopped to %s: %s"), what, why);
}

/*
 * A page of a list arrived: the walk asks for the next one or shows what it has. The pager sets
 * the token of the page after it on what the walk gathered, so that the list shown always knows
 * where it goes on (the token API often names none). False while the walk goes on.
 */
static bool fetch_page(struct tui *t, enum fetch_kind k, const struct flow_request *req, const struct flow_reply *reply,
                       struct flow_result *res)
{
	struct fetch_slot *f = &t->fetch[k];
	enum flow_pager_state st;

	if (!fetch_take_page(t, k, req, reply, res, &st))
		return true;
	if (st == FLOW_PAGER_MORE && (int)f->pager.pages < f->limit) {
		fetch_send(t, k, flow_pager_token(&f->pager));
		return false;
	}
	if (st != FLOW_PAGER_MORE && st != FLOW_PAGER_DONE)
		fetch_capped(t, k);
	fetch_show(t, k);
	return true;
}

/* Parses and stores a successful reply. False when more pages follow. */
static bool fetch_store(struct tui *t, enum fetch_kind k, const struct flow_request *req, const struct flow_reply *reply,
                        struct flow_result *res)
{
	struct flow_run_detail run;

	if (k != FETCH_RUN)
		return fetch_page(t, k, req, reply, res);
	memset(&run, 0, sizeof(run));
	if (flow_parse_run(reply, t->s->backend, res, &run) != FLOW_OK) {
		flow_run_detail_free(&run);
		return true;
	}
	fetch_check_new_gates(t, &run);
	marks_run_refreshed(t, t->pipeline_id, t->loaded[FETCH_RUN] ? &t->run : NULL, &run);
	flow_run_detail_free(&t->run);
	t->run = run;
	t->loaded[k] = true;
	list_sync(t, LEVEL_GATES);
	list_sync(t, LEVEL_JOB);
	return true;
}

/* Reports a failure in the status pane, once while it repeats. */
static void fetch_failed(struct tui *t, enum fetch_kind k, const struct outcome *o)
{
	struct fetch_slot *f = &t->fetch[k];
	const char *code = o->res.error_code ? o->res.error_code : "";
	char what[96];

	if (!f->failed || f->fail_status != o->res.http_status || strcmp(f->fail_code ? f->fail_code : "", code)) {
		fetch_what(t, k, what, sizeof(what));
		status_outcome(t, 0, what, o, false);
	}
	f->failed = true;
	f->fail_status = o->res.http_status;
	free(f->fail_code);
	f->fail_code = xstrdup(code);
	if (o->res.throttled)
		fetch_throttled(t, &o->res);
}

static bool fetch_current(const struct pending *p)
{
	return p->gen == p->t->fetch[p->kind].gen;
}

/* An answer came: stored, unless it was asked for what is forgotten now. */
static enum flow_status fetch_parse(const struct flow_request *req, const struct flow_reply *reply,
                                    enum flow_backend b, struct flow_result *res, void *user)
{
	struct pending *p = user;

	(void)b;
	if (!fetch_current(p))
		return FLOW_OK;
	p->walking = !fetch_store(p->t, p->kind, req, reply, res);
	return res->status;
}

static void fetch_done(void *user, const struct flow_request *req, struct outcome *o)
{
	struct pending *p = user;
	struct tui *t = p->t;
	struct fetch_slot *f = &t->fetch[p->kind];
	bool current = fetch_current(p), walking = p->walking;
	enum fetch_kind k = p->kind;

	(void)req;
	free(p);
	if (!current || walking)
		return;
	f->busy = false;
	if (o->cause == CAUSE_CANCELLED)
		return;
	t->next_refresh = clock_ms(t) + t->interval_ms;
	if (o->kind == OUTCOME_OK) {
		f->failed = false;
		f->loaded_at = clock_wall(t);
		t->backoff_ms = 0;
	} else {
		fetch_failed(t, k, o);
	}
	t->dirty = true;
}

void fetch_free(struct tui *t)
{
	for (int k = 0; k < FETCH_COUNT; k++) {
		fetch_gathered_free(&t->fetch[k]);
		flow_pager_free(&t->fetch[k].pager);
		free(t->fetch[k].fail_code);
		free(t->fetch[k].search);
	}
}

/* One request of the pipeline's name; freed by its completion. */
struct name_pending {
	struct tui *t;
	int64_t pipeline;
};

static enum flow_status fetch_name_parse(const struct flow_request *req, const struct flow_reply *reply,
                                         enum flow_backend b, struct flow_result *res, void *user)
{
	struct name_pending *p = user;
	struct flow_pipeline pl;

	(void)req;
	memset(&pl, 0, sizeof(pl));
	if (flow_parse_pipeline(reply, b, res, &pl) == FLOW_OK && p->t->pipeline_id == p->pipeline) {
		free(p->t->pipeline_name);
		p->t->pipeline_name = xstrdup(pl.name ? pl.name : "");
		p->t->named_pipeline = p->pipeline;
		p->t->dirty = true;
	}
	flow_pipeline_clear(&pl);
	return res->status;
}

/* A name that cannot be had leaves the title with the id alone: nothing to report. */
static void fetch_name_done(void *user, const struct flow_request *req, struct outcome *o)
{
	(void)req;
	if (o->res.throttled)
		fetch_throttled(((struct name_pending *)user)->t, &o->res);
	free(user);
}

void fetch_name(struct tui *t)
{
	struct flow_request req;
	struct name_pending *p;
	char err[256];

	if (t->pipeline_id <= 0 || t->named_pipeline == t->pipeline_id)
		return;
	memset(&req, 0, sizeof(req));
	if (flow_req_get_pipeline(&req, &t->s->target, t->pipeline_id, err, sizeof(err)) != 0)
		return;
	p = xcalloc(1, sizeof(*p));
	p->t = t;
	p->pipeline = t->pipeline_id;
	if (session_start(t->s, &req, fetch_name_parse, fetch_name_done, p) != 0)
		free(p);
	flow_request_free(&req);
}
