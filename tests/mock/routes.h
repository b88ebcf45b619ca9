#ifndef FLOWGATE_MOCK_ROUTES_H
#define FLOWGATE_MOCK_ROUTES_H
/*
 * The Flow API operations, classic (API.md §2) and token API (§6): matching a request and
 * answering it from the scenario, in the shapes of the API it spoke.
 */

#include <stdbool.h>
#include <stddef.h>

#include "net/sign.h"
#include "reply.h"
#include "scenario.h"

enum route_op {
	ROUTE_LIST_PIPELINES,
	ROUTE_GET_PIPELINE,
	ROUTE_LIST_RUNS,
	ROUTE_GET_RUN,
	ROUTE_PASS,
	ROUTE_REFUSE,
	ROUTE_JOB_LOG,
	ROUTE_LATEST_RUN,
};

struct route {
	enum route_op op;
	enum mock_api api;
	const char *action;       /* the operation's name (x-acs-action in the classic API) */
	bool region;              /* the token API's region edition: no org in the path */
	char *org;                /* path segments, decoded; NULL in the region edition */
	char *pipeline, *run, *job;
};

/* Decodes %XX escapes (and '+' as a space when `plus_is_space`) of s[0..n). */
char *route_unescape(const char *s, size_t n, bool plus_is_space);

/* A query string as decoded key/value pairs, in the order sent. */
struct route_query {
	struct sign_kv *kv;
	char **owned;     /* the strings kv points to */
	size_t n;
};

void route_query_parse(struct route_query *q, const char *raw);
void route_query_free(struct route_query *q);

/* False when no operation has this method and path (`raw_path` as sent, still encoded). */
bool route_match(struct route *rt, const char *method, const char *raw_path);
/* The API a path belongs to, for requests no operation matched. */
enum mock_api route_api_of(const char *raw_path);
void route_free(struct route *rt);

/*
 * Answers `rt` from the scenario into `out` (whose request_id is set). With `apply` false a
 * pass or refuse is checked and answered but the state is left as it was.
 */
void route_handle(const struct route *rt, struct mock_scenario *sc, const struct route_query *q,
                  bool apply, long long now_ms, struct reply *out);

#endif
