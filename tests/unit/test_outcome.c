#include "config.h"

#include "app/outcome.h"

#include <stdlib.h>
#include <string.h>

#include "../tap.h"

/* The outcome of an answer that came with this parse status and HTTP status. */
static struct outcome answered(bool action, enum flow_status st, long http, bool credentials)
{
	struct outcome o;
	struct outcome_facts f = { .action = action, .answered = true, .credentials = credentials };

	memset(&o, 0, sizeof(o));
	o.res.status = st;
	o.res.http_status = http;
	outcome_classify(&o, &f);
	return o;
}

static struct outcome unanswered(bool sent, bool began, bool cancelled)
{
	struct outcome o;
	struct outcome_facts f = { .action = true, .sent = sent, .began = began, .cancelled = cancelled };

	memset(&o, 0, sizeof(o));
	outcome_classify(&o, &f);
	return o;
}

static void test_success(void)
{
	struct outcome o = answered(true, FLOW_OK, 200, false);

	is_int(o.kind, OUTCOME_OK, "a 200 with success is ok");
	is_str(outcome_word(o.kind), "ok", "its audit word is ok");
	is_int(outcome_exit_code(&o), 0, "it exits 0");
}

static void test_4xx_is_refused(void)
{
	struct outcome o = answered(true, FLOW_E_API, 403, false);

	is_int(o.kind, OUTCOME_REFUSED, "a 403 with an API code refuses the action");
	is_str(outcome_word(o.kind), "refused", "its audit word is refused");
	is_int(outcome_exit_code(&o), 1, "a refusal exits 1");
	is_str(outcome_headline(o.kind), "rejected by the server", "a refusal reads: rejected by the server");
	o = answered(true, FLOW_E_API, 400, true);
	is_int(o.kind, OUTCOME_REFUSED, "a credentials error is a refusal");
	is_int(outcome_exit_code(&o), 3, "a refusal for the credentials exits 3");
}

static void test_5xx_action_is_unknown(void)
{
	static const long statuses[] = { 500, 502, 503, 504 };

	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		struct outcome o = answered(true, FLOW_E_API, statuses[i], false);

		is_int(o.kind, OUTCOME_UNKNOWN, "a %ld with an API code leaves an action's outcome unknown", statuses[i]);
		is_str(outcome_word(o.kind), "unknown", "the %ld's audit word is unknown", statuses[i]);
		is_int(outcome_exit_code(&o), 4, "an action answered %ld exits 4, never 1", statuses[i]);
	}
	struct outcome o = answered(true, FLOW_E_API, 500, true);
	is_int(outcome_exit_code(&o), 4, "a 5xx naming the credentials still leaves the outcome unknown");
}

static void test_error_on_200_action_is_unknown(void)
{
	struct outcome o = answered(true, FLOW_E_API, 200, false);

	is_int(o.kind, OUTCOME_UNKNOWN, "only a 4xx refuses an action: success:false on a 200 is unknown");
	is_int(outcome_exit_code(&o), 4, "and exits 4");
}

static void test_read_errors_stay_api_errors(void)
{
	struct outcome o = answered(false, FLOW_E_API, 500, false);

	is_int(o.kind, OUTCOME_REFUSED, "a read answered 500 with an API code is the server's error");
	is_int(outcome_exit_code(&o), 1, "and exits 1");
}

static void test_unusable_answer(void)
{
	struct outcome o = answered(true, FLOW_E_RESPONSE, 502, false);

	is_int(o.kind, OUTCOME_UNKNOWN, "an answer that cannot be read leaves the outcome unknown");
	is_int(outcome_exit_code(&o), 5, "and exits 5");
}

static void test_not_sent(void)
{
	struct outcome o = unanswered(false, false, false);

	is_int(o.kind, OUTCOME_NOT_SENT, "a request that never left is not sent");
	is_str(outcome_word(o.kind), "network-error", "its audit word is network-error");
	is_int(outcome_exit_code(&o), 4, "it exits 4");
	is_str(outcome_headline(o.kind), "not sent", "it reads: not sent");
	o = unanswered(false, false, true);
	is_int(o.kind, OUTCOME_NOT_SENT, "an action cancelled before it left is not sent");
	is_int(o.cause, CAUSE_CANCELLED, "and says it was cancelled");
	is_str(outcome_word(o.kind), "network-error", "it is audited network-error");
}

static void test_lost_answer(void)
{
	struct outcome o = unanswered(true, false, false);

	is_int(o.kind, OUTCOME_UNKNOWN, "a request sent without an answer has an unknown outcome");
	is_int(outcome_exit_code(&o), 4, "it exits 4");
	is_str(outcome_headline(o.kind), "outcome unknown", "it reads: outcome unknown");
	o = unanswered(true, true, false);
	is_int(outcome_exit_code(&o), 5, "an answer cut short after it began exits 5");
}

static void test_held_back(void)
{
	struct outcome o;

	outcome_local(&o, "the audit log cannot be written");
	is_int(o.kind, OUTCOME_NOT_SENT, "an action held back here is not sent");
	is_int(outcome_exit_code(&o), 3, "it exits 3");
	is_str(o.message, "the audit log cannot be written", "it keeps why");
	outcome_free(&o);
	ok(o.message == NULL, "outcome_free clears the message");
}

/* A line outcome.c built, checked against `want`, then freed. */
static void built_is(char *line, const char *want, const char *name)
{
	is_str(line, want, "%s", name);
	free(line);
}

static const char WHAT[] = "refuse job 1001", HEADLINE[] = "rejected by the server";

static void test_line(void)
{
	built_is(outcome_line(WHAT, HEADLINE, 403, "Forbidden.AccessDenied", "RID-1"),
	         "refuse job 1001: rejected by the server, HTTP 403, Forbidden.AccessDenied, requestId=RID-1",
	         "the outcome line names the HTTP status, the code and the requestId");
	built_is(outcome_line(WHAT, HEADLINE, 0, NULL, "-"), "refuse job 1001: rejected by the server, requestId=-",
	         "no answer: the line says nothing of HTTP, rather than HTTP 0");
	built_is(outcome_line(WHAT, HEADLINE, 400, "", NULL), "refuse job 1001: rejected by the server, HTTP 400",
	         "an empty code and no requestId leave their parts out");
}

static const char MESSAGE[] = "The pipeline is not found.";

static void test_read_line(void)
{
	built_is(outcome_read_line(MESSAGE, 404, "InvalidPipeline.NotFound", "RID-1"),
	         "The pipeline is not found. (InvalidPipeline.NotFound, HTTP 404, requestId=RID-1)",
	         "a failed read names the code, the HTTP status and the requestId in parentheses");
	built_is(outcome_read_line(MESSAGE, 404, NULL, "RID-1"), "The pipeline is not found. (HTTP 404, requestId=RID-1)",
	         "with no code, the parentheses open with the HTTP status");
	built_is(outcome_read_line(MESSAGE, 0, "Some.Code", NULL), "The pipeline is not found. (Some.Code)",
	         "no answer: nothing of HTTP, rather than HTTP 0");
	built_is(outcome_read_line(MESSAGE, 0, "", NULL), "The pipeline is not found.",
	         "nothing known: the message alone, no empty parentheses");
	built_is(outcome_read_line("Internal error (HTTP 503); try again.", 503, "ServiceUnavailable", "RID-1"),
	         "Internal error (HTTP 503); try again. (ServiceUnavailable, requestId=RID-1)",
	         "a message that names the HTTP status already does not get it again in the parentheses");
	built_is(outcome_read_line("Internal error (HTTP 5030).", 503, NULL, NULL), "Internal error (HTTP 5030). (HTTP 503)",
	         "another status that merely begins with the same digits is not the answer's");
}

int main(void)
{
	test_line();
	test_read_line();
	test_success();
	test_4xx_is_refused();
	test_5xx_action_is_unknown();
	test_error_on_200_action_is_unknown();
	test_read_errors_stay_api_errors();
	test_unusable_answer();
	test_not_sent();
	test_lost_answer();
	test_held_back();
	return tap_done();
}
