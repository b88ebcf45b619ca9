/*
 * The reply parsers of both backends and the error mapping on what they produce, and the run
 * link parser.
 *
 * Input: a selector byte, the HTTP status, the headers the selector asks for, then the body.
 *   selector bits 0-1  parser: pipelines, runs, run, action; with bit 7: pipeline, job log,
 *                      latest run, run link (the body is the link; status and headers unused)
 *            bit 2     backend: classic, yunxiao
 *            bit 3     message language: en, zh
 *            bit 4     an x-acs-request-id header follows (length byte, bytes)
 *            bit 5     an x-next-page header follows (length byte, bytes)
 *            bit 6     an x-acs-retry-after header follows (4 bytes, signed, big-endian)
 *   2 bytes            HTTP status, big-endian, taken modulo 1000
 */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "flow/api.h"
#include "flow/errors.h"
#include "flow/model.h"
#include "flow/url.h"
#include "util/xalloc.h"

enum { PARSE_PIPELINES, PARSE_RUNS, PARSE_RUN, PARSE_ACTION };
enum { PARSE_PIPELINE, PARSE_JOB_LOG, PARSE_LATEST_RUN, PARSE_URL };

/* Our own words for an unusable reply: printable ASCII, never the body's bytes. */
static void assert_own_words(const char *s)
{
	FUZZ_ASSERT(s && *s);
	for (; *s; s++)
		FUZZ_ASSERT(*s >= ' ' && *s <= '~');
}

static void check_result(const struct flow_result *res, const struct flow_reply *r, enum flow_lang lang)
{
	enum flow_status rc = res->status;
	FUZZ_ASSERT(rc == FLOW_OK || rc == FLOW_E_API || rc == FLOW_E_RESPONSE);
	FUZZ_ASSERT(res->http_status == r->http_status);
	/* A failing status is never taken for a success, whatever the body says. */
	FUZZ_ASSERT(rc != FLOW_OK || (r->http_status >= 200 && r->http_status <= 299));
	FUZZ_ASSERT(rc != FLOW_OK || res->error_code == NULL);
	if (rc == FLOW_E_RESPONSE)
		assert_own_words(res->error_message);
	if (r->request_id_header && *r->request_id_header)
		FUZZ_ASSERT(res->request_id != NULL);
	if (r->http_status == 429 || r->retry_after_ms > 0)
		FUZZ_ASSERT(res->throttled);
	FUZZ_ASSERT(res->retry_after_ms >= 0);

	fuzz_assert_sanitized(res->request_id);
	fuzz_assert_sanitized(res->error_code);
	fuzz_assert_sanitized(res->error_message);
	fuzz_assert_sanitized(res->recommend);
	char *msg = flow_error_describe(res, lang);
	FUZZ_ASSERT(msg && *msg);
	fuzz_assert_displayable(msg);
	free(msg);
}

/* A field the model promises is never NULL, on its way to the screen. */
static void check_field(const char *s)
{
	FUZZ_ASSERT(s != NULL);
	fuzz_assert_sanitized(s);
}

static void parse_pipelines(const struct flow_reply *r, enum flow_backend b, struct flow_result *res)
{
	struct flow_pipeline_list out;
	enum flow_status rc = flow_parse_pipelines(r, b, res, &out);
	FUZZ_ASSERT(rc == res->status);
	if (rc != FLOW_OK) {
		FUZZ_ASSERT(out.items == NULL && out.n == 0 && out.next_token == NULL);
		return;
	}
	FUZZ_ASSERT(out.n == 0 || out.items != NULL);
	FUZZ_ASSERT(out.total >= -1);
	fuzz_assert_sanitized(out.next_token);
	for (size_t i = 0; i < out.n; i++) {
		const struct flow_pipeline *p = &out.items[i];
		FUZZ_ASSERT(p->id >= 0 && p->create_time >= 0);
		check_field(p->name);
		check_field(p->creator_id);
	}
	flow_pipeline_list_free(&out);
}

static void parse_runs(const struct flow_reply *r, enum flow_backend b, struct flow_result *res)
{
	struct flow_run_list out;
	enum flow_status rc = flow_parse_runs(r, b, res, &out);
	FUZZ_ASSERT(rc == res->status);
	if (rc != FLOW_OK) {
		FUZZ_ASSERT(out.items == NULL && out.n == 0 && out.next_token == NULL);
		return;
	}
	FUZZ_ASSERT(out.n == 0 || out.items != NULL);
	FUZZ_ASSERT(out.total >= -1);
	fuzz_assert_sanitized(out.next_token);
	for (size_t i = 0; i < out.n; i++) {
		const struct flow_run *run = &out.items[i];
		FUZZ_ASSERT(run->id >= 0 && run->pipeline_id >= 0);
		FUZZ_ASSERT(run->start_time >= 0 && run->end_time >= 0 && run->trigger_mode >= 0);
		FUZZ_ASSERT(flow_trigger_name(run->trigger_mode) != NULL);
		check_field(run->status);
		check_field(run->creator_id);
	}
	flow_run_list_free(&out);
}

static void check_job(const struct flow_run_detail *run, const struct flow_job *j)
{
	check_field(j->id);
	check_field(j->name);
	check_field(j->status);
	check_field(j->stage_name);
	FUZZ_ASSERT(j->stage_index >= 0);
	FUZZ_ASSERT(j->start_time >= 0 && j->end_time >= 0);
	FUZZ_ASSERT(!(j->gate & FLOW_GATE_CAN_PASS) || (j->gate & FLOW_GATE_HAS_PASS));
	FUZZ_ASSERT(!(j->gate & FLOW_GATE_CAN_REFUSE) || (j->gate & FLOW_GATE_HAS_REFUSE));
	FUZZ_ASSERT(j->validators == NULL || *j->validators);
	fuzz_assert_sanitized(j->validators);
	FUZZ_ASSERT(!flow_job_is_pending_gate(j) || flow_job_is_gate(j));
	if (*j->id) {
		const struct flow_job *found = flow_run_find_job(run, j->id);
		FUZZ_ASSERT(found && strcmp(found->id, j->id) == 0);
	}
}

/* Sources, params and stages: every string displayable, no hidden param with a value. */
static void check_context(const struct flow_run_detail *run)
{
	check_field(run->creator);
	check_field(run->creator_id);
	FUZZ_ASSERT(run->nstages == 0 || run->stages != NULL);
	for (size_t i = 0; i < run->nstages; i++) {
		check_field(run->stages[i].name);
		check_field(run->stages[i].status);
	}
	for (size_t i = 0; i < run->njobs; i++)
		FUZZ_ASSERT((size_t)run->jobs[i].stage_index < run->nstages);
	for (size_t i = 0; i < run->nsources; i++) {
		const struct flow_source *src = &run->sources[i];
		check_field(src->type);
		check_field(src->name);
		for (size_t k = 0; k < src->ndata; k++) {
			check_field(src->data[k].key);
			check_field(src->data[k].value);
		}
	}
	for (size_t i = 0; i < run->nparams; i++) {
		check_field(run->params[i].key);
		FUZZ_ASSERT(run->params[i].hidden == (run->params[i].value == NULL));
		fuzz_assert_sanitized(run->params[i].value);
	}
	char *line = flow_run_summary(run);
	fuzz_assert_sanitized(line);
	free(line);
}

static void parse_run(const struct flow_reply *r, enum flow_backend b, struct flow_result *res)
{
	struct flow_run_detail out;
	enum flow_status rc = flow_parse_run(r, b, res, &out);
	FUZZ_ASSERT(rc == res->status);
	if (rc != FLOW_OK) {
		FUZZ_ASSERT(out.jobs == NULL && out.njobs == 0 && out.status == NULL);
		return;
	}
	FUZZ_ASSERT(out.id >= 0 && out.pipeline_id >= 0 && out.trigger_mode >= 0);
	FUZZ_ASSERT(out.njobs == 0 || out.jobs != NULL);
	check_field(out.status);
	for (size_t i = 0; i < out.njobs; i++) {
		check_job(&out, &out.jobs[i]);
		FUZZ_ASSERT(i == 0 || out.jobs[i].stage_index >= out.jobs[i - 1].stage_index);
	}
	FUZZ_ASSERT(flow_run_pending_gates(&out) <= out.njobs);
	check_context(&out);
	flow_run_detail_free(&out);
}

static void parse_pipeline(const struct flow_reply *r, enum flow_backend b, struct flow_result *res)
{
	struct flow_pipeline out;
	enum flow_status rc = flow_parse_pipeline(r, b, res, &out);
	FUZZ_ASSERT(rc == res->status);
	if (rc != FLOW_OK) {
		FUZZ_ASSERT(out.name == NULL && out.creator_id == NULL);
		return;
	}
	FUZZ_ASSERT(out.id >= 0 && out.create_time >= 0);
	check_field(out.name);
	check_field(out.creator_id);
	flow_pipeline_clear(&out);
}

static void parse_job_log(const struct flow_reply *r, enum flow_backend b, struct flow_result *res)
{
	struct flow_job_log out;
	enum flow_status rc = flow_parse_job_log(r, b, res, &out);
	FUZZ_ASSERT(rc == res->status);
	if (rc != FLOW_OK) {
		FUZZ_ASSERT(out.content == NULL);
		return;
	}
	FUZZ_ASSERT(out.last >= 0);
	check_field(out.content);
	flow_job_log_free(&out);
}

static void parse_latest_run(const struct flow_reply *r, enum flow_backend b, struct flow_result *res)
{
	struct flow_run out;
	enum flow_status rc = flow_parse_latest_run(r, b, res, &out);
	FUZZ_ASSERT(rc == res->status);
	if (rc != FLOW_OK || out.id == 0) {
		FUZZ_ASSERT(out.status == NULL || rc == FLOW_OK);
		flow_run_clear(&out);
		return;
	}
	FUZZ_ASSERT(out.id > 0 && out.pipeline_id >= 0 && out.start_time >= 0);
	check_field(out.status);
	check_field(out.creator_id);
	flow_run_clear(&out);
}

/* A link accepted gives ids that make the same link again; one refused says why, in our words. */
static void parse_url(const uint8_t *data, size_t size)
{
	char *url = xstrndup((const char *)data, size);
	char err[256] = "";
	int64_t p = -1, r = -1;
	if (flow_url_parse(url, &p, &r, err, sizeof(err)) == 0) {
		FUZZ_ASSERT(p > 0 && r >= 0);
		char *again = flow_url_of_run("https://h", p, r);
		int64_t p2 = 0, r2 = -1;
		FUZZ_ASSERT(again && flow_url_parse(again, &p2, &r2, NULL, 0) == 0 && p2 == p && r2 == r);
		free(again);
	} else {
		FUZZ_ASSERT(p == -1 && r == -1);
		assert_own_words(err);
	}
	free(url);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	unsigned sel = fuzz_take_u8(&in);
	if ((sel & 0x83) == (0x80 | PARSE_URL)) {
		parse_url(in.p, in.n);
		return 0;
	}
	unsigned status = fuzz_take_u8(&in) << 8;
	status |= fuzz_take_u8(&in);
	char *request_id = sel & 0x10 ? fuzz_take_str(&in) : NULL;
	char *next_page = sel & 0x20 ? fuzz_take_str(&in) : NULL;
	long retry_after = sel & 0x40 ? (long)(int32_t)fuzz_take_u32(&in) : 0;

	enum flow_backend b = sel & 0x04 ? FLOW_BACKEND_YUNXIAO : FLOW_BACKEND_CLASSIC;
	enum flow_lang lang = sel & 0x08 ? FLOW_LANG_ZH : FLOW_LANG_EN;
	struct flow_reply r = {
		.http_status = (long)(status % 1000),
		.body = in.n ? (const char *)in.p : NULL,
		.body_len = in.n,
		.request_id_header = request_id,
		.retry_after_ms = retry_after,
		.next_page_header = next_page,
	};
	struct flow_result res;
	switch (sel & 0x83) {
	case PARSE_PIPELINES:
		parse_pipelines(&r, b, &res);
		break;
	case PARSE_RUNS:
		parse_runs(&r, b, &res);
		break;
	case PARSE_RUN:
		parse_run(&r, b, &res);
		break;
	case 0x80 | PARSE_PIPELINE:
		parse_pipeline(&r, b, &res);
		break;
	case 0x80 | PARSE_JOB_LOG:
		parse_job_log(&r, b, &res);
		break;
	case 0x80 | PARSE_LATEST_RUN:
		parse_latest_run(&r, b, &res);
		break;
	default:
		FUZZ_ASSERT(flow_parse_action(&r, b, &res) == res.status);
		break;
	}
	check_result(&res, &r, lang);
	flow_result_free(&res);
	free(request_id);
	free(next_page);
	return 0;
}
