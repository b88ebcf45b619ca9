#include "config.h"

#include "tui/console.h"

#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "util/i18n.h"
#include "util/timefmt.h"
#include "util/xalloc.h"

static unsigned gate_bit(enum flow_op op, bool can)
{
	if (op == FLOW_OP_PASS)
		return can ? FLOW_GATE_CAN_PASS : FLOW_GATE_HAS_PASS;
	return can ? FLOW_GATE_CAN_REFUSE : FLOW_GATE_HAS_REFUSE;
}

const struct flight *gate_in_flight(const struct tui *t, const char *job_id)
{
	for (const struct flight *f = t->flights; f; f = f->next)
		if (strcmp(f->job_id, job_id) == 0)
			return f;
	return NULL;
}

bool gate_disabled(const struct flow_job *job)
{
	return flow_job_is_pending_gate(job) && !(job->gate & (FLOW_GATE_CAN_PASS | FLOW_GATE_CAN_REFUSE));
}

const char *gate_may(const struct tui *t, const struct flow_job *job)
{
	const struct flight *f = gate_in_flight(t, job->id);

	if (f)
		return f->op == FLOW_OP_PASS ? _("passing...") : _("refusing...");
	return flow_job_may(job);
}

const char *gate_permission(const struct flow_job *job, enum flow_op op)
{
	if (job->gate & gate_bit(op, true))
		return _("allowed");
	if (job->gate & gate_bit(op, false))
		return _("disabled for you");
	return _("not offered");
}

void gate_waiting(const struct tui *t, const struct flow_job *job, char *buf, size_t n)
{
	buf[0] = '\0';
	if (!flow_job_is_pending_gate(job))
		return;
	timefmt_age(buf, n, job->start_time, (int64_t)clock_wall(t));
}

const char *gate_op_word(enum flow_op op)
{
	return op == FLOW_OP_PASS ? _("pass") : _("refuse");
}

const char *gate_refusal_bits(const struct tui *t, enum flow_op op, const char *job_id, unsigned gate)
{
	if (t->readonly)
		return _("the console is read-only (--readonly)");
	if (gate_in_flight(t, job_id))
		return _("an action on it is already in flight: wait for its answer");
	if (!(gate & gate_bit(op, false)))
		return _("the gate offers no such action");
	if (!(gate & gate_bit(op, true)))
		return _("the server disables it for you");
	return NULL;
}

const char *gate_not_pending(const struct flow_job *job)
{
	if (!flow_job_is_gate(job))
		return _("it is not a manual gate");
	if (!flow_job_is_pending_gate(job))
		return _("it is not waiting for approval");
	return NULL;
}

bool gate_on_marks(const struct tui *t)
{
	return t->marks.n && (t->level == LEVEL_GATES || t->level == LEVEL_INBOX);
}

/*
 * The marks where gates are listed, the inbox's highlighted row (each is a waiting gate), or the
 * job highlighted or shown when it waits for approval. A waiting gate counts whatever the user may
 * do with it (its actions disabled by the server, one already in flight): r and p then say why
 * nothing opens and who may act, which the YOU MAY column alone does not. --readonly hides both
 * keys everywhere (keys_off).
 */
bool gate_in_sight(const struct tui *t)
{
	const struct flow_job *job;
	int64_t pipeline, run;

	if (gate_on_marks(t))
		return true;
	if (t->level == LEVEL_INBOX)
		return view_inbox_run(t, &pipeline, &run);
	job = view_current_job(t);
	return job && flow_job_is_pending_gate(job);
}

unsigned gate_request_ref(struct tui *t, enum flow_op op, const struct gate_ref *g, const char *validators)
{
	const char *why = gate_refusal_bits(t, op, g->job_id, g->gate);

	if (why) {
		bool whom = validators && *validators && (g->gate & gate_bit(op, false)) && !(g->gate & gate_bit(op, true));

		status_note(t, ROLE_WARN, _("Cannot %s %s #%s: %s.%s%s"), gate_op_word(op), g->job_name, g->job_id, why,
		            whom ? _(" Who may act: ") : "", whom ? validators : "");
		return TUI_REDRAW;
	}
	dialog_open(t, op, g, 1, false);
	return TUI_REDRAW;
}

unsigned gate_request(struct tui *t, enum flow_op op, const struct flow_job *job)
{
	struct gate_ref g;
	const char *why;
	unsigned r;

	/* With a run open, the gate to highlight is one of its own; elsewhere, a run is to be opened first. */
	if (!job) {
		bool in_run = t->level == LEVEL_GATES || t->level == LEVEL_JOB;

		status_note(t, ROLE_WARN,
		            in_run ? _("Nothing to %s here: no waiting gate of this run is highlighted.")
		                   : _("Nothing to %s here: open a run and highlight a waiting gate."),
		            gate_op_word(op));
		return TUI_REDRAW;
	}
	why = gate_not_pending(job);
	if (why) {
		status_note(t, ROLE_WARN, _("Cannot %s %s #%s: %s.%s%s"), gate_op_word(op), job->name, job->id, why, "",
		            "");
		return TUI_REDRAW;
	}
	gate_ref_set(&g, t->pipeline_id, t->run_id, nav_pipeline_name(t), job);
	r = gate_request_ref(t, op, &g, job->validators);
	gate_ref_clear(&g);
	return r;
}

static char *gate_what(enum flow_op op, const char *job_id, const char *job_name)
{
	return xasprintf(_("%s %s #%s"), gate_op_word(op), job_name, job_id);
}

static void gate_flight_free(struct flight *f)
{
	free(f->job_id);
	free(f);
}

static void gate_unlink(struct tui *t, struct flight *f)
{
	for (struct flight **pp = &t->flights; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			return;
		}
}

/* Every attempt ends here, answered or not: status pane, and a refresh (the audit is written). */
static void gate_done(void *user, const struct gate_target *g, struct outcome *o)
{
	struct flight *f = user;
	struct tui *t = f->t;
	char *what = gate_what(g->op, g->job, g->job_name);

	status_outcome(t, f->status_id, what, o, true);
	if (o->audit_error)
		status_note(t, ROLE_ERROR, "%s", o->audit_error);
	if (o->res.throttled)
		fetch_throttled(t, &o->res);
	if (o->kind == OUTCOME_REFUSED || o->kind == OUTCOME_NOT_SENT)
		marks_unsent(t, g->pipeline, g->run, g->job);
	gate_unlink(t, f);
	free(what);
	gate_flight_free(f);
	t->refresh_due = true;
	t->dirty = true;
}

void gate_send(struct tui *t, enum flow_op op, const struct gate_ref *ref)
{
	struct gate_target g = { op, ref->pipeline, ref->run, ref->job_id, ref->job_name };
	struct flight *f = xcalloc(1, sizeof(*f));
	char err[1024], *what = gate_what(op, ref->job_id, ref->job_name);

	f->t = t;
	f->op = op;
	f->job_id = xstrdup(ref->job_id);
	f->status_id = status_sending(t, what);
	f->next = t->flights;
	t->flights = f;
	marks_sent(t, ref);
	if (session_gate_action(t->s, &g, "console", gate_done, f, err, sizeof(err)) != EXIT_OK) {
		/* Held back before anything was sent: the entry says why, in place of "sending". */
		struct outcome o;

		outcome_local(&o, err);
		status_outcome(t, f->status_id, what, &o, true);
		outcome_free(&o);
		marks_unsent(t, ref->pipeline, ref->run, ref->job_id);
		gate_unlink(t, f);
		gate_flight_free(f);
	}
	free(what);
}

void gate_free(struct tui *t)
{
	while (t->flights) {
		struct flight *f = t->flights;

		t->flights = f->next;
		gate_flight_free(f);
	}
}
