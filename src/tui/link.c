#include "config.h"

#include "tui/console.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/session.h"
#include "flow/url.h"
#include "tui/provide_curses.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/*
 * The link of the run in sight goes into the status pane as text, which curses draws like any
 * other. On a real terminal (never in the test mode, whose screen is a model) it is then handed
 * to the terminal outside curses: the cells that show it are written again with the same text
 * inside an OSC 8 hyperlink, between a save and a restore of the cursor, so that what curses
 * believes the screen holds stays true; and an OSC 52 sequence offers it to the clipboard.
 * Terminals that know neither sequence parse and drop them, as ECMA-48 asks of every OSC.
 */

#define LINK_API_DOMAIN ".aliyuncs.com"

/* The web console's base: the endpoint's own host for a dedicated instance, else the public one. */
static char *link_base(const struct tui *t)
{
	const char *ep = t->s->conf.endpoint, *host, *end;
	size_t hl;

	if (t->s->backend != FLOW_BACKEND_YUNXIAO || !ep || !(host = strstr(ep, "://")))
		return NULL;
	host += 3;
	end = host + strcspn(host, "/?#");
	hl = (size_t)(end - host);
	for (const char *c = ep; c < end; c++)
		if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f)
			return NULL;   /* it could not go inside a terminal sequence */
	if (hl >= strlen(LINK_API_DOMAIN) && strncmp(end - strlen(LINK_API_DOMAIN), LINK_API_DOMAIN,
	                                              strlen(LINK_API_DOMAIN)) == 0)
		return NULL;
	return xstrndup(ep, (size_t)(end - ep));
}

/*
 * The run in sight: the highlighted one on the run picker, the newest on the pipeline picker,
 * the highlighted gate's on the inbox.
 */
static bool link_ids(const struct tui *t, int64_t *pipeline, int64_t *run)
{
	size_t src;

	*pipeline = t->pipeline_id;
	*run = t->run_id;
	if (t->level == LEVEL_INBOX && !t->log.open)
		return view_inbox_run(t, pipeline, run);
	if (t->level == LEVEL_PIPELINES && !t->log.open) {
		if (!list_selected(t, LEVEL_PIPELINES, &src))
			return false;
		*pipeline = t->pipelines.items[src].id;
		*run = 0;
	} else if (t->level == LEVEL_RUNS && !t->log.open) {
		if (!list_selected(t, LEVEL_RUNS, &src))
			return false;
		*run = t->runs.items[src].id;
	}
	return *pipeline > 0;
}

unsigned link_show(struct tui *t)
{
	int64_t pipeline, run;
	char *base, *url;
	unsigned id;

	if (!link_ids(t, &pipeline, &run)) {
		status_note(t, ROLE_WARN, "%s", _("No run is highlighted: choose one for its link."));
		return TUI_REDRAW;
	}
	base = link_base(t);
	url = flow_url_of_run(base, pipeline, run);
	free(base);
	if (!url)
		return 0;
	/* Short, so that the link's own row shows even in a two-row status pane. */
	id = status_note(t, ROLE_NORMAL, "%s", _("Link:"));
	status_add_link(t, id, url);
	free(t->link);
	t->link = url;
	return TUI_REDRAW;
}

/*
 * The row of the screen that shows the link from its first column, or -1; *shown: its bytes there,
 * fewer than the link's when the status pane cut it at the edge.
 */
static int link_row(const char *url, size_t *shown)
{
	size_t n = strlen(url);
	char *buf = xcalloc(1, (size_t)COLS + 1);
	int found = -1;

	*shown = n < (size_t)COLS ? n : (size_t)COLS;
	for (int y = LINES - 1; y >= 0 && found < 0; y--) {
		mvinnstr(y, 0, buf, COLS);
		if (strncmp(buf, url, *shown) == 0 && (buf[*shown] == ' ' || buf[*shown] == '\0'))
			found = y;
	}
	free(buf);
	return found;
}

static void link_write(const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(STDOUT_FILENO, s, n);

		if (w <= 0)
			return;    /* a terminal that is gone needs no link */
		s += w;
		n -= (size_t)w;
	}
}

void link_emit(struct tui *t)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned char *b64;
	size_t n, shown;
	int y;

	if (!t->link)
		return;
	if (!t->script && isatty(STDOUT_FILENO)) {
		n = strlen(t->link);
		b64 = xcalloc(1, 4 * ((n + 2) / 3) + 1);
		EVP_EncodeBlock(b64, (const unsigned char *)t->link, (int)n);
		strbuf_printf(&sb, "\033]52;c;%s\033\\", (const char *)b64);
		y = link_row(t->link, &shown);
		if (y >= 0)
			strbuf_printf(&sb, "\0337\033[0m\033[%d;1H\033]8;;%s\033\\%.*s\033]8;;\033\\\0338", y + 1, t->link,
			              (int)shown, t->link);
		link_write(strbuf_cstr(&sb), sb.len);
		free(b64);
	}
	strbuf_free(&sb);
	free(t->link);
	t->link = NULL;
}
