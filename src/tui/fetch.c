#include "config.h"

#include "tui/console.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "util/xalloc.h"

#define PAGE_SIZE 30          /* the most the yunxiao backend gives per page */
#define MAX_PIPELINE_PAGES 20
#define MAX_BACKOFF_MS 300000

/* One request of a screen's data; freed by its completion. */
struct pending {
	struct tui *t;
	enum fetch_kind kind;
	unsigned gen;
};

static void fetch_done(void *user, const struct flow_request *req, struct net_response *resp);

static int fetch_build(struct tui *t, enum fetch_kind k, const char *token, struct flow_request *req,
                       char *err, size_t errlen)
{
	const struct session *s = t->s;

	switch (k) {
	case FETCH_PIPELINES:
		return flow_req_list_pipelines(req, s->backend, s->conf.org, PAGE_SIZE, token, err, errlen);
	case FETCH_RUNS:
		return flow_req_list_runs(req, s->backend, s->conf.org, t->pipeline_id, NULL, PAGE_SIZE, NULL, 1,
		                          err, errlen);
	case FETCH_RUN:
	case FETCH_COUNT:
		break;
	}
	return flow_req_get_run(req, s->backend, s->conf.org, t->pipeline_id, t->run_id, err, errlen);
}

static void fetch_send(struct tui *t, enum fetch_kind k, const char *token)
{
	struct fetch_slot *f = &t->fetch[k];
	struct flow_request req;
	struct pending *p;
	char err[256];

	memset(&req, 0, sizeof(req));
	if (fetch_build(t, k, token, &req, err, sizeof(err)) != 0) {
		status_note(t, ROLE_ERROR, "Cannot ask the server: %s", err);
		f->busy = false;
		return;
	}
	p = xcalloc(1, sizeof(*p));
	p->t = t;
	p->kind = k;
	p->gen = f->gen;
	if (net_http_start(t->s->http, &req, fetch_done, p) != 0) {
		status_note(t, ROLE_ERROR, "Cannot start a request (out of connections?)");
		f->busy = false;
		free(p);
	}
	flow_request_free(&req);
}

void fetch_start(struct tui *t, enum fetch_kind k)
{
	struct fetch_slot *f = &t->fetch[k];

	if ((k != FETCH_PIPELINES && t->pipeline_id <= 0) || (k == FETCH_RUN && t->run_id <= 0))
		return;
	if (f->busy && f->pipeline == t->pipeline_id && f->run == t->run_id)
		return;
	if (clock_ms(t) < t->not_before) {
		t->next_refresh = t->not_before;
		return;
	}
	f->gen++;
	f->busy = true;
	f->pipeline = t->pipeline_id;
	f->run = t->run_id;
	f->pages = 0;
	flow_pipeline_list_free(&f->staging);
	memset(&f->staging, 0, sizeof(f->staging));
	fetch_send(t, k, NULL);
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

/* Parses and stores a successful reply. False when more pages follow. */
static bool fetch_store(struct tui *t, enum fetch_kind k, const struct flow_reply *reply, struct flow_result *res)
{
	struct fetch_slot *f = &t->fetch[k];
	enum flow_backend b = t->s->backend;

	if (k == FETCH_PIPELINES) {
		struct flow_pipeline_list page;

		memset(&page, 0, sizeof(page));
		if (flow_parse_pipelines(reply, b, res, &page) != FLOW_OK) {
			flow_pipeline_list_free(&page);
			return true;
		}
		flow_pipeline_list_take(&f->staging, &page);
		flow_pipeline_list_free(&page);
		if (f->staging.next_token && *f->staging.next_token && ++f->pages < MAX_PIPELINE_PAGES) {
			fetch_send(t, k, f->staging.next_token);
			return false;
		}
		flow_pipeline_list_free(&t->pipelines);
		t->pipelines = f->staging;
		memset(&f->staging, 0, sizeof(f->staging));
		t->loaded[k] = true;
		list_sync(t, LEVEL_PIPELINES);
	} else if (k == FETCH_RUNS) {
		struct flow_run_list runs;

		memset(&runs, 0, sizeof(runs));
		if (flow_parse_runs(reply, b, res, &runs) != FLOW_OK) {
			flow_run_list_free(&runs);
			return true;
		}
		if (runs.n)
			qsort(runs.items, runs.n, sizeof(*runs.items), fetch_run_order);
		flow_run_list_free(&t->runs);
		t->runs = runs;
		t->loaded[k] = true;
		list_sync(t, LEVEL_RUNS);
	} else {
		struct flow_run_detail run;

		memset(&run, 0, sizeof(run));
		if (flow_parse_run(reply, b, res, &run) != FLOW_OK) {
			flow_run_detail_free(&run);
			return true;
		}
		fetch_check_new_gates(t, &run);
		flow_run_detail_free(&t->run);
		t->run = run;
		t->loaded[k] = true;
		list_sync(t, LEVEL_GATES);
		list_sync(t, LEVEL_JOB);
	}
	return true;
}

static void fetch_what(const struct tui *t, enum fetch_kind k, char *buf, size_t n)
{
	if (k == FETCH_PIPELINES)
		snprintf(buf, n, "load pipelines");
	else if (k == FETCH_RUNS)
		snprintf(buf, n, "load runs of pipeline %" PRId64, t->pipeline_id);
	else
		snprintf(buf, n, "load run #%" PRId64, t->run_id);
}

/* Reports a failure in the status pane, once while it repeats. */
static void fetch_failed(struct tui *t, enum fetch_kind k, const struct net_response *resp,
                         struct flow_result *res)
{
	struct fetch_slot *f = &t->fetch[k];
	struct outcome o;
	const char *code;
	char what[96];

	outcome_from(&o, t->s, resp, resp->error == NET_OK ? res : NULL);
	code = o.res.error_code ? o.res.error_code : "";
	if (!f->failed || f->fail_status != o.res.http_status || strcmp(f->fail_code ? f->fail_code : "", code)) {
		fetch_what(t, k, what, sizeof(what));
		status_outcome(t, 0, what, &o, false);
	}
	f->failed = true;
	f->fail_status = o.res.http_status;
	free(f->fail_code);
	f->fail_code = xstrdup(code);
	if (o.res.throttled)
		fetch_throttled(t, &o.res);
	outcome_free(&o);
}

static void fetch_done(void *user, const struct flow_request *req, struct net_response *resp)
{
	struct pending *p = user;
	struct tui *t = p->t;
	enum fetch_kind k = p->kind;
	struct fetch_slot *f = &t->fetch[k];
	bool current = p->gen == f->gen;
	struct flow_result res;
	struct flow_reply reply;

	(void)req;
	free(p);
	memset(&res, 0, sizeof(res));
	if (!current)
		goto out;
	if (resp->error == NET_E_CANCELLED) {
		f->busy = false;
		goto out;
	}
	if (resp->error == NET_OK) {
		net_response_reply(resp, &reply);
		if (!fetch_store(t, k, &reply, &res))
			goto out;
	}
	f->busy = false;
	t->next_refresh = clock_ms(t) + t->interval_ms;
	if (resp->error == NET_OK && res.status == FLOW_OK) {
		f->failed = false;
		t->backoff_ms = 0;
	} else {
		fetch_failed(t, k, resp, &res);
	}
	t->dirty = true;
out:
	flow_result_free(&res);
	net_response_free(resp);
}

void fetch_free(struct tui *t)
{
	for (int k = 0; k < FETCH_COUNT; k++) {
		flow_pipeline_list_free(&t->fetch[k].staging);
		free(t->fetch[k].fail_code);
	}
}
