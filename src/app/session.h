#ifndef FLOWGATE_APP_SESSION_H
#define FLOWGATE_APP_SESSION_H
/*
 * What the command line and the console share: resolved settings, credentials, the transport,
 * and the one path every request takes: build → send → parse → outcome (→ audit, for actions).
 * Requests run in the caller's loop (session_start, session_poll, session_progress); the command
 * line's blocking call is the same start followed by session_wait.
 */

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/outcome.h"
#include "conf/config.h"
#include "conf/credentials.h"
#include "flow/api.h"
#include "flow/errors.h"

struct net_http;

struct session {
	struct conf conf;          /* resolved */
	struct conf_credentials cred;
	enum flow_backend backend;
	struct flow_target target; /* where every request goes: backend, edition and conf.org */
	enum flow_lang lang;
	char key_id[16];           /* masked, for logs and messages */
	struct net_http *http;
};

/*
 * Resolves flags with the environment and config file, loads credentials and opens the
 * transport. Returns EXIT_OK, or an exit code with the message in err.
 */
int session_open(struct session *s, const struct conf *flags, char *err, size_t errlen);
void session_close(struct session *s);

/* 0 when url is an endpoint the transport accepts; else -1 and why in err (never echoing url). */
int session_endpoint_check(const char *url, char *err, size_t errlen);

/*
 * Parses an answer that arrived (any HTTP status) into res and the caller's `user`; called
 * before done, and only when an answer came.
 */
typedef enum flow_status (*session_parse_fn)(const struct flow_request *req, const struct flow_reply *r,
                                             enum flow_backend b, struct flow_result *res, void *user);
/* Every started request ends here exactly once; o is the callee's for the call only. */
typedef void (*session_done_fn)(void *user, const struct flow_request *req, struct outcome *o);

/* Starts a read (req is copied). 0, or -1 when it could not be started (done is then not called). */
int session_start(struct session *s, const struct flow_request *req, session_parse_fn parse,
                  session_done_fn done, void *user);

/* A read, start to end: its outcome goes to o (the caller frees it with outcome_free). */
void session_fetch(struct session *s, const struct flow_request *req, session_parse_fn parse, void *user,
                   struct outcome *o);

/*
 * Moves the transfers on until *finished, or until stop_fd (-1: none) is readable: then returns
 * true, with the transfers still in flight.
 */
bool session_wait(struct session *s, const bool *finished, int stop_fd);

/*
 * The caller's loop: waits up to timeout_ms for the transfers or any of `extra` (their revents
 * are set; the number with events is returned), then session_progress calls done for those
 * finished.
 */
int session_poll(struct session *s, struct pollfd *extra, unsigned nextra, int timeout_ms);
void session_progress(struct session *s);
unsigned session_in_flight(const struct session *s);
/* Gives up every request: an action among them is audited as unknown, or as not sent. */
void session_cancel_all(struct session *s);

/* A pass or refuse, and for the audit log the names that go with it. */
struct gate_target {
	enum flow_op op;
	int64_t pipeline;
	int64_t run;
	const char *job;
	const char *job_name;      /* NULL when not known (command line) */
};

typedef void (*session_action_fn)(void *user, const struct gate_target *g, struct outcome *o);

/*
 * Passes or refuses a gate: checks read-only mode, writes the audit line "sending" with a fresh
 * attempt id (nothing is sent if it cannot be written), sends, and on the end writes the outcome
 * line with the same id and calls done once (perhaps before returning). `via`: "cli" or
 * "console". EXIT_OK, or an exit code with the reason in err when nothing was sent (done is then
 * not called).
 */
int session_gate_action(struct session *s, const struct gate_target *g, const char *via, session_action_fn done,
                        void *user, char *err, size_t errlen);

#endif
