#ifndef FLOWGATE_MOCK_REPLY_H
#define FLOWGATE_MOCK_REPLY_H
/*
 * The answer the mock sends, in the shapes the real services use: the classic API envelope
 * {requestId, success, errorCode, errorMessage, ...}, the gateway error
 * {RequestId, HostId, Code, Message, Recommend}, and the token API's bare bodies and its error
 * {errorCode, errorMessage, requestId, traceId}.
 */

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "util/strbuf.h"

/* Which API a request spoke, and so the shapes of its answers (API.md §2 and §6). */
enum mock_api {
	MOCK_API_CLASSIC,          /* AccessKey-signed, enveloped bodies */
	MOCK_API_YUNXIAO,          /* x-yunxiao-token, bare bodies */
};

#define REPLY_MAX_HEADERS 4

struct reply_header {
	const char *name;           /* a literal */
	char value[32];
};

struct reply {
	int status;
	struct strbuf body;
	const char *content_type;   /* not owned: a literal or the scenario's */
	char request_id[64];        /* set by the caller before building */
	char *code;                 /* the error code for the log; NULL on success */
	/* extra headers; a new body drops them, so they belong to the body built before them */
	struct reply_header headers[REPLY_MAX_HEADERS];
	size_t nheaders;
};

/* `payload`'s members follow the envelope; it is consumed (NULL: envelope only). */
void reply_api_ok(struct reply *r, cJSON *payload, bool junk_on_success);
void reply_api_error(struct reply *r, int status, const char *code, const char *message);
void reply_gateway_error(struct reply *r, int status, const char *code, const char *message,
                         const char *host_id);
void reply_raw(struct reply *r, int status, const char *body, const char *content_type);
/* The token API: `body` (consumed) is the whole answer, with status 200. */
void reply_token_ok(struct reply *r, cJSON *body);
void reply_token_error(struct reply *r, int status, const char *code, const char *message);
/* An API error in the shape of `api`: the classic envelope or the token API's error. */
void reply_error(struct reply *r, enum mock_api api, int status, const char *code, const char *message);
void reply_header(struct reply *r, const char *name, long long value);
/* Grows a JSON object body to about `mb` MiB with a filler member; other bodies get filler bytes. */
void reply_pad(struct reply *r, int mb);
void reply_free(struct reply *r);

#endif
