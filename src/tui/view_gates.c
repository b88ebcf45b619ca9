#include "config.h"

#include "tui/console.h"

#include "util/i18n.h"

/*
 * The job id is always shown, in every locale and width: two gates whose names cannot be drawn
 * (Chinese names in a non-UTF-8 locale show as "?") are still told apart. The name grows to 32
 * cells before the other columns do, once the status has room for its longest word (SWITCH_MANUAL);
 * narrow terminals drop the stage and the waiting time first.
 */
static const struct column columns[] = {
	{ "*", 1, 1, false, false, false },
	{ N_("STAGE"), 12, 6, false, true, false },
	{ N_("ID"), 8, 8, false, false, false },
	{ N_("JOB"), 32, 8, true, false, false },
	{ N_("STATUS"), 13, 7, false, false, true },
	{ N_("WAITING"), 7, 5, false, true, false },
	{ N_("YOU MAY"), 12, 12, false, false, false },
};

static size_t gates_count(const struct tui *t)
{
	return t->run.njobs;
}

static bool gates_include(const struct tui *t, size_t i)
{
	return t->show_all || flow_job_is_pending_gate(&t->run.jobs[i]);
}

static void gates_row(const struct tui *t, size_t i, struct row *out)
{
	const struct flow_job *job = &t->run.jobs[i];

	gate_waiting(t, job, out->buf[5], sizeof(out->buf[5]));
	out->cell[0] = marks_cell(t, t->pipeline_id, t->run_id, job->id);
	out->cell[1] = job->stage_name;
	out->cell[2] = job->id;
	out->cell[3] = job->name;
	out->cell[4] = flow_status_label(job->status);
	out->cell[5] = out->buf[5];
	out->cell[6] = gate_may(t, job);
	out->role = gate_disabled(job) ? ROLE_DIM : ROLE_NORMAL;
}

static void gates_ident(const struct tui *t, size_t i, struct strbuf *out)
{
	strbuf_puts(out, t->run.jobs[i].id);
}

static void gates_empty(const struct tui *t, struct strbuf *out)
{
	if (t->show_all)
		strbuf_puts(out, _("This run has no jobs."));
	else
		strbuf_puts(out, _("No gate is waiting in this run (a shows every job)."));
}

static unsigned gates_mark(struct tui *t, const struct flow_job *job)
{
	struct gate_ref g;
	unsigned r;

	if (!job)
		return marks_toggle(t, NULL, NULL);
	gate_ref_set(&g, t->pipeline_id, t->run_id, nav_pipeline_name(t), job);
	r = marks_toggle(t, &g, gate_not_pending(job));
	gate_ref_clear(&g);
	return r;
}

static unsigned gates_act(struct tui *t, enum action a)
{
	switch (a) {
	case ACTION_OPEN: {
		const struct flow_job *job = view_current_job(t);

		return job ? nav_open_job(t, job) : 0;
	}
	case ACTION_MARK:
		return gates_mark(t, view_current_job(t));
	case ACTION_ALL_JOBS:
		t->show_all = !t->show_all;
		list_sync(t, LEVEL_GATES);
		return TUI_REDRAW;
	default:
		return 0;
	}
}

const struct view_ops view_gates = {
	.fetch = FETCH_RUN,
	.columns = columns,
	.ncolumns = sizeof(columns) / sizeof(columns[0]),
	.count = gates_count,
	.include = gates_include,
	.row = gates_row,
	.ident = gates_ident,
	.empty = gates_empty,
	.act = gates_act,
};
