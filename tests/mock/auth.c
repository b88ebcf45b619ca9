#include "config.h"

#include "auth.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

#define API_VERSION "2021-06-25"
#define V3_PREFIX "ACS3-HMAC-SHA256 "
#define V1_PREFIX "acs "
#define DATE_WINDOW_SECONDS (15 * 60)

static const char TEXT_INCOMPLETE[] = "The request signature does not conform to Aliyun standards.";

/* ---- nonces: an open-addressing set of every nonce accepted so far ------------------------ */

struct auth_nonces {
	char **slot;
	size_t cap, n;
};

struct auth_nonces *auth_nonces_new(void)
{
	struct auth_nonces *ns = xcalloc(1, sizeof *ns);
	ns->cap = 1024;
	ns->slot = xcalloc(ns->cap, sizeof *ns->slot);
	return ns;
}

void auth_nonces_free(struct auth_nonces *ns)
{
	if (!ns)
		return;
	for (size_t i = 0; i < ns->cap; i++)
		free(ns->slot[i]);
	free(ns->slot);
	free(ns);
}

static size_t nonce_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

static char **nonce_slot(struct auth_nonces *ns, const char *nonce)
{
	size_t i = nonce_hash(nonce) & (ns->cap - 1);
	while (ns->slot[i] && strcmp(ns->slot[i], nonce) != 0)
		i = (i + 1) & (ns->cap - 1);
	return &ns->slot[i];
}

static void nonce_grow(struct auth_nonces *ns)
{
	struct auth_nonces bigger = { xcalloc(ns->cap * 2, sizeof (char *)), ns->cap * 2, ns->n };
	for (size_t i = 0; i < ns->cap; i++)
		if (ns->slot[i])
			*nonce_slot(&bigger, ns->slot[i]) = ns->slot[i];
	free(ns->slot);
	*ns = bigger;
}

/* True when the nonce is new (and now remembered). */
static bool nonce_remember(struct auth_nonces *ns, const char *nonce)
{
	char **slot = nonce_slot(ns, nonce);
	if (*slot)
		return false;
	*slot = xstrdup(nonce);
	if (++ns->n * 2 > ns->cap)
		nonce_grow(ns);
	return true;
}

/* ---- helpers ------------------------------------------------------------------------------ */

const char *auth_header(const struct sign_kv *headers, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(headers[i].key, name) == 0)
			return headers[i].value;
	return NULL;
}

static const char *header(const struct auth_request *rq, const char *name)
{
	return auth_header(rq->headers, rq->nheaders, name);
}

__attribute__((format(printf, 4, 5)))
static bool deny(struct auth_failure *out, int status, const char *code, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	out->status = status;
	out->code = code;
	free(out->message);
	out->message = strbuf_detach(&sb);
	return false;
}

void auth_failure_free(struct auth_failure *f)
{
	if (!f)
		return;
	free(f->message);
	free(f->canonical);
	f->message = f->canonical = NULL;
}

/* What the Authorization header claims. */
struct claim {
	enum sign_version version;
	char *ak_id;
	char *signed_headers;   /* V3 only */
	char *signature;
};

static void claim_free(struct claim *c)
{
	free(c->ak_id);
	free(c->signed_headers);
	free(c->signature);
}

/* "Credential=…,SignedHeaders=…,Signature=…", in any order, spaces allowed after commas. */
static bool parse_v3(struct claim *c, const char *s)
{
	static const char *const keys[] = { "Credential=", "SignedHeaders=", "Signature=" };
	char **slots[] = { &c->ak_id, &c->signed_headers, &c->signature };
	while (*s) {
		s += strspn(s, " ");
		size_t len = strcspn(s, ",");
		for (size_t k = 0; k < 3; k++) {
			size_t kl = strlen(keys[k]);
			if (len >= kl && strncmp(s, keys[k], kl) == 0 && !*slots[k])
				*slots[k] = xstrndup(s + kl, len - kl);
		}
		s += len + (s[len] == ',');
	}
	return c->ak_id && *c->ak_id && c->signed_headers && c->signature;
}

static bool parse_v1(struct claim *c, const char *s)
{
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s || !colon[1])
		return false;
	c->ak_id = xstrndup(s, (size_t)(colon - s));
	c->signature = xstrdup(colon + 1);
	return true;
}

static bool parse_claim(struct claim *c, const char *authz)
{
	memset(c, 0, sizeof *c);
	if (strncmp(authz, V3_PREFIX, strlen(V3_PREFIX)) == 0) {
		c->version = SIGN_V3;
		return parse_v3(c, authz + strlen(V3_PREFIX));
	}
	if (strncmp(authz, V1_PREFIX, strlen(V1_PREFIX)) == 0) {
		c->version = SIGN_V1;
		return parse_v1(c, authz + strlen(V1_PREFIX));
	}
	return false;
}

static bool parse_date(const char *s, enum sign_version v, time_t *out)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (v == SIGN_V3) {
		int used = 0;
		if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		           &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &used) != 6 || s[used] != '\0')
			return false;
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
	} else {
		const char *end = strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		if (!end || *end)
			return false;
	}
	*out = timegm(&tm);
	return *out != (time_t)-1;
}

/* ---- the checks, in the order a gateway makes them ---------------------------------------- */

static bool check_api(const struct auth_request *rq, struct auth_failure *out)
{
	const char *version = header(rq, "x-acs-version");
	const char *action = header(rq, "x-acs-action");
	if (!version || strcmp(version, API_VERSION) != 0)
		return deny(out, 400, "InvalidVersion", "Specified parameter Version is not valid.");
	if (!action || strcmp(action, rq->action) != 0)
		return deny(out, 400, "InvalidAction.Mismatch",
		            "Specified action does not match the requested API: %s %s is %s.",
		            rq->method, rq->path, rq->action);
	return true;
}

static bool check_token(const struct mock_credential *cred, const struct auth_request *rq,
                        struct auth_failure *out)
{
	const char *token = header(rq, "x-acs-security-token");
	if (!cred->token)
		return true;
	if (!token || strcmp(token, cred->token) != 0)
		return deny(out, 400, "InvalidSecurityToken.MismatchWithAccessKey",
		            "Specified SecurityToken mismatch with the AccessKey.");
	if (cred->token_expired)
		return deny(out, 403, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.");
	return true;
}

static bool check_date(enum sign_version v, const struct auth_request *rq, struct auth_failure *out)
{
	const char *name = v == SIGN_V3 ? "x-acs-date" : "date";
	const char *value = header(rq, name);
	time_t t;
	if (!value)
		return deny(out, 400, "IncompleteSignature", "%s The %s header is missing.",
		            TEXT_INCOMPLETE, name);
	if (!parse_date(value, v, &t))
		return deny(out, 400, "InvalidTimeStamp.Format",
		            "Specified time stamp or date value is not well formatted.");
	if (t < rq->now - DATE_WINDOW_SECONDS || t > rq->now + DATE_WINDOW_SECONDS)
		return deny(out, 400, "InvalidTimeStamp.Expired",
		            "Specified time stamp or date value is expired.");
	return true;
}

/* Recomputes the signature; on a mismatch the answer carries the server's string-to-sign. */
static bool check_signature(const struct claim *c, const char *secret,
                            const struct auth_request *rq, struct auth_failure *out)
{
	struct strbuf canon = STRBUF_INIT, names = STRBUF_INIT, sts = STRBUF_INIT;
	bool same;
	if (c->version == SIGN_V3) {
		char body_hash[65], sig[65];
		sign_sha256_hex(body_hash, rq->body, rq->body_len);
		sign_v3_canonical_request(&canon, &names, rq->method, rq->path, rq->query, rq->nquery,
		                          rq->headers, rq->nheaders, body_hash);
		sign_v3_string_to_sign(&sts, strbuf_cstr(&canon));
		sign_v3_signature(sig, secret, strbuf_cstr(&sts));
		same = strcmp(sig, c->signature) == 0 && strcmp(strbuf_cstr(&names), c->signed_headers) == 0;
	} else {
		char sig[29];
		sign_v1_string_to_sign(&sts, rq->method, rq->path, rq->query, rq->nquery, rq->headers,
		                       rq->nheaders);
		sign_v1_signature(sig, secret, strbuf_cstr(&sts));
		same = strcmp(sig, c->signature) == 0;
		strbuf_puts(&canon, strbuf_cstr(&sts));
	}
	if (!same) {
		deny(out, 400, "SignatureDoesNotMatch",
		     "Specified signature does not match our calculation. server string to sign is:%s",
		     strbuf_cstr(&sts));
		out->canonical = strbuf_detach(&canon);
	}
	strbuf_free(&canon);
	strbuf_free(&names);
	strbuf_free(&sts);
	return same;
}

static bool check_claim(const struct claim *c, const struct mock_scenario *sc,
                        struct auth_nonces *nonces, const struct auth_request *rq,
                        struct auth_failure *out)
{
	const struct mock_credential *cred = scenario_credential(sc, c->ak_id);
	const char *nonce = header(rq, "x-acs-signature-nonce");
	if (!cred)
		return deny(out, 404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
	if (!check_token(cred, rq, out) || !check_date(c->version, rq, out))
		return false;
	if (!nonce || !*nonce)
		return deny(out, 400, "IncompleteSignature", "%s The x-acs-signature-nonce header is missing.",
		            TEXT_INCOMPLETE);
	if (!check_signature(c, cred->ak_secret, rq, out))
		return false;
	if (!nonce_remember(nonces, nonce))
		return deny(out, 400, "SignatureNonceUsed", "Specified signature nonce was used already.");
	return true;
}

bool auth_check(const struct mock_scenario *sc, struct auth_nonces *nonces,
                const struct auth_request *rq, struct auth_failure *out)
{
	const char *authz = header(rq, "authorization");
	struct claim c;
	memset(out, 0, sizeof *out);
	if (!authz)
		return deny(out, 400, "IncompleteSignature", "%s The Authorization header is missing.",
		            TEXT_INCOMPLETE);
	if (!check_api(rq, out))
		return false;
	bool ok = parse_claim(&c, authz)
	          ? check_claim(&c, sc, nonces, rq, out)
	          : deny(out, 400, "IncompleteSignature", "%s The Authorization header is malformed.",
	                 TEXT_INCOMPLETE);
	claim_free(&c);
	return ok;
}

bool auth_token_check(const struct mock_scenario *sc, const struct sign_kv *headers, size_t n,
                      struct auth_failure *out)
{
	const char *sent = auth_header(headers, n, "x-yunxiao-token");
	const struct mock_token *t = sent ? scenario_token(sc, sent) : NULL;
	memset(out, 0, sizeof *out);
	if (!sent)
		return deny(out, 401, "Unauthorized", "Unauthorized");
	if (!t)
		return deny(out, 401, "InvalidTokenError", "Token is invalid");
	if (t->expired)
		return deny(out, 401, "ExpiredTokenError", "Token has expired");
	return true;
}
