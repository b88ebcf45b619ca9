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
	d->opener = t->input.key;
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

unsigned dialog_cancel(struct tui *t, const char *why)
{
	struct dialog *d = &t->dialog;

	status_note(t, ROLE_NORMAL, "Cancelled: %s %s #%s was not sent%s.", flow_op_word(d->op), d->job_name,
	            d->job_id, why);
	dialog_close(d);
	return TUI_REDRAW;
}

/* A key pressed on its own: not in one read with others, nor hard on the heels of the one before. */
static bool dialog_key_alone(const struct tui *t)
{
	return !t->input.batch && t->input.gap_ms >= DIALOG_BURST_MS;
}

/*
 * Only a y pressed on purpose, once the question could be read, goes ahead. Keys in the guard
 * time answer nothing: they were typed before the dialog was seen (typeahead, a held key, a
 * paste the terminal did not mark), so the dialog remembers them and a y after them cancels.
 * Repeats of the key that opened it are swallowed at any time: holding r opens one dialog.
 * y within a burst cancels too; every other key cancels.
 */
unsigned dialog_key(struct tui *t, int key)
{
	struct dialog *d = &t->dialog;

	if (key == d->opener)
		return 0;
	if (clock_ms(t) - d->opened_ms < DIALOG_GUARD_MS) {
		d->hasty = true;
		return 0;
	}
	if (key == 'Y')
		return dialog_cancel(t, " (only a lowercase y goes ahead)");
	if (key != 'y')
		return dialog_cancel(t, "");
	if (d->hasty)
		return dialog_cancel(t, " (keys came before it could be read: press y on its own)");
	if (!dialog_key_alone(t))
		return dialog_cancel(t, " (y came in a burst of keys: press y on its own)");
	gate_send(t, d->op, d->pipeline, d->run, d->job_id, d->job_name);
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
