#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/api.h"
#include "flow/model.h"
#include "flow/pager.h"
#include "util/xalloc.h"

#include "../tap.h"

/* The central edition of backend b at org. */
#define AT_CENTRAL(b, org) (&(struct flow_target){ (b), FLOW_EDITION_CENTRAL, (org) })

static char err[256];

/* The request for a page of runs of pipeline 1: classic with its token, or the token API's page number. */
static struct flow_request request(enum flow_backend b, const char *token, int per_page)
{
	struct flow_request req = { 0 };
	if (flow_req_list_runs(&req, AT_CENTRAL(b, "org"), 1, NULL, per_page, token, 0, err, sizeof(err)) != 0) {
		printf("Bail out! %s\n", err);
		exit(1);
	}
	return req;
}

/* A parsed page: runs with these ids (0 ends the list), each owning its strings, and its nextToken. */
static struct flow_run_list page_of(const int64_t *ids, const char *next)
{
	struct flow_run_list l = { .total = -1 };
	for (; *ids; ids++) {
		l.items = xrealloc(l.items, (l.n + 1) * sizeof(*l.items));
		l.items[l.n++] = (struct flow_run){ .id = *ids, .pipeline_id = 1, .status = xstrdup("RUNNING"),
		                                    .creator_id = xstrdup("someone") };
	}
	l.next_token = next ? xstrdup(next) : NULL;
	return l;
}

/* Takes a classic page asked for with the pager's token. */
static enum flow_pager_state take(struct flow_pager *p, struct flow_run_list *all, const int64_t *ids, const char *next,
                                  size_t bytes, int64_t elapsed_ms)
{
	struct flow_request req = request(FLOW_BACKEND_CLASSIC, flow_pager_token(p), 50);
	struct flow_run_list page = page_of(ids, next);
	enum flow_pager_state st = flow_pager_take_runs(p, &req, bytes, elapsed_ms, &page, all);
	ok(page.n == 0 && page.items == NULL && page.next_token == NULL, "the page is left empty");
	flow_run_list_free(&page);
	flow_request_free(&req);
	return st;
}

static char *ids_of(const struct flow_run_list *l)
{
	char *s = xstrdup("");
	for (size_t i = 0; i < l->n; i++) {
		char *t = xasprintf("%s%s%lld", s, i ? " " : "", (long long)l->items[i].id);
		free(s);
		s = t;
	}
	return s;
}

static void is_ids(const struct flow_run_list *l, const char *want, const char *name)
{
	char *got = ids_of(l);
	is_str(got, want, "%s", name);
	free(got);
}

static void a_shifted_list_keeps_each_item_once(void)
{
	struct flow_pager p;
	struct flow_run_list all = { .total = -1 };
	flow_pager_init(&p, &FLOW_PAGER_CAPS_DEFAULT, NULL);

	ok(flow_pager_token(&p) == NULL, "a walk begins at the first page");
	is_int(take(&p, &all, (const int64_t[]){ 30, 29, 28, 0 }, "t2", 100, 0), FLOW_PAGER_MORE, "a page with a next token asks for more");
	is_str(flow_pager_token(&p), "t2", "the next page is the one the reply named");
	is_str(all.next_token, "t2", "and the list says where it goes on");
	/* Two new runs were added meanwhile: 28 and 29 come again at the top of the next page. */
	is_int(take(&p, &all, (const int64_t[]){ 29, 28, 27, 27, 26, 0 }, NULL, 100, 0), FLOW_PAGER_DONE,
	       "a page without a next token ends the walk");
	is_ids(&all, "30 29 28 27 26", "items seen on an earlier page, or earlier on the same page, are dropped");
	ok(all.next_token == NULL, "a whole list has no next token");
	is_int(p.items, 5, "the items kept are counted");
	is_int(p.pages, 2, "the pages taken are counted");
	flow_run_list_free(&all);
	flow_pager_free(&p);
}

static void a_token_that_comes_back_ends_the_walk(void)
{
	struct flow_pager p;
	struct flow_run_list all = { .total = -1 };

	flow_pager_init(&p, &FLOW_PAGER_CAPS_DEFAULT, NULL);
	take(&p, &all, (const int64_t[]){ 1, 0 }, "A", 10, 0);
	is_int(take(&p, &all, (const int64_t[]){ 2, 0 }, "A", 10, 0), FLOW_PAGER_DONE,
	       "a page naming itself as the next ends the walk");
	ok(all.next_token == NULL && flow_pager_token(&p) == NULL, "and nothing is left to ask for");
	flow_run_list_free(&all);
	flow_pager_free(&p);

	memset(&all, 0, sizeof(all));
	flow_pager_init(&p, &FLOW_PAGER_CAPS_DEFAULT, NULL);
	take(&p, &all, (const int64_t[]){ 1, 0 }, "A", 10, 0);
	take(&p, &all, (const int64_t[]){ 2, 0 }, "B", 10, 0);
	is_int(take(&p, &all, (const int64_t[]){ 3, 0 }, "A", 10, 0), FLOW_PAGER_DONE,
	       "a token that comes back after another one ends the walk (no circle)");
	is_int(p.pages, 3, "after three pages");
	flow_run_list_free(&all);
	flow_pager_free(&p);

	memset(&all, 0, sizeof(all));
	flow_pager_init(&p, &FLOW_PAGER_CAPS_DEFAULT, "S");
	is_str(flow_pager_token(&p), "S", "a walk may begin at a token (the console's more... row)");
	is_int(take(&p, &all, (const int64_t[]){ 4, 0 }, "S", 10, 0), FLOW_PAGER_DONE,
	       "the token it began at counts as asked for");
	flow_run_list_free(&all);
	flow_pager_free(&p);

	memset(&all, 0, sizeof(all));
	flow_pager_init(&p, &FLOW_PAGER_CAPS_DEFAULT, NULL);
	is_int(take(&p, &all, (const int64_t[]){ 4, 0 }, "", 10, 0), FLOW_PAGER_DONE, "an empty next token ends the walk");
	flow_run_list_free(&all);
	flow_pager_free(&p);
}

static void the_token_api_pages_by_number(void)
{
	struct flow_pager p;
	struct flow_run_list all = { .total = -1 };
	struct flow_request req = request(FLOW_BACKEND_YUNXIAO, NULL, 2);
	struct flow_run_list page = page_of((const int64_t[]){ 9, 8, 0 }, NULL);

	flow_pager_init(&p, &FLOW_PAGER_CAPS_DEFAULT, NULL);
	is_int(flow_pager_take_runs(&p, &req, 10, 0, &page, &all), FLOW_PAGER_MORE, "a full page of the token API asks for more");
	is_str(flow_pager_token(&p), "2", "by the next page number");
	flow_request_free(&req);
	req = request(FLOW_BACKEND_YUNXIAO, flow_pager_token(&p), 2);
	page = page_of((const int64_t[]){ 8, 7, 0 }, NULL);
	is_int(flow_pager_take_runs(&p, &req, 10, 0, &page, &all), FLOW_PAGER_MORE,
	       "a full page counts as full by what the server sent, before a repeated item is dropped");
	flow_request_free(&req);
	req = request(FLOW_BACKEND_YUNXIAO, flow_pager_token(&p), 2);
	page = page_of((const int64_t[]){ 6, 0 }, NULL);
	is_int(flow_pager_take_runs(&p, &req, 10, 0, &page, &all), FLOW_PAGER_DONE, "a short page ends the list");
	is_ids(&all, "9 8 7 6", "every run once");
	flow_request_free(&req);
	flow_run_list_free(&all);
	flow_pager_free(&p);
}

static void held_items_are_skipped(void)
{
	struct flow_pager p;
	struct flow_run_list shown = page_of((const int64_t[]){ 5, 4, 0 }, "more");
	struct flow_run_list all = { .total = -1 };

	flow_pager_init(&p, &FLOW_PAGER_CAPS_DEFAULT, "more");
	flow_pager_hold_runs(&p, &shown);
	is_int(p.items, 2, "the items held count toward the items kept");
	take(&p, &all, (const int64_t[]){ 4, 3, 0 }, NULL, 10, 0);
	is_ids(&all, "3", "an item of the list shown is not added again");
	flow_run_list_free(&all);
	flow_run_list_free(&shown);
	flow_pager_free(&p);
}

/* Walks pages of two new ids each, "next" each time, until the pager stops; the state it stops in. */
static enum flow_pager_state walk_until_stopped(const struct flow_pager_caps *caps, size_t bytes, int64_t ms_per_page,
                                                struct flow_pager *p)
{
	struct flow_run_list all = { .total = -1 };
	enum flow_pager_state st = FLOW_PAGER_MORE;
	flow_pager_init(p, caps, NULL);
	for (int64_t i = 1; st == FLOW_PAGER_MORE && i < 100; i++) {
		char next[16];
		snprintf(next, sizeof(next), "p%lld", (long long)i);
		st = take(p, &all, (const int64_t[]){ 2 * i, 2 * i + 1, 0 }, next, bytes, i * ms_per_page);
	}
	ok(all.next_token != NULL, "a capped list still says where it would go on");
	flow_run_list_free(&all);
	return st;
}

static void each_cap_stops_the_walk(void)
{
	static const struct {
		struct flow_pager_caps caps;
		size_t bytes;              /* of each page */
		int64_t ms;                /* each page takes */
		enum flow_pager_state want;
		size_t pages;              /* taken when it stops */
		const char *why, *name;
	} cases[] = {
		{ { .pages = 3 }, 10, 0, FLOW_PAGER_CAP_PAGES, 3,
		  "the list goes on past 3 pages, the most flowgate follows", "pages" },
		{ { .items = 5 }, 10, 0, FLOW_PAGER_CAP_ITEMS, 3,
		  "the list goes on past 5 items, the most flowgate keeps", "items" },
		{ { .bytes = 1000 }, 300, 0, FLOW_PAGER_CAP_BYTES, 4,
		  "the list goes on past 1000 bytes of replies, the most flowgate reads", "bytes" },
		{ { .bytes = 2u << 20 }, 1u << 20, 0, FLOW_PAGER_CAP_BYTES, 2,
		  "the list goes on past 2 MiB of replies, the most flowgate reads", "bytes in MiB" },
		{ { .ms = 5000 }, 10, 2000, FLOW_PAGER_CAP_TIME, 3,
		  "the list goes on after 5 s of paging, the longest flowgate pages", "time" },
	};
	struct flow_pager p;
	char why[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		is_int(walk_until_stopped(&cases[i].caps, cases[i].bytes, cases[i].ms, &p), cases[i].want,
		       "the %s cap stops a walk that goes on", cases[i].name);
		is_int(p.pages, cases[i].pages, "once it is reached (%s)", cases[i].name);
		flow_pager_describe(&p, why, sizeof(why));
		is_str(why, cases[i].why, "the reason names the %s cap", cases[i].name);
		flow_pager_free(&p);
	}

	struct flow_run_list all = { .total = -1 };
	flow_pager_init(&p, &(struct flow_pager_caps){ .pages = 1, .items = 1, .bytes = 1, .ms = 1 }, NULL);
	is_int(take(&p, &all, (const int64_t[]){ 1, 2, 0 }, NULL, 10, 10), FLOW_PAGER_DONE,
	       "a list that ends at a cap is whole: no cap is reported");
	flow_pager_describe(&p, why, sizeof(why));
	is_str(why, "", "and there is nothing to explain");
	flow_run_list_free(&all);
	flow_pager_free(&p);

	is_int(FLOW_PAGER_CAPS_DEFAULT.pages, 1000, "by default a walk follows 1000 pages");
}

static void many_ids(void)
{
	struct flow_pager p;
	struct flow_run_list all = { .total = -1 };
	int64_t ids[1001];

	flow_pager_init(&p, &FLOW_PAGER_CAPS_DEFAULT, NULL);
	for (int page = 0; page < 10; page++) {
		/* each page of 1000 repeats the last 500 of the one before */
		for (int i = 0; i < 1000; i++)
			ids[i] = (int64_t)page * 500 + i + 1;
		ids[1000] = 0;
		char next[16];
		snprintf(next, sizeof(next), "n%d", page);
		take(&p, &all, ids, page < 9 ? next : NULL, 10, 0);
	}
	is_int(all.n, 5500, "thousands of ids, half of them repeated: each kept once");
	is_int(all.items[5499].id, 5500, "in the order first seen");
	flow_run_list_free(&all);
	flow_pager_free(&p);
}

static void pipelines_page_too(void)
{
	struct flow_pager p;
	struct flow_pipeline_list all = { .total = -1 }, page = { .total = -1 };
	struct flow_request req = { 0 };

	flow_req_list_pipelines(&req, AT_CENTRAL(FLOW_BACKEND_CLASSIC, "org"), NULL, 50, NULL, err, sizeof(err));
	page.items = xcalloc(3, sizeof(*page.items));
	page.n = 3;
	for (size_t i = 0; i < 3; i++)
		page.items[i] = (struct flow_pipeline){ .id = i == 2 ? 7 : 7 + (int64_t)i, .name = xstrdup("p") };
	flow_pager_init(&p, &FLOW_PAGER_CAPS_DEFAULT, NULL);
	is_int(flow_pager_take_pipelines(&p, &req, 10, 0, &page, &all), FLOW_PAGER_DONE, "pipelines page the same way");
	ok(all.n == 2 && all.items[0].id == 7 && all.items[1].id == 8, "a pipeline is kept once");
	flow_pipeline_list_free(&all);
	flow_pipeline_list_free(&page);
	flow_request_free(&req);
	flow_pager_free(&p);
}

static void clearing_one_item(void)
{
	struct flow_run r = { .id = 3, .status = xstrdup("FAIL"), .creator_id = xstrdup("x") };
	struct flow_pipeline pl = { .id = 4, .name = xstrdup("n"), .creator_id = xstrdup("y") };

	flow_run_clear(&r);
	ok(r.id == 0 && r.status == NULL && r.creator_id == NULL, "flow_run_clear frees and zeroes one run");
	flow_pipeline_clear(&pl);
	ok(pl.id == 0 && pl.name == NULL && pl.creator_id == NULL, "flow_pipeline_clear frees and zeroes one pipeline");
	flow_run_clear(NULL);
	flow_pipeline_clear(NULL);
	flow_pager_free(NULL);
	ok(1, "clearing and freeing accept NULL");
}

int main(void)
{
	a_shifted_list_keeps_each_item_once();
	a_token_that_comes_back_ends_the_walk();
	the_token_api_pages_by_number();
	held_items_are_skipped();
	each_cap_stops_the_walk();
	many_ids();
	pipelines_page_too();
	clearing_one_item();
	return tap_done();
}
