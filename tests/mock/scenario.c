#include "config.h"

#include "scenario.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define BASE_DEPTH_MAX 8

/* Reading stops at the first error; later calls are harmless no-ops that return defaults. */
struct loader {
	long long now_ms;
	struct strbuf *err;
	bool failed;
};

__attribute__((format(printf, 2, 3)))
static void fail(struct loader *ld, const char *fmt, ...)
{
	va_list ap;
	if (ld->failed)
		return;
	ld->failed = true;
	va_start(ap, fmt);
	strbuf_vprintf(ld->err, fmt, ap);
	va_end(ap);
}

static const cJSON *field(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNull(v) ? NULL : v;
}

static bool parse_ll(const char *s, long long *out)
{
	char *end;
	if (!*s)
		return false;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0';
}

/* Numbers may be written as JSON numbers or as decimal strings (ids often are). */
static long long get_int(struct loader *ld, const cJSON *o, const char *key, long long def,
                         const char *where)
{
	const cJSON *v = field(o, key);
	long long n;
	if (!v)
		return def;
	if (cJSON_IsNumber(v))
		return (long long)v->valuedouble;
	if (cJSON_IsString(v) && parse_ll(v->valuestring, &n))
		return n;
	fail(ld, "%s.%s: expected an integer", where, key);
	return def;
}

static char *get_str(struct loader *ld, const cJSON *o, const char *key, const char *def,
                     const char *where)
{
	const cJSON *v = field(o, key);
	if (!v)
		return xstrdup(def);
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v))
		return xasprintf("%lld", (long long)v->valuedouble);
	fail(ld, "%s.%s: expected a string", where, key);
	return xstrdup(def);
}

static bool get_bool(struct loader *ld, const cJSON *o, const char *key, bool def, const char *where)
{
	const cJSON *v = field(o, key);
	if (!v)
		return def;
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v);
	fail(ld, "%s.%s: expected true or false", where, key);
	return def;
}

/* Negative times are relative to the mock's start, so a demo always looks recent. */
static long long get_time(struct loader *ld, const cJSON *o, const char *key, const char *where)
{
	long long t = get_int(ld, o, key, 0, where);
	return t < 0 ? ld->now_ms + t : t;
}

static const cJSON *get_array(struct loader *ld, const cJSON *o, const char *key, const char *where)
{
	const cJSON *v = field(o, key);
	if (v && !cJSON_IsArray(v)) {
		fail(ld, "%s.%s: expected an array", where, key);
		return NULL;
	}
	return v;
}

static const cJSON *get_object(struct loader *ld, const cJSON *o, const char *key, const char *where)
{
	const cJSON *v = field(o, key);
	if (v && !cJSON_IsObject(v)) {
		fail(ld, "%s.%s: expected an object", where, key);
		return NULL;
	}
	return v;
}

static size_t array_len(const cJSON *a)
{
	return a ? (size_t)cJSON_GetArraySize(a) : 0;
}

static void set_status(char **slot, const char *status)
{
	free(*slot);
	*slot = xstrdup(status);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* Ids must be unique among siblings, or lookups would be ambiguous. */
static void check_unique(struct loader *ld, long long *ids, size_t n, const char *what,
                         const char *where)
{
	qsort(ids, n, sizeof *ids, cmp_ll);
	for (size_t i = 1; i < n; i++)
		if (ids[i] == ids[i - 1]) {
			fail(ld, "%s: %s id %lld is used twice", where, what, ids[i]);
			return;
		}
}

/* ---- derived statuses --------------------------------------------------------------------- */

static bool status_is(const char *s, const char *want)
{
	return strcmp(s, want) == 0;
}

static bool job_done(const struct mock_job *j)
{
	return status_is(j->status, "SUCCESS") || status_is(j->status, "SKIPPED");
}

static bool job_failed(const struct mock_job *j)
{
	return status_is(j->status, "FAIL") || status_is(j->status, "CANCELED");
}

static const char *stage_derive(const struct mock_stage *s)
{
	size_t done = 0, init = 0;
	for (size_t i = 0; i < s->njobs; i++) {
		const struct mock_job *j = &s->jobs[i];
		if (job_failed(j))
			return j->status;
		done += job_done(j);
		init += status_is(j->status, "INIT");
	}
	if (done == s->njobs)
		return "SUCCESS";
	return init == s->njobs ? "INIT" : "RUNNING";
}

static const char *run_derive(const struct mock_run *r)
{
	size_t done = 0, init = 0;
	for (size_t i = 0; i < r->nstages; i++) {
		const char *st = r->stages[i].status;
		if (status_is(st, "FAIL") || status_is(st, "CANCELED"))
			return st;
		done += status_is(st, "SUCCESS");
		init += status_is(st, "INIT");
	}
	if (done == r->nstages)
		return "SUCCESS";
	return init == r->nstages ? "WAITING" : "RUNNING";
}

/* ---- loading ------------------------------------------------------------------------------ */

static char *gate_params_default(const cJSON *validators)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "validateType", "MANUAL");
	cJSON_AddItemToObject(p, "validators",
	                      validators ? cJSON_Duplicate(validators, 1) : cJSON_CreateArray());
	char *s = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	char *out = xstrdup(s);
	cJSON_free(s);
	return out;
}

static char *params_text(struct loader *ld, const cJSON *o, const char *where)
{
	const cJSON *v = field(o, "params");
	if (!v)
		return NULL;
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v)) {
		fail(ld, "%s.params: expected an object or a string", where);
		return NULL;
	}
	char *s = cJSON_PrintUnformatted(v);
	char *out = xstrdup(s);
	cJSON_free(s);
	return out;
}

/* A job with no log of its own gets a few lines that name it. */
static void log_default(struct mock_job *j)
{
	j->nlog = 4;
	j->log = xcalloc(j->nlog, sizeof *j->log);
	j->log[0] = xasprintf("[INFO] 任务开始 Job %lld started: %s", j->id, j->name);
	j->log[1] = xasprintf("[INFO] job %lld: step 1 of 3", j->id);
	j->log[2] = xasprintf("[INFO] job %lld: step 2 of 3", j->id);
	j->log[3] = xasprintf("[INFO] job %lld: step 3 of 3", j->id);
}

/* "log": a string (split at newlines) or an array of lines. */
static void load_log(struct loader *ld, struct mock_job *j, const cJSON *o, const char *where)
{
	const cJSON *v = field(o, "log");
	if (!v) {
		log_default(j);
		return;
	}
	if (cJSON_IsString(v)) {
		const char *p = v->valuestring;
		while (*p) {
			size_t n = strcspn(p, "\n");
			j->log = xrealloc(j->log, (j->nlog + 1) * sizeof *j->log);
			j->log[j->nlog++] = xstrndup(p, n);
			p += n + (p[n] == '\n');
		}
		return;
	}
	if (!cJSON_IsArray(v)) {
		fail(ld, "%s.log: expected a string or an array of lines", where);
		return;
	}
	j->nlog = array_len(v);
	j->log = xcalloc(j->nlog ? j->nlog : 1, sizeof *j->log);
	for (size_t i = 0; i < j->nlog; i++) {
		const cJSON *line = cJSON_GetArrayItem(v, (int)i);
		j->log[i] = xstrdup(cJSON_IsString(line) ? line->valuestring : "");
		if (!cJSON_IsString(line))
			fail(ld, "%s.log[%zu]: expected a string", where, i);
	}
}

static void load_gate(struct loader *ld, struct mock_job *j, const cJSON *gate, const char *where)
{
	j->is_gate = true;
	j->pass_disabled = get_bool(ld, gate, "passDisabled", false, where);
	j->refuse_disabled = get_bool(ld, gate, "refuseDisabled", false, where);
	j->refuse_type = get_str(ld, gate, "refuseType", "RefusePipelineValidate", where);
	if (strcmp(j->refuse_type, "RefusePipelineValidate") != 0 &&
	    strcmp(j->refuse_type, "RefusePipelineValidator") != 0)
		fail(ld, "%s.refuseType: RefusePipelineValidate or RefusePipelineValidator", where);
	const cJSON *v = get_array(ld, gate, "validators", where);
	j->validators = v ? cJSON_Duplicate(v, 1) : NULL;
}

static void load_job(struct loader *ld, struct mock_job *j, const cJSON *o, const char *where)
{
	j->id = get_int(ld, o, "id", 0, where);
	if (j->id <= 0)
		fail(ld, "%s.id: a positive integer is required", where);
	char *def_name = xasprintf("Job %lld", j->id);
	j->name = get_str(ld, o, "name", def_name, where);
	free(def_name);
	const cJSON *gate = get_object(ld, o, "gate", where);
	if (gate)
		load_gate(ld, j, gate, where);
	j->status = get_str(ld, o, "status", gate ? "WAITING" : "SUCCESS", where);
	j->start_time = get_time(ld, o, "startTime", where);
	j->end_time = get_time(ld, o, "endTime", where);
	j->params = params_text(ld, o, where);
	if (!j->params)
		j->params = gate ? gate_params_default(j->validators) : xstrdup("{}");
	const cJSON *actions = get_array(ld, o, "actions", where);
	j->actions = actions ? cJSON_Duplicate(actions, 1) : NULL;
	load_log(ld, j, o, where);
}

/* Benchmarks need runs with thousands of jobs: "generateJobs" appends them in stages. */
struct job_gen {
	long long count, per_stage, gate_every, first_id;
};

static struct job_gen job_gen_read(struct loader *ld, const cJSON *run, long long run_id,
                                   const char *where)
{
	struct job_gen g = { 0, 100, 0, run_id * 100000 + 1 };
	const cJSON *o = get_object(ld, run, "generate", where);
	g.count = get_int(ld, run, "generateJobs", 0, where);
	if (!o)
		return g;
	g.count = get_int(ld, o, "jobs", g.count, where);
	g.per_stage = get_int(ld, o, "jobsPerStage", g.per_stage, where);
	g.gate_every = get_int(ld, o, "gateEvery", 0, where);
	g.first_id = get_int(ld, o, "firstJobId", g.first_id, where);
	if (g.count < 0 || g.per_stage <= 0 || g.gate_every < 0)
		fail(ld, "%s.generate: counts must be positive", where);
	return g;
}

static void generate_stage(struct mock_stage *s, const struct job_gen *g, long long first,
                           long long n, long long start_ms)
{
	s->name = xasprintf("阶段 Stage %lld", first / g->per_stage + 1);
	s->jobs = xcalloc((size_t)n, sizeof *s->jobs);
	s->njobs = (size_t)n;
	for (long long k = 0; k < n; k++) {
		struct mock_job *j = &s->jobs[k];
		long long i = first + k;
		bool gate = g->gate_every && (i + 1) % g->gate_every == 0;
		j->id = g->first_id + i;
		j->name = xasprintf(gate ? "人工卡点 Gate %lld" : "任务 Job %lld", i + 1);
		j->status = xstrdup(gate ? "WAITING" : "SUCCESS");
		j->start_time = start_ms;
		j->end_time = gate ? 0 : start_ms + 1000;
		j->is_gate = gate;
		if (gate)
			j->refuse_type = xstrdup("RefusePipelineValidate");
		j->params = gate ? gate_params_default(NULL) : xstrdup("{}");
		j->stage = s;
		log_default(j);
	}
}

static void load_stage(struct loader *ld, struct mock_stage *s, const cJSON *o, size_t index,
                       const char *where)
{
	char *def_name = xasprintf("Stage %zu", index + 1);
	s->name = get_str(ld, o, "name", def_name, where);
	free(def_name);
	const cJSON *jobs = get_array(ld, o, "jobs", where);
	s->njobs = array_len(jobs);
	s->jobs = xcalloc(s->njobs ? s->njobs : 1, sizeof *s->jobs);
	for (size_t i = 0; i < s->njobs; i++) {
		char *w = xasprintf("%s.jobs[%zu]", where, i);
		s->jobs[i].stage = s;
		load_job(ld, &s->jobs[i], cJSON_GetArrayItem(jobs, (int)i), w);
		free(w);
	}
	s->start_time = get_time(ld, o, "startTime", where);
	s->end_time = get_time(ld, o, "endTime", where);
	s->status = get_str(ld, o, "status", NULL, where);
	if (!s->status)
		s->status = xstrdup(stage_derive(s));
}

static void check_job_ids(struct loader *ld, const struct mock_run *r, const char *where)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nstages; i++)
		n += r->stages[i].njobs;
	long long *ids = xcalloc(n ? n : 1, sizeof *ids);
	n = 0;
	for (size_t i = 0; i < r->nstages; i++)
		for (size_t k = 0; k < r->stages[i].njobs; k++)
			ids[n++] = r->stages[i].jobs[k].id;
	check_unique(ld, ids, n, "job", where);
	free(ids);
}

static void load_run(struct loader *ld, struct mock_run *r, const cJSON *o, const char *where)
{
	r->id = get_int(ld, o, "id", 0, where);
	if (r->id <= 0)
		fail(ld, "%s.id: a positive integer is required", where);
	r->start_time = get_time(ld, o, "startTime", where);
	r->end_time = get_time(ld, o, "endTime", where);
	r->update_time = r->end_time ? r->end_time : r->start_time;
	r->trigger_mode = (int)get_int(ld, o, "triggerMode", 1, where);
	r->creator = get_str(ld, o, "creatorAccountId", "200000000000001", where);
	r->creator_name = get_str(ld, o, "creator", "Mock User", where);
	const cJSON *sources = get_array(ld, o, "sources", where);
	const cJSON *params = get_array(ld, o, "globalParams", where);
	r->sources = sources ? cJSON_Duplicate(sources, 1) : NULL;
	r->global_params = params ? cJSON_Duplicate(params, 1) : NULL;

	const cJSON *stages = get_array(ld, o, "stages", where);
	struct job_gen g = job_gen_read(ld, o, r->id, where);
	size_t given = array_len(stages);
	size_t generated = g.count > 0 ? (size_t)((g.count + g.per_stage - 1) / g.per_stage) : 0;
	r->nstages = given + generated;
	r->stages = xcalloc(r->nstages ? r->nstages : 1, sizeof *r->stages);
	for (size_t i = 0; i < given; i++) {
		char *w = xasprintf("%s.stages[%zu]", where, i);
		r->stages[i].run = r;
		load_stage(ld, &r->stages[i], cJSON_GetArrayItem(stages, (int)i), i, w);
		free(w);
	}
	for (size_t i = 0; i < generated; i++) {
		struct mock_stage *s = &r->stages[given + i];
		long long first = (long long)i * g.per_stage;
		long long n = g.count - first < g.per_stage ? g.count - first : g.per_stage;
		s->run = r;
		generate_stage(s, &g, first, n, r->start_time);
		s->status = xstrdup(stage_derive(s));
	}
	check_job_ids(ld, r, where);
	r->status = get_str(ld, o, "status", NULL, where);
	if (!r->status)
		r->status = xstrdup(run_derive(r));
}

/* "generateRuns" gives a pipeline many small runs, oldest first, to exercise pagination. */
static void generate_run(struct mock_run *r, long long id, long long start, const char *status)
{
	struct mock_stage *s = xcalloc(1, sizeof *s);
	struct mock_job *j = xcalloc(1, sizeof *j);
	bool running = strcmp(status, "RUNNING") == 0;
	r->id = id;
	r->status = xstrdup(status);
	r->start_time = start;
	r->end_time = running ? 0 : start + 60000;
	r->update_time = running ? start : r->end_time;
	r->trigger_mode = 1;
	r->creator = xstrdup("200000000000001");
	r->creator_name = xstrdup("Mock User");
	r->stages = s;
	r->nstages = 1;
	s->run = r;
	s->name = xstrdup("构建 Build");
	s->status = xstrdup(status);
	s->start_time = start;
	s->end_time = r->end_time;
	s->jobs = j;
	s->njobs = 1;
	j->stage = s;
	j->id = id * 10 + 1;
	j->name = xstrdup("Java 构建 Build");
	j->status = xstrdup(status);
	j->start_time = start;
	j->end_time = r->end_time;
	j->params = xstrdup("{}");
	log_default(j);
}

static size_t runs_generated(struct loader *ld, const cJSON *gen, const char *where)
{
	long long n = gen ? get_int(ld, gen, "count", 0, where) : 0;
	if (n < 0)
		fail(ld, "%s.generateRuns.count: must not be negative", where);
	return n > 0 ? (size_t)n : 0;
}

static void generate_runs(struct loader *ld, struct mock_run *runs, size_t n, const cJSON *gen,
                          const char *where)
{
	long long first = get_int(ld, gen, "firstId", 1, where);
	long long start = get_time(ld, gen, "startTime", where);
	long long step = get_int(ld, gen, "intervalMs", 3600000, where);
	const cJSON *statuses = get_array(ld, gen, "statuses", where);
	size_t nst = array_len(statuses);
	if (!start)
		start = ld->now_ms - (long long)n * step;
	for (size_t i = 0; i < n; i++) {
		const cJSON *st = nst ? cJSON_GetArrayItem(statuses, (int)(i % nst)) : NULL;
		const char *status = cJSON_IsString(st) ? st->valuestring : "SUCCESS";
		generate_run(&runs[i], first + (long long)i, start + (long long)i * step, status);
	}
}

static void load_pipeline(struct loader *ld, struct mock_pipeline *p, const cJSON *o,
                          const char *where)
{
	p->id = get_int(ld, o, "id", 0, where);
	if (p->id <= 0)
		fail(ld, "%s.id: a positive integer is required", where);
	char *def_name = xasprintf("Pipeline %lld", p->id);
	p->name = get_str(ld, o, "name", def_name, where);
	free(def_name);
	p->create_time = get_time(ld, o, "createTime", where);
	p->creator = get_str(ld, o, "creatorAccountId", "200000000000001", where);
	p->group_id = get_int(ld, o, "groupId", 0, where);

	const cJSON *runs = get_array(ld, o, "runs", where);
	const cJSON *gen = get_object(ld, o, "generateRuns", where);
	size_t given = array_len(runs), generated = runs_generated(ld, gen, where);
	p->nruns = given + generated;
	p->runs = xcalloc(p->nruns ? p->nruns : 1, sizeof *p->runs);
	for (size_t i = 0; i < given; i++) {
		char *w = xasprintf("%s.runs[%zu]", where, i);
		p->runs[i].pipeline = p;
		load_run(ld, &p->runs[i], cJSON_GetArrayItem(runs, (int)i), w);
		free(w);
	}
	generate_runs(ld, p->runs + given, generated, gen, where);
	long long *ids = xcalloc(p->nruns ? p->nruns : 1, sizeof *ids);
	for (size_t i = 0; i < p->nruns; i++) {
		p->runs[i].pipeline = p;
		ids[i] = p->runs[i].id;
	}
	check_unique(ld, ids, p->nruns, "run", where);
	free(ids);
}

static void generated_job(struct mock_stage *s, long long id, char *name, const char *status,
                          long long start, bool gate)
{
	struct mock_job *j = &s->jobs[s->njobs++];
	j->stage = s;
	j->id = id;
	j->name = name;
	j->status = xstrdup(status);
	j->start_time = strcmp(status, "INIT") == 0 ? 0 : start;
	j->end_time = strcmp(status, "SUCCESS") == 0 ? start + 60000 : 0;
	j->is_gate = gate;
	j->refuse_type = gate ? xstrdup("RefusePipelineValidate") : NULL;
	j->params = gate ? gate_params_default(NULL) : xstrdup("{}");
	log_default(j);
}

static void generated_stage(struct mock_run *r, const char *name, size_t njobs)
{
	struct mock_stage *s = &r->stages[r->nstages++];
	s->run = r;
	s->name = xstrdup(name);
	s->jobs = xcalloc(njobs ? njobs : 1, sizeof *s->jobs);
}

/* A run waiting at `gates` gates: built, then the gates, then a deploy not yet started. */
static void generate_waiting_run(struct mock_run *r, long long id, long long start, long long gates)
{
	r->id = id;
	r->start_time = r->update_time = start;
	r->trigger_mode = 1;
	r->creator = xstrdup("200000000000001");
	r->creator_name = xstrdup("Mock User");
	r->stages = xcalloc(3, sizeof *r->stages);
	generated_stage(r, "构建 Build", 1);
	generated_job(&r->stages[0], 1, xstrdup("Java 构建 Build"), "SUCCESS", start, false);
	generated_stage(r, "人工卡点 Approval", (size_t)gates);
	for (long long g = 0; g < gates; g++)
		generated_job(&r->stages[1], 101 + g, xasprintf("人工卡点 Gate %lld", g + 1), "WAITING",
		              start + 60000, true);
	generated_stage(r, "部署 Deploy", 1);
	generated_job(&r->stages[2], 2, xstrdup("部署 Deploy"), "INIT", start, false);
	for (size_t i = 0; i < r->nstages; i++)
		r->stages[i].status = xstrdup(stage_derive(&r->stages[i]));
	r->status = xstrdup("RUNNING");
}

/*
 * With "running" (and "gatesPerRun"), an inbox for benchmarks: every pipeline has run 1, done,
 * and `running` of them, spread evenly, a newer run 2 waiting at the gates. Without, the
 * pipelines are empty.
 */
static void generate_inbox_runs(struct mock_pipeline *p, size_t i, size_t n, long long running,
                                long long gates, long long now_ms)
{
	bool waits = (long long)(i * (size_t)running / n) != (long long)((i + 1) * (size_t)running / n);
	p->nruns = waits ? 2 : 1;
	p->runs = xcalloc(2, sizeof *p->runs);
	generate_run(&p->runs[0], 1, now_ms - 86400000LL + (long long)i * 1000, i % 7 ? "SUCCESS" : "FAIL");
	if (waits)
		generate_waiting_run(&p->runs[1], 2, now_ms - 60000LL * (long long)(i % 600 + 1), gates);
	for (size_t k = 0; k < p->nruns; k++)
		p->runs[k].pipeline = p;
}

static void generate_pipelines(struct loader *ld, struct mock_pipeline *ps, size_t n,
                               const cJSON *gen, const char *where)
{
	long long first = get_int(ld, gen, "firstId", 1, where);
	long long running = get_int(ld, gen, "running", 0, where);
	long long gates = get_int(ld, gen, "gatesPerRun", 1, where);
	char *prefix = get_str(ld, gen, "namePrefix", "流水线 Pipeline", where);
	if (running < 0 || (size_t)running > n || gates < 0 || gates > 10000)
		fail(ld, "%s.generatePipelines: 0 <= running <= count, 0 <= gatesPerRun <= 10000", where);
	for (size_t i = 0; i < n && !ld->failed; i++) {
		struct mock_pipeline *p = &ps[i];
		p->id = first + (long long)i;
		p->name = xasprintf("%s %zu", prefix, i + 1);
		p->create_time = ld->now_ms - 86400000LL + (long long)i * 1000;
		p->creator = xstrdup("200000000000001");
		if (running > 0)
			generate_inbox_runs(p, i, n, running, gates, ld->now_ms);
		else
			p->runs = xcalloc(1, sizeof *p->runs);
	}
	free(prefix);
}

static void load_org(struct loader *ld, struct mock_org *org, const cJSON *o, const char *where)
{
	org->id = get_str(ld, o, "id", NULL, where);
	if (!org->id)
		fail(ld, "%s.id: required", where);
	const cJSON *ps = get_array(ld, o, "pipelines", where);
	const cJSON *gen = get_object(ld, o, "generatePipelines", where);
	long long ngen = gen ? get_int(ld, gen, "count", 0, where) : 0;
	size_t given = array_len(ps), generated = ngen > 0 ? (size_t)ngen : 0;
	org->npipelines = given + generated;
	org->pipelines = xcalloc(org->npipelines ? org->npipelines : 1, sizeof *org->pipelines);
	for (size_t i = 0; i < given; i++) {
		char *w = xasprintf("%s.pipelines[%zu]", where, i);
		load_pipeline(ld, &org->pipelines[i], cJSON_GetArrayItem(ps, (int)i), w);
		free(w);
	}
	generate_pipelines(ld, org->pipelines + given, generated, gen, where);
	long long *ids = xcalloc(org->npipelines ? org->npipelines : 1, sizeof *ids);
	for (size_t i = 0; i < org->npipelines; i++)
		ids[i] = org->pipelines[i].id;
	check_unique(ld, ids, org->npipelines, "pipeline", where);
	free(ids);
}

static void load_credential(struct loader *ld, struct mock_credential *c, const cJSON *o,
                            const char *where)
{
	c->ak_id = get_str(ld, o, "accessKeyId", NULL, where);
	c->ak_secret = get_str(ld, o, "accessKeySecret", NULL, where);
	c->token = get_str(ld, o, "securityToken", NULL, where);
	c->token_expired = get_bool(ld, o, "securityTokenExpired", false, where);
	if (!c->ak_id || !c->ak_secret)
		fail(ld, "%s: accessKeyId and accessKeySecret are required", where);
}

static void load_token(struct loader *ld, struct mock_token *t, const cJSON *o, const char *where)
{
	t->token = get_str(ld, o, "token", NULL, where);
	t->expired = get_bool(ld, o, "expired", false, where);
	if (!t->token || !*t->token)
		fail(ld, "%s.token: required", where);
}

static void load_fault_match(struct loader *ld, struct mock_fault_match *m, const cJSON *o,
                             const char *where)
{
	m->action = get_str(ld, o, "action", NULL, where);
	m->org = get_str(ld, o, "org", NULL, where);
	m->pipeline = get_int(ld, o, "pipeline", 0, where);
	m->run = get_int(ld, o, "run", 0, where);
	m->job = get_str(ld, o, "job", NULL, where);
}

static void load_fault(struct loader *ld, struct mock_fault *f, const cJSON *o, const char *where)
{
	load_fault_match(ld, &f->match, o, where);
	f->times = (int)get_int(ld, o, "times", -1, where);
	f->status = (int)get_int(ld, o, "status", 0, where);
	f->code = get_str(ld, o, "code", NULL, where);
	f->message = get_str(ld, o, "message", NULL, where);
	char *shape = get_str(ld, o, "shape", "api", where);
	if (strcmp(shape, "api") != 0 && strcmp(shape, "gateway") != 0)
		fail(ld, "%s.shape: \"api\" or \"gateway\"", where);
	f->gateway_shape = strcmp(shape, "gateway") == 0;
	free(shape);
	f->http200 = get_bool(ld, o, "http200", false, where);
	f->body = get_str(ld, o, "body", NULL, where);
	f->content_type = get_str(ld, o, "contentType", NULL, where);
	f->truncate = (long)get_int(ld, o, "truncate", -1, where);
	f->drop = get_bool(ld, o, "drop", false, where);
	f->apply_then_fail = get_bool(ld, o, "applyThenFail", false, where);
	f->delay_ms = (int)get_int(ld, o, "delayMs", 0, where);
	f->retry_after_ms = (long)get_int(ld, o, "retryAfterMs", 0, where);
	f->request_id_header = get_str(ld, o, "requestIdHeader", NULL, where);
	f->trickle_ms = (int)get_int(ld, o, "trickleMs", 0, where);
	f->large_body_mb = (int)get_int(ld, o, "largeBodyMB", 0, where);

	f->error = f->status || f->code || f->message || f->http200;
	f->failing = f->error || f->body || f->truncate >= 0 || f->drop;
	if (f->http200)
		f->status = 200;
	else if (f->error && !f->status)
		f->status = 500;
	else if (f->body && !f->status)
		f->status = 502;
}

/* Loads `count` elements of the array `key` with `fn`, each told where it is for messages. */
#define LOAD_ARRAY(ld, root, key, arr, count, fn)                                            \
	do {                                                                                 \
		const cJSON *a_ = get_array(ld, root, key, "scenario");                      \
		(count) = array_len(a_);                                                     \
		(arr) = xcalloc((count) ? (count) : 1, sizeof *(arr));                       \
		for (size_t i_ = 0; i_ < (count); i_++) {                                    \
			char w_[64];                                                         \
			snprintf(w_, sizeof w_, "%s[%zu]", key, i_);                         \
			fn(ld, &(arr)[i_], cJSON_GetArrayItem(a_, (int)i_), w_);            \
		}                                                                            \
	} while (0)

static void load_root(struct loader *ld, struct mock_scenario *sc, const cJSON *root)
{
	LOAD_ARRAY(ld, root, "credentials", sc->creds, sc->ncreds, load_credential);
	LOAD_ARRAY(ld, root, "tokens", sc->tokens, sc->ntokens, load_token);
	LOAD_ARRAY(ld, root, "orgs", sc->orgs, sc->norgs, load_org);
	LOAD_ARRAY(ld, root, "faults", sc->faults, sc->nfaults, load_fault);
	sc->clock_skew = (long)get_int(ld, root, "clockSkewSeconds", 0, "scenario");
	sc->page_size = (int)get_int(ld, root, "pageSize", 10, "scenario");
	sc->max_page_size = (int)get_int(ld, root, "maxPageSize", 30, "scenario");
	sc->yunxiao_paging_headers = get_bool(ld, root, "yunxiaoPagingHeaders", true, "scenario");
	long long shift = get_int(ld, root, "pageShift", 0, "scenario");
	sc->region_org = get_str(ld, root, "regionOrg", NULL, "scenario");
	if (sc->region_org && !scenario_org(sc, sc->region_org))
		fail(ld, "scenario.regionOrg: no org has the id %s", sc->region_org);
	if (sc->page_size <= 0 || sc->max_page_size < sc->page_size)
		fail(ld, "scenario: pageSize must be positive and at most maxPageSize");
	if (shift < 0 || shift >= sc->page_size)
		fail(ld, "scenario: pageShift must be from 0 to less than pageSize");
	sc->page_shift = (size_t)shift;
}

/* ---- files and "base" --------------------------------------------------------------------- */

static char *read_file(const char *path, struct strbuf *err)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	if (!f) {
		strbuf_printf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

static char *path_beside(const char *file, const char *rel)
{
	const char *slash = strrchr(file, '/');
	if (rel[0] == '/' || !slash)
		return xstrdup(rel);
	return xasprintf("%.*s/%s", (int)(slash - file), file, rel);
}

/* A scenario may name a "base" file; its own top-level keys replace the base's. */
static cJSON *json_load(const char *path, int depth, struct strbuf *err)
{
	char *text = read_file(path, err);
	if (!text)
		return NULL;
	cJSON *root = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsObject(root)) {
		strbuf_printf(err, "%s: not a JSON object", path);
		cJSON_Delete(root);
		return NULL;
	}
	const cJSON *base_name = cJSON_GetObjectItemCaseSensitive(root, "base");
	if (!base_name)
		return root;
	if (!cJSON_IsString(base_name) || depth >= BASE_DEPTH_MAX) {
		strbuf_printf(err, "%s: \"base\" must name a file (nested at most %d deep)", path,
		              BASE_DEPTH_MAX);
		cJSON_Delete(root);
		return NULL;
	}
	char *base_path = path_beside(path, base_name->valuestring);
	cJSON *base = json_load(base_path, depth + 1, err);
	free(base_path);
	cJSON_DeleteItemFromObjectCaseSensitive(root, "base");
	while (base && root->child) {
		cJSON *item = cJSON_DetachItemViaPointer(root, root->child);
		cJSON_DeleteItemFromObjectCaseSensitive(base, item->string);
		cJSON_AddItemToObject(base, item->string, item);
	}
	cJSON_Delete(root);
	return base;
}

/* --generate N:M:K is the first org's "generatePipelines", ids from 10000 unless the file says. */
static bool generate_apply(cJSON *root, const struct mock_generate *gen, struct strbuf *err)
{
	cJSON *org = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "orgs"), 0);
	if (!cJSON_IsObject(org)) {
		strbuf_puts(err, "--generate needs a scenario with an org");
		return false;
	}
	cJSON *old = cJSON_GetObjectItemCaseSensitive(org, "generatePipelines");
	const cJSON *first = cJSON_GetObjectItemCaseSensitive(old, "firstId");
	cJSON *g = cJSON_CreateObject();
	cJSON_AddNumberToObject(g, "count", (double)gen->pipelines);
	cJSON_AddNumberToObject(g, "running", (double)gen->running);
	cJSON_AddNumberToObject(g, "gatesPerRun", (double)gen->gates);
	cJSON_AddItemToObject(g, "firstId", first ? cJSON_Duplicate(first, 1) : cJSON_CreateNumber(10000));
	cJSON_DeleteItemFromObjectCaseSensitive(org, "generatePipelines");
	cJSON_AddItemToObject(org, "generatePipelines", g);
	return true;
}

struct mock_scenario *scenario_load(const char *path, const struct mock_generate *gen, long long now_ms,
                                    struct strbuf *err)
{
	cJSON *root = json_load(path, 0, err);
	if (!root)
		return NULL;
	if (gen && !generate_apply(root, gen, err)) {
		cJSON_Delete(root);
		return NULL;
	}
	struct mock_scenario *sc = xcalloc(1, sizeof *sc);
	struct loader ld = { now_ms, err, false };
	load_root(&ld, sc, root);
	cJSON_Delete(root);
	if (ld.failed) {
		scenario_free(sc);
		return NULL;
	}
	return sc;
}

/* ---- freeing ------------------------------------------------------------------------------ */

static void job_free(struct mock_job *j)
{
	free(j->name);
	free(j->status);
	free(j->params);
	free(j->refuse_type);
	cJSON_Delete(j->actions);
	cJSON_Delete(j->validators);
	for (size_t i = 0; i < j->nlog; i++)
		free(j->log[i]);
	free(j->log);
}

static void run_free(struct mock_run *r)
{
	for (size_t i = 0; i < r->nstages; i++) {
		struct mock_stage *s = &r->stages[i];
		for (size_t k = 0; k < s->njobs; k++)
			job_free(&s->jobs[k]);
		free(s->jobs);
		free(s->name);
		free(s->status);
	}
	free(r->stages);
	free(r->status);
	free(r->creator);
	free(r->creator_name);
	cJSON_Delete(r->sources);
	cJSON_Delete(r->global_params);
}

static void org_free(struct mock_org *org)
{
	for (size_t i = 0; i < org->npipelines; i++) {
		struct mock_pipeline *p = &org->pipelines[i];
		for (size_t k = 0; k < p->nruns; k++)
			run_free(&p->runs[k]);
		free(p->runs);
		free(p->name);
		free(p->creator);
	}
	free(org->pipelines);
	free(org->id);
}

static void fault_free(struct mock_fault *f)
{
	free(f->match.action);
	free(f->match.org);
	free(f->match.job);
	free(f->code);
	free(f->message);
	free(f->body);
	free(f->request_id_header);
	free(f->content_type);
}

void scenario_free(struct mock_scenario *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->ncreds; i++) {
		free(sc->creds[i].ak_id);
		xfree_secret(sc->creds[i].ak_secret);
		xfree_secret(sc->creds[i].token);
	}
	for (size_t i = 0; i < sc->ntokens; i++)
		xfree_secret(sc->tokens[i].token);
	for (size_t i = 0; i < sc->norgs; i++)
		org_free(&sc->orgs[i]);
	for (size_t i = 0; i < sc->nfaults; i++)
		fault_free(&sc->faults[i]);
	free(sc->creds);
	free(sc->tokens);
	free(sc->orgs);
	free(sc->faults);
	free(sc->region_org);
	free(sc);
}

/* ---- lookups and state -------------------------------------------------------------------- */

const struct mock_credential *scenario_credential(const struct mock_scenario *sc, const char *ak_id)
{
	for (size_t i = 0; i < sc->ncreds; i++)
		if (strcmp(sc->creds[i].ak_id, ak_id) == 0)
			return &sc->creds[i];
	return NULL;
}

const struct mock_token *scenario_token(const struct mock_scenario *sc, const char *token)
{
	for (size_t i = 0; i < sc->ntokens; i++)
		if (strcmp(sc->tokens[i].token, token) == 0)
			return &sc->tokens[i];
	return NULL;
}

struct mock_org *scenario_org(struct mock_scenario *sc, const char *id)
{
	for (size_t i = 0; i < sc->norgs; i++)
		if (strcmp(sc->orgs[i].id, id) == 0)
			return &sc->orgs[i];
	return NULL;
}

struct mock_org *scenario_region_org(struct mock_scenario *sc)
{
	if (sc->region_org)
		return scenario_org(sc, sc->region_org);
	return sc->norgs ? &sc->orgs[0] : NULL;
}

struct mock_pipeline *scenario_pipeline(struct mock_org *org, long long id)
{
	for (size_t i = 0; i < org->npipelines; i++)
		if (org->pipelines[i].id == id)
			return &org->pipelines[i];
	return NULL;
}

struct mock_run *scenario_run(struct mock_pipeline *p, long long id)
{
	for (size_t i = 0; i < p->nruns; i++)
		if (p->runs[i].id == id)
			return &p->runs[i];
	return NULL;
}

struct mock_job *scenario_job(struct mock_run *run, const char *id)
{
	long long n;
	if (!parse_ll(id, &n))
		return NULL;
	for (size_t i = 0; i < run->nstages; i++)
		for (size_t k = 0; k < run->stages[i].njobs; k++)
			if (run->stages[i].jobs[k].id == n)
				return &run->stages[i].jobs[k];
	return NULL;
}

bool scenario_gate_pending(const struct mock_job *job)
{
	return job->is_gate &&
	       (status_is(job->status, "WAITING") || status_is(job->status, "SWITCH_MANUAL"));
}

static bool run_blocked(const struct mock_run *r)
{
	for (size_t i = 0; i < r->nstages; i++)
		for (size_t k = 0; k < r->stages[i].njobs; k++) {
			const struct mock_job *j = &r->stages[i].jobs[k];
			if (scenario_gate_pending(j) || job_failed(j))
				return true;
		}
	return false;
}

static void run_finish(struct mock_run *r, long long now_ms)
{
	for (size_t i = 0; i < r->nstages; i++) {
		struct mock_stage *s = &r->stages[i];
		for (size_t k = 0; k < s->njobs; k++) {
			struct mock_job *j = &s->jobs[k];
			if (job_done(j))
				continue;
			set_status(&j->status, "SUCCESS");
			if (!j->start_time)
				j->start_time = now_ms;
			j->end_time = now_ms;
		}
		set_status(&s->status, "SUCCESS");
		s->end_time = now_ms;
	}
	set_status(&r->status, "SUCCESS");
	r->end_time = now_ms;
}

void scenario_gate_apply(struct mock_job *job, bool pass, long long now_ms)
{
	struct mock_stage *s = job->stage;
	struct mock_run *r = s->run;
	set_status(&job->status, pass ? "SUCCESS" : "FAIL");
	job->end_time = now_ms;
	r->update_time = now_ms;
	if (!pass) {
		set_status(&s->status, "FAIL");
		s->end_time = now_ms;
		set_status(&r->status, "FAIL");
		r->end_time = now_ms;
		return;
	}
	if (!run_blocked(r)) {
		run_finish(r, now_ms);
		return;
	}
	set_status(&s->status, stage_derive(s));
	set_status(&r->status, run_derive(r));
}

static bool str_match(const char *want, const char *got)
{
	return !want || (got && strcmp(want, got) == 0);
}

static bool fault_matches(const struct mock_fault_match *m, const struct mock_fault_key *req)
{
	return str_match(m->action, req->action) && str_match(m->org, req->org) &&
	       (!m->pipeline || m->pipeline == req->pipeline) && (!m->run || m->run == req->run) &&
	       str_match(m->job, req->job);
}

struct mock_fault *scenario_fault_take(struct mock_scenario *sc, const struct mock_fault_key *req)
{
	for (size_t i = 0; i < sc->nfaults; i++) {
		struct mock_fault *f = &sc->faults[i];
		if (f->times >= 0 && f->used >= f->times)
			continue;
		if (!fault_matches(&f->match, req))
			continue;
		f->used++;
		return f;
	}
	return NULL;
}

/* The defaults of each API for the statuses faults usually ask for. */
static const struct {
	int status;
	const char *code[2], *message[2];    /* by enum mock_api */
} fault_defaults[] = {
	{ 429, { "Throttling.User", "TooManyRequests" },
	  { "Request was denied due to user flow control.", "Too many requests" } },
	{ 500, { "InternalError", "InternalServerError" },
	  { "The request processing has failed due to some unknown error.", "An internal error occurs" } },
	{ 503, { "ServiceUnavailable", "ServiceUnavailable" },
	  { "The request has failed due to a temporary failure of the server.",
	    "The service is temporarily unavailable" } },
	{ 0, { "MockFault", "MockFault" },
	  { "A fault injected by the test scenario.", "A fault injected by the test scenario." } },
};

static size_t fault_default(int status)
{
	size_t i = 0;
	while (fault_defaults[i].status && fault_defaults[i].status != status)
		i++;
	return i;
}

const char *scenario_fault_code(const struct mock_fault *f, enum mock_api api)
{
	return f->code ? f->code : fault_defaults[fault_default(f->status)].code[api];
}

const char *scenario_fault_message(const struct mock_fault *f, enum mock_api api)
{
	return f->message ? f->message : fault_defaults[fault_default(f->status)].message[api];
}
