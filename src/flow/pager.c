#include "config.h"

#include "flow/pager.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

/* ---- the set of ids taken ----------------------------------------------------------------- */

static size_t ids_slot(const struct flow_pager_ids *s, int64_t id)
{
	uint64_t h = (uint64_t)id * UINT64_C(0x9E3779B97F4A7C15);
	size_t i = (size_t)(h >> 32) & (s->cap - 1);

	while (s->used[i] && s->id[i] != id)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static void ids_grow(struct flow_pager_ids *s)
{
	struct flow_pager_ids old = *s;

	s->cap = old.cap ? old.cap * 2 : 64;
	s->id = xcalloc(s->cap, sizeof(*s->id));
	s->used = xcalloc(s->cap, sizeof(*s->used));
	s->n = 0;
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.used[i])
			continue;
		size_t j = ids_slot(s, old.id[i]);
		s->used[j] = true;
		s->id[j] = old.id[i];
		s->n++;
	}
	free(old.id);
	free(old.used);
}

/* Adds id; false when it was there already. */
static bool ids_add(struct flow_pager_ids *s, int64_t id)
{
	if ((s->n + 1) * 2 > s->cap)
		ids_grow(s);
	size_t i = ids_slot(s, id);
	if (s->used[i])
		return false;
	s->used[i] = true;
	s->id[i] = id;
	s->n++;
	return true;
}

/* ---- the walk ------------------------------------------------------------------------------ */

void flow_pager_init(struct flow_pager *p, const struct flow_pager_caps *caps, const char *token)
{
	memset(p, 0, sizeof(*p));
	p->caps = *caps;
	p->state = FLOW_PAGER_MORE;
	if (token) {
		p->token = xstrdup(token);
		p->asked = xmalloc(sizeof(*p->asked));
		p->asked[p->nasked++] = xstrdup(token);
	}
}

void flow_pager_free(struct flow_pager *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nasked; i++)
		free(p->asked[i]);
	free(p->asked);
	free(p->token);
	free(p->seen.id);
	free(p->seen.used);
	memset(p, 0, sizeof(*p));
}

const char *flow_pager_token(const struct flow_pager *p)
{
	return p->token;
}

static bool was_asked(const struct flow_pager *p, const char *token)
{
	for (size_t i = 0; i < p->nasked; i++)
		if (strcmp(p->asked[i], token) == 0)
			return true;
	return false;
}

static bool over(size_t cap, size_t value)
{
	return cap && value >= cap;
}

/* The state once a page is taken and `next` (owned, NULL at the end) names the page after it. */
static enum flow_pager_state pager_advance(struct flow_pager *p, char *next, char **into_next)
{
	free(*into_next);
	*into_next = NULL;
	free(p->token);
	p->token = NULL;
	if (!next || !*next || was_asked(p, next)) {
		free(next);
		return p->state = FLOW_PAGER_DONE;
	}
	p->asked = xrealloc(p->asked, (p->nasked + 1) * sizeof(*p->asked));
	p->asked[p->nasked++] = xstrdup(next);
	*into_next = xstrdup(next);
	p->token = next;
	return p->state = FLOW_PAGER_MORE;
}

static enum flow_pager_state pager_check_caps(struct flow_pager *p, int64_t elapsed_ms)
{
	if (p->state != FLOW_PAGER_MORE)
		return p->state;
	if (over(p->caps.pages, p->pages))
		p->state = FLOW_PAGER_CAP_PAGES;
	else if (over(p->caps.items, p->items))
		p->state = FLOW_PAGER_CAP_ITEMS;
	else if (over(p->caps.bytes, p->bytes))
		p->state = FLOW_PAGER_CAP_BYTES;
	else if (p->caps.ms && elapsed_ms >= p->caps.ms)
		p->state = FLOW_PAGER_CAP_TIME;
	return p->state;
}

/* A page's items as the pager sees them, whatever their type. */
struct page_items {
	unsigned char *base;
	size_t *n;
	size_t size;
	size_t id_offset;
	void (*clear)(void *item);
};

/* Frees and removes the items whose id was seen (in an earlier page or earlier in this one). */
static void drop_seen(struct flow_pager *p, const struct page_items *it)
{
	size_t kept = 0;

	for (size_t i = 0; i < *it->n; i++) {
		unsigned char *item = it->base + i * it->size;
		int64_t id;

		memcpy(&id, item + it->id_offset, sizeof(id));
		if (!ids_add(&p->seen, id)) {
			it->clear(item);
			continue;
		}
		if (kept != i)
			memcpy(it->base + kept * it->size, item, it->size);
		kept++;
	}
	*it->n = kept;
	p->items += kept;
}

static void clear_pipeline(void *item)
{
	flow_pipeline_clear(item);
}

static void clear_run(void *item)
{
	flow_run_clear(item);
}

void flow_pager_hold_pipelines(struct flow_pager *p, const struct flow_pipeline_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		ids_add(&p->seen, l->items[i].id);
	p->items += l->n;
}

void flow_pager_hold_runs(struct flow_pager *p, const struct flow_run_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		ids_add(&p->seen, l->items[i].id);
	p->items += l->n;
}

/* What both takes do before the page moves: count it and name the page after it (owned). */
static char *pager_count(struct flow_pager *p, const struct flow_request *req, size_t bytes,
                         const struct page_items *it, const char *named)
{
	size_t sent = *it->n;   /* as the server sent it: a short page ends some lists */

	p->pages++;
	p->bytes += bytes;
	drop_seen(p, it);
	return flow_next_page(req, named, sent);
}

enum flow_pager_state flow_pager_take_pipelines(struct flow_pager *p, const struct flow_request *req, size_t bytes,
                                                int64_t elapsed_ms, struct flow_pipeline_list *page,
                                                struct flow_pipeline_list *into)
{
	const struct page_items it = { (unsigned char *)page->items, &page->n, sizeof(*page->items),
	                               offsetof(struct flow_pipeline, id), clear_pipeline };
	char *next = pager_count(p, req, bytes, &it, page->next_token);

	flow_pipeline_list_take(into, page);
	pager_advance(p, next, &into->next_token);
	return pager_check_caps(p, elapsed_ms);
}

enum flow_pager_state flow_pager_take_runs(struct flow_pager *p, const struct flow_request *req, size_t bytes,
                                           int64_t elapsed_ms, struct flow_run_list *page, struct flow_run_list *into)
{
	const struct page_items it = { (unsigned char *)page->items, &page->n, sizeof(*page->items),
	                               offsetof(struct flow_run, id), clear_run };
	char *next = pager_count(p, req, bytes, &it, page->next_token);

	flow_run_list_take(into, page);
	pager_advance(p, next, &into->next_token);
	return pager_check_caps(p, elapsed_ms);
}

void flow_pager_describe(const struct flow_pager *p, char *buf, size_t n)
{
	switch (p->state) {
	case FLOW_PAGER_MORE:
	case FLOW_PAGER_DONE:
		snprintf(buf, n, "%s", "");
		return;
	case FLOW_PAGER_CAP_PAGES:
		snprintf(buf, n, _("the list goes on past %zu pages, the most flowgate follows"), p->caps.pages);
		return;
	case FLOW_PAGER_CAP_ITEMS:
		snprintf(buf, n, _("the list goes on past %zu items, the most flowgate keeps"), p->caps.items);
		return;
	case FLOW_PAGER_CAP_BYTES:
		if (p->caps.bytes >= 1u << 20)
			snprintf(buf, n, _("the list goes on past %zu MiB of replies, the most flowgate reads"),
			         p->caps.bytes >> 20);
		else
			snprintf(buf, n, _("the list goes on past %zu bytes of replies, the most flowgate reads"),
			         p->caps.bytes);
		return;
	case FLOW_PAGER_CAP_TIME:
		snprintf(buf, n, _("the list goes on after %lld s of paging, the longest flowgate pages"),
		         (long long)(p->caps.ms / 1000));
		return;
	}
}
