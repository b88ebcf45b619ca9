#ifndef FLOWGATE_NET_SIGN_H
#define FLOWGATE_NET_SIGN_H
/*
 * Alibaba Cloud request signing: V3 (ACS3-HMAC-SHA256) and ROA v1 (HMAC-SHA1).
 * Pure functions over strings, shared by the client and by the test server that verifies them.
 */

#include <stddef.h>
#include <time.h>

#include "util/strbuf.h"

enum sign_version { SIGN_V3, SIGN_V1 };

struct sign_kv {
	const char *key;
	const char *value;
};

#define SIGN_EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

void sign_sha256_hex(char hex[65], const void *data, size_t n);
void sign_nonce(char hex[33]);                    /* 16 random bytes as hex */
void sign_date_v3(char out[21], time_t t);        /* 2025-06-10T08:00:00Z */
void sign_date_v1(char out[30], time_t t);        /* Tue, 10 Jun 2025 08:00:00 GMT */

/*
 * V3. `headers` are all the headers that are sent, names in any case; host, content-type and
 * x-acs-* are signed. `query` values are raw (not yet encoded). `signed_headers` receives the
 * ";"-joined names.
 */
void sign_v3_canonical_request(struct strbuf *out, struct strbuf *signed_headers,
                               const char *method, const char *path,
                               const struct sign_kv *query, size_t nquery,
                               const struct sign_kv *headers, size_t nheaders,
                               const char *payload_sha256_hex);
void sign_v3_string_to_sign(struct strbuf *out, const char *canonical_request);
void sign_v3_signature(char hex[65], const char *secret, const char *string_to_sign);

/* ROA v1. `path` as sent; query values raw and unencoded in the resource, per the official util. */
void sign_v1_string_to_sign(struct strbuf *out, const char *method, const char *path,
                            const struct sign_kv *query, size_t nquery,
                            const struct sign_kv *headers, size_t nheaders);
void sign_v1_signature(char b64[29], const char *secret, const char *string_to_sign);

/* Everything a request needs to be signed. `nonce` and `now` are fixed in tests, else NULL/0. */
struct sign_input {
	enum sign_version version;
	const char *method;
	const char *host;          /* host[:port] exactly as in the Host header */
	const char *path;          /* percent-encoded, as sent */
	const struct sign_kv *query;
	size_t nquery;
	const char *action;        /* x-acs-action */
	const char *api_version;   /* x-acs-version, "2021-06-25" */
	const char *ak_id;
	const char *ak_secret;
	const char *sts_token;     /* NULL or "" when not STS */
	const char *nonce;         /* NULL: a fresh random nonce */
	time_t now;                /* 0: the current time */
};

#define SIGN_MAX_HEADERS 12

struct sign_header {
	const char *name;          /* static string, lower-case */
	char *value;
};

struct sign_headers {
	struct sign_header h[SIGN_MAX_HEADERS];
	size_t n;
};

/* Produces every header to send, Authorization last. sign_headers_free() wipes and frees. */
void sign_request(const struct sign_input *in, struct sign_headers *out);
void sign_headers_free(struct sign_headers *hs);

#endif
