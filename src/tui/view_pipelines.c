#include "config.h"

#include "tui/console.h"
#include "util/i18n.h"

#include <inttypes.h>
#include <stdio.h>

#include "util/timefmt.h"

static const struct column columns[] = {
	{ N_("ID"), 10, 6, false, false, false },
	{ N_("PIPELINE"), 30, 12, true, false, false },
	{ N_("CREATED"), 11, 11, false, true, false },
};

static size_t pipelines_count(const struct tui *t)
{
	return t->pipelines.n;
}

static void pipelines_row(const struct tui *t, size_t i, struct row *out)
{
	const struct flow_pipeline *p = &t->pipelines.items[i];

	snprintf(out->buf[0], sizeof(out->buf[0]), "%" PRId64, p->id);
	timefmt_local(out->buf[2], sizeof(out->buf[2]), p->create_time, TIMEFMT_SHORT);
	out->cell[0] = out->buf[0];
	out->cell[1] = p->name;
	out->cell[2] = out->buf[2];
}

static void pipelines_ident(const struct tui *t, size_t i, struct strbuf *out)
{
	strbuf_printf(out, "%" PRId64, t->pipelines.items[i].id);
}

static void pipelines_empty(const struct tui *t, struct strbuf *out)
{
	(void)t;
	strbuf_puts(out, _("This organization has no pipelines."));
}

static unsigned pipelines_act(struct tui *t, enum action a)
{
	size_t src;

	if (a != ACTION_OPEN || !list_selected(t, LEVEL_PIPELINES, &src))
		return 0;
	return nav_open_pipeline(t, &t->pipelines.items[src]);
}

const struct view_ops view_pipelines = {
	.fetch = FETCH_PIPELINES,
	.columns = columns,
	.ncolumns = sizeof(columns) / sizeof(columns[0]),
	.count = pipelines_count,
	.row = pipelines_row,
	.ident = pipelines_ident,
	.more = N_("more pipelines"),
	.empty = pipelines_empty,
	.act = pipelines_act,
};
