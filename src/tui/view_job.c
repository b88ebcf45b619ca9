#include "config.h"

#include "tui/console.h"
#include "util/i18n.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

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
	N_("Pipeline"), N_("Pipeline id"), N_("Run"), N_("Stage"), N_("Job"), N_("Job id"), N_("Status"),
	N_("Waiting"), N_("Started"), N_("Finished"), N_("Pass"), N_("Refuse"), N_("Who may act"),
};

static const struct column columns[] = {
	{ N_("FIELD"), 12, 12, false, false, false },
	{ N_("VALUE"), 40, 10, true, false, false },
};

static const char *job_value(const struct tui *t, const struct flow_job *job, enum field f, char *buf, size_t n)
{
	const char *pipeline = nav_pipeline_name(t);

	switch (f) {
	case FIELD_PIPELINE: return pipeline ? pipeline : "-";
	case FIELD_PIPELINE_ID: snprintf(buf, n, "%" PRId64, t->pipeline_id); return buf;
	case FIELD_RUN: snprintf(buf, n, "#%" PRId64 " %s", t->run_id, flow_status_label(t->run.status)); return buf;
	case FIELD_STAGE: return job->stage_name;
	case FIELD_JOB: return job->name;
	case FIELD_JOB_ID: return job->id;
	case FIELD_STATUS: return flow_status_label(job->status);
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

#define JOB_LABEL_CELLS 12
#define JOB_CHUNK_BYTES sizeof(((struct row *)0)->buf[1])   /* a row's own buffer */

/* The next piece of the name that fits `cells` and a row's buffer; bytes taken from s. */
static size_t job_name_piece(const char *s, int cells)
{
	size_t n = text_wrap(s, cells);

	while (n >= JOB_CHUNK_BYTES && cells > 1)
		n = text_wrap(s, --cells);
	return n;
}

/*
 * The rows of the detail, one after the other: fields, the job's name wrapped over as many rows
 * as it needs, then the run's context. Row `want` goes into out (when not NULL); returns the
 * number of rows there are.
 */
struct job_walk {
	size_t want, n;
	struct row *out;
};

static void job_put(struct job_walk *w, const char *label, const char *value)
{
	if (w->out && w->n == w->want) {
		if (label != w->out->buf[0])
			snprintf(w->out->buf[0], sizeof(w->out->buf[0]), "%s", label);
		w->out->cell[0] = w->out->buf[0];
		w->out->cell[1] = value ? value : "-";
	}
	w->n++;
}

static void job_put_name(struct job_walk *w, const char *name)
{
	int cells = COLS - JOB_LABEL_CELLS - 1;
	char *clean = text_sanitize(name, strlen(name), theme_glyphs()->ascii);
	const char *p = clean;
	bool first = true;

	do {
		size_t k = job_name_piece(p, cells > 1 ? cells : 1);

		if (w->out && w->n == w->want) {
			snprintf(w->out->buf[1], sizeof(w->out->buf[1]), "%.*s", (int)k, p);
			job_put(w, first ? _(labels[FIELD_JOB]) : "", w->out->buf[1]);
		} else {
			job_put(w, "", NULL);
		}
		first = false;
		p += k;
	} while (*p);
	free(clean);
}

static void job_put_sources(struct job_walk *w, const struct flow_run_detail *run)
{
	for (size_t i = 0; i < run->nsources; i++) {
		const struct flow_source *src = &run->sources[i];

		if (w->out && w->n == w->want) {
			snprintf(w->out->buf[1], sizeof(w->out->buf[1]), "%s %s", src->type, src->name);
			job_put(w, _("Source"), w->out->buf[1]);
		} else {
			job_put(w, "", NULL);
		}
		for (size_t j = 0; j < src->ndata; j++) {
			if (w->out && w->n == w->want)
				snprintf(w->out->buf[0], sizeof(w->out->buf[0]), "  %s", src->data[j].key);
			job_put(w, w->out ? w->out->buf[0] : "", src->data[j].value);
		}
	}
}

static void job_put_context(struct job_walk *w, const struct tui *t, const struct flow_job *job)
{
	const struct flow_run_detail *run = &t->run;

	job_put(w, _("Trigger"), flow_trigger_name(run->trigger_mode));
	job_put(w, _("Started by"), *run->creator ? run->creator : *run->creator_id ? run->creator_id : "-");
	job_put_sources(w, run);
	for (size_t i = 0; i < run->nparams; i++)
		job_put(w, run->params[i].key, run->params[i].hidden ? _("(hidden)") : run->params[i].value);
	for (size_t i = 0; i < run->nstages && (int)i < job->stage_index; i++)
		job_put(w, run->stages[i].name, flow_status_label(run->stages[i].status));
}

static size_t job_walk(const struct tui *t, const struct flow_job *job, size_t want, struct row *out)
{
	struct job_walk w = { want, 0, out };

	for (int f = 0; f < FIELD_COUNT; f++) {
		char *buf = out ? out->buf[1] : NULL;

		if (f == FIELD_JOB)
			job_put_name(&w, job->name);
		else if (out && w.n == want)
			job_put(&w, _(labels[f]), job_value(t, job, (enum field)f, buf, sizeof(out->buf[1])));
		else
			w.n++;
	}
	job_put_context(&w, t, job);
	return w.n;
}

static size_t job_count(const struct tui *t)
{
	const struct flow_job *job = view_current_job(t);

	return job ? job_walk(t, job, SIZE_MAX, NULL) : 0;
}

static void job_row(const struct tui *t, size_t i, struct row *out)
{
	job_walk(t, view_current_job(t), i, out);
}

static void job_ident(const struct tui *t, size_t i, struct strbuf *out)
{
	(void)t;
	strbuf_printf(out, "%zu", i);
}

static void job_empty(const struct tui *t, struct strbuf *out)
{
	(void)t;
	strbuf_puts(out, _("This job is no longer part of the run (b goes back)."));
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
