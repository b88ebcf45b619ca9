#ifndef FLOWGATE_MOCK_AUTH_H
#define FLOWGATE_MOCK_AUTH_H
/*
 * The gateway's checks of a signed classic request: the signature is recomputed from the request
 * as received, with the project's own signing code and the scenario's credentials. And the token
 * API's check of its x-yunxiao-token header against the scenario's tokens.
 */

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "net/sign.h"
#include "scenario.h"

struct auth_nonces;

struct auth_nonces *auth_nonces_new(void);
void auth_nonces_free(struct auth_nonces *ns);

struct auth_request {
	const char *method;
	const char *path;                  /* as sent, still encoded */
	const struct sign_kv *query;       /* decoded */
	size_t nquery;
	const struct sign_kv *headers;     /* as received */
	size_t nheaders;
	const void *body;
	size_t body_len;
	const char *action;                /* the operation the path and method name */
	time_t now;                        /* the mock's clock, skew included */
};

struct auth_failure {
	int status;
	const char *code;
	char *message;
	char *canonical;                   /* the server's canonical request or string-to-sign */
};

/* Returns true when the request is authentic; else `out` holds the gateway's answer. */
bool auth_check(const struct mock_scenario *sc, struct auth_nonces *nonces,
                const struct auth_request *rq, struct auth_failure *out);
void auth_failure_free(struct auth_failure *f);

/* Returns true when x-yunxiao-token names a current token; else `out` holds the 401 to answer. */
bool auth_token_check(const struct mock_scenario *sc, const struct sign_kv *headers, size_t n,
                      struct auth_failure *out);

/* The value of header `name` (any case), or NULL. */
const char *auth_header(const struct sign_kv *headers, size_t n, const char *name);

#endif
