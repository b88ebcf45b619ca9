#ifndef FLOWGATE_MOCK_SCENARIO_H
#define FLOWGATE_MOCK_SCENARIO_H
/*
 * The mock's world: organizations, pipelines, runs, stages, jobs and manual gates, loaded from a
 * scenario file (format in tests/mock/README.md), the credentials it accepts and the faults it
 * injects. The state changes as gates are passed or refused. Not thread-safe: the server
 * serialises every call.
 */

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "util/strbuf.h"
#include "reply.h"

struct mock_stage;
struct mock_run;

struct mock_job {
	long long id;
	char *name;
	char *status;
	long long start_time, end_time;   /* epoch ms; 0 = not set */
	char *params;                     /* JSON text: the API sends it as a string */
	cJSON *actions;                   /* non-gate jobs: sent as given; NULL = [] */
	bool is_gate;
	bool pass_disabled, refuse_disabled;
	char *refuse_type;                /* RefusePipelineValidate or RefusePipelineValidator */
	cJSON *validators;                /* NULL = [] */
	char **log;                       /* its log, one line an element */
	size_t nlog;
	size_t log_reads;                 /* a RUNNING job's log grows by a line per read */
	struct mock_stage *stage;
};

struct mock_stage {
	char *name;
	char *status;
	long long start_time, end_time;
	struct mock_job *jobs;
	size_t njobs;
	struct mock_run *run;
};

struct mock_pipeline;

struct mock_run {
	long long id;
	char *status;
	long long start_time, end_time, update_time;
	int trigger_mode;
	char *creator;                    /* creatorAccountId */
	char *creator_name;               /* creator (token API) */
	cJSON *sources;                   /* NULL: one generated codeup source */
	cJSON *global_params;             /* globalParams (token API), sent as given; NULL = [] */
	struct mock_stage *stages;
	size_t nstages;
	struct mock_pipeline *pipeline;
};

struct mock_pipeline {
	long long id;
	char *name;
	long long create_time;
	char *creator;
	long long group_id;
	struct mock_run *runs;
	size_t nruns;
};

struct mock_org {
	char *id;
	struct mock_pipeline *pipelines;
	size_t npipelines;
};

struct mock_credential {
	char *ak_id;
	char *ak_secret;
	char *token;           /* NULL: a plain AccessKey; else STS and the token must come along */
	bool token_expired;
};

/* A personal access token of the token API, sent as x-yunxiao-token. */
struct mock_token {
	char *token;
	bool expired;
};

/* Which requests a fault hits; NULL / 0 fields match anything. */
struct mock_fault_match {
	char *action;
	char *org;
	long long pipeline, run;
	char *job;
};

/* The request a fault is looked up for. */
struct mock_fault_key {
	const char *action;
	const char *org;
	long long pipeline, run;
	const char *job;
};

struct mock_fault {
	struct mock_fault_match match;
	int times;             /* < 0: every matching request */
	int used;
	/* the answer; `failing` is set when any of status/code/body/truncate/drop is given */
	bool failing;
	bool error;            /* answer an error in an API's shape (status/code/message/http200) */
	int status;
	char *code, *message;  /* NULL: the default of the API the request spoke */
	bool gateway_shape, http200;
	char *body, *content_type;
	long truncate;         /* < 0: no truncation */
	bool drop;
	bool apply_then_fail;
	/* decorations of any answer, failing or not */
	int delay_ms;
	long retry_after_ms;   /* 0: no header */
	char *request_id_header;   /* NULL: the answer's own request id in x-acs-request-id */
	int trickle_ms;        /* > 0: one byte per interval */
	int large_body_mb;
};

struct mock_scenario {
	struct mock_credential *creds;
	size_t ncreds;
	struct mock_token *tokens;
	size_t ntokens;
	bool yunxiao_paging_headers;   /* token API lists send x-total and x-next-page */
	long clock_skew;       /* seconds added to the mock's clock for the signature date check */
	int page_size, max_page_size;
	size_t page_shift;     /* a later page starts this many items early: as if as many were added on top */
	struct mock_org *orgs;
	size_t norgs;
	char *region_org;      /* the org the token API's region edition serves; NULL: the first */
	struct mock_fault *faults;
	size_t nfaults;
};

/* The --generate flag: an inbox of `pipelines`, `running` of them at `gates` pending gates each. */
struct mock_generate {
	long pipelines, running, gates;
};

/*
 * NULL on error, with the reason in `err`. Times <= 0 in the file are relative to `now_ms`.
 * `gen` (or NULL) sets the first org's generatePipelines, as if the file said so.
 */
struct mock_scenario *scenario_load(const char *path, const struct mock_generate *gen, long long now_ms,
                                    struct strbuf *err);
void scenario_free(struct mock_scenario *sc);

const struct mock_credential *scenario_credential(const struct mock_scenario *sc, const char *ak_id);
const struct mock_token *scenario_token(const struct mock_scenario *sc, const char *token);
struct mock_org *scenario_org(struct mock_scenario *sc, const char *id);
/* The org of the token API's region edition, whose paths name none. */
struct mock_org *scenario_region_org(struct mock_scenario *sc);
struct mock_pipeline *scenario_pipeline(struct mock_org *org, long long id);
struct mock_run *scenario_run(struct mock_pipeline *p, long long id);
struct mock_job *scenario_job(struct mock_run *run, const char *id);

/* A gate the API would still let someone act on. */
bool scenario_gate_pending(const struct mock_job *job);

/*
 * Passes or refuses a pending gate and moves its stage and run on: a refusal fails the job, its
 * stage and its run; a pass succeeds the job and, once the run has no pending gate and nothing
 * failed, finishes the rest of the run with SUCCESS.
 */
void scenario_gate_apply(struct mock_job *job, bool pass, long long now_ms);

/* The first fault that matches and has uses left, counted as used; NULL if none. */
struct mock_fault *scenario_fault_take(struct mock_scenario *sc, const struct mock_fault_key *req);

/* An error fault's code and message: its own, else what `api` says for its status. */
const char *scenario_fault_code(const struct mock_fault *f, enum mock_api api);
const char *scenario_fault_message(const struct mock_fault *f, enum mock_api api);

#endif
