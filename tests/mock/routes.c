#include "config.h"

#include "routes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define MAX_SEGMENTS 10
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

/* ---- matching ----------------------------------------------------------------------------- */

struct shape {
	enum route_op op;
	const char *method;
	const char *action;
	const char *pattern[MAX_SEGMENTS];   /* "*" takes a value; NULL ends */
};

static const struct shape shapes[] = {
	{ ROUTE_LIST_PIPELINES, "GET", "ListPipelines", { "organization", "*", "pipelines" } },
	{ ROUTE_GET_PIPELINE, "GET", "GetPipeline", { "organization", "*", "pipelines", "*" } },
	{ ROUTE_LIST_RUNS, "GET", "ListPipelineRuns",
	  { "organization", "*", "pipelines", "*", "pipelineRuns" } },
	{ ROUTE_GET_RUN, "GET", "GetPipelineRun",
	  { "organization", "*", "pipelines", "*", "pipelineRuns", "*" } },
	{ ROUTE_PASS, "POST", "PassPipelineValidate",
	  { "organization", "*", "pipelines", "*", "pipelineRuns", "*", "jobs", "*", "pass" } },
	{ ROUTE_REFUSE, "POST", "RefusePipelineValidate",
	  { "organization", "*", "pipelines", "*", "pipelineRuns", "*", "jobs", "*", "refuse" } },
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

bool route_match(struct route *rt, const char *method, const char *raw_path)
{
	struct segments sg;
	char **slots[] = { &rt->org, &rt->pipeline, &rt->run, &rt->job };
	memset(rt, 0, sizeof *rt);
	if (!split_path(&sg, raw_path))
		return false;
	for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
		if (!shape_fits(&shapes[s], &sg, method))
			continue;
		rt->op = shapes[s].op;
		rt->action = shapes[s].action;
		for (size_t i = 1, k = 0; i < sg.n; i += 2, k++)
			*slots[k] = route_unescape(sg.at[i], sg.len[i], false);
		return true;
	}
	return false;
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

static const char TEXT_BAD_PARAM[] = "The parameter is invalid.";

static bool parse_int(const char *s, long long *out)
{
	char *end;
	if (!s || !*s)
		return false;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0';
}

static void bad_param(struct reply *out, const char *detail)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%s %s", TEXT_BAD_PARAM, detail);
	reply_api_error(out, 400, "InvalidParam.ParamNotPresent", strbuf_cstr(&sb));
	strbuf_free(&sb);
}

struct target {
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
	t->org = scenario_org(sc, rt->org);
	if (!t->org) {
		reply_api_error(out, 404, "InvalidOrganization.NotFound", "The organization is not found.");
		return false;
	}
	if (!rt->pipeline)
		return true;
	if (!parse_int(rt->pipeline, &id)) {
		bad_param(out, "pipelineId must be an integer.");
		return false;
	}
	t->pipeline = scenario_pipeline(t->org, id);
	if (!t->pipeline) {
		reply_api_error(out, 404, "InvalidPipeline.NotFound", "The pipeline is not found.");
		return false;
	}
	if (!rt->run)
		return true;
	if (!parse_int(rt->run, &id)) {
		bad_param(out, "pipelineRunId must be an integer.");
		return false;
	}
	t->run = scenario_run(t->pipeline, id);
	if (!t->run) {
		reply_api_error(out, 404, "InvalidPipelineRun.NotFound",
		                "The pipeline execution instance is not found.");
		return false;
	}
	return true;
}

/* ---- pagination: opaque tokens that carry an offset ---------------------------------------- */

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
};

static bool page_read(const struct route_query *q, const struct mock_scenario *sc,
                      struct page *pg, struct reply *out)
{
	const char *max = query_get(q, "maxResults");
	const char *token = query_get(q, "nextToken");
	long long n = sc->page_size;
	if (max && (!parse_int(max, &n) || n < 1)) {
		bad_param(out, "maxResults must be a positive integer.");
		return false;
	}
	pg->size = n > sc->max_page_size ? (size_t)sc->max_page_size : (size_t)n;
	pg->offset = 0;
	if (token && *token && !token_decode(token, &pg->offset)) {
		bad_param(out, "nextToken is invalid.");
		return false;
	}
	return true;
}

/* The slice [offset, end) of `total`, and the token for the next one when there is more. */
static size_t page_finish(cJSON *payload, const struct page *pg, size_t total)
{
	size_t end = pg->offset + pg->size < total ? pg->offset + pg->size : total;
	if (end < total) {
		char tok[17];
		token_encode(tok, end);
		cJSON_AddStringToObject(payload, "nextToken", tok);
	}
	cJSON_AddNumberToObject(payload, "totalCount", (double)total);
	return end;
}

static void add_time(cJSON *o, const char *key, long long ms)
{
	if (ms)
		cJSON_AddNumberToObject(o, key, (double)ms);
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

static cJSON *pipeline_summary(const struct mock_pipeline *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "pipelineId", (double)p->id);
	cJSON_AddStringToObject(o, "pipelineName", p->name);
	add_time(o, "createTime", p->create_time);
	cJSON_AddStringToObject(o, "creatorAccountId", p->creator);
	cJSON_AddNumberToObject(o, "groupId", (double)p->group_id);
	return o;
}

static void list_pipelines(const struct target *t, const struct route_query *q,
                           const struct mock_scenario *sc, struct reply *out)
{
	struct page pg;
	const char *name = query_get(q, "pipelineName");
	if (!page_read(q, sc, &pg, out))
		return;
	struct mock_pipeline **hits = xcalloc(t->org->npipelines + 1, sizeof *hits);
	size_t n = 0;
	for (size_t i = 0; i < t->org->npipelines; i++)
		if (!name || strstr(t->org->pipelines[i].name, name))
			hits[n++] = &t->org->pipelines[i];
	qsort(hits, n, sizeof *hits, cmp_pipeline);
	cJSON *payload = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(payload, "pipelines");
	size_t end = page_finish(payload, &pg, n);
	for (size_t i = pg.offset; i < end; i++)
		cJSON_AddItemToArray(list, pipeline_summary(hits[i]));
	free(hits);
	reply_api_ok(out, payload, false);
}

static void get_pipeline(const struct target *t, struct reply *out)
{
	const struct mock_pipeline *p = t->pipeline;
	cJSON *payload = cJSON_CreateObject();
	cJSON *o = cJSON_AddObjectToObject(payload, "pipeline");
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
	reply_api_ok(out, payload, false);
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

static bool filter_read(const struct route_query *q, struct run_filter *f, struct reply *out)
{
	static const char *const keys[] = { "triggerMode", "startTime", "endTime" };
	long long *slots[] = { &f->trigger_mode, &f->after, &f->before };
	f->status = query_get(q, "status");
	for (size_t i = 0; i < 3; i++) {
		const char *v = query_get(q, keys[i]);
		*slots[i] = 0;
		if (v && !parse_int(v, slots[i])) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_printf(&sb, "%s must be an integer.", keys[i]);
			bad_param(out, strbuf_cstr(&sb));
			strbuf_free(&sb);
			return false;
		}
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
	if (!page_read(q, sc, &pg, out) || !filter_read(q, &f, out))
		return;
	const struct mock_pipeline *p = t->pipeline;
	struct mock_run **hits = xcalloc(p->nruns + 1, sizeof *hits);
	size_t n = 0;
	for (size_t i = 0; i < p->nruns; i++)
		if (filter_keeps(&f, &p->runs[i]))
			hits[n++] = &p->runs[i];
	qsort(hits, n, sizeof *hits, cmp_run);
	cJSON *payload = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(payload, "pipelineRuns");
	size_t end = page_finish(payload, &pg, n);
	for (size_t i = pg.offset; i < end; i++)
		cJSON_AddItemToArray(list, run_summary(hits[i]));
	free(hits);
	reply_api_ok(out, payload, false);
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

static cJSON *run_sources(const struct mock_run *r)
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
	cJSON_AddStringToObject(data, "commitId", commit);
	cJSON_AddItemToArray(list, src);
	return list;
}

static void get_run(const struct target *t, struct reply *out)
{
	const struct mock_run *r = t->run;
	cJSON *payload = cJSON_CreateObject();
	cJSON *o = cJSON_AddObjectToObject(payload, "pipelineRun");
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
	cJSON_AddItemToObject(o, "sources", run_sources(r));
	reply_api_ok(out, payload, false);
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
		bad_param(out, strbuf_cstr(&why));
		strbuf_free(&why);
		return;
	}
	if (pass ? j->pass_disabled : j->refuse_disabled) {
		reply_api_error(out, 403, "Forbidden.AccessDenied",
		                "The user is not authorized to perform the operation.");
		return;
	}
	if (apply)
		scenario_gate_apply(j, pass, now_ms);
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
	}
}
