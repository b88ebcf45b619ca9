#include "config.h"

#include "app/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/audit.h"
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

static enum flow_lang lang_of(enum conf_lang lang)
{
	return lang == CONF_LANG_ZH ? FLOW_LANG_ZH : FLOW_LANG_EN;
}

int session_open(struct session *s, const struct conf *flags, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	conf_init(&s->conf);
	if (conf_resolve(&s->conf, flags, err, errlen) != 0)
		return EXIT_CONFIG;
	s->backend = backend_of(s->conf.api);
	s->lang = lang_of(s->conf.lang);
	i18n_use(s->lang == FLOW_LANG_ZH);
	if (!s->conf.org || !*s->conf.org) {
		snprintf(err, errlen, "no organization: give --org ID, set FLOWGATE_ORG, "
		                      "or put \"org = ID\" in the config file");
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

static char *sanitized(const char *s)
{
	return text_sanitize(s, s ? strlen(s) : 0, !text_locale_is_utf8());
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
static char *describe(const struct session *s, const struct flow_result *res)
{
	char *mapped = flow_error_describe(res, s->lang);
	const char *own = res->error_message;

	if (s->conf.verbose != CONF_YES || res->status != FLOW_E_API || !own || !*own || strstr(mapped, own))
		return mapped;
	char *words = redacted(s, own);
	char *both = xasprintf("%s The server said: %s", mapped, words);
	free(mapped);
	xfree_secret(words);
	return both;
}

void outcome_from(struct outcome *o, const struct session *s, const struct net_response *resp,
                  struct flow_result *parsed)
{
	memset(o, 0, sizeof(*o));
	o->net = resp->error;
	if (resp->error != NET_OK || !parsed) {
		o->res.http_status = resp->http_status;
		o->res.request_id = resp->request_id[0] ? xstrdup(resp->request_id) : NULL;
		/*
		 * An answer that began (its status arrived) but was cut off is unusable, not lost; one
		 * that was too slow to finish is a timeout like any other.
		 */
		bool began = resp->error == NET_E_NO_ANSWER && resp->http_status > 0 && !resp->timed_out;
		o->exit_code = resp->error == NET_E_TOO_LARGE || began ? EXIT_RESPONSE : EXIT_NETWORK;
		o->message = sanitized(resp->message);
		return;
	}
	o->res = *parsed;
	memset(parsed, 0, sizeof(*parsed));
	switch (o->res.status) {
	case FLOW_OK:
		o->exit_code = EXIT_OK;
		return;
	case FLOW_E_API:
		o->exit_code = is_credentials_error(&o->res) ? EXIT_CONFIG : EXIT_API;
		break;
	case FLOW_E_RESPONSE:
		o->exit_code = EXIT_RESPONSE;
		break;
	}
	char *raw = describe(s, &o->res);
	o->message = sanitized(raw);
	free(raw);
}

void outcome_free(struct outcome *o)
{
	flow_result_free(&o->res);
	free(o->message);
	o->message = NULL;
}

const char *outcome_audit_word(const struct outcome *o)
{
	switch (o->net) {
	case NET_OK:
		break;
	case NET_E_NOT_SENT:
		return "network-error";
	case NET_E_NO_ANSWER:
	case NET_E_TOO_LARGE:
	case NET_E_CANCELLED:
		return "unknown";
	}
	switch (o->res.status) {
	case FLOW_OK:
		return "ok";
	case FLOW_E_API:
		return "refused";
	case FLOW_E_RESPONSE:
		break;
	}
	/* An answer we cannot read says nothing about whether the action was done. */
	return "unknown";
}

int session_audit(const struct session *s, const struct flow_request *req, int64_t pipeline, int64_t run,
                  const char *job, const char *job_name, const struct outcome *o, const char *via,
                  char *err, size_t errlen)
{
	struct audit_entry e = {
		.action = flow_op_word(req->op),
		.key_id = s->key_id,
		.endpoint = s->conf.endpoint,
		.org = s->conf.org,
		.pipeline = pipeline,
		.run = run,
		.job = job,
		.job_name = job_name,
		.http_status = o->res.http_status,
		.error_code = o->res.error_code,
		.request_id = o->res.request_id,
		.outcome = outcome_audit_word(o),
		.via = via,
	};
	if (audit_is_off(s->conf.audit_log))
		return 0;
	return audit_append(s->conf.audit_log, &e, err, errlen);
}
