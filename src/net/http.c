#include "config.h"

#include "net/http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/clock.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/urlenc.h"
#include "util/xalloc.h"

/* The endpoint once checked. */
struct endpoint {
	bool https;
	bool loopback;
	char *base;                /* scheme://host[:port]: every URL starts with it */
	char *host;                /* host[:port] as in the URL: Host header and signed host */
	char *peer;                /* host:port, port always present: for messages */
};

struct transfer {
	struct net_http *h;
	struct transfer *next;
	CURL *easy;
	struct curl_slist *headers;
	struct flow_request req;   /* the caller's request, copied */
	char *method;              /* owned storage behind req.method and req.action */
	char *action;
	char *target;              /* path and query as sent */
	net_done_fn done;
	void *user;
	struct net_response resp;
	bool too_large;
	bool transient;            /* the last try failed in a way another try may not */
	int64_t started_ms;        /* the first try (monotonic) */
	int64_t deadline_ms;       /* every try ends by then (running_ms); 0: no limit */
	unsigned attempt;          /* tries made, this one included */
	int64_t attempt_ms;        /* when this try started */
	long connect_ms;           /* the limit on connecting that messages name */
	unsigned sends;            /* times curl set out to send this try */
	bool waiting;              /* between tries: no curl handle until retry_at_ms */
	int64_t retry_at_ms;
	char errbuf[CURL_ERROR_SIZE];
};

struct net_http {
	CURLM *multi;              /* owns the connection cache: keep-alive across requests */
	struct endpoint ep;
	enum flow_backend backend;
	enum sign_version signature;
	char *ak_id;
	char *ak_secret;
	char *sts_token;
	char *token;
	long timeout_ms;
	long connect_timeout_ms;
	FILE *verbose;
	struct net_retry retry;
	struct transfer *transfers;
	unsigned in_flight;
	struct net_stats stats;
	int64_t seen_ms;           /* monotonic ms when the caller last came or went */
	int64_t away_ms;           /* time the process was stopped, as far as it can tell */
};

/* Writes a message cut to fit: messages are for people, and a cut one beats none. */
__attribute__((format(printf, 3, 4)))
static void message_set(char *dst, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst, n, fmt, ap);
	va_end(ap);
}

/* ---- endpoint ------------------------------------------------------------------------------ */

static bool host_is_loopback(const char *name)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (strcasecmp(name, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, name, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, name, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

static bool host_name_valid(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '.')
			return false;
	return true;
}

/* Digits only, 1..65535. */
static bool port_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 5 || strspn(s, "0123456789") != n)
		return false;
	long v = strtol(s, NULL, 10);
	return v >= 1 && v <= 65535;
}

/*
 * Splits "host[:port]" (host possibly "[v6]") into the bare name and the port text.
 * 0, or -1 when malformed. *name is allocated.
 */
static int authority_split(const char *auth, char **name, const char **port)
{
	const char *colon;

	if (auth[0] == '[') {
		const char *close = strchr(auth, ']');
		if (!close || (close[1] != '\0' && close[1] != ':'))
			return -1;
		char *v6 = xstrndup(auth + 1, (size_t)(close - auth - 1));
		struct in6_addr a6;
		if (inet_pton(AF_INET6, v6, &a6) != 1) {
			free(v6);
			return -1;
		}
		*name = v6;
		colon = close[1] == ':' ? close + 1 : NULL;
	} else {
		colon = strchr(auth, ':');
		size_t n = colon ? (size_t)(colon - auth) : strlen(auth);
		if (!host_name_valid(auth, n))
			return -1;
		*name = xstrndup(auth, n);
	}
	*port = colon ? colon + 1 : NULL;
	if (*port && !port_valid(*port)) {
		free(*name);
		return -1;
	}
	return 0;
}

static void endpoint_clear(struct endpoint *ep)
{
	free(ep->base);
	free(ep->host);
	free(ep->peer);
	memset(ep, 0, sizeof *ep);
}

/* The endpoint text itself is never echoed: a mistyped one may carry a password. */
static int endpoint_parse(struct endpoint *ep, const char *s, char *err, size_t errlen)
{
	const char *rest;

	memset(ep, 0, sizeof *ep);
	if (!s || !*s) {
		message_set(err, errlen, "%s", _("no endpoint is set"));
		return -1;
	}
	if (strncasecmp(s, "https://", 8) == 0) {
		ep->https = true;
		rest = s + 8;
	} else if (strncasecmp(s, "http://", 7) == 0) {
		rest = s + 7;
	} else {
		message_set(err, errlen, "%s", _("the endpoint must start with https://"));
		return -1;
	}
	size_t n = strlen(rest);
	if (n > 0 && rest[n - 1] == '/')
		n--;
	if (memchr(rest, '@', n)) {
		message_set(err, errlen, "%s", _("the endpoint must not contain a user name or password"));
		return -1;
	}
	if (strcspn(rest, "/?#") < n) {
		message_set(err, errlen, "%s", _("the endpoint must be scheme://host[:port], without a path or query"));
		return -1;
	}
	char *auth = xstrndup(rest, n);
	char *name;
	const char *port;
	if (authority_split(auth, &name, &port) < 0) {
		free(auth);
		message_set(err, errlen, "%s", _("the endpoint's host or port is malformed"));
		return -1;
	}
	ep->loopback = host_is_loopback(name);
	free(name);
	if (!ep->https && !ep->loopback) {
		free(auth);
		message_set(err, errlen, "%s", _("plain http:// is allowed only for a loopback host "
					      "(127.0.0.1, ::1, localhost); use https://"));
		return -1;
	}
	ep->base = xasprintf("%s://%s", ep->https ? "https" : "http", auth);
	ep->peer = port ? xstrdup(auth) : xasprintf("%s:%s", auth, ep->https ? "443" : "80");
	ep->host = auth;
	return 0;
}

int net_endpoint_check(const char *url, char *err, size_t errlen)
{
	struct endpoint ep;
	int rc = endpoint_parse(&ep, url, err, errlen);
	endpoint_clear(&ep);
	return rc;
}

/* ---- responses ----------------------------------------------------------------------------- */

void net_response_free(struct net_response *r)
{
	if (!r)
		return;
	strbuf_free(&r->body);
}

void net_response_reply(const struct net_response *r, struct flow_reply *out)
{
	memset(out, 0, sizeof *out);
	out->http_status = r->http_status;
	out->body = strbuf_cstr(&r->body);
	out->body_len = r->body.len;
	out->request_id_header = r->request_id[0] ? r->request_id : NULL;
	out->retry_after_ms = r->retry_after_ms;
	out->next_page_header = r->next_page[0] ? r->next_page : NULL;
}

/* Header values are ids: anything that could drive a terminal becomes '?'. */
static void header_value_copy(char *dst, size_t cap, const char *v, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++)
		dst[i] = ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) ? '?' : v[i];
	dst[n] = '\0';
}

static bool header_name_is(const char *name, size_t n, const char *want)
{
	return strlen(want) == n && strncasecmp(name, want, n) == 0;
}

static void header_take(struct net_response *r, const char *name, size_t nlen,
                        const char *value, size_t vlen)
{
	if (header_name_is(name, nlen, "x-acs-request-id")) {
		header_value_copy(r->request_id, sizeof r->request_id, value, vlen);
	} else if (header_name_is(name, nlen, "x-next-page")) {
		header_value_copy(r->next_page, sizeof r->next_page, value, vlen);
	} else if (header_name_is(name, nlen, "x-acs-retry-after")) {
		char num[24];
		char *end;
		header_value_copy(num, sizeof num, value, vlen);
		long ms = strtol(num, &end, 10);
		r->retry_after_ms = (end != num && *end == '\0' && ms > 0) ? ms : 0;
	}
}

static size_t on_header(char *data, size_t size, size_t count, void *user)
{
	struct transfer *t = user;
	size_t len = size * count;

	/* A new status line (after a 1xx) starts a new set of headers. */
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		t->resp.request_id[0] = '\0';
		t->resp.next_page[0] = '\0';
		t->resp.retry_after_ms = 0;
		return len;
	}
	const char *colon = memchr(data, ':', len);
	if (!colon)
		return len;
	const char *v = colon + 1, *end = data + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
		end--;
	header_take(&t->resp, data, (size_t)(colon - data), v, (size_t)(end - v));
	return len;
}

static size_t on_body(char *data, size_t size, size_t count, void *user)
{
	struct transfer *t = user;
	size_t len = size * count;

	if (len > NET_MAX_BODY - t->resp.body.len) {
		t->too_large = true;
		return 0;
	}
	strbuf_append(&t->resp.body, data, len);
	return len;
}

/*
 * One line of --verbose output. It quotes what the server sent (the request-id header, curl's
 * words about the peer), so the whole line is sanitised like any other output.
 */
__attribute__((format(printf, 2, 3)))
static void verbose_note(const struct net_http *h, const char *fmt, ...)
{
	va_list ap;
	struct strbuf line = STRBUF_INIT;

	if (!h->verbose)
		return;
	va_start(ap, fmt);
	strbuf_vprintf(&line, fmt, ap);
	va_end(ap);
	char *clean = text_sanitize(line.buf, line.len, !text_locale_is_utf8());
	fprintf(h->verbose, "%s\n", clean);
	fflush(h->verbose);
	free(clean);
	strbuf_free(&line);
}

/* ---- request headers ----------------------------------------------------------------------- */

static void headers_free(struct curl_slist *list)
{
	for (struct curl_slist *s = list; s; s = s->next)
		xwipe(s->data, strlen(s->data));
	curl_slist_free_all(list);
}

/* An empty value is sent as "name;" (curl's spelling); "name:" alone removes curl's own header. */
static int header_add(struct curl_slist **list, const char *name, const char *value)
{
	char *line = value[0] ? xasprintf("%s: %s", name, value) : xasprintf("%s;", name);
	struct curl_slist *l = curl_slist_append(*list, line);
	xfree_secret(line);
	if (!l)
		return -1;
	*list = l;
	return 0;
}

static int header_remove(struct curl_slist **list, const char *name)
{
	char *line = xasprintf("%s:", name);
	struct curl_slist *l = curl_slist_append(*list, line);
	free(line);
	if (!l)
		return -1;
	*list = l;
	return 0;
}

static bool headers_have(const struct curl_slist *list, const char *name)
{
	size_t n = strlen(name);
	for (; list; list = list->next)
		if (strncasecmp(list->data, name, n) == 0 && (list->data[n] == ':' || list->data[n] == ';'))
			return true;
	return false;
}

static int headers_classic(const struct transfer *t, struct curl_slist **list)
{
	const struct net_http *h = t->h;
	struct sign_kv query[FLOW_MAX_QUERY];

	for (size_t i = 0; i < t->req.nquery; i++)
		query[i] = (struct sign_kv){ t->req.query[i].key, t->req.query[i].value };
	struct sign_input in = {
		.version = h->signature,
		.method = t->req.method,
		.host = h->ep.host,
		.path = t->req.path,
		.query = query,
		.nquery = t->req.nquery,
		.action = t->req.action,
		.api_version = FLOW_API_VERSION,
		.ak_id = h->ak_id,
		.ak_secret = h->ak_secret,
		.sts_token = h->sts_token,
	};
	struct sign_headers hs = { 0 };
	sign_request(&in, &hs);
	int rc = 0;
	for (size_t i = 0; i < hs.n && rc == 0; i++)
		rc = header_add(list, hs.h[i].name, hs.h[i].value);
	sign_headers_free(&hs);
	return rc;
}

static int headers_yunxiao(const struct transfer *t, struct curl_slist **list)
{
	if (header_add(list, "x-yunxiao-token", t->h->token) < 0)
		return -1;
	return header_add(list, "accept", "application/json");
}

/*
 * curl's own Accept and Content-Type would not be covered by the signature (v1 signs Accept,
 * v3 signs Content-Type when present), and Expect would add a round trip: only what we chose
 * is sent.
 */
static struct curl_slist *headers_build(const struct transfer *t)
{
	struct curl_slist *list = NULL;
	int rc = t->h->backend == FLOW_BACKEND_YUNXIAO ? headers_yunxiao(t, &list)
	                                                : headers_classic(t, &list);
	if (rc == 0 && !headers_have(list, "accept"))
		rc = header_remove(&list, "Accept");
	if (rc == 0 && !headers_have(list, "content-type"))
		rc = header_remove(&list, "Content-Type");
	if (rc == 0)
		rc = header_remove(&list, "Expect");
	if (rc < 0) {
		headers_free(list);
		return NULL;
	}
	return list;
}

/* ---- transfers ----------------------------------------------------------------------------- */

/*
 * Time limits count the time the process runs, not the time it was stopped (Ctrl-Z, SIGSTOP):
 * curl's own limit would count both, so curl gets none and the deadlines are ours. A stop shows
 * as a jump of the monotonic clock while the caller was away, between its calls or inside a
 * poll, of more than it could have taken: the poll's time-out, plus AWAY_SLACK_MS for a loaded
 * machine. An answer that arrived meanwhile is then read, and one still to come gets the rest
 * of its time.
 */
#define AWAY_SLACK_MS 250

/* The monotonic clock less the time stopped: what time limits are measured with. */
static int64_t running_ms(const struct net_http *h)
{
	return clock_monotonic_ms() - h->away_ms;
}

/* The caller comes back (or leaves); it may have been away up to `expected_ms` by its own doing. */
static void away_note(struct net_http *h, int64_t expected_ms)
{
	int64_t now = clock_monotonic_ms();
	int64_t stopped = now - h->seen_ms - expected_ms - AWAY_SLACK_MS;

	if (h->seen_ms && stopped > 0)
		h->away_ms += stopped;
	h->seen_ms = now;
}

static void transfer_free(struct transfer *t)
{
	if (!t)
		return;
	curl_easy_cleanup(t->easy);
	headers_free(t->headers);
	flow_request_free(&t->req);
	free(t->method);
	free(t->action);
	free(t->target);
	net_response_free(&t->resp);
	free(t);
}

static void transfer_link(struct net_http *h, struct transfer *t)
{
	t->next = h->transfers;
	h->transfers = t;
	h->in_flight++;
}

/* No-op when t is no longer listed (net_http_cancel_all detaches the list first). */
static void transfer_unlink(struct net_http *h, struct transfer *t)
{
	for (struct transfer **p = &h->transfers; *p; p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			h->in_flight--;
			return;
		}
	}
}

static int request_check(const struct net_http *h, const struct flow_request *req, char *err, size_t errlen)
{
	if (!req->method || (strcmp(req->method, "GET") != 0 && strcmp(req->method, "POST") != 0)) {
		message_set(err, errlen, "%s", _("unsupported request method"));
		return -1;
	}
	if (!req->path || req->path[0] != '/') {
		message_set(err, errlen, "%s", _("the request path must start with /"));
		return -1;
	}
	for (const char *p = req->path; *p; p++) {
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '?' || *p == '#') {
			message_set(err, errlen, "%s", _("the request path is not percent-encoded"));
			return -1;
		}
	}
	if (req->nquery > FLOW_MAX_QUERY) {
		message_set(err, errlen, "%s", _("too many query parameters"));
		return -1;
	}
	for (size_t i = 0; i < req->nquery; i++) {
		if (!req->query[i].key || !req->query[i].value) {
			message_set(err, errlen, "%s", _("a query parameter lacks its key or value"));
			return -1;
		}
	}
	if (req->backend != h->backend) {
		message_set(err, errlen, "%s", _("the request was built for the other backend"));
		return -1;
	}
	if (h->backend == FLOW_BACKEND_CLASSIC && !req->action) {
		message_set(err, errlen, "%s", _("the request has no action to sign"));
		return -1;
	}
	return 0;
}

static void request_copy(struct transfer *t, const struct flow_request *src)
{
	t->req = *src;
	t->method = xstrdup(src->method);
	t->action = xstrdup(src->action);
	t->req.method = t->method;
	t->req.action = t->action;
	t->req.path = xstrdup(src->path);
	for (size_t i = 0; i < src->nquery; i++) {
		t->req.query[i].key = xstrdup(src->query[i].key);
		t->req.query[i].value = xstrdup(src->query[i].value);
	}
}

/* The query is encoded exactly as the signature's canonical query encodes it. */
static char *target_build(const struct flow_request *req)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_puts(&sb, req->path);
	for (size_t i = 0; i < req->nquery; i++) {
		strbuf_putc(&sb, i ? '&' : '?');
		urlenc_encode(&sb, req->query[i].key);
		strbuf_putc(&sb, '=');
		urlenc_encode(&sb, req->query[i].value);
	}
	return strbuf_detach(&sb);
}

#if LIBCURL_VERSION_NUM >= 0x075000
/*
 * curl sends a request again by itself when the reused connection it went out on dies without
 * an answer, headers and all: the gateway would take the repeated nonce for a replay
 * (SignatureNonceUsed). That second send is stopped here; the retry policy decides, signing anew.
 */
static int on_prereq(void *user, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
	struct transfer *t = user;

	(void)primary_ip;
	(void)local_ip;
	(void)primary_port;
	(void)local_port;
	return t->sends++ == 0 ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT;
}
#endif

/* The time this try may take: what is left of the whole request's timeout (0: no limit). */
static long attempt_time_left(const struct transfer *t)
{
	if (!t->deadline_ms)
		return 0;
	int64_t left = t->deadline_ms - running_ms(t->h);
	return left > 0 ? (long)left : 1;
}

static void transfer_options(struct transfer *t, const char *url)
{
	const struct net_http *h = t->h;
	CURL *e = t->easy;
	long left = attempt_time_left(t);

	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)t);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "flowgate/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, (void *)t);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)t);
#if LIBCURL_VERSION_NUM >= 0x075000
	curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prereq);
	curl_easy_setopt(e, CURLOPT_PREREQDATA, (void *)t);
#endif
	/* Refuses early when Content-Length announces too much. */
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)NET_MAX_BODY);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	/* The path is sent exactly as signed, dot segments included. */
	curl_easy_setopt(e, CURLOPT_PATH_AS_IS, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, h->ep.https ? "https" : "http");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, h->ep.https ? (long)CURLPROTO_HTTPS : (long)CURLPROTO_HTTP);
#endif
	if (h->ep.loopback)
		curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	/* No CURLOPT_TIMEOUT: transfers_expire keeps the deadline. When it comes first, its limit is named. */
	bool own_limit = h->connect_timeout_ms > 0 && (left <= 0 || h->connect_timeout_ms < left);
	t->connect_ms = own_limit ? h->connect_timeout_ms : h->timeout_ms;
	if (own_limit)
		curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->connect_timeout_ms);
	if (strcmp(t->req.method, "POST") == 0) {
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, 0L);
	} else {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	}
	/* A request on a reused connection that dies is silently resent by curl: never an action. */
	if (t->req.op == FLOW_OP_PASS || t->req.op == FLOW_OP_REFUSE) {
		curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	}
}

/*
 * Starts one try of t: signed afresh (a new nonce and date), so that the gateway does not take
 * it for a replay. 0, or -1 with a message (what was set up is freed with the transfer).
 */
static int attempt_begin(struct transfer *t, char *err, size_t errlen)
{
	struct net_http *h = t->h;

	t->easy = curl_easy_init();
	t->headers = t->easy ? headers_build(t) : NULL;
	if (!t->headers) {
		message_set(err, errlen, "%s", _("could not prepare the request (out of memory)"));
		return -1;
	}
	char *url = xasprintf("%s%s", h->ep.base, t->target);
	transfer_options(t, url);
	free(url);
	if (curl_multi_add_handle(h->multi, t->easy) != CURLM_OK) {
		message_set(err, errlen, "%s", _("could not start the request"));
		return -1;
	}
	t->attempt++;
	t->attempt_ms = clock_monotonic_ms();
	t->sends = 0;
	t->waiting = false;
	h->stats.requests++;
	verbose_note(h, "> %s %s", t->req.method, t->target);
	return 0;
}

/* Ends the current try: counts its connections and lets its curl handle go. */
static void attempt_end(struct transfer *t)
{
	struct net_http *h = t->h;
	long connects = 0;

	if (!t->easy)
		return;
	curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects);
	h->stats.connections += (unsigned long)connects;
	curl_multi_remove_handle(h->multi, t->easy);
	curl_easy_cleanup(t->easy);
	t->easy = NULL;
	headers_free(t->headers);
	t->headers = NULL;
}

static int transfer_start(struct net_http *h, const struct flow_request *req, net_done_fn done, void *user,
                          char *err, size_t errlen)
{
	if (request_check(h, req, err, errlen) < 0)
		return -1;
	struct transfer *t = xcalloc(1, sizeof *t);
	t->h = h;
	t->done = done;
	t->user = user;
	request_copy(t, req);
	t->target = target_build(&t->req);
	t->started_ms = clock_monotonic_ms();
	away_note(h, 0);
	t->deadline_ms = h->timeout_ms > 0 ? running_ms(h) + h->timeout_ms : 0;
	if (attempt_begin(t, err, errlen) < 0) {
		transfer_free(t);
		return -1;
	}
	transfer_link(h, t);
	return 0;
}

/*
 * True when any byte of the request may have left: after connecting, nothing is safe to assume.
 * A proxy that refused the tunnel (its CONNECT answer is no 2xx) passed nothing on: the bytes
 * curl counts are those of its CONNECT.
 */
static bool request_left(CURL *e)
{
	long size = 0, connect_code = 0;
	curl_off_t pretransfer = 0;

	if (!e)
		return false;
	curl_easy_getinfo(e, CURLINFO_HTTP_CONNECTCODE, &connect_code);
	if (connect_code >= 300)
		return false;
	curl_easy_getinfo(e, CURLINFO_REQUEST_SIZE, &size);
	curl_easy_getinfo(e, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
	return size > 0 || pretransfer > 0;
}

static double seconds_of(long ms)
{
	return (double)ms / 1000.0;
}

static void describe_connect_error(const struct transfer *t, char *msg, size_t n)
{
	long os = 0;
	curl_easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &os);
	if (os == 0) {
		message_set(msg, n, _("could not connect to %s"), t->h->ep.peer);
		return;
	}
	char reason[128];
	message_set(reason, sizeof reason, "%s", strerror((int)os));
	reason[0] = (char)tolower((unsigned char)reason[0]);
	message_set(msg, n, _("could not connect to %s: %s"), t->h->ep.peer, reason);
}

static void describe_failure(const struct transfer *t, CURLcode rc, bool sent, char *msg, size_t n)
{
	const char *peer = t->h->ep.peer;
	const char *detail = t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc);
	long connect_code = 0;

	curl_easy_getinfo(t->easy, CURLINFO_HTTP_CONNECTCODE, &connect_code);
	if (connect_code >= 300) {
		message_set(msg, n, _("the proxy refused to connect to %s (HTTP %ld)"), peer, connect_code);
		return;
	}
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		message_set(msg, n, _("could not resolve the host of %s"), peer);
		break;
	case CURLE_COULDNT_CONNECT:
		describe_connect_error(t, msg, n);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		if (sent)
			message_set(msg, n, _("no answer from %s within %g s"), peer, seconds_of(t->h->timeout_ms));
		else
			message_set(msg, n, _("could not connect to %s within %g s"), peer, seconds_of(t->connect_ms));
		break;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
		message_set(msg, n, _("the connection to %s was closed before the answer was complete"), peer);
		break;
	case CURLE_GOT_NOTHING:
		message_set(msg, n, _("%s closed the connection without answering"), peer);
		break;
	case CURLE_SEND_ERROR:
		message_set(msg, n, _("the connection to %s broke while sending the request"), peer);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		message_set(msg, n, _("the certificate of %s could not be verified: %s"), peer, detail);
		break;
	case CURLE_SSL_CONNECT_ERROR:
		message_set(msg, n, _("could not set up TLS with %s: %s"), peer, detail);
		break;
	default:
		message_set(msg, n, _("the request to %s failed: %s"), peer, detail);
		break;
	}
}

/* Failures of the connection or the network, which the next try may not meet. */
static bool failure_is_transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
		return true;
	default:
		return false;
	}
}

static void transfer_classify(struct transfer *t, CURLcode rc)
{
	struct net_response *r = &t->resp;

	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &r->http_status);
	if (rc == CURLE_OK) {
		r->error = NET_OK;
		return;
	}
	if (t->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
		r->error = NET_E_TOO_LARGE;
		message_set(r->message, sizeof r->message, _("the answer from %s is larger than %u MiB"),
			    t->h->ep.peer, NET_MAX_BODY >> 20);
		return;
	}
	if (t->sends > 1) {
		/* on_prereq stopped curl's own second send: the first died unanswered. */
		r->error = NET_E_NO_ANSWER;
		t->transient = true;
		describe_failure(t, CURLE_GOT_NOTHING, true, r->message, sizeof r->message);
		return;
	}
	bool sent = request_left(t->easy);
	r->error = sent ? NET_E_NO_ANSWER : NET_E_NOT_SENT;
	r->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
	t->transient = failure_is_transient(rc);
	describe_failure(t, rc, sent, r->message, sizeof r->message);
}

static void log_outcome(const struct transfer *t)
{
	const struct net_response *r = &t->resp;
	long ms = (long)(clock_monotonic_ms() - t->attempt_ms);

	if (r->error != NET_OK)
		verbose_note(t->h, _("< failed in %ld ms: %s"), ms, r->message);
	else if (r->request_id[0])
		verbose_note(t->h, _("< %ld in %ld ms, requestId=%s"), r->http_status, ms, r->request_id);
	else
		verbose_note(t->h, _("< %ld in %ld ms"), r->http_status, ms);
}

/* Hands the classified response to its owner and forgets the transfer. */
static void transfer_deliver(struct transfer *t)
{
	struct net_http *h = t->h;
	struct net_response *r = &t->resp;

	attempt_end(t);
	transfer_unlink(h, t);
	if (r->error != NET_OK)
		strbuf_free(&r->body);
	r->seconds = (double)(clock_monotonic_ms() - t->started_ms) / 1000.0;
	r->attempts = t->attempt;
	if (r->error != NET_OK && t->attempt > 1) {
		size_t len = strlen(r->message);
		message_set(r->message + len, sizeof r->message - len, _(" (after %u attempts)"), t->attempt);
	}
	t->done(t->user, &t->req, r);
	/* The body now belongs to the callee. */
	r->body = (struct strbuf)STRBUF_INIT;
	transfer_free(t);
}

/* ---- trying again -------------------------------------------------------------------------- */

#define RETRY_MIN_TRY_MS 100   /* the least time worth a try once its pause is over */

/* Whether another try may help, and cannot do an action twice. */
static bool retry_wanted(const struct transfer *t)
{
	const struct net_response *r = &t->resp;
	bool read = strcmp(t->req.method, "GET") == 0;

	switch (r->error) {
	case NET_E_NOT_SENT:
		return t->transient;   /* nothing left: as safe for an action as for a read */
	case NET_E_NO_ANSWER:
		return read && t->transient;
	case NET_OK:
		return read && (r->http_status >= 500 || r->http_status == 429 || r->retry_after_ms > 0);
	case NET_E_TOO_LARGE:
	case NET_E_CANCELLED:
		break;
	}
	return false;
}

/* The pause before t's next try, or -1 when it is not to be tried again. */
static long retry_pause(const struct transfer *t)
{
	const struct net_http *h = t->h;
	const struct net_retry *p = &h->retry;
	long after = t->resp.retry_after_ms;

	if (t->attempt >= p->attempts || !retry_wanted(t))
		return -1;
	long pause = p->base_ms;
	for (unsigned i = 1; i < t->attempt && pause < p->cap_ms; i++)
		pause *= 2;
	if (pause > p->cap_ms)
		pause = p->cap_ms;
	if (after > p->cap_ms) {
		verbose_note(h, _("< not trying again: the server asks to wait %ld ms"), after);
		return -1;
	}
	if (after > pause)
		pause = after;
	if (t->deadline_ms && running_ms(h) + pause + RETRY_MIN_TRY_MS > t->deadline_ms) {
		verbose_note(h, _("< not trying again: the %g s timeout is nearly over"), seconds_of(h->timeout_ms));
		return -1;
	}
	return pause;
}

/* A try has ended: shown with --verbose, then tried again after a pause or handed on. */
static void transfer_settle(struct transfer *t, bool may_retry)
{
	struct net_http *h = t->h;

	log_outcome(t);
	long pause = may_retry ? retry_pause(t) : -1;
	if (pause < 0) {
		transfer_deliver(t);
		return;
	}
	attempt_end(t);
	t->waiting = true;
	t->retry_at_ms = clock_monotonic_ms() + pause;
	verbose_note(h, _("< trying again in %ld ms (attempt %u of %u)"), pause, t->attempt + 1, h->retry.attempts);
}

static void retry_begin(struct transfer *t)
{
	char err[sizeof t->resp.message];

	net_response_free(&t->resp);
	memset(&t->resp, 0, sizeof t->resp);
	t->too_large = t->transient = false;
	t->errbuf[0] = '\0';
	if (attempt_begin(t, err, sizeof err) == 0)
		return;
	t->resp.error = NET_E_NOT_SENT;
	memcpy(t->resp.message, err, sizeof err);
	transfer_deliver(t);
}

/* Starts the tries whose pause is over; a done called meanwhile may add transfers. */
static void retries_start_due(struct net_http *h)
{
	for (;;) {
		int64_t now = clock_monotonic_ms();
		struct transfer *due = NULL;
		for (struct transfer *t = h->transfers; t && !due; t = t->next)
			if (t->waiting && t->retry_at_ms <= now)
				due = t;
		if (!due)
			return;
		retry_begin(due);
	}
}

/* Ends the tries whose time is up, once curl has read what came: a stop never loses an answer. */
static void transfers_expire(struct net_http *h)
{
	for (;;) {
		int64_t now = running_ms(h);
		struct transfer *late = NULL;
		for (struct transfer *t = h->transfers; t && !late; t = t->next)
			if (!t->waiting && t->deadline_ms && t->deadline_ms <= now)
				late = t;
		if (!late)
			return;
		transfer_classify(late, CURLE_OPERATION_TIMEDOUT);
		transfer_settle(late, true);
	}
}

/* How long until t's pause or time is up (-1: no limit). */
static int64_t transfer_due_in(const struct transfer *t, int64_t now, int64_t running)
{
	int64_t left;

	if (t->waiting)
		left = t->retry_at_ms - now;
	else if (t->deadline_ms)
		left = t->deadline_ms - running;
	else
		return -1;
	return left > 0 ? left : 0;
}

/* timeout_ms, shortened to when the next pause or time limit ends (-1: no limit). */
static int wait_clamp(const struct net_http *h, int timeout_ms)
{
	int64_t now = clock_monotonic_ms(), running = running_ms(h);

	for (const struct transfer *t = h->transfers; t; t = t->next) {
		int64_t left = transfer_due_in(t, now, running);
		if (left >= 0 && (timeout_ms < 0 || left < timeout_ms))
			timeout_ms = (int)left;
	}
	return timeout_ms;
}

/* ---- the handle ---------------------------------------------------------------------------- */

static bool has_control(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static int credentials_check(const struct net_opts *o, char *err, size_t errlen)
{
	if (o->backend == FLOW_BACKEND_YUNXIAO) {
		if (!o->token || !*o->token) {
			message_set(err, errlen, "%s", _("no Yunxiao token is set"));
			return -1;
		}
		if (has_control(o->token)) {
			message_set(err, errlen, "%s", _("the Yunxiao token contains a control character"));
			return -1;
		}
		return 0;
	}
	if (!o->ak_id || !*o->ak_id || !o->ak_secret || !*o->ak_secret) {
		message_set(err, errlen, "%s", _("no AccessKey id and secret are set"));
		return -1;
	}
	if (has_control(o->ak_id) || has_control(o->sts_token)) {
		message_set(err, errlen, "%s", _("the AccessKey id or STS token contains a control character"));
		return -1;
	}
	return 0;
}

struct net_http *net_http_new(const struct net_opts *o, char *err, size_t errlen)
{
	struct endpoint ep;

	if (endpoint_parse(&ep, o->endpoint, err, errlen) < 0)
		return NULL;
	if (credentials_check(o, err, errlen) < 0) {
		endpoint_clear(&ep);
		return NULL;
	}
	CURLM *multi = NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK && !(multi = curl_multi_init()))
		curl_global_cleanup();
	if (!multi) {
		message_set(err, errlen, "%s", _("could not initialise libcurl"));
		endpoint_clear(&ep);
		return NULL;
	}
	struct net_http *h = xcalloc(1, sizeof *h);
	h->multi = multi;
	h->ep = ep;
	h->backend = o->backend;
	h->signature = o->signature;
	h->ak_id = xstrdup(o->ak_id);
	h->ak_secret = xstrdup(o->ak_secret);
	h->sts_token = xstrdup(o->sts_token);
	h->token = xstrdup(o->token);
	h->timeout_ms = o->timeout_ms;
	h->connect_timeout_ms = o->connect_timeout_ms;
	h->verbose = o->verbose;
	h->retry = o->retry;
	return h;
}

/* Transfers still in flight are dropped without calling their done: their owners may be gone. */
void net_http_free(struct net_http *h)
{
	if (!h)
		return;
	while (h->transfers) {
		struct transfer *t = h->transfers;
		h->transfers = t->next;
		if (t->easy)
			curl_multi_remove_handle(h->multi, t->easy);
		transfer_free(t);
	}
	curl_multi_cleanup(h->multi);
	endpoint_clear(&h->ep);
	free(h->ak_id);
	xfree_secret(h->ak_secret);
	xfree_secret(h->sts_token);
	xfree_secret(h->token);
	free(h);
	curl_global_cleanup();
}

int net_http_start(struct net_http *h, const struct flow_request *req, net_done_fn done, void *user)
{
	char err[256];
	return transfer_start(h, req, done, user, err, sizeof err);
}

struct perform_wait {
	bool finished;
	struct net_response *out;
};

static void perform_done(void *user, const struct flow_request *req, struct net_response *resp)
{
	struct perform_wait *w = user;
	(void)req;
	*w->out = *resp;
	w->finished = true;
}

void net_http_perform(struct net_http *h, const struct flow_request *req, struct net_response *out)
{
	struct perform_wait w = { false, out };

	memset(out, 0, sizeof *out);
	if (transfer_start(h, req, perform_done, &w, out->message, sizeof out->message) < 0) {
		out->error = NET_E_NOT_SENT;
		return;
	}
	net_http_progress(h);
	/* Short polls: a stop inside one is told from the poll's own wait only beyond its time-out. */
	while (!w.finished) {
		net_http_wait(h, NULL, 0, 250);
		net_http_progress(h);
	}
}

int net_http_wait(struct net_http *h, struct pollfd *extra, unsigned nextra, int timeout_ms)
{
	struct curl_waitfd *w = nextra ? xcalloc(nextra, sizeof *w) : NULL;
	int numfds = 0;

	for (unsigned i = 0; i < nextra; i++) {
		w[i].fd = extra[i].fd;
		w[i].events = (short)(extra[i].events & (POLLIN | POLLPRI | POLLOUT));
	}
	timeout_ms = wait_clamp(h, timeout_ms);
	away_note(h, 0);
	curl_multi_poll(h->multi, w, nextra, timeout_ms < 0 ? INT_MAX : timeout_ms, &numfds);
	away_note(h, timeout_ms < 0 ? INT64_MAX / 2 : timeout_ms);
	free(w);
	if (nextra == 0)
		return 0;
	/* curl reports only IN, PRI and OUT on extra fds: a zero-time poll adds hang-ups and errors. */
	for (unsigned i = 0; i < nextra; i++)
		extra[i].revents = 0;
	int n = poll(extra, nextra, 0);
	return n < 0 ? 0 : n;
}

void net_http_progress(struct net_http *h)
{
	int running, left;
	CURLMsg *m;

	away_note(h, 0);
	retries_start_due(h);
	curl_multi_perform(h->multi, &running);
	while ((m = curl_multi_info_read(h->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		char *priv = NULL;
		CURLcode rc = m->data.result;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
		struct transfer *t = (struct transfer *)(void *)priv;
		transfer_classify(t, rc);
		transfer_settle(t, true);
	}
	transfers_expire(h);
}

unsigned net_http_in_flight(const struct net_http *h)
{
	return h->in_flight;
}

void net_http_cancel_all(struct net_http *h)
{
	struct transfer *list = h->transfers;

	/* Detached first, so that a done callback starting a new request does not see it cancelled. */
	h->transfers = NULL;
	h->in_flight = 0;
	while (list) {
		struct transfer *t = list;
		list = t->next;
		struct net_response *r = &t->resp;
		if (t->waiting) {
			net_response_free(r);
			memset(r, 0, sizeof *r);
			r->error = NET_E_CANCELLED;
			message_set(r->message, sizeof r->message, _("cancelled while waiting to try %s again"),
				    t->h->ep.peer);
		} else if (request_left(t->easy)) {
			r->error = NET_E_NO_ANSWER;
			message_set(r->message, sizeof r->message,
				    _("abandoned after the request was sent to %s: its outcome is unknown"),
				    t->h->ep.peer);
		} else {
			r->error = NET_E_CANCELLED;
			message_set(r->message, sizeof r->message, _("cancelled before anything was sent to %s"),
				    t->h->ep.peer);
		}
		transfer_settle(t, false);
	}
}

void net_http_stats(const struct net_http *h, struct net_stats *out)
{
	*out = h->stats;
}
