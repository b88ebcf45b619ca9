#ifndef FLOWGATE_FLOW_API_H
#define FLOWGATE_FLOW_API_H
/*
 * The Flow API without I/O: each operation is a request description to send and a parser
 * of the reply's bytes. cJSON is used inside and never appears here.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow/model.h"

enum flow_backend {
	FLOW_BACKEND_CLASSIC,      /* devops 2021-06-25, AccessKey-signed, enveloped bodies */
	FLOW_BACKEND_YUNXIAO,      /* Yunxiao OpenAPI, x-yunxiao-token, bare bodies */
};

enum flow_op {
	FLOW_OP_LIST_PIPELINES,
	FLOW_OP_LIST_RUNS,
	FLOW_OP_GET_RUN,
	FLOW_OP_PASS,
	FLOW_OP_REFUSE,
	FLOW_OP_GET_PIPELINE,
	FLOW_OP_JOB_LOG,
	FLOW_OP_LATEST_RUN,        /* token API latestPipelineRun; classic: ListPipelineRuns of one */
};

/* The token API comes in two editions; the classic API has only the central one. */
enum flow_edition {
	FLOW_EDITION_CENTRAL,      /* /oapi/v1/flow/organizations/{org}/... */
	FLOW_EDITION_REGION,       /* a region instance: the same paths without /organizations/{org} */
};

/*
 * Where a request goes. org is required except in the region edition, where it is not sent.
 * Callers fill it from their options: { backend, edition, org }.
 */
struct flow_target {
	enum flow_backend backend;
	enum flow_edition edition;
	const char *org;
};

/* ListPipelines' filters; NULL or "" leaves one out. */
struct flow_pipeline_filter {
	const char *status_list;   /* "RUNNING" or "RUNNING,WAITING": a pipeline's status is its newest run's */
	const char *name;          /* a part of the pipeline's name */
};

#define FLOW_API_VERSION "2021-06-25"
#define FLOW_MAX_QUERY 8

struct flow_query {
	char *key;
	char *value;               /* raw; the transport encodes */
};

struct flow_request {
	enum flow_op op;
	enum flow_backend backend;
	const char *method;        /* "GET" or "POST" */
	const char *action;        /* x-acs-action, e.g. "RefusePipelineValidate" */
	char *path;                /* each segment percent-encoded */
	struct flow_query query[FLOW_MAX_QUERY];
	size_t nquery;
};

void flow_request_free(struct flow_request *req);

/*
 * Builders. Return 0, or -1 with a message in err when an argument is invalid. Each speaks to
 * the target `t`.
 */
int flow_req_list_pipelines(struct flow_request *req, const struct flow_target *t,
                            const struct flow_pipeline_filter *filter, int max_results,
                            const char *next_token, char *err, size_t errlen);
/* status: NULL, or RUNNING/SUCCESS/FAIL... ; page is used by the yunxiao backend (from 1). */
int flow_req_list_runs(struct flow_request *req, const struct flow_target *t, int64_t pipeline,
                       const char *status, int max_results, const char *next_token, int page,
                       char *err, size_t errlen);
int flow_req_get_run(struct flow_request *req, const struct flow_target *t, int64_t pipeline,
                     int64_t run, char *err, size_t errlen);
/* op is FLOW_OP_PASS or FLOW_OP_REFUSE. */
int flow_req_gate_action(struct flow_request *req, const struct flow_target *t, enum flow_op op,
                         int64_t pipeline, int64_t run, const char *job, char *err, size_t errlen);
/* GetPipeline: the pipeline's name and creator. */
int flow_req_get_pipeline(struct flow_request *req, const struct flow_target *t, int64_t pipeline,
                          char *err, size_t errlen);
/* A job's log: classic LogPipelineJobRun (note its singular path segments), token API .../log. */
int flow_req_job_log(struct flow_request *req, const struct flow_target *t, int64_t pipeline, int64_t run,
                     const char *job, char *err, size_t errlen);
/* The pipeline's newest run (a .../current link): latestPipelineRun, or the first of ListPipelineRuns. */
int flow_req_latest_run(struct flow_request *req, const struct flow_target *t, int64_t pipeline,
                        char *err, size_t errlen);

/* "pass" or "refuse": the word for a gate action, as the audit log and every message say it. */
const char *flow_op_word(enum flow_op op);

/* Parses an id: a plain positive decimal number (digits only, no leading zero, fits int64). 0 on success. */
int flow_parse_id(const char *s, int64_t *out);

/* A reply as the transport received it. */
struct flow_reply {
	long http_status;
	const char *body;
	size_t body_len;
	const char *request_id_header;   /* x-acs-request-id (or x-request-id), NULL if none */
	long retry_after_ms;             /* x-acs-retry-after, 0 if none */
	const char *next_page_header;    /* x-next-page (yunxiao), NULL if none */
};

enum flow_status {
	FLOW_OK = 0,
	FLOW_E_API,                /* the server answered with an error (API or gateway shape) */
	FLOW_E_RESPONSE,           /* the answer is unusable: not JSON, cut short, wrong shape */
};

struct flow_result {
	enum flow_status status;
	long http_status;
	char *request_id;          /* body requestId/RequestId, else the header; NULL if none */
	char *error_code;          /* NULL on success */
	char *error_message;       /* the server's own text (raw), or ours for FLOW_E_RESPONSE */
	char *recommend;           /* gateway Recommend URL, NULL if none */
	bool throttled;            /* Throttling* code, 429, or a positive retry-after */
	long retry_after_ms;
};

void flow_result_free(struct flow_result *res);

/*
 * Each parser fills res (always) and, on FLOW_OK, the out struct (which the caller frees).
 * Returns res->status.
 */
enum flow_status flow_parse_pipelines(const struct flow_reply *r, enum flow_backend b,
                                      struct flow_result *res, struct flow_pipeline_list *out);
enum flow_status flow_parse_runs(const struct flow_reply *r, enum flow_backend b,
                                 struct flow_result *res, struct flow_run_list *out);
enum flow_status flow_parse_run(const struct flow_reply *r, enum flow_backend b,
                                struct flow_result *res, struct flow_run_detail *out);
/*
 * GetPipeline. The reply does not name the pipeline's id: out->id is 0 unless it does, and the
 * caller knows which one it asked for.
 */
enum flow_status flow_parse_pipeline(const struct flow_reply *r, enum flow_backend b,
                                     struct flow_result *res, struct flow_pipeline *out);
enum flow_status flow_parse_job_log(const struct flow_reply *r, enum flow_backend b,
                                    struct flow_result *res, struct flow_job_log *out);
/*
 * The reply to flow_req_latest_run: the newest run's summary. A classic pipeline without runs
 * gives an empty list, read as out->id 0; the token API answers that with an error (404 in the
 * mock). The token API's run object has no startTime: its createTime is taken.
 */
enum flow_status flow_parse_latest_run(const struct flow_reply *r, enum flow_backend b,
                                       struct flow_result *res, struct flow_run *out);
/* Pass and refuse: only success or failure. */
enum flow_status flow_parse_action(const struct flow_reply *r, enum flow_backend b,
                                   struct flow_result *res);

/*
 * The token for the page after a list page that answered `req` with `n` items and the parsed
 * next_token, or NULL when the list is over (the caller frees it). A next_token decides where
 * there is one (classic nextToken, token API x-next-page). Without it the token API's list ends
 * on a short page, fewer items than the perPage asked for, or an empty one; otherwise its next
 * page is the page number after the one asked for.
 */
char *flow_next_page(const struct flow_request *req, const char *next_token, size_t n);

#endif
