#include "config.h"

#include "app/session.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/audit.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define ATTEMPT_HEX 16

/* A pass or refuse from its "sending" line to its outcome line. */
struct action {
	struct session *s;
	struct gate_target g;      /* its job and job_name point to the copies below */
	char *job, *job_name;
	const char *via;
	char attempt[ATTEMPT_HEX + 1];
	session_action_fn done;
	void *user;
};

static void action_free(struct action *a)
{
	if (!a)
		return;
	free(a->job);
	free(a->job_name);
	free(a);
}

/* The action's name in a message; flow_op_word's is the audit log's. */
static const char *op_name(enum flow_op op)
{
	return op == FLOW_OP_PASS ? _("pass") : _("refuse");
}

/* 16 hex digits from the kernel's random source, naming one attempt in the audit log. */
static int attempt_id(char out[ATTEMPT_HEX + 1], char *err, size_t errlen)
{
	unsigned char raw[ATTEMPT_HEX / 2];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, raw, sizeof(raw));

	if (fd >= 0)
		close(fd);
	if (n != (ssize_t)sizeof(raw)) {
		snprintf(err, errlen, _("cannot read /dev/urandom for the audit log's attempt id: %s"),
		         n < 0 ? strerror(errno) : _("short read"));
		return -1;
	}
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

static int action_audit(const struct action *a, const char *outcome, const struct flow_result *res, char *err,
                        size_t errlen)
{
	const struct session *s = a->s;
	struct audit_entry e = {
		.action = flow_op_word(a->g.op),
		.key_id = s->key_id,
		.endpoint = s->conf.endpoint,
		.org = s->conf.org,
		.pipeline = a->g.pipeline,
		.run = a->g.run,
		.job = a->g.job,
		.job_name = a->g.job_name,
		.http_status = res ? res->http_status : 0,
		.error_code = res ? res->error_code : NULL,
		.request_id = res ? res->request_id : NULL,
		.outcome = outcome,
		.attempt = a->attempt,
		.via = a->via,
	};
	if (audit_is_off(s->conf.audit_log))   /* the user's explicit choice */
		return 0;
	return audit_append(s->conf.audit_log, &e, err, errlen);
}

static enum flow_status action_parse(const struct flow_request *req, const struct flow_reply *r, enum flow_backend b,
                                     struct flow_result *res, void *user)
{
	(void)req;
	(void)user;
	return flow_parse_action(r, b, res);
}

/*
 * The outcome line could not be written: the log holds a "sending" line alone, as if flowgate had
 * died. What became of the attempt is said here instead, with its requestId, so it is not lost.
 */
static char *action_unaudited(const struct action *a, const struct outcome *o, const char *why)
{
	const char *rid = o->res.request_id ? o->res.request_id : "-";

	if (o->kind == OUTCOME_NOT_SENT)
		/* TRANSLATORS: "pass" or "refuse", the job id, the audit log's path, why it could not be written. */
		return xasprintf(_("the %s of job %s was not sent, but the audit log %s lacks the line that says so "
		                   "(its \"sending\" line stands alone): %s"),
		                 op_name(a->g.op), a->g.job, a->s->conf.audit_log, why);
	/* TRANSLATORS: "pass" or "refuse", the job id, the outcome word (ok, refused, unknown), the requestId,
	 * the audit log's path, why it could not be written. */
	return xasprintf(_("the %s of job %s WAS sent (outcome %s, requestId=%s), but the audit log %s lacks its "
	                   "outcome line (its \"sending\" line stands alone): %s"),
	                 op_name(a->g.op), a->g.job, outcome_word(o->kind), rid, a->s->conf.audit_log, why);
}

/* Every attempt that was sent, or tried to be, ends here: the outcome line, then the caller. */
static void action_done(void *user, const struct flow_request *req, struct outcome *o)
{
	struct action *a = user;
	char err[512];

	(void)req;
	if (action_audit(a, outcome_word(o->kind), &o->res, err, sizeof(err)) != 0)
		o->audit_error = action_unaudited(a, o, err);
	a->done(a->user, &a->g, o);
	action_free(a);
}

/* Nothing could be started after the "sending" line: still an attempt, reported and audited. */
static void action_not_started(struct action *a)
{
	struct outcome o;

	memset(&o, 0, sizeof(o));
	o.kind = OUTCOME_NOT_SENT;
	o.message = xstrdup(_("the request could not be started"));
	action_done(a, NULL, &o);
	outcome_free(&o);
}

static int action_write_ahead(struct action *a, char *err, size_t errlen)
{
	char why[512];

	if (attempt_id(a->attempt, err, errlen) != 0)
		return -1;
	if (action_audit(a, "sending", NULL, why, sizeof(why)) == 0)
		return 0;
	/* TRANSLATORS: the first %s is "pass" or "refuse", the second why the log could not record it. */
	snprintf(err, errlen, _("not sending the %s: the audit log must record it first, and %s "
	                        "(\"audit_log = off\" in the config file turns the log off)"),
	         op_name(a->g.op), why);
	return -1;
}

int session_gate_action(struct session *s, const struct gate_target *g, const char *via, session_action_fn done,
                        void *user, char *err, size_t errlen)
{
	struct flow_request req = { 0 };
	struct action *a;

	if (s->conf.readonly == CONF_YES) {
		/* TRANSLATORS: %s is "pass" or "refuse". */
		snprintf(err, errlen, _("read-only mode (--readonly or readonly = yes in the config): not sending %s"),
		         op_name(g->op));
		return EXIT_CONFIG;
	}
	if (flow_req_gate_action(&req, &s->target, g->op, g->pipeline, g->run, g->job, err, errlen) != 0)
		return EXIT_USAGE;
	a = xcalloc(1, sizeof(*a));
	*a = (struct action){ .s = s, .g = *g, .via = via, .done = done, .user = user };
	a->g.job = a->job = xstrdup(g->job);
	a->g.job_name = a->job_name = g->job_name ? xstrdup(g->job_name) : NULL;
	if (action_write_ahead(a, err, errlen) != 0) {
		flow_request_free(&req);
		action_free(a);
		return EXIT_CONFIG;
	}
	if (session_start(s, &req, action_parse, action_done, a) != 0)
		action_not_started(a);
	flow_request_free(&req);
	return EXIT_OK;
}
