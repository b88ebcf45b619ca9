#include "config.h"

#include "tui/console.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/xalloc.h"
#include "util/i18n.h"

static const struct view_ops *const views[LEVEL_COUNT] = {
	[LEVEL_INBOX] = &view_inbox,
	[LEVEL_PIPELINES] = &view_pipelines,
	[LEVEL_RUNS] = &view_runs,
	[LEVEL_GATES] = &view_gates,
	[LEVEL_JOB] = &view_job,
};

const struct view_ops *view_of(enum tui_level lv)
{
	return views[lv];
}

const struct flow_job *view_current_job(const struct tui *t)
{
	size_t src;

	if (!t->loaded[FETCH_RUN])
		return NULL;
	if (t->level == LEVEL_JOB)
		return t->job_id ? flow_run_find_job(&t->run, t->job_id) : NULL;
	if (t->level == LEVEL_GATES && list_selected(t, LEVEL_GATES, &src))
		return &t->run.jobs[src];
	return NULL;
}

const char *nav_pipeline_name(const struct tui *t)
{
	for (size_t i = 0; i < t->pipelines.n; i++)
		if (t->pipelines.items[i].id == t->pipeline_id)
			return t->pipelines.items[i].name;
	return t->named_pipeline == t->pipeline_id ? t->pipeline_name : NULL;
}

/* A screen whose data is not loaded yet, or that shows other data than the last one, loads now. */
void nav_enter(struct tui *t, enum tui_level lv)
{
	enum fetch_kind k = view_of(lv)->fetch;

	if (!t->loaded[k] || k != view_of(t->level)->fetch)
		t->refresh_due = true;
	if (lv != t->level)
		marks_drop(t);
	t->level = lv;
	t->filtering = false;
	if (lv < LEVEL_GATES)
		t->from_inbox = false;
	list_sync(t, lv);
}

static void nav_switch_pipeline(struct tui *t, int64_t pipeline)
{
	if (pipeline == t->pipeline_id)
		return;
	marks_drop(t);
	t->pipeline_id = pipeline;
	t->run_id = 0;
	fetch_forget(t, FETCH_RUNS);
	fetch_forget(t, FETCH_RUN);
	list_reset(t, LEVEL_RUNS);
}

unsigned nav_open_pipeline(struct tui *t, const struct flow_pipeline *p)
{
	nav_switch_pipeline(t, p->id);
	nav_enter(t, LEVEL_RUNS);
	return TUI_REDRAW;
}

unsigned nav_pick_pipeline(struct tui *t)
{
	nav_enter(t, LEVEL_PIPELINES);
	return TUI_REDRAW;
}

unsigned nav_open_run(struct tui *t, int64_t run)
{
	if (run != t->run_id) {
		marks_drop(t);
		t->run_id = run;
		fetch_forget(t, FETCH_RUN);
		list_reset(t, LEVEL_GATES);
	}
	nav_enter(t, LEVEL_GATES);
	return TUI_REDRAW;
}

unsigned nav_open_inbox_run(struct tui *t, int64_t pipeline, int64_t run, const char *job_id)
{
	nav_switch_pipeline(t, pipeline);
	nav_open_run(t, run);
	t->from_inbox = true;
	/* The title and the dialog name the pipeline: the picker's list has the names. */
	t->names_due = t->names_due || !nav_pipeline_name(t);
	list_aim(t, LEVEL_GATES, job_id);
	return TUI_REDRAW;
}

unsigned nav_open_job(struct tui *t, const struct flow_job *job)
{
	free(t->job_id);
	t->job_id = xstrdup(job->id);
	list_reset(t, LEVEL_JOB);
	nav_enter(t, LEVEL_JOB);
	return TUI_REDRAW;
}

/* Going up, the cursor starts on the pipeline or run just left, even when the screen is new. */
unsigned nav_back(struct tui *t)
{
	char id[24];

	if (t->level == LEVEL_INBOX) {
		status_note(t, ROLE_NORMAL, "%s", _("This is the first screen (q quits)."));
		return TUI_REDRAW;
	}
	nav_enter(t, t->level == LEVEL_GATES && t->from_inbox ? LEVEL_INBOX : (enum tui_level)(t->level - 1));
	if (t->level == LEVEL_RUNS || t->level == LEVEL_PIPELINES) {
		snprintf(id, sizeof(id), "%" PRId64, t->level == LEVEL_RUNS ? t->run_id : t->pipeline_id);
		list_aim(t, t->level, id);
	}
	return TUI_REDRAW;
}
