#include "config.h"

#include "tui/console.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/provide_curses.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#define DIALOG_WIDTH 64
#define DIALOG_HEIGHT 10

void dialog_open(struct tui *t, enum flow_op op, const struct flow_job *job)
{
	struct dialog *d = &t->dialog;

	dialog_close(d);
	d->open = true;
	d->op = op;
	d->pipeline = t->pipeline_id;
	d->run = t->run_id;
	d->stage = xstrdup(job->stage_name);
	d->job_id = xstrdup(job->id);
	d->job_name = xstrdup(job->name);
	d->opened_ms = clock_ms(t);
	/* Keys typed before the question was on screen must not answer it. */
	flushinp();
}

void dialog_rearm(struct tui *t)
{
	if (t->dialog.open)
		t->dialog.opened_ms = clock_ms(t);
}

void dialog_close(struct dialog *d)
{
	free(d->stage);
	free(d->job_id);
	free(d->job_name);
	memset(d, 0, sizeof(*d));
}

unsigned dialog_key(struct tui *t, int key)
{
	struct dialog *d = &t->dialog;

	if (clock_ms(t) - d->opened_ms < DIALOG_GUARD_MS)
		return 0;
	if (key == 'y' || key == 'Y')
		gate_send(t, d->op, d->pipeline, d->run, d->job_id, d->job_name);
	else
		status_note(t, ROLE_NORMAL, "Cancelled: %s %s #%s was not sent.", flow_op_word(d->op), d->job_name,
		            d->job_id);
	dialog_close(d);
	return TUI_REDRAW;
}

static void dialog_field(int y, int x, int w, const char *label, const struct strbuf *raw)
{
	draw_text(y, x, label, 10, true, ROLE_NORMAL);
	draw_raw(y, x + 10, strbuf_cstr(raw), w - 10, true, ROLE_NORMAL);
}

/* "Really refuse NAME? (y/N)", the name cut so that the question stays whole. */
static void dialog_question(const struct dialog *d, int y, int x, int w)
{
	const char *tail = "? (y/N)";
	char head[32];
	int used;

	snprintf(head, sizeof(head), "Really %s ", flow_op_word(d->op));
	used = draw_text(y, x, head, w, false, ROLE_WARN);
	used += draw_raw(y, x + used, d->job_name, w - used - text_width(tail), false, ROLE_WARN);
	draw_text(y, x + used, tail, w - used, false, ROLE_WARN);
}

/* Ids come first on each line, so that a long name never hides them. */
void dialog_draw(const struct tui *t)
{
	const struct dialog *d = &t->dialog;
	const char *pipeline = nav_pipeline_name(t);
	int w = COLS - 2 < DIALOG_WIDTH ? COLS - 2 : DIALOG_WIDTH;
	int h = LINES < DIALOG_HEIGHT ? LINES : DIALOG_HEIGHT;
	int y = (LINES - h) / 2, x = (COLS - w) / 2, in = w - 4;
	struct strbuf sb = STRBUF_INIT;
	char button[32];

	draw_box(y, x, h, w, d->op == FLOW_OP_PASS ? " Pass this gate? " : " Refuse this gate? ", ROLE_NORMAL);
	strbuf_printf(&sb, "#%" PRId64 " %s", d->pipeline, pipeline ? pipeline : "");
	dialog_field(y + 1, x + 2, in, "Pipeline", &sb);
	strbuf_reset(&sb);
	strbuf_printf(&sb, "#%" PRId64, d->run);
	dialog_field(y + 2, x + 2, in, "Run", &sb);
	strbuf_reset(&sb);
	strbuf_puts(&sb, d->stage);
	dialog_field(y + 3, x + 2, in, "Stage", &sb);
	strbuf_reset(&sb);
	strbuf_printf(&sb, "#%s %s", d->job_id, d->job_name);
	dialog_field(y + 4, x + 2, in, "Job", &sb);
	strbuf_free(&sb);
	dialog_question(d, y + 6, x + 2, in);
	snprintf(button, sizeof(button), "[ y: %s ]", flow_op_word(d->op));
	draw_text(y + 8, x + w - 30, button, 14, false, ROLE_NORMAL);
	draw_text(y + 8, x + w - 15, "[ N: cancel ]", 13, false, ROLE_FOCUS);
}
