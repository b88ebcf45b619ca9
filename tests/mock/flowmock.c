#include "config.h"

/*
 * flowmock: a stand-in for the Yunxiao Flow classic API and its gateway, and for the Yunxiao
 * token API, for tests, benchmarks and demos. It answers both from one scenario file, checks
 * signatures as the gateway does and tokens as the token API does, injects the faults the
 * scenario asks for and logs one JSON line per request. See tests/mock/README.md.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/sign.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "auth.h"
#include "reply.h"
#include "routes.h"
#include "scenario.h"

#define BODY_MAX ((size_t)8 << 20)
#define PAUSE_STEP_MS 10

struct options {
	const char *scenario;
	const char *log;
	long port;
	bool no_auth;
	long latency_ms;
	bool generate;
	struct mock_generate gen;
};

struct server {
	struct options opt;
	struct mock_scenario *sc;
	struct auth_nonces *nonces;
	FILE *log;
	pthread_mutex_t lock;       /* guards everything below and the scenario */
	unsigned long long served;
	unsigned active;            /* requests decided and not yet completed: the concurrency a client causes */
	atomic_bool stopping;
};

/* One HTTP request, from its first line to its completion. */
struct request {
	char *uri;
	struct strbuf body;
	bool headers_seen;
	bool active;               /* counted in server.active */
	long long arrived_ms;
};

/* What was decided for a request, and how to deliver it. */
struct outcome {
	struct reply reply;
	const char *auth;           /* "ok", "off" or the gateway's code */
	char *canonical;
	const struct mock_fault *fault;
	long delay_ms;
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleeps in short steps so a stopping server never waits on a slow answer; false if stopping. */
static bool pause_ms(struct server *srv, long ms)
{
	while (ms > 0 && !atomic_load(&srv->stopping)) {
		long step = ms < PAUSE_STEP_MS ? ms : PAUSE_STEP_MS;
		struct timespec ts = { 0, step * 1000000L };
		nanosleep(&ts, NULL);
		ms -= step;
	}
	return !atomic_load(&srv->stopping);
}

/* ---- the request log ---------------------------------------------------------------------- */

struct log_facts {
	const char *method, *path, *query, *action;
	enum mock_api api;
	const struct route *route;
	long long arrived_ms;
	unsigned concurrent;       /* requests under way when this one was decided, itself included */
};

static void fault_kinds(struct strbuf *sb, const struct mock_fault *f)
{
	const char *names[] = { "drop", "body", "error", "truncate", "delay", "trickle", "largeBody",
	                        "retryAfter", "applyThenFail" };
	bool on[] = { f->drop, f->body != NULL, f->error, f->truncate >= 0, f->delay_ms > 0,
	              f->trickle_ms > 0, f->large_body_mb > 0, f->retry_after_ms > 0,
	              f->apply_then_fail };
	for (size_t i = 0; i < sizeof on / sizeof on[0]; i++)
		if (on[i])
			strbuf_printf(sb, "%s%s", sb->len ? "+" : "", names[i]);
}

static void log_write(struct server *srv, const struct log_facts *lf, const struct outcome *oc)
{
	if (!srv->log)
		return;
	cJSON *o = cJSON_CreateObject();
	enum route_op op = lf->route ? lf->route->op : ROUTE_LIST_PIPELINES;
	bool has_job = op == ROUTE_PASS || op == ROUTE_REFUSE || op == ROUTE_JOB_LOG;
	cJSON_AddStringToObject(o, "method", lf->method);
	cJSON_AddStringToObject(o, "path", lf->path);
	cJSON_AddStringToObject(o, "query", lf->query);
	cJSON_AddItemToObject(o, "action", lf->action ? cJSON_CreateString(lf->action) : cJSON_CreateNull());
	cJSON_AddStringToObject(o, "api", lf->api == MOCK_API_YUNXIAO ? "yunxiao" : "classic");
	cJSON_AddStringToObject(o, "auth", oc->auth);
	cJSON_AddNumberToObject(o, "status", oc->fault && oc->fault->drop ? 0 : oc->reply.status);
	if (oc->reply.code)
		cJSON_AddStringToObject(o, "code", oc->reply.code);
	cJSON_AddStringToObject(o, "requestId", oc->reply.request_id);
	if (has_job)
		cJSON_AddStringToObject(o, "job", lf->route->job);
	if (lf->route && lf->route->region)
		cJSON_AddStringToObject(o, "edition", "region");
	if (oc->fault) {
		struct strbuf kinds = STRBUF_INIT;
		fault_kinds(&kinds, oc->fault);
		cJSON_AddStringToObject(o, "fault", strbuf_cstr(&kinds));
		strbuf_free(&kinds);
	}
	if (oc->canonical)
		cJSON_AddStringToObject(o, "canonicalRequest", oc->canonical);
	cJSON_AddNumberToObject(o, "time", (double)lf->arrived_ms);
	cJSON_AddNumberToObject(o, "concurrent", lf->concurrent);
	char *line = cJSON_PrintUnformatted(o);
	fprintf(srv->log, "%s\n", line);
	fflush(srv->log);
	cJSON_free(line);
	cJSON_Delete(o);
}

/* ---- deciding the answer ------------------------------------------------------------------ */

struct header_list {
	struct sign_kv *kv;
	size_t n, cap;
};

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
	struct header_list *hl = cls;
	(void)kind;
	if (hl->n == hl->cap) {
		hl->cap = hl->cap ? hl->cap * 2 : 16;
		hl->kv = xrealloc(hl->kv, hl->cap * sizeof *hl->kv);
	}
	hl->kv[hl->n].key = key;
	hl->kv[hl->n++].value = value ? value : "";
	return MHD_YES;
}

static const char *raw_content_type(const struct mock_fault *f)
{
	if (f->content_type)
		return f->content_type;
	return f->body[0] == '<' ? "text/html" : "text/plain";
}

/*
 * A failing fault replaces the answer; truncation alone keeps it and cuts it on the wire. An
 * error takes the shape of the API the request spoke unless the gateway's is asked for.
 */
static void fault_answer(const struct mock_fault *f, const char *host, enum mock_api api, struct reply *r)
{
	if (f->drop)
		return;
	if (f->body)
		reply_raw(r, f->status, f->body, raw_content_type(f));
	else if (f->error && f->gateway_shape)
		reply_gateway_error(r, f->status, scenario_fault_code(f, MOCK_API_CLASSIC),
		                    scenario_fault_message(f, MOCK_API_CLASSIC), host);
	else if (f->error)
		reply_error(r, api, f->status, scenario_fault_code(f, api), scenario_fault_message(f, api));
}

static long long id_or_zero(const char *s)
{
	char *end;
	long long n = s ? strtoll(s, &end, 10) : 0;
	return s && *s && !*end ? n : 0;
}

static void serve_route(struct server *srv, const struct route *rt, const struct route_query *q,
                        const char *host, struct outcome *oc)
{
	struct mock_fault_key m = { rt->action, rt->org, id_or_zero(rt->pipeline),
	                            id_or_zero(rt->run), rt->job };
	const struct mock_fault *f = scenario_fault_take(srv->sc, &m);
	bool apply = !f || !f->failing || f->apply_then_fail;
	route_handle(rt, srv->sc, q, apply, now_ms(), &oc->reply);
	oc->fault = f;
	if (f && f->failing)
		fault_answer(f, host, rt->api, &oc->reply);
}

/* The classic gateway's signature checks, or the token API's token check. */
static bool authentic(struct server *srv, const struct route *rt, const struct auth_request *ar,
                      struct auth_failure *af)
{
	if (rt->api == MOCK_API_YUNXIAO)
		return auth_token_check(srv->sc, ar->headers, ar->nheaders, af);
	return auth_check(srv->sc, srv->nonces, ar, af);
}

/* What a request no operation matched gets: a 404 in the shape of the API its path names. */
static void unrouted(enum mock_api api, const char *host, struct reply *r)
{
	if (api == MOCK_API_YUNXIAO)
		reply_token_error(r, 404, "NotFound", "The API is not found.");
	else
		reply_gateway_error(r, 404, "InvalidAction.NotFound",
		                    "Specified api is not found, please check your url and method.", host);
}

static void decide(struct server *srv, const char *method, struct request *rq,
                   const struct header_list *hl, struct outcome *oc)
{
	char *path = xstrndup(rq->uri, strcspn(rq->uri, "?"));
	const char *query = rq->uri[strlen(path)] ? rq->uri + strlen(path) + 1 : "";
	const char *host = auth_header(hl->kv, hl->n, "host");
	struct route_query q;
	struct route rt;
	struct auth_failure af = { 0, NULL, NULL, NULL };
	char nonce[33];
	route_query_parse(&q, query);
	sign_nonce(nonce);

	pthread_mutex_lock(&srv->lock);
	if (!rq->active) {
		rq->active = true;
		srv->active++;
	}
	snprintf(oc->reply.request_id, sizeof oc->reply.request_id, "MOCK-%llu-%.12s",
	         ++srv->served, nonce);
	bool routed = route_match(&rt, method, path);
	enum mock_api api = routed ? rt.api : route_api_of(path);
	struct auth_request ar = { method, path, q.kv, q.n, hl->kv, hl->n,
	                           rq->body.buf, rq->body.len, rt.action,
	                           time(NULL) + srv->sc->clock_skew };
	oc->auth = !routed ? "unchecked" : srv->opt.no_auth ? "off" : "ok";
	if (!routed) {
		unrouted(api, host, &oc->reply);
	} else if (!srv->opt.no_auth && !authentic(srv, &rt, &ar, &af)) {
		oc->auth = af.code;
		if (api == MOCK_API_YUNXIAO)
			reply_token_error(&oc->reply, af.status, af.code, af.message);
		else
			reply_gateway_error(&oc->reply, af.status, af.code, af.message, host);
		oc->canonical = af.canonical;
		af.canonical = NULL;
	} else {
		serve_route(srv, &rt, &q, host, oc);
	}
	oc->delay_ms = srv->opt.latency_ms + (oc->fault ? oc->fault->delay_ms : 0);
	struct log_facts lf = { method, path, query,
	                        routed ? rt.action : auth_header(hl->kv, hl->n, "x-acs-action"), api,
	                        routed ? &rt : NULL, rq->arrived_ms, srv->active };
	log_write(srv, &lf, oc);
	pthread_mutex_unlock(&srv->lock);

	auth_failure_free(&af);
	route_free(&rt);
	route_query_free(&q);
	free(path);
}

/* ---- delivering it ------------------------------------------------------------------------ */

/* A body sent from a callback: cut short (truncate) or a byte at a time (trickle). */
struct stream {
	struct server *srv;
	char *data;
	size_t len, limit;
	long trickle_ms;
};

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *st = cls;
	if (pos >= st->limit)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	size_t n = st->limit - (size_t)pos < max ? st->limit - (size_t)pos : max;
	if (st->trickle_ms) {
		if (!pause_ms(st->srv, st->trickle_ms))
			return MHD_CONTENT_READER_END_WITH_ERROR;
		n = 1;
	}
	memcpy(buf, st->data + pos, n);
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct stream *st = cls;
	free(st->data);
	free(st);
}

static struct MHD_Response *response_new(struct server *srv, struct outcome *oc)
{
	const struct mock_fault *f = oc->fault;
	struct strbuf *body = &oc->reply.body;
	if (f && f->large_body_mb > 0)
		reply_pad(&oc->reply, f->large_body_mb);
	size_t len = body->len;
	bool cut = f && f->truncate >= 0 && (size_t)f->truncate < len;
	if (!cut && !(f && f->trickle_ms > 0))
		return MHD_create_response_from_buffer(len, strbuf_detach(body), MHD_RESPMEM_MUST_FREE);
	struct stream *st = xcalloc(1, sizeof *st);
	st->srv = srv;
	st->data = strbuf_detach(body);
	st->len = len;
	st->limit = cut ? (size_t)f->truncate : len;
	st->trickle_ms = f->trickle_ms;
	return MHD_create_response_from_callback(len, 32 * 1024, stream_read, st, stream_free);
}

static enum MHD_Result respond(struct server *srv, struct MHD_Connection *c, struct outcome *oc)
{
	const struct mock_fault *f = oc->fault;
	if (!pause_ms(srv, oc->delay_ms) || (f && f->drop))
		return MHD_NO;
	struct MHD_Response *resp = response_new(srv, oc);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", oc->reply.content_type);
	MHD_add_response_header(resp, "x-acs-request-id",
	                        f && f->request_id_header ? f->request_id_header : oc->reply.request_id);
	for (size_t i = 0; i < oc->reply.nheaders; i++)
		MHD_add_response_header(resp, oc->reply.headers[i].name, oc->reply.headers[i].value);
	if (f && f->retry_after_ms > 0) {
		char v[24];
		snprintf(v, sizeof v, "%ld", f->retry_after_ms);
		MHD_add_response_header(resp, "x-acs-retry-after", v);
	}
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)oc->reply.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ---- libmicrohttpd callbacks -------------------------------------------------------------- */

/* Called with the request line's URI before any parsing, so the path arrives still encoded. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct request *rq = xcalloc(1, sizeof *rq);
	(void)cls;
	(void)c;
	rq->uri = xstrdup(uri);
	rq->arrived_ms = now_ms();
	return rq;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct request *rq = *req_cls;
	(void)c;
	(void)toe;
	if (!rq)
		return;
	if (rq->active) {
		pthread_mutex_lock(&srv->lock);
		srv->active--;
		pthread_mutex_unlock(&srv->lock);
	}
	free(rq->uri);
	strbuf_free(&rq->body);
	free(rq);
	*req_cls = NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **req_cls)
{
	struct server *srv = cls;
	struct request *rq = *req_cls;
	(void)url;
	(void)version;
	if (!rq->headers_seen) {
		rq->headers_seen = true;
		return MHD_YES;
	}
	if (*upload_size) {
		if (rq->body.len + *upload_size > BODY_MAX)
			return MHD_NO;
		strbuf_append(&rq->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	struct header_list hl = { NULL, 0, 0 };
	struct outcome oc;
	memset(&oc, 0, sizeof oc);
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &hl);
	decide(srv, method, rq, &hl, &oc);
	enum MHD_Result ret = respond(srv, c, &oc);
	free(hl.kv);
	free(oc.canonical);
	reply_free(&oc.reply);
	return ret;
}

/* ---- command line and main ---------------------------------------------------------------- */

static void usage(FILE *out)
{
	fputs("usage: flowmock --scenario FILE [--port N] [--log FILE] [--no-auth] [--latency MS]\n"
	      "                [--generate N:M:K]\n"
	      "  --scenario FILE  the world to serve (tests/mock/README.md describes the format)\n"
	      "  --port N         port on 127.0.0.1; 0 (the default) picks a free one\n"
	      "  --log FILE       append one JSON line per request\n"
	      "  --no-auth        accept requests without checking signatures or tokens (benchmark baseline)\n"
	      "  --latency MS     delay every answer (each connection waits on its own)\n"
	      "  --generate N:M:K the first org gets N pipelines, M of them waiting at K gates each\n"
	      "Prints \"port N\" when ready; SIGTERM or SIGINT stop it.\n", out);
}

static bool parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || !*s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* "N:M:K": N pipelines, M <= N of them running, K gates each. */
static bool parse_generate(const char *s, struct mock_generate *g)
{
	char *end;
	long *fields[] = { &g->pipelines, &g->running, &g->gates };
	for (size_t i = 0; i < 3; i++) {
		errno = 0;
		if (*s < '0' || *s > '9')
			return false;
		*fields[i] = strtol(s, &end, 10);
		if (errno || *end != (i < 2 ? ':' : '\0'))
			return false;
		s = end + 1;
	}
	return g->pipelines <= 1000000 && g->running <= g->pipelines && g->gates <= 10000;
}

/* 0 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct options *opt)
{
	static const struct option longs[] = {
		{ "scenario", required_argument, NULL, 's' }, { "port", required_argument, NULL, 'p' },
		{ "log", required_argument, NULL, 'l' },      { "no-auth", no_argument, NULL, 'n' },
		{ "latency", required_argument, NULL, 't' },  { "help", no_argument, NULL, 'h' },
		{ "generate", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	while ((ch = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		switch (ch) {
		case 's': opt->scenario = optarg; break;
		case 'l': opt->log = optarg; break;
		case 'n': opt->no_auth = true; break;
		case 'p':
			if (!parse_long(optarg, 0, 65535, &opt->port))
				goto bad;
			break;
		case 't':
			if (!parse_long(optarg, 0, 3600000, &opt->latency_ms))
				goto bad;
			break;
		case 'g':
			if (!parse_generate(optarg, &opt->gen))
				goto bad;
			opt->generate = true;
			break;
		case 'h': usage(stdout); return -1;
		default: goto bad;
		}
	}
	if (opt->scenario && optind == argc)
		return 0;
bad:
	usage(stderr);
	return 2;
}

static struct MHD_Daemon *daemon_start(struct server *srv)
{
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)srv->opt.port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
	                        MHD_USE_POLL | MHD_USE_ERROR_LOG,
	                        (uint16_t)srv->opt.port, NULL, NULL, on_request, srv,
	                        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	                        MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
	                        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
	                        MHD_OPTION_CONNECTION_TIMEOUT, 60u,
	                        MHD_OPTION_END);
}

static int run(struct server *srv)
{
	sigset_t stop;
	int sig;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	/* a shell starts background jobs with SIGINT ignored; POSIX may discard an ignored signal */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	/* blocked before any thread starts, so only sigwait() below sees them */
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct MHD_Daemon *d = daemon_start(srv);
	if (!d) {
		fprintf(stderr, "flowmock: cannot listen on 127.0.0.1:%ld\n", srv->opt.port);
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("port %u\n", info ? (unsigned)info->port : (unsigned)srv->opt.port);
	fflush(stdout);
	sigwait(&stop, &sig);
	atomic_store(&srv->stopping, true);
	MHD_stop_daemon(d);
	return 0;
}

int main(int argc, char **argv)
{
	struct server srv;
	struct strbuf err = STRBUF_INIT;
	memset(&srv, 0, sizeof srv);
	int status = parse_args(argc, argv, &srv.opt);
	if (status)
		return status < 0 ? 0 : status;
	srv.sc = scenario_load(srv.opt.scenario, srv.opt.generate ? &srv.opt.gen : NULL, now_ms(), &err);
	if (!srv.sc) {
		fprintf(stderr, "flowmock: %s\n", strbuf_cstr(&err));
		strbuf_free(&err);
		return 1;
	}
	if (srv.opt.log && !(srv.log = fopen(srv.opt.log, "a"))) {
		fprintf(stderr, "flowmock: %s: %s\n", srv.opt.log, strerror(errno));
		scenario_free(srv.sc);
		return 1;
	}
	srv.nonces = auth_nonces_new();
	pthread_mutex_init(&srv.lock, NULL);
	atomic_init(&srv.stopping, false);
	status = run(&srv);
	pthread_mutex_destroy(&srv.lock);
	auth_nonces_free(srv.nonces);
	scenario_free(srv.sc);
	if (srv.log)
		fclose(srv.log);
	return status;
}
