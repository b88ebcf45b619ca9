#include "config.h"

#include "routes.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define MAX_SEGMENTS 12
#define TOKEN_API_PREFIX "/oapi/"
#define MAX_PAGE_NUMBER 1000000000LL   /* past any list; keeps page × size in range */
#define TOKEN_KEY 0x6d6f636bULL

/* ---- decoding ----------------------------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *route_unescape(const char *s, size_t n, bool plus_is_space)
{
	char *out = xmalloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[o++] = plus_is_space && s[i] == '+' ? ' ' : s[i];
		}
	}
	out[o] = '\0';
	return out;
}

void route_query_parse(struct route_query *q, const char *raw)
{
	q->kv = NULL;
	q->owned = NULL;
	q->n = 0;
	size_t cap = 0;
	while (raw && *raw) {
		size_t len = strcspn(raw, "&");
		const char *eq = memchr(raw, '=', len);
		if (len) {
			size_t klen = eq ? (size_t)(eq - raw) : len;
			if (q->n == cap) {
				cap = cap ? cap * 2 : 8;
				q->kv = xrealloc(q->kv, cap * sizeof *q->kv);
				q->owned = xrealloc(q->owned, 2 * cap * sizeof *q->owned);
			}
			char *key = route_unescape(raw, klen, true);
			char *value = eq ? route_unescape(eq + 1, len - klen - 1, true) : xstrdup("");
			q->owned[2 * q->n] = key;
			q->owned[2 * q->n + 1] = value;
			q->kv[q->n++] = (struct sign_kv){ key, value };
		}
		raw += len + (raw[len] == '&');
	}
}

void route_query_free(struct route_query *q)
{
	for (size_t i = 0; i < 2 * q->n; i++)
		free(q->owned[i]);
	free(q->owned);
	free(q->kv);
	q->kv = NULL;
	q->owned = NULL;
	q->n = 0;
}

static const char *query_get(const struct route_query *q, const char *key)
{
	const char *v = NULL;
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->kv[i].key, key) == 0)
			v = q->kv[i].value;
	return v;
}

static bool in_list(const char *list, const char *s)
{
	size_t n = strlen(s);
	while (list && *list) {
		size_t len = strcspn(list, ",");
		if (len == n && memcmp(list, s, n) == 0)
			return true;
		list += len + (list[len] == ',');
	}
	return false;
}

/* ---- matching ----------------------------------------------------------------------------- */

struct shape {
	enum route_op op;
	enum mock_api api;
	const char *method;
	const char *action;
	const char *pattern[MAX_SEGMENTS];   /* "*" takes a value (org, pipeline, run, job); NULL ends */
};

#define TOKEN_PIPELINES "oapi", "v1", "flow", "organizations", "*", "pipelines"

/*
 * The token API reads runs under ".../runs" and acts on gates under ".../pipelineRuns". A shape
 * listed first wins: latestPipelineRun before a run id. The region edition's paths are matched
 * against the same shapes (route_match puts the organization's place back).
 */
static const struct shape shapes[] = {
	{ ROUTE_LIST_PIPELINES, MOCK_API_CLASSIC, "GET", "ListPipelines",
	  { "organization", "*", "pipelines" } },
	{ ROUTE_GET_PIPELINE, MOCK_API_CLASSIC, "GET", "GetPipeline",
	  { "organization", "*", "pipelines", "*" } },
	{ ROUTE_LIST_RUNS, MOCK_API_CLASSIC, "GET", "ListPipelineRuns",
	  { "organization", "*", "pipelines", "*", "pipelineRuns" } },
	{ ROUTE_GET_RUN, MOCK_API_CLASSIC, "GET", "GetPipelineRun",
	  { "organization", "*", "pipelines", "*", "pipelineRuns", "*" } },
	{ ROUTE_PASS, MOCK_API_CLASSIC, "POST", "PassPipelineValidate",
	  { "organization", "*", "pipelines", "*", "pipelineRuns", "*", "jobs", "*", "pass" } },
	{ ROUTE_REFUSE, MOCK_API_CLASSIC, "POST", "RefusePipelineValidate",
	  { "organization", "*", "pipelines", "*", "pipelineRuns", "*", "jobs", "*", "refuse" } },
	{ ROUTE_JOB_LOG, MOCK_API_CLASSIC, "GET", "LogPipelineJobRun",
	  { "organization", "*", "pipeline", "*", "pipelineRun", "*", "job", "*", "logs" } },
	{ ROUTE_LIST_PIPELINES, MOCK_API_YUNXIAO, "GET", "ListPipelines", { TOKEN_PIPELINES } },
	{ ROUTE_GET_PIPELINE, MOCK_API_YUNXIAO, "GET", "GetPipeline", { TOKEN_PIPELINES, "*" } },
	{ ROUTE_LATEST_RUN, MOCK_API_YUNXIAO, "GET", "GetLatestPipelineRun",
	  { TOKEN_PIPELINES, "*", "runs", "latestPipelineRun" } },
	{ ROUTE_JOB_LOG, MOCK_API_YUNXIAO, "GET", "LogPipelineJobRun",
	  { TOKEN_PIPELINES, "*", "runs", "*", "job", "*", "log" } },
	{ ROUTE_LIST_RUNS, MOCK_API_YUNXIAO, "GET", "ListPipelineRuns", { TOKEN_PIPELINES, "*", "runs" } },
	{ ROUTE_GET_RUN, MOCK_API_YUNXIAO, "GET", "GetPipelineRun", { TOKEN_PIPELINES, "*", "runs", "*" } },
	{ ROUTE_PASS, MOCK_API_YUNXIAO, "POST", "PassPipelineValidate",
	  { TOKEN_PIPELINES, "*", "pipelineRuns", "*", "jobs", "*", "pass" } },
	{ ROUTE_REFUSE, MOCK_API_YUNXIAO, "POST", "RefusePipelineValidate",
	  { TOKEN_PIPELINES, "*", "pipelineRuns", "*", "jobs", "*", "refuse" } },
};

struct segments {
	const char *at[MAX_SEGMENTS];
	size_t len[MAX_SEGMENTS];
	size_t n;
};

static bool split_path(struct segments *sg, const char *path)
{
	sg->n = 0;
	if (*path != '/')
		return false;
	while (*path == '/') {
		path++;
		size_t len = strcspn(path, "/");
		if (!len || sg->n == MAX_SEGMENTS)
			return false;
		sg->at[sg->n] = path;
		sg->len[sg->n++] = len;
		path += len;
	}
	return *path == '\0';
}

static bool shape_fits(const struct shape *sh, const struct segments *sg, const char *method)
{
	size_t i;
	if (strcmp(sh->method, method) != 0)
		return false;
	for (i = 0; i < sg->n; i++) {
		const char *p = sh->pattern[i];
		if (!p)
			return false;
		if (strcmp(p, "*") != 0 && (strlen(p) != sg->len[i] || memcmp(p, sg->at[i], sg->len[i]) != 0))
			return false;
	}
	return i == MAX_SEGMENTS || !sh->pattern[i];
}

static bool segment_is(const struct segments *sg, size_t i, const char *word)
{
	return i < sg->n && sg->len[i] == strlen(word) && memcmp(sg->at[i], word, sg->len[i]) == 0;
}

/*
 * /oapi/v1/flow/pipelines/... is the region edition: "organizations/-" goes back in after
 * "flow", so its paths fit the central shapes. False when it does not fit at all.
 */
static bool region_unfold(struct segments *sg, bool *region)
{
	*region = segment_is(sg, 0, "oapi") && segment_is(sg, 1, "v1") && segment_is(sg, 2, "flow") &&
	          segment_is(sg, 3, "pipelines");
	if (!*region)
		return true;
	if (sg->n + 2 > MAX_SEGMENTS)
		return false;
	memmove(&sg->at[5], &sg->at[3], (sg->n - 3) * sizeof sg->at[0]);
	memmove(&sg->len[5], &sg->len[3], (sg->n - 3) * sizeof sg->len[0]);
	sg->at[3] = "organizations";
	sg->len[3] = strlen("organizations");
	sg->at[4] = "-";
	sg->len[4] = 1;
	sg->n += 2;
	return true;
}

bool route_match(struct route *rt, const char *method, const char *raw_path)
{
	struct segments sg;
	bool region;
	char **slots[] = { &rt->org, &rt->pipeline, &rt->run, &rt->job };
	memset(rt, 0, sizeof *rt);
	if (!split_path(&sg, raw_path) || !region_unfold(&sg, &region))
		return false;
	for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
		if (!shape_fits(&shapes[s], &sg, method))
			continue;
		rt->op = shapes[s].op;
		rt->api = shapes[s].api;
		rt->action = shapes[s].action;
		for (size_t i = 0, k = 0; i < sg.n; i++)
			if (strcmp(shapes[s].pattern[i], "*") == 0)
				*slots[k++] = route_unescape(sg.at[i], sg.len[i], false);
		if (region) {
			free(rt->org);
			rt->org = NULL;
			rt->region = true;
		}
		return true;
	}
	return false;
}

enum mock_api route_api_of(const char *raw_path)
{
	return strncmp(raw_path, TOKEN_API_PREFIX, strlen(TOKEN_API_PREFIX)) == 0 ? MOCK_API_YUNXIAO
	                                                                          : MOCK_API_CLASSIC;
}

void route_free(struct route *rt)
{
	if (!rt)
		return;
	free(rt->org);
	free(rt->pipeline);
	free(rt->run);
	free(rt->job);
	memset(rt, 0, sizeof *rt);
}

/* ---- shared checks ------------------------------------------------------------------------ */

enum route_error { E_NO_ORG, E_NO_PIPELINE, E_NO_RUN, E_DENIED, E_BAD_PARAM };

/*
 * Each error in the words of both APIs. The classic codes are the seed's; the token API's error
 * table has no 404 code, so NotFound is the mock's choice there.
 */
static const struct {
	int status;
	const char *code[2];      /* by enum mock_api */
	const char *message;
} errors[] = {
	[E_NO_ORG] = { 404, { "InvalidOrganization.NotFound", "NotFound" },
	               "The organization is not found." },
	[E_NO_PIPELINE] = { 404, { "InvalidPipeline.NotFound", "NotFound" },
	                    "The pipeline is not found." },
	[E_NO_RUN] = { 404, { "InvalidPipelineRun.NotFound", "NotFound" },
	               "The pipeline execution instance is not found." },
	[E_DENIED] = { 403, { "Forbidden.AccessDenied", "Forbidden" },
	               "The user is not authorized to perform the operation." },
	/* the seed's only code for a bad parameter; the detail says which case */
	[E_BAD_PARAM] = { 400, { "InvalidParam.ParamNotPresent", "BadRequest" },
	                  "The parameter is invalid." },
};

__attribute__((format(printf, 4, 5)))
static bool route_fail(struct reply *out, enum mock_api api, enum route_error e,
                       const char *detail, ...)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, errors[e].message);
	if (detail) {
		va_list ap;
		strbuf_putc(&sb, ' ');
		va_start(ap, detail);
		strbuf_vprintf(&sb, detail, ap);
		va_end(ap);
	}
	reply_error(out, api, errors[e].status, errors[e].code[api], strbuf_cstr(&sb));
	strbuf_free(&sb);
	return false;
}

static bool parse_int(const char *s, long long *out)
{
	char *end;
	if (!s || !*s)
		return false;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0';
}

struct target {
	enum mock_api api;
	struct mock_org *org;
	struct mock_pipeline *pipeline;
	struct mock_run *run;
};

/* Resolves as much of the path as the operation names, answering 404 where a part is unknown. */
static bool resolve(const struct route *rt, struct mock_scenario *sc, struct target *t,
                    struct reply *out)
{
	long long id;
	memset(t, 0, sizeof *t);
	t->api = rt->api;
	t->org = rt->region ? scenario_region_org(sc) : scenario_org(sc, rt->org);
	if (!t->org)
		return route_fail(out, t->api, E_NO_ORG, NULL);
	if (!rt->pipeline)
		return true;
	if (!parse_int(rt->pipeline, &id))
		return route_fail(out, t->api, E_BAD_PARAM, "pipelineId must be an integer.");
	t->pipeline = scenario_pipeline(t->org, id);
	if (!t->pipeline)
		return route_fail(out, t->api, E_NO_PIPELINE, NULL);
	if (!rt->run)
		return true;
	if (!parse_int(rt->run, &id))
		return route_fail(out, t->api, E_BAD_PARAM, "pipelineRunId must be an integer.");
	t->run = scenario_run(t->pipeline, id);
	if (!t->run)
		return route_fail(out, t->api, E_NO_RUN, NULL);
	return true;
}

/* ---- pagination: classic opaque tokens that carry an offset, token API page numbers -------- */

static void token_encode(char out[17], size_t offset)
{
	unsigned long long o = offset;
	snprintf(out, 17, "%08llx%08llx", (o ^ TOKEN_KEY) & 0xffffffffULL,
	         (o * 2654435761ULL) & 0xffffffffULL);
}

static bool token_decode(const char *s, size_t *offset)
{
	unsigned long long a, b;
	char check[17];
	if (strlen(s) != 16 || sscanf(s, "%8llx%8llx", &a, &b) != 2)
		return false;
	*offset = (size_t)((a ^ TOKEN_KEY) & 0xffffffffULL);
	token_encode(check, *offset);
	return strcmp(check, s) == 0;
}

struct page {
	size_t offset, size;
	long long number;         /* the token API's page, from 1 */
};

/* A positive integer parameter, or `def` when it is absent. */
static bool positive_param(const struct route_query *q, const char *key, long long def, long long *out)
{
	const char *v = query_get(q, key);
	*out = def;
	return !v || (parse_int(v, out) && *out >= 1);
}

/* Classic: maxResults and nextToken. Token API: perPage and page. Sizes are capped alike. */
static bool page_read(const struct target *t, const struct route_query *q,
                      const struct mock_scenario *sc, struct page *pg, struct reply *out)
{
	bool token_api = t->api == MOCK_API_YUNXIAO;
	const char *size_key = token_api ? "perPage" : "maxResults";
	const char *token = query_get(q, "nextToken");
	long long n;
	if (!positive_param(q, size_key, sc->page_size, &n))
		return route_fail(out, t->api, E_BAD_PARAM, "%s must be a positive integer.", size_key);
	pg->size = n > sc->max_page_size ? (size_t)sc->max_page_size : (size_t)n;
	pg->offset = 0;
	pg->number = 1;
	if (token_api) {
		if (!positive_param(q, "page", 1, &pg->number))
			return route_fail(out, t->api, E_BAD_PARAM, "page must be a positive integer.");
		if (pg->number > MAX_PAGE_NUMBER)
			pg->number = MAX_PAGE_NUMBER;
		pg->offset = (size_t)(pg->number - 1) * pg->size;
	} else if (token && *token && !token_decode(token, &pg->offset)) {
		return route_fail(out, t->api, E_BAD_PARAM, "nextToken is invalid.");
	}
	if (pg->offset > 0)
		pg->offset = pg->offset > sc->page_shift ? pg->offset - sc->page_shift : 0;
	return true;
}

/* Where the page [offset, end) of `total` items ends. */
static size_t page_end(const struct page *pg, size_t total)
{
	return pg->offset + pg->size < total ? pg->offset + pg->size : total;
}

/*
 * Answers one page of a list: classic in the envelope under `key` with nextToken (absent on
 * the last page) and totalCount; the token API as a bare array with x-total and x-next-page
 * (absent on the last page) unless the scenario turns them off. `list` is consumed.
 */
static void page_answer(const struct target *t, const struct mock_scenario *sc, const struct page *pg,
                        const char *key, cJSON *list, size_t total, struct reply *out)
{
	bool more = page_end(pg, total) < total;
	if (t->api == MOCK_API_YUNXIAO) {
		reply_token_ok(out, list);
		if (sc->yunxiao_paging_headers) {
			reply_header(out, "x-total", (long long)total);
			if (more)
				reply_header(out, "x-next-page", pg->number + 1);
		}
		return;
	}
	cJSON *payload = cJSON_CreateObject();
	cJSON_AddItemToObject(payload, key, list);
	if (more) {
		char tok[17];
		token_encode(tok, page_end(pg, total));
		cJSON_AddStringToObject(payload, "nextToken", tok);
	}
	cJSON_AddNumberToObject(payload, "totalCount", (double)total);
	reply_api_ok(out, payload, false);
}

static void add_time(cJSON *o, const char *key, long long ms)
{
	if (ms)
		cJSON_AddNumberToObject(o, key, (double)ms);
}

/* An object answer: in the classic envelope under `key`, bare in the token API. `o` is consumed. */
static void answer_object(const struct target *t, const char *key, cJSON *o, struct reply *out)
{
	if (t->api == MOCK_API_YUNXIAO) {
		reply_token_ok(out, o);
		return;
	}
	cJSON *payload = cJSON_CreateObject();
	cJSON_AddItemToObject(payload, key, o);
	reply_api_ok(out, payload, false);
}

static int cmp_run(const void *a, const void *b);

/* The run ListPipelineRuns lists first; NULL for a pipeline without runs. */
static const struct mock_run *newest_run(const struct mock_pipeline *p)
{
	const struct mock_run *best = NULL;
	for (size_t i = 0; i < p->nruns; i++) {
		const struct mock_run *r = &p->runs[i];
		if (!best || cmp_run(&r, &best) < 0)
			best = r;
	}
	return best;
}

/* statusList: a pipeline's status is its newest run's; a pipeline without runs has none. */
static bool status_keeps(const char *status_list, const struct mock_pipeline *p)
{
	const struct mock_run *r;
	if (!status_list || !*status_list)
		return true;
	r = newest_run(p);
	return r && in_list(status_list, r->status);
}

/* ---- ListPipelines, GetPipeline ----------------------------------------------------------- */

static int cmp_pipeline(const void *a, const void *b)
{
	const struct mock_pipeline *x = *(struct mock_pipeline *const *)a;
	const struct mock_pipeline *y = *(struct mock_pipeline *const *)b;
	if (x->create_time != y->create_time)
		return x->create_time < y->create_time ? 1 : -1;
	return (x->id < y->id) - (x->id > y->id);
}

/* The token API names the creator createAccountId and leaves out the group. */
static cJSON *pipeline_summary(const struct mock_pipeline *p, enum mock_api api)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "pipelineId", (double)p->id);
	cJSON_AddStringToObject(o, "pipelineName", p->name);
	add_time(o, "createTime", p->create_time);
	if (api == MOCK_API_YUNXIAO) {
		cJSON_AddStringToObject(o, "createAccountId", p->creator);
		return o;
	}
	cJSON_AddStringToObject(o, "creatorAccountId", p->creator);
	cJSON_AddNumberToObject(o, "groupId", (double)p->group_id);
	return o;
}

static void list_pipelines(const struct target *t, const struct route_query *q,
                           const struct mock_scenario *sc, struct reply *out)
{
	struct page pg;
	const char *name = query_get(q, "pipelineName"), *statuses = query_get(q, "statusList");
	if (!page_read(t, q, sc, &pg, out))
		return;
	struct mock_pipeline **hits = xcalloc(t->org->npipelines + 1, sizeof *hits);
	size_t n = 0;
	for (size_t i = 0; i < t->org->npipelines; i++) {
		struct mock_pipeline *p = &t->org->pipelines[i];
		if ((!name || strstr(p->name, name)) && status_keeps(statuses, p))
			hits[n++] = p;
	}
	qsort(hits, n, sizeof *hits, cmp_pipeline);
	cJSON *list = cJSON_CreateArray();
	for (size_t i = pg.offset; i < page_end(&pg, n); i++)
		cJSON_AddItemToArray(list, pipeline_summary(hits[i], t->api));
	free(hits);
	page_answer(t, sc, &pg, "pipelines", list, n, out);
}

/* GetPipeline names no id, in either API (as the SDK model and the official MCP server have it). */
static void get_pipeline(const struct target *t, struct reply *out)
{
	const struct mock_pipeline *p = t->pipeline;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", p->name);
	add_time(o, "createTime", p->create_time);
	add_time(o, "updateTime", p->create_time);
	cJSON_AddStringToObject(o, "creatorAccountId", p->creator);
	cJSON_AddStringToObject(o, "modifierAccountId", p->creator);
	cJSON_AddNumberToObject(o, "groupId", (double)p->group_id);
	cJSON_AddArrayToObject(o, "tagList");
	cJSON *cfg = cJSON_AddObjectToObject(o, "pipelineConfig");
	cJSON_AddStringToObject(cfg, "flow", "");
	cJSON_AddStringToObject(cfg, "settings", "");
	cJSON_AddArrayToObject(cfg, "sources");
	answer_object(t, "pipeline", o, out);
}

/* ---- ListPipelineRuns --------------------------------------------------------------------- */

static int cmp_run(const void *a, const void *b)
{
	const struct mock_run *x = *(struct mock_run *const *)a;
	const struct mock_run *y = *(struct mock_run *const *)b;
	if (x->start_time != y->start_time)
		return x->start_time < y->start_time ? 1 : -1;
	return (x->id < y->id) - (x->id > y->id);
}

struct run_filter {
	const char *status;       /* comma separated, NULL = any */
	long long trigger_mode;   /* 0 = any */
	long long after, before;  /* startTime bounds in ms, 0 = open */
};

static bool filter_read(const struct target *t, const struct route_query *q, struct run_filter *f,
                        struct reply *out)
{
	static const char *const keys[] = { "triggerMode", "startTime", "endTime" };
	long long *slots[] = { &f->trigger_mode, &f->after, &f->before };
	f->status = query_get(q, "status");
	for (size_t i = 0; i < 3; i++) {
		const char *v = query_get(q, keys[i]);
		*slots[i] = 0;
		if (v && !parse_int(v, slots[i]))
			return route_fail(out, t->api, E_BAD_PARAM, "%s must be an integer.", keys[i]);
	}
	return true;
}

static bool filter_keeps(const struct run_filter *f, const struct mock_run *r)
{
	return (!f->status || in_list(f->status, r->status)) &&
	       (!f->trigger_mode || f->trigger_mode == r->trigger_mode) &&
	       (!f->after || r->start_time >= f->after) && (!f->before || r->start_time <= f->before);
}

static cJSON *run_summary(const struct mock_run *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "pipelineId", (double)r->pipeline->id);
	cJSON_AddNumberToObject(o, "pipelineRunId", (double)r->id);
	cJSON_AddStringToObject(o, "status", r->status);
	add_time(o, "startTime", r->start_time);
	add_time(o, "endTime", r->end_time);
	cJSON_AddNumberToObject(o, "triggerMode", r->trigger_mode);
	cJSON_AddStringToObject(o, "creatorAccountId", r->creator);
	return o;
}

static void list_runs(const struct target *t, const struct route_query *q,
                      const struct mock_scenario *sc, struct reply *out)
{
	struct page pg;
	struct run_filter f;
	if (!page_read(t, q, sc, &pg, out) || !filter_read(t, q, &f, out))
		return;
	const struct mock_pipeline *p = t->pipeline;
	struct mock_run **hits = xcalloc(p->nruns + 1, sizeof *hits);
	size_t n = 0;
	for (size_t i = 0; i < p->nruns; i++)
		if (filter_keeps(&f, &p->runs[i]))
			hits[n++] = &p->runs[i];
	qsort(hits, n, sizeof *hits, cmp_run);
	cJSON *list = cJSON_CreateArray();
	for (size_t i = pg.offset; i < page_end(&pg, n); i++)
		cJSON_AddItemToArray(list, run_summary(hits[i]));
	free(hits);
	page_answer(t, sc, &pg, "pipelineRuns", list, n, out);
}

/* ---- GetPipelineRun ----------------------------------------------------------------------- */

static cJSON *gate_action(const char *type, const char *label, bool disabled, const cJSON *validators)
{
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "type", type);
	cJSON_AddStringToObject(a, "name", label);
	cJSON_AddBoolToObject(a, "disable", disabled);
	cJSON *params = cJSON_AddObjectToObject(a, "params");
	cJSON_AddItemToObject(params, "validators",
	                      validators ? cJSON_Duplicate(validators, 1) : cJSON_CreateArray());
	return a;
}

/* A gate offers its actions only while it waits; afterwards the list is empty, as in the console. */
static cJSON *job_actions(const struct mock_job *j)
{
	if (!j->is_gate)
		return j->actions ? cJSON_Duplicate(j->actions, 1) : cJSON_CreateArray();
	cJSON *list = cJSON_CreateArray();
	if (!scenario_gate_pending(j))
		return list;
	cJSON_AddItemToArray(list, gate_action("PassPipelineValidate", "通过", j->pass_disabled,
	                                       j->validators));
	cJSON_AddItemToArray(list, gate_action(j->refuse_type, "拒绝", j->refuse_disabled,
	                                       j->validators));
	return list;
}

static cJSON *job_json(const struct mock_job *j)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)j->id);
	cJSON_AddStringToObject(o, "name", j->name);
	cJSON_AddStringToObject(o, "status", j->status);
	add_time(o, "startTime", j->start_time);
	add_time(o, "endTime", j->end_time);
	cJSON_AddStringToObject(o, "params", j->params);
	cJSON_AddItemToObject(o, "actions", job_actions(j));
	return o;
}

static cJSON *stage_json(const struct mock_stage *s, size_t index)
{
	cJSON *o = cJSON_CreateObject();
	char idx[24];
	snprintf(idx, sizeof idx, "%zu", index);
	cJSON_AddStringToObject(o, "index", idx);
	cJSON_AddStringToObject(o, "name", s->name);
	cJSON *info = cJSON_AddObjectToObject(o, "stageInfo");
	cJSON_AddStringToObject(info, "name", s->name);
	cJSON_AddStringToObject(info, "status", s->status);
	add_time(info, "startTime", s->start_time);
	add_time(info, "endTime", s->end_time);
	cJSON *jobs = cJSON_AddArrayToObject(info, "jobs");
	for (size_t i = 0; i < s->njobs; i++)
		cJSON_AddItemToArray(jobs, job_json(&s->jobs[i]));
	return o;
}

static cJSON *commit_json(const char *id, const char *msg, const char *author)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "commitId", id);
	cJSON_AddStringToObject(o, "commitMsg", msg);
	cJSON_AddStringToObject(o, "author", author);
	return o;
}

/* The classic API's "commint": a string holding the JSON array of the run's commits, head first. */
static void add_commint(cJSON *data, const struct mock_run *r, const char *head)
{
	cJSON *commits = cJSON_CreateArray();
	char older[41];
	snprintf(older, sizeof older, "%040llx", (unsigned long long)r->id * 40503ULL);
	cJSON_AddItemToArray(commits, commit_json(head, "Fix gate timeout", "Han Meimei"));
	if (r->id % 2)
		cJSON_AddItemToArray(commits, commit_json(older, "Add release notes", "Li Lei"));
	char *text = cJSON_PrintUnformatted(commits);
	cJSON_AddStringToObject(data, "commint", text);
	cJSON_free(text);
	cJSON_Delete(commits);
}

/* One codeup source: the token API's data is a plain object, the classic one holds its commits as JSON. */
static cJSON *run_sources(const struct target *t, const struct mock_run *r)
{
	cJSON *list = cJSON_CreateArray();
	cJSON *src = cJSON_CreateObject();
	char repo[96], commit[41];
	snprintf(repo, sizeof repo, "https://codeup.aliyun.com/mock/pipeline-%lld.git", r->pipeline->id);
	snprintf(commit, sizeof commit, "%040llx", (unsigned long long)r->id * 2654435761ULL);
	cJSON_AddStringToObject(src, "type", "codeup");
	cJSON_AddStringToObject(src, "sign", "codeup_source");
	cJSON *data = cJSON_AddObjectToObject(src, "data");
	cJSON_AddStringToObject(data, "repo", repo);
	cJSON_AddStringToObject(data, "branch", "master");
	if (t->api == MOCK_API_CLASSIC)
		add_commint(data, r, commit);
	else
		cJSON_AddStringToObject(data, "commitId", commit);
	cJSON_AddItemToArray(list, src);
	return list;
}

/* The run object; the token API's also names its creator and global params. */
static cJSON *run_json(const struct target *t, const struct mock_run *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "pipelineId", (double)r->pipeline->id);
	cJSON_AddNumberToObject(o, "pipelineRunId", (double)r->id);
	cJSON_AddStringToObject(o, "status", r->status);
	add_time(o, "createTime", r->start_time);
	add_time(o, "updateTime", r->update_time);
	cJSON_AddNumberToObject(o, "triggerMode", r->trigger_mode);
	cJSON_AddStringToObject(o, "creatorAccountId", r->creator);
	cJSON_AddStringToObject(o, "modifierAccountId", r->creator);
	cJSON *groups = cJSON_AddArrayToObject(o, "stageGroup");
	cJSON *stages = cJSON_AddArrayToObject(o, "stages");
	for (size_t i = 0; i < r->nstages; i++) {
		cJSON *group = cJSON_CreateArray();
		cJSON_AddItemToArray(group, cJSON_CreateString(r->stages[i].name));
		cJSON_AddItemToArray(groups, group);
		cJSON_AddItemToArray(stages, stage_json(&r->stages[i], i));
	}
	cJSON_AddItemToObject(o, "sources", r->sources ? cJSON_Duplicate(r->sources, 1) : run_sources(t, r));
	if (t->api == MOCK_API_YUNXIAO) {
		cJSON_AddStringToObject(o, "creator", r->creator_name);
		cJSON_AddItemToObject(o, "globalParams", r->global_params ? cJSON_Duplicate(r->global_params, 1)
		                                                           : cJSON_CreateArray());
	}
	return o;
}

static void get_run(const struct target *t, struct reply *out)
{
	answer_object(t, "pipelineRun", run_json(t, t->run), out);
}

/* The token API's latestPipelineRun: the run ListPipelineRuns would list first. */
static void latest_run(const struct target *t, struct reply *out)
{
	const struct mock_run *r = newest_run(t->pipeline);
	if (!r) {
		route_fail(out, t->api, E_NO_RUN, "The pipeline has not run yet.");
		return;
	}
	answer_object(t, "pipelineRun", run_json(t, r), out);
}

/* ---- the job log -------------------------------------------------------------------------- */

/*
 * A running job's log grows by a line at each read (with `apply`) and says more:true; any other
 * job's is whole. Classic: {"log":{content, more}}; token API: {content, last, more}.
 */
static void job_log(const struct target *t, const char *job_id, bool apply, struct reply *out)
{
	struct mock_job *j = scenario_job(t->run, job_id);
	if (!j) {
		route_fail(out, t->api, E_BAD_PARAM, "Job %s is not a job of pipeline run %lld.", job_id, t->run->id);
		return;
	}
	bool running = strcmp(j->status, "RUNNING") == 0;
	if (running && apply && j->log_reads < j->nlog)
		j->log_reads++;
	size_t shown = running ? j->log_reads : j->nlog;
	struct strbuf content = STRBUF_INIT;
	for (size_t i = 0; i < shown; i++)
		strbuf_printf(&content, "%s\n", j->log[i]);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "content", strbuf_cstr(&content));
	strbuf_free(&content);
	if (t->api == MOCK_API_YUNXIAO)
		cJSON_AddNumberToObject(o, "last", (double)shown);
	cJSON_AddBoolToObject(o, "more", running);
	answer_object(t, "log", o, out);
}

/* ---- PassPipelineValidate, RefusePipelineValidate ----------------------------------------- */

static void gate_act(const struct target *t, const char *job_id, bool pass, bool apply,
                     long long now_ms, struct reply *out)
{
	struct strbuf why = STRBUF_INIT;
	struct mock_job *j = scenario_job(t->run, job_id);
	if (!j)
		strbuf_printf(&why, "Job %s is not a job of pipeline run %lld.", job_id, t->run->id);
	else if (!j->is_gate)
		strbuf_printf(&why, "Job %s is not a manual validation job.", job_id);
	else if (!scenario_gate_pending(j))
		strbuf_printf(&why, "Job %s is not waiting for manual validation (status %s).", job_id,
		              j->status);
	if (why.len) {
		route_fail(out, t->api, E_BAD_PARAM, "%s", strbuf_cstr(&why));
		strbuf_free(&why);
		return;
	}
	if (pass ? j->pass_disabled : j->refuse_disabled) {
		route_fail(out, t->api, E_DENIED, NULL);
		return;
	}
	if (apply)
		scenario_gate_apply(j, pass, now_ms);
	if (t->api == MOCK_API_YUNXIAO)
		reply_token_ok(out, cJSON_CreateTrue());
	else
		reply_api_ok(out, NULL, true);
}

void route_handle(const struct route *rt, struct mock_scenario *sc, const struct route_query *q,
                  bool apply, long long now_ms, struct reply *out)
{
	struct target t;
	if (!resolve(rt, sc, &t, out))
		return;
	switch (rt->op) {
	case ROUTE_LIST_PIPELINES: list_pipelines(&t, q, sc, out); break;
	case ROUTE_GET_PIPELINE: get_pipeline(&t, out); break;
	case ROUTE_LIST_RUNS: list_runs(&t, q, sc, out); break;
	case ROUTE_GET_RUN: get_run(&t, out); break;
	case ROUTE_PASS: gate_act(&t, rt->job, true, apply, now_ms, out); break;
	case ROUTE_REFUSE: gate_act(&t, rt->job, false, apply, now_ms, out); break;
	case ROUTE_JOB_LOG: job_log(&t, rt->job, apply, out); break;
	case ROUTE_LATEST_RUN: latest_run(&t, out); break;
	}
}
