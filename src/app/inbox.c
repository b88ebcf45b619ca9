#include "config.h"

#include "app/inbox.h"

#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "flow/pager.h"
#include "flow/url.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define INBOX_PAGE_SIZE 50
#define INBOX_THROTTLE_TRIES 4     /* a throttled request is asked again this many times at most */
#define INBOX_BACKOFF_BASE_MS 500
#define INBOX_BACKOFF_CAP_MS 30000

enum task_kind {
	TASK_PIPELINES,            /* a page of the running pipelines */
	TASK_RUNS,                 /* a page of one pipeline's running runs */
	TASK_RUN,                  /* one run's detail */
	TASK_KINDS,
};

/* A pipeline being walked: its name for the gates, and the pager of its runs. */
struct inbox_pipe {
	int64_t id;
	char *name;
	struct flow_pager pager;
	bool failed;
};

struct task {
	struct task *next;         /* in its queue */
	struct inbox *ib;          /* NULL once the inbox is freed while the task is in flight */
	enum task_kind kind;
	size_t pipe;               /* TASK_RUNS, TASK_RUN: index into the walk's pipes */
	int64_t run;               /* TASK_RUN */
	unsigned tries;            /* throttled answers so far */
	size_t bytes;
	union {
		struct flow_pipeline_list pipelines;
		struct flow_run_list runs;
		struct flow_run_detail run;
	} page;
};

struct gate_list {
	struct inbox_gate *items;
	size_t n, cap;
	struct inbox_failure *failures;
	size_t nfailures;
};

struct inbox {
	struct session *s;
	unsigned parallel;
	void (*changed)(void *user);
	void *user;

	bool busy, complete;
	struct gate_list shown;    /* the last complete walk's */
	struct gate_list building; /* the walk under way's */

	struct flow_pager pipelines;
	struct inbox_pipe *pipes;
	size_t npipes;
	int64_t started;

	struct task *head[TASK_KINDS], *tail[TASK_KINDS];
	struct task *flying[INBOX_PARALLEL_MAX];
	unsigned nflying;
	int64_t resume_at;         /* no start before this (monotonic ms): throttled */

	struct inbox_stats stats;
};

/* ---- sans I/O ---------------------------------------------------------------------------------- */

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

int inbox_gate_cmp(const struct inbox_gate *a, const struct inbox_gate *b)
{
	if ((a->start_time > 0) != (b->start_time > 0))
		return a->start_time > 0 ? -1 : 1;
	int c = cmp_i64(a->start_time, b->start_time);
	if (!c)
		c = cmp_i64(a->pipeline_id, b->pipeline_id);
	if (!c)
		c = cmp_i64(a->run_id, b->run_id);
	if (!c)
		c = strcmp(a->job, b->job);
	return c;
}

long inbox_backoff_ms(unsigned tries, long retry_after_ms)
{
	long pause = INBOX_BACKOFF_BASE_MS;

	for (unsigned i = 1; i < tries && pause < INBOX_BACKOFF_CAP_MS; i++)
		pause *= 2;
	if (retry_after_ms > pause)
		pause = retry_after_ms;
	return pause < INBOX_BACKOFF_CAP_MS ? pause : INBOX_BACKOFF_CAP_MS;
}

static int gate_qsort_cmp(const void *a, const void *b)
{
	return inbox_gate_cmp(a, b);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void gate_clear(struct inbox_gate *g)
{
	free(g->pipeline_name);
	free(g->job);
	free(g->name);
	free(g->stage);
	free(g->status);
	free(g->validators);
	free(g->summary);
	free(g->url);
}

static void gate_list_free(struct gate_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		gate_clear(&l->items[i]);
	free(l->items);
	for (size_t i = 0; i < l->nfailures; i++) {
		free(l->failures[i].pipeline_name);
		free(l->failures[i].message);
	}
	free(l->failures);
	memset(l, 0, sizeof(*l));
}

/* Appends a copy of g (its strings duplicated). */
static void gate_list_add_copy(struct gate_list *l, const struct inbox_gate *g)
{
	l->items = xgrow(l->items, l->n, &l->cap, sizeof(*l->items), 16);
	l->items[l->n++] = (struct inbox_gate){
		.pipeline_id = g->pipeline_id,
		.pipeline_name = dup_or_null(g->pipeline_name),
		.run_id = g->run_id,
		.job = xstrdup(g->job),
		.name = dup_or_null(g->name),
		.stage = dup_or_null(g->stage),
		.status = dup_or_null(g->status),
		.start_time = g->start_time,
		.gate = g->gate,
		.validators = dup_or_null(g->validators),
		.summary = dup_or_null(g->summary),
		.url = dup_or_null(g->url),
	};
}

/* Copies the pending gates of a run onto the list, keeping it longest-waiting first. */
static void gate_list_add_run(struct gate_list *l, const struct inbox_pipe *p, const struct flow_run_detail *run)
{
	char *summary = NULL, *url = NULL;
	size_t added = 0;

	for (size_t i = 0; i < run->njobs; i++) {
		const struct flow_job *j = &run->jobs[i];
		if (!flow_job_is_pending_gate(j))
			continue;
		if (!added++) {
			summary = flow_run_summary(run);
			url = flow_url_of_run(NULL, p->id, run->id);
		}
		gate_list_add_copy(l, &(const struct inbox_gate){
			.pipeline_id = p->id,
			.pipeline_name = p->name,
			.run_id = run->id,
			.job = j->id,
			.name = j->name,
			.stage = j->stage_name,
			.status = j->status,
			.start_time = j->start_time,
			.gate = j->gate,
			.validators = j->validators,
			.summary = summary,
			.url = url,
		});
	}
	free(summary);
	free(url);
	if (added)
		qsort(l->items, l->n, sizeof(*l->items), gate_qsort_cmp);
}

static void gate_list_fail(struct gate_list *l, int64_t pipeline, const char *name, int exit_code,
                           const char *message)
{
	l->failures = xrealloc(l->failures, (l->nfailures + 1) * sizeof(*l->failures));
	l->failures[l->nfailures++] = (struct inbox_failure){
		.pipeline_id = pipeline,
		.pipeline_name = dup_or_null(name),
		.exit_code = exit_code,
		.message = xstrdup(message && *message ? message : _("failed")),
	};
}

/* ---- tasks ------------------------------------------------------------------------------------- */

static void task_free(struct task *t)
{
	if (!t)
		return;
	switch (t->kind) {
	case TASK_PIPELINES: flow_pipeline_list_free(&t->page.pipelines); break;
	case TASK_RUNS: flow_run_list_free(&t->page.runs); break;
	case TASK_RUN: flow_run_detail_free(&t->page.run); break;
	case TASK_KINDS: break;
	}
	free(t);
}

static void task_push(struct inbox *ib, struct task *t, bool front)
{
	enum task_kind k = t->kind;

	t->ib = ib;
	if (front) {
		t->next = ib->head[k];
		ib->head[k] = t;
		if (!ib->tail[k])
			ib->tail[k] = t;
		return;
	}
	t->next = NULL;
	if (ib->tail[k])
		ib->tail[k]->next = t;
	else
		ib->head[k] = t;
	ib->tail[k] = t;
}

static void task_add(struct inbox *ib, enum task_kind kind, size_t pipe, int64_t run)
{
	struct task *t = xcalloc(1, sizeof(*t));

	t->kind = kind;
	t->pipe = pipe;
	t->run = run;
	task_push(ib, t, false);
}

/* The next task to start: the pipelines' pages first (they lead to everything), then runs, then run lists. */
static struct task *task_pop(struct inbox *ib)
{
	static const enum task_kind order[] = { TASK_PIPELINES, TASK_RUN, TASK_RUNS };

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum task_kind k = order[i];
		struct task *t = ib->head[k];
		if (!t)
			continue;
		ib->head[k] = t->next;
		if (!ib->head[k])
			ib->tail[k] = NULL;
		t->next = NULL;
		return t;
	}
	return NULL;
}

static bool queues_empty(const struct inbox *ib)
{
	for (int k = 0; k < TASK_KINDS; k++)
		if (ib->head[k])
			return false;
	return true;
}

static void queues_free(struct inbox *ib)
{
	struct task *t;

	while ((t = task_pop(ib)))
		task_free(t);
}

static void notify(const struct inbox *ib)
{
	if (ib->changed)
		ib->changed(ib->user);
}

/* Something of the walk under way changed: the caller sees it only while no complete list is shown. */
static void building_changed(const struct inbox *ib)
{
	if (!ib->complete)
		notify(ib);
}

static void pipe_fail(struct inbox *ib, size_t pipe, int exit_code, const char *message)
{
	struct inbox_pipe *p = &ib->pipes[pipe];

	if (p->failed)
		return;
	p->failed = true;
	gate_list_fail(&ib->building, p->id, p->name, exit_code, message);
	building_changed(ib);
}

static void walk_free(struct inbox *ib)
{
	for (size_t i = 0; i < ib->npipes; i++) {
		free(ib->pipes[i].name);
		flow_pager_free(&ib->pipes[i].pager);
	}
	free(ib->pipes);
	ib->pipes = NULL;
	ib->npipes = 0;
	flow_pager_free(&ib->pipelines);
	memset(&ib->pipelines, 0, sizeof(ib->pipelines));
	queues_free(ib);
}

/*
 * Whether the walk under way could not read this pipeline's gates: its requests failed, or it was
 * not listed and the list of pipelines failed (listed whole, a pipeline left out no longer runs).
 */
static bool walk_unread(const struct inbox *ib, int64_t pipeline)
{
	for (size_t i = 0; i < ib->npipes; i++)
		if (ib->pipes[i].id == pipeline)
			return ib->pipes[i].failed;
	for (size_t i = 0; i < ib->building.nfailures; i++)
		if (ib->building.failures[i].pipeline_id == 0)
			return true;
	return false;
}

/*
 * A failure is no news about a gate: the gates shown of a pipeline this walk could not read (its
 * requests failed, or the list of pipelines failed before it was listed) stay in the new list.
 */
static void walk_keep_unread(struct inbox *ib)
{
	size_t kept = 0;

	if (!ib->building.nfailures)
		return;
	for (size_t i = 0; i < ib->shown.n; i++)
		if (walk_unread(ib, ib->shown.items[i].pipeline_id)) {
			gate_list_add_copy(&ib->building, &ib->shown.items[i]);
			kept++;
		}
	if (kept)
		qsort(ib->building.items, ib->building.n, sizeof(*ib->building.items), gate_qsort_cmp);
}

/* The walk is over when nothing waits and nothing is in flight: its list replaces the one shown. */
static void walk_check_end(struct inbox *ib)
{
	if (!ib->busy || ib->nflying || !queues_empty(ib))
		return;
	walk_keep_unread(ib);
	walk_free(ib);
	gate_list_free(&ib->shown);
	ib->shown = ib->building;
	memset(&ib->building, 0, sizeof(ib->building));
	ib->busy = false;
	ib->complete = true;
	notify(ib);
}

/* ---- answers ------------------------------------------------------------------------------------ */

static int64_t walk_elapsed(const struct inbox *ib)
{
	return clock_monotonic_ms() - ib->started;
}

/* A walk a cap stopped is not whole: that is a failure, never a short list. */
static bool capped(enum flow_pager_state st)
{
	return st != FLOW_PAGER_MORE && st != FLOW_PAGER_DONE;
}

static char *capped_message(const struct flow_pager *p)
{
	char why[160];

	flow_pager_describe(p, why, sizeof(why));
	return xasprintf(_("stopped: %s"), why);
}

static void took_pipelines(struct inbox *ib, struct task *t, const struct flow_request *req)
{
	struct flow_pipeline_list into = { 0 };
	enum flow_pager_state st =
		flow_pager_take_pipelines(&ib->pipelines, req, t->bytes, walk_elapsed(ib), &t->page.pipelines, &into);

	ib->pipes = xrealloc(ib->pipes, (ib->npipes + into.n + 1) * sizeof(*ib->pipes));
	for (size_t i = 0; i < into.n; i++) {
		struct inbox_pipe *p = &ib->pipes[ib->npipes];
		*p = (struct inbox_pipe){ .id = into.items[i].id, .name = into.items[i].name };
		into.items[i].name = NULL;
		flow_pager_init(&p->pager, &FLOW_PAGER_CAPS_DEFAULT, NULL);
		task_add(ib, TASK_RUNS, ib->npipes++, 0);
	}
	flow_pipeline_list_free(&into);
	if (st == FLOW_PAGER_MORE) {
		task_add(ib, TASK_PIPELINES, 0, 0);
	} else if (capped(st)) {
		char *why = capped_message(&ib->pipelines);
		gate_list_fail(&ib->building, 0, NULL, EXIT_RESPONSE, why);
		free(why);
		building_changed(ib);
	}
}

static void took_runs(struct inbox *ib, struct task *t, const struct flow_request *req)
{
	struct inbox_pipe *p = &ib->pipes[t->pipe];
	struct flow_run_list into = { 0 };
	enum flow_pager_state st = flow_pager_take_runs(&p->pager, req, t->bytes, walk_elapsed(ib), &t->page.runs, &into);

	for (size_t i = 0; i < into.n; i++)
		task_add(ib, TASK_RUN, t->pipe, into.items[i].id);
	flow_run_list_free(&into);
	if (st == FLOW_PAGER_MORE) {
		task_add(ib, TASK_RUNS, t->pipe, 0);
	} else if (capped(st)) {
		char *why = capped_message(&p->pager);
		pipe_fail(ib, t->pipe, EXIT_RESPONSE, why);
		free(why);
	}
}

/* The gates are copied and the run's detail freed at once: memory holds gates, not runs. */
static void took_run(struct inbox *ib, struct task *t)
{
	size_t before = ib->building.n;

	gate_list_add_run(&ib->building, &ib->pipes[t->pipe], &t->page.run);
	flow_run_detail_free(&t->page.run);
	memset(&t->page.run, 0, sizeof(t->page.run));
	if (ib->building.n != before)
		building_changed(ib);
}

static void task_failed(struct inbox *ib, struct task *t, const struct outcome *o)
{
	if (t->kind == TASK_PIPELINES) {
		gate_list_fail(&ib->building, 0, NULL, outcome_exit_code(o), o->message);
		building_changed(ib);
		return;
	}
	pipe_fail(ib, t->pipe, outcome_exit_code(o), o->message);
}

static void flying_remove(struct inbox *ib, const struct task *t)
{
	for (unsigned i = 0; i < ib->nflying; i++) {
		if (ib->flying[i] == t) {
			ib->flying[i] = ib->flying[--ib->nflying];
			return;
		}
	}
}

/* Nothing new starts for ms milliseconds (or longer, if already paused so). */
static void pause_starts(struct inbox *ib, long ms)
{
	int64_t until = clock_monotonic_ms() + ms;

	if (until > ib->resume_at)
		ib->resume_at = until;
}

/* A throttled answer: nothing new starts for a while, and the request waits its turn again. */
static bool task_throttled(struct inbox *ib, struct task *t, const struct outcome *o)
{
	if (o->kind == OUTCOME_OK || !o->res.throttled || t->tries >= INBOX_THROTTLE_TRIES)
		return false;
	t->tries++;
	ib->stats.throttled++;
	pause_starts(ib, inbox_backoff_ms(t->tries, o->res.retry_after_ms));
	task_push(ib, t, true);
	return true;
}

static void task_done(void *user, const struct flow_request *req, struct outcome *o)
{
	struct task *t = user;
	struct inbox *ib = t->ib;

	if (!ib) {
		task_free(t);
		return;
	}
	flying_remove(ib, t);
	if (task_throttled(ib, t, o))
		return;
	if (o->kind != OUTCOME_OK)
		task_failed(ib, t, o);
	else if (t->kind == TASK_PIPELINES)
		took_pipelines(ib, t, req);
	else if (t->kind == TASK_RUNS)
		took_runs(ib, t, req);
	else
		took_run(ib, t);
	task_free(t);
	walk_check_end(ib);
}

static enum flow_status task_parse(const struct flow_request *req, const struct flow_reply *r, enum flow_backend b,
                                   struct flow_result *res, void *user)
{
	struct task *t = user;

	(void)req;
	t->bytes = r->body_len;
	/* A good answer that asks for a pause (x-acs-retry-after) is heeded too. */
	if (t->ib && r->retry_after_ms > 0)
		pause_starts(t->ib, r->retry_after_ms);
	switch (t->kind) {
	case TASK_PIPELINES: return flow_parse_pipelines(r, b, res, &t->page.pipelines);
	case TASK_RUNS: return flow_parse_runs(r, b, res, &t->page.runs);
	case TASK_RUN:
	case TASK_KINDS: break;
	}
	return flow_parse_run(r, b, res, &t->page.run);
}

static int task_request(const struct inbox *ib, const struct task *t, struct flow_request *req, char *err,
                        size_t errlen)
{
	static const struct flow_pipeline_filter running = { "RUNNING", NULL };
	const struct flow_target *target = &ib->s->target;

	switch (t->kind) {
	case TASK_PIPELINES:
		return flow_req_list_pipelines(req, target, &running, INBOX_PAGE_SIZE, flow_pager_token(&ib->pipelines),
		                               err, errlen);
	case TASK_RUNS:
		return flow_req_list_runs(req, target, ib->pipes[t->pipe].id, "RUNNING", INBOX_PAGE_SIZE,
		                          flow_pager_token(&ib->pipes[t->pipe].pager), 0, err, errlen);
	case TASK_RUN:
	case TASK_KINDS: break;
	}
	return flow_req_get_run(req, target, ib->pipes[t->pipe].id, t->run, err, errlen);
}

/* A task that could not start is the failure of its pipeline (or of the list). */
static void task_not_started(struct inbox *ib, struct task *t, int exit_code, const char *why)
{
	if (t->kind == TASK_PIPELINES) {
		gate_list_fail(&ib->building, 0, NULL, exit_code, why);
		building_changed(ib);
	} else {
		pipe_fail(ib, t->pipe, exit_code, why);
	}
	task_free(t);
}

static void task_start(struct inbox *ib, struct task *t)
{
	struct flow_request req = { 0 };
	char err[256];

	if (task_request(ib, t, &req, err, sizeof(err)) != 0) {
		task_not_started(ib, t, EXIT_USAGE, err);
		return;
	}
	ib->flying[ib->nflying++] = t;
	ib->stats.requests++;
	if (ib->nflying > ib->stats.peak_in_flight)
		ib->stats.peak_in_flight = ib->nflying;
	if (session_start(ib->s, &req, task_parse, task_done, t) != 0) {
		flying_remove(ib, t);
		task_not_started(ib, t, EXIT_NETWORK, _("the request could not be started"));
	}
	flow_request_free(&req);
}

/* ---- the walk ----------------------------------------------------------------------------------- */

struct inbox *inbox_new(struct session *s, unsigned parallel, void (*changed)(void *user), void *user)
{
	struct inbox *ib = xcalloc(1, sizeof(*ib));

	ib->s = s;
	ib->parallel = parallel < 1 ? 1 : parallel > INBOX_PARALLEL_MAX ? INBOX_PARALLEL_MAX : parallel;
	ib->changed = changed;
	ib->user = user;
	return ib;
}

void inbox_free(struct inbox *ib)
{
	if (!ib)
		return;
	for (unsigned i = 0; i < ib->nflying; i++)
		ib->flying[i]->ib = NULL;   /* freed when its answer comes */
	walk_free(ib);
	gate_list_free(&ib->shown);
	gate_list_free(&ib->building);
	free(ib);
}

bool inbox_refresh(struct inbox *ib)
{
	if (ib->busy)
		return false;
	ib->busy = true;
	ib->started = clock_monotonic_ms();
	flow_pager_init(&ib->pipelines, &FLOW_PAGER_CAPS_DEFAULT, NULL);
	task_add(ib, TASK_PIPELINES, 0, 0);
	inbox_tick(ib);
	return true;
}

bool inbox_busy(const struct inbox *ib)
{
	return ib->busy;
}

bool inbox_complete(const struct inbox *ib)
{
	return ib->complete;
}

int inbox_timeout_ms(const struct inbox *ib)
{
	if (queues_empty(ib) || ib->nflying >= ib->parallel)
		return -1;
	int64_t left = ib->resume_at - clock_monotonic_ms();
	return left > 0 ? (int)left : 0;
}

void inbox_tick(struct inbox *ib)
{
	while (ib->nflying < ib->parallel && clock_monotonic_ms() >= ib->resume_at) {
		struct task *t = task_pop(ib);
		if (!t)
			break;
		task_start(ib, t);
	}
	walk_check_end(ib);
}

static const struct gate_list *shown(const struct inbox *ib)
{
	return ib->complete ? &ib->shown : &ib->building;
}

size_t inbox_count(const struct inbox *ib)
{
	return shown(ib)->n;
}

const struct inbox_gate *inbox_at(const struct inbox *ib, size_t i)
{
	return i < shown(ib)->n ? &shown(ib)->items[i] : NULL;
}

size_t inbox_nfailures(const struct inbox *ib)
{
	return shown(ib)->nfailures;
}

const struct inbox_failure *inbox_failure_at(const struct inbox *ib, size_t i)
{
	return i < shown(ib)->nfailures ? &shown(ib)->failures[i] : NULL;
}

void inbox_stats(const struct inbox *ib, struct inbox_stats *out)
{
	*out = ib->stats;
}
