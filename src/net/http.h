#ifndef FLOWGATE_NET_HTTP_H
#define FLOWGATE_NET_HTTP_H
/*
 * The libcurl transport. One curl multi handle per process keeps connections alive; requests run
 * synchronously (command line) or inside the caller's event loop (console). Same signing, same
 * reply for both.
 */

#include <poll.h>
#include <stdbool.h>
#include <stdio.h>

#include "flow/api.h"
#include "net/sign.h"
#include "util/strbuf.h"

#define NET_MAX_BODY (16u << 20)   /* a reply larger than this is refused while reading */

/*
 * When a request is tried again. A read (GET) is, after a connection failure, a 5xx or throttling
 * (HTTP 429 or a positive x-acs-retry-after); a pass or refuse only when its connection failed
 * before any byte of it left. The pause doubles from base_ms up to cap_ms and is never shorter
 * than x-acs-retry-after; a server asking for more than cap_ms, or a pause that would not end
 * well within timeout_ms of the first try, ends the tries. All zero: never tried again.
 */
struct net_retry {
	unsigned attempts;         /* the most tries in all, the first included */
	long base_ms;
	long cap_ms;
};
#define NET_RETRY_DEFAULT ((struct net_retry){ .attempts = 3, .base_ms = 200, .cap_ms = 5000 })

struct net_opts {
	const char *endpoint;      /* https://host[:port]; http:// only for loopback hosts */
	enum flow_backend backend;
	enum sign_version signature;
	const char *ak_id;         /* classic backend */
	const char *ak_secret;
	const char *sts_token;     /* NULL or "" when not STS */
	const char *token;         /* yunxiao backend */
	long timeout_ms;           /* whole request, every try and pause included */
	long connect_timeout_ms;
	FILE *verbose;             /* NULL: quiet; else request line, status, timing, retries (never a secret) */
	struct net_retry retry;
};

enum net_error {
	NET_OK = 0,                /* an HTTP answer arrived (any status) */
	NET_E_NOT_SENT,            /* failed before any byte of the request left: safe to retry */
	NET_E_NO_ANSWER,           /* the request may have reached the server, but no full answer came */
	NET_E_TOO_LARGE,           /* the body passed NET_MAX_BODY */
	NET_E_CANCELLED,           /* abandoned by net_http_cancel_all (e.g. on a signal) */
};

struct net_response {
	enum net_error error;
	char message[256];         /* for errors: what went wrong, in words, no secret */
	long http_status;
	struct strbuf body;
	char request_id[128];      /* x-acs-request-id header, "" if none */
	long retry_after_ms;       /* x-acs-retry-after, 0 if none */
	char next_page[32];        /* x-next-page, "" if none */
	double seconds;            /* total time */
	unsigned attempts;         /* tries made: 1 unless tried again */
	bool timed_out;            /* the error is the time limit running out */
};

void net_response_free(struct net_response *r);
/* A view of r for the flow_parse_* functions (valid while r lives). */
void net_response_reply(const struct net_response *r, struct flow_reply *out);

struct net_http;

/* 0 when url is an endpoint net_http_new accepts; else -1 and why in err (never echoing url). */
int net_endpoint_check(const char *url, char *err, size_t errlen);

/*
 * NULL with a message in err when the endpoint is malformed or plain http to a non-loopback host,
 * or the backend's credentials are missing or would not fit in a header.
 */
struct net_http *net_http_new(const struct net_opts *o, char *err, size_t errlen);
void net_http_free(struct net_http *h);   /* drops transfers in flight; their done is not called */

/*
 * Sends req and waits for its answer, trying again as net_opts.retry says. Pass and refuse go out
 * on a fresh connection, and never twice.
 */
void net_http_perform(struct net_http *h, const struct flow_request *req, struct net_response *out);

/*
 * Asynchronous use. `done` is called from net_http_progress() or net_http_cancel_all(); `resp` is
 * the callee's to free (net_response_free), or to keep by copying the struct: its storage lasts
 * only for the call. `done` must not free the handle.
 */
typedef void (*net_done_fn)(void *user, const struct flow_request *req, struct net_response *resp);

/*
 * Starts req (copied). Returns 0, or -1 when it could not be started (then done is not called).
 * Tries again as net_http_perform does: a pause between tries is a timer that net_http_wait
 * honours and net_http_progress acts on, never a sleep, and the transfer stays in flight.
 */
int net_http_start(struct net_http *h, const struct flow_request *req, net_done_fn done, void *user);

/*
 * Waits up to timeout_ms (less when a retry falls due sooner) for activity on the transfers'
 * sockets or on any of `extra` (their revents are set). Returns the number of extra fds with events.
 */
int net_http_wait(struct net_http *h, struct pollfd *extra, unsigned nextra, int timeout_ms);
void net_http_progress(struct net_http *h);   /* moves transfers on; calls done for finished ones */
unsigned net_http_in_flight(const struct net_http *h);
/* Abandons every transfer: each done is called with NET_E_CANCELLED (NET_E_NO_ANSWER if bytes left). */
void net_http_cancel_all(struct net_http *h);

/* Statistics for benchmarks and tests. */
struct net_stats {
	unsigned long requests;
	unsigned long connections;   /* new connections opened */
};
void net_http_stats(const struct net_http *h, struct net_stats *out);

#endif
