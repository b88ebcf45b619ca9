#include "config.h"

#include "tui/console.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/provide_curses.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#define DIALOG_WIDTH 64
#define DIALOG_LABEL 10       /* cells of a field's label */
#define DIALOG_INDENT 3       /* cells before the lines of a marked gate after its first */
#define DIALOG_FRAME 6        /* borders, the question, the buttons and a blank line before each */

void dialog_open(struct tui *t, enum flow_op op, const struct gate_ref *gates, size_t n, bool batch)
{
	struct dialog *d = &t->dialog;

	dialog_close(d);
	d->open = true;
	d->op = op;
	d->gates = xcalloc(n, sizeof(*d->gates));
	for (size_t i = 0; i < n; i++)
		gate_ref_copy(&d->gates[i], &gates[i]);
	d->n = n;
	d->batch = batch;
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
	for (size_t i = 0; i < d->n; i++)
		gate_ref_clear(&d->gates[i]);
	free(d->gates);
	memset(d, 0, sizeof(*d));
}

bool dialog_names(const struct tui *t, int64_t pipeline, int64_t run, const char *job_id)
{
	const struct dialog *d = &t->dialog;

	for (size_t i = 0; d->open && i < d->n; i++)
		if (gate_ref_is(&d->gates[i], pipeline, run, job_id))
			return true;
	return false;
}

unsigned dialog_cancel(struct tui *t, const char *why)
{
	struct dialog *d = &t->dialog;

	if (d->batch)
		status_note(t, ROLE_NORMAL,
		            P_("Cancelled: %s of %zu marked gate was not sent%s.",
		               "Cancelled: %s of %zu marked gates was not sent%s.", d->n),
		            gate_op_word(d->op), d->n, why);
	else
		status_note(t, ROLE_NORMAL, _("Cancelled: %s %s #%s was not sent%s."), gate_op_word(d->op),
		            d->gates[0].job_name, d->gates[0].job_id, why);
	dialog_close(d);
	return TUI_REDRAW;
}

/* A key pressed on its own: not in one read with others, nor hard on the heels of the one before. */
static bool dialog_key_alone(const struct tui *t)
{
	return !t->input.batch && t->input.gap_ms >= DIALOG_BURST_MS;
}

/* y: each gate named is sent once; the dialog is gone before the first answer can come. */
static unsigned dialog_go(struct tui *t)
{
	struct dialog d = t->dialog;

	memset(&t->dialog, 0, sizeof(t->dialog));
	for (size_t i = 0; i < d.n; i++)
		gate_send(t, d.op, &d.gates[i]);
	dialog_close(&d);
	return TUI_REDRAW;
}

static bool dialog_shows_all(const struct dialog *d);

/*
 * Only a y pressed on purpose, once the question could be read, goes ahead. Keys in the guard
 * time answer nothing: they were typed before the dialog was seen (typeahead, a held key, a
 * paste the terminal did not mark), so the dialog remembers them and a y after them cancels.
 * Repeats of the key that opened it are swallowed at any time: holding r opens one dialog.
 * y within a burst cancels too, and so does y on a dialog that could not show every line of what
 * it would do; every other key cancels.
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
		return dialog_cancel(t, _(" (only a lowercase y goes ahead)"));
	if (key != 'y')
		return dialog_cancel(t, "");
	if (d->hasty)
		return dialog_cancel(t, _(" (keys came before it could be read: press y on its own)"));
	if (!dialog_key_alone(t))
		return dialog_cancel(t, _(" (y came in a burst of keys: press y on its own)"));
	if (!dialog_shows_all(d))
		return dialog_cancel(t, _(" (the dialog could not show every gate: make the terminal taller)"));
	return dialog_go(t);
}

/* The lines between the title and the question, each one screen line, made inert for the terminal. */
struct dialog_body {
	struct strbuf *line;
	size_t n, cap;
};

static struct strbuf *dialog_line(struct dialog_body *b)
{
	b->line = xgrow(b->line, b->n, &b->cap, sizeof(*b->line), 16);
	memset(&b->line[b->n], 0, sizeof(b->line[b->n]));
	return &b->line[b->n++];
}

static void dialog_body_free(struct dialog_body *b)
{
	for (size_t i = 0; i < b->n; i++)
		strbuf_free(&b->line[i]);
	free(b->line);
}

/*
 * Text with a value from the server, in `cells`: on one line, cut, or (wrap) over as many lines as
 * it takes, each line after the first indented `indent` cells. A label (NULL: none) fills the
 * first line's indent.
 */
static void dialog_wrapped(struct dialog_body *b, const char *label, int indent, const char *value, int cells,
                           bool wrap)
{
	char *clean = text_sanitize(value, strlen(value), theme_glyphs()->ascii);
	const char *p = clean;
	bool first = true;

	do {
		int lead = first && !label ? 0 : indent;
		size_t k = wrap ? text_wrap(p, cells - lead) : strlen(p);
		struct strbuf *sb = dialog_line(b);

		if (first && label)
			text_fit(sb, label, indent, true, theme_glyphs()->ascii);
		else
			strbuf_printf(sb, "%-*s", lead, "");
		strbuf_append(sb, p, k);
		p += k;
		p += strspn(p, " ");
		first = false;
	} while (*p);
	free(clean);
}

/* A field: its label, then its value. */
static void dialog_field(struct dialog_body *b, const char *label, const char *value, int in, bool wrap)
{
	dialog_wrapped(b, label, DIALOG_LABEL, value, in, wrap);
}

/*
 * One gate: pipeline, run, stage and job, the job's full name wrapped: it is what y acts on. In a
 * short terminal (compact) the stage shares the run's line, to leave the name its lines.
 */
static void dialog_one(const struct gate_ref *g, struct dialog_body *b, int in, bool compact)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_printf(&sb, "#%" PRId64 " %s", g->pipeline, g->pipeline_name ? g->pipeline_name : "");
	dialog_field(b, _("Pipeline"), strbuf_cstr(&sb), in, false);
	strbuf_reset(&sb);
	strbuf_printf(&sb, "#%" PRId64, g->run);
	if (compact)
		strbuf_printf(&sb, " / %s", g->stage);
	dialog_field(b, _("Run"), strbuf_cstr(&sb), in, false);
	if (!compact)
		dialog_field(b, _("Stage"), g->stage, in, false);
	strbuf_reset(&sb);
	strbuf_printf(&sb, "#%s %s", g->job_id, g->job_name);
	dialog_field(b, _("Job"), strbuf_cstr(&sb), in, true);
	strbuf_free(&sb);
}

/*
 * The marked gates: the job, then where it waits, each wrapped as a single gate's name is; ids
 * first so a name never hides them.
 */
static void dialog_many(const struct dialog *d, struct dialog_body *b, int in)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < d->n; i++) {
		const struct gate_ref *g = &d->gates[i];

		strbuf_reset(&sb);
		strbuf_printf(&sb, "%zu. #%s %s", i + 1, g->job_id, g->job_name);
		dialog_wrapped(b, NULL, DIALOG_INDENT, strbuf_cstr(&sb), in, true);
		strbuf_reset(&sb);
		strbuf_printf(&sb, _("pipeline #%lld, run #%lld: %s / %s"), (long long)g->pipeline, (long long)g->run,
		              g->pipeline_name ? g->pipeline_name : "", g->stage);
		dialog_wrapped(b, "", DIALOG_INDENT, strbuf_cstr(&sb), in, true);
	}
	strbuf_free(&sb);
}

/*
 * "Really refuse NAME? (y/N)", the name cut so that the question stays whole, and the question mark
 * right after it even where a wide character leaves a cell unused; or the count.
 */
static void dialog_question(const struct dialog *d, int y, int x, int w)
{
	const char *tail = _("? (y/N)");
	struct strbuf line = STRBUF_INIT;

	if (d->batch) {
		strbuf_printf(&line, P_("Really %s this %zu gate? (y/N)", "Really %s these %zu gates? (y/N)", d->n),
		              gate_op_word(d->op), d->n);
	} else {
		strbuf_printf(&line, _("Really %s "), gate_op_word(d->op));
		/* text_fit_tight makes the server's name inert as it cuts it */
		text_fit_tight(&line, d->gates[0].job_name, w - text_width(strbuf_cstr(&line)) - text_width(tail),
		               theme_glyphs()->ascii);
		strbuf_puts(&line, tail);
	}
	draw_text(y, x, strbuf_cstr(&line), w, false, ROLE_WARN);
	strbuf_free(&line);
}

static void dialog_title(const struct dialog *d, struct strbuf *sb)
{
	if (d->batch && d->op == FLOW_OP_PASS)
		strbuf_printf(sb, P_(" Pass %zu marked gate? ", " Pass %zu marked gates? ", d->n), d->n);
	else if (d->batch)
		strbuf_printf(sb, P_(" Refuse %zu marked gate? ", " Refuse %zu marked gates? ", d->n), d->n);
	else
		strbuf_puts(sb, d->op == FLOW_OP_PASS ? _(" Pass this gate? ") : _(" Refuse this gate? "));
}

/*
 * The body's lines that fit: in a short terminal the blank lines go first, then the lines at the
 * end, whose place a "... more" line takes.
 */
static void dialog_draw_body(const struct dialog_body *b, int y, int x, int in, int rows)
{
	int shown = (size_t)rows < b->n ? rows - 1 : (int)b->n;

	for (int i = 0; i < shown; i++)
		draw_text(y + i, x, strbuf_cstr(&b->line[i]), in, true, ROLE_NORMAL);
	if (shown < (int)b->n) {
		struct strbuf more = STRBUF_INIT;

		strbuf_printf(&more, P_("... %zu more line (a taller terminal shows it)",
		                        "... %zu more lines (a taller terminal shows them)", b->n - (size_t)shown),
		              b->n - (size_t)shown);
		draw_text(y + shown, x, strbuf_cstr(&more), in, true, ROLE_DIM);
		strbuf_free(&more);
	}
}

/* The body's lines for a dialog `in` cells wide: ids come first, so a long name never hides them. */
static void dialog_layout(const struct dialog *d, struct dialog_body *b, int in)
{
	if (d->batch) {
		dialog_many(d, b, in);
		return;
	}
	dialog_one(&d->gates[0], b, in, false);
	if ((int)b->n + DIALOG_FRAME - 2 > LINES) {
		dialog_body_free(b);
		memset(b, 0, sizeof(*b));
		dialog_one(&d->gates[0], b, in, true);
	}
}

static int dialog_width(void)
{
	return COLS - 2 < DIALOG_WIDTH ? COLS - 2 : DIALOG_WIDTH;
}

/* The frame's lines around a body of n lines, and the body's rows that fit with it. */
static int dialog_rows(size_t n, int *frame)
{
	*frame = (int)n + DIALOG_FRAME <= LINES ? DIALOG_FRAME : DIALOG_FRAME - 2;
	return (int)n + *frame <= LINES ? (int)n : LINES - *frame;
}

/* Whether every line of the body is on the screen: y goes ahead only for what it shows. */
static bool dialog_shows_all(const struct dialog *d)
{
	struct dialog_body b = { NULL, 0, 0 };
	int frame;

	dialog_layout(d, &b, dialog_width() - 4);
	bool all = dialog_rows(b.n, &frame) == (int)b.n;
	dialog_body_free(&b);
	return all;
}

void dialog_draw(const struct tui *t)
{
	const struct dialog *d = &t->dialog;
	struct dialog_body b = { NULL, 0, 0 };
	struct strbuf title = STRBUF_INIT, button = STRBUF_INIT;
	int w = dialog_width(), in = w - 4;
	int frame, rows, h, y, x = (COLS - w) / 2;
	const char *cancel = _("[ N: cancel ]");

	dialog_layout(d, &b, in);
	rows = dialog_rows(b.n, &frame);
	h = rows + frame;
	y = (LINES - h) / 2;
	dialog_title(d, &title);
	draw_box(y, x, h, w, strbuf_cstr(&title), ROLE_NORMAL);
	dialog_draw_body(&b, y + 1, x + 2, in, rows);
	dialog_question(d, y + h - (frame == DIALOG_FRAME ? 4 : 3), x + 2, in);
	strbuf_printf(&button, _("[ y: %s ]"), gate_op_word(d->op));
	draw_text(y + h - 2, x + w - 4 - text_width(cancel) - text_width(strbuf_cstr(&button)),
	          strbuf_cstr(&button), text_width(strbuf_cstr(&button)), false, ROLE_NORMAL);
	draw_text(y + h - 2, x + w - 2 - text_width(cancel), cancel, text_width(cancel), false, ROLE_FOCUS);
	strbuf_free(&title);
	strbuf_free(&button);
	dialog_body_free(&b);
}
