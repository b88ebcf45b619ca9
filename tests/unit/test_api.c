#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "flow/api.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "../tap.h"

#define CLASSIC FLOW_BACKEND_CLASSIC
#define YUNXIAO FLOW_BACKEND_YUNXIAO
/* The central edition of backend b at org. */
#define AT_CENTRAL(b, org) (&(struct flow_target){ (b), FLOW_EDITION_CENTRAL, (org) })
#define GATE_ALL (FLOW_GATE_HAS_PASS | FLOW_GATE_HAS_REFUSE | FLOW_GATE_CAN_PASS | FLOW_GATE_CAN_REFUSE)

/* ---- fixtures -------------------------------------------------------------------------------- */

/* tests/fixtures under $top_srcdir (make check), else next to this source file. */
static char *fixture_path(const char *name)
{
	const char *top = getenv("top_srcdir");
	if (top && *top)
		return xasprintf("%s/tests/fixtures/%s", top, name);
	const char *file = __FILE__;
	const char *cut = strstr(file, "tests/unit/test_api.c");
	return xasprintf("%.*stests/fixtures/%s", cut ? (int)(cut - file) : 0, file, name);
}

static char *fixture(const char *name, size_t *len)
{
	char *path = fixture_path(name);
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	if (!f) {
		printf("Bail out! cannot open fixture %s\n", path);
		exit(1);
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_append(&sb, buf, n);
	fclose(f);
	free(path);
	*len = sb.len;
	return strbuf_detach(&sb);
}

struct loaded {
	char *body;
	struct flow_reply reply;
};

static struct loaded load(const char *name, long status)
{
	struct loaded l = { 0 };
	l.reply.http_status = status;
	l.body = fixture(name, &l.reply.body_len);
	l.reply.body = l.body;
	return l;
}

static struct flow_reply reply(long status, const char *body)
{
	struct flow_reply r = { 0 };
	r.http_status = status;
	r.body = body;
	r.body_len = body ? strlen(body) : 0;
	return r;
}

static bool contains(const char *s, const char *part)
{
	return s && strstr(s, part) != NULL;
}

/* ---- request building ------------------------------------------------------------------------ */

static const char *query(const struct flow_request *req, const char *key)
{
	for (size_t i = 0; i < req->nquery; i++)
		if (strcmp(req->query[i].key, key) == 0)
			return req->query[i].value;
	return NULL;
}

static void test_build_lists(void)
{
	struct flow_request req;
	char err[256] = "";

	is_int(flow_req_list_pipelines(&req, AT_CENTRAL(CLASSIC, "5ebbc0228123212b59xxxxx"), NULL, 20, "tok en", err, sizeof(err)), 0,
	       "classic ListPipelines builds");
	is_str(req.path, "/organization/5ebbc0228123212b59xxxxx/pipelines", "classic ListPipelines path");
	is_str(req.method, "GET", "ListPipelines is a GET");
	is_str(req.action, "ListPipelines", "ListPipelines names its x-acs-action");
	is_str(query(&req, "maxResults"), "20", "classic ListPipelines sends maxResults");
	is_str(query(&req, "nextToken"), "tok en", "classic ListPipelines sends the raw nextToken");
	flow_request_free(&req);

	flow_req_list_pipelines(&req, AT_CENTRAL(CLASSIC, "org123"), NULL, 0, "", err, sizeof(err));
	is_int(req.nquery, 0, "classic ListPipelines without size or token sends no query");
	flow_request_free(&req);

	flow_req_list_pipelines(&req, AT_CENTRAL(YUNXIAO, "org123"), NULL, 100, NULL, err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/organizations/org123/pipelines", "token API list pipelines path");
	is_str(query(&req, "page"), "1", "token API list pipelines starts at page 1");
	is_str(query(&req, "perPage"), "30", "token API perPage is capped at 30");
	ok(query(&req, "maxResults") == NULL, "token API does not send maxResults");
	flow_request_free(&req);

	flow_req_list_pipelines(&req, AT_CENTRAL(YUNXIAO, "org123"), NULL, 10, "3", err, sizeof(err));
	is_str(query(&req, "page"), "3", "token API next token is the page number");
	is_str(query(&req, "perPage"), "10", "token API perPage below the cap is kept");
	flow_request_free(&req);

	is_int(flow_req_list_pipelines(&req, AT_CENTRAL(YUNXIAO, "org123"), NULL, 10, "eyJwIjoyfQ==", err, sizeof(err)), -1,
	       "token API refuses a next token that is not a page number");
	ok(contains(err, "page number"), "the refusal says a page number is needed");

	is_int(flow_req_list_runs(&req, AT_CENTRAL(CLASSIC, "org123"), 456, "RUNNING", 20, "a b", 0, err, sizeof(err)), 0,
	       "classic ListPipelineRuns builds");
	is_str(req.path, "/organization/org123/pipelines/456/pipelineRuns", "classic ListPipelineRuns path");
	is_str(req.action, "ListPipelineRuns", "ListPipelineRuns names its x-acs-action");
	is_str(query(&req, "status"), "RUNNING", "list runs sends the status filter");
	is_str(query(&req, "nextToken"), "a b", "list runs sends the nextToken raw");
	is_str(query(&req, "maxResults"), "20", "list runs sends maxResults");
	is_int(req.nquery, 3, "list runs sends nothing else");
	flow_request_free(&req);

	flow_req_list_runs(&req, AT_CENTRAL(CLASSIC, "org123"), 456, NULL, 20, NULL, 0, err, sizeof(err));
	ok(query(&req, "status") == NULL && query(&req, "nextToken") == NULL,
	   "list runs without status or token leaves them out");
	flow_request_free(&req);

	flow_req_list_runs(&req, AT_CENTRAL(YUNXIAO, "org123"), 456, "FAIL", 50, NULL, 2, err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/organizations/org123/pipelines/456/runs",
	       "token API reads runs under /runs");
	is_str(query(&req, "page"), "2", "token API list runs sends the page");
	is_str(query(&req, "perPage"), "30", "token API list runs caps perPage at 30");
	is_str(query(&req, "status"), "FAIL", "token API list runs sends the status");
	flow_request_free(&req);

	flow_req_list_runs(&req, AT_CENTRAL(YUNXIAO, "org123"), 456, NULL, 0, "4", 0, err, sizeof(err));
	is_str(query(&req, "page"), "4", "token API list runs takes the page from the next token");
	flow_request_free(&req);
}

static void test_build_run_and_actions(void)
{
	struct flow_request req;
	char err[256] = "";

	is_int(flow_req_get_run(&req, AT_CENTRAL(CLASSIC, "org123"), 456, 789, err, sizeof(err)), 0,
	       "classic GetPipelineRun builds");
	is_str(req.path, "/organization/org123/pipelines/456/pipelineRuns/789", "classic GetPipelineRun path");
	is_str(req.action, "GetPipelineRun", "GetPipelineRun names its x-acs-action");
	is_int(req.nquery, 0, "GetPipelineRun sends no query");
	flow_request_free(&req);

	flow_req_get_run(&req, AT_CENTRAL(YUNXIAO, "org123"), 456, 789, err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/organizations/org123/pipelines/456/runs/789", "token API get run path");
	flow_request_free(&req);

	is_int(flow_req_gate_action(&req, AT_CENTRAL(CLASSIC, "5ebbc0228123212b59xxxxx"), FLOW_OP_REFUSE, 12222, 3, "1111",
	                            err, sizeof(err)), 0, "classic refuse builds");
	is_str(req.path, "/organization/5ebbc0228123212b59xxxxx/pipelines/12222/pipelineRuns/3/jobs/1111/refuse",
	       "classic refuse path is the documented one");
	is_str(req.method, "POST", "refuse is a POST");
	is_str(req.action, "RefusePipelineValidate", "refuse names RefusePipelineValidate");
	is_int(req.nquery, 0, "refuse sends no query");
	ok(req.op == FLOW_OP_REFUSE && req.backend == CLASSIC, "refuse records its op and backend");
	flow_request_free(&req);

	flow_req_gate_action(&req, AT_CENTRAL(CLASSIC, "org123"), FLOW_OP_PASS, 456, 7, "89", err, sizeof(err));
	is_str(req.path, "/organization/org123/pipelines/456/pipelineRuns/7/jobs/89/pass", "classic pass path");
	is_str(req.action, "PassPipelineValidate", "pass names PassPipelineValidate");
	flow_request_free(&req);

	flow_req_gate_action(&req, AT_CENTRAL(YUNXIAO, "org123"), FLOW_OP_REFUSE, 456, 7, "89", err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/organizations/org123/pipelines/456/pipelineRuns/7/jobs/89/refuse",
	       "token API gate actions go under /pipelineRuns, not /runs");
	is_str(req.method, "POST", "token API refuse is a POST");
	flow_request_free(&req);
}

static void test_build_encoding(void)
{
	static const struct {
		const char *job;
		const char *tail;
		const char *name;
	} cases[] = {
		{ "a/b", "/jobs/a%2Fb/refuse", "refuse path percent-encodes a slash in the job id" },
		{ "..", "/jobs/%2E%2E/refuse", "refuse path encodes a job id of .. so it cannot climb" },
		{ ".", "/jobs/%2E/refuse", "refuse path encodes a job id of . so it cannot vanish" },
		{ "../../x", "/jobs/..%2F..%2Fx/refuse", "refuse path keeps a traversal attempt inside one segment" },
		{ "100%", "/jobs/100%25/refuse", "refuse path encodes a percent sign" },
		{ "%2F", "/jobs/%252F/refuse", "refuse path does not pass an encoded slash through" },
		{ "1 2", "/jobs/1%202/refuse", "refuse path encodes a space as %20" },
		{ "!'()*", "/jobs/%21%27%28%29%2A/refuse", "refuse path encodes !'()*" },
		{ "a?b#c&d=e", "/jobs/a%3Fb%23c%26d%3De/refuse", "refuse path encodes query and fragment marks" },
		{ "a-b_c.d~e", "/jobs/a-b_c.d~e/refuse", "refuse path keeps RFC 3986 unreserved characters" },
		{ "卡点", "/jobs/%E5%8D%A1%E7%82%B9/refuse", "refuse path encodes UTF-8 bytes" },
	};
	char err[256];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct flow_request req;
		flow_req_gate_action(&req, AT_CENTRAL(CLASSIC, "o"), FLOW_OP_REFUSE, 1, 2, cases[i].job, err, sizeof(err));
		char *want = xasprintf("/organization/o/pipelines/1/pipelineRuns/2%s", cases[i].tail);
		is_str(req.path, want, "%s", cases[i].name);
		free(want);
		flow_request_free(&req);
	}

	struct flow_request req;
	flow_req_get_run(&req, AT_CENTRAL(CLASSIC, "org/../x?y#z %"), 1, 2, err, sizeof(err));
	is_str(req.path, "/organization/org%2F..%2Fx%3Fy%23z%20%25/pipelines/1/pipelineRuns/2",
	       "the organization id is percent-encoded as one segment");
	flow_request_free(&req);
	flow_req_list_pipelines(&req, AT_CENTRAL(YUNXIAO, ".."), NULL, 0, NULL, err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/organizations/%2E%2E/pipelines", "an organization id of .. is encoded");
	flow_request_free(&req);
}

static void test_build_errors(void)
{
	struct flow_request req;
	char err[256];

#define REFUSED(call, text, name)                                                       \
	do {                                                                            \
		err[0] = '\0';                                                          \
		int rc_ = (call);                                                       \
		ok(rc_ == -1 && contains(err, text) && req.path == NULL, "%s", name);   \
	} while (0)

	REFUSED(flow_req_list_pipelines(&req, AT_CENTRAL(CLASSIC, NULL), NULL, 0, NULL, err, sizeof(err)), "organization",
	        "a missing organization is refused with a message");
	REFUSED(flow_req_list_pipelines(&req, AT_CENTRAL(YUNXIAO, ""), NULL, 0, NULL, err, sizeof(err)), "organization",
	        "an empty organization is refused with a message");
	REFUSED(flow_req_gate_action(&req, AT_CENTRAL(CLASSIC, "o"), FLOW_OP_REFUSE, 1, 2, "", err, sizeof(err)), "job",
	        "an empty job id is refused with a message");
	REFUSED(flow_req_gate_action(&req, AT_CENTRAL(CLASSIC, "o"), FLOW_OP_PASS, 1, 2, NULL, err, sizeof(err)), "job",
	        "a missing job id is refused with a message");
	REFUSED(flow_req_gate_action(&req, AT_CENTRAL(CLASSIC, "o"), FLOW_OP_REFUSE, 0, 2, "9", err, sizeof(err)), "pipeline",
	        "pipeline id 0 is refused");
	REFUSED(flow_req_get_run(&req, AT_CENTRAL(CLASSIC, "o"), -5, 2, err, sizeof(err)), "pipeline",
	        "a negative pipeline id is refused");
	REFUSED(flow_req_get_run(&req, AT_CENTRAL(CLASSIC, "o"), 1, 0, err, sizeof(err)), "run", "run id 0 is refused");
	REFUSED(flow_req_list_runs(&req, AT_CENTRAL(CLASSIC, "o"), 0, NULL, 0, NULL, 0, err, sizeof(err)), "pipeline",
	        "list runs without a pipeline is refused");
	REFUSED(flow_req_gate_action(&req, AT_CENTRAL(CLASSIC, "o"), FLOW_OP_GET_RUN, 1, 2, "9", err, sizeof(err)),
	        "pass or refuse",
	        "a gate action other than pass or refuse is refused");
	REFUSED(flow_req_list_runs(&req, AT_CENTRAL(CLASSIC, "o"), 1, NULL, -1, NULL, 0, err, sizeof(err)), "page size",
	        "a negative page size is refused");
	REFUSED(flow_req_list_runs(&req, AT_CENTRAL(YUNXIAO, "o"), 1, NULL, 10, NULL, -2, err, sizeof(err)), "page number",
	        "a negative page is refused");
	REFUSED(flow_req_list_pipelines(&req, AT_CENTRAL((enum flow_backend)7, "o"), NULL, 0, NULL, err, sizeof(err)), "backend",
	        "an unknown backend is refused");
#undef REFUSED
	is_int(flow_req_get_run(&req, AT_CENTRAL(CLASSIC, ""), 1, 2, NULL, 0), -1, "builders accept a NULL error buffer");
}

static void test_parse_id(void)
{
	int64_t v = 0;
	ok(flow_parse_id("123", &v) == 0 && v == 123, "parse_id reads digits");
	ok(flow_parse_id("9223372036854775807", &v) == 0 && v == INT64_MAX, "parse_id reads the largest int64");
	is_int(flow_parse_id("007", &v), -1, "parse_id refuses leading zeros");
	is_int(flow_parse_id("\xef\xbc\x91", &v), -1, "parse_id refuses a full-width digit");
	v = 42;
	is_int(flow_parse_id("9223372036854775808", &v), -1, "parse_id refuses int64 overflow");
	is_int(v, 42, "parse_id leaves the output alone on failure");
	is_int(flow_parse_id("99999999999999999999999", &v), -1, "parse_id refuses a far overflow");
	is_int(flow_parse_id("0", &v), -1, "parse_id refuses 0");
	is_int(flow_parse_id("-1", &v), -1, "parse_id refuses a minus sign");
	is_int(flow_parse_id("+1", &v), -1, "parse_id refuses a plus sign");
	is_int(flow_parse_id(" 1", &v), -1, "parse_id refuses leading space");
	is_int(flow_parse_id("1 ", &v), -1, "parse_id refuses trailing space");
	is_int(flow_parse_id("12a", &v), -1, "parse_id refuses trailing junk");
	is_int(flow_parse_id("0x1f", &v), -1, "parse_id refuses hex");
	is_int(flow_parse_id("1e3", &v), -1, "parse_id refuses exponents");
	is_int(flow_parse_id("", &v), -1, "parse_id refuses an empty string");
	is_int(flow_parse_id(NULL, &v), -1, "parse_id refuses NULL");
}

/* ---- list replies ---------------------------------------------------------------------------- */

static void test_parse_lists(void)
{
	struct flow_result res;
	struct flow_pipeline_list pl;
	struct flow_run_list rl;

	struct loaded f = load("classic_list_pipelines.json", 200);
	is_int(flow_parse_pipelines(&f.reply, CLASSIC, &res, &pl), FLOW_OK, "classic pipeline list parses");
	is_int(pl.n, 3, "classic pipeline list has every pipeline");
	is_int(pl.items[0].id, 1286543, "pipeline id is read");
	is_str(pl.items[0].name, "订单服务-生产发布", "Chinese pipeline names are kept byte for byte");
	is_int(pl.items[2].create_time, 1718100000000LL, "pipeline createTime is read in ms");
	is_str(pl.items[1].creator_id, "1564329876543211", "pipeline creator is read");
	is_str(pl.next_token, "eyJwYWdlIjoyLCJzaXplIjozfQ==", "classic nextToken is read");
	is_int(pl.total, 57, "classic totalCount is read");
	is_str(res.request_id, "7C2B4E1A-0F3D-4B8E-9A61-2D5C8E7F1A01", "requestId comes from the body");
	ok(res.error_code == NULL && res.error_message == NULL, "a success carries no error");
	flow_pipeline_list_free(&pl);
	flow_result_free(&res);
	free(f.body);

	f = load("classic_list_runs.json", 200);
	is_int(flow_parse_runs(&f.reply, CLASSIC, &res, &rl), FLOW_OK, "classic run list parses");
	is_int(rl.n, 2, "classic run list has every run");
	ok(rl.items[0].id == 318 && rl.items[0].pipeline_id == 1286543, "run and pipeline ids are read");
	is_str(rl.items[1].status, "FAIL", "run status is read");
	is_int(rl.items[1].end_time, 1749456912000LL, "run endTime is read");
	is_int(rl.items[1].trigger_mode, 3, "run triggerMode is read");
	ok(rl.next_token == NULL, "an empty nextToken means the last page");
	flow_run_list_free(&rl);
	flow_result_free(&res);
	free(f.body);

	f = load("yunxiao_list_pipelines.json", 200);
	f.reply.next_page_header = "2";
	is_int(flow_parse_pipelines(&f.reply, YUNXIAO, &res, &pl), FLOW_OK,
	       "token API bare pipeline array parses");
	ok(pl.n == 2 && pl.items[1].id == 125, "token API pipelines are read");
	is_str(pl.items[0].creator_id, "22121222", "token API createAccountId is the creator");
	is_str(pl.next_token, "2", "token API next page comes from x-next-page");
	is_int(pl.total, -1, "token API total is absent");
	flow_pipeline_list_free(&pl);
	flow_result_free(&res);
	f.reply.next_page_header = NULL;
	flow_parse_pipelines(&f.reply, YUNXIAO, &res, &pl);
	ok(pl.next_token == NULL, "token API without x-next-page has no next token");
	flow_pipeline_list_free(&pl);
	flow_result_free(&res);
	free(f.body);

	f = load("yunxiao_list_runs.json", 200);
	is_int(flow_parse_runs(&f.reply, YUNXIAO, &res, &rl), FLOW_OK, "token API bare run array parses");
	ok(rl.n == 2 && rl.items[0].id == 52 && rl.items[1].trigger_mode == 2, "token API runs are read");
	flow_run_list_free(&rl);
	flow_result_free(&res);
	free(f.body);
}

static void test_list_shapes(void)
{
	struct flow_result res;
	struct flow_pipeline_list pl;
	struct flow_run_list rl;
	struct flow_reply r;

	r = reply(200, "{\"success\":true,\"requestId\":\"r\"}");
	is_int(flow_parse_pipelines(&r, CLASSIC, &res, &pl), FLOW_E_RESPONSE,
	       "a success without a pipelines list is unusable");
	ok(contains(res.error_message, "pipelines"), "the message names the missing list");
	flow_result_free(&res);

	r = reply(200, "{\"success\":true,\"pipelines\":{\"pipelineId\":1}}");
	is_int(flow_parse_pipelines(&r, CLASSIC, &res, &pl), FLOW_E_RESPONSE,
	       "a pipelines object instead of an array is unusable");
	flow_result_free(&res);

	r = reply(200, "{\"success\":true,\"pipelines\":null,\"totalCount\":0}");
	is_int(flow_parse_pipelines(&r, CLASSIC, &res, &pl), FLOW_OK, "a null pipelines list is an empty list");
	ok(pl.n == 0 && pl.total == 0, "the empty list has no items");
	flow_pipeline_list_free(&pl);
	flow_result_free(&res);

	r = reply(200, "{\"success\":true,\"pipelines\":[null,7,{\"pipelineId\":\"42\",\"pipelineName\":9,\"x\":{}},"
	               "{\"pipelineId\":5,\"createTime\":\"soon\",\"creatorAccountId\":[]}],"
	               "\"nextToken\":12,\"totalCount\":\"many\"}");
	is_int(flow_parse_pipelines(&r, CLASSIC, &res, &pl), FLOW_OK,
	       "wrong field types are tolerated where harmless");
	is_int(pl.n, 2, "list elements that are not objects are skipped");
	is_int(pl.items[0].id, 42, "an id sent as a decimal string is read");
	is_str(pl.items[0].name, "", "a name that is not a string reads as empty");
	is_int(pl.items[1].create_time, 0, "a time that is not a number reads as 0");
	is_str(pl.items[1].creator_id, "", "a creator that is not a string reads as empty");
	ok(pl.next_token == NULL, "a nextToken that is not a string reads as absent");
	is_int(pl.total, -1, "a totalCount that is not a number reads as absent");
	flow_pipeline_list_free(&pl);
	flow_result_free(&res);

	r = reply(200, "{\"success\":true,\"pipelines\":[{\"pipelineId\":\"12abc\"}]}");
	is_int(flow_parse_pipelines(&r, CLASSIC, &res, &pl), FLOW_E_RESPONSE,
	       "a pipeline id string with junk is unusable");
	ok(pl.n == 0 && pl.items == NULL, "the output is left empty after a failure");
	flow_result_free(&res);

	r = reply(200, "{\"success\":true,\"pipelineRuns\":[{\"pipelineRunId\":1e20}]}");
	is_int(flow_parse_runs(&r, CLASSIC, &res, &rl), FLOW_E_RESPONSE,
	       "a run id past 2^53 is unusable, not rounded");
	ok(contains(res.error_message, "run id"), "the message names the bad run id");
	flow_result_free(&res);

	r = reply(200, "{\"success\":true,\"pipelineRuns\":[{\"pipelineRunId\":-3}]}");
	is_int(flow_parse_runs(&r, CLASSIC, &res, &rl), FLOW_E_RESPONSE, "a negative run id is unusable");
	flow_result_free(&res);

	r = reply(200, "{\"success\":true,\"pipelineRuns\":[{\"pipelineRunId\":\"9223372036854775807\","
	               "\"triggerMode\":99999999999}]}");
	is_int(flow_parse_runs(&r, CLASSIC, &res, &rl), FLOW_OK, "a run id string up to int64 is read exactly");
	is_int(rl.items[0].id, INT64_MAX, "the string run id keeps every digit");
	is_int(rl.items[0].trigger_mode, 0, "a triggerMode beyond int reads as absent");
	flow_run_list_free(&rl);
	flow_result_free(&res);

	r = reply(200, "null");
	is_int(flow_parse_pipelines(&r, YUNXIAO, &res, &pl), FLOW_E_RESPONSE,
	       "a token API list reply of null is unusable");
	flow_result_free(&res);
	is_int(flow_parse_runs(&r, CLASSIC, &res, &rl), FLOW_E_RESPONSE, "a classic reply of null is unusable");
	flow_result_free(&res);

	r = reply(200, "{\"success\":\"true\",\"pipelines\":[]}");
	is_int(flow_parse_pipelines(&r, CLASSIC, &res, &pl), FLOW_E_RESPONSE,
	       "success as a string is not success:true");
	ok(contains(res.error_message, "success"), "the message says success:true is missing");
	flow_result_free(&res);

	r = reply(200, "{\"pipelines\":[]}");
	is_int(flow_parse_pipelines(&r, CLASSIC, &res, &pl), FLOW_E_RESPONSE,
	       "a classic 200 without success is unusable");
	flow_result_free(&res);
}

/* ---- run detail and gates -------------------------------------------------------------------- */

static void test_parse_run(void)
{
	struct flow_result res;
	struct flow_run_detail run;
	struct loaded f = load("classic_get_run.json", 200);

	is_int(flow_parse_run(&f.reply, CLASSIC, &res, &run), FLOW_OK, "classic run detail parses");
	ok(run.id == 318 && run.pipeline_id == 1286543, "run detail ids are read");
	is_str(run.status, "RUNNING", "run detail status is read");
	ok(run.create_time == 1749542400000LL && run.update_time == 1749543012000LL,
	   "run detail times are read");
	is_int(run.trigger_mode, 1, "run detail triggerMode is read");
	is_int(run.njobs, 8, "jobs of all three stages are flattened");

	is_str(run.jobs[0].id, "77310440", "an integer job id becomes its decimal string");
	is_str(run.jobs[0].stage_name, "构建", "the stage name comes from stage.name");
	is_int(run.jobs[0].stage_index, 0, "jobs of the first stage have stage index 0");
	is_int(run.jobs[0].gate, 0, "a job with only other actions is not a gate");
	is_str(run.jobs[2].stage_name, "测试环境审批", "without stage.name the stageInfo name is used");
	is_int(run.jobs[2].stage_index, 1, "jobs keep the index of their stage");
	is_str(run.jobs[3].stage_name, "生产发布", "stage.name wins over stageInfo.name");
	is_int(run.jobs[7].stage_index, 2, "the last stage has index 2");

	const struct flow_job *test_gate = &run.jobs[2];
	is_str(test_gate->name, "测试环境人工卡点", "Chinese job names are kept");
	is_str(test_gate->status, "SWITCH_MANUAL", "job status is kept as sent");
	is_int(test_gate->gate, GATE_ALL, "a gate with both actions enabled can be passed and refused");
	ok(flow_job_is_pending_gate(test_gate), "a SWITCH_MANUAL gate is pending");
	is_str(test_gate->validators, "张三, lisi, 1564329876543",
	       "validator objects give name, userName or accountId, joined without repeats");

	const struct flow_job *prod = &run.jobs[3];
	is_int(prod->gate, FLOW_GATE_HAS_PASS | FLOW_GATE_HAS_REFUSE | FLOW_GATE_CAN_REFUSE,
	       "a disabled pass action is present but not allowed");
	ok(prod->gate & FLOW_GATE_HAS_REFUSE, "the RefusePipelineValidator spelling is a refuse action");
	is_str(prod->validators, "王五, 赵六", "validator strings are joined with a comma");

	const struct flow_job *security = &run.jobs[4];
	is_int(security->gate, FLOW_GATE_HAS_PASS | FLOW_GATE_HAS_REFUSE,
	       "a missing or non-boolean disable does not allow the action");
	ok(security->validators == NULL, "a gate without validators has none");

	ok(!flow_job_is_pending_gate(&run.jobs[5]), "a gate that already succeeded is not pending");
	is_int(run.jobs[6].gate, 0, "actions: null makes an ordinary job");
	is_str(run.jobs[6].status, "INIT", "an ordinary job keeps its status");
	is_str(run.jobs[7].status, "QUEUED_FOR_BATCH", "an unknown job status is kept as sent");
	is_int(flow_run_pending_gates(&run), 3, "the run has three pending gates");

	const struct flow_job *found = flow_run_find_job(&run, "77310451");
	ok(found == prod, "find_job finds a parsed gate by its id");
	ok(flow_run_find_job(&run, "生产环境人工卡点") == NULL, "find_job does not find a gate by its name");
	is_str(res.request_id, "A1C4E7F0-3B6D-4E92-8F15-0D7C2B9E6A06", "the run's requestId is read");
	flow_run_detail_free(&run);
	flow_result_free(&res);
	free(f.body);

	f = load("yunxiao_get_run.json", 200);
	is_int(flow_parse_run(&f.reply, YUNXIAO, &res, &run), FLOW_OK, "token API bare run object parses");
	ok(run.id == 52 && run.pipeline_id == 124 && run.njobs == 2, "token API run ids and jobs are read");
	ok(flow_job_is_pending_gate(&run.jobs[1]) && run.jobs[1].gate == GATE_ALL,
	   "token API gate is read the same way");
	is_str(run.jobs[1].id, "9002", "token API job id is its decimal string");
	flow_run_detail_free(&run);
	flow_result_free(&res);
	free(f.body);
}

static struct flow_run_detail run_of(const char *body, enum flow_backend b, enum flow_status *st,
                                     struct flow_result *res)
{
	struct flow_run_detail run;
	struct flow_reply r = reply(200, body);
	*st = flow_parse_run(&r, b, res, &run);
	return run;
}

static void test_run_shapes(void)
{
	struct flow_result res;
	enum flow_status st;
	struct flow_run_detail run;

#define RUN_WITH_JOB(job) "{\"success\":true,\"pipelineRun\":{\"stages\":[{\"stageInfo\":{\"jobs\":[" job "]}}]}}"
	run = run_of(RUN_WITH_JOB("{\"id\":9007199254740991}"), CLASSIC, &st, &res);
	ok(st == FLOW_OK && run.njobs == 1, "a job id of 2^53-1 parses");
	is_str(run.njobs ? run.jobs[0].id : NULL, "9007199254740991", "a job id of 2^53-1 prints exactly");
	flow_run_detail_free(&run);
	flow_result_free(&res);

	run = run_of(RUN_WITH_JOB("{\"id\":9007199254740993}"), CLASSIC, &st, &res);
	is_int(st, FLOW_E_RESPONSE, "a job id past 2^53 is unusable rather than misprinted");
	ok(contains(res.error_message, "job id"), "the message names the job id");
	ok(run.jobs == NULL && run.njobs == 0, "the run is left empty after a failure");
	flow_result_free(&res);

	run = run_of(RUN_WITH_JOB("{\"id\":1.5}"), CLASSIC, &st, &res);
	is_int(st, FLOW_E_RESPONSE, "a fractional job id is unusable");
	flow_result_free(&res);

	run = run_of(RUN_WITH_JOB("{\"id\":-7}"), CLASSIC, &st, &res);
	is_int(st, FLOW_E_RESPONSE, "a negative job id is unusable");
	flow_result_free(&res);

	run = run_of(RUN_WITH_JOB("{\"id\":1e3}"), CLASSIC, &st, &res);
	is_str(st == FLOW_OK ? run.jobs[0].id : NULL, "1000",
	       "a job id in exponent form prints without exponent");
	flow_run_detail_free(&run);
	flow_result_free(&res);

	run = run_of(RUN_WITH_JOB("{\"id\":\"123456789012345678901234\"}"), CLASSIC, &st, &res);
	is_str(st == FLOW_OK ? run.jobs[0].id : NULL, "123456789012345678901234",
	       "a job id string is kept as sent");
	flow_run_detail_free(&run);
	flow_result_free(&res);

	run = run_of(RUN_WITH_JOB("{\"name\":7,\"status\":null,\"actions\":{\"type\":\"PassPipelineValidate\"}}"),
	             CLASSIC, &st, &res);
	ok(st == FLOW_OK && run.njobs == 1, "a job with missing and mistyped fields still parses");
	ok(run.njobs && strcmp(run.jobs[0].id, "") == 0 && strcmp(run.jobs[0].name, "") == 0 &&
	           strcmp(run.jobs[0].status, "") == 0 && strcmp(run.jobs[0].stage_name, "") == 0,
	   "missing strings read as empty, never NULL");
	is_int(run.njobs ? run.jobs[0].gate : 99, 0, "actions that are not an array give no gate");
	flow_run_detail_free(&run);
	flow_result_free(&res);

	run = run_of(RUN_WITH_JOB("{\"id\":1,\"status\":\"WAITING\",\"actions\":[7,null,{\"type\":3},"
	                          "{\"type\":\"RefusePipelineValidate\",\"disable\":false,\"params\":"
	                          "{\"validators\":[{\"accountId\":{}},{},5,\"\",\"甲\",{\"name\":\"甲\"}]}},"
	                          "{\"type\":\"PassPipelineValidate\",\"disable\":0,"
	                          "\"params\":\"{\\\"validators\\\":[]}\"}]}"),
	             CLASSIC, &st, &res);
	is_int(run.njobs ? run.jobs[0].gate : 0, FLOW_GATE_HAS_PASS | FLOW_GATE_HAS_REFUSE | FLOW_GATE_CAN_REFUSE,
	       "odd action entries are skipped and disable:0 does not allow");
	is_str(run.njobs ? run.jobs[0].validators : NULL, "甲", "unusable validator entries are skipped");
	flow_run_detail_free(&run);
	flow_result_free(&res);

	run = run_of(RUN_WITH_JOB("{\"id\":1,\"actions\":[{\"type\":\"PassPipelineValidate\",\"disable\":false,"
	                          "\"params\":{\"validators\":\"ops-team\"}}]}"),
	             CLASSIC, &st, &res);
	is_str(run.njobs ? run.jobs[0].validators : NULL, "ops-team", "a validators string is taken as it is");
	flow_run_detail_free(&run);
	flow_result_free(&res);
#undef RUN_WITH_JOB

	run = run_of("{\"success\":true,\"pipelineRun\":{\"pipelineRunId\":3,\"stages\":\"none\"}}", CLASSIC,
	             &st, &res);
	ok(st == FLOW_OK && run.njobs == 0 && run.id == 3,
	   "stages that are not an array give a run without jobs");
	flow_run_detail_free(&run);
	flow_result_free(&res);

	run = run_of("{\"success\":true,\"pipelineRun\":{\"stages\":[null,{\"stageInfo\":7},{\"name\":\"s\"},"
	             "{\"stageInfo\":{\"jobs\":[{\"id\":5}]}}]}}", CLASSIC, &st, &res);
	ok(st == FLOW_OK && run.njobs == 1, "stages without jobs are skipped");
	is_int(run.njobs ? run.jobs[0].stage_index : -1, 3, "a stage's index counts the stages before it");
	flow_run_detail_free(&run);
	flow_result_free(&res);

	run = run_of("{\"success\":true,\"requestId\":\"r\"}", CLASSIC, &st, &res);
	is_int(st, FLOW_E_RESPONSE, "a classic run reply without pipelineRun is unusable");
	ok(contains(res.error_message, "pipelineRun"), "the message names pipelineRun");
	flow_result_free(&res);

	run = run_of("{\"success\":true,\"pipelineRun\":[]}", CLASSIC, &st, &res);
	is_int(st, FLOW_E_RESPONSE, "a pipelineRun that is not an object is unusable");
	flow_result_free(&res);

	run = run_of("[]", YUNXIAO, &st, &res);
	is_int(st, FLOW_E_RESPONSE, "a token API run reply that is not an object is unusable");
	flow_result_free(&res);
}

static void test_big_documents(void)
{
	struct flow_result res;
	enum flow_status st;
	struct flow_run_detail run;
	struct strbuf sb = STRBUF_INIT;
	const size_t depth = 100000;

	for (size_t i = 0; i < depth; i++)
		strbuf_putc(&sb, '[');
	for (size_t i = 0; i < depth; i++)
		strbuf_putc(&sb, ']');
	run = run_of(strbuf_cstr(&sb), CLASSIC, &st, &res);
	is_int(st, FLOW_E_RESPONSE, "a 100000-deep array is unusable, not a crash");
	ok(contains(res.error_message, "nested"), "the message says it is nested too deeply");
	flow_result_free(&res);

	strbuf_reset(&sb);
	strbuf_puts(&sb, "{\"success\":true,\"pipelineRun\":");
	for (size_t i = 0; i < depth; i++)
		strbuf_puts(&sb, "{\"a\":");
	run = run_of(strbuf_cstr(&sb), CLASSIC, &st, &res);
	is_int(st, FLOW_E_RESPONSE, "a 100000-deep unclosed object is unusable, not a crash");
	flow_result_free(&res);

	const size_t njobs = 20000;
	strbuf_reset(&sb);
	strbuf_puts(&sb, "{\"success\":true,\"pipelineRun\":{\"pipelineRunId\":1,\"stages\":[{\"name\":\"大\","
	                 "\"stageInfo\":{\"jobs\":[");
	for (size_t i = 0; i < njobs; i++)
		strbuf_printf(&sb, "%s{\"id\":%zu,\"name\":\"任务 %zu\",\"status\":\"WAITING\",\"actions\":"
		                   "[{\"type\":\"PassPipelineValidate\",\"disable\":false}]}",
		              i ? "," : "", i + 1, i);
	strbuf_puts(&sb, "]}}]}}");
	run = run_of(strbuf_cstr(&sb), CLASSIC, &st, &res);
	ok(st == FLOW_OK && run.njobs == njobs, "a run with 20000 jobs parses in full");
	is_int(flow_run_pending_gates(&run), njobs, "every gate of a huge run is seen");
	is_str(run.njobs ? run.jobs[njobs - 1].id : NULL, "20000", "the last job of a huge run is read");
	flow_run_detail_free(&run);
	flow_result_free(&res);
	strbuf_free(&sb);
}

/* ---- errors and unusable answers ------------------------------------------------------------- */

static void test_success_example(void)
{
	struct flow_result res;
	struct loaded f = load("classic_action_ok.json", 200);
	is_int(flow_parse_action(&f.reply, CLASSIC, &res), FLOW_OK, "the seed's success example is a success");
	is_str(res.request_id, "ASSDS-ASSASX-XSAXSA-XSAXSAXS", "the seed's requestId is read");
	ok(res.error_code == NULL && res.error_message == NULL,
	   "junk errorCode/errorMessage beside success:true is ignored");
	ok(!res.throttled, "a success is not throttled");
	flow_result_free(&res);

	f.reply.http_status = 500;
	is_int(flow_parse_action(&f.reply, CLASSIC, &res), FLOW_E_API,
	       "success:true on HTTP 500 is not a success");
	flow_result_free(&res);
	free(f.body);

	struct flow_reply r = reply(200, "{\"success\":false,\"requestId\":\"q\"}");
	is_int(flow_parse_action(&r, CLASSIC, &res), FLOW_E_API,
	       "success:false without a code is an API error");
	ok(res.error_code == NULL, "the missing code stays absent");
	flow_result_free(&res);
}

/* Every error shape fails the same way on every status it might come with. */
static void test_error_shapes(void)
{
	static const struct {
		const char *file;
		enum flow_backend backend;
		const char *code;
		const char *message_start;
		const char *request_id;
	} shapes[] = {
		{ "classic_error_api.json", CLASSIC, "InvalidPipelineRun.NotFound", "The pipeline execution",
		  "E3F1A7B2-44C0-4F6D-A1B9-6C0D2E8F9A03" },
		{ "gateway_error.json", CLASSIC, "SignatureDoesNotMatch", "Specified signature",
		  "0B6D2F8A-1C9E-4A37-B5D4-7E2F3A1C6B04" },
		{ "yunxiao_error.json", YUNXIAO, "InvalidTokenError", "The token is invalid", "6f1e0c2a9b8d4e7f" },
	};
	static const long statuses[] = { 200, 400, 403, 404, 502 };

	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		for (size_t k = 0; k < sizeof(statuses) / sizeof(statuses[0]); k++) {
			struct flow_result res;
			struct flow_run_detail run;
			struct loaded f = load(shapes[i].file, statuses[k]);
			enum flow_status st = flow_parse_run(&f.reply, shapes[i].backend, &res, &run);
			ok(st == FLOW_E_API && res.status == FLOW_E_API && res.http_status == statuses[k] &&
			           res.error_code && strcmp(res.error_code, shapes[i].code) == 0,
			   "%s on HTTP %ld is an API error with code %s", shapes[i].file, statuses[k], shapes[i].code);
			ok(res.error_message && strncmp(res.error_message, shapes[i].message_start,
			                                strlen(shapes[i].message_start)) == 0 &&
			           res.request_id && strcmp(res.request_id, shapes[i].request_id) == 0,
			   "%s on HTTP %ld keeps the server's message and request id", shapes[i].file, statuses[k]);
			flow_result_free(&res);
			free(f.body);
		}
	}

	struct flow_result res;
	struct loaded f = load("gateway_error.json", 400);
	flow_parse_action(&f.reply, CLASSIC, &res);
	is_str(res.recommend, "https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=devops",
	       "the gateway's Recommend link is kept");
	ok(!res.throttled, "a signature error is not throttling");
	flow_result_free(&res);
	f.reply.request_id_header = "HDR-1";
	flow_parse_action(&f.reply, CLASSIC, &res);
	is_str(res.request_id, "0B6D2F8A-1C9E-4A37-B5D4-7E2F3A1C6B04",
	       "the body's RequestId wins over the header");
	flow_result_free(&res);
	free(f.body);

	struct flow_reply r = reply(403, "{}");
	r.request_id_header = "HDR-2";
	is_int(flow_parse_action(&r, CLASSIC, &res), FLOW_E_API,
	       "JSON without an error shape on HTTP 403 is an API error");
	is_str(res.request_id, "HDR-2", "without a requestId in the body the header's is used");
	ok(res.error_code == NULL, "that error has no code");
	flow_result_free(&res);

	r = reply(404, "null");
	is_int(flow_parse_action(&r, YUNXIAO, &res), FLOW_E_API, "null on HTTP 404 is an API error");
	ok(res.request_id == NULL, "no request id anywhere leaves it NULL");
	flow_result_free(&res);

	r = reply(200, "{\"errorCode\":\"Forbidden.NoPermission\",\"errorMessage\":\"无权限\",\"requestId\":\"y\"}");
	is_int(flow_parse_action(&r, YUNXIAO, &res), FLOW_E_API,
	       "a token API error body on HTTP 200 is an API error");
	is_str(res.error_message, "无权限", "a Chinese error message is kept as sent");
	flow_result_free(&res);
}

static void test_throttling(void)
{
	struct flow_result res;
	struct loaded f = load("gateway_throttling.json", 400);
	is_int(flow_parse_action(&f.reply, CLASSIC, &res), FLOW_E_API, "a throttling answer is an API error");
	ok(res.throttled, "a Throttling.* code is throttling");
	flow_result_free(&res);
	free(f.body);

	struct flow_reply r = reply(429, "{\"errorCode\":\"TooManyRequests\",\"errorMessage\":\"slow down\"}");
	flow_parse_action(&r, YUNXIAO, &res);
	ok(res.throttled, "TooManyRequests is throttling");
	flow_result_free(&res);

	r = reply(429, "<html>Too Many Requests</html>");
	is_int(flow_parse_action(&r, CLASSIC, &res), FLOW_E_RESPONSE, "HTTP 429 with HTML is unusable");
	ok(res.throttled, "HTTP 429 is throttling whatever the body");
	flow_result_free(&res);

	r = reply(503, "{\"Code\":\"ServiceUnavailable\",\"Message\":\"busy\"}");
	r.retry_after_ms = 1500;
	flow_parse_action(&r, CLASSIC, &res);
	ok(res.throttled && res.retry_after_ms == 1500, "a positive retry-after is throttling and is kept");
	flow_result_free(&res);

	r.retry_after_ms = -4;
	flow_parse_action(&r, CLASSIC, &res);
	ok(!res.throttled && res.retry_after_ms == 0, "a negative retry-after is ignored");
	flow_result_free(&res);
}

static void test_unusable(void)
{
	struct flow_result res;
	struct flow_run_detail run;
	struct loaded f = load("html_502.html", 502);
	f.reply.request_id_header = "HDR-502";

	is_int(flow_parse_run(&f.reply, CLASSIC, &res, &run), FLOW_E_RESPONSE,
	       "an HTML 502 is an unusable response");
	ok(contains(res.error_message, "not JSON") && !contains(res.error_message, "502"),
	   "the message says the body was not JSON, leaving the HTTP status to its own field");
	is_int(res.http_status, 502, "the HTTP status of an unusable answer is kept");
	ok(!contains(res.error_message, "Bad Gateway") && !contains(res.error_message, "<"),
	   "the message does not quote the body");
	is_str(res.request_id, "HDR-502", "an unusable response still carries the header request id");
	ok(res.error_code == NULL, "an unusable response has no error code");
	flow_result_free(&res);
	f.reply.http_status = 200;
	is_int(flow_parse_run(&f.reply, CLASSIC, &res, &run), FLOW_E_RESPONSE,
	       "an HTML page on HTTP 200 is unusable");
	flow_result_free(&res);
	free(f.body);

	f = load("classic_get_run.json", 200);
	f.reply.body_len /= 2;
	is_int(flow_parse_run(&f.reply, CLASSIC, &res, &run), FLOW_E_RESPONSE, "a truncated body is unusable");
	ok(contains(res.error_message, "cut short"), "the message says the reply was cut short");
	flow_result_free(&res);
	f.reply.body_len = (size_t)(strstr(f.body, "\"SWITCH_MANUAL") - f.body) + 5;
	flow_parse_run(&f.reply, CLASSIC, &res, &run);
	ok(contains(res.error_message, "cut short"), "a body cut inside a string is cut short");
	flow_result_free(&res);
	free(f.body);

	static const long statuses[] = { 200, 404 };
	for (size_t k = 0; k < 2; k++) {
		struct flow_reply r = reply(statuses[k], "");
		is_int(flow_parse_action(&r, CLASSIC, &res), FLOW_E_RESPONSE, "an empty body on HTTP %ld is unusable",
		       statuses[k]);
		ok(contains(res.error_message, "empty"),
		   "the message says the body was empty (HTTP %ld)", statuses[k]);
		flow_result_free(&res);
	}
	struct flow_reply r = { 204, NULL, 0, NULL, 0, NULL };
	is_int(flow_parse_action(&r, YUNXIAO, &res), FLOW_E_RESPONSE, "a NULL body is unusable");
	flow_result_free(&res);
	r = reply(200, " \r\n\t ");
	is_int(flow_parse_action(&r, CLASSIC, &res), FLOW_E_RESPONSE, "a body of whitespace is unusable");
	flow_result_free(&res);

	r = reply(200, "{\"success\":true} <html>");
	is_int(flow_parse_action(&r, CLASSIC, &res), FLOW_E_RESPONSE, "data after the JSON is unusable");
	flow_result_free(&res);

	r = reply(200, "{\"success\":true,}");
	is_int(flow_parse_action(&r, CLASSIC, &res), FLOW_E_RESPONSE, "malformed JSON is unusable");
	ok(contains(res.error_message, "not valid JSON"), "the message says it is not valid JSON");
	flow_result_free(&res);

	static const char nul_body[] = "{\"success\":true}\0garbage";
	r = reply(200, nul_body);
	r.body_len = sizeof(nul_body) - 1;
	is_int(flow_parse_action(&r, CLASSIC, &res), FLOW_E_RESPONSE,
	       "a NUL byte and junk after the JSON is unusable");
	flow_result_free(&res);

	static const char exact[] = "{\"success\":true}XYZ";
	r = reply(200, exact);
	r.body_len = 16;
	is_int(flow_parse_action(&r, CLASSIC, &res), FLOW_OK, "only body_len bytes are read");
	flow_result_free(&res);
}

static void test_yunxiao_actions(void)
{
	static const char *const yes[] = { "true", "{\"result\":true}", "{\"success\":true}", " true " };
	struct flow_result res;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		struct flow_reply r = reply(200, yes[i]);
		is_int(flow_parse_action(&r, YUNXIAO, &res), FLOW_OK,
		       "token API action body %s is a success", yes[i]);
		flow_result_free(&res);
	}
	struct flow_reply r = reply(200, "false");
	is_int(flow_parse_action(&r, YUNXIAO, &res), FLOW_E_API,
	       "token API false means the action was not done");
	flow_result_free(&res);
	r = reply(200, "{\"result\":false}");
	is_int(flow_parse_action(&r, YUNXIAO, &res), FLOW_E_API, "token API result:false means not done");
	flow_result_free(&res);
	r = reply(200, "{}");
	is_int(flow_parse_action(&r, YUNXIAO, &res), FLOW_E_RESPONSE,
	       "token API {} does not confirm the action");
	flow_result_free(&res);
	r = reply(200, "\"ok\"");
	is_int(flow_parse_action(&r, YUNXIAO, &res), FLOW_E_RESPONSE,
	       "token API \"ok\" does not confirm the action");
	flow_result_free(&res);
	r = reply(200, "true");
	is_int(flow_parse_action(&r, CLASSIC, &res), FLOW_E_RESPONSE, "a bare true is not a classic success");
	flow_result_free(&res);
	r = reply(201, "{\"result\":true}");
	is_int(flow_parse_action(&r, YUNXIAO, &res), FLOW_OK, "any 2xx status can carry a success");
	flow_result_free(&res);

	struct loaded f = load("yunxiao_error.json", 401);
	is_int(flow_parse_action(&f.reply, YUNXIAO, &res), FLOW_E_API, "token API 401 is an API error");
	is_str(res.error_code, "InvalidTokenError", "token API error code is read");
	flow_result_free(&res);
	free(f.body);

	flow_result_free(NULL);
	flow_request_free(NULL);
	ok(1, "result and request free accept NULL");
}

/* The next page's token after a list page of n items that answered req (NULL when over). */
static char *next_after(enum flow_backend b, int per_page, const char *sent_token, const char *got_token,
                        size_t n)
{
	struct flow_request req;
	char err[128];
	flow_req_list_runs(&req, AT_CENTRAL(b, "org123"), 456, NULL, per_page, sent_token, 0, err, sizeof(err));
	char *next = flow_next_page(&req, got_token, n);
	flow_request_free(&req);
	return next;
}

/* ---- targets, editions and the inbox's requests ---------------------------------------------- */

static const struct flow_target CENTRAL_TOKEN = { YUNXIAO, FLOW_EDITION_CENTRAL, "o1" };
static const struct flow_target REGION_TOKEN = { YUNXIAO, FLOW_EDITION_REGION, NULL };
static const struct flow_target CENTRAL_CLASSIC = { CLASSIC, FLOW_EDITION_CENTRAL, "o1" };

static void test_build_region(void)
{
	struct flow_request req;
	char err[256] = "";
	struct flow_target with_org = { YUNXIAO, FLOW_EDITION_REGION, "o1" };

	is_int(flow_req_get_run(&req, &REGION_TOKEN, 124, 53, err, sizeof(err)), 0,
	       "the region edition needs no organization");
	is_str(req.path, "/oapi/v1/flow/pipelines/124/runs/53", "region GetPipelineRun drops /organizations/{org}");
	flow_request_free(&req);
	flow_req_get_run(&req, &with_org, 124, 53, err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/pipelines/124/runs/53", "an org given in the region edition is not sent");
	flow_request_free(&req);
	flow_req_gate_action(&req, &REGION_TOKEN, FLOW_OP_REFUSE, 124, 53, "9102", err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/pipelines/124/pipelineRuns/53/jobs/9102/refuse",
	       "region refuse keeps pipelineRuns for the action");
	flow_request_free(&req);
	flow_req_list_runs(&req, &REGION_TOKEN, 124, "RUNNING", 10, NULL, 0, err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/pipelines/124/runs", "region ListPipelineRuns path");
	is_str(query(&req, "status"), "RUNNING", "region ListPipelineRuns keeps its status");
	flow_request_free(&req);
	flow_req_list_pipelines(&req, &REGION_TOKEN, NULL, 30, NULL, err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/pipelines", "region ListPipelines path");
	flow_request_free(&req);

	flow_req_get_run(&req, &CENTRAL_TOKEN, 124, 53, err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/organizations/o1/pipelines/124/runs/53",
	       "the central edition names the organization");
	flow_request_free(&req);

	struct flow_target classic_region = { CLASSIC, FLOW_EDITION_REGION, "o1" };
	is_int(flow_req_get_run(&req, &classic_region, 1, 2, err, sizeof(err)), -1,
	       "the classic API has no region edition");
	ok(contains(err, "token API"), "the refusal says the region edition is the token API's");
	ok(req.path == NULL, "a refused request holds no path");
	struct flow_target no_org = { YUNXIAO, FLOW_EDITION_CENTRAL, "" };
	is_int(flow_req_get_pipeline(&req, &no_org, 1, err, sizeof(err)), -1, "the central edition needs an org");
	ok(contains(err, "--org"), "the refusal names --org");
	struct flow_target odd = { YUNXIAO, (enum flow_edition)7, "o1" };
	is_int(flow_req_job_log(&req, &odd, 1, 2, "3", err, sizeof(err)), -1, "an unknown edition is refused");
	is_int(flow_req_latest_run(&req, NULL, 1, err, sizeof(err)), -1, "no target is refused");
}

static void test_build_inbox_requests(void)
{
	struct flow_request req;
	char err[256] = "";

	is_int(flow_req_get_pipeline(&req, &CENTRAL_CLASSIC, 5, err, sizeof(err)), 0, "GetPipeline builds");
	is_str(req.path, "/organization/o1/pipelines/5", "classic GetPipeline path");
	is_str(req.action, "GetPipeline", "GetPipeline names its x-acs-action");
	ok(strcmp(req.method, "GET") == 0 && req.nquery == 0, "GetPipeline is a GET without a query");
	flow_request_free(&req);
	flow_req_get_pipeline(&req, &CENTRAL_TOKEN, 5, err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/organizations/o1/pipelines/5", "token API get pipeline path");
	flow_request_free(&req);
	flow_req_get_pipeline(&req, &REGION_TOKEN, 5, err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/pipelines/5", "region get pipeline path");
	flow_request_free(&req);
	is_int(flow_req_get_pipeline(&req, &CENTRAL_CLASSIC, 0, err, sizeof(err)), -1, "GetPipeline of pipeline 0 is refused");

	is_int(flow_req_job_log(&req, &CENTRAL_CLASSIC, 5, 6, "77", err, sizeof(err)), 0, "the classic job log builds");
	is_str(req.path, "/organization/o1/pipeline/5/pipelineRun/6/job/77/logs",
	       "the classic job log has singular segments and ends in /logs");
	is_str(req.action, "LogPipelineJobRun", "the classic job log is LogPipelineJobRun");
	is_int(req.op, FLOW_OP_JOB_LOG, "the job log request says its op");
	flow_request_free(&req);
	flow_req_job_log(&req, &CENTRAL_TOKEN, 5, 6, "77", err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/organizations/o1/pipelines/5/runs/6/job/77/log", "token API job log path");
	flow_request_free(&req);
	flow_req_job_log(&req, &REGION_TOKEN, 5, 6, "77", err, sizeof(err));
	is_str(req.path, "/oapi/v1/flow/pipelines/5/runs/6/job/77/log", "region job log path");
	flow_request_free(&req);
	flow_req_job_log(&req, &CENTRAL_CLASSIC, 5, 6, "../x", err, sizeof(err));
	is_str(req.path, "/organization/o1/pipeline/5/pipelineRun/6/job/..%2Fx/logs", "the job id is one encoded segment");
	flow_request_free(&req);
	is_int(flow_req_job_log(&req, &CENTRAL_CLASSIC, 5, 6, "", err, sizeof(err)), -1, "a job log needs a job");
	ok(contains(err, "--job"), "the refusal names --job");
	is_int(flow_req_job_log(&req, &CENTRAL_CLASSIC, 5, -6, "7", err, sizeof(err)), -1, "a job log needs a run id");

	is_int(flow_req_latest_run(&req, &CENTRAL_TOKEN, 5, err, sizeof(err)), 0, "the newest run builds");
	is_str(req.path, "/oapi/v1/flow/organizations/o1/pipelines/5/runs/latestPipelineRun",
	       "the token API asks latestPipelineRun");
	is_int(req.nquery, 0, "latestPipelineRun has no query");
	flow_request_free(&req);
	flow_req_latest_run(&req, &CENTRAL_CLASSIC, 5, err, sizeof(err));
	is_str(req.path, "/organization/o1/pipelines/5/pipelineRuns", "classic asks ListPipelineRuns for the newest run");
	is_str(req.action, "ListPipelineRuns", "... under its own action name");
	is_str(query(&req, "maxResults"), "1", "... for a list of one");
	flow_request_free(&req);
}

static void test_build_pipeline_filter(void)
{
	struct flow_request req;
	char err[256] = "";
	struct flow_pipeline_filter running = { "RUNNING", "部署 prod&x=1" };
	struct flow_pipeline_filter empty = { "", "" };

	flow_req_list_pipelines(&req, &CENTRAL_CLASSIC, &running, 30, "tok", err, sizeof(err));
	is_str(query(&req, "statusList"), "RUNNING", "classic ListPipelines sends statusList");
	is_str(query(&req, "pipelineName"), "部署 prod&x=1", "classic ListPipelines sends the raw pipelineName");
	is_str(query(&req, "nextToken"), "tok", "the filter keeps the paging");
	flow_request_free(&req);
	flow_req_list_pipelines(&req, &CENTRAL_TOKEN, &running, 30, "2", err, sizeof(err));
	ok(contains(query(&req, "statusList"), "RUNNING") && query(&req, "pipelineName"),
	   "the token API takes the same filters");
	is_str(query(&req, "page"), "2", "the token API filter keeps its page");
	flow_request_free(&req);
	flow_req_list_pipelines(&req, &CENTRAL_CLASSIC, &empty, 0, NULL, err, sizeof(err));
	is_int(req.nquery, 0, "empty filters send nothing");
	flow_request_free(&req);
	flow_req_list_pipelines(&req, AT_CENTRAL(CLASSIC, "o1"), NULL, 0, NULL, err, sizeof(err));
	ok(req.nquery == 0 && contains(req.path, "/organization/o1/pipelines"),
	   "the builder without a filter still lists every pipeline");
	flow_request_free(&req);
}

/* Every string the parsed run keeps, checked for a needle. */
static bool run_holds(const struct flow_run_detail *run, const char *needle)
{
	bool found = contains(run->status, needle) || contains(run->creator, needle) ||
	             contains(run->creator_id, needle);
	for (size_t i = 0; i < run->nparams; i++)
		found |= contains(run->params[i].key, needle) || contains(run->params[i].value, needle);
	for (size_t i = 0; i < run->nsources; i++) {
		const struct flow_source *src = &run->sources[i];
		found |= contains(src->type, needle) || contains(src->name, needle);
		for (size_t k = 0; k < src->ndata; k++)
			found |= contains(src->data[k].key, needle) || contains(src->data[k].value, needle);
	}
	for (size_t i = 0; i < run->nstages; i++)
		found |= contains(run->stages[i].name, needle) || contains(run->stages[i].status, needle);
	for (size_t i = 0; i < run->njobs; i++)
		found |= contains(run->jobs[i].name, needle) || contains(run->jobs[i].validators, needle);
	return found;
}

static void test_parse_run_context(void)
{
	struct flow_result res;
	struct flow_run_detail run;
	struct loaded f = load("yunxiao_get_run_context.json", 200);

	is_int(flow_parse_run(&f.reply, YUNXIAO, &res, &run), FLOW_OK, "a run with its context parses");
	is_str(run.creator, "李雷 Li Lei", "the creator's name is read");
	is_str(run.creator_id, "1222222222", "creatorAccountId is read");
	is_str(flow_trigger_name(run.trigger_mode), "commit", "triggerMode 3 is a commit");

	is_int(run.nsources, 2, "both sources are read");
	is_str(run.sources[0].type, "flow", "a source's type is read");
	is_str(run.sources[0].name, "上游产物", "a source's name is read");
	is_int(run.sources[0].ndata, 1, "only the string fields of data are kept");
	is_str(run.sources[1].ndata ? run.sources[1].data[0].key : NULL, "repo", "data fields keep their order");
	is_int(run.sources[1].ndata, 4, "booleans, arrays and objects in data are left out");
	is_str(flow_source_get(&run.sources[1], "branch"), "release/2.3", "a data field is found by its key");
	ok(flow_source_get(&run.sources[1], "isBranchMode") == NULL, "a non-string field has no value");

	is_int(run.nparams, 6, "global params with a key are kept, others skipped");
	is_str(run.params[0].key, "env", "a param's key is read");
	is_str(run.params[0].value, "prod", "a plain param's value is kept");
	ok(!run.params[0].hidden, "masked:false and encrypted:false show the value");
	ok(run.params[1].hidden && run.params[1].value == NULL, "a masked param keeps no value");
	is_str(run.params[1].key, "DB_PASSWORD", "a masked param keeps its key");
	ok(run.params[2].hidden && run.params[2].value == NULL, "an encrypted param keeps no value");
	ok(run.params[3].hidden && run.params[4].hidden, "a flag of another type than false hides the value");
	is_str(run.params[5].value, "", "a value that is not a string is empty");
	ok(!run_holds(&run, "secret"), "no masked or encrypted value is anywhere in the parsed run");

	is_int(run.nstages, 4, "one stage per element of stages");
	is_str(run.stages[0].status, "SUCCESS", "a stage's status comes from stageInfo");
	is_str(run.stages[1].name, "测试", "a stage keeps its name");
	is_str(run.stages[1].status, "FAIL", "an earlier stage's failure is seen");
	is_str(run.stages[2].name, "", "an element that is not a stage is an empty stage");
	is_str(run.stages[3].name, "发布", "a stage named only in stageInfo");
	ok(run.njobs == 2 && run.stages[run.jobs[1].stage_index].status &&
	   strcmp(run.stages[run.jobs[1].stage_index].status, "RUNNING") == 0,
	   "a job's stage index finds its stage");

	char *line = flow_run_summary(&run);
	is_str(line, "release/2.3 @ 9fceb02 修复登录超时 Fix login timeout",
	       "the summary is branch @ short commit and the message's first line");
	free(line);
	flow_run_detail_free(&run);
	flow_result_free(&res);
	free(f.body);

	f = load("classic_get_run.json", 200);
	flow_parse_run(&f.reply, CLASSIC, &res, &run);
	ok(run.nsources == 1 && run.nparams == 0, "a classic run has its source and no params");
	is_str(run.sources[0].type, "Codeup", "the classic source's type is read");
	is_str(flow_source_get(&run.sources[0], "repo"), "https://codeup.aliyun.com/acme/order-service.git",
	       "the classic source's repository is read");
	is_str(run.creator, "", "a classic run without a creator name has an empty one");
	is_str(run.creator_id, "1564329876543210", "the classic creatorAccountId is read");
	line = flow_run_summary(&run);
	is_str(line, "master @ 8f1e2d3 修复支付回调", "the classic commit held as a JSON string is summed up");
	free(line);
	flow_run_detail_free(&run);
	flow_result_free(&res);
	free(f.body);
}

/* The i-th source's field `key`, or NULL. */
static const char *source_field(const struct flow_run_detail *run, size_t i, const char *key)
{
	return i < run->nsources ? flow_source_get(&run->sources[i], key) : NULL;
}

/* A classic run whose one source has `data`; its summary line, NULL when it has none. */
static char *run_with_data(const char *data, struct flow_run_detail *run)
{
	struct flow_result res;
	char *body = xasprintf("{\"success\":true,\"requestId\":\"r\",\"pipelineRun\":{\"pipelineId\":1,\"pipelineRunId\":2,"
	                       "\"status\":\"RUNNING\",\"sources\":[{\"type\":\"Codeup\",\"data\":%s}]}}", data);
	struct flow_reply r = reply(200, body);
	int rc = flow_parse_run(&r, CLASSIC, &res, run);

	flow_result_free(&res);
	free(body);
	return rc == FLOW_OK ? flow_run_summary(run) : NULL;
}

/*
 * The commit in "commint" as servers send it: a numeric id is read as its digits when it is a whole
 * number; a plain field of data wins over the inner one of its name only, sent before or after.
 */
static void test_parse_commint_shapes(void)
{
	static const struct {
		const char *why, *data, *commit_id, *author, *summary;
		size_t ndata;
	} cases[] = {
		{ "a whole-number commitId", "{\"branch\":\"main\",\"commint\":\"[{\\\"commitId\\\":123456789012,"
		  "\\\"commitMsg\\\":\\\"fix\\\"}]\"}", "123456789012", NULL, "main @ 1234567 fix", 3 },
		{ "a commitId that is no whole number", "{\"branch\":\"main\",\"commint\":\"{\\\"commitId\\\":-1.5,"
		  "\\\"commitMsg\\\":\\\"x\\\"}\"}", NULL, NULL, "main x", 2 },
		{ "a commitId past 2^53 (not exact)", "{\"branch\":\"main\",\"commint\":\"{\\\"commitId\\\":1e20}\"}",
		  NULL, NULL, "main", 2 },
		{ "a plain commitId before commint", "{\"branch\":\"main\",\"commitId\":\"outer0123\",\"commint\":"
		  "\"[{\\\"commitId\\\":\\\"inner\\\",\\\"commitMsg\\\":\\\"the message\\\",\\\"author\\\":\\\"Han\\\"}]\"}",
		  "outer0123", "Han", "main @ outer01 the message", 4 },
		{ "a plain commitId after commint", "{\"commint\":\"[{\\\"commitId\\\":\\\"abcdef0123\\\","
		  "\\\"author\\\":\\\"Han\\\"}]\",\"commitId\":\"outer0123\",\"branch\":\"main\"}",
		  "outer0123", "Han", "main @ outer01", 3 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct flow_run_detail run;
		char *line = run_with_data(cases[i].data, &run);
		is_str(source_field(&run, 0, "commitId"), cases[i].commit_id, "%s: the commitId read", cases[i].why);
		is_str(source_field(&run, 0, "author"), cases[i].author, "%s: the inner author", cases[i].why);
		is_str(line, cases[i].summary, "%s: the summary", cases[i].why);
		is_int(run.nsources ? run.sources[0].ndata : 0, cases[i].ndata, "%s: each key once", cases[i].why);
		free(line);
		flow_run_detail_free(&run);
	}
}

/* The classic API's "commint" is a string holding JSON: its commits, head first, or one commit. */
static void test_parse_classic_commint(void)
{
	struct flow_result res;
	struct flow_run_detail run;
	struct loaded f = load("classic_get_run_commint.json", 200);

	is_int(flow_parse_run(&f.reply, CLASSIC, &res, &run), FLOW_OK, "a classic run with commits as JSON parses");
	is_int(run.nsources, 9, "every source is read");

	is_str(source_field(&run, 0, "commitId"), "3f786850e387550fdab836ed7e6dc881de23001b",
	       "the head commit's id is read from the JSON array");
	is_str(source_field(&run, 0, "commitMsg"), "修复审批超时\nFix approval timeout", "its message is read");
	is_str(source_field(&run, 0, "author"), "韩梅梅", "its other string fields are read");
	ok(!source_field(&run, 0, "reviewer"), "only the first commit is read");
	ok(!source_field(&run, 0, "time") && !source_field(&run, 0, "files"), "only its string fields are read");
	ok(!source_field(&run, 0, "commint"), "the raw JSON field gives way to the fields it holds");
	is_int(run.sources[0].ndata, 5, "repo, branch, then the commit's three string fields");
	is_str(run.sources[0].data[2].key, "commitId", "the commit's fields take the raw field's place");

	is_str(source_field(&run, 1, "commitId"), "0123456789abcdef0123456789abcdef01234567",
	       "a JSON object is read as the one commit");
	is_str(source_field(&run, 1, "message"), "tag release", "and its message");

	static const char *const raw[] = { "[]", "not json at all", "[\"3f78685\",\"89e6c98\"]",
	                                   "[{\"commitId\":\"3f78685\"", "[[{\"commitId\":\"3f78685\"}]]" };
	static const char *const why[] = { "an empty array", "a string that is not JSON", "an array of strings",
	                                   "invalid JSON", "an object nested deeper" };
	for (size_t i = 0; i < sizeof(raw) / sizeof(*raw); i++) {
		ok(run.nsources > i + 2 && run.sources[i + 2].ndata == 2 && !source_field(&run, i + 2, "commitId"),
		   "%s gives no fields", why[i]);
		is_str(source_field(&run, i + 2, "commint"), raw[i], "%s is kept as the raw string", why[i]);
	}

	is_str(source_field(&run, 7, "branch"), "outer", "a field of data wins over an inner one, even sent after it");
	is_str(source_field(&run, 7, "commitId"), "abcdef0123456789", "the inner fields not in data are read");
	is_str(source_field(&run, 7, "repo"), "inner-repo", "an inner field data lacks is read");
	is_int(run.sources[7].ndata, 3, "the duplicate key is kept once");

	is_str(source_field(&run, 8, "commitId"), "\x1b]0;pwned\x07" "abc",
	       "control characters stay in the model: the display makes them inert");
	is_str(source_field(&run, 8, "commitMsg"), "\x1b[31mred\r\nline", "in the message too");

	char *line = flow_run_summary(&run);
	is_str(line, "master @ 3f78685 修复审批超时", "a classic run sums up as branch @ short commit message");
	free(line);
	flow_run_detail_free(&run);
	flow_result_free(&res);
	free(f.body);
}

static void test_run_context_shapes(void)
{
	struct flow_result res;
	enum flow_status st;
	struct flow_run_detail run;

	run = run_of("{\"sources\":{\"data\":{}},\"globalParams\":\"x\",\"creator\":5,\"stages\":7}", YUNXIAO, &st, &res);
	ok(st == FLOW_OK && run.nsources == 0 && run.nparams == 0 && run.nstages == 0,
	   "sources, params and stages of the wrong type are none");
	is_str(run.creator, "", "a creator that is not a string is empty");
	flow_run_detail_free(&run);
	flow_result_free(&res);

	run = run_of("{\"sources\":[{\"data\":[\"x\"]},{\"type\":1,\"data\":\"repo\"},{}]}", YUNXIAO, &st, &res);
	ok(st == FLOW_OK && run.nsources == 3 && run.sources[0].ndata == 0 && run.sources[1].ndata == 0,
	   "data that is not an object has no fields");
	is_str(run.sources[1].type, "", "a type that is not a string is empty");
	ok(flow_run_summary(&run) == NULL, "no source with a branch or commit: no summary");
	flow_run_detail_free(&run);
	flow_result_free(&res);

	run = run_of("{\"globalParams\":[{\"key\":\"K\",\"value\":\"v\",\"masked\":null,\"encrypted\":false},"
	             "{\"key\":\"S\",\"value\":\"v\",\"masked\":{}}]}", YUNXIAO, &st, &res);
	ok(run.nparams == 2 && !run.params[0].hidden && run.params[1].hidden,
	   "masked:null shows the value, masked:{} hides it");
	flow_run_detail_free(&run);
	flow_result_free(&res);

	struct strbuf big = STRBUF_INIT;
	strbuf_puts(&big, "{\"sources\":[{\"data\":{\"branch\":\"");
	for (int i = 0; i < 200000; i++)
		strbuf_puts(&big, "分支");
	strbuf_puts(&big, "\",\"commitId\":\"abc\"}}]}");
	run = run_of(big.buf, YUNXIAO, &st, &res);
	char *line = flow_run_summary(&run);
	ok(st == FLOW_OK && line && strlen(line) == 200000 * 6 + strlen(" @ abc"),
	   "a branch of a million bytes is kept whole");
	free(line);
	flow_run_detail_free(&run);
	flow_result_free(&res);
	strbuf_free(&big);
}

static void test_parse_pipeline(void)
{
	struct flow_result res;
	struct flow_pipeline p;
	struct loaded f = load("classic_get_pipeline.json", 200);
	struct flow_reply r;

	is_int(flow_parse_pipeline(&f.reply, CLASSIC, &res, &p), FLOW_OK, "classic GetPipeline parses");
	is_str(p.name, "部署到生产环境", "the pipeline's name is read");
	is_str(p.creator_id, "112222122", "the pipeline's creator is read");
	ok(p.create_time == 1586863220000LL, "the pipeline's createTime is read");
	is_int(p.id, 0, "GetPipeline's reply does not name the id");
	is_str(res.request_id, "6C7A1C3E-2B2F-4E0A-9D4B-2E2F5C1A9B01", "its requestId is read");
	flow_pipeline_clear(&p);
	flow_result_free(&res);
	free(f.body);

	r = reply(200, "{\"name\":\"灰度发布\",\"creatorAccountId\":\"9\",\"pipelineConfig\":{}}");
	is_int(flow_parse_pipeline(&r, YUNXIAO, &res, &p), FLOW_OK, "the token API's bare pipeline parses");
	is_str(p.name, "灰度发布", "the token API pipeline's name is read");
	flow_pipeline_clear(&p);
	flow_result_free(&res);

	r = reply(200, "{\"success\":true,\"requestId\":\"x\",\"name\":\"flat\"}");
	is_int(flow_parse_pipeline(&r, CLASSIC, &res, &p), FLOW_E_RESPONSE, "classic without a pipeline object is unusable");
	ok(p.name == NULL, "an unusable reply leaves no name");
	flow_result_free(&res);
	r = reply(200, "{\"success\":true,\"pipeline\":\"部署\"}");
	is_int(flow_parse_pipeline(&r, CLASSIC, &res, &p), FLOW_E_RESPONSE, "a pipeline that is a string is unusable");
	flow_result_free(&res);
	r = reply(200, "[]");
	is_int(flow_parse_pipeline(&r, YUNXIAO, &res, &p), FLOW_E_RESPONSE, "a token API array is no pipeline");
	flow_result_free(&res);
	r = reply(200, "{\"success\":true,\"pipeline\":{\"name\":[1]}}");
	is_int(flow_parse_pipeline(&r, CLASSIC, &res, &p), FLOW_OK, "a name of the wrong type still parses");
	is_str(p.name, "", "... as an empty name");
	flow_pipeline_clear(&p);
	flow_result_free(&res);
	r = reply(404, "{\"success\":false,\"errorCode\":\"InvalidPipeline.NotFound\",\"errorMessage\":\"no\"}");
	is_int(flow_parse_pipeline(&r, CLASSIC, &res, &p), FLOW_E_API, "an unknown pipeline is an API error");
	is_str(res.error_code, "InvalidPipeline.NotFound", "... with its code");
	flow_result_free(&res);
	flow_pipeline_clear(NULL);
}

static void test_parse_job_log(void)
{
	struct flow_result res;
	struct flow_job_log log;
	struct loaded f = load("classic_job_log.json", 200);
	struct flow_reply r;

	is_int(flow_parse_job_log(&f.reply, CLASSIC, &res, &log), FLOW_OK, "the classic job log parses");
	ok(contains(log.content, "开始构建") && contains(log.content, "\x1b[31m"),
	   "the content is kept as sent, escapes too (sanitised at display)");
	ok(log.more, "more:true says more is coming");
	is_int(log.last, 0, "the classic log has no last");
	flow_job_log_free(&log);
	flow_result_free(&res);
	free(f.body);

	f = load("yunxiao_job_log.json", 200);
	is_int(flow_parse_job_log(&f.reply, YUNXIAO, &res, &log), FLOW_OK, "the token API job log parses");
	is_str(log.content, "step 1: checkout\nstep 2: test\n", "its content is read");
	ok(!log.more && log.last == 2, "its more and last are read");
	flow_job_log_free(&log);
	flow_result_free(&res);
	free(f.body);

	r = reply(200, "{\"success\":true,\"log\":{\"more\":\"yes\"}}");
	is_int(flow_parse_job_log(&r, CLASSIC, &res, &log), FLOW_OK, "a log without content parses");
	ok(log.content && !*log.content && !log.more, "... as empty, and more:\"yes\" is not true");
	flow_job_log_free(&log);
	flow_result_free(&res);
	r = reply(200, "{\"success\":true,\"log\":{\"content\":42}}");
	is_int(flow_parse_job_log(&r, CLASSIC, &res, &log), FLOW_E_RESPONSE, "content that is not text is unusable");
	ok(log.content == NULL, "an unusable log leaves no content");
	flow_result_free(&res);
	r = reply(200, "{\"success\":true,\"log\":null}");
	is_int(flow_parse_job_log(&r, CLASSIC, &res, &log), FLOW_E_RESPONSE, "log:null is unusable");
	flow_result_free(&res);
	r = reply(200, "true");
	is_int(flow_parse_job_log(&r, YUNXIAO, &res, &log), FLOW_E_RESPONSE, "a token API body of true is no log");
	flow_result_free(&res);
	r = reply(200, "{\"content\":\"x\",\"last\":-3}");
	is_int(flow_parse_job_log(&r, YUNXIAO, &res, &log), FLOW_OK, "a negative last parses");
	is_int(log.last, 0, "... as no last");
	flow_job_log_free(&log);
	flow_result_free(&res);

	struct strbuf big = STRBUF_INIT;
	strbuf_puts(&big, "{\"content\":\"");
	for (int i = 0; i < 100000; i++)
		strbuf_puts(&big, "line of log\\n");
	strbuf_puts(&big, "\",\"more\":true}");
	r = reply(200, big.buf);
	is_int(flow_parse_job_log(&r, YUNXIAO, &res, &log), FLOW_OK, "a log of a megabyte parses");
	is_int(strlen(log.content), 100000 * 12, "... whole");
	flow_job_log_free(&log);
	flow_result_free(&res);
	strbuf_free(&big);
	flow_job_log_free(NULL);
}

static void test_parse_latest_run(void)
{
	struct flow_result res;
	struct flow_run run;
	struct loaded f = load("yunxiao_get_run_context.json", 200);
	struct flow_reply r;

	is_int(flow_parse_latest_run(&f.reply, YUNXIAO, &res, &run), FLOW_OK, "the token API's newest run parses");
	ok(run.id == 53 && run.pipeline_id == 124, "its ids are read");
	is_str(run.status, "RUNNING", "its status is read");
	ok(run.start_time == 1749542400000LL, "its createTime stands for the start time");
	flow_run_clear(&run);
	flow_result_free(&res);
	free(f.body);

	f = load("classic_list_runs.json", 200);
	is_int(flow_parse_latest_run(&f.reply, CLASSIC, &res, &run), FLOW_OK, "classic's newest run is a list");
	ok(run.id > 0 && run.status && *run.status, "the first run of the list is taken");
	flow_run_clear(&run);
	flow_result_free(&res);
	free(f.body);

	r = reply(200, "{\"success\":true,\"pipelineRuns\":[],\"totalCount\":0}");
	is_int(flow_parse_latest_run(&r, CLASSIC, &res, &run), FLOW_OK, "a pipeline without runs parses");
	ok(run.id == 0 && run.status == NULL, "... as run 0");
	flow_result_free(&res);
	r = reply(200, "{\"pipelineRunId\":53}");
	is_int(flow_parse_latest_run(&r, CLASSIC, &res, &run), FLOW_E_RESPONSE, "classic without an envelope is unusable");
	flow_result_free(&res);
	r = reply(200, "{\"pipelineRunId\":1.5}");
	is_int(flow_parse_latest_run(&r, YUNXIAO, &res, &run), FLOW_E_RESPONSE, "a fractional run id is unusable");
	ok(run.status == NULL, "an unusable run leaves nothing");
	flow_result_free(&res);
	r = reply(404, "{\"errorCode\":\"NotFound\",\"errorMessage\":\"no run\"}");
	is_int(flow_parse_latest_run(&r, YUNXIAO, &res, &run), FLOW_E_API, "a 404 is an API error");
	flow_result_free(&res);
}

static void test_next_page(void)
{
	char *next;

	next = next_after(CLASSIC, 20, NULL, "tok2", 20);
	is_str(next, "tok2", "classic: the next page is the reply's nextToken");
	free(next);
	next = next_after(CLASSIC, 20, NULL, NULL, 20);
	ok(next == NULL, "classic: no nextToken ends the list even after a full page");
	free(next);

	next = next_after(YUNXIAO, 10, "2", "5", 3);
	is_str(next, "5", "token API: an x-next-page header decides, even after a short page");
	free(next);
	next = next_after(YUNXIAO, 10, "2", NULL, 10);
	is_str(next, "3", "token API without x-next-page: a full page asks for the next page number");
	free(next);
	next = next_after(YUNXIAO, 50, NULL, NULL, 30);
	is_str(next, "2", "token API: a page is full at the capped perPage of 30");
	free(next);
	next = next_after(YUNXIAO, 10, "2", NULL, 9);
	ok(next == NULL, "token API without x-next-page: a short page ends the list");
	free(next);
	next = next_after(YUNXIAO, 0, NULL, NULL, 0);
	ok(next == NULL, "token API without x-next-page: an empty page ends the list");
	free(next);
	next = next_after(YUNXIAO, 0, NULL, NULL, 7);
	is_str(next, "2", "token API without perPage sent: any items ask for the next page");
	free(next);
}

static void test_op_word(void)
{
	is_str(flow_op_word(FLOW_OP_PASS), "pass", "the word for a pass is pass");
	is_str(flow_op_word(FLOW_OP_REFUSE), "refuse", "the word for a refuse is refuse");
}

/* cJSON's allocator in the child below: memory runs out as malloc says it does, with ENOMEM. */
static void *no_memory(size_t n)
{
	(void)n;
	errno = ENOMEM;
	return NULL;
}

static void test_out_of_memory(void)
{
	struct loaded f = load("classic_get_run.json", 200);
	int fds[2];
	if (pipe(fds) != 0)
		exit(99);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		signal(SIGABRT, SIG_DFL);
		cJSON_InitHooks(&(cJSON_Hooks){ .malloc_fn = no_memory, .free_fn = free });
		struct flow_result res;
		struct flow_run_detail run;
		flow_parse_run(&f.reply, CLASSIC, &res, &run);
		_exit(0);
	}
	close(fds[1]);
	char said[256] = "";
	ssize_t n = read(fds[0], said, sizeof(said) - 1);
	said[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "running out of memory while parsing ends the process");
	is_str(said, "flowgate: out of memory\n", "and says it is out of memory, not that the reply is not JSON");
	free(f.body);
}

int main(void)
{
	test_op_word();
	test_build_lists();
	test_build_run_and_actions();
	test_build_encoding();
	test_build_errors();
	test_parse_id();
	test_parse_lists();
	test_list_shapes();
	test_parse_run();
	test_run_shapes();
	test_big_documents();
	test_success_example();
	test_error_shapes();
	test_throttling();
	test_unusable();
	test_yunxiao_actions();
	test_next_page();
	test_out_of_memory();
	test_build_region();
	test_build_inbox_requests();
	test_build_pipeline_filter();
	test_parse_run_context();
	test_parse_classic_commint();
	test_parse_commint_shapes();
	test_run_context_shapes();
	test_parse_pipeline();
	test_parse_job_log();
	test_parse_latest_run();
	return tap_done();
}
