#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "flow/api.h"
#include "net/http.h"
#include "net/sign.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "../tap.h"

#define SECRET "s3cr3t-never-printed"
#define TOKEN "pt-t0ken-never-printed"

/* ---- a scripted HTTP/1.1 server on 127.0.0.1 ----------------------------------------------- */

enum reply {
	ANS_OK,               /* 200, a small body and x-acs-request-id, connection kept */
	ANS_HEADERS,          /* 200 with the paging and throttling headers, mixed case */
	ANS_NEGATIVE_RETRY,   /* 200 with a negative x-acs-retry-after */
	ANS_CLOSE,            /* reads the request, closes without a byte */
	ANS_TRUNCATED,        /* announces 100 bytes, sends 10, closes */
	ANS_BIG_LENGTH,       /* announces NET_MAX_BODY + 1 bytes */
	ANS_BIG_STREAM,       /* sends NET_MAX_BODY + 1 bytes without a length, then closes */
	ANS_SILENT,           /* reads the request and never answers */
	ANS_HELD,             /* answers like ANS_OK once the test releases it */
	ANS_400,              /* 400 with an error body */
	ANS_503,              /* 503 with an error body */
	ANS_429_WAIT,         /* 429 with x-acs-retry-after: 700 */
	ANS_503_WAIT_LONG,    /* 503 with x-acs-retry-after: 60000 */
};

#define MAX_CONNS 16
#define MAX_REQUESTS 32

struct server;

struct conn {
	struct server *s;
	int fd;
	pthread_t thread;
};

struct server {
	int fd;
	int port;
	const enum reply *script;   /* request i gets script[i], the last entry repeats */
	size_t nscript;
	pthread_t acceptor;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool released;
	bool stopping;
	int accepts;
	int requests;
	char *heads[MAX_REQUESTS];  /* each request's line and headers, in arrival order */
	struct conn conns[MAX_CONNS];
	int nconns;
};

static bool send_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static bool send_text(int fd, const char *s)
{
	return send_all(fd, s, strlen(s));
}

static bool send_ok(int fd, int n)
{
	char head[256];
	const char *body = "{\"ok\":true}";
	snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	         "Content-Length: %zu\r\nx-acs-request-id: REQ-%d\r\n\r\n", strlen(body), n);
	return send_text(fd, head) && send_text(fd, body);
}

static bool send_error(int fd, int status, const char *extra_header)
{
	char head[256];
	const char *body = "{\"Code\":\"X\"}";
	snprintf(head, sizeof head, "HTTP/1.1 %d Oops\r\nContent-Type: application/json\r\n"
	         "Content-Length: %zu\r\n%s\r\n", status, strlen(body), extra_header);
	return send_text(fd, head) && send_text(fd, body);
}

static bool send_big_stream(int fd)
{
	static char chunk[1 << 16];
	size_t left = NET_MAX_BODY + 1;
	memset(chunk, 'x', sizeof chunk);
	if (!send_text(fd, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"))
		return false;
	while (left > 0) {
		size_t n = left < sizeof chunk ? left : sizeof chunk;
		if (!send_all(fd, chunk, n))
			return false;
		left -= n;
	}
	return false;
}

static void wait_for_peer_close(int fd)
{
	char c;
	while (recv(fd, &c, 1, 0) > 0)
		;
}

/* Answers request number n; false when the connection is to end. */
static bool server_answer(struct server *s, int fd, enum reply r, int n)
{
	char head[256];

	switch (r) {
	case ANS_OK:
		return send_ok(fd, n);
	case ANS_HEADERS:
		return send_text(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Acs-Request-Id: MiXeD-7\r\n"
		                     "x-acs-retry-after: 1500\r\nX-Next-Page: 3\r\n\r\n[]");
	case ANS_NEGATIVE_RETRY:
		return send_text(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-acs-retry-after: -5\r\n\r\n[]");
	case ANS_CLOSE:
		return false;
	case ANS_TRUNCATED:
		send_text(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"cut\":tru");
		return false;
	case ANS_BIG_LENGTH:
		snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Length: %u\r\n\r\nxxxx", NET_MAX_BODY + 1);
		send_text(fd, head);
		wait_for_peer_close(fd);
		return false;
	case ANS_BIG_STREAM:
		return send_big_stream(fd);
	case ANS_SILENT:
		wait_for_peer_close(fd);
		return false;
	case ANS_HELD:
		pthread_mutex_lock(&s->mu);
		while (!s->released && !s->stopping)
			pthread_cond_wait(&s->cv, &s->mu);
		pthread_mutex_unlock(&s->mu);
		return send_ok(fd, n);
	case ANS_400:
		return send_error(fd, 400, "");
	case ANS_503:
		return send_error(fd, 503, "");
	case ANS_429_WAIT:
		return send_error(fd, 429, "x-acs-retry-after: 700\r\n");
	case ANS_503_WAIT_LONG:
		return send_error(fd, 503, "x-acs-retry-after: 60000\r\n");
	}
	return false;
}

/* Reads one request head (requests carry no body here); false at the end of the connection. */
static bool read_head(int fd, char *buf, size_t cap, size_t *have, size_t *headlen)
{
	char *end;
	while (!(end = memmem(buf, *have, "\r\n\r\n", 4))) {
		if (*have == cap)
			return false;
		ssize_t n = recv(fd, buf + *have, cap - *have, 0);
		if (n <= 0)
			return false;
		*have += (size_t)n;
	}
	*headlen = (size_t)(end + 4 - buf);
	return true;
}

static void *conn_main(void *arg)
{
	struct conn *c = arg;
	struct server *s = c->s;
	char buf[8192];
	size_t have = 0, headlen;

	while (read_head(c->fd, buf, sizeof buf, &have, &headlen)) {
		pthread_mutex_lock(&s->mu);
		int n = s->requests++;
		if (n < MAX_REQUESTS)
			s->heads[n] = xstrndup(buf, headlen);
		enum reply r = s->script[(size_t)n < s->nscript ? (size_t)n : s->nscript - 1];
		pthread_mutex_unlock(&s->mu);
		memmove(buf, buf + headlen, have - headlen);
		have -= headlen;
		if (!server_answer(s, c->fd, r, n))
			break;
	}
	shutdown(c->fd, SHUT_RDWR);
	return NULL;
}

static void *accept_main(void *arg)
{
	struct server *s = arg;
	for (;;) {
		int fd = accept(s->fd, NULL, NULL);
		if (fd < 0 && errno == EINTR)
			continue;
		if (fd < 0)
			return NULL;
		pthread_mutex_lock(&s->mu);
		if (s->stopping || s->nconns == MAX_CONNS) {
			pthread_mutex_unlock(&s->mu);
			close(fd);
			continue;
		}
		struct conn *c = &s->conns[s->nconns++];
		s->accepts++;
		c->s = s;
		c->fd = fd;
		pthread_create(&c->thread, NULL, conn_main, c);
		pthread_mutex_unlock(&s->mu);
	}
}

/* A listening socket on 127.0.0.1, on *port or (0) a port of the kernel's choosing. */
static int listen_loopback(int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)*port) };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 16) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
		perror("test server");
		exit(2);
	}
	*port = ntohs(a.sin_port);
	return fd;
}

static struct server *server_start_on(int port, const enum reply *script, size_t nscript)
{
	struct server *s = xcalloc(1, sizeof *s);
	s->script = script;
	s->nscript = nscript;
	s->port = port;
	s->fd = listen_loopback(&s->port);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	pthread_create(&s->acceptor, NULL, accept_main, s);
	return s;
}

static struct server *server_start(const enum reply *script, size_t nscript)
{
	return server_start_on(0, script, nscript);
}

static void server_release(struct server *s)
{
	pthread_mutex_lock(&s->mu);
	s->released = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

static int server_requests(struct server *s)
{
	pthread_mutex_lock(&s->mu);
	int n = s->requests;
	pthread_mutex_unlock(&s->mu);
	return n;
}

static int server_accepts(struct server *s)
{
	pthread_mutex_lock(&s->mu);
	int n = s->accepts;
	pthread_mutex_unlock(&s->mu);
	return n;
}

/* The head of request i ("" if none), valid until server_stop. */
static const char *server_head(struct server *s, int i)
{
	pthread_mutex_lock(&s->mu);
	const char *h = i < s->requests && i < MAX_REQUESTS ? s->heads[i] : "";
	pthread_mutex_unlock(&s->mu);
	return h;
}

static int server_count_heads(struct server *s, const char *prefix)
{
	int n = 0;
	pthread_mutex_lock(&s->mu);
	for (int i = 0; i < s->requests && i < MAX_REQUESTS; i++)
		n += strncmp(s->heads[i], prefix, strlen(prefix)) == 0;
	pthread_mutex_unlock(&s->mu);
	return n;
}

static void server_stop(struct server *s)
{
	pthread_mutex_lock(&s->mu);
	s->stopping = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	shutdown(s->fd, SHUT_RDWR);
	pthread_join(s->acceptor, NULL);
	close(s->fd);
	for (int i = 0; i < s->nconns; i++) {
		shutdown(s->conns[i].fd, SHUT_RDWR);
		pthread_join(s->conns[i].thread, NULL);
		close(s->conns[i].fd);
	}
	for (int i = 0; i < s->requests && i < MAX_REQUESTS; i++)
		free(s->heads[i]);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s);
}

/* ---- the client side ----------------------------------------------------------------------- */

static struct net_opts opts_for(const char *endpoint)
{
	struct net_opts o = {
		.endpoint = endpoint,
		.backend = FLOW_BACKEND_CLASSIC,
		.signature = SIGN_V3,
		.ak_id = "testid",
		.ak_secret = SECRET,
		.timeout_ms = 5000,
		.connect_timeout_ms = 2000,
	};
	return o;
}

static struct net_http *client_with(struct server *s, struct net_opts *o)
{
	char endpoint[64], err[256] = "";
	snprintf(endpoint, sizeof endpoint, "http://127.0.0.1:%d", s->port);
	o->endpoint = endpoint;
	struct net_http *h = net_http_new(o, err, sizeof err);
	if (!h) {
		printf("# net_http_new: %s\n", err);
		exit(2);
	}
	return h;
}

static struct net_http *client(struct server *s)
{
	struct net_opts o = opts_for(NULL);
	return client_with(s, &o);
}

static void req_init(struct flow_request *r, enum flow_op op, const char *method, const char *action,
                     const char *path)
{
	memset(r, 0, sizeof *r);
	r->op = op;
	r->backend = FLOW_BACKEND_CLASSIC;
	r->method = method;
	r->action = action;
	r->path = xstrdup(path);
}

static void req_query(struct flow_request *r, const char *key, const char *value)
{
	r->query[r->nquery].key = xstrdup(key);
	r->query[r->nquery].value = xstrdup(value);
	r->nquery++;
}

static void req_get(struct flow_request *r)
{
	req_init(r, FLOW_OP_LIST_PIPELINES, "GET", "ListPipelines", "/organization/o1/pipelines");
}

static void req_refuse(struct flow_request *r)
{
	req_init(r, FLOW_OP_REFUSE, "POST", "RefusePipelineValidate",
	         "/organization/o1/pipelines/2/pipelineRuns/3/jobs/4/refuse");
}

/* One request, one answer, everything freed. */
static enum net_error perform_once(struct net_http *h, void (*build)(struct flow_request *),
                                   struct net_response *resp)
{
	struct flow_request r;
	build(&r);
	net_http_perform(h, &r, resp);
	flow_request_free(&r);
	return resp->error;
}

static bool contains(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static bool contains_nocase(const char *hay, const char *needle)
{
	return hay && strcasestr(hay, needle) != NULL;
}

static long ms_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ---- the endpoint -------------------------------------------------------------------------- */

static bool endpoint_accepted(const char *endpoint, char *err, size_t errlen)
{
	struct net_opts o = opts_for(endpoint);
	err[0] = '\0';
	struct net_http *h = net_http_new(&o, err, errlen);
	net_http_free(h);
	return h != NULL;
}

static void endpoints_are_checked(void)
{
	char err[256];

	ok(!endpoint_accepted("http://example.com", err, sizeof err),
	   "plain http to a non-loopback host is refused");
	ok(contains(err, "https://"), "the refusal says to use https://");
	ok(endpoint_accepted("https://example.com", err, sizeof err), "https to any host is accepted");
	ok(endpoint_accepted("https://devops.cn-hangzhou.aliyuncs.com/", err, sizeof err),
	   "a lone trailing slash is accepted");
	ok(endpoint_accepted("http://127.0.0.1:8080", err, sizeof err), "http to 127.0.0.1 is accepted");
	ok(endpoint_accepted("http://127.200.3.4", err, sizeof err), "http to all of 127.0.0.0/8 is accepted");
	ok(endpoint_accepted("http://localhost:9", err, sizeof err), "http to localhost is accepted");
	ok(endpoint_accepted("http://[::1]:9", err, sizeof err), "http to [::1] is accepted");
	ok(!endpoint_accepted("http://127.0.0.1.example.com", err, sizeof err),
	   "a name that merely starts like a loopback address is not loopback");
	ok(!endpoint_accepted("http://[::2]:9", err, sizeof err), "http to another IPv6 address is refused");
	ok(!endpoint_accepted("ftp://127.0.0.1", err, sizeof err), "other schemes are refused");
	ok(!endpoint_accepted("devops.cn-hangzhou.aliyuncs.com", err, sizeof err), "a bare host is refused");
	ok(!endpoint_accepted("https://example.com/api", err, sizeof err), "an endpoint with a path is refused");
	ok(!endpoint_accepted("https://example.com?x=1", err, sizeof err), "an endpoint with a query is refused");
	ok(!endpoint_accepted("https://user:hunter2@example.com", err, sizeof err),
	   "an endpoint with user information is refused");
	ok(err[0] && !contains(err, "hunter2"), "the refusal never echoes a password from the endpoint");
	ok(!endpoint_accepted("https://example.com:0", err, sizeof err), "port 0 is refused");
	ok(!endpoint_accepted("https://example.com:65536", err, sizeof err), "a port above 65535 is refused");
	ok(!endpoint_accepted("https://example.com:", err, sizeof err), "an empty port is refused");
	ok(!endpoint_accepted("https://exa mple.com", err, sizeof err), "a host with a space is refused");
}

static void credentials_are_checked(void)
{
	char err[256] = "";
	struct net_opts o = opts_for("https://example.com");

	o.backend = FLOW_BACKEND_YUNXIAO;
	ok(net_http_new(&o, err, sizeof err) == NULL, "the yunxiao backend needs a token");
	o.token = "pt-abc\r\nx-evil: 1";
	ok(net_http_new(&o, err, sizeof err) == NULL, "a token that could inject a header is refused");
	ok(!contains(err, "pt-abc"), "the refusal does not echo the token");
}

/* ---- answers ------------------------------------------------------------------------------- */

static void an_answer_is_delivered(void)
{
	static const enum reply script[] = { ANS_OK };
	struct server *s = server_start(script, 1);
	struct net_http *h = client(s);
	struct net_response resp;
	struct flow_reply view;

	is_int(perform_once(h, req_get, &resp), NET_OK, "a 200 answer is NET_OK");
	is_int(resp.http_status, 200, "the status is kept");
	is_str(strbuf_cstr(&resp.body), "{\"ok\":true}", "the body is kept");
	is_str(resp.request_id, "REQ-0", "x-acs-request-id is kept");
	ok(resp.seconds >= 0 && resp.seconds < 5, "the time taken is measured");
	net_response_reply(&resp, &view);
	ok(view.body_len == 11 && view.http_status == 200 && contains(view.request_id_header, "REQ-0"),
	   "the flow_reply view shows the body, status and request id");
	ok(view.next_page_header == NULL, "an absent x-next-page is NULL in the view");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void response_headers_are_read(void)
{
	static const enum reply script[] = { ANS_HEADERS, ANS_NEGATIVE_RETRY };
	struct server *s = server_start(script, 2);
	struct net_http *h = client(s);
	struct net_response resp;

	perform_once(h, req_get, &resp);
	is_str(resp.request_id, "MiXeD-7", "the request id header is found in any case");
	is_int(resp.retry_after_ms, 1500, "x-acs-retry-after is read in milliseconds");
	is_str(resp.next_page, "3", "x-next-page is read");
	net_response_free(&resp);
	perform_once(h, req_get, &resp);
	is_int(resp.retry_after_ms, 0, "a negative x-acs-retry-after counts as none");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

/* ---- what is sent -------------------------------------------------------------------------- */

static void query_is_percent_encoded(void)
{
	static const enum reply script[] = { ANS_OK };
	struct server *s = server_start(script, 1);
	struct net_http *h = client(s);
	struct flow_request r;
	struct net_response resp;

	req_init(&r, FLOW_OP_LIST_RUNS, "GET", "ListPipelineRuns", "/organization/o%2F1/pipelines/2/pipelineRuns");
	req_query(&r, "maxResults", "20");
	req_query(&r, "nextToken", "a b/c*~");
	net_http_perform(h, &r, &resp);
	flow_request_free(&r);
	ok(contains(server_head(s, 0),
	            "GET /organization/o%2F1/pipelines/2/pipelineRuns"
	            "?maxResults=20&nextToken=a%20b%2Fc%2A~ HTTP/1.1\r\n"),
	   "the query is sent RFC 3986-encoded after the path as given");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void get_headers_are_ours(void)
{
	static const enum reply script[] = { ANS_OK };
	struct server *s = server_start(script, 1);
	struct net_http *h = client(s);
	struct net_response resp;
	char host[64];

	perform_once(h, req_get, &resp);
	const char *head = server_head(s, 0);
	ok(contains(head, "\r\nUser-Agent: flowgate/" PACKAGE_VERSION "\r\n"),
	   "the user agent names flowgate and its version");
	snprintf(host, sizeof host, "\r\nhost: 127.0.0.1:%d\r\n", s->port);
	ok(contains_nocase(head, host), "the host header is host:port as in the URL");
	ok(contains_nocase(head, "\r\nx-acs-action: ListPipelines\r\n"), "the action is sent");
	ok(contains_nocase(head, "\r\nx-acs-version: " FLOW_API_VERSION "\r\n"), "the API version is sent");
	ok(contains_nocase(head, "\r\nauthorization: ACS3-HMAC-SHA256 Credential=testid,"),
	   "a classic request is signed with the chosen version");
	ok(contains_nocase(head, "\r\naccept: application/json\r\n") && !contains(head, "*/*"),
	   "only the signed accept header is sent");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void post_has_an_empty_body(void)
{
	static const enum reply script[] = { ANS_OK };
	struct server *s = server_start(script, 1);
	struct net_http *h = client(s);
	struct net_response resp;

	perform_once(h, req_refuse, &resp);
	const char *head = server_head(s, 0);
	ok(contains(head, "POST /organization/o1/pipelines/2/pipelineRuns/3/jobs/4/refuse HTTP/1.1\r\n"),
	   "a refuse is a POST to its path");
	ok(contains_nocase(head, "\r\ncontent-length: 0\r\n"), "a POST carries an empty body");
	ok(contains_nocase(head, "\r\nx-acs-content-sha256: " SIGN_EMPTY_SHA256 "\r\n"),
	   "its content hash is the empty hash");
	ok(!contains_nocase(head, "content-type"), "no unsigned content type is added");
	ok(!contains_nocase(head, "expect"), "no Expect header is sent");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void yunxiao_sends_the_token(void)
{
	static const enum reply script[] = { ANS_OK };
	struct server *s = server_start(script, 1);
	struct net_opts o = opts_for(NULL);
	o.backend = FLOW_BACKEND_YUNXIAO;
	o.token = TOKEN;
	struct net_http *h = client_with(s, &o);
	struct flow_request r;
	struct net_response resp;

	req_init(&r, FLOW_OP_LIST_PIPELINES, "GET", NULL, "/oapi/v1/flow/organizations/o1/pipelines");
	r.backend = FLOW_BACKEND_YUNXIAO;
	net_http_perform(h, &r, &resp);
	flow_request_free(&r);
	const char *head = server_head(s, 0);
	is_int(resp.error, NET_OK, "a yunxiao request is answered");
	ok(contains_nocase(head, "\r\nx-yunxiao-token: " TOKEN "\r\n"), "the yunxiao token goes in its header");
	ok(contains_nocase(head, "\r\naccept: application/json\r\n"), "the yunxiao request accepts JSON");
	ok(!contains_nocase(head, "authorization"), "the yunxiao request is not AccessKey-signed");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void percent_decode(struct strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (s[i] == '%' && i + 2 < n && sscanf(s + i + 1, "%2x", &v) == 1) {
			strbuf_putc(out, (char)v);
			i += 2;
		} else {
			strbuf_putc(out, s[i]);
		}
	}
}

/* Recomputes the V3 signature from the bytes that arrived, as the server does. */
static bool signature_verifies(const char *head)
{
	char method[8], target[512];
	if (sscanf(head, "%7s %511s", method, target) != 2)
		return false;
	char *q = strchr(target, '?');
	struct sign_kv query[FLOW_MAX_QUERY], headers[32];
	struct strbuf keys[FLOW_MAX_QUERY] = { STRBUF_INIT }, values[FLOW_MAX_QUERY] = { STRBUF_INIT };
	size_t nq = 0, nh = 0;
	if (q) {
		*q++ = '\0';
		for (char *kv = strtok(q, "&"); kv && nq < FLOW_MAX_QUERY; kv = strtok(NULL, "&"), nq++) {
			char *eq = strchr(kv, '=');
			percent_decode(&keys[nq], kv, (size_t)(eq - kv));
			percent_decode(&values[nq], eq + 1, strlen(eq + 1));
			query[nq] = (struct sign_kv){ strbuf_cstr(&keys[nq]), strbuf_cstr(&values[nq]) };
		}
	}
	char *copy = xstrdup(strstr(head, "\r\n") + 2), *line, *save = NULL, *got = NULL;
	for (line = strtok_r(copy, "\r\n", &save); line && nh < 32; line = strtok_r(NULL, "\r\n", &save)) {
		char *colon = strchr(line, ':');
		*colon = '\0';
		headers[nh++] = (struct sign_kv){ line, colon + 2 };
		if (strcasecmp(line, "authorization") == 0)
			got = strstr(colon + 2, "Signature=");
	}
	struct strbuf canonical = STRBUF_INIT, names = STRBUF_INIT, to_sign = STRBUF_INIT;
	char sig[65];
	sign_v3_canonical_request(&canonical, &names, method, target, query, nq, headers, nh, SIGN_EMPTY_SHA256);
	sign_v3_string_to_sign(&to_sign, strbuf_cstr(&canonical));
	sign_v3_signature(sig, SECRET, strbuf_cstr(&to_sign));
	bool same = got && strcmp(got + strlen("Signature="), sig) == 0;
	strbuf_free(&canonical);
	strbuf_free(&names);
	strbuf_free(&to_sign);
	for (size_t i = 0; i < FLOW_MAX_QUERY; i++) {
		strbuf_free(&keys[i]);
		strbuf_free(&values[i]);
	}
	free(copy);
	return same;
}

static void signature_matches_what_is_sent(void)
{
	static const enum reply script[] = { ANS_OK };
	struct server *s = server_start(script, 1);
	struct net_http *h = client(s);
	struct flow_request r;
	struct net_response resp;

	req_init(&r, FLOW_OP_LIST_RUNS, "GET", "ListPipelineRuns", "/organization/o1/pipelines/2/pipelineRuns");
	req_query(&r, "status", "RUNNING");
	req_query(&r, "nextToken", "a b+c=d&e");
	net_http_perform(h, &r, &resp);
	flow_request_free(&r);
	ok(signature_verifies(server_head(s, 0)), "the signature verifies against the request as received");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

/* ---- connections --------------------------------------------------------------------------- */

static void connections_are_kept_alive_but_not_for_actions(void)
{
	static const enum reply script[] = { ANS_OK };
	struct server *s = server_start(script, 1);
	struct net_http *h = client(s);
	struct net_response resp;
	struct net_stats st;

	perform_once(h, req_get, &resp);
	net_response_free(&resp);
	perform_once(h, req_get, &resp);
	net_response_free(&resp);
	is_int(server_accepts(s), 1, "two reads share one connection");
	net_http_stats(h, &st);
	ok(st.requests == 2 && st.connections == 1, "the statistics count two requests on one connection");
	perform_once(h, req_refuse, &resp);
	net_response_free(&resp);
	is_int(server_accepts(s), 2, "a refuse opens a connection of its own");
	perform_once(h, req_get, &resp);
	net_response_free(&resp);
	is_int(server_accepts(s), 2, "a read after the refuse reuses the first connection");
	net_http_stats(h, &st);
	ok(st.requests == 4 && st.connections == 2, "the statistics count the refuse's connection");
	net_http_free(h);
	server_stop(s);
}

static void an_action_is_never_sent_twice(void)
{
	static const enum reply script[] = { ANS_OK, ANS_CLOSE };
	struct server *s = server_start(script, 2);
	struct net_http *h = client(s);
	struct net_response resp;

	perform_once(h, req_get, &resp);
	net_response_free(&resp);
	is_int(perform_once(h, req_refuse, &resp), NET_E_NO_ANSWER,
	       "a refuse the server drops without answering is NO_ANSWER");
	ok(contains(resp.message, "closed the connection without answering"),
	   "the message says the server hung up");
	is_int(server_count_heads(s, "POST "), 1, "the server received the refuse exactly once");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

/* ---- failures ------------------------------------------------------------------------------ */

/* A port on 127.0.0.1 where nothing listens (for now). */
static int closed_port(void)
{
	int port = 0;
	close(listen_loopback(&port));
	return port;
}

static void a_closed_port_is_not_sent(void)
{
	int port = closed_port();
	char endpoint[64], want[96], err[256];
	snprintf(endpoint, sizeof endpoint, "http://127.0.0.1:%d", port);
	struct net_opts o = opts_for(endpoint);
	struct net_http *h = net_http_new(&o, err, sizeof err);
	struct net_response resp;

	is_int(perform_once(h, req_refuse, &resp), NET_E_NOT_SENT, "a refused connection is NOT_SENT");
	snprintf(want, sizeof want, "could not connect to 127.0.0.1:%d: connection refused", port);
	is_str(resp.message, want, "the message names the host and the refusal");
	is_int(resp.http_status, 0, "no status without an answer");
	net_response_free(&resp);
	net_http_free(h);
}

static void a_truncated_body_is_no_answer(void)
{
	static const enum reply script[] = { ANS_TRUNCATED };
	struct server *s = server_start(script, 1);
	struct net_http *h = client(s);
	struct net_response resp;

	is_int(perform_once(h, req_refuse, &resp), NET_E_NO_ANSWER, "a body shorter than announced is NO_ANSWER");
	ok(contains(resp.message, "closed before the answer was complete"), "the message says the answer was cut");
	is_int(resp.body.len, 0, "no partial body is handed on");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void a_body_over_the_cap_is_too_large(void)
{
	static const enum reply script[] = { ANS_BIG_LENGTH, ANS_BIG_STREAM };
	struct server *s = server_start(script, 2);
	struct net_http *h = client(s);
	struct net_response resp;

	is_int(perform_once(h, req_get, &resp), NET_E_TOO_LARGE, "an announced length over the cap is TOO_LARGE");
	ok(contains(resp.message, "larger than 16 MiB"), "the message names the cap");
	net_response_free(&resp);
	is_int(perform_once(h, req_get, &resp), NET_E_TOO_LARGE, "a streamed body over the cap is TOO_LARGE");
	is_int(resp.body.len, 0, "the oversized body is not kept");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void a_silent_server_times_out(void)
{
	static const enum reply script[] = { ANS_SILENT };
	struct server *s = server_start(script, 1);
	struct net_opts o = opts_for(NULL);
	o.timeout_ms = 300;
	struct net_http *h = client_with(s, &o);
	struct net_response resp;
	char want[96];

	long t0 = ms_now();
	is_int(perform_once(h, req_refuse, &resp), NET_E_NO_ANSWER, "a server that never answers is NO_ANSWER");
	long took = ms_now() - t0;
	ok(took >= 250 && took < 3000, "the timeout bounds the wait (%ld ms)", took);
	snprintf(want, sizeof want, "no answer from 127.0.0.1:%d within 0.3 s", s->port);
	is_str(resp.message, want, "the message names the host and the limit");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

/* A listener on 127.0.0.1 whose backlog is full: new connections hang in the handshake. */
static int blackhole(int *port, int fillers[4])
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 0) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
		perror("blackhole");
		exit(2);
	}
	*port = ntohs(a.sin_port);
	for (int i = 0; i < 4; i++) {
		fillers[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(fillers[i], (struct sockaddr *)&a, sizeof a);
	}
	return fd;
}

static void a_connect_that_never_completes_names_the_limit(void)
{
	int port, fillers[4];
	int fd = blackhole(&port, fillers);
	char endpoint[64], want[96], err[256];
	snprintf(endpoint, sizeof endpoint, "http://127.0.0.1:%d", port);
	struct net_opts o = opts_for(endpoint);
	o.timeout_ms = 500;
	o.connect_timeout_ms = 2000;
	o.retry = NET_RETRY_DEFAULT;
	struct net_http *h = net_http_new(&o, err, sizeof err);
	struct net_response resp;

	long t0 = ms_now();
	is_int(perform_once(h, req_refuse, &resp), NET_E_NOT_SENT, "a connection never accepted is NOT_SENT");
	long took = ms_now() - t0;
	snprintf(want, sizeof want, "could not connect to 127.0.0.1:%d within 0.5 s", port);
	is_str(resp.message, want, "the message names the request's limit when it ran out first");
	ok(took >= 450 && took < 1500, "the request's timeout ends the connect (%ld ms)", took);
	net_response_free(&resp);
	net_http_free(h);
	for (int i = 0; i < 4; i++)
		close(fillers[i]);
	close(fd);
}

static int done_calls;

static void count_done(void *user, const struct flow_request *req, struct net_response *resp)
{
	(void)user;
	(void)req;
	done_calls++;
	net_response_free(resp);
}

static void a_malformed_request_is_not_started(void)
{
	struct net_opts o = opts_for("http://127.0.0.1:9");
	char err[256];
	struct net_http *h = net_http_new(&o, err, sizeof err);
	struct flow_request r;
	struct net_response resp;

	req_init(&r, FLOW_OP_GET_RUN, "DELETE", "GetPipelineRun", "/x");
	done_calls = 0;
	is_int(net_http_start(h, &r, count_done, NULL), -1, "an unsupported method is not started");
	is_int(done_calls, 0, "done is not called for a request that did not start");
	net_http_perform(h, &r, &resp);
	is_int(resp.error, NET_E_NOT_SENT, "performing it reports NOT_SENT");
	ok(resp.message[0] != '\0', "with a message");
	flow_request_free(&r);
	req_init(&r, FLOW_OP_GET_RUN, "GET", "GetPipelineRun", "/a b\r\nx-evil: 1");
	is_int(net_http_start(h, &r, count_done, NULL), -1, "a path that is not percent-encoded is not started");
	flow_request_free(&r);
	is_int(net_http_in_flight(h), 0, "nothing is left in flight");
	net_response_free(&resp);
	net_http_free(h);
}

/* ---- verbose ------------------------------------------------------------------------------- */

static void verbose_shows_the_request_line_but_no_secret(void)
{
	static const enum reply script[] = { ANS_OK };
	struct server *s = server_start(script, 1);
	char *log = NULL;
	size_t loglen = 0;
	FILE *f = open_memstream(&log, &loglen);
	struct net_opts o = opts_for(NULL);
	o.verbose = f;
	o.sts_token = "sts-" SECRET;
	struct net_http *h = client_with(s, &o);
	struct flow_request r;
	struct net_response resp;

	req_init(&r, FLOW_OP_LIST_RUNS, "GET", "ListPipelineRuns", "/organization/o1/pipelines/2/pipelineRuns");
	req_query(&r, "maxResults", "20");
	net_http_perform(h, &r, &resp);
	flow_request_free(&r);
	net_response_free(&resp);
	net_http_free(h);
	fclose(f);
	ok(contains(log, "> GET /organization/o1/pipelines/2/pipelineRuns?maxResults=20\n"),
	   "verbose shows the method, path and query");
	ok(contains(log, "< 200 in ") && contains(log, " ms, requestId=REQ-0\n"),
	   "verbose shows the status, the time and the request id");
	ok(contains_nocase(server_head(s, 0), "authorization:") && !contains_nocase(log, "authorization"),
	   "the Authorization header that was sent is not shown");
	ok(!contains(log, "Signature=") && !contains(log, SECRET), "neither the signature nor a secret is shown");
	free(log);
	server_stop(s);
}

/* ---- asynchronous use ---------------------------------------------------------------------- */

struct async_seen {
	int calls;
	enum net_error error;
	long status;
	char request_id[128];
};

static void remember_done(void *user, const struct flow_request *req, struct net_response *resp)
{
	struct async_seen *seen = user;
	(void)req;
	seen->calls++;
	seen->error = resp->error;
	seen->status = resp->http_status;
	snprintf(seen->request_id, sizeof seen->request_id, "%s", resp->request_id);
	net_response_free(resp);
}

/* Drives h until the server has seen want_requests requests, or two seconds pass. */
static bool drive_until(struct net_http *h, struct server *s, int want_requests)
{
	long t0 = ms_now();
	while (server_requests(s) < want_requests && ms_now() - t0 < 2000) {
		net_http_wait(h, NULL, 0, 20);
		net_http_progress(h);
	}
	return server_requests(s) >= want_requests;
}

static void transfers_run_inside_the_callers_poll(void)
{
	static const enum reply script[] = { ANS_HELD };
	struct server *s = server_start(script, 1);
	struct net_http *h = client(s);
	struct flow_request r;
	struct async_seen a = { 0 }, b = { 0 };
	int p[2];

	if (pipe(p) < 0)
		exit(2);
	req_get(&r);
	ok(net_http_start(h, &r, remember_done, &a) == 0 && net_http_start(h, &r, remember_done, &b) == 0,
	   "two transfers start");
	flow_request_free(&r);
	is_int(net_http_in_flight(h), 2, "both are in flight");
	ok(drive_until(h, s, 2), "both requests reach the server while held");

	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	is_int(net_http_wait(h, &pfd, 1, 50), 0, "an idle extra fd is not reported");
	if (write(p[1], "x", 1) != 1)
		exit(2);
	is_int(net_http_wait(h, &pfd, 1, 2000), 1, "a readable extra fd ends the wait");
	ok(pfd.revents & POLLIN, "its revents say it is readable");
	is_int(net_http_in_flight(h), 2, "the requests are still pending");
	ok(a.calls == 0 && b.calls == 0, "no done is called before the answers");

	server_release(s);
	long t0 = ms_now();
	while (net_http_in_flight(h) > 0 && ms_now() - t0 < 3000) {
		net_http_wait(h, NULL, 0, 100);
		net_http_progress(h);
	}
	ok(a.calls == 1 && b.calls == 1, "each done is called once");
	ok(a.error == NET_OK && b.error == NET_OK && a.status == 200 && b.status == 200,
	   "both answers arrive");
	ok(strcmp(a.request_id, b.request_id) != 0, "each done gets its own answer");
	close(p[0]);
	close(p[1]);
	net_http_free(h);
	server_stop(s);
}

static void a_closed_extra_fd_is_reported(void)
{
	struct net_opts o = opts_for("http://127.0.0.1:9");
	char err[256];
	struct net_http *h = net_http_new(&o, err, sizeof err);
	int p[2];

	if (pipe(p) < 0)
		exit(2);
	close(p[1]);
	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	is_int(net_http_wait(h, &pfd, 1, 2000), 1, "a hung-up extra fd ends the wait");
	ok(pfd.revents & POLLHUP, "its revents carry the hang-up");
	close(p[0]);
	net_http_free(h);
}

static void cancel_all_tells_sent_from_unsent(void)
{
	static const enum reply script[] = { ANS_HELD };
	struct server *s = server_start(script, 1);
	struct net_http *h = client(s);
	struct flow_request r;
	struct async_seen sent = { 0 }, unsent = { 0 };

	req_refuse(&r);
	net_http_start(h, &r, remember_done, &sent);
	ok(drive_until(h, s, 1), "the refuse reaches the server");
	net_http_start(h, &r, remember_done, &unsent);
	flow_request_free(&r);
	net_http_cancel_all(h);
	is_int(net_http_in_flight(h), 0, "nothing is left in flight");
	ok(sent.calls == 1 && unsent.calls == 1, "each cancelled transfer's done is called once");
	is_int(sent.error, NET_E_NO_ANSWER, "a request that left is NO_ANSWER when cancelled");
	is_int(unsent.error, NET_E_CANCELLED, "a request that never left is CANCELLED");
	net_http_free(h);
	server_stop(s);
}

static void free_with_transfers_in_flight(void)
{
	static const enum reply script[] = { ANS_HELD };
	struct server *s = server_start(script, 1);
	struct net_http *h = client(s);
	struct flow_request r;
	struct async_seen seen = { 0 };

	req_get(&r);
	net_http_start(h, &r, remember_done, &seen);
	net_http_start(h, &r, remember_done, &seen);
	flow_request_free(&r);
	drive_until(h, s, 1);
	net_http_free(h);
	is_int(seen.calls, 0, "freeing the transport drops transfers without calling done");
	server_stop(s);
}

/* ---- trying again -------------------------------------------------------------------------- */

static struct net_http *client_retrying(struct server *s, long timeout_ms)
{
	struct net_opts o = opts_for(NULL);
	o.retry = NET_RETRY_DEFAULT;
	o.timeout_ms = timeout_ms;
	return client_with(s, &o);
}

/* The value of header `name` in a request head ("" if absent), into buf. */
static const char *head_value(const char *head, const char *name, char *buf, size_t n)
{
	char key[64];
	snprintf(key, sizeof key, "\r\n%s: ", name);
	const char *p = strcasestr(head, key);
	buf[0] = '\0';
	if (p) {
		p += strlen(key);
		snprintf(buf, n, "%.*s", (int)strcspn(p, "\r\n"), p);
	}
	return buf;
}

static void a_read_is_tried_again_after_a_5xx(void)
{
	static const enum reply script[] = { ANS_503, ANS_OK };
	struct server *s = server_start(script, 2);
	struct net_http *h = client_retrying(s, 5000);
	struct net_response resp;
	char n0[64], n1[64];

	long t0 = ms_now();
	is_int(perform_once(h, req_get, &resp), NET_OK, "a read answered 503 and then 200 succeeds");
	long took = ms_now() - t0;
	is_int(resp.http_status, 200, "the answer of the second try is delivered");
	is_int(server_requests(s), 2, "the server saw the read twice");
	is_int(resp.attempts, 2, "the response counts two tries");
	ok(took >= 190 && took < 1500, "the first pause is about 200 ms (%ld ms)", took);
	ok(resp.seconds >= 0.19 && resp.seconds * 1000 <= took + 1, "the time taken counts both tries and the pause (%g s)",
	   resp.seconds);
	ok(strcmp(head_value(server_head(s, 0), "x-acs-signature-nonce", n0, sizeof n0),
	          head_value(server_head(s, 1), "x-acs-signature-nonce", n1, sizeof n1)) != 0 && n0[0],
	   "each try is signed with a new nonce");
	ok(signature_verifies(server_head(s, 1)), "the second try's signature verifies");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void the_pause_doubles_up_to_the_last_try(void)
{
	static const enum reply script[] = { ANS_503 };
	struct server *s = server_start(script, 1);
	struct net_http *h = client_retrying(s, 5000);
	struct net_response resp;
	struct net_stats st;

	long t0 = ms_now();
	is_int(perform_once(h, req_get, &resp), NET_OK, "a read that keeps getting 503 ends with the answer");
	long took = ms_now() - t0;
	is_int(resp.http_status, 503, "the last 503 is delivered");
	is_int(server_requests(s), 3, "three tries in all, no more");
	is_int(resp.attempts, 3, "the response counts three tries");
	ok(took >= 590 && took < 2000, "the pauses are 200 then 400 ms (%ld ms)", took);
	net_http_stats(h, &st);
	is_int((int)st.requests, 3, "the statistics count each try as a request");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void a_retry_after_is_honoured(void)
{
	static const enum reply script[] = { ANS_429_WAIT, ANS_OK };
	struct server *s = server_start(script, 2);
	struct net_http *h = client_retrying(s, 5000);
	struct net_response resp;

	long t0 = ms_now();
	is_int(perform_once(h, req_get, &resp), NET_OK, "a throttled read is tried again");
	long took = ms_now() - t0;
	is_int(resp.http_status, 200, "and succeeds");
	ok(took >= 690 && took < 2000, "after the 700 ms that x-acs-retry-after asked (%ld ms)", took);
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void a_retry_after_beyond_the_cap_ends_the_tries(void)
{
	static const enum reply script[] = { ANS_503_WAIT_LONG, ANS_OK };
	struct server *s = server_start(script, 2);
	struct net_http *h = client_retrying(s, 5000);
	struct net_response resp;

	long t0 = ms_now();
	perform_once(h, req_get, &resp);
	long took = ms_now() - t0;
	is_int(resp.http_status, 503, "a server asking to wait a minute gets its answer back to the caller");
	is_int(resp.retry_after_ms, 60000, "with its retry-after, for the caller to honour");
	is_int(server_requests(s), 1, "it is not tried again");
	ok(took < 1000, "and nothing waits for it (%ld ms)", took);
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void the_timeout_bounds_every_try(void)
{
	static const enum reply script[] = { ANS_503 };
	struct server *s = server_start(script, 1);
	struct net_http *h = client_retrying(s, 600);
	struct net_response resp;

	long t0 = ms_now();
	perform_once(h, req_get, &resp);
	long took = ms_now() - t0;
	is_int(server_requests(s), 2, "a 600 ms timeout leaves room for one more try, not two");
	ok(took < 600, "the tries and pauses end within the timeout (%ld ms)", took);
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void a_client_error_is_not_tried_again(void)
{
	static const enum reply script[] = { ANS_400, ANS_OK };
	struct server *s = server_start(script, 2);
	struct net_http *h = client_retrying(s, 5000);
	struct net_response resp;

	perform_once(h, req_get, &resp);
	is_int(resp.http_status, 400, "a 400 is delivered as it came");
	is_int(server_requests(s), 1, "a 400 is not tried again");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void a_read_that_got_no_answer_is_tried_again(void)
{
	static const enum reply script[] = { ANS_CLOSE, ANS_TRUNCATED, ANS_OK };
	struct server *s = server_start(script, 3);
	struct net_http *h = client_retrying(s, 5000);
	struct net_response resp;

	is_int(perform_once(h, req_get, &resp), NET_OK, "a read dropped, then cut short, succeeds on the third try");
	is_int(server_requests(s), 3, "three tries reached the server");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void a_too_large_answer_is_not_tried_again(void)
{
	static const enum reply script[] = { ANS_BIG_LENGTH, ANS_OK };
	struct server *s = server_start(script, 2);
	struct net_http *h = client_retrying(s, 5000);
	struct net_response resp;

	is_int(perform_once(h, req_get, &resp), NET_E_TOO_LARGE, "an answer over the cap is TOO_LARGE");
	is_int(server_requests(s), 1, "and is not asked for again");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void an_action_answered_5xx_is_not_tried_again(void)
{
	static const enum reply script[] = { ANS_503, ANS_OK };
	struct server *s = server_start(script, 2);
	struct net_http *h = client_retrying(s, 5000);
	struct net_response resp;

	perform_once(h, req_refuse, &resp);
	is_int(resp.http_status, 503, "a refuse answered 503 is delivered as it came");
	is_int(server_count_heads(s, "POST "), 1, "a refuse answered 503 is sent once");
	is_int(resp.attempts, 1, "one try");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void an_action_without_answer_is_not_tried_again(void)
{
	static const enum reply script[] = { ANS_CLOSE, ANS_OK };
	struct server *s = server_start(script, 2);
	struct net_http *h = client_retrying(s, 5000);
	struct net_response resp;

	is_int(perform_once(h, req_refuse, &resp), NET_E_NO_ANSWER, "a refuse dropped unanswered is NO_ANSWER");
	is_int(server_count_heads(s, "POST "), 1, "a refuse that may have arrived is sent once");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void an_action_that_could_not_connect_is_tried_again(void)
{
	static const enum reply script[] = { ANS_OK };
	int port = closed_port();
	char endpoint[64], err[256];
	snprintf(endpoint, sizeof endpoint, "http://127.0.0.1:%d", port);
	struct net_opts o = opts_for(endpoint);
	o.retry = NET_RETRY_DEFAULT;
	struct net_http *h = net_http_new(&o, err, sizeof err);
	struct flow_request r;
	struct async_seen seen = { 0 };

	req_refuse(&r);
	net_http_start(h, &r, remember_done, &seen);
	flow_request_free(&r);
	long t0 = ms_now();
	while (ms_now() - t0 < 100) {
		net_http_wait(h, NULL, 0, 10);
		net_http_progress(h);
	}
	is_int(seen.calls, 0, "a refuse whose connection was refused waits to try again");
	struct server *s = server_start_on(port, script, 1);
	while (net_http_in_flight(h) > 0 && ms_now() - t0 < 3000) {
		net_http_wait(h, NULL, 0, 100);
		net_http_progress(h);
	}
	ok(seen.calls == 1 && seen.error == NET_OK && seen.status == 200,
	   "once the server listens, the refuse goes through");
	is_int(server_count_heads(s, "POST "), 1, "and reaches it once");
	net_http_free(h);
	server_stop(s);
}

static void an_action_never_sent_says_how_often_it_tried(void)
{
	int port = closed_port();
	char endpoint[64], err[256];
	snprintf(endpoint, sizeof endpoint, "http://127.0.0.1:%d", port);
	struct net_opts o = opts_for(endpoint);
	o.retry = NET_RETRY_DEFAULT;
	struct net_http *h = net_http_new(&o, err, sizeof err);
	struct net_response resp;

	is_int(perform_once(h, req_refuse, &resp), NET_E_NOT_SENT, "a refuse that never connects is NOT_SENT");
	is_int(resp.attempts, 3, "after three tries");
	ok(contains(resp.message, "connection refused (after 3 attempts)"), "the message says how often it tried");
	net_response_free(&resp);
	net_http_free(h);
}

static void the_pause_is_a_timer_not_a_sleep(void)
{
	static const enum reply script[] = { ANS_503, ANS_OK };
	struct server *s = server_start(script, 2);
	struct net_http *h = client_retrying(s, 5000);
	struct flow_request r;
	struct async_seen seen = { 0 };
	long longest_progress = 0, longest_wait = 0;
	int waits = 0;

	req_get(&r);
	net_http_start(h, &r, remember_done, &seen);
	flow_request_free(&r);
	long t0 = ms_now();
	while (seen.calls == 0 && ms_now() - t0 < 3000) {
		long a = ms_now();
		net_http_wait(h, NULL, 0, 5000);
		long b = ms_now();
		net_http_progress(h);
		long c = ms_now();
		longest_wait = b - a > longest_wait ? b - a : longest_wait;
		longest_progress = c - b > longest_progress ? c - b : longest_progress;
		if (seen.calls == 0 && server_requests(s) == 1)
			waits += net_http_in_flight(h) == 1;
	}
	ok(seen.calls == 1 && seen.status == 200, "an asynchronous read is tried again and answered");
	ok(waits > 0, "it stays in flight during the pause");
	ok(longest_progress < 150, "net_http_progress never sleeps through the 200 ms pause (%ld ms)", longest_progress);
	ok(longest_wait < 1500, "a 5 s wait ends when the retry is due (%ld ms)", longest_wait);
	net_http_free(h);
	server_stop(s);
}

static void cancel_during_a_pause(void)
{
	static const enum reply script[] = { ANS_503 };
	struct server *s = server_start(script, 1);
	struct net_http *h = client_retrying(s, 5000);
	struct flow_request r;
	struct async_seen seen = { 0 };

	req_get(&r);
	net_http_start(h, &r, remember_done, &seen);
	flow_request_free(&r);
	drive_until(h, s, 1);
	long t0 = ms_now();
	while (ms_now() - t0 < 50) {
		net_http_wait(h, NULL, 0, 10);
		net_http_progress(h);
	}
	is_int(seen.calls, 0, "a read answered 503 waits to try again");
	net_http_cancel_all(h);
	ok(seen.calls == 1 && seen.error == NET_E_CANCELLED, "cancelling it in its pause reports CANCELLED once");
	is_int(seen.status, 0, "without the status of the abandoned try");
	is_int(server_requests(s), 1, "the second try never goes out");
	net_http_free(h);
	server_stop(s);
}

static void curl_never_resends_by_itself(void)
{
	static const enum reply script[] = { ANS_OK, ANS_CLOSE, ANS_OK };
	struct server *s = server_start(script, 3);
	struct net_http *h = client(s);
	struct net_response resp;

	perform_once(h, req_get, &resp);
	net_response_free(&resp);
	is_int(perform_once(h, req_get, &resp), NET_E_NO_ANSWER,
	       "a read whose kept-alive connection dies unanswered is NO_ANSWER");
	ok(contains(resp.message, "closed the connection without answering"), "the message says the server hung up");
	is_int(server_requests(s), 2, "curl does not send it again by itself, with the same nonce");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void a_read_on_a_dead_connection_is_signed_anew(void)
{
	static const enum reply script[] = { ANS_OK, ANS_CLOSE, ANS_OK };
	struct server *s = server_start(script, 3);
	struct net_http *h = client_retrying(s, 5000);
	struct net_response resp;
	char n1[64], n2[64];

	perform_once(h, req_get, &resp);
	net_response_free(&resp);
	is_int(perform_once(h, req_get, &resp), NET_OK, "a read whose kept-alive connection died succeeds on its next try");
	is_int(server_requests(s), 3, "the server saw it twice");
	ok(strcmp(head_value(server_head(s, 1), "x-acs-signature-nonce", n1, sizeof n1),
	          head_value(server_head(s, 2), "x-acs-signature-nonce", n2, sizeof n2)) != 0 && n1[0],
	   "with a new nonce the second time");
	net_response_free(&resp);
	net_http_free(h);
	server_stop(s);
}

static void verbose_says_when_it_tries_again(void)
{
	static const enum reply script[] = { ANS_503, ANS_503_WAIT_LONG };
	struct server *s = server_start(script, 2);
	char *log = NULL;
	size_t loglen = 0;
	FILE *f = open_memstream(&log, &loglen);
	struct net_opts o = opts_for(NULL);
	o.verbose = f;
	o.retry = NET_RETRY_DEFAULT;
	struct net_http *h = client_with(s, &o);
	struct net_response resp;

	perform_once(h, req_get, &resp);
	net_response_free(&resp);
	net_http_free(h);
	fclose(f);
	ok(contains(log, "< 503 in ") && contains(log, "< trying again in 200 ms (attempt 2 of 3)\n"),
	   "verbose shows the 503, the pause and which try comes next");
	ok(contains(log, "< not trying again: the server asks to wait 60000 ms\n"),
	   "verbose says why it stops trying");
	free(log);
	server_stop(s);
}

int main(void)
{
	endpoints_are_checked();
	credentials_are_checked();
	an_answer_is_delivered();
	response_headers_are_read();
	query_is_percent_encoded();
	get_headers_are_ours();
	post_has_an_empty_body();
	yunxiao_sends_the_token();
	signature_matches_what_is_sent();
	connections_are_kept_alive_but_not_for_actions();
	an_action_is_never_sent_twice();
	a_closed_port_is_not_sent();
	a_truncated_body_is_no_answer();
	a_body_over_the_cap_is_too_large();
	a_silent_server_times_out();
	a_connect_that_never_completes_names_the_limit();
	a_malformed_request_is_not_started();
	verbose_shows_the_request_line_but_no_secret();
	transfers_run_inside_the_callers_poll();
	a_closed_extra_fd_is_reported();
	cancel_all_tells_sent_from_unsent();
	free_with_transfers_in_flight();
	a_read_is_tried_again_after_a_5xx();
	the_pause_doubles_up_to_the_last_try();
	a_retry_after_is_honoured();
	a_retry_after_beyond_the_cap_ends_the_tries();
	the_timeout_bounds_every_try();
	a_client_error_is_not_tried_again();
	a_read_that_got_no_answer_is_tried_again();
	a_too_large_answer_is_not_tried_again();
	an_action_answered_5xx_is_not_tried_again();
	an_action_without_answer_is_not_tried_again();
	an_action_that_could_not_connect_is_tried_again();
	an_action_never_sent_says_how_often_it_tried();
	the_pause_is_a_timer_not_a_sleep();
	cancel_during_a_pause();
	verbose_says_when_it_tries_again();
	curl_never_resends_by_itself();
	a_read_on_a_dead_connection_is_signed_anew();
	return tap_done();
}
