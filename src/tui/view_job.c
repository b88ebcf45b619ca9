#include "config.h"

#include "tui/console.h"

#include <inttypes.h>
#include <stdio.h>

#include "util/timefmt.h"

enum field {
	FIELD_PIPELINE,
	FIELD_PIPELINE_ID,
	FIELD_RUN,
	FIELD_STAGE,
	FIELD_JOB,
	FIELD_JOB_ID,
	FIELD_STATUS,
	FIELD_WAITING,
	FIELD_STARTED,
	FIELD_FINISHED,
	FIELD_PASS,
	FIELD_REFUSE,
	FIELD_VALIDATORS,
	FIELD_COUNT
};

static const char *const labels[FIELD_COUNT] = {
	"Pipeline", "Pipeline id", "Run", "Stage", "Job", "Job id", "Status", "Waiting",
	"Started", "Finished", "Pass", "Refuse", "Who may act",
};

static const struct column columns[] = {
	{ "FIELD", 12, 12, false, false },
	{ "VALUE", 40, 10, true, false },
};

static size_t job_count(const struct tui *t)
{
	return view_current_job(t) ? FIELD_COUNT : 0;
}

static const char *job_value(const struct tui *t, const struct flow_job *job, enum field f, char *buf, size_t n)
{
	const char *pipeline = nav_pipeline_name(t);

	switch (f) {
	case FIELD_PIPELINE: return pipeline ? pipeline : "-";
	case FIELD_PIPELINE_ID: snprintf(buf, n, "%" PRId64, t->pipeline_id); return buf;
	case FIELD_RUN: snprintf(buf, n, "#%" PRId64 " %s", t->run_id, t->run.status); return buf;
	case FIELD_STAGE: return job->stage_name;
	case FIELD_JOB: return job->name;
	case FIELD_JOB_ID: return job->id;
	case FIELD_STATUS: return job->status;
	case FIELD_WAITING: gate_waiting(t, job, buf, n); return buf;
	case FIELD_STARTED: timefmt_local(buf, n, job->start_time, TIMEFMT_SHORT); return buf;
	case FIELD_FINISHED: timefmt_local(buf, n, job->end_time, TIMEFMT_SHORT); return buf;
	case FIELD_PASS: return gate_permission(job, FLOW_OP_PASS);
	case FIELD_REFUSE: return gate_permission(job, FLOW_OP_REFUSE);
	case FIELD_VALIDATORS: return job->validators ? job->validators : "-";
	case FIELD_COUNT: break;
	}
	return "";
}

static void job_row(const struct tui *t, size_t i, struct row *out)
{
	const struct flow_job *job = view_current_job(t);

	out->cell[0] = labels[i];
	out->cell[1] = job_value(t, job, (enum field)i, out->buf[1], sizeof(out->buf[1]));
}

static void job_ident(const struct tui *t, size_t i, struct strbuf *out)
{
	(void)t;
	strbuf_puts(out, labels[i]);
}

static void job_empty(const struct tui *t, struct strbuf *out)
{
	(void)t;
	strbuf_puts(out, "This job is no longer part of the run (b goes back).");
}

const struct view_ops view_job = {
	.fetch = FETCH_RUN,
	.columns = columns,
	.ncolumns = sizeof(columns) / sizeof(columns[0]),
	.count = job_count,
	.row = job_row,
	.ident = job_ident,
	.empty = job_empty,
};
