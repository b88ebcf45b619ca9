#ifndef FLOWGATE_MOCK_REPLY_H
#define FLOWGATE_MOCK_REPLY_H
/*
 * The answer the mock sends, in the two shapes the real service uses: the API envelope
 * {requestId, success, errorCode, errorMessage, ...} and the gateway error
 * {RequestId, HostId, Code, Message, Recommend}.
 */

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "util/strbuf.h"

struct reply {
	int status;
	struct strbuf body;
	const char *content_type;   /* not owned: a literal or the scenario's */
	char request_id[64];        /* set by the caller before building */
	char *code;                 /* the error code for the log; NULL on success */
};

/* `payload`'s members follow the envelope; it is consumed (NULL: envelope only). */
void reply_api_ok(struct reply *r, cJSON *payload, bool junk_on_success);
void reply_api_error(struct reply *r, int status, const char *code, const char *message);
void reply_gateway_error(struct reply *r, int status, const char *code, const char *message,
                         const char *host_id);
void reply_raw(struct reply *r, int status, const char *body, const char *content_type);
/* Grows a JSON object body to about `mb` MiB with a filler member; other bodies get filler bytes. */
void reply_pad(struct reply *r, int mb);
void reply_free(struct reply *r);

#endif
