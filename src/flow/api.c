#include "config.h"

#include "flow/api.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/urlenc.h"
#include "util/xalloc.h"

/* ---- request descriptions ------------------------------------------------------------------ */

#define YUNXIAO_MAX_PER_PAGE 30

static const struct {
	const char *method;
	const char *action;
} op_info[] = {
	[FLOW_OP_LIST_PIPELINES] = { "GET", "ListPipelines" },
	[FLOW_OP_LIST_RUNS] = { "GET", "ListPipelineRuns" },
	[FLOW_OP_GET_RUN] = { "GET", "GetPipelineRun" },
	[FLOW_OP_PASS] = { "POST", "PassPipelineValidate" },
	[FLOW_OP_REFUSE] = { "POST", "RefusePipelineValidate" },
	[FLOW_OP_GET_PIPELINE] = { "GET", "GetPipeline" },
	[FLOW_OP_JOB_LOG] = { "GET", "LogPipelineJobRun" },
	/* classic has no such operation: its newest run is the first of ListPipelineRuns */
	[FLOW_OP_LATEST_RUN] = { "GET", "ListPipelineRuns" },
};

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void flow_request_free(struct flow_request *req)
{
	if (!req)
		return;
	free(req->path);
	for (size_t i = 0; i < req->nquery; i++) {
		free(req->query[i].key);
		free(req->query[i].value);
	}
	memset(req, 0, sizeof(*req));
}

/* Decimal digits only, nothing else, within int64. */
static int parse_digits(const char *s, int64_t *out)
{
	int64_t v = 0;
	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		int d = *s - '0';
		if (v > (INT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

const char *flow_op_word(enum flow_op op)
{
	return op == FLOW_OP_PASS ? "pass" : "refuse";
}

int flow_parse_id(const char *s, int64_t *out)
{
	int64_t v;
	if (!s || *s == '0' || parse_digits(s, &v) != 0 || v <= 0)
		return -1;
	*out = v;
	return 0;
}

static void query_add(struct flow_request *req, const char *key, const char *value)
{
	/* The builders add at most four parameters: running out is a bug here, not bad input. */
	if (req->nquery >= FLOW_MAX_QUERY)
		abort();
	req->query[req->nquery].key = xstrdup(key);
	req->query[req->nquery].value = xstrdup(value);
	req->nquery++;
}

static void query_add_int(struct flow_request *req, const char *key, int64_t value)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRId64, value);
	query_add(req, key, buf);
}

/*
 * One path segment, percent-encoded. A segment of only "." or ".." would be read as a step up or
 * nowhere by anyone normalising the URL, so its dots are encoded too.
 */
static void path_segment(struct strbuf *path, const char *value)
{
	strbuf_putc(path, '/');
	if (strcmp(value, ".") == 0 || strcmp(value, "..") == 0) {
		for (; *value; value++)
			strbuf_puts(path, "%2E");
		return;
	}
	urlenc_encode(path, value);
}

/* The messages for an id that is not a positive whole number, translated where they are used. */
static const char *const bad_pipeline_id = N_("the pipeline id must be a positive whole number");
static const char *const bad_run_id = N_("the run id must be a positive whole number");

static int check_id(int64_t id, const char *bad, char *err, size_t errlen)
{
	if (id > 0)
		return 0;
	return fail(err, errlen, "%s", _(bad));
}

static int check_target(const struct flow_target *t, char *err, size_t errlen)
{
	if (!t || (t->backend != FLOW_BACKEND_CLASSIC && t->backend != FLOW_BACKEND_YUNXIAO))
		return fail(err, errlen, "%s", _("unknown API backend"));
	if (t->edition != FLOW_EDITION_CENTRAL && t->edition != FLOW_EDITION_REGION)
		return fail(err, errlen, "%s", _("unknown edition"));
	if (t->edition == FLOW_EDITION_REGION && t->backend != FLOW_BACKEND_YUNXIAO)
		return fail(err, errlen, "%s", _("the region edition is one of the token API (--api yunxiao)"));
	if (t->edition == FLOW_EDITION_CENTRAL && (!t->org || !*t->org))
		return fail(err, errlen, "%s", _("no organization id given (--org)"));
	return 0;
}

/*
 * Starts req for op and writes the path up to and including ".../pipelines" (".../pipeline" in
 * the classic job log). The backends differ in their prefix; the organization is a path segment
 * in all but the token API's region edition.
 */
static int req_begin(struct flow_request *req, struct strbuf *path, const struct flow_target *t,
                     enum flow_op op, char *err, size_t errlen)
{
	memset(req, 0, sizeof(*req));
	if (check_target(t, err, errlen) != 0)
		return -1;
	bool classic = t->backend == FLOW_BACKEND_CLASSIC;
	req->op = op;
	req->backend = t->backend;
	req->method = op_info[op].method;
	req->action = op_info[op].action;
	if (t->edition == FLOW_EDITION_REGION) {
		strbuf_puts(path, "/oapi/v1/flow");
	} else {
		strbuf_puts(path, classic ? "/organization" : "/oapi/v1/flow/organizations");
		path_segment(path, t->org);
	}
	strbuf_puts(path, classic && op == FLOW_OP_JOB_LOG ? "/pipeline" : "/pipelines");
	return 0;
}

static int req_end(struct flow_request *req, struct strbuf *path, int rc)
{
	if (rc != 0) {
		strbuf_free(path);
		flow_request_free(req);
		return -1;
	}
	req->path = strbuf_detach(path);
	return 0;
}

/*
 * Classic lists page with maxResults and the previous page's nextToken. The token API pages by
 * number (page from 1, perPage at most 30); there the next-page token is that number.
 */
static int add_paging(struct flow_request *req, int max_results, const char *next_token, int page,
                      char *err, size_t errlen)
{
	if (max_results < 0)
		return fail(err, errlen, "%s", _("the page size must not be negative"));
	if (page < 0)
		return fail(err, errlen, "%s", _("the page number must not be negative"));
	bool has_token = next_token && *next_token;
	if (req->backend == FLOW_BACKEND_CLASSIC) {
		if (max_results > 0)
			query_add_int(req, "maxResults", max_results);
		if (has_token)
			query_add(req, "nextToken", next_token);
		return 0;
	}
	int64_t number = page;
	if (number == 0 && has_token && (flow_parse_id(next_token, &number) != 0 || number > INT_MAX))
		return fail(err, errlen, "%s", _("the next-page token of the token API must be a page number"));
	query_add_int(req, "page", number > 0 ? number : 1);
	if (max_results > 0)
		query_add_int(req, "perPage", max_results < YUNXIAO_MAX_PER_PAGE ? max_results : YUNXIAO_MAX_PER_PAGE);
	return 0;
}

int flow_req_list_pipelines(struct flow_request *req, const struct flow_target *t,
                            const struct flow_pipeline_filter *filter, int max_results,
                            const char *next_token, char *err, size_t errlen)
{
	struct strbuf path = STRBUF_INIT;
	int rc = req_begin(req, &path, t, FLOW_OP_LIST_PIPELINES, err, errlen);
	if (rc == 0)
		rc = add_paging(req, max_results, next_token, 0, err, errlen);
	if (rc == 0 && filter && filter->name && *filter->name)
		query_add(req, "pipelineName", filter->name);
	if (rc == 0 && filter && filter->status_list && *filter->status_list)
		query_add(req, "statusList", filter->status_list);
	return req_end(req, &path, rc);
}


/* ".../pipelines/{pid}/runs" for the token API's reads, ".../pipelineRuns" everywhere else. */
static void path_runs(struct strbuf *path, const struct flow_request *req, int64_t pipeline)
{
	bool reads = req->op == FLOW_OP_LIST_RUNS || req->op == FLOW_OP_GET_RUN ||
	             req->op == FLOW_OP_LATEST_RUN || req->op == FLOW_OP_JOB_LOG;
	strbuf_printf(path, "/%" PRId64 "/%s", pipeline,
	              req->backend == FLOW_BACKEND_YUNXIAO && reads ? "runs" : "pipelineRuns");
}

int flow_req_list_runs(struct flow_request *req, const struct flow_target *t, int64_t pipeline,
                       const char *status, int max_results, const char *next_token, int page,
                       char *err, size_t errlen)
{
	struct strbuf path = STRBUF_INIT;
	int rc = req_begin(req, &path, t, FLOW_OP_LIST_RUNS, err, errlen);
	if (rc == 0)
		rc = check_id(pipeline, bad_pipeline_id, err, errlen);
	if (rc == 0)
		rc = add_paging(req, max_results, next_token, page, err, errlen);
	if (rc == 0) {
		path_runs(&path, req, pipeline);
		if (status && *status)
			query_add(req, "status", status);
	}
	return req_end(req, &path, rc);
}


int flow_req_get_run(struct flow_request *req, const struct flow_target *t, int64_t pipeline,
                     int64_t run, char *err, size_t errlen)
{
	struct strbuf path = STRBUF_INIT;
	int rc = req_begin(req, &path, t, FLOW_OP_GET_RUN, err, errlen);
	if (rc == 0)
		rc = check_id(pipeline, bad_pipeline_id, err, errlen);
	if (rc == 0)
		rc = check_id(run, bad_run_id, err, errlen);
	if (rc == 0) {
		path_runs(&path, req, pipeline);
		strbuf_printf(&path, "/%" PRId64, run);
	}
	return req_end(req, &path, rc);
}


int flow_req_gate_action(struct flow_request *req, const struct flow_target *t, enum flow_op op,
                         int64_t pipeline, int64_t run, const char *job, char *err, size_t errlen)
{
	if (op != FLOW_OP_PASS && op != FLOW_OP_REFUSE) {
		memset(req, 0, sizeof(*req));
		return fail(err, errlen, "%s", _("a gate action is either pass or refuse"));
	}
	struct strbuf path = STRBUF_INIT;
	int rc = req_begin(req, &path, t, op, err, errlen);
	if (rc == 0)
		rc = check_id(pipeline, bad_pipeline_id, err, errlen);
	if (rc == 0)
		rc = check_id(run, bad_run_id, err, errlen);
	if (rc == 0 && (!job || !*job))
		rc = fail(err, errlen, "%s", _("no job id given (--job)"));
	if (rc == 0) {
		path_runs(&path, req, pipeline);
		strbuf_printf(&path, "/%" PRId64 "/jobs", run);
		path_segment(&path, job);
		strbuf_puts(&path, op == FLOW_OP_PASS ? "/pass" : "/refuse");
	}
	return req_end(req, &path, rc);
}


int flow_req_get_pipeline(struct flow_request *req, const struct flow_target *t, int64_t pipeline,
                          char *err, size_t errlen)
{
	struct strbuf path = STRBUF_INIT;
	int rc = req_begin(req, &path, t, FLOW_OP_GET_PIPELINE, err, errlen);
	if (rc == 0)
		rc = check_id(pipeline, bad_pipeline_id, err, errlen);
	if (rc == 0)
		strbuf_printf(&path, "/%" PRId64, pipeline);
	return req_end(req, &path, rc);
}

/*
 * Classic: .../pipeline/{pid}/pipelineRun/{runId}/job/{jobId}/logs, singular segments and all.
 * Token API: .../pipelines/{pid}/runs/{runId}/job/{jobId}/log.
 */
int flow_req_job_log(struct flow_request *req, const struct flow_target *t, int64_t pipeline, int64_t run,
                     const char *job, char *err, size_t errlen)
{
	struct strbuf path = STRBUF_INIT;
	int rc = req_begin(req, &path, t, FLOW_OP_JOB_LOG, err, errlen);
	if (rc == 0)
		rc = check_id(pipeline, bad_pipeline_id, err, errlen);
	if (rc == 0)
		rc = check_id(run, bad_run_id, err, errlen);
	if (rc == 0 && (!job || !*job))
		rc = fail(err, errlen, "%s", _("no job id given (--job)"));
	if (rc == 0) {
		bool classic = req->backend == FLOW_BACKEND_CLASSIC;
		if (classic)
			strbuf_printf(&path, "/%" PRId64 "/pipelineRun", pipeline);
		else
			path_runs(&path, req, pipeline);
		strbuf_printf(&path, "/%" PRId64 "/job", run);
		path_segment(&path, job);
		strbuf_puts(&path, classic ? "/logs" : "/log");
	}
	return req_end(req, &path, rc);
}

int flow_req_latest_run(struct flow_request *req, const struct flow_target *t, int64_t pipeline,
                        char *err, size_t errlen)
{
	struct strbuf path = STRBUF_INIT;
	int rc = req_begin(req, &path, t, FLOW_OP_LATEST_RUN, err, errlen);
	if (rc == 0)
		rc = check_id(pipeline, bad_pipeline_id, err, errlen);
	if (rc == 0) {
		path_runs(&path, req, pipeline);
		if (req->backend == FLOW_BACKEND_CLASSIC)
			query_add_int(req, "maxResults", 1);
		else
			strbuf_puts(&path, "/latestPipelineRun");
	}
	return req_end(req, &path, rc);
}

/* ---- replies: JSON, errors, results -------------------------------------------------------- */

void flow_result_free(struct flow_result *res)
{
	if (!res)
		return;
	free(res->request_id);
	free(res->error_code);
	free(res->error_message);
	free(res->recommend);
	memset(res, 0, sizeof(*res));
}

/*
 * Our own text for an unusable answer; it never quotes the body, which may be anything. The HTTP
 * status is not repeated here: every outcome shows it beside the message.
 */
__attribute__((format(printf, 2, 3)))
static enum flow_status unusable(struct flow_result *res, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	free(res->error_message);
	res->error_message = strbuf_detach(&sb);
	res->status = FLOW_E_RESPONSE;
	return res->status;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* How deep the brackets go and whether the text stops inside a string or an open bracket. */
struct json_shape {
	size_t max_depth;
	bool unclosed;
};

static struct json_shape json_shape_scan(const char *s, size_t n)
{
	struct json_shape sh = { 0, false };
	size_t depth = 0;
	bool in_string = false, escaped = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > sh.max_depth)
				sh.max_depth = depth;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	sh.unclosed = in_string || depth > 0;
	return sh;
}

/* The parsed body, or NULL with res set to FLOW_E_RESPONSE and a reason. */
static cJSON *json_parse(const struct flow_reply *r, struct flow_result *res)
{
	const char *s = r->body ? r->body : "";
	size_t n = r->body ? r->body_len : 0, start = 0;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		start = 3;   /* a UTF-8 byte order mark, which cJSON skips too */
	while (start < n && is_space(s[start]))
		start++;
	if (start == n) {
		unusable(res, "%s", _("the server sent an empty body"));
		return NULL;
	}
	if (s[start] == '\0' || !strchr("{[\"-0123456789tfn", s[start])) {
		unusable(res, "%s", _("the server answered with HTML/text, not JSON"));
		return NULL;
	}
	const char *end = NULL;
	errno = 0;
	cJSON *root = cJSON_ParseWithLengthOpts(s, n, &end, false);
	/* cJSON says only that it failed: a reply is not to be called invalid for want of memory. */
	if (!root && errno == ENOMEM)
		xalloc_die();
	if (!root) {
		struct json_shape sh = json_shape_scan(s, n);
		if (sh.max_depth >= CJSON_NESTING_LIMIT)
			unusable(res, _("the JSON reply is nested too deeply (the limit is %d levels)"),
			         CJSON_NESTING_LIMIT);
		else if (sh.unclosed)
			unusable(res, "%s", _("the JSON reply was cut short"));
		else
			unusable(res, "%s", _("the reply is not valid JSON"));
		return NULL;
	}
	size_t at = end ? (size_t)(end - s) : n;
	while (at < n && is_space(s[at]))
		at++;
	if (at < n) {
		cJSON_Delete(root);
		unusable(res, "%s", _("the reply has more data after its JSON"));
		return NULL;
	}
	return root;
}

static const cJSON *member(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	return cJSON_IsNull(v) ? NULL : v;
}

/* The first of two keys that is present (key2 may be NULL). */
static const cJSON *member2(const cJSON *obj, const char *key1, const char *key2)
{
	const cJSON *v = member(obj, key1);
	return v || !key2 ? v : member(obj, key2);
}

/*
 * The first element of v, NULL when v is not an array or is empty: loops over whatever the
 * server sent read `for (e = elements(v); e; e = e->next)`, and what is not an array has none.
 */
static const cJSON *elements(const cJSON *v)
{
	return cJSON_IsArray(v) ? v->child : NULL;
}

/* A non-empty string member, else NULL. */
static const char *text_member(const cJSON *obj, const char *key)
{
	const cJSON *v = member(obj, key);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* A copy of a string member, "" when it is absent or not a string. */
static char *dup_member(const cJSON *obj, const char *key1, const char *key2)
{
	const cJSON *v = member2(obj, key1, key2);
	return xstrdup(cJSON_IsString(v) ? v->valuestring : "");
}

enum whole { WHOLE_ABSENT, WHOLE_OK, WHOLE_BAD };

/* Every integer up to here has an exact double; past it, 2^53 + 1 would be read as 2^53. */
#define MAX_EXACT_DOUBLE 9007199254740991.0

/*
 * A non-negative whole number sent as a JSON number or a decimal string. cJSON keeps numbers
 * as doubles, so a number that is negative, fractional or past 2^53 - 1 is BAD rather than
 * silently rounded. Other types (true, {}...) count as absent.
 */
static enum whole json_whole(const cJSON *v, int64_t *out)
{
	*out = 0;
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (!(d >= 0 && d <= MAX_EXACT_DOUBLE) || (double)(int64_t)d != d)
			return WHOLE_BAD;
		*out = (int64_t)d;
		return WHOLE_OK;
	}
	if (cJSON_IsString(v) && v->valuestring[0])
		return parse_digits(v->valuestring, out) == 0 ? WHOLE_OK : WHOLE_BAD;
	return WHOLE_ABSENT;
}

/* For times and counts, where a strange value harms nothing: 0 unless it is a clean number. */
static int64_t whole_or_zero(const cJSON *v)
{
	int64_t x;
	return json_whole(v, &x) == WHOLE_OK ? x : 0;
}

/* The messages for an id in a reply that cannot be read exactly, translated where they are used. */
static const char *const unreadable_pipeline_id =
	N_("a pipeline id in the reply is not a whole number that can be read exactly");
static const char *const unreadable_run_id = N_("a run id in the reply is not a whole number that can be read exactly");
static const char *const unreadable_job_id = N_("a job id in the reply is not a whole number that can be read exactly");

/*
 * An id field: absent is 0, but a value we would misread makes the whole reply unusable (with
 * the message `bad`). The first problem found is the one reported.
 */
static int64_t id_member(struct flow_result *res, const cJSON *obj, const char *key1, const char *key2,
                         const char *bad)
{
	int64_t v;
	if (json_whole(member2(obj, key1, key2), &v) == WHOLE_BAD && res->status == FLOW_OK)
		unusable(res, "%s", _(bad));
	return v;
}

static bool is_2xx(long status)
{
	return status >= 200 && status <= 299;
}

static bool is_throttling(const struct flow_result *res)
{
	const char *c = res->error_code;
	if (c && (strncmp(c, "Throttling", 10) == 0 || strcmp(c, "TooManyRequests") == 0))
		return true;
	return res->http_status == 429 || res->retry_after_ms > 0;
}

/*
 * An error in any of the known shapes, on any status: the API's {success:false, errorCode,
 * errorMessage}, the gateway's {Code, Message, Recommend} and the token API's {errorCode,
 * errorMessage}; and any JSON at all with a failing status. On a 2xx, success:true wins over
 * whatever else the body holds.
 */
static bool body_error(const cJSON *root, bool status_ok, struct flow_result *res)
{
	const cJSON *success = member(root, "success");
	const char *gateway = text_member(root, "Code");
	const char *code = gateway ? gateway : text_member(root, "errorCode");
	if (status_ok && (cJSON_IsTrue(success) || (!code && !cJSON_IsFalse(success))))
		return false;
	res->error_code = xstrdup(code);
	res->error_message = xstrdup(text_member(root, gateway ? "Message" : "errorMessage"));
	res->recommend = xstrdup(text_member(root, "Recommend"));
	res->status = FLOW_E_API;
	return true;
}

/*
 * Parses the reply and sorts it: a server error (FLOW_E_API), an unusable answer
 * (FLOW_E_RESPONSE) or a success whose JSON is returned for the payload to be read.
 */
static cJSON *reply_open(const struct flow_reply *r, enum flow_backend b, struct flow_result *res)
{
	memset(res, 0, sizeof(*res));
	res->status = FLOW_OK;
	res->http_status = r->http_status;
	res->retry_after_ms = r->retry_after_ms > 0 ? r->retry_after_ms : 0;
	cJSON *root = json_parse(r, res);
	const char *id = text_member(root, "requestId");
	if (!id)
		id = text_member(root, "RequestId");
	if (!id && r->request_id_header && *r->request_id_header)
		id = r->request_id_header;
	res->request_id = xstrdup(id);
	if (root && !body_error(root, is_2xx(r->http_status), res)) {
		/* Every classic success says so in its envelope. */
		if (b == FLOW_BACKEND_CLASSIC && !cJSON_IsTrue(member(root, "success")))
			unusable(res, "%s", _("the reply does not say success:true"));
	}
	res->throttled = is_throttling(res);
	if (res->status != FLOW_OK) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/*
 * The array a list reply carries: under `key` in the classic envelope, the bare body in the
 * token API. An explicit null is an empty list.
 */
static const cJSON *payload_list(const cJSON *root, enum flow_backend b, const char *key,
                                 struct flow_result *res)
{
	if (b == FLOW_BACKEND_YUNXIAO && cJSON_IsArray(root))
		return root;
	const cJSON *list = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, key) : NULL;
	if (cJSON_IsArray(list))
		return list;
	if (!cJSON_IsNull(list))
		unusable(res, _("the reply has no %s list"), key);
	return NULL;
}

/* nextToken in the classic envelope; the x-next-page header (a page number) in the token API. */
static char *next_token(const cJSON *root, const struct flow_reply *r, enum flow_backend b)
{
	int64_t page;
	if (b == FLOW_BACKEND_CLASSIC)
		return xstrdup(text_member(root, "nextToken"));
	if (r->next_page_header && flow_parse_id(r->next_page_header, &page) == 0)
		return xstrdup(r->next_page_header);
	return NULL;
}

static int64_t total_count(const cJSON *root)
{
	int64_t v;
	return json_whole(member(root, "totalCount"), &v) == WHOLE_OK ? v : -1;
}

static int trigger_mode(const cJSON *obj)
{
	int64_t v = whole_or_zero(member(obj, "triggerMode"));
	return v <= INT_MAX ? (int)v : 0;
}

static void pipeline_fill(struct flow_result *res, const cJSON *o, void *item)
{
	struct flow_pipeline *p = item;
	p->id = id_member(res, o, "pipelineId", "id", unreadable_pipeline_id);
	p->name = dup_member(o, "pipelineName", "name");
	p->create_time = whole_or_zero(member(o, "createTime"));
	p->creator_id = dup_member(o, "creatorAccountId", "createAccountId");
}

static void run_fill(struct flow_result *res, const cJSON *o, void *item)
{
	struct flow_run *run = item;
	run->pipeline_id = id_member(res, o, "pipelineId", NULL, unreadable_pipeline_id);
	run->id = id_member(res, o, "pipelineRunId", "id", unreadable_run_id);
	run->status = dup_member(o, "status", NULL);
	run->start_time = whole_or_zero(member(o, "startTime"));
	run->end_time = whole_or_zero(member(o, "endTime"));
	run->trigger_mode = trigger_mode(o);
	run->creator_id = dup_member(o, "creatorAccountId", NULL);
}

/* One page of a list reply, read by `fill` into an array of items of `item_size` bytes. */
struct list_page {
	const char *key;           /* the list's name in the classic envelope */
	size_t item_size;
	void (*fill)(struct flow_result *res, const cJSON *o, void *item);
	void *items;
	size_t n;
	char *next_token;
	int64_t total;
};

static void list_parse(const struct flow_reply *r, enum flow_backend b, struct flow_result *res,
                       struct list_page *pg)
{
	pg->total = -1;
	cJSON *root = reply_open(r, b, res);
	if (!root)
		return;
	const cJSON *list = payload_list(root, b, pg->key, res);
	const cJSON *it;
	int room = cJSON_GetArraySize(list);
	pg->items = room > 0 ? xcalloc((size_t)room, pg->item_size) : NULL;
	cJSON_ArrayForEach(it, list) {
		/* Elements that are not objects are skipped. */
		if (cJSON_IsObject(it))
			pg->fill(res, it, (char *)pg->items + pg->n++ * pg->item_size);
	}
	pg->next_token = next_token(root, r, b);
	pg->total = total_count(root);
	cJSON_Delete(root);
}

enum flow_status flow_parse_pipelines(const struct flow_reply *r, enum flow_backend b,
                                      struct flow_result *res, struct flow_pipeline_list *out)
{
	struct list_page pg = { "pipelines", sizeof(*out->items), pipeline_fill, NULL, 0, NULL, -1 };
	list_parse(r, b, res, &pg);
	out->items = pg.items;
	out->n = pg.n;
	out->next_token = pg.next_token;
	out->total = pg.total;
	if (res->status != FLOW_OK)
		flow_pipeline_list_free(out);
	return res->status;
}

enum flow_status flow_parse_runs(const struct flow_reply *r, enum flow_backend b,
                                 struct flow_result *res, struct flow_run_list *out)
{
	struct list_page pg = { "pipelineRuns", sizeof(*out->items), run_fill, NULL, 0, NULL, -1 };
	list_parse(r, b, res, &pg);
	out->items = pg.items;
	out->n = pg.n;
	out->next_token = pg.next_token;
	out->total = pg.total;
	if (res->status != FLOW_OK)
		flow_run_list_free(out);
	return res->status;
}

static const char *query_value(const struct flow_request *req, const char *key)
{
	for (size_t i = 0; i < req->nquery; i++)
		if (strcmp(req->query[i].key, key) == 0)
			return req->query[i].value;
	return NULL;
}

char *flow_next_page(const struct flow_request *req, const char *next_token, size_t n)
{
	int64_t page, per_page;
	if (next_token && *next_token)
		return xstrdup(next_token);
	if (req->backend != FLOW_BACKEND_YUNXIAO || n == 0)
		return NULL;
	if (flow_parse_id(query_value(req, "page"), &page) != 0 || page >= INT_MAX)
		return NULL;
	bool asked = flow_parse_id(query_value(req, "perPage"), &per_page) == 0;
	if (asked && (uint64_t)n < (uint64_t)per_page)
		return NULL;
	return xasprintf("%" PRId64, page + 1);
}

/* ---- run detail: stages, jobs, manual gates ------------------------------------------------ */

/* Names of who may act, without repeats, in the order first seen. */
struct names {
	char **v;
	size_t n;
};

static void names_add(struct names *ns, const char *s)
{
	if (!s || !*s)
		return;
	for (size_t i = 0; i < ns->n; i++)
		if (strcmp(ns->v[i], s) == 0)
			return;
	ns->v = xrealloc(ns->v, (ns->n + 1) * sizeof(*ns->v));
	ns->v[ns->n++] = xstrdup(s);
}

/* NULL when there are none; frees the list either way. */
static char *names_join(struct names *ns)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ns->n; i++) {
		if (i)
			strbuf_puts(&sb, ", ");
		strbuf_puts(&sb, ns->v[i]);
		free(ns->v[i]);
	}
	free(ns->v);
	ns->v = NULL;
	ns->n = 0;
	return sb.len ? strbuf_detach(&sb) : NULL;
}

/* A validator is sent as a plain string or as a user object; which field names it varies. */
static void validator_add(struct names *ns, const cJSON *v)
{
	static const char *const fields[] = { "name", "userName", "accountId" };
	if (cJSON_IsString(v)) {
		names_add(ns, v->valuestring);
		return;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const cJSON *f = member(v, fields[i]);
		int64_t num;
		char buf[24];
		if (cJSON_IsString(f) && f->valuestring[0]) {
			names_add(ns, f->valuestring);
			return;
		}
		if (json_whole(f, &num) == WHOLE_OK) {
			snprintf(buf, sizeof(buf), "%" PRId64, num);
			names_add(ns, buf);
			return;
		}
	}
}

static void validators_add(struct names *ns, const cJSON *action)
{
	const cJSON *list = member(member(action, "params"), "validators");
	const cJSON *v;
	if (cJSON_IsString(list)) {
		names_add(ns, list->valuestring);
		return;
	}
	for (v = elements(list); v; v = v->next)
		validator_add(ns, v);
}

/* FLOW_GATE_* bits of one action: only an explicit disable:false lets the caller act. */
static unsigned action_gate(const cJSON *action)
{
	const char *type = text_member(action, "type");
	bool allowed = cJSON_IsFalse(member(action, "disable"));
	if (!type)
		return 0;
	if (strcmp(type, "PassPipelineValidate") == 0)
		return FLOW_GATE_HAS_PASS | (allowed ? FLOW_GATE_CAN_PASS : 0);
	if (strcmp(type, "RefusePipelineValidate") == 0 || strcmp(type, "RefusePipelineValidator") == 0)
		return FLOW_GATE_HAS_REFUSE | (allowed ? FLOW_GATE_CAN_REFUSE : 0);
	return 0;
}

static void job_gate(const cJSON *job, struct flow_job *j)
{
	const cJSON *actions = member(job, "actions");
	const cJSON *a;
	struct names ns = { NULL, 0 };
	for (a = elements(actions); a; a = a->next) {
		unsigned bits = action_gate(a);
		if (bits)
			validators_add(&ns, a);
		j->gate |= bits;
	}
	j->validators = names_join(&ns);
}

/* The {jobId} of pass/refuse: a number printed as decimal, or a string kept as sent. */
static char *job_id(struct flow_result *res, const cJSON *job)
{
	const cJSON *v = member(job, "id");
	char buf[24] = "";
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v)) {
		int64_t id = id_member(res, job, "id", NULL, unreadable_job_id);
		if (res->status == FLOW_OK)
			snprintf(buf, sizeof(buf), "%" PRId64, id);
	}
	return xstrdup(buf);
}

static void job_fill(struct flow_result *res, const cJSON *job, const char *stage, int stage_index,
                     struct flow_job *j)
{
	j->id = job_id(res, job);
	j->name = dup_member(job, "name", NULL);
	j->status = dup_member(job, "status", NULL);
	j->start_time = whole_or_zero(member(job, "startTime"));
	j->end_time = whole_or_zero(member(job, "endTime"));
	j->stage_name = xstrdup(stage);
	j->stage_index = stage_index;
	job_gate(job, j);
}

static const cJSON *stage_jobs(const cJSON *stage)
{
	return member(member(stage, "stageInfo"), "jobs");
}

/* How many elements an array has (0 for anything else), counted without cJSON's int. */
static size_t count_elements(const cJSON *v)
{
	size_t n = 0;
	for (const cJSON *e = elements(v); e; e = e->next)
		n++;
	return n;
}

static void run_jobs_fill(struct flow_result *res, const cJSON *stages, struct flow_run_detail *out)
{
	const cJSON *stage, *job;
	size_t room = 0;
	for (stage = elements(stages); stage; stage = stage->next)
		room += count_elements(stage_jobs(stage));
	out->jobs = room ? xcalloc(room, sizeof(*out->jobs)) : NULL;
	out->nstages = count_elements(stages);
	out->stages = out->nstages ? xcalloc(out->nstages, sizeof(*out->stages)) : NULL;
	int index = 0;
	for (stage = elements(stages); stage; stage = stage->next) {
		const cJSON *info = member(stage, "stageInfo");
		const char *name = text_member(stage, "name");
		if (!name)
			name = text_member(info, "name");
		out->stages[index].name = xstrdup(name ? name : "");
		out->stages[index].status = dup_member(info, "status", NULL);
		for (job = elements(stage_jobs(stage)); job; job = job->next) {
			if (cJSON_IsObject(job))
				job_fill(res, job, name ? name : "", index, &out->jobs[out->njobs++]);
		}
		index++;
	}
}

/* Up to 2^53, where a JSON number still holds every whole number exactly. */
#define EMBEDDED_ID_MAX 9007199254740992.0

/*
 * The text of an embedded commit's field: a string as sent; a commitId sent as a whole JSON
 * number as its decimal digits (in `buf`); NULL for anything else (times, lists, other numbers).
 */
static const char *embedded_text(const cJSON *f, char *buf, size_t len)
{
	if (!f->string)
		return NULL;
	if (cJSON_IsString(f))
		return f->valuestring;
	double v = f->valuedouble;
	if (!cJSON_IsNumber(f) || strcmp(f->string, "commitId") != 0)
		return NULL;
	if (v < 0 || v > EMBEDDED_ID_MAX || v != (double)(int64_t)v)
		return NULL;
	snprintf(buf, len, "%" PRId64, (int64_t)v);
	return buf;
}

/* How many fields of an object embedded_text reads. */
static size_t count_texts(const cJSON *obj)
{
	char buf[32];
	size_t n = 0;
	for (const cJSON *f = cJSON_IsObject(obj) ? obj->child : NULL; f; f = f->next)
		n += embedded_text(f, buf, sizeof(buf)) != NULL;
	return n;
}

/*
 * A data field whose string is itself JSON, as the classic API's "commint" (its commits, head
 * first: "[{\"commitId\":...}]"): the parsed tree when it is an object with fields embedded_text
 * reads or an array whose first element is one, with *obj that object; NULL for anything else.
 */
static cJSON *embedded_object(const char *text, const cJSON **obj)
{
	errno = 0;
	cJSON *root = cJSON_ParseWithOpts(text, NULL, 1);
	if (!root && errno == ENOMEM)
		xalloc_die();
	const cJSON *o = cJSON_IsArray(root) ? root->child : root;
	if (!count_texts(o)) {
		cJSON_Delete(root);
		return NULL;
	}
	*obj = o;
	return root;
}

static void source_put(struct flow_source *src, size_t *cap, const char *key, const char *value)
{
	src->data = xgrow(src->data, src->ndata, cap, sizeof(*src->data), 8);
	src->data[src->ndata].key = xstrdup(key);
	src->data[src->ndata++].value = xstrdup(value);
}

/*
 * An embedded object's fields that embedded_text reads. Only a key's name decides: a string field
 * of data itself, or one read before, wins over the inner field of that name, and that one alone.
 */
static void source_put_embedded(struct flow_source *src, size_t *cap, const cJSON *data, const cJSON *obj)
{
	char buf[32];
	for (const cJSON *f = obj->child; f; f = f->next) {
		const char *text = embedded_text(f, buf, sizeof(buf));
		if (!text || cJSON_IsString(member(data, f->string)) || flow_source_get(src, f->string))
			continue;
		source_put(src, cap, f->string, text);
	}
}

/*
 * A source's data is free-form: its string fields are kept, in the order sent; one holding a
 * JSON object (or an array of them) stands for the first object's string fields.
 */
static void source_fill(const cJSON *o, struct flow_source *src)
{
	const cJSON *data = member(o, "data");
	size_t cap = 0;
	src->type = dup_member(o, "type", NULL);
	src->name = dup_member(o, "name", "label");
	for (const cJSON *f = cJSON_IsObject(data) ? data->child : NULL; f; f = f->next) {
		if (!cJSON_IsString(f) || !f->string)
			continue;
		const cJSON *obj;
		cJSON *root = embedded_object(f->valuestring, &obj);
		if (root)
			source_put_embedded(src, &cap, data, obj);
		else
			source_put(src, &cap, f->string, f->valuestring);
		cJSON_Delete(root);
	}
}

static void run_sources_fill(const cJSON *sources, struct flow_run_detail *out)
{
	size_t room = count_elements(sources);
	out->sources = room ? xcalloc(room, sizeof(*out->sources)) : NULL;
	for (const cJSON *o = elements(sources); o; o = o->next)
		if (cJSON_IsObject(o))
			source_fill(o, &out->sources[out->nsources++]);
}

/* Only an explicit false (or nothing) says a value may be shown: "true", 1 and the like hide it. */
static bool flag_unset(const cJSON *obj, const char *key)
{
	const cJSON *v = member(obj, key);
	return !v || cJSON_IsFalse(v);
}

/* globalParams: a masked or encrypted value is dropped here, before anything can keep it. */
static void run_params_fill(const cJSON *params, struct flow_run_detail *out)
{
	size_t room = count_elements(params);
	out->params = room ? xcalloc(room, sizeof(*out->params)) : NULL;
	for (const cJSON *o = elements(params); o; o = o->next) {
		const cJSON *key = member(o, "key");
		if (!cJSON_IsString(key))
			continue;
		struct flow_param *p = &out->params[out->nparams++];
		p->key = xstrdup(key->valuestring);
		p->hidden = !flag_unset(o, "masked") || !flag_unset(o, "encrypted");
		p->value = p->hidden ? NULL : dup_member(o, "value", NULL);
	}
}

/*
 * The object a reply carries: under `key` in the classic envelope, the bare body in the token
 * API; NULL when there is none.
 */
static const cJSON *payload_object(const cJSON *root, enum flow_backend b, const char *key)
{
	const cJSON *o = member(root, key);
	if (cJSON_IsObject(o))
		return o;
	return b == FLOW_BACKEND_YUNXIAO && cJSON_IsObject(root) ? root : NULL;
}

/*
 * Parses a reply that carries one object (classic: under `key` in the envelope) and reads it
 * with `fill` into `out`. Returns res->status.
 */
static enum flow_status object_parse(const struct flow_reply *r, enum flow_backend b, struct flow_result *res,
                                     const char *key,
                                     void (*fill)(struct flow_result *res, const cJSON *o, void *out),
                                     void *out)
{
	cJSON *root = reply_open(r, b, res);
	if (!root)
		return res->status;
	const cJSON *o = payload_object(root, b, key);
	if (o)
		fill(res, o, out);
	else
		unusable(res, _("the reply has no %s object"), key);
	cJSON_Delete(root);
	return res->status;
}

static void run_detail_fill(struct flow_result *res, const cJSON *run, void *detail)
{
	struct flow_run_detail *out = detail;
	out->pipeline_id = id_member(res, run, "pipelineId", NULL, unreadable_pipeline_id);
	out->id = id_member(res, run, "pipelineRunId", "id", unreadable_run_id);
	out->status = dup_member(run, "status", NULL);
	out->create_time = whole_or_zero(member(run, "createTime"));
	out->update_time = whole_or_zero(member(run, "updateTime"));
	out->trigger_mode = trigger_mode(run);
	out->creator = dup_member(run, "creator", NULL);
	out->creator_id = dup_member(run, "creatorAccountId", NULL);
	run_jobs_fill(res, member(run, "stages"), out);
	run_sources_fill(member(run, "sources"), out);
	run_params_fill(member(run, "globalParams"), out);
}

enum flow_status flow_parse_run(const struct flow_reply *r, enum flow_backend b,
                                struct flow_result *res, struct flow_run_detail *out)
{
	memset(out, 0, sizeof(*out));
	if (object_parse(r, b, res, "pipelineRun", run_detail_fill, out) != FLOW_OK)
		flow_run_detail_free(out);
	return res->status;
}

/* ---- a pipeline, a job's log, the newest run ----------------------------------------------- */

enum flow_status flow_parse_pipeline(const struct flow_reply *r, enum flow_backend b,
                                     struct flow_result *res, struct flow_pipeline *out)
{
	memset(out, 0, sizeof(*out));
	if (object_parse(r, b, res, "pipeline", pipeline_fill, out) != FLOW_OK)
		flow_pipeline_clear(out);
	return res->status;
}

static void job_log_fill(struct flow_result *res, const cJSON *log, void *job_log)
{
	struct flow_job_log *out = job_log;
	const cJSON *content = member(log, "content");
	if (content && !cJSON_IsString(content)) {
		unusable(res, "%s", _("the log in the reply is not text"));
		return;
	}
	out->content = xstrdup(content ? content->valuestring : "");
	out->more = cJSON_IsTrue(member(log, "more"));
	out->last = whole_or_zero(member(log, "last"));
}

enum flow_status flow_parse_job_log(const struct flow_reply *r, enum flow_backend b,
                                    struct flow_result *res, struct flow_job_log *out)
{
	memset(out, 0, sizeof(*out));
	if (object_parse(r, b, res, "log", job_log_fill, out) != FLOW_OK)
		flow_job_log_free(out);
	return res->status;
}

/* Classic: the first run of a list of at most one; an empty list is a pipeline without runs. */
static void latest_from_list(const struct flow_reply *r, struct flow_result *res, struct flow_run *out)
{
	struct flow_run_list list;
	if (flow_parse_runs(r, FLOW_BACKEND_CLASSIC, res, &list) != FLOW_OK)
		return;
	if (list.n > 0) {
		*out = list.items[0];
		memset(&list.items[0], 0, sizeof(list.items[0]));
	}
	flow_run_list_free(&list);
}

/* The token API's run object has no startTime: its createTime stands in. */
static void latest_run_fill(struct flow_result *res, const cJSON *run, void *item)
{
	struct flow_run *out = item;
	run_fill(res, run, out);
	if (!out->start_time)
		out->start_time = whole_or_zero(member(run, "createTime"));
}

enum flow_status flow_parse_latest_run(const struct flow_reply *r, enum flow_backend b,
                                       struct flow_result *res, struct flow_run *out)
{
	memset(out, 0, sizeof(*out));
	if (b == FLOW_BACKEND_CLASSIC)
		latest_from_list(r, res, out);
	else if (object_parse(r, b, res, "pipelineRun", latest_run_fill, out) != FLOW_OK)
		flow_run_clear(out);
	return res->status;
}

/* ---- pass and refuse ----------------------------------------------------------------------- */

/* The token API answers true, {"result":true} or {"success":true}; false means not done. */
static void yunxiao_confirm(const cJSON *root, struct flow_result *res)
{
	const cJSON *said = cJSON_IsBool(root) ? root : member2(root, "result", "success");
	if (cJSON_IsFalse(said))
		res->status = FLOW_E_API;
	else if (!cJSON_IsTrue(said))
		unusable(res, "%s", _("the reply does not say whether the action was done"));
}

enum flow_status flow_parse_action(const struct flow_reply *r, enum flow_backend b,
                                   struct flow_result *res)
{
	cJSON *root = reply_open(r, b, res);
	if (root && b == FLOW_BACKEND_YUNXIAO)
		yunxiao_confirm(root, res);
	cJSON_Delete(root);
	return res->status;
}
