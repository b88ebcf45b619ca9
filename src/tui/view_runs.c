#include "config.h"

#include "tui/console.h"
#include "util/i18n.h"

#include <inttypes.h>
#include <stdio.h>

#include "util/timefmt.h"

static const struct column columns[] = {
	{ N_("RUN"), 10, 6, false, false, false },
	{ N_("STATUS"), 9, 7, false, false, false },
	{ N_("GATES"), 5, 5, false, true, false },
	{ N_("STARTED"), 11, 11, false, false, false },
	{ N_("TRIGGER"), 9, 7, false, true, false },
	{ N_("BY"), 16, 4, true, true, false },
};

static size_t runs_count(const struct tui *t)
{
	return t->runs.n;
}

static void runs_row(const struct tui *t, size_t i, struct row *out)
{
	const struct flow_run *r = &t->runs.items[i];
	int gates = gatecount_get(t, t->pipeline_id, r->id);

	snprintf(out->buf[0], sizeof(out->buf[0]), "#%" PRId64, r->id);
	if (gates > 0)
		snprintf(out->buf[2], sizeof(out->buf[2]), "%d", gates);
	timefmt_local(out->buf[3], sizeof(out->buf[3]), r->start_time, TIMEFMT_SHORT);
	out->cell[0] = out->buf[0];
	out->cell[1] = flow_status_label(r->status);
	out->cell[2] = out->buf[2];
	out->cell[3] = out->buf[3];
	out->cell[4] = flow_trigger_name(r->trigger_mode);
	out->cell[5] = r->creator_id;
}

static void runs_ident(const struct tui *t, size_t i, struct strbuf *out)
{
	strbuf_printf(out, "%" PRId64, t->runs.items[i].id);
}

static void runs_empty(const struct tui *t, struct strbuf *out)
{
	(void)t;
	strbuf_puts(out, _("This pipeline has not run yet."));
}

static unsigned runs_act(struct tui *t, enum action a)
{
	size_t src;

	if (a != ACTION_OPEN || !list_selected(t, LEVEL_RUNS, &src))
		return 0;
	return nav_open_run(t, t->runs.items[src].id);
}

const struct view_ops view_runs = {
	.fetch = FETCH_RUNS,
	.columns = columns,
	.ncolumns = sizeof(columns) / sizeof(columns[0]),
	.count = runs_count,
	.row = runs_row,
	.ident = runs_ident,
	.more = N_("older runs"),
	.empty = runs_empty,
	.act = runs_act,
};
