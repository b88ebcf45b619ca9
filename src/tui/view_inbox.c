#include "config.h"

#include "tui/console.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/inbox.h"
#include "app/session.h"
#include "util/i18n.h"
#include "util/timefmt.h"
#include "util/xalloc.h"

/*
 * The approver's start screen: every gate waiting in the organisation's running runs, the
 * longest-waiting first. The job id is always shown; narrow terminals drop the stage, the
 * waiting time and what you may do first (a gate you may not act on is dimmed). app/inbox.c walks the organisation in this loop and says when what it
 * shows changed; the screen shows it, marks its gates, and notes the gates that left it.
 */
static const struct column columns[] = {
	{ "*", 1, 1, false, false, false },
	{ N_("PIPELINE"), 16, 8, true, false, false },
	{ N_("RUN"), 5, 5, false, false, false },
	{ N_("STAGE"), 10, 8, false, true, false },
	{ N_("JOB"), 8, 8, false, false, false },
	/* TRANSLATORS: the heading of how long a gate has waited (not the status WAITING): at most 5 cells. */
	{ N_("WAITING"), 5, 5, false, true, false },
	{ N_("YOU MAY"), 12, 12, false, true, false },
	{ N_("NAME"), 24, 8, true, false, false },
};

static size_t inbox_rows(const struct tui *t)
{
	return t->inbox.ib ? inbox_count(t->inbox.ib) : 0;
}

/* The gate as the marks and the dialog name it. */
static void inbox_ref(const struct inbox_gate *ig, struct gate_ref *g)
{
	memset(g, 0, sizeof(*g));
	g->pipeline = ig->pipeline_id;
	g->run = ig->run_id;
	g->pipeline_name = xstrdup(ig->pipeline_name ? ig->pipeline_name : "");
	g->stage = xstrdup(ig->stage ? ig->stage : "");
	g->job_id = xstrdup(ig->job);
	g->job_name = xstrdup(ig->name ? ig->name : "");
	g->gate = ig->gate;
}

/* What the user may do, as the gates screen says it: an action in flight first. */
static const char *inbox_may(const struct tui *t, const struct inbox_gate *ig)
{
	struct flow_job job;

	memset(&job, 0, sizeof(job));
	job.gate = ig->gate;
	job.status = ig->status;
	job.id = ig->job;
	return gate_may(t, &job);
}

static void inbox_row(const struct tui *t, size_t i, struct row *out)
{
	const struct inbox_gate *ig = inbox_at(t->inbox.ib, i);

	snprintf(out->buf[2], sizeof(out->buf[2]), "#%" PRId64, ig->run_id);
	out->buf[5][0] = '\0';
	if (ig->start_time > 0)
		timefmt_age(out->buf[5], sizeof(out->buf[5]), ig->start_time, (int64_t)clock_wall(t));
	out->cell[0] = marks_cell(t, ig->pipeline_id, ig->run_id, ig->job);
	out->cell[1] = ig->pipeline_name;
	out->cell[2] = out->buf[2];
	out->cell[3] = ig->stage;
	out->cell[4] = ig->job;
	out->cell[5] = out->buf[5];
	out->cell[6] = inbox_may(t, ig);
	out->cell[7] = ig->name;
	out->role = ig->gate & (FLOW_GATE_CAN_PASS | FLOW_GATE_CAN_REFUSE) ? ROLE_NORMAL : ROLE_DIM;
}

static void inbox_ident(const struct tui *t, size_t i, struct strbuf *out)
{
	const struct inbox_gate *ig = inbox_at(t->inbox.ib, i);

	strbuf_printf(out, "%" PRId64 "/%" PRId64 "/%s", ig->pipeline_id, ig->run_id, ig->job);
}

static void inbox_empty(const struct tui *t, struct strbuf *out)
{
	if (t->inbox.ib && inbox_nfailures(t->inbox.ib))
		strbuf_puts(out, _("No gate found; some pipelines could not be read (the status pane says which; R retries)."));
	else
		strbuf_puts(out, _("No gate is waiting in the organization's running runs (P picks a pipeline)."));
}

static const struct inbox_gate *inbox_current(const struct tui *t)
{
	size_t src;

	return list_selected(t, LEVEL_INBOX, &src) ? inbox_at(t->inbox.ib, src) : NULL;
}

bool view_inbox_run(const struct tui *t, int64_t *pipeline, int64_t *run)
{
	const struct inbox_gate *ig = inbox_current(t);

	if (!ig)
		return false;
	*pipeline = ig->pipeline_id;
	*run = ig->run_id;
	return true;
}

/* Space, r and p on the gate under the cursor, known by its place. */
static unsigned inbox_on_gate(struct tui *t, enum action a)
{
	const struct inbox_gate *ig = inbox_current(t);
	struct gate_ref g;
	unsigned r;

	if (!ig && a == ACTION_MARK)
		return marks_toggle(t, NULL, NULL);
	if (!ig)
		return gate_request(t, a == ACTION_PASS ? FLOW_OP_PASS : FLOW_OP_REFUSE, NULL);
	inbox_ref(ig, &g);
	if (a == ACTION_MARK)
		r = marks_toggle(t, &g, NULL);
	else
		r = gate_request_ref(t, a == ACTION_PASS ? FLOW_OP_PASS : FLOW_OP_REFUSE, &g, ig->validators);
	gate_ref_clear(&g);
	return r;
}

static unsigned inbox_act(struct tui *t, enum action a)
{
	const struct inbox_gate *ig;

	switch (a) {
	case ACTION_OPEN:
		ig = inbox_current(t);
		return ig ? nav_open_inbox_run(t, ig->pipeline_id, ig->run_id, ig->job) : 0;
	case ACTION_MARK:
	case ACTION_REFUSE:
	case ACTION_PASS:
		return inbox_on_gate(t, a);
	default:
		return 0;
	}
}

const struct view_ops view_inbox = {
	.fetch = FETCH_INBOX,
	.columns = columns,
	.ncolumns = sizeof(columns) / sizeof(columns[0]),
	.count = inbox_rows,
	.row = inbox_row,
	.ident = inbox_ident,
	.empty = inbox_empty,
	.act = inbox_act,
};

/* ---- the walk ----------------------------------------------------------------------------------- */

/* The gates the walk that ended shows (app/inbox.c keeps those of pipelines it could not read). */
static void inbox_now(const struct tui *t, struct marks *now)
{
	const struct inbox *ib = t->inbox.ib;

	memset(now, 0, sizeof(*now));
	now->cap = inbox_count(ib);
	now->g = xcalloc(now->cap ? now->cap : 1, sizeof(*now->g));
	for (size_t i = 0; i < inbox_count(ib); i++)
		inbox_ref(inbox_at(ib, i), &now->g[now->n++]);
}

/*
 * A walk that could not list the pipelines shows the last list: the footer says how old it is,
 * as on the other screens.
 */
static void inbox_age(struct tui *t)
{
	const struct inbox *ib = t->inbox.ib;
	struct fetch_slot *f = &t->fetch[FETCH_INBOX];

	f->failed = false;
	for (size_t i = 0; i < inbox_nfailures(ib); i++)
		if (inbox_failure_at(ib, i)->pipeline_id == 0)
			f->failed = true;
	if (!f->failed)
		f->loaded_at = clock_wall(t);
}

/* A gate not seen at the last whole walk rings the bell (not at the first). */
static void inbox_ring(struct tui *t, const struct marks *now)
{
	if (!t->loaded[FETCH_INBOX])
		return;
	for (size_t i = 0; i < now->n; i++)
		if (!marks_contain(&t->inbox.seen, &now->g[i]))
			t->ring = true;
}

/* Failures go to the status pane, once while the same ones repeat. */
static void inbox_report(struct tui *t)
{
	const struct inbox *ib = t->inbox.ib;
	struct strbuf all = STRBUF_INIT;

	for (size_t i = 0; i < inbox_nfailures(ib); i++) {
		const struct inbox_failure *f = inbox_failure_at(ib, i);

		strbuf_printf(&all, "%" PRId64 ":%s\n", f->pipeline_id, f->message ? f->message : "");
	}
	if (!t->inbox.failures || strcmp(t->inbox.failures, strbuf_cstr(&all)) != 0)
		for (size_t i = 0; i < inbox_nfailures(ib); i++) {
			const struct inbox_failure *f = inbox_failure_at(ib, i);

			if (f->pipeline_id)
				status_note(t, ROLE_ERROR, _("Inbox: pipeline %s #%lld could not be read: %s"),
				            f->pipeline_name ? f->pipeline_name : "", (long long)f->pipeline_id, f->message);
			else
				status_note(t, ROLE_ERROR, _("Inbox: the running pipelines could not be listed: %s"),
				            f->message);
		}
	free(t->inbox.failures);
	t->inbox.failures = strbuf_detach(&all);
}

/* A whole walk ended: its list replaces the last one at once. */
static void inbox_walked(struct tui *t)
{
	struct marks now;

	t->inbox.walking = false;
	inbox_now(t, &now);
	inbox_ring(t, &now);
	marks_inbox_refreshed(t, &t->inbox.seen, &now);
	marks_list_free(&now);
	inbox_report(t);
	inbox_age(t);
	t->loaded[FETCH_INBOX] = true;
	t->next_refresh = clock_ms(t) + t->interval_ms;
}

/*
 * While the first walk shows gates as they come, a cursor on the first row stays there: a gate
 * that comes in above does not carry it down.
 */
static void inbox_changed(void *user)
{
	struct tui *t = user;
	struct list *l = &t->list[LEVEL_INBOX];

	if (!t->loaded[FETCH_INBOX] && l->cursor == 0) {
		free(l->ident);
		l->ident = NULL;
	}
	if (t->inbox.walking && !inbox_busy(t->inbox.ib))
		inbox_walked(t);
	list_sync(t, LEVEL_INBOX);
	t->dirty = true;
}

void view_inbox_refresh(struct tui *t)
{
	struct inbox_stats st;
	int parallel = t->s->conf.parallel > 0 ? t->s->conf.parallel : CONF_DEFAULT_PARALLEL;

	if (!t->inbox.ib)
		t->inbox.ib = inbox_new(t->s, (unsigned)parallel, inbox_changed, t);
	inbox_stats(t->inbox.ib, &st);
	if (!inbox_refresh(t->inbox.ib))
		return;
	t->inbox.base = st.requests;
	t->inbox.walking = true;
	/* A walk that could not start a request ended already, before it was ours. */
	if (!inbox_busy(t->inbox.ib))
		inbox_changed(t);
}

void view_inbox_tick(struct tui *t)
{
	if (t->inbox.ib)
		inbox_tick(t->inbox.ib);
}

int view_inbox_timeout(const struct tui *t)
{
	return t->inbox.ib ? inbox_timeout_ms(t->inbox.ib) : -1;
}

bool view_inbox_busy(const struct tui *t)
{
	return t->inbox.ib && inbox_busy(t->inbox.ib);
}

void view_inbox_progress(const struct tui *t, struct strbuf *out)
{
	struct inbox_stats st;
	unsigned long asked, flying;

	if (!view_inbox_busy(t))
		return;
	inbox_stats(t->inbox.ib, &st);
	asked = st.requests - t->inbox.base;
	flying = session_in_flight(t->s);
	strbuf_printf(out, _(" (loading %lu/%lu)"), asked > flying ? asked - flying : 0, asked);
}

void view_inbox_free(struct tui *t)
{
	inbox_free(t->inbox.ib);
	marks_list_free(&t->inbox.seen);
	free(t->inbox.failures);
	memset(&t->inbox, 0, sizeof(t->inbox));
}
