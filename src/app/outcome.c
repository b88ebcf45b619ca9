#include "config.h"

#include "app/outcome.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

static bool is_4xx(long status)
{
	return status >= 400 && status < 500;
}

static void outcome_of_answer(struct outcome *o, const struct outcome_facts *f)
{
	switch (o->res.status) {
	case FLOW_OK:
		o->kind = OUTCOME_OK;
		return;
	case FLOW_E_API:
		if (f->action && !is_4xx(o->res.http_status)) {
			o->kind = OUTCOME_UNKNOWN;
			return;
		}
		o->kind = OUTCOME_REFUSED;
		o->cause = f->credentials ? CAUSE_CREDENTIALS : CAUSE_NONE;
		return;
	case FLOW_E_RESPONSE:
		break;
	}
	/* An answer we cannot read says nothing about whether the action was done. */
	o->kind = OUTCOME_UNKNOWN;
	o->cause = CAUSE_UNUSABLE;
}

void outcome_classify(struct outcome *o, const struct outcome_facts *f)
{
	o->cause = CAUSE_NONE;
	if (f->answered) {
		outcome_of_answer(o, f);
		return;
	}
	if (!f->sent) {
		o->kind = OUTCOME_NOT_SENT;
		o->cause = f->cancelled ? CAUSE_CANCELLED : CAUSE_NONE;
		return;
	}
	o->kind = OUTCOME_UNKNOWN;
	o->cause = f->began ? CAUSE_UNUSABLE : CAUSE_NONE;
}

/*
 * Each kind's audit word and headline, side by side so that they cannot drift apart; the headline
 * is translated where it is shown, the audit word never.
 */
static const struct {
	const char *word;
	const char *headline;
} outcome_names[] = {
	[OUTCOME_OK] = { "ok", N_("ok") },
	[OUTCOME_REFUSED] = { "refused", N_("rejected by the server") },
	[OUTCOME_UNKNOWN] = { "unknown", N_("outcome unknown") },
	[OUTCOME_NOT_SENT] = { "network-error", N_("not sent") },
};

const char *outcome_word(enum outcome_kind k)
{
	return outcome_names[k].word;
}

const char *outcome_headline(enum outcome_kind k)
{
	return _(outcome_names[k].headline);
}

/* Appends a fact of an answer to a list of them: after a translated ", " unless it is the first. */
__attribute__((format(printf, 2, 3)))
static void fact_add(struct strbuf *list, const char *fmt, ...)
{
	struct strbuf fact = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(&fact, fmt, ap);
	va_end(ap);
	if (list->len)
		/* TRANSLATORS: each further fact of an answer on a line: ", HTTP 403", ", Forbidden.AccessDenied". */
		strbuf_printf(list, _(", %s"), strbuf_cstr(&fact));
	else
		strbuf_puts(list, strbuf_cstr(&fact));
	strbuf_free(&fact);
}

/* The HTTP status only when an answer came: never "HTTP 0". */
static void fact_add_http(struct strbuf *list, long http_status)
{
	if (http_status > 0)
		fact_add(list, "HTTP %ld", http_status);
}

static void fact_add_code(struct strbuf *list, const char *code)
{
	if (code && *code)
		fact_add(list, "%s", code);
}

static void fact_add_request_id(struct strbuf *list, const char *request_id)
{
	if (request_id)
		fact_add(list, "requestId=%s", request_id);
}

char *outcome_line(const char *what, const char *headline, long http_status, const char *code,
                   const char *request_id)
{
	struct strbuf sb = STRBUF_INIT;

	/* TRANSLATORS: a thing, then what is said of it: "refuse job 1001: ok", "Forbidden.AccessDenied: no permission". */
	strbuf_printf(&sb, _("%s: %s"), what, headline);
	fact_add_http(&sb, http_status);
	fact_add_code(&sb, code);
	fact_add_request_id(&sb, request_id);
	return strbuf_detach(&sb);
}

/* Whether a message already names the status ("… (HTTP 503) …"): the facts then leave it out. */
static bool names_status(const char *message, long http_status)
{
	char status[32];
	size_t n = (size_t)snprintf(status, sizeof(status), "HTTP %ld", http_status);

	for (const char *p = strstr(message, status); p; p = strstr(p + 1, status))
		if (!isdigit((unsigned char)p[n]))
			return true;
	return false;
}

char *outcome_read_line(const char *message, long http_status, const char *code, const char *request_id)
{
	struct strbuf facts = STRBUF_INIT;

	fact_add_code(&facts, code);
	if (!names_status(message, http_status))
		fact_add_http(&facts, http_status);
	fact_add_request_id(&facts, request_id);
	if (!facts.len)
		return xstrdup(message);
	/* TRANSLATORS: why a read failed, then what the answer said: "The pipeline is not found. (NotFound, HTTP 404)". */
	char *line = xasprintf(_("%s (%s)"), message, strbuf_cstr(&facts));
	strbuf_free(&facts);
	return line;
}

int outcome_exit_code(const struct outcome *o)
{
	switch (o->kind) {
	case OUTCOME_OK:
		return o->audit_error ? EXIT_AUDIT : EXIT_OK;
	case OUTCOME_REFUSED:
		return o->cause == CAUSE_CREDENTIALS ? EXIT_CONFIG : EXIT_API;
	case OUTCOME_UNKNOWN:
		return o->cause == CAUSE_UNUSABLE ? EXIT_RESPONSE : EXIT_NETWORK;
	case OUTCOME_NOT_SENT:
		break;
	}
	return o->cause == CAUSE_LOCAL ? EXIT_CONFIG : EXIT_NETWORK;
}

void outcome_local(struct outcome *o, const char *why)
{
	memset(o, 0, sizeof(*o));
	o->kind = OUTCOME_NOT_SENT;
	o->cause = CAUSE_LOCAL;
	o->message = text_sanitize(why, strlen(why), false);
}

void outcome_free(struct outcome *o)
{
	flow_result_free(&o->res);
	free(o->message);
	free(o->audit_error);
	o->message = NULL;
	o->audit_error = NULL;
}
