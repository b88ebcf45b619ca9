#include "config.h"

#include "app/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/http.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

/* The settings' words, read once by conf, in the words of the domain and the transport. */
static enum flow_backend backend_of(enum conf_api api)
{
	return api == CONF_API_YUNXIAO ? FLOW_BACKEND_YUNXIAO : FLOW_BACKEND_CLASSIC;
}

static enum sign_version signature_of(enum conf_signature sig)
{
	return sig == CONF_SIGNATURE_V1 ? SIGN_V1 : SIGN_V3;
}

int session_open(struct session *s, const struct conf *flags, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	conf_init(&s->conf);
	if (conf_resolve(&s->conf, flags, err, errlen) != 0)
		return EXIT_CONFIG;
	s->backend = backend_of(s->conf.api);
	/* The server's errors in the language the messages took: Chinese needs a UTF-8 charset. */
	s->lang = i18n_use(s->conf.lang == CONF_LANG_ZH) ? FLOW_LANG_ZH : FLOW_LANG_EN;
	s->target = (struct flow_target){ s->backend,
	                                  s->conf.edition == CONF_EDITION_REGION ? FLOW_EDITION_REGION
	                                                                         : FLOW_EDITION_CENTRAL,
	                                  s->conf.org };
	if (s->target.edition == FLOW_EDITION_CENTRAL && (!s->conf.org || !*s->conf.org)) {
		snprintf(err, errlen, "%s", _("no organization: give --org ID, set FLOWGATE_ORG, "
		                              "or put \"org = ID\" in the config file"));
		return EXIT_USAGE;
	}
	if (conf_credentials_load(&s->cred, s->conf.api, s->conf.profile, err, errlen) != 0)
		return EXIT_CONFIG;
	conf_credential_label(s->key_id, &s->cred);

	struct net_opts o = {
		.endpoint = s->conf.endpoint,
		.backend = s->backend,
		.signature = signature_of(s->conf.signature),
		.ak_id = s->cred.ak_id,
		.ak_secret = s->cred.ak_secret,
		.sts_token = s->cred.sts_token,
		.token = s->cred.token,
		.timeout_ms = s->conf.timeout * 1000L,
		.connect_timeout_ms = s->conf.timeout * 1000L < 10000 ? s->conf.timeout * 1000L : 10000,
		.verbose = s->conf.verbose == CONF_YES ? stderr : NULL,
		.retry = NET_RETRY_DEFAULT,
	};
	s->http = net_http_new(&o, err, errlen);
	return s->http ? EXIT_OK : EXIT_CONFIG;
}

void session_close(struct session *s)
{
	net_http_free(s->http);
	s->http = NULL;
	conf_credentials_free(&s->cred);
	conf_free(&s->conf);
}

int session_endpoint_check(const char *url, char *err, size_t errlen)
{
	return net_endpoint_check(url, err, errlen);
}

/* Answers that say the credentials, the signature or the clock are wrong, not the request. */
static bool is_credentials_error(const struct flow_result *r)
{
	static const char *const prefixes[] = {
		"InvalidAccessKeyId", "SignatureDoesNotMatch", "IncompleteSignature",
		"InvalidSecurityToken", "InvalidTimeStamp", "InvalidTokenError", "ExpiredTokenError",
	};
	if (r->http_status == 401)
		return true;
	if (!r->error_code)
		return false;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(r->error_code, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

/* Kept in UTF-8 for --json and the audit log; what shows it sanitises again for the terminal. */
static char *sanitized(const char *s)
{
	return text_sanitize(s, s ? strlen(s) : 0, false);
}

/* text with every credential of the session cut out of it. */
static char *redacted(const struct session *s, const char *text)
{
	const char *secrets[] = { s->cred.ak_secret, s->cred.sts_token, s->cred.token };
	char *out = xstrdup(text);

	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		const char *secret = secrets[i], *hit;
		if (!secret || !*secret)
			continue;
		struct strbuf sb = STRBUF_INIT;
		const char *p = out;
		while ((hit = strstr(p, secret))) {
			strbuf_append(&sb, p, (size_t)(hit - p));
			strbuf_puts(&sb, "***");
			p = hit + strlen(secret);
		}
		strbuf_puts(&sb, p);
		xfree_secret(out);
		out = strbuf_detach(&sb);
	}
	return out;
}

/*
 * The mapped message, and with --verbose the server's own words after it when they say more
 * (a SignatureDoesNotMatch quotes the server's string-to-sign, which holds an STS token: cut).
 */
static char *describe(const struct session *s, const struct flow_result *res, bool action)
{
	char *mapped = action ? flow_error_describe(res, s->lang) : flow_error_describe_read(res, s->lang);
	const char *own = res->error_message;

	if (s->conf.verbose != CONF_YES || res->status != FLOW_E_API || !own || !*own || strstr(mapped, own))
		return mapped;
	char *words = redacted(s, own);
	char *both = xasprintf(_("%s The server said: %s"), mapped, words);
	free(mapped);
	xfree_secret(words);
	return both;
}

static bool op_is_action(enum flow_op op)
{
	return op == FLOW_OP_PASS || op == FLOW_OP_REFUSE;
}

/* Fills o from the transport's reply and, when an answer came, what was parsed of it (moved). */
static void outcome_from(struct outcome *o, const struct session *s, enum flow_op op, const struct net_response *resp,
                         struct flow_result *parsed)
{
	struct outcome_facts f = { .action = op_is_action(op), .answered = resp->error == NET_OK };

	memset(o, 0, sizeof(*o));
	if (!f.answered) {
		o->res.http_status = resp->http_status;
		o->res.request_id = resp->request_id[0] ? xstrdup(resp->request_id) : NULL;
		/*
		 * An answer that began (its status arrived) but was cut off is unusable, not lost; one
		 * that was too slow to finish is a timeout like any other.
		 */
		f.sent = resp->error != NET_E_NOT_SENT && resp->error != NET_E_CANCELLED;
		f.began = resp->error == NET_E_TOO_LARGE ||
		          (resp->error == NET_E_NO_ANSWER && resp->http_status > 0 && !resp->timed_out);
		f.cancelled = resp->error == NET_E_CANCELLED;
		outcome_classify(o, &f);
		o->message = sanitized(resp->message);
		return;
	}
	o->res = *parsed;
	memset(parsed, 0, sizeof(*parsed));
	f.credentials = is_credentials_error(&o->res);
	outcome_classify(o, &f);
	if (o->kind == OUTCOME_OK)
		return;
	char *raw = describe(s, &o->res, f.action);
	o->message = sanitized(raw);
	free(raw);
}

/* One request in flight, from start to its outcome. */
struct session_request {
	struct session *s;
	session_parse_fn parse;
	session_done_fn done;
	void *user;
};

static void session_request_done(void *user, const struct flow_request *req, struct net_response *resp)
{
	struct session_request *r = user;
	struct flow_result res = { 0 };
	struct outcome o;

	if (resp->error == NET_OK) {
		struct flow_reply reply;
		net_response_reply(resp, &reply);
		r->parse(req, &reply, r->s->backend, &res, r->user);
	}
	outcome_from(&o, r->s, req->op, resp, &res);
	r->done(r->user, req, &o);
	outcome_free(&o);
	flow_result_free(&res);
	net_response_free(resp);
	free(r);
}

int session_start(struct session *s, const struct flow_request *req, session_parse_fn parse,
                  session_done_fn done, void *user)
{
	struct session_request *r = xcalloc(1, sizeof(*r));

	*r = (struct session_request){ s, parse, done, user };
	if (net_http_start(s->http, req, session_request_done, r) == 0)
		return 0;
	free(r);
	return -1;
}

struct session_fetch_wait {
	session_parse_fn parse;
	void *user;
	struct outcome *out;
	bool finished;
};

static enum flow_status session_fetch_parse(const struct flow_request *req, const struct flow_reply *r,
                                            enum flow_backend b, struct flow_result *res, void *user)
{
	struct session_fetch_wait *w = user;
	return w->parse(req, r, b, res, w->user);
}

static void session_fetch_done(void *user, const struct flow_request *req, struct outcome *o)
{
	struct session_fetch_wait *w = user;

	(void)req;
	*w->out = *o;
	memset(o, 0, sizeof(*o));
	w->finished = true;
}

void session_fetch(struct session *s, const struct flow_request *req, session_parse_fn parse, void *user,
                   struct outcome *o)
{
	struct session_fetch_wait w = { parse, user, o, false };

	if (session_start(s, req, session_fetch_parse, session_fetch_done, &w) != 0) {
		memset(o, 0, sizeof(*o));
		o->kind = OUTCOME_NOT_SENT;
		o->message = xstrdup(_("the request could not be started"));
		return;
	}
	session_wait(s, &w.finished, -1);
}

bool session_wait(struct session *s, const bool *finished, int stop_fd)
{
	struct pollfd stop = { stop_fd, POLLIN, 0 };

	net_http_progress(s->http);
	/* Short polls: a stop (SIGSTOP) inside one is told from the poll's own wait only beyond its time-out. */
	while (!*finished) {
		if (session_poll(s, &stop, stop_fd >= 0 ? 1 : 0, 250) > 0 && (stop.revents & POLLIN))
			return true;
		net_http_progress(s->http);
	}
	return false;
}

int session_poll(struct session *s, struct pollfd *extra, unsigned nextra, int timeout_ms)
{
	return net_http_wait(s->http, extra, nextra, timeout_ms);
}

void session_progress(struct session *s)
{
	net_http_progress(s->http);
}

unsigned session_in_flight(const struct session *s)
{
	return net_http_in_flight(s->http);
}

void session_cancel_all(struct session *s)
{
	net_http_cancel_all(s->http);
}
