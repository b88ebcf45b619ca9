#ifndef FLOWGATE_FLOW_PAGER_H
#define FLOWGATE_FLOW_PAGER_H
/*
 * Walking a list that comes in pages, without I/O: the caller sends each request and hands every
 * parsed page to the pager, which drops the items whose id it has already seen (a list that
 * changes between two requests shifts items from one page onto the next), names the page to ask
 * for next, ends the walk on a token that comes back, and stops it at a cap, never silently.
 * One pager serves the command line, the console and the inbox.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flow/api.h"
#include "flow/model.h"

/* The most one walk follows; 0 means no cap. */
struct flow_pager_caps {
	size_t pages;              /* pages taken */
	size_t items;              /* items kept (those held before the walk included) */
	size_t bytes;              /* bytes of the replies' bodies */
	int64_t ms;                /* time since the walk began, as the caller measures it */
};

#define FLOW_PAGER_MAX_PAGES 1000
#define FLOW_PAGER_MAX_ITEMS 100000
#define FLOW_PAGER_MAX_BYTES (64u << 20)
#define FLOW_PAGER_MAX_MS (5 * 60 * 1000)
#define FLOW_PAGER_CAPS_DEFAULT \
	((struct flow_pager_caps){ FLOW_PAGER_MAX_PAGES, FLOW_PAGER_MAX_ITEMS, FLOW_PAGER_MAX_BYTES, FLOW_PAGER_MAX_MS })

enum flow_pager_state {
	FLOW_PAGER_MORE,           /* ask for the page flow_pager_token() names */
	FLOW_PAGER_DONE,           /* the list is whole: no page follows, or a token came back */
	FLOW_PAGER_CAP_PAGES,      /* pages follow, but a cap is reached: the list is not whole */
	FLOW_PAGER_CAP_ITEMS,
	FLOW_PAGER_CAP_BYTES,
	FLOW_PAGER_CAP_TIME,
};

/* The ids taken so far: an open-addressing set. */
struct flow_pager_ids {
	int64_t *id;
	bool *used;
	size_t cap, n;
};

struct flow_pager {
	struct flow_pager_caps caps;
	enum flow_pager_state state;
	size_t pages, items, bytes;
	char *token;               /* of the page to ask for next; NULL: the first */
	char **asked;              /* every token asked for, to end on one that comes back */
	size_t nasked;
	struct flow_pager_ids seen;
};

/* A walk from token (NULL: the first page). */
void flow_pager_init(struct flow_pager *p, const struct flow_pager_caps *caps, const char *token);
void flow_pager_free(struct flow_pager *p);

/* The token of the page to ask for next; NULL for the first page. */
const char *flow_pager_token(const struct flow_pager *p);

/* The items of a list already shown count as seen: a walk that adds to it skips them. */
void flow_pager_hold_pipelines(struct flow_pager *p, const struct flow_pipeline_list *l);
void flow_pager_hold_runs(struct flow_pager *p, const struct flow_run_list *l);

/*
 * Takes a page that answered req (its body `bytes` long, `elapsed_ms` into the walk): frees the
 * items seen before, moves the others onto `into`, and sets into->next_token to the page after it
 * (NULL once the list is whole). `page` is left empty. Returns the pager's new state.
 */
enum flow_pager_state flow_pager_take_pipelines(struct flow_pager *p, const struct flow_request *req, size_t bytes,
                                                int64_t elapsed_ms, struct flow_pipeline_list *page,
                                                struct flow_pipeline_list *into);
enum flow_pager_state flow_pager_take_runs(struct flow_pager *p, const struct flow_request *req, size_t bytes,
                                           int64_t elapsed_ms, struct flow_run_list *page, struct flow_run_list *into);

/* For a walk a cap stopped, why, in words ("the list goes on past 1000 pages"); "" otherwise. */
void flow_pager_describe(const struct flow_pager *p, char *buf, size_t n);

#endif
