#ifndef FLOWGATE_FLOW_MODEL_H
#define FLOWGATE_FLOW_MODEL_H
/*
 * The domain: pipelines, runs, jobs and the manual gates among them. Plain structs that own
 * their strings; every *_free accepts NULL. Strings hold the server's bytes as received
 * (valid for C, not yet sanitised for a terminal): sanitise at the point of display.
 * A parsed string field is never NULL ("" when the server left it out) unless its comment says so.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct flow_pipeline {
	int64_t id;
	char *name;
	int64_t create_time;       /* epoch ms, 0 when absent */
	char *creator_id;
};

struct flow_pipeline_list {
	struct flow_pipeline *items;
	size_t n;
	char *next_token;          /* NULL or "" at the end */
	int64_t total;             /* -1 when absent */
};

struct flow_run {
	int64_t pipeline_id;
	int64_t id;
	char *status;              /* RUNNING, SUCCESS, FAIL, CANCELED, WAITING, or as sent */
	int64_t start_time;
	int64_t end_time;
	int trigger_mode;          /* 1 manual, 2 scheduled, 3 commit, 5 pipeline, 6 webhook; 0 absent */
	char *creator_id;
};

struct flow_run_list {
	struct flow_run *items;
	size_t n;
	char *next_token;
	int64_t total;
};

/* What the caller may do with a job that is a manual gate. */
enum {
	FLOW_GATE_HAS_PASS = 1 << 0,      /* a PassPipelineValidate action exists */
	FLOW_GATE_HAS_REFUSE = 1 << 1,    /* a RefusePipelineValidate(or) action exists */
	FLOW_GATE_CAN_PASS = 1 << 2,      /* ... and its disable is false */
	FLOW_GATE_CAN_REFUSE = 1 << 3,
};

struct flow_job {
	char *id;                  /* the job id as a decimal string: the {jobId} of pass/refuse */
	char *name;
	char *status;              /* INIT, WAITING, SWITCH_MANUAL, RUNNING, SUCCESS, FAIL, ... or as sent */
	int64_t start_time;
	int64_t end_time;
	char *stage_name;
	int stage_index;           /* position of its stage in the run, from 0 */
	unsigned gate;             /* FLOW_GATE_* bits; 0 for an ordinary job */
	char *validators;          /* who may act, ", "-joined, or NULL when not given */
};

/* One string field of a source's free-form data. */
struct flow_kv {
	char *key;
	char *value;
};

/* Code the run builds: its type ("codeup", "github"...), its name and its data's string fields. */
struct flow_source {
	char *type;
	char *name;
	struct flow_kv *data;      /* in the order sent: repo, branch, commitId, commitMsg... */
	size_t ndata;
};

/*
 * A global parameter of the run. The value of one marked masked or encrypted is dropped while
 * parsing: it never reaches memory that outlives the reply.
 */
struct flow_param {
	char *key;
	char *value;               /* NULL when hidden */
	bool hidden;
};

struct flow_stage {
	char *name;
	char *status;              /* stageInfo.status: RUNNING, SUCCESS, FAIL... or as sent */
};

struct flow_run_detail {
	int64_t pipeline_id;
	int64_t id;
	char *status;
	int64_t create_time;
	int64_t update_time;
	int trigger_mode;
	char *creator;             /* who started it, by name (token API) */
	char *creator_id;          /* creatorAccountId */
	struct flow_job *jobs;     /* every job of every stage, in stage order */
	size_t njobs;
	struct flow_stage *stages; /* one per element of stages[]: a job's stage_index points here */
	size_t nstages;
	struct flow_source *sources;
	size_t nsources;
	struct flow_param *params; /* globalParams */
	size_t nparams;
};

/* A job's log, or as much of it as there is yet. */
struct flow_job_log {
	char *content;
	bool more;                 /* more is coming: the job still runs */
	int64_t last;              /* the token API's number of the last line sent; 0 when absent */
};

bool flow_job_is_gate(const struct flow_job *job);
/* A gate waiting for someone: status WAITING or SWITCH_MANUAL. */
bool flow_job_is_pending_gate(const struct flow_job *job);
size_t flow_run_pending_gates(const struct flow_run_detail *run);
const struct flow_job *flow_run_find_job(const struct flow_run_detail *run, const char *job_id);

/*
 * What the caller may do with a pending gate, in words: "pass, refuse", "pass", "refuse" or
 * "not allowed"; "" for a job that is not a pending gate.
 */
const char *flow_job_may(const struct flow_job *job);

/* The value of a string field of a source's data, NULL when it has none. */
const char *flow_source_get(const struct flow_source *src, const char *key);

/*
 * One line on the code a run builds, from its first source that names a branch or a commit:
 * "branch @ short-commit message" (each part only when present; the message's first line that is
 * not blank, without its leading blanks). NULL
 * when no source says. The caller frees it.
 */
char *flow_run_summary(const struct flow_run_detail *run);

/*
 * "manual", "scheduled", "commit", "pipeline", "webhook" (translated, for display; JSON keeps the
 * number), or "-" for an unknown trigger mode.
 */
const char *flow_trigger_name(int trigger_mode);

/*
 * A run's, stage's or job's status, as the server words it, in the user's language for display:
 * "RUNNING" is "运行中" in Chinese and stays "RUNNING" in English. A word flowgate does not know
 * comes back as it is (still the server's bytes: sanitise it where shown); NULL gives "-".
 * JSON output and requests keep the server's word.
 */
const char *flow_status_label(const char *status);

/* Frees what one item of a list owns and zeroes it; the item's own memory is its list's. */
void flow_pipeline_clear(struct flow_pipeline *p);
void flow_run_clear(struct flow_run *r);

void flow_job_log_free(struct flow_job_log *l);
void flow_pipeline_list_free(struct flow_pipeline_list *l);
void flow_run_list_free(struct flow_run_list *l);
void flow_run_detail_free(struct flow_run_detail *r);
/*
 * Moves `from`'s items onto the end of `into` (pagination); `from` is left empty. `into` takes
 * `from`'s next_token, and its total when `from` has one: the newest page's say.
 */
void flow_pipeline_list_take(struct flow_pipeline_list *into, struct flow_pipeline_list *from);
void flow_run_list_take(struct flow_run_list *into, struct flow_run_list *from);

#endif
