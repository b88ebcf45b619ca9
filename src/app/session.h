#ifndef FLOWGATE_APP_SESSION_H
#define FLOWGATE_APP_SESSION_H
/*
 * What the command line and the console share: resolved settings, credentials, the transport,
 * and what becomes of a reply (exit code, human message, audit line).
 */

#include <stdbool.h>
#include <stddef.h>

#include "conf/config.h"
#include "conf/credentials.h"
#include "flow/api.h"
#include "flow/errors.h"
#include "net/http.h"

enum {
	EXIT_OK = 0,
	EXIT_API = 1,              /* the server refused the operation */
	EXIT_USAGE = 2,
	EXIT_CONFIG = 3,           /* credentials or configuration */
	EXIT_NETWORK = 4,          /* transport error or timeout */
	EXIT_RESPONSE = 5,         /* unusable response */
	EXIT_OUTPUT = 6,           /* the output could not be written */
};

struct session {
	struct conf conf;          /* resolved */
	struct conf_credentials cred;
	enum flow_backend backend;
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

/* The outcome of one request, ready to show. */
struct outcome {
	int exit_code;
	struct flow_result res;    /* parsed reply (status, requestId, code...) */
	enum net_error net;
	char *message;             /* human text in the session language, sanitised; NULL on success */
};

/*
 * Fills o from a transport reply and, when resp->error is NET_OK, the result a flow_parse_*
 * function gave for it (moved into o; pass NULL otherwise).
 */
void outcome_from(struct outcome *o, const struct session *s, const struct net_response *resp,
                  struct flow_result *parsed);
void outcome_free(struct outcome *o);

/* The audit outcome word for an action: "ok", "refused", "network-error" or "unknown". */
const char *outcome_audit_word(const struct outcome *o);

/*
 * Writes the audit line of a pass/refuse attempt (nothing when the user set audit_log = off).
 * 0, or -1 with a message in err (the caller reports it; a success then exits with a warning,
 * never silently).
 */
int session_audit(const struct session *s, const struct flow_request *req, int64_t pipeline, int64_t run,
                  const char *job, const char *job_name, const struct outcome *o, const char *via,
                  char *err, size_t errlen);

#endif
