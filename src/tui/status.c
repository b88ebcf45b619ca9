#include "config.h"

#include "tui/console.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "util/text.h"
#include "util/timefmt.h"
#include "util/xalloc.h"
#include "util/i18n.h"

#define STATUS_KEEP 200       /* entries kept; the audit log has them all */
#define STATUS_INDENT "         "
#define STATUS_INDENT_CELLS 9

static void status_entry_clear(struct status_entry *e)
{
	for (int i = 0; i < STATUS_LINES; i++) {
		free(e->line[i]);
		e->line[i] = NULL;
		e->cut[i] = false;
	}
}

static struct status_entry *status_find(struct status *s, unsigned id)
{
	for (size_t i = 0; id && i < s->n; i++)
		if (s->e[i].id == id)
			return &s->e[i];
	return NULL;
}

static struct status_entry *status_add(struct status *s)
{
	struct status_entry *e;

	if (s->n == STATUS_KEEP) {
		status_entry_clear(&s->e[0]);
		memmove(s->e, s->e + 1, (s->n - 1) * sizeof(*s->e));
		s->n--;
	}
	s->e = xgrow(s->e, s->n, &s->cap, sizeof(*s->e), 16);
	e = &s->e[s->n++];
	memset(e, 0, sizeof(*e));
	e->id = ++s->next_id;
	s->back = 0;
	return e;
}

/* "HH:MM:SS " + text */
static char *status_stamp(const struct tui *t, const char *text)
{
	char hms[16] = "--:--:--";

	timefmt_local(hms, sizeof(hms), (int64_t)clock_wall(t) * 1000, TIMEFMT_CLOCK);
	return xasprintf("%s %s", hms, text);
}

unsigned status_note(struct tui *t, enum role r, const char *fmt, ...)
{
	struct status_entry *e = status_add(&t->status);
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	e->role = r;
	e->line[0] = status_stamp(t, strbuf_cstr(&sb));
	strbuf_free(&sb);
	t->dirty = true;
	return e->id;
}

static void status_append(struct tui *t, unsigned id, const char *text, bool cut)
{
	struct status_entry *e = status_find(&t->status, id);

	for (int j = 1; e && j < STATUS_LINES; j++)
		if (!e->line[j]) {
			e->line[j] = xstrdup(text);
			e->cut[j] = cut;
			t->dirty = true;
			return;
		}
}

void status_add_line(struct tui *t, unsigned id, const char *text)
{
	status_append(t, id, text, false);
}

void status_add_link(struct tui *t, unsigned id, const char *url)
{
	status_append(t, id, url, true);
}

unsigned status_sending(struct tui *t, const char *what)
{
	unsigned id = status_note(t, ROLE_NORMAL, _("%s: sending..."), what);

	/* status_note appends: its entry is the newest. */
	t->status.e[t->status.n - 1].action = true;
	return id;
}

/* A word for how it ended; for pass and refuse the outcome's own words, an unknown one loudly. */
static const char *status_word(const struct outcome *o, bool action)
{
	if (!action)
		return o->kind == OUTCOME_OK ? _("ok") : _("failed");
	if (o->kind == OUTCOME_UNKNOWN)
		return _("OUTCOME UNKNOWN (check the run)");
	return outcome_headline(o->kind);
}

void status_outcome(struct tui *t, unsigned id, const char *what, const struct outcome *o, bool action)
{
	struct status_entry *e = status_find(&t->status, id);
	const struct flow_result *res = &o->res;
	char *line;

	if (!e)
		e = status_add(&t->status);
	status_entry_clear(e);
	e->action = action;
	e->role = o->kind == OUTCOME_OK ? ROLE_OK : ROLE_ERROR;
	line = outcome_line(what, status_word(o, action), res->http_status, res->error_code, NULL);
	e->line[0] = status_stamp(t, line);
	free(line);
	if (o->message && *o->message)
		e->line[1] = xasprintf(STATUS_INDENT "%s", o->message);
	if (res->request_id && *res->request_id)
		e->line[2] = xasprintf(STATUS_INDENT "requestId=%s", res->request_id);
	else if (action)
		e->line[2] = xasprintf(STATUS_INDENT "%s", _("requestId: none (no answer from the server)"));
	t->dirty = true;
}

unsigned status_scroll(struct tui *t, int dir)
{
	if (dir > 0)
		t->status.back++;
	else if (t->status.back)
		t->status.back--;
	return TUI_REDRAW;
}

struct status_rows {
	char **text;               /* newest first */
	enum role *role;
	size_t n, cap;
};

static void status_rows_push(struct status_rows *r, char *text, enum role role)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->text = xrealloc(r->text, r->cap * sizeof(*r->text));
		r->role = xrealloc(r->role, r->cap * sizeof(*r->role));
	}
	r->text[r->n] = text;
	r->role[r->n++] = role;
}

/*
 * Wraps one line to `width`, continuations indented, and pushes its rows last row first; a cut
 * line keeps its first row only.
 */
static void status_wrap(struct status_rows *r, const char *line, bool cut, enum role role, int width, bool ascii)
{
	char *clean = text_sanitize(line, strlen(line), ascii);
	int indent = width > 3 * STATUS_INDENT_CELLS ? STATUS_INDENT_CELLS : 0;
	const char *p = clean;
	size_t first = r->n;

	while (*p) {
		bool cont = p != clean;
		size_t k = text_wrap(p, width - (cont ? indent : 0));

		status_rows_push(r, xasprintf("%*s%.*s", cont ? indent : 0, "", (int)k, p), role);
		p += k;
		p += strspn(p, " ");
		if (cut)
			break;
	}
	for (size_t i = first, j = r->n ? r->n - 1 : 0; i < j; i++, j--) {
		char *tmp = r->text[i];

		r->text[i] = r->text[j];
		r->text[j] = tmp;
	}
	free(clean);
}

/* Rows of the newest entry at `width`: a short terminal gives it empty list rows before it is clipped. */
int status_newest_rows(const struct tui *t, int width)
{
	const struct status *s = &t->status;
	struct status_rows r;
	int n;

	if (!s->n || width <= 0)
		return 0;
	memset(&r, 0, sizeof(r));
	for (int j = STATUS_LINES; j-- > 0;)
		if (s->e[s->n - 1].line[j])
			status_wrap(&r, s->e[s->n - 1].line[j], s->e[s->n - 1].cut[j], ROLE_NORMAL, width,
			            theme_glyphs()->ascii);
	n = (int)r.n;
	for (size_t k = 0; k < r.n; k++)
		free(r.text[k]);
	free(r.text);
	free(r.role);
	return n;
}

/*
 * Only as many entries are wrapped, newest first, as the pane and its scrolling need. A newest
 * entry taller than the pane shows its first lines: what happened, before the details.
 */
void status_draw(struct tui *t, int y, int height, int width)
{
	struct status *s = &t->status;
	struct status_rows r;
	size_t want = (size_t)height + s->back, back_max, shown, newest = 0, back;

	if (height <= 0)
		return;
	memset(&r, 0, sizeof(r));
	for (size_t i = s->n; i-- > 0 && r.n < want;) {
		for (int j = STATUS_LINES; j-- > 0;)
			if (s->e[i].line[j])
				status_wrap(&r, s->e[i].line[j], s->e[i].cut[j], j == 0 ? s->e[i].role : ROLE_NORMAL,
				            width, theme_glyphs()->ascii);
		if (i == s->n - 1)
			newest = r.n;
	}
	back_max = r.n > (size_t)height ? r.n - (size_t)height : 0;
	if (s->back > back_max)
		s->back = back_max;
	back = !s->back && newest > (size_t)height ? newest - (size_t)height : s->back;
	shown = r.n - back < (size_t)height ? r.n - back : (size_t)height;
	for (size_t k = 0; k < shown; k++)
		draw_text(y + (int)k, 0, r.text[back + shown - 1 - k], width, false, r.role[back + shown - 1 - k]);
	for (size_t k = 0; k < r.n; k++)
		free(r.text[k]);
	free(r.text);
	free(r.role);
}

bool status_scrolled(const struct tui *t)
{
	return t->status.back > 0;
}

/* The length of a line without its final sentence mark, which a following separator replaces. */
static size_t status_sentence_len(const char *s)
{
	static const char *const marks[] = { ".", "!", "\xe3\x80\x82" /* 。 */, "\xef\xbc\x81" /* ！ */ };
	size_t n = strlen(s);

	for (size_t i = 0; i < sizeof(marks) / sizeof(*marks); i++) {
		size_t m = strlen(marks[i]);
		if (n >= m && memcmp(s + n - m, marks[i], m) == 0)
			return n - m;
	}
	return n;
}

/* The next of an entry's lines from j on that holds text, or STATUS_LINES. */
static int status_next_line(const struct status_entry *e, int j)
{
	while (j < STATUS_LINES && !e->line[j])
		j++;
	return j;
}

void status_print_actions(const struct tui *t, FILE *f)
{
	bool ascii = !t->utf8;

	for (size_t i = 0; i < t->status.n; i++) {
		const struct status_entry *e = &t->status.e[i];

		if (!e->action)
			continue;
		/* The pane's lines become one line each, parted by semicolons that stand for their full stops. */
		fputs("flowgate: ", f);
		for (int j = status_next_line(e, 0), k = 0; j < STATUS_LINES; k++) {
			const char *text = e->line[j] + strspn(e->line[j], " ");
			char *clean = text_sanitize(text, strlen(text), ascii);
			int next = status_next_line(e, j + 1);
			int len = (int)(next < STATUS_LINES ? status_sentence_len(clean) : strlen(clean));

			/* TRANSLATORS: parts the lines of one outcome when the console repeats them on exit. */
			fprintf(f, "%s%.*s", k ? _("; ") : "", len, clean);
			free(clean);
			j = next;
		}
		fputc('\n', f);
	}
}

void status_free(struct status *s)
{
	for (size_t i = 0; i < s->n; i++)
		status_entry_clear(&s->e[i]);
	free(s->e);
	memset(s, 0, sizeof(*s));
}
