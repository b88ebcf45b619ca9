#include "config.h"

#include "flow/model.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

bool flow_job_is_gate(const struct flow_job *job)
{
	return job && (job->gate & (FLOW_GATE_HAS_PASS | FLOW_GATE_HAS_REFUSE));
}

bool flow_job_is_pending_gate(const struct flow_job *job)
{
	if (!flow_job_is_gate(job) || !job->status)
		return false;
	return strcmp(job->status, "WAITING") == 0 || strcmp(job->status, "SWITCH_MANUAL") == 0;
}

size_t flow_run_pending_gates(const struct flow_run_detail *run)
{
	size_t n = 0;
	if (!run)
		return 0;
	for (size_t i = 0; i < run->njobs; i++)
		if (flow_job_is_pending_gate(&run->jobs[i]))
			n++;
	return n;
}

const struct flow_job *flow_run_find_job(const struct flow_run_detail *run, const char *job_id)
{
	if (!run || !job_id || !*job_id)
		return NULL;
	for (size_t i = 0; i < run->njobs; i++)
		if (run->jobs[i].id && strcmp(run->jobs[i].id, job_id) == 0)
			return &run->jobs[i];
	return NULL;
}

void flow_pipeline_clear(struct flow_pipeline *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->creator_id);
	memset(p, 0, sizeof(*p));
}

void flow_run_clear(struct flow_run *r)
{
	if (!r)
		return;
	free(r->status);
	free(r->creator_id);
	memset(r, 0, sizeof(*r));
}

void flow_job_log_free(struct flow_job_log *l)
{
	if (!l)
		return;
	free(l->content);
	memset(l, 0, sizeof(*l));
}

void flow_pipeline_list_free(struct flow_pipeline_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		flow_pipeline_clear(&l->items[i]);
	free(l->items);
	free(l->next_token);
	memset(l, 0, sizeof(*l));
	l->total = -1;
}

void flow_run_list_free(struct flow_run_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		flow_run_clear(&l->items[i]);
	free(l->items);
	free(l->next_token);
	memset(l, 0, sizeof(*l));
	l->total = -1;
}

static void job_free(struct flow_job *j)
{
	free(j->id);
	free(j->name);
	free(j->status);
	free(j->stage_name);
	free(j->validators);
}

static void source_free(struct flow_source *s)
{
	for (size_t i = 0; i < s->ndata; i++) {
		free(s->data[i].key);
		free(s->data[i].value);
	}
	free(s->data);
	free(s->type);
	free(s->name);
}

void flow_run_detail_free(struct flow_run_detail *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->njobs; i++)
		job_free(&r->jobs[i]);
	for (size_t i = 0; i < r->nstages; i++) {
		free(r->stages[i].name);
		free(r->stages[i].status);
	}
	for (size_t i = 0; i < r->nsources; i++)
		source_free(&r->sources[i]);
	for (size_t i = 0; i < r->nparams; i++) {
		free(r->params[i].key);
		free(r->params[i].value);
	}
	free(r->jobs);
	free(r->stages);
	free(r->sources);
	free(r->params);
	free(r->status);
	free(r->creator);
	free(r->creator_id);
	memset(r, 0, sizeof(*r));
}

/* into's array grown by from's items; their strings change owner, nothing is copied deeply. */
static void *items_append(void *into, size_t into_n, const void *from, size_t from_n, size_t size)
{
	if (!from_n)
		return into;
	into = xrealloc(into, (into_n + from_n) * size);
	memcpy((char *)into + into_n * size, from, from_n * size);
	return into;
}

/* The newest page decides where the next one starts and how many there are in all. */
static void paging_take(char **into_token, int64_t *into_total, char **from_token, int64_t *from_total)
{
	free(*into_token);
	*into_token = *from_token;
	*from_token = NULL;
	if (*from_total >= 0)
		*into_total = *from_total;
	*from_total = -1;
}

void flow_pipeline_list_take(struct flow_pipeline_list *into, struct flow_pipeline_list *from)
{
	if (into == from)
		return;
	into->items = items_append(into->items, into->n, from->items, from->n, sizeof(*into->items));
	into->n += from->n;
	free(from->items);
	from->items = NULL;
	from->n = 0;
	paging_take(&into->next_token, &into->total, &from->next_token, &from->total);
}

void flow_run_list_take(struct flow_run_list *into, struct flow_run_list *from)
{
	if (into == from)
		return;
	into->items = items_append(into->items, into->n, from->items, from->n, sizeof(*into->items));
	into->n += from->n;
	free(from->items);
	from->items = NULL;
	from->n = 0;
	paging_take(&into->next_token, &into->total, &from->next_token, &from->total);
}

const char *flow_job_may(const struct flow_job *job)
{
	bool pass = job->gate & FLOW_GATE_CAN_PASS, refuse = job->gate & FLOW_GATE_CAN_REFUSE;

	if (!flow_job_is_pending_gate(job))
		return "";
	if (pass && refuse)
		return _("pass, refuse");
	if (pass || refuse)
		return pass ? _("pass") : _("refuse");
	return _("not allowed");
}

const char *flow_trigger_name(int trigger_mode)
{
	switch (trigger_mode) {
	case 1: return _("manual");
	case 2: return _("scheduled");
	case 3: return _("commit");
	case 5: return _("pipeline");
	case 6: return _("webhook");
	default: return "-";
	}
}

/*
 * The statuses the API documents. "WAITING" is also a column heading (how long a gate has
 * waited), so the status words have a context of their own.
 */
static const char *const status_labels[] = {
	NC_("status", "INIT"),    NC_("status", "WAITING"),  NC_("status", "SWITCH_MANUAL"), NC_("status", "RUNNING"),
	NC_("status", "SUCCESS"), NC_("status", "FAIL"),     NC_("status", "CANCELED"),      NC_("status", "SKIPPED"),
};

const char *flow_status_label(const char *status)
{
	if (!status)
		return "-";
	for (size_t i = 0; i < sizeof(status_labels) / sizeof(status_labels[0]); i++)
		if (strcmp(strchr(status_labels[i], '\004') + 1, status) == 0)
			return i18n_pgettext(status_labels[i]);
	return status;
}

const char *flow_source_get(const struct flow_source *src, const char *key)
{
	if (!src || !key)
		return NULL;
	for (size_t i = 0; i < src->ndata; i++)
		if (strcmp(src->data[i].key, key) == 0)
			return src->data[i].value;
	return NULL;
}

/* The first of `keys` the source has with a non-empty value. */
static const char *source_any(const struct flow_source *src, const char *const *keys)
{
	for (; *keys; keys++) {
		const char *v = flow_source_get(src, *keys);
		if (v && *v)
			return v;
	}
	return NULL;
}

#define SHORT_COMMIT 7

/* The first SHORT_COMMIT characters (not bytes: a hostile id may not be hex) of a commit id. */
static void put_short_commit(struct strbuf *sb, const char *id)
{
	size_t n = 0, chars = 0;
	while (id[n]) {
		if (((unsigned char)id[n] & 0xC0) != 0x80 && chars++ == SHORT_COMMIT)
			break;
		n++;
	}
	strbuf_append(sb, id, n);
}

/* Where the text of a message's first line that holds more than blanks begins; NULL when none does. */
static const char *first_line(const char *msg)
{
	for (const char *p = msg; *p; p += strcspn(p, "\r\n"), p += strspn(p, "\r\n")) {
		size_t blanks = strspn(p, " \t");
		if (p[blanks] && !strchr("\r\n", p[blanks]))
			return p + blanks;
	}
	return NULL;
}

char *flow_run_summary(const struct flow_run_detail *run)
{
	static const char *const branch_keys[] = { "branch", NULL };
	static const char *const commit_keys[] = { "commitId", "commit", NULL };
	static const char *const message_keys[] = { "commitMsg", "commitMessage", "message", NULL };
	for (size_t i = 0; run && i < run->nsources; i++) {
		const struct flow_source *src = &run->sources[i];
		const char *branch = source_any(src, branch_keys), *commit = source_any(src, commit_keys);
		const char *msg = source_any(src, message_keys);
		if (!branch && !commit)
			continue;
		struct strbuf sb = STRBUF_INIT;
		if (branch)
			strbuf_puts(&sb, branch);
		if (commit) {
			strbuf_puts(&sb, branch ? " @ " : "");
			put_short_commit(&sb, commit);
		}
		msg = msg ? first_line(msg) : NULL;
		size_t line = msg ? strcspn(msg, "\r\n") : 0;
		if (line) {
			strbuf_putc(&sb, ' ');
			strbuf_append(&sb, msg, line);
		}
		return strbuf_detach(&sb);
	}
	return NULL;
}
