#include "config.h"

#include "net/sign.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "util/i18n.h"
#include "util/urlenc.h"
#include "util/xalloc.h"

/* ---- small byte helpers (ASCII only, so no locale can change a signature) ----------------- */

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static bool ascii_equal_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ascii_lower(*a) != ascii_lower(*b))
			return false;
	return *a == *b;
}

static void hex_encode(char *out, const unsigned char *in, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

/* A piece of a header value with the surrounding white space cut off. */
struct span {
	const char *s;
	size_t n;
};

static struct span trimmed(const char *s)
{
	struct span v = { s ? s : "", 0 };
	while (ascii_space(*v.s))
		v.s++;
	v.n = strlen(v.s);
	while (v.n && ascii_space(v.s[v.n - 1]))
		v.n--;
	return v;
}

static int span_cmp(struct span a, struct span b)
{
	int c = memcmp(a.s, b.s, a.n < b.n ? a.n : b.n);
	if (c)
		return c;
	return (a.n > b.n) - (a.n < b.n);
}

static void put_span(struct strbuf *out, struct span v)
{
	strbuf_append(out, v.s, v.n);
}

/* ---- crypto -------------------------------------------------------------------------------- */

static void crypto_fail(const char *what)
{
	fprintf(stderr, _("flowgate: cryptography failed: %s\n"), what);
	abort();
}

void sign_sha256_hex(char hex[65], const void *data, size_t n)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	if (!EVP_Digest(data, n, md, &len, EVP_sha256(), NULL))
		crypto_fail("SHA-256");
	hex_encode(hex, md, len);
}

static unsigned int hmac(unsigned char md[EVP_MAX_MD_SIZE], const EVP_MD *type,
                         const char *secret, const char *msg)
{
	size_t klen = strlen(secret);
	unsigned int len = 0;
	if (klen > INT_MAX)
		crypto_fail(_("HMAC key too long"));
	if (!HMAC(type, secret, (int)klen, (const unsigned char *)msg, strlen(msg), md, &len))
		crypto_fail("HMAC");
	return len;
}

/*
 * From the kernel, not RAND_bytes(): setting up libcrypto's random generator for these 16 bytes
 * was a quarter of the instructions of a whole command-line run (bench/RESULTS.md).
 */
void sign_nonce(char hex[33])
{
	unsigned char raw[16];
	if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
		crypto_fail(_("random nonce"));
	hex_encode(hex, raw, sizeof raw);
}

/* ---- dates --------------------------------------------------------------------------------- */

static struct tm utc(time_t t)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm)) {
		time_t epoch = 0;
		gmtime_r(&epoch, &tm);
	}
	return tm;
}

void sign_date_v3(char out[21], time_t t)
{
	struct tm tm = utc(t);
	/* The modulos bound each field for the compiler; gmtime's fields are already in range. */
	snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)(tm.tm_year + 1900) % 10000u,
	         (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
	         (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}

void sign_date_v1(char out[30], time_t t)
{
	/* RFC 1123 names are English whatever the locale, so strftime's %a/%b won't do. */
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm = utc(t);
	snprintf(out, 30, "%s, %02u %s %04u %02u:%02u:%02u GMT", days[tm.tm_wday], (unsigned)tm.tm_mday % 100u,
	         months[tm.tm_mon], (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)tm.tm_hour % 100u,
	         (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}

/* ---- the query ----------------------------------------------------------------------- */

static const char *kv_value(const struct sign_kv *kv)
{
	return kv->value ? kv->value : "";
}

static int kv_cmp(const void *a, const void *b)
{
	const struct sign_kv *x = *(const struct sign_kv *const *)a;
	const struct sign_kv *y = *(const struct sign_kv *const *)b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(kv_value(x), kv_value(y));
}

/* The official utils sort the raw keys (strcmp compares bytes as unsigned char). */
static const struct sign_kv **query_sorted(const struct sign_kv *query, size_t n)
{
	const struct sign_kv **sorted = xcalloc(n, sizeof *sorted);
	for (size_t i = 0; i < n; i++)
		sorted[i] = &query[i];
	qsort(sorted, n, sizeof *sorted, kv_cmp);
	return sorted;
}

static void v3_canonical_query(struct strbuf *out, const struct sign_kv *query, size_t n)
{
	const struct sign_kv **sorted = query_sorted(query, n);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_putc(out, '&');
		urlenc_encode(out, sorted[i]->key);
		strbuf_putc(out, '=');
		urlenc_encode(out, kv_value(sorted[i]));
	}
	free(sorted);
}

/* ROA v1 signs the raw pairs, and a key with an empty value stands alone (Go and Java utils). */
static void v1_canonical_resource(struct strbuf *out, const char *path,
                                  const struct sign_kv *query, size_t n)
{
	strbuf_puts(out, path);
	if (!n)
		return;
	const struct sign_kv **sorted = query_sorted(query, n);
	for (size_t i = 0; i < n; i++) {
		strbuf_putc(out, i ? '&' : '?');
		strbuf_puts(out, sorted[i]->key);
		if (*kv_value(sorted[i])) {
			strbuf_putc(out, '=');
			strbuf_puts(out, sorted[i]->value);
		}
	}
	free(sorted);
}

/* ---- canonical headers --------------------------------------------------------------------- */

struct canon_header {
	char *name;   /* lower-cased copy */
	struct span value;
};

static bool is_acs_header(const char *lower_name)
{
	return strncmp(lower_name, "x-acs-", 6) == 0;
}

static bool is_v3_signed_header(const char *lower_name)
{
	return is_acs_header(lower_name) || strcmp(lower_name, "host") == 0 ||
	       strcmp(lower_name, "content-type") == 0;
}

static char *lower_copy(const char *s)
{
	char *copy = xstrdup(s);
	for (char *p = copy; *p; p++)
		*p = ascii_lower(*p);
	return copy;
}

static int canon_cmp(const void *a, const void *b)
{
	const struct canon_header *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : span_cmp(x->value, y->value);
}

/*
 * Appends "name:value\n" for each header the filter selects, sorted by name; a name sent twice
 * gets its sorted values joined by "," as the official utils do. `names` (if not NULL)
 * receives the distinct names joined by ";".
 */
static void canonical_headers(struct strbuf *out, struct strbuf *names,
                              const struct sign_kv *headers, size_t n,
                              bool (*selected)(const char *lower_name))
{
	struct canon_header *c = xcalloc(n, sizeof *c);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		char *name = lower_copy(headers[i].key);
		if (!selected(name)) {
			free(name);
			continue;
		}
		c[m++] = (struct canon_header){ name, trimmed(headers[i].value) };
	}
	qsort(c, m, sizeof *c, canon_cmp);
	for (size_t i = 0; i < m; i++) {
		bool first = i == 0 || strcmp(c[i].name, c[i - 1].name) != 0;
		bool last = i + 1 == m || strcmp(c[i].name, c[i + 1].name) != 0;
		if (first) {
			strbuf_printf(out, "%s:", c[i].name);
			if (names && names->len)
				strbuf_putc(names, ';');
			if (names)
				strbuf_puts(names, c[i].name);
		} else {
			strbuf_putc(out, ',');
		}
		put_span(out, c[i].value);
		if (last)
			strbuf_putc(out, '\n');
	}
	for (size_t i = 0; i < m; i++)
		free(c[i].name);
	free(c);
}

/* ---- V3 ------------------------------------------------------------------------------------ */

void sign_v3_canonical_request(struct strbuf *out, struct strbuf *signed_headers,
                               const char *method, const char *path,
                               const struct sign_kv *query, size_t nquery,
                               const struct sign_kv *headers, size_t nheaders,
                               const char *payload_sha256_hex)
{
	strbuf_reset(signed_headers);
	strbuf_printf(out, "%s\n%s\n", method, path);
	v3_canonical_query(out, query, nquery);
	strbuf_putc(out, '\n');
	canonical_headers(out, signed_headers, headers, nheaders, is_v3_signed_header);
	strbuf_printf(out, "\n%s\n%s", strbuf_cstr(signed_headers), payload_sha256_hex);
}

void sign_v3_string_to_sign(struct strbuf *out, const char *canonical_request)
{
	char hex[65];
	sign_sha256_hex(hex, canonical_request, strlen(canonical_request));
	strbuf_printf(out, "ACS3-HMAC-SHA256\n%s", hex);
}

void sign_v3_signature(char hex[65], const char *secret, const char *string_to_sign)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = hmac(md, EVP_sha256(), secret, string_to_sign);
	hex_encode(hex, md, len);
	xwipe(md, sizeof md);
}

/* ---- ROA v1 -------------------------------------------------------------------------------- */

static struct span header_value(const struct sign_kv *headers, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_equal_nocase(headers[i].key, name))
			return trimmed(headers[i].value);
	return trimmed(NULL);
}

void sign_v1_string_to_sign(struct strbuf *out, const char *method, const char *path,
                            const struct sign_kv *query, size_t nquery,
                            const struct sign_kv *headers, size_t nheaders)
{
	static const char *const lines[] = { "accept", "content-md5", "content-type", "date" };
	strbuf_printf(out, "%s\n", method);
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		put_span(out, header_value(headers, nheaders, lines[i]));
		strbuf_putc(out, '\n');
	}
	canonical_headers(out, NULL, headers, nheaders, is_acs_header);
	v1_canonical_resource(out, path, query, nquery);
}

void sign_v1_signature(char b64[29], const char *secret, const char *string_to_sign)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = hmac(md, EVP_sha1(), secret, string_to_sign);
	EVP_EncodeBlock((unsigned char *)b64, md, (int)len);
	xwipe(md, sizeof md);
}

/* ---- whole requests ------------------------------------------------------------------------ */

/* Takes ownership of `value`. */
static void headers_put(struct sign_headers *hs, const char *name, char *value)
{
	if (hs->n >= SIGN_MAX_HEADERS)
		abort();
	hs->h[hs->n].name = name;
	hs->h[hs->n].value = value;
	hs->n++;
}

static void headers_add(struct sign_headers *hs, const char *name, const char *value)
{
	headers_put(hs, name, xstrdup(value));
}

static size_t headers_as_kv(const struct sign_headers *hs, struct sign_kv kv[SIGN_MAX_HEADERS])
{
	for (size_t i = 0; i < hs->n; i++)
		kv[i] = (struct sign_kv){ hs->h[i].name, hs->h[i].value };
	return hs->n;
}

static void headers_add_identity(struct sign_headers *hs, const struct sign_input *in)
{
	headers_add(hs, "host", in->host);
	headers_add(hs, "x-acs-action", in->action);
	headers_add(hs, "x-acs-version", in->api_version);
}

static bool has_sts(const struct sign_input *in)
{
	return in->sts_token && *in->sts_token;
}

static char *v3_authorization(const struct sign_input *in, const struct sign_headers *hs)
{
	struct sign_kv kv[SIGN_MAX_HEADERS];
	size_t n = headers_as_kv(hs, kv);
	struct strbuf canonical = STRBUF_INIT, names = STRBUF_INIT, to_sign = STRBUF_INIT;
	char sig[65];

	sign_v3_canonical_request(&canonical, &names, in->method, in->path, in->query, in->nquery,
	                          kv, n, SIGN_EMPTY_SHA256);
	sign_v3_string_to_sign(&to_sign, strbuf_cstr(&canonical));
	sign_v3_signature(sig, in->ak_secret, strbuf_cstr(&to_sign));
	char *auth = xasprintf("ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=%s,Signature=%s",
	                       in->ak_id, strbuf_cstr(&names), sig);
	xwipe(sig, sizeof sig);
	strbuf_free_secret(&canonical);
	strbuf_free(&names);
	strbuf_free(&to_sign);
	return auth;
}

static char *v1_authorization(const struct sign_input *in, const struct sign_headers *hs)
{
	struct sign_kv kv[SIGN_MAX_HEADERS];
	size_t n = headers_as_kv(hs, kv);
	struct strbuf to_sign = STRBUF_INIT;
	char sig[29];

	sign_v1_string_to_sign(&to_sign, in->method, in->path, in->query, in->nquery, kv, n);
	sign_v1_signature(sig, in->ak_secret, strbuf_cstr(&to_sign));
	char *auth = xasprintf("acs %s:%s", in->ak_id, sig);
	xwipe(sig, sizeof sig);
	strbuf_free_secret(&to_sign);
	return auth;
}

static void request_v3(const struct sign_input *in, const char *nonce, time_t now,
                       struct sign_headers *out)
{
	char date[21];
	sign_date_v3(date, now);
	headers_add_identity(out, in);
	headers_add(out, "x-acs-date", date);
	headers_add(out, "x-acs-signature-nonce", nonce);
	headers_add(out, "x-acs-content-sha256", SIGN_EMPTY_SHA256);
	headers_add(out, "accept", "application/json");
	if (has_sts(in)) {
		headers_add(out, "x-acs-security-token", in->sts_token);
		headers_add(out, "x-acs-accesskey-id", in->ak_id);
	}
	headers_put(out, "authorization", v3_authorization(in, out));
}

static void request_v1(const struct sign_input *in, const char *nonce, time_t now,
                       struct sign_headers *out)
{
	char date[30];
	sign_date_v1(date, now);
	headers_add(out, "date", date);
	headers_add(out, "accept", "application/json");
	headers_add_identity(out, in);
	headers_add(out, "x-acs-signature-nonce", nonce);
	headers_add(out, "x-acs-signature-method", "HMAC-SHA1");
	headers_add(out, "x-acs-signature-version", "1.0");
	if (has_sts(in))
		headers_add(out, "x-acs-security-token", in->sts_token);
	headers_put(out, "authorization", v1_authorization(in, out));
}

void sign_request(const struct sign_input *in, struct sign_headers *out)
{
	char fresh[33];
	const char *nonce = in->nonce;
	time_t now = in->now ? in->now : time(NULL);

	out->n = 0;
	if (!nonce) {
		sign_nonce(fresh);
		nonce = fresh;
	}
	if (in->version == SIGN_V1)
		request_v1(in, nonce, now, out);
	else
		request_v3(in, nonce, now, out);
}

void sign_headers_free(struct sign_headers *hs)
{
	if (!hs)
		return;
	for (size_t i = 0; i < hs->n; i++) {
		xfree_secret(hs->h[i].value);
		hs->h[i].value = NULL;
	}
	hs->n = 0;
}
