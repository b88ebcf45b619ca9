#include "config.h"

#include "tui/console.h"

#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "util/xalloc.h"

/*
 * The run picker marks the running runs that wait at a gate, with how many: one GetPipelineRun
 * per running run in sight, a few at a time, each answer kept for a refresh interval. The run's
 * tree is freed as soon as its gates are counted.
 */

#define GATECOUNT_IN_FLIGHT 3
#define GATECOUNT_KEEP 256

struct count_pending {
	struct tui *t;
	int64_t pipeline, run;
};

static struct gate_count *gatecount_find(const struct gate_counts *c, int64_t pipeline, int64_t run)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->items[i].pipeline == pipeline && c->items[i].run == run)
			return &c->items[i];
	return NULL;
}

static struct gate_count *gatecount_add(struct gate_counts *c, int64_t pipeline, int64_t run)
{
	struct gate_count *g;

	if (c->n == GATECOUNT_KEEP) {
		memmove(c->items, c->items + 1, (c->n - 1) * sizeof(*c->items));
		c->n--;
	}
	c->items = xgrow(c->items, c->n, &c->cap, sizeof(*c->items), 16);
	g = &c->items[c->n++];
	memset(g, 0, sizeof(*g));
	g->pipeline = pipeline;
	g->run = run;
	g->pending = -1;
	return g;
}

int gatecount_get(const struct tui *t, int64_t pipeline, int64_t run)
{
	const struct gate_count *g = gatecount_find(&t->counts, pipeline, run);

	if (t->loaded[FETCH_RUN] && t->pipeline_id == pipeline && t->run_id == run)
		return (int)flow_run_pending_gates(&t->run);
	return g ? g->pending : -1;
}

static enum flow_status gatecount_parse(const struct flow_request *req, const struct flow_reply *reply,
                                        enum flow_backend b, struct flow_result *res, void *user)
{
	struct count_pending *p = user;
	struct flow_run_detail run;
	struct gate_count *g;

	(void)req;
	memset(&run, 0, sizeof(run));
	if (flow_parse_run(reply, b, res, &run) == FLOW_OK &&
	    (g = gatecount_find(&p->t->counts, p->pipeline, p->run)) != NULL) {
		g->pending = (int)flow_run_pending_gates(&run);
		p->t->dirty = true;
	}
	flow_run_detail_free(&run);
	return res->status;
}

/* A count that cannot be had is left unknown: the picker shows nothing for it, as before. */
static void gatecount_done(void *user, const struct flow_request *req, struct outcome *o)
{
	struct count_pending *p = user;
	struct gate_count *g = gatecount_find(&p->t->counts, p->pipeline, p->run);

	(void)req;
	if (g)
		g->busy = false;
	p->t->counts.in_flight--;
	if (o->res.throttled)
		fetch_throttled(p->t, &o->res);
	free(p);
}

static void gatecount_ask(struct tui *t, struct gate_count *g)
{
	struct flow_request req;
	struct count_pending *p;
	char err[256];

	memset(&req, 0, sizeof(req));
	if (flow_req_get_run(&req, &t->s->target, g->pipeline, g->run, err, sizeof(err)) != 0)
		return;
	p = xcalloc(1, sizeof(*p));
	p->t = t;
	p->pipeline = g->pipeline;
	p->run = g->run;
	g->busy = true;
	g->asked_ms = clock_ms(t);
	t->counts.in_flight++;
	if (session_start(t->s, &req, gatecount_parse, gatecount_done, p) != 0) {
		g->busy = false;
		t->counts.in_flight--;
		free(p);
	}
	flow_request_free(&req);
}

/* The running runs in sight whose count is unknown or a refresh interval old are asked for. */
void gatecount_tick(struct tui *t)
{
	const struct list *l = &t->list[LEVEL_RUNS];
	int64_t now = clock_ms(t);

	if (t->level != LEVEL_RUNS || t->log.open || !t->loaded[FETCH_RUNS] || now < t->not_before)
		return;
	for (size_t pos = l->top; pos < l->n && pos < l->top + (size_t)t->list_rows; pos++) {
		const struct flow_run *r = &t->runs.items[l->map[pos]];
		struct gate_count *g;

		if (t->counts.in_flight >= GATECOUNT_IN_FLIGHT)
			return;
		/* The run the gates screen loaded counts itself. */
		if (strcmp(r->status, "RUNNING") != 0 || (t->loaded[FETCH_RUN] && t->run_id == r->id))
			continue;
		g = gatecount_find(&t->counts, t->pipeline_id, r->id);
		if (!g)
			g = gatecount_add(&t->counts, t->pipeline_id, r->id);
		else if (g->busy || (g->pending >= 0 && now - g->asked_ms < t->interval_ms))
			continue;
		gatecount_ask(t, g);
	}
}

void gatecount_free(struct gate_counts *c)
{
	free(c->items);
	memset(c, 0, sizeof(*c));
}
