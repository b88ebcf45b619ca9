#include "config.h"

#include "cli.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/inbox.h"
#include "flow/model.h"
#include "flow/pager.h"
#include "flow/url.h"
#include "util/i18n.h"
#include "util/clock.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/timefmt.h"
#include "util/xalloc.h"

#define PAGE_SIZE 50

struct cli {
	struct session *s;
	const struct options *o;
	bool json;
	bool ascii;                /* the terminal's charset cannot show UTF-8 */
};

/* ---- output helpers ------------------------------------------------------------------------ */

static char *clean(const struct cli *c, const char *s)
{
	return text_sanitize(s, s ? strlen(s) : 0, c->ascii);
}

struct table {
	size_t ncols;
	size_t nrows;
	char **cells;              /* row-major, sanitised, owned */
};

static void table_row(const struct cli *c, struct table *t, const char *const *cells)
{
	t->cells = xrealloc(t->cells, (t->nrows + 1) * t->ncols * sizeof(*t->cells));
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = clean(c, cells[i]);
	t->nrows++;
}

/* Columns aligned by display width: names are often Chinese, two cells a character. */
static void table_print(const struct cli *c, struct table *t)
{
	int *width = xcalloc(t->ncols, sizeof(*width));
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t i = 0; i < t->ncols; i++) {
			int w = text_width(t->cells[r * t->ncols + i]);
			width[i] = w > width[i] ? w : width[i];
		}
	struct strbuf line = STRBUF_INIT;
	for (size_t r = 0; r < t->nrows; r++) {
		strbuf_reset(&line);
		for (size_t i = 0; i < t->ncols; i++) {
			bool last = i + 1 == t->ncols;
			text_fit(&line, t->cells[r * t->ncols + i], width[i], !last, c->ascii);
			if (!last)
				strbuf_puts(&line, "  ");
		}
		puts(strbuf_cstr(&line));
	}
	strbuf_free(&line);
	free(width);
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
}

/*
 * value made inert for JSON: line breaks and tabs stay (JSON escapes them; a CR before a line
 * break is dropped, as in the text output), every other control character is replaced.
 */
static char *json_text(const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = value;

	for (;;) {
		size_t n = strcspn(p, "\n\t");
		size_t kept = p[n] == '\n' && n && p[n - 1] == '\r' ? n - 1 : n;
		char *part = text_sanitize(p, kept, false);
		strbuf_puts(&sb, part);
		free(part);
		if (!p[n])
			return strbuf_detach(&sb);
		strbuf_putc(&sb, p[n]);
		p += n + 1;
	}
}

static void json_add_string(const struct cli *c, cJSON *obj, const char *key, const char *value)
{
	if (!value) {
		cJSON_AddNullToObject(obj, key);
		return;
	}
	/* Always UTF-8, whatever the locale: JSON is read by programs, not shown by the terminal. */
	(void)c;
	char *s = json_text(value);
	cJSON_AddStringToObject(obj, key, s);
	free(s);
}

static void json_print(cJSON *root)
{
	char *s = cJSON_PrintUnformatted(root);
	if (!s)
		xalloc_die();
	puts(s);
	free(s);
	cJSON_Delete(root);
}

/* ---- requests ------------------------------------------------------------------------------ */

static enum flow_status parse_pipelines(const struct flow_request *req, const struct flow_reply *r,
                                        enum flow_backend b, struct flow_result *res, void *out)
{
	(void)req;
	return flow_parse_pipelines(r, b, res, out);
}

static enum flow_status parse_runs(const struct flow_request *req, const struct flow_reply *r, enum flow_backend b,
                                   struct flow_result *res, void *out)
{
	(void)req;
	return flow_parse_runs(r, b, res, out);
}

static enum flow_status parse_run(const struct flow_request *req, const struct flow_reply *r, enum flow_backend b,
                                  struct flow_result *res, void *out)
{
	(void)req;
	return flow_parse_run(r, b, res, out);
}

/* A page being read: the list's own parser, and the size of the reply for the pager's caps. */
struct page_read {
	session_parse_fn parse;
	void *page;
	size_t bytes;
};

static enum flow_status parse_counted(const struct flow_request *req, const struct flow_reply *r, enum flow_backend b,
                                      struct flow_result *res, void *user)
{
	struct page_read *pr = user;

	pr->bytes = r->body_len;
	return pr->parse(req, r, b, res, pr->page);
}

/* The error of a read: the mapped message and the code on stderr (and the same as JSON on stdout). */
static int report_failure(const struct cli *c, const struct outcome *oc)
{
	const struct flow_result *r = &oc->res;
	char *line = outcome_read_line(oc->message ? oc->message : _("failed"), r->http_status, r->error_code,
	                               r->request_id);
	char *shown = clean(c, line);

	fflush(stdout);   /* what came before stays before, when both go to one file */
	fprintf(stderr, "flowgate: %s\n", shown);
	free(shown);
	free(line);
	if (c->json) {
		cJSON *root = cJSON_CreateObject();
		cJSON_AddBoolToObject(root, "ok", 0);
		cJSON_AddNumberToObject(root, "httpStatus", (double)r->http_status);
		json_add_string(c, root, "requestId", r->request_id);
		json_add_string(c, root, "errorCode", r->error_code);
		json_add_string(c, root, "message", oc->message);
		json_print(root);
	}
	return outcome_exit_code(oc);
}

static int usage_failure(const char *err)
{
	fprintf(stderr, "flowgate: %s\n", err);
	return EXIT_USAGE;
}

/* ---- lists, page by page ------------------------------------------------------------------ */

/* What differs between the lists: how to ask for a page, and how the pager takes a parsed one. */
struct list_kind {
	int (*request)(const struct cli *c, const char *token, struct flow_request *req, char *err, size_t errlen);
	session_parse_fn parse;
	enum flow_pager_state (*take)(struct flow_pager *p, const struct flow_request *req, size_t bytes,
	                              int64_t elapsed_ms, void *page, void *all);
};

/* A walk that a cap stopped: the list is not whole, and that is an error, never a short list. */
static int report_capped(const struct cli *c, const struct flow_pager *p)
{
	char why[160];
	struct outcome oc = { .kind = OUTCOME_UNKNOWN, .cause = CAUSE_UNUSABLE };   /* exit 5 */
	flow_pager_describe(p, why, sizeof(why));
	oc.message = xasprintf(_("stopped: %s"), why);
	int rc = report_failure(c, &oc);
	outcome_free(&oc);
	return rc;
}

/* Follows the pages to the end of the list, each item once, within the pager's caps. */
static int fetch_all(const struct cli *c, const struct list_kind *k, void *all, void *page)
{
	char err[256];
	struct flow_pager pager;
	enum flow_pager_state state = FLOW_PAGER_MORE;
	int64_t started = clock_monotonic_ms();
	int rc = EXIT_OK;

	flow_pager_init(&pager, &FLOW_PAGER_CAPS_DEFAULT, NULL);
	while (rc == EXIT_OK && state == FLOW_PAGER_MORE) {
		struct flow_request req = { 0 };
		struct outcome oc;
		size_t bytes = 0;
		if (k->request(c, flow_pager_token(&pager), &req, err, sizeof(err)) != 0) {
			rc = usage_failure(err);
			break;
		}
		struct page_read pr = { k->parse, page, 0 };
		session_fetch(c->s, &req, parse_counted, &pr, &oc);
		bytes = pr.bytes;
		rc = oc.kind == OUTCOME_OK ? EXIT_OK : report_failure(c, &oc);
		outcome_free(&oc);
		if (rc == EXIT_OK)
			state = k->take(&pager, &req, bytes, clock_monotonic_ms() - started, page, all);
		flow_request_free(&req);
	}
	if (rc == EXIT_OK && state != FLOW_PAGER_DONE)
		rc = report_capped(c, &pager);
	flow_pager_free(&pager);
	return rc;
}

/* ---- pipelines ----------------------------------------------------------------------------- */

static int request_pipelines(const struct cli *c, const char *token, struct flow_request *req, char *err,
                             size_t errlen)
{
	return flow_req_list_pipelines(req, &c->s->target, NULL, PAGE_SIZE, token, err, errlen);
}

static enum flow_pager_state take_pipelines(struct flow_pager *p, const struct flow_request *req, size_t bytes,
                                            int64_t elapsed_ms, void *page, void *all)
{
	return flow_pager_take_pipelines(p, req, bytes, elapsed_ms, page, all);
}

static int fetch_pipelines(const struct cli *c, struct flow_pipeline_list *all)
{
	static const struct list_kind kind = { request_pipelines, parse_pipelines, take_pipelines };
	struct flow_pipeline_list page = { 0 };
	int rc = fetch_all(c, &kind, all, &page);
	flow_pipeline_list_free(&page);
	return rc;
}

static int cmd_pipelines(const struct cli *c)
{
	struct flow_pipeline_list all = { 0 };
	int rc = fetch_pipelines(c, &all);
	if (rc != EXIT_OK)
		goto out;
	if (c->json) {
		cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "pipelines");
		cJSON_AddBoolToObject(root, "ok", 1);
		for (size_t i = 0; i < all.n; i++) {
			cJSON *p = cJSON_CreateObject();
			cJSON_AddNumberToObject(p, "id", (double)all.items[i].id);
			json_add_string(c, p, "name", all.items[i].name);
			cJSON_AddNumberToObject(p, "createTime", (double)all.items[i].create_time);
			cJSON_AddItemToArray(arr, p);
		}
		json_print(root);
		goto out;
	}
	struct table t = { .ncols = 3 };
	table_row(c, &t, (const char *const[]){ _("PIPELINE"), _("CREATED"), _("NAME") });
	for (size_t i = 0; i < all.n; i++) {
		char id[24], created[20];
		snprintf(id, sizeof(id), "%lld", (long long)all.items[i].id);
		timefmt_local(created, sizeof(created), all.items[i].create_time, TIMEFMT_DATE_TIME);
		table_row(c, &t, (const char *const[]){ id, created, all.items[i].name ? all.items[i].name : "" });
	}
	table_print(c, &t);
	table_free(&t);
out:
	flow_pipeline_list_free(&all);
	return rc;
}

/* ---- runs ---------------------------------------------------------------------------------- */

static int request_runs(const struct cli *c, const char *token, struct flow_request *req, char *err,
                        size_t errlen)
{
	char status[16] = "";
	for (size_t i = 0; c->o->status && i < sizeof(status) - 1 && c->o->status[i]; i++)
		status[i] = (char)toupper((unsigned char)c->o->status[i]);
	return flow_req_list_runs(req, &c->s->target, c->o->pipeline, *status ? status : NULL, PAGE_SIZE, token, 0,
	                          err, errlen);
}

static enum flow_pager_state take_runs(struct flow_pager *p, const struct flow_request *req, size_t bytes,
                                       int64_t elapsed_ms, void *page, void *all)
{
	return flow_pager_take_runs(p, req, bytes, elapsed_ms, page, all);
}

static int fetch_runs(const struct cli *c, struct flow_run_list *all)
{
	static const struct list_kind kind = { request_runs, parse_runs, take_runs };
	struct flow_run_list page = { 0 };
	int rc = fetch_all(c, &kind, all, &page);
	flow_run_list_free(&page);
	return rc;
}

static int newest_first(const void *a, const void *b)
{
	const struct flow_run *x = a, *y = b;
	if (x->start_time != y->start_time)
		return x->start_time < y->start_time ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

static int cmd_runs(const struct cli *c)
{
	struct flow_run_list all = { 0 };
	int rc = fetch_runs(c, &all);
	if (rc != EXIT_OK)
		goto out;
	if (all.n > 1)
		qsort(all.items, all.n, sizeof(all.items[0]), newest_first);
	if (c->json) {
		cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "runs");
		cJSON_AddBoolToObject(root, "ok", 1);
		for (size_t i = 0; i < all.n; i++) {
			const struct flow_run *r = &all.items[i];
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "id", (double)r->id);
			cJSON_AddNumberToObject(o, "pipelineId", (double)r->pipeline_id);
			json_add_string(c, o, "status", r->status);
			cJSON_AddNumberToObject(o, "startTime", (double)r->start_time);
			cJSON_AddNumberToObject(o, "endTime", (double)r->end_time);
			cJSON_AddNumberToObject(o, "triggerMode", r->trigger_mode);
			cJSON_AddItemToArray(arr, o);
		}
		json_print(root);
		goto out;
	}
	struct table t = { .ncols = 4 };
	table_row(c, &t, (const char *const[]){ _("RUN"), _("STATUS"), _("STARTED"), _("TRIGGER") });
	for (size_t i = 0; i < all.n; i++) {
		const struct flow_run *r = &all.items[i];
		char id[24], started[20];
		snprintf(id, sizeof(id), "%lld", (long long)r->id);
		timefmt_local(started, sizeof(started), r->start_time, TIMEFMT_DATE_TIME);
		table_row(c, &t, (const char *const[]){ id, flow_status_label(r->status), started,
		                                         flow_trigger_name(r->trigger_mode) });
	}
	table_print(c, &t);
	table_free(&t);
out:
	flow_run_list_free(&all);
	return rc;
}

/* ---- gates --------------------------------------------------------------------------------- */

static int fetch_run(const struct cli *c, int64_t pipeline, int64_t run, struct flow_run_detail *out)
{
	char err[256];
	struct flow_request req = { 0 };
	struct outcome oc;
	if (flow_req_get_run(&req, &c->s->target, pipeline, run, err, sizeof(err)) != 0)
		return usage_failure(err);
	session_fetch(c->s, &req, parse_run, out, &oc);
	flow_request_free(&req);
	int rc = oc.kind == OUTCOME_OK ? EXIT_OK : report_failure(c, &oc);
	outcome_free(&oc);
	return rc;
}

/* The fields a gate has in every JSON list: gates --json and inbox --json. */
static void json_gate_fields(const struct cli *c, cJSON *o, const struct flow_job *j, const char *url)
{
	json_add_string(c, o, "job", j->id);
	json_add_string(c, o, "name", j->name);
	json_add_string(c, o, "stage", j->stage_name);
	json_add_string(c, o, "status", j->status);
	cJSON_AddNumberToObject(o, "startTime", (double)j->start_time);
	cJSON_AddBoolToObject(o, "canPass", (j->gate & FLOW_GATE_CAN_PASS) != 0);
	cJSON_AddBoolToObject(o, "canRefuse", (j->gate & FLOW_GATE_CAN_REFUSE) != 0);
	json_add_string(c, o, "validators", j->validators);
	json_add_string(c, o, "url", url);
}

/* What the run would release and how it came: never a masked or encrypted parameter's value. */
static cJSON *run_context_json(const struct cli *c, const struct flow_run_detail *run, const char *url)
{
	cJSON *o = cJSON_CreateObject(), *sources = cJSON_AddArrayToObject(o, "sources");

	for (size_t i = 0; i < run->nsources; i++) {
		const struct flow_source *src = &run->sources[i];
		cJSON *so = cJSON_CreateObject(), *data = cJSON_CreateObject();
		json_add_string(c, so, "type", src->type);
		json_add_string(c, so, "name", src->name);
		for (size_t k = 0; k < src->ndata; k++)
			json_add_string(c, data, src->data[k].key, src->data[k].value);
		cJSON_AddItemToObject(so, "data", data);
		cJSON_AddItemToArray(sources, so);
	}
	cJSON_AddNumberToObject(o, "triggerMode", run->trigger_mode);
	json_add_string(c, o, "creator", run->creator);
	json_add_string(c, o, "creatorAccountId", run->creator_id);
	cJSON *params = cJSON_AddArrayToObject(o, "globalParams");
	for (size_t i = 0; i < run->nparams; i++) {
		if (run->params[i].hidden || !run->params[i].value)
			continue;
		cJSON *po = cJSON_CreateObject();
		json_add_string(c, po, "key", run->params[i].key);
		json_add_string(c, po, "value", run->params[i].value);
		cJSON_AddItemToArray(params, po);
	}
	cJSON *stages = cJSON_AddArrayToObject(o, "stages");
	for (size_t i = 0; i < run->nstages; i++) {
		cJSON *st = cJSON_CreateObject();
		json_add_string(c, st, "name", run->stages[i].name);
		json_add_string(c, st, "status", run->stages[i].status);
		cJSON_AddItemToArray(stages, st);
	}
	char *summary = flow_run_summary(run);
	json_add_string(c, o, "summary", summary);
	free(summary);
	json_add_string(c, o, "url", url);
	return o;
}

static void gates_json(const struct cli *c, const struct flow_run_detail *run, const char *url)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	cJSON_AddNumberToObject(root, "pipelineId", (double)run->pipeline_id);
	cJSON_AddNumberToObject(root, "runId", (double)run->id);
	json_add_string(c, root, "runStatus", run->status);
	cJSON_AddItemToObject(root, "run", run_context_json(c, run, url));
	cJSON *arr = cJSON_AddArrayToObject(root, c->o->all ? "jobs" : "gates");
	for (size_t i = 0; i < run->njobs; i++) {
		const struct flow_job *j = &run->jobs[i];
		if (!c->o->all && !flow_job_is_pending_gate(j))
			continue;
		cJSON *o = cJSON_CreateObject();
		json_gate_fields(c, o, j, url);
		cJSON_AddBoolToObject(o, "gate", flow_job_is_gate(j));
		cJSON_AddBoolToObject(o, "pending", flow_job_is_pending_gate(j));
		cJSON_AddItemToArray(arr, o);
	}
	json_print(root);
}

/* The one line on the code the run builds, above the table; nothing when no source says. */
static void print_summary(const struct cli *c, const struct flow_run_detail *run)
{
	char *summary = flow_run_summary(run);
	if (!summary)
		return;
	char *shown = clean(c, summary);
	printf("%s\n", shown);
	free(shown);
	free(summary);
}

static void gates_table(const struct cli *c, const struct flow_run_detail *detail)
{
	bool all = c->o->all;
	struct table t = { .ncols = all ? 7 : 6 };
	const char *head[] = { _("JOB"), _("STAGE"), _("STATUS"), _("WAITING"), _("YOU MAY"), _("NAME"), _("WHO MAY ACT") };
	table_row(c, &t, head);
	time_t now = time(NULL);
	for (size_t i = 0; i < detail->njobs; i++) {
		const struct flow_job *j = &detail->jobs[i];
		if (!all && !flow_job_is_pending_gate(j))
			continue;
		char age[16];
		timefmt_age(age, sizeof(age), j->start_time, (int64_t)now);
		const char *row[] = { j->id, j->stage_name ? j->stage_name : "-", flow_status_label(j->status),
		                      flow_job_is_pending_gate(j) ? age : "-", flow_job_may(j), j->name ? j->name : "",
		                      j->validators ? j->validators : "-" };
		table_row(c, &t, row);
	}
	if (t.nrows > 1) {
		print_summary(c, detail);
		table_print(c, &t);
	} else {
		char *status = clean(c, detail->status ? flow_status_label(detail->status) : _("unknown"));
		if (all)
			printf(_("no jobs in run %lld (run status %s)\n"), (long long)detail->id, status);
		else
			printf(_("no pending manual gates in run %lld (run status %s)\n"), (long long)detail->id, status);
		free(status);
	}
	table_free(&t);
}

static int cmd_gates(const struct cli *c)
{
	struct flow_run_detail detail = { 0 };
	int rc = fetch_run(c, c->o->pipeline, c->o->run, &detail);
	if (rc == EXIT_OK && c->json) {
		char *url = flow_url_of_run(NULL, c->o->pipeline, c->o->run);
		gates_json(c, &detail, url);
		free(url);
	} else if (rc == EXIT_OK) {
		gates_table(c, &detail);
	}
	flow_run_detail_free(&detail);
	return rc;
}

/* ---- inbox --------------------------------------------------------------------------------- */

/* A gate of the inbox seen as the job it was copied from, for what is said of every gate. */
static struct flow_job inbox_job(const struct inbox_gate *g)
{
	return (struct flow_job){ .id = g->job, .name = g->name, .status = g->status, .start_time = g->start_time,
	                          .stage_name = g->stage, .gate = g->gate, .validators = g->validators };
}

static bool inbox_shows(const struct cli *c, const struct inbox_gate *g)
{
	return !c->o->mine || (g->gate & (FLOW_GATE_CAN_PASS | FLOW_GATE_CAN_REFUSE));
}

static void inbox_json(const struct cli *c, const struct inbox *ib)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", inbox_nfailures(ib) == 0);
	cJSON *arr = cJSON_AddArrayToObject(root, "gates");
	for (size_t i = 0; i < inbox_count(ib); i++) {
		const struct inbox_gate *g = inbox_at(ib, i);
		if (!inbox_shows(c, g))
			continue;
		struct flow_job j = inbox_job(g);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "pipelineId", (double)g->pipeline_id);
		json_add_string(c, o, "pipelineName", g->pipeline_name);
		cJSON_AddNumberToObject(o, "runId", (double)g->run_id);
		json_gate_fields(c, o, &j, g->url);
		cJSON_AddItemToArray(arr, o);
	}
	cJSON *fails = cJSON_AddArrayToObject(root, "failures");
	for (size_t i = 0; i < inbox_nfailures(ib); i++) {
		const struct inbox_failure *f = inbox_failure_at(ib, i);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "pipelineId", (double)f->pipeline_id);
		json_add_string(c, o, "pipelineName", f->pipeline_name);
		cJSON_AddNumberToObject(o, "exitCode", f->exit_code);
		json_add_string(c, o, "message", f->message);
		cJSON_AddItemToArray(fails, o);
	}
	json_print(root);
}

static void inbox_table(const struct cli *c, const struct inbox *ib)
{
	struct table t = { .ncols = 7 };
	const char *head[] = { _("PIPELINE"), _("RUN"), _("STAGE"), _("JOB"), _("WAITING"), _("YOU MAY"), _("NAME") };
	table_row(c, &t, head);
	time_t now = time(NULL);
	for (size_t i = 0; i < inbox_count(ib); i++) {
		const struct inbox_gate *g = inbox_at(ib, i);
		if (!inbox_shows(c, g))
			continue;
		struct flow_job j = inbox_job(g);
		char run[24], age[16];
		snprintf(run, sizeof(run), "%" PRId64, g->run_id);
		timefmt_age(age, sizeof(age), g->start_time, (int64_t)now);
		const char *row[] = { g->pipeline_name, run, g->stage, g->job, age, flow_job_may(&j), g->name };
		table_row(c, &t, row);
	}
	if (t.nrows > 1)
		table_print(c, &t);
	else if (!inbox_nfailures(ib))   /* after a failure, "no gates" would not be true */
		fputs(c->o->mine ? _("no pending manual gates that you may pass or refuse\n")
		                 : _("no pending manual gates in the organization's running runs\n"),
		      stdout);
	table_free(&t);
}

/* Each part that failed, on stderr; the exit code is the first one's. */
static int inbox_failures(const struct cli *c, const struct inbox *ib)
{
	int rc = EXIT_OK;

	fflush(stdout);
	for (size_t i = 0; i < inbox_nfailures(ib); i++) {
		const struct inbox_failure *f = inbox_failure_at(ib, i);
		if (f->pipeline_id) {
			char *name = clean(c, f->pipeline_name ? f->pipeline_name : "");
			fprintf(stderr, _("flowgate: pipeline %lld %s: %s\n"), (long long)f->pipeline_id, name, f->message);
			free(name);
		} else {
			fprintf(stderr, _("flowgate: the list of running pipelines: %s\n"), f->message);
		}
		if (rc == EXIT_OK)
			rc = f->exit_code;
	}
	return rc;
}

static int cmd_inbox(const struct cli *c)
{
	struct inbox *ib = inbox_new(c->s, (unsigned)c->s->conf.parallel, NULL, NULL);

	inbox_refresh(ib);
	while (inbox_busy(ib)) {
		int wait = inbox_timeout_ms(ib);
		session_poll(c->s, NULL, 0, wait < 0 || wait > 250 ? 250 : wait);
		session_progress(c->s);
		inbox_tick(ib);
	}
	if (c->json)
		inbox_json(c, ib);
	else
		inbox_table(c, ib);
	int rc = inbox_failures(c, ib);
	if (c->s->conf.verbose == CONF_YES) {
		struct inbox_stats st;
		inbox_stats(ib, &st);
		fprintf(stderr, _("flowgate: inbox: %lu requests, at most %u at once, %lu throttled\n"), st.requests,
		        st.peak_in_flight, st.throttled);
	}
	inbox_free(ib);
	return rc;
}

/* ---- log ----------------------------------------------------------------------------------- */

static enum flow_status parse_log(const struct flow_request *req, const struct flow_reply *r, enum flow_backend b,
                                  struct flow_result *res, void *out)
{
	(void)req;
	return flow_parse_job_log(r, b, res, out);
}

/* Text of many lines, each sanitised on its own: the line breaks stay, every control goes. */
static void print_lines(const struct cli *c, const char *text)
{
	const char *p = text ? text : "";

	while (*p) {
		size_t n = strcspn(p, "\n");
		size_t shown = n && p[n - 1] == '\r' ? n - 1 : n;
		char *line = text_sanitize(p, shown, c->ascii);
		puts(line);
		free(line);
		p += n + (p[n] == '\n');
	}
}

/* A failed read of a job's log names the job: "The parameter is invalid." alone says not which. */
static void outcome_name_job(struct outcome *oc, const struct options *o)
{
	char *m = xasprintf(_("pipeline %lld, run %lld, job %s: %s"), (long long)o->pipeline, (long long)o->run,
	                    o->job, oc->message ? oc->message : _("failed"));
	free(oc->message);
	oc->message = m;
}

#define LOG_READS 5             /* a log that says more is coming is read again, this many times in all at most */
#define LOG_PAUSE_MS 300

/*
 * Reads the job's log until it is whole (more: false), LOG_READS times at most, LOG_PAUSE_MS
 * apart: each answer holds the whole log so far and replaces the one before.
 */
static int fetch_log(const struct cli *c, struct flow_job_log *log)
{
	char err[256];
	struct flow_request req = { 0 };
	int rc = EXIT_OK;

	if (flow_req_job_log(&req, &c->s->target, c->o->pipeline, c->o->run, c->o->job, err, sizeof(err)) != 0)
		return usage_failure(err);
	for (int i = 0; rc == EXIT_OK && i < LOG_READS && (i == 0 || log->more); i++) {
		struct flow_job_log next = { 0 };
		struct outcome oc;
		if (i)
			poll(NULL, 0, LOG_PAUSE_MS);
		session_fetch(c->s, &req, parse_log, &next, &oc);
		if (oc.kind != OUTCOME_OK)
			outcome_name_job(&oc, c->o);
		rc = oc.kind == OUTCOME_OK ? EXIT_OK : report_failure(c, &oc);
		outcome_free(&oc);
		if (rc == EXIT_OK) {
			flow_job_log_free(log);
			*log = next;
		} else {
			flow_job_log_free(&next);
		}
	}
	flow_request_free(&req);
	return rc;
}

/* The log, sanitised line by line; a job still running after the last read says so on stderr. */
static int cmd_log(const struct cli *c)
{
	struct flow_job_log log = { 0 };
	int rc = fetch_log(c, &log);

	if (rc == EXIT_OK && c->json) {
		cJSON *root = cJSON_CreateObject();
		cJSON_AddBoolToObject(root, "ok", 1);
		json_add_string(c, root, "job", c->o->job);
		json_add_string(c, root, "content", log.content);
		cJSON_AddBoolToObject(root, "more", log.more);
		json_print(root);
	} else if (rc == EXIT_OK) {
		print_lines(c, log.content);
		if (log.more) {
			fflush(stdout);
			fprintf(stderr, _("flowgate: the job is still running: this is its log so far\n"));
		}
	}
	flow_job_log_free(&log);
	return rc;
}

/* ---- pass and refuse ----------------------------------------------------------------------- */

static void action_json(const struct cli *c, const char *action, const struct outcome *oc)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", oc->kind == OUTCOME_OK);
	cJSON_AddStringToObject(root, "action", action);
	json_add_string(c, root, "job", c->o->job);
	cJSON_AddNumberToObject(root, "httpStatus", (double)oc->res.http_status);
	json_add_string(c, root, "requestId", oc->res.request_id);
	json_add_string(c, root, "errorCode", oc->res.error_code);
	json_add_string(c, root, "message", oc->message);
	cJSON_AddStringToObject(root, "outcome", outcome_word(oc->kind));
	json_print(root);
}

/* One line on stdout: the outcome, the job, the HTTP status (when an answer came) and the requestId. */
static void action_line(const struct cli *c, const char *action, const struct outcome *oc)
{
	/* TRANSLATORS: what an outcome line on the command line was about: "refuse job 1001". */
	char *what = xasprintf(_("%s job %s"), _(action), c->o->job);
	char *line = outcome_line(what, outcome_headline(oc->kind), oc->res.http_status, NULL,
	                          oc->res.request_id ? oc->res.request_id : "-");
	char *out = clean(c, line);

	printf("%s\n", out);
	free(out);
	free(line);
	free(what);
}

/* On failure: the error code and the mapped message on stderr, and what to do when in doubt. */
static void action_failure(const struct cli *c, const struct outcome *oc)
{
	const char *code = oc->res.error_code, *m = oc->message ? oc->message : _("failed");
	char *line = code && *code ? xasprintf(_("%s: %s"), code, m) : xstrdup(m);
	char *shown = clean(c, line);

	fflush(stdout);   /* the outcome line first, when both go to one file */
	fprintf(stderr, "flowgate: %s\n", shown);
	free(shown);
	free(line);
	if (oc->kind == OUTCOME_UNKNOWN)
		fprintf(stderr, _("flowgate: the server may have acted; check with 'flowgate gates --pipeline %lld "
		                  "--run %lld --all' before trying again\n"), (long long)c->o->pipeline, (long long)c->o->run);
}

/* What an action in flight reports back: its outcome, once. */
struct action_wait {
	const struct cli *c;
	bool finished;
	int rc;
};

static void action_report(void *user, const struct gate_target *g, struct outcome *oc)
{
	struct action_wait *w = user;
	const struct cli *c = w->c;
	const char *action = flow_op_word(g->op);

	if (c->json)
		action_json(c, action, oc);
	else
		action_line(c, action, oc);
	if (oc->kind != OUTCOME_OK)
		action_failure(c, oc);
	if (oc->audit_error)
		fprintf(stderr, "flowgate: %s\n", oc->audit_error);
	w->rc = outcome_exit_code(oc);
	w->finished = true;
}

/*
 * The signals that end flowgate, caught while an action is in flight so that its outcome line
 * (unknown) is written before flowgate dies of them.
 */
static const int action_signals[] = { SIGINT, SIGTERM, SIGHUP };
static int action_sigpipe[2] = { -1, -1 };

static void action_on_signal(int sig)
{
	unsigned char b = (unsigned char)sig;
	int saved = errno;
	ssize_t n = write(action_sigpipe[1], &b, 1);   /* a full pipe holds a signal already */

	(void)n;
	errno = saved;
}

static int action_signals_catch(void)
{
	struct sigaction sa;

	if (pipe(action_sigpipe) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(action_sigpipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(action_sigpipe[i], F_SETFL, O_NONBLOCK);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = action_on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(action_signals) / sizeof(action_signals[0]); i++)
		sigaction(action_signals[i], &sa, NULL);
	return action_sigpipe[0];
}

/* Restores the default actions; returns the first signal caught, 0 if none. */
static int action_signals_release(void)
{
	unsigned char b = 0;

	for (size_t i = 0; i < sizeof(action_signals) / sizeof(action_signals[0]); i++)
		signal(action_signals[i], SIG_DFL);
	if (action_sigpipe[0] >= 0 && read(action_sigpipe[0], &b, 1) != 1)
		b = 0;
	for (int i = 0; i < 2; i++) {
		if (action_sigpipe[i] >= 0)
			close(action_sigpipe[i]);
		action_sigpipe[i] = -1;
	}
	return b;
}

static int cmd_action(const struct cli *c, enum flow_op op)
{
	struct gate_target g = { .op = op, .pipeline = c->o->pipeline, .run = c->o->run, .job = c->o->job };
	struct action_wait w = { .c = c, .rc = EXIT_OK };
	char err[1024];

	int stop_fd = action_signals_catch();
	int rc = session_gate_action(c->s, &g, "cli", action_report, &w, err, sizeof(err));
	if (rc != EXIT_OK) {
		action_signals_release();
		fprintf(stderr, "flowgate: %s\n", err);
		return rc;
	}
	if (session_wait(c->s, &w.finished, stop_fd))
		session_cancel_all(c->s);   /* reports and audits the outcome as unknown or not sent */
	int sig = action_signals_release();
	if (sig) {
		fflush(stdout);
		raise(sig);
	}
	return w.rc;
}

static enum flow_status parse_latest(const struct flow_request *req, const struct flow_reply *r, enum flow_backend b,
                                     struct flow_result *res, void *out)
{
	(void)req;
	return flow_parse_latest_run(r, b, res, out);
}

int cli_resolve_latest(struct session *s, struct options *o)
{
	struct cli c = { .s = s, .o = o, .json = s->conf.json == CONF_YES, .ascii = !text_locale_is_utf8() };
	char err[256];
	struct flow_request req = { 0 };
	struct flow_run run = { 0 };
	struct outcome oc;

	if (!o->latest)
		return EXIT_OK;
	if (flow_req_latest_run(&req, &s->target, o->pipeline, err, sizeof(err)) != 0)
		return usage_failure(err);
	session_fetch(s, &req, parse_latest, &run, &oc);
	flow_request_free(&req);
	int rc = oc.kind == OUTCOME_OK ? EXIT_OK : report_failure(&c, &oc);
	outcome_free(&oc);
	if (rc == EXIT_OK && run.id <= 0) {
		fprintf(stderr, _("flowgate: pipeline %lld has no runs\n"), (long long)o->pipeline);
		rc = EXIT_API;
	}
	if (rc == EXIT_OK) {
		o->run = run.id;
		o->latest = false;
	}
	flow_run_clear(&run);
	return rc;
}

int cli_run(struct session *s, const struct options *o)
{
	struct cli c = { .s = s, .o = o, .json = s->conf.json == CONF_YES, .ascii = !text_locale_is_utf8() };
	int rc = EXIT_USAGE;
	switch (o->cmd) {
	case CMD_PIPELINES: rc = cmd_pipelines(&c); break;
	case CMD_RUNS: rc = cmd_runs(&c); break;
	case CMD_GATES: rc = cmd_gates(&c); break;
	case CMD_REFUSE: rc = cmd_action(&c, FLOW_OP_REFUSE); break;
	case CMD_PASS: rc = cmd_action(&c, FLOW_OP_PASS); break;
	case CMD_INBOX: rc = cmd_inbox(&c); break;
	case CMD_LOG: rc = cmd_log(&c); break;
	case CMD_CONSOLE:
	case CMD_COUNT: break;
	}
	return cli_output_done(rc);
}

int cli_output_done(int rc)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	int e = errno;
	if (e)
		fprintf(stderr, _("flowgate: cannot write the output: %s\n"), strerror(e));
	else
		fprintf(stderr, _("flowgate: cannot write the output\n"));
	return rc == EXIT_OK ? EXIT_OUTPUT : rc;
}
