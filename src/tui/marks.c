#include "config.h"

#include "tui/console.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

static char *gate_ref_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void gate_ref_set(struct gate_ref *g, int64_t pipeline, int64_t run, const char *pipeline_name,
                  const struct flow_job *job)
{
	g->pipeline = pipeline;
	g->run = run;
	g->pipeline_name = gate_ref_dup(pipeline_name);
	g->stage = xstrdup(job->stage_name);
	g->job_id = xstrdup(job->id);
	g->job_name = xstrdup(job->name);
	g->gate = job->gate;
}

void gate_ref_copy(struct gate_ref *dst, const struct gate_ref *src)
{
	*dst = *src;
	dst->pipeline_name = gate_ref_dup(src->pipeline_name);
	dst->stage = xstrdup(src->stage);
	dst->job_id = xstrdup(src->job_id);
	dst->job_name = xstrdup(src->job_name);
}

void gate_ref_clear(struct gate_ref *g)
{
	free(g->pipeline_name);
	free(g->stage);
	free(g->job_id);
	free(g->job_name);
	memset(g, 0, sizeof(*g));
}

bool gate_ref_is(const struct gate_ref *g, int64_t pipeline, int64_t run, const char *job_id)
{
	return g->pipeline == pipeline && g->run == run && strcmp(g->job_id, job_id) == 0;
}

static size_t marks_find(const struct marks *m, int64_t pipeline, int64_t run, const char *job_id)
{
	for (size_t i = 0; i < m->n; i++)
		if (gate_ref_is(&m->g[i], pipeline, run, job_id))
			return i;
	return m->n;
}

static void marks_add(struct marks *m, const struct gate_ref *g)
{
	m->g = xgrow(m->g, m->n, &m->cap, sizeof(*m->g), 8);
	gate_ref_copy(&m->g[m->n++], g);
}

static void marks_remove(struct marks *m, size_t i)
{
	gate_ref_clear(&m->g[i]);
	memmove(&m->g[i], &m->g[i + 1], (m->n - i - 1) * sizeof(*m->g));
	m->n--;
}

void marks_list_free(struct marks *m)
{
	for (size_t i = 0; i < m->n; i++)
		gate_ref_clear(&m->g[i]);
	free(m->g);
	memset(m, 0, sizeof(*m));
}

bool marks_contain(const struct marks *m, const struct gate_ref *g)
{
	return marks_find(m, g->pipeline, g->run, g->job_id) < m->n;
}

const char *marks_cell(const struct tui *t, int64_t pipeline, int64_t run, const char *job_id)
{
	return marks_find(&t->marks, pipeline, run, job_id) < t->marks.n ? "*" : "";
}

/* Whether the user may do at least one of pass and refuse. */
static const char *marks_refusal(const struct tui *t, const struct gate_ref *g)
{
	const char *pass = gate_refusal_bits(t, FLOW_OP_PASS, g->job_id, g->gate);
	const char *refuse = gate_refusal_bits(t, FLOW_OP_REFUSE, g->job_id, g->gate);

	return pass && refuse ? refuse : NULL;
}

unsigned marks_toggle(struct tui *t, const struct gate_ref *g, const char *not_pending)
{
	size_t i;
	const char *why;

	if (!g) {
		status_note(t, ROLE_WARN, "%s", _("Nothing to mark here: highlight a waiting gate."));
		return TUI_REDRAW;
	}
	i = marks_find(&t->marks, g->pipeline, g->run, g->job_id);
	if (i < t->marks.n) {
		marks_remove(&t->marks, i);
		return TUI_REDRAW;
	}
	why = not_pending ? not_pending : marks_refusal(t, g);
	if (why) {
		status_note(t, ROLE_WARN, _("Cannot mark %s #%s: %s."), g->job_name, g->job_id, why);
		return TUI_REDRAW;
	}
	marks_add(&t->marks, g);
	return TUI_REDRAW;
}

/* Marks the rows of the screen show (the mark column is every marking screen's first): a filter may hide some. */
static size_t marks_in_sight(const struct tui *t)
{
	const struct view_ops *v = view_of(t->level);
	const struct list *l = &t->list[t->level];
	size_t n = 0;
	struct row r;

	for (size_t i = 0; i < l->n; i++) {
		memset(&r, 0, sizeof(r));
		v->row(t, l->map[i], &r);
		n += r.cell[0] && strcmp(r.cell[0], "*") == 0;
	}
	return n;
}

unsigned marks_request(struct tui *t, enum flow_op op)
{
	size_t hidden = t->marks.n - marks_in_sight(t);

	if (hidden) {
		status_note(t, ROLE_WARN,
		            P_("Cannot %s the marked gates: %zu of them is not shown (/ then Esc clears the filter).",
		               "Cannot %s the marked gates: %zu of them are not shown (/ then Esc clears the filter).",
		               hidden),
		            gate_op_word(op), hidden);
		return TUI_REDRAW;
	}
	for (size_t i = 0; i < t->marks.n; i++) {
		const struct gate_ref *g = &t->marks.g[i];
		const char *why = gate_refusal_bits(t, op, g->job_id, g->gate);

		if (why) {
			status_note(t, ROLE_WARN, _("Cannot %s the marked gates: %s #%s: %s (Space unmarks it)."),
			            gate_op_word(op), g->job_name, g->job_id, why);
			return TUI_REDRAW;
		}
	}
	dialog_open(t, op, t->marks.g, t->marks.n, true);
	return TUI_REDRAW;
}

void marks_drop(struct tui *t)
{
	size_t n = t->marks.n;

	if (!n)
		return;
	marks_list_free(&t->marks);
	status_note(t, ROLE_WARN,
	            P_("%zu mark dropped: marks stay on the screen where they were made.",
	               "%zu marks dropped: marks stay on the screen where they were made.", n),
	            n);
}

void marks_sent(struct tui *t, const struct gate_ref *g)
{
	size_t i = marks_find(&t->marks, g->pipeline, g->run, g->job_id);

	if (i < t->marks.n)
		marks_remove(&t->marks, i);
	if (marks_find(&t->settled, g->pipeline, g->run, g->job_id) == t->settled.n)
		marks_add(&t->settled, g);
}

void marks_unsent(struct tui *t, int64_t pipeline, int64_t run, const char *job_id)
{
	size_t i = marks_find(&t->settled, pipeline, run, job_id);

	if (i < t->settled.n)
		marks_remove(&t->settled, i);
}

/* An open dialog that names a gate decided elsewhere closes: what it asked about is no more. */
static void marks_close_dialog(struct tui *t, const struct gate_ref *g)
{
	struct dialog *d = &t->dialog;

	if (!dialog_names(t, g->pipeline, g->run, g->job_id))
		return;
	if (d->batch)
		status_note(t, ROLE_WARN,
		            P_("The dialog for %zu marked gate closed: %s #%s was decided elsewhere. Nothing was sent.",
		               "The dialog for %zu marked gates closed: %s #%s was decided elsewhere. Nothing was sent.",
		               d->n),
		            d->n, g->job_name, g->job_id);
	else
		status_note(t, ROLE_WARN, _("The dialog closed: %s #%s was decided elsewhere. Nothing was sent."),
		            g->job_name, g->job_id);
	dialog_close(d);
}

/* A gate that was waiting no longer does (status: its status now; NULL when it only left the inbox). */
static void marks_gone(struct tui *t, const struct gate_ref *g, const char *status)
{
	size_t mark = marks_find(&t->marks, g->pipeline, g->run, g->job_id);
	const char *dropped = mark < t->marks.n ? _(" Its mark was dropped.") : "";

	/* Gates acted on here, or said to be decided already, leave without a word. */
	if (marks_find(&t->settled, g->pipeline, g->run, g->job_id) == t->settled.n) {
		if (status && *status)
			status_note(t, ROLE_WARN, _("Decided elsewhere: %s #%s no longer waits (now %s).%s"), g->job_name,
			            g->job_id, flow_status_label(status), dropped);
		else
			status_note(t, ROLE_WARN,
			            _("No longer listed: %s #%s (decided elsewhere, or its run is no longer its pipeline's "
			              "newest running run: open the run to check).%s"),
			            g->job_name, g->job_id, dropped);
		marks_add(&t->settled, g);
	}
	marks_close_dialog(t, g);
	if (mark < t->marks.n)
		marks_remove(&t->marks, mark);
}

void marks_inbox_refreshed(struct tui *t, struct marks *snapshot, const struct marks *now)
{
	for (size_t i = 0; i < snapshot->n; i++) {
		const struct gate_ref *g = &snapshot->g[i];

		if (marks_find(now, g->pipeline, g->run, g->job_id) == now->n)
			marks_gone(t, g, NULL);
	}
	marks_list_free(snapshot);
	for (size_t i = 0; i < now->n; i++)
		marks_add(snapshot, &now->g[i]);
}

/* Whether the job still waits in fresh; else its status there (NULL when it is gone from the run). */
static bool marks_still_waits(const struct flow_run_detail *fresh, const char *job_id, const char **status)
{
	const struct flow_job *job = flow_run_find_job(fresh, job_id);

	*status = job ? job->status : NULL;
	return job && flow_job_is_pending_gate(job);
}

/* The first gate of a list (marks, or the dialog's) that is of this run and that fresh shows decided. */
static bool marks_first_gone(const struct gate_ref *list, size_t n, int64_t pipeline,
                             const struct flow_run_detail *fresh, struct gate_ref *out, const char **status)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].pipeline == pipeline && list[i].run == fresh->id &&
		    !marks_still_waits(fresh, list[i].job_id, status)) {
			gate_ref_copy(out, &list[i]);
			return true;
		}
	return false;
}

/* Each gate gone leaves the marks and closes the dialog, so the lists shrink until none is left. */
void marks_run_refreshed(struct tui *t, int64_t pipeline, const struct flow_run_detail *old,
                         const struct flow_run_detail *fresh)
{
	struct gate_ref g;
	const char *status;

	for (size_t i = 0; old && old->id == fresh->id && i < old->njobs; i++) {
		const struct flow_job *job = &old->jobs[i];

		if (!flow_job_is_pending_gate(job) || marks_still_waits(fresh, job->id, &status))
			continue;
		gate_ref_set(&g, pipeline, fresh->id, NULL, job);
		marks_gone(t, &g, status);
		gate_ref_clear(&g);
	}
	while (marks_first_gone(t->marks.g, t->marks.n, pipeline, fresh, &g, &status) ||
	       marks_first_gone(t->dialog.gates, t->dialog.n, pipeline, fresh, &g, &status)) {
		marks_gone(t, &g, status);
		gate_ref_clear(&g);
	}
}

void marks_free(struct tui *t)
{
	marks_list_free(&t->marks);
	marks_list_free(&t->settled);
}
