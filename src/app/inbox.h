#ifndef FLOWGATE_APP_INBOX_H
#define FLOWGATE_APP_INBOX_H
/*
 * The approver's inbox: every pending gate in the running runs of the organisation. A walk lists
 * the running pipelines (ListPipelines statusList=RUNNING, every page), each one's running runs
 * (ListPipelineRuns status=RUNNING, every page) and each run's detail (GetPipelineRun), whose
 * pending gates are copied out before the detail is freed: memory holds the gates, never the runs.
 *
 * The requests run in the caller's loop through session_start, at most `parallel` at once. A
 * throttled answer (429, a Throttling code, x-acs-retry-after) pauses every new start for the time
 * the server asks (at least a doubling back-off) and asks again, a few times; a good answer with
 * x-acs-retry-after pauses them as long as it says. A pipeline whose
 * requests fail is recorded as a failure with its outcome's exit code; the walk goes on for the
 * others.
 *
 * The caller's loop: session_poll(s, ..., inbox_timeout_ms(ib)), session_progress(s), then
 * inbox_tick(ib), which starts what is due. `changed` is called whenever what inbox_at shows
 * changes.
 *
 * What is shown: during the first walk, the gates as they arrive; during a later walk
 * (inbox_refresh), the previous walk's complete list, unchanged, until the new walk ends and
 * replaces it at once, failures included. A console thus never shows half a list after the first.
 * A failure is no news about a gate: the new list keeps the previous list's gates of every pipeline
 * the walk could not read (its requests failed, or the list of pipelines failed before naming it),
 * so a refresh the server refuses leaves what was shown; their failures say they may be stale.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct session;

#define INBOX_PARALLEL_MAX 32

/* One pending gate, copied out of its run's detail. Strings are the server's bytes (sanitise to show). */
struct inbox_gate {
	int64_t pipeline_id;
	char *pipeline_name;
	int64_t run_id;
	char *job;                 /* the job id: {jobId} of pass and refuse */
	char *name;
	char *stage;
	char *status;
	int64_t start_time;        /* epoch ms; 0 when not known */
	unsigned gate;             /* FLOW_GATE_* bits */
	char *validators;          /* NULL when not given */
	char *summary;             /* the run's one line (branch @ commit message); NULL when none */
	char *url;                 /* the run's link in the web console */
};

/* A part of the walk that failed: a pipeline, or (pipeline_id 0) the list of running pipelines. */
struct inbox_failure {
	int64_t pipeline_id;
	char *pipeline_name;       /* NULL for the list */
	int exit_code;             /* the outcome's, as the command line exits */
	char *message;             /* sanitised */
};

struct inbox;

/* parallel: 1 to INBOX_PARALLEL_MAX (clamped). `changed` may be NULL. */
struct inbox *inbox_new(struct session *s, unsigned parallel, void (*changed)(void *user), void *user);
/*
 * Frees the inbox. Requests still in flight end later in session_progress (or with
 * session_cancel_all) and are then dropped.
 */
void inbox_free(struct inbox *ib);

/* Starts a walk. A walk already under way goes on: false; else true. */
bool inbox_refresh(struct inbox *ib);
/* A walk is under way. */
bool inbox_busy(const struct inbox *ib);
/* At least one walk has ended: the list shown is whole (but for its failures). */
bool inbox_complete(const struct inbox *ib);

/* Milliseconds until inbox_tick has work (a throttling pause ends); -1 when none is waiting on time. */
int inbox_timeout_ms(const struct inbox *ib);
/* Starts the requests that are due and may start. */
void inbox_tick(struct inbox *ib);

/* The gates shown, longest-waiting first. */
size_t inbox_count(const struct inbox *ib);
const struct inbox_gate *inbox_at(const struct inbox *ib, size_t i);
size_t inbox_nfailures(const struct inbox *ib);
const struct inbox_failure *inbox_failure_at(const struct inbox *ib, size_t i);

/* What the walk did, for benchmarks and tests. */
struct inbox_stats {
	unsigned long requests;    /* requests started, tries after throttling included */
	unsigned peak_in_flight;
	unsigned long throttled;   /* answers that paused the walk */
};
void inbox_stats(const struct inbox *ib, struct inbox_stats *out);

/* Sans I/O: longest-waiting first (an unknown start time last), then by pipeline, run and job. */
int inbox_gate_cmp(const struct inbox_gate *a, const struct inbox_gate *b);
/* The pause before trying a throttled request again: the server's word, at least base·2^(tries-1), capped. */
long inbox_backoff_ms(unsigned tries, long retry_after_ms);

#endif
