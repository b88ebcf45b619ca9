#ifndef FLOWGATE_APP_OUTCOME_H
#define FLOWGATE_APP_OUTCOME_H
/*
 * What became of one request: its kind decides the audit word, the exit code and the words the
 * user reads, each in one function, so that no caller turns a word back into a meaning.
 */

#include <stdbool.h>

#include "flow/api.h"

enum {
	EXIT_OK = 0,
	EXIT_API = 1,              /* the server refused the operation */
	EXIT_USAGE = 2,
	EXIT_CONFIG = 3,           /* credentials or configuration */
	EXIT_NETWORK = 4,          /* transport error or timeout, or an action's outcome unknown */
	EXIT_RESPONSE = 5,         /* unusable response */
	EXIT_OUTPUT = 6,           /* the output could not be written */
	EXIT_AUDIT = 7,            /* a pass or refuse went through, but its outcome line is not in the audit log */
};

enum outcome_kind {
	OUTCOME_OK,
	OUTCOME_REFUSED,           /* the server said no with an API error code */
	OUTCOME_UNKNOWN,           /* it may have reached the server, and no decisive answer came */
	OUTCOME_NOT_SENT,          /* nothing of it reached the server */
};

/* Why, where the kind alone does not say enough for the exit code. */
enum outcome_cause {
	CAUSE_NONE,
	CAUSE_CREDENTIALS,         /* refused for the credentials, the signature or the clock */
	CAUSE_UNUSABLE,            /* an answer came that cannot be read */
	CAUSE_CANCELLED,           /* given up before anything was sent (quit, a signal) */
	CAUSE_LOCAL,               /* held back here: read-only, or the audit log cannot be written */
};

struct outcome {
	enum outcome_kind kind;
	enum outcome_cause cause;
	struct flow_result res;    /* parsed reply (status, requestId, code...) */
	char *message;             /* human text in the session language, sanitised; NULL on success */
	char *audit_error;         /* an action's outcome line could not be written: what became of it, and why */
};

/*
 * The kind and cause of a request's end. `answered`: an HTTP answer arrived and res holds what
 * was parsed of it; else `sent` says whether any of the request may have left, `began` whether
 * an answer had begun to arrive, `cancelled` whether it was given up. For a pass or refuse
 * (`action`) only a 4xx answer with an API error code is a refusal: any other error answer may
 * come after the gate was acted on.
 */
struct outcome_facts {
	bool action;
	bool answered;
	bool sent;
	bool began;
	bool cancelled;
	bool credentials;          /* the answer's code blames the credentials */
};
void outcome_classify(struct outcome *o, const struct outcome_facts *f);

/* "ok", "refused", "unknown" or "network-error": the audit log's and --json's word. */
const char *outcome_word(enum outcome_kind k);
/* The exit code of the command line. */
int outcome_exit_code(const struct outcome *o);
/* What happened, in words of the user's language: "ok", "rejected by the server", "outcome unknown", "not sent". */
const char *outcome_headline(enum outcome_kind k);

/*
 * The one line that tells what became of a request, in the user's language and punctuation:
 * "WHAT: HEADLINE, HTTP n, CODE, requestId=ID". The HTTP part only when an answer came
 * (http_status > 0), the code only when non-empty, the requestId only when not NULL. Not
 * sanitised: the caller sanitises where it shows it.
 */
char *outcome_line(const char *what, const char *headline, long http_status, const char *code,
                   const char *request_id);
/*
 * The line that tells why a read failed, in the same words and punctuation: "MESSAGE (CODE, HTTP n,
 * requestId=ID)", each fact on the same terms as above; the message alone when none is known. The HTTP status
 * is left out of the facts when the message names it already ("… (HTTP 503) …"). Not sanitised.
 */
char *outcome_read_line(const char *message, long http_status, const char *code, const char *request_id);

/* An outcome held back before sending, with why in words (copied). */
void outcome_local(struct outcome *o, const char *why);
void outcome_free(struct outcome *o);

#endif
