#include "config.h"

#include "tui/console.h"

#include <stdlib.h>
#include <string.h>

#include "app/session.h"
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
		return f->op == FLOW_OP_PASS ? "passing..." : "refusing...";
	return flow_job_may(job);
}

const char *gate_permission(const struct flow_job *job, enum flow_op op)
{
	if (job->gate & gate_bit(op, true))
		return "allowed";
	if (job->gate & gate_bit(op, false))
		return "disabled for you";
	return "not offered";
}

void gate_waiting(const struct tui *t, const struct flow_job *job, char *buf, size_t n)
{
	buf[0] = '\0';
	if (!flow_job_is_pending_gate(job))
		return;
	timefmt_age(buf, n, job->start_time, (int64_t)clock_wall(t));
}

/* Why op cannot be done on job now, or NULL when it can (then the dialog asks). */
static const char *gate_refusal(const struct tui *t, enum flow_op op, const struct flow_job *job)
{
	if (t->readonly)
		return "the console is read-only (--readonly)";
	if (!flow_job_is_gate(job))
		return "it is not a manual gate";
	if (!flow_job_is_pending_gate(job))
		return "it is not waiting for approval";
	if (gate_in_flight(t, job->id))
		return "an action on it is already in flight: wait for its answer";
	if (!(job->gate & gate_bit(op, false)))
		return "the gate offers no such action";
	if (!(job->gate & gate_bit(op, true)))
		return "the server disables it for you";
	return NULL;
}

unsigned gate_request(struct tui *t, enum flow_op op, const struct flow_job *job)
{
	const char *why;

	if (!job) {
		status_note(t, ROLE_WARN, "Nothing to %s here: open a run and highlight a waiting gate.", flow_op_word(op));
		return TUI_REDRAW;
	}
	why = gate_refusal(t, op, job);
	if (why) {
		bool whom = job->validators && *job->validators && (job->gate & gate_bit(op, false)) &&
		            !(job->gate & gate_bit(op, true));

		status_note(t, ROLE_WARN, "Cannot %s %s #%s: %s.%s%s", flow_op_word(op), job->name, job->id, why,
		            whom ? " Who may act: " : "", whom ? job->validators : "");
		return TUI_REDRAW;
	}
	dialog_open(t, op, job);
	return TUI_REDRAW;
}

static char *gate_what(enum flow_op op, const char *job_id, const char *job_name)
{
	return xasprintf("%s %s #%s", flow_op_word(op), job_name, job_id);
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
	gate_unlink(t, f);
	free(what);
	gate_flight_free(f);
	t->refresh_due = true;
	t->dirty = true;
}

void gate_send(struct tui *t, enum flow_op op, int64_t pipeline, int64_t run, const char *job_id,
               const char *job_name)
{
	struct gate_target g = { op, pipeline, run, job_id, job_name };
	struct flight *f = xcalloc(1, sizeof(*f));
	char err[1024], *what = gate_what(op, job_id, job_name);

	f->t = t;
	f->op = op;
	f->job_id = xstrdup(job_id);
	f->status_id = status_sending(t, what);
	f->next = t->flights;
	t->flights = f;
	if (session_gate_action(t->s, &g, "console", gate_done, f, err, sizeof(err)) != EXIT_OK) {
		/* Held back before anything was sent: the entry says why, in place of "sending". */
		struct outcome o;

		outcome_local(&o, err);
		status_outcome(t, f->status_id, what, &o, true);
		outcome_free(&o);
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
