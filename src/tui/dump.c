#include "config.h"

#include "tui/console.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/provide_curses.h"
#include "util/xalloc.h"

/*
 * A screen dump: what curses believes the terminal shows. First the text, then the same grid
 * with one letter per cell naming its attributes ('.' is plain), then what each letter means.
 * Trailing blanks are cut from both layers so that the files read well in a diff.
 */

#define DUMP_STYLES 26

struct dump_style {
	attr_t attr;
	short pair;
};

struct dump_styles {
	struct dump_style s[DUMP_STYLES];
	int n;
};

static char dump_letter(struct dump_styles *st, attr_t attr, short pair)
{
	attr &= A_ATTRIBUTES & ~A_COLOR;
	if (!attr && !pair)
		return '.';
	for (int i = 0; i < st->n; i++)
		if (st->s[i].attr == attr && st->s[i].pair == pair)
			return (char)('A' + i);
	if (st->n == DUMP_STYLES)
		return '?';
	st->s[st->n].attr = attr;
	st->s[st->n].pair = pair;
	return (char)('A' + st->n++);
}

static void dump_trim(char *s, char blank)
{
	size_t n = strlen(s);

	while (n && s[n - 1] == blank)
		s[--n] = '\0';
}

/* One row: its text (UTF-8) into text, one style letter per cell into styles. */
static void dump_row(WINDOW *w, int y, int cols, struct dump_styles *st, char *text, char *styles)
{
	size_t tn = 0;

	for (int x = 0; x < cols; x++) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t attr = 0;
		short pair = 0;
		char mb[MB_LEN_MAX];
		mbstate_t mbs;
		size_t n;
		int width;

		wch[0] = L' ';
		wch[1] = L'\0';
		if (mvwin_wch(w, y, x, &cc) == OK)
			getcchar(&cc, wch, &attr, &pair, NULL);
		width = wcwidth(wch[0]);
		memset(&mbs, 0, sizeof(mbs));
		n = wcrtomb(mb, wch[0] ? wch[0] : L' ', &mbs);
		if (n == (size_t)-1) {
			mb[0] = '?';
			n = 1;
		}
		memcpy(text + tn, mb, n);
		tn += n;
		styles[x] = dump_letter(st, attr, pair);
		if (width == 2 && x + 1 < cols) {
			styles[x + 1] = styles[x];
			x++;
		}
	}
	text[tn] = '\0';
	styles[cols] = '\0';
	dump_trim(text, ' ');
	dump_trim(styles, '.');
}

static const char *dump_colour(short c)
{
	static const char *const names[] = { "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white" };

	return c >= 0 && c < 8 ? names[c] : "default";
}

static void dump_legend(FILE *f, const struct dump_styles *st)
{
	static const struct { attr_t a; const char *name; } names[] = {
		{ A_BOLD, "bold" }, { A_DIM, "dim" }, { A_REVERSE, "reverse" }, { A_UNDERLINE, "underline" },
		{ A_STANDOUT, "standout" }, { A_BLINK, "blink" }, { A_ALTCHARSET, "altcharset" },
	};

	for (int i = 0; i < st->n; i++) {
		fprintf(f, "%c =", 'A' + i);
		for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++)
			if (st->s[i].attr & names[j].a)
				fprintf(f, " %s", names[j].name);
		if (st->s[i].pair) {
			short fg, bg;

			pair_content(st->s[i].pair, &fg, &bg);
			fprintf(f, " colour %d (%s on %s)", st->s[i].pair, dump_colour(fg), dump_colour(bg));
		}
		fputc('\n', f);
	}
}

int dump_screen(const struct tui *t, const char *path)
{
	int rows = getmaxy(curscr), cols = getmaxx(curscr);
	struct dump_styles st;
	char *text, *styles;
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "flowgate: %s: %s\n", path, strerror(errno));
		return -1;
	}
	text = xmalloc((size_t)cols * MB_LEN_MAX + 1);
	styles = xmalloc((size_t)cols + 1);
	memset(&st, 0, sizeof(st));
	fprintf(f, "screen %dx%d\n", cols, rows);
	for (int y = 0; y < rows; y++) {
		dump_row(curscr, y, cols, &st, text, styles);
		fprintf(f, "%s\n", text);
	}
	fprintf(f, "attributes\n");
	for (int y = 0; y < rows; y++) {
		dump_row(curscr, y, cols, &st, text, styles);
		fprintf(f, "%s\n", styles);
	}
	dump_legend(f, &st);
	fprintf(f, "bells %u\n", t->bells);
	free(text);
	free(styles);
	return fclose(f) == 0 ? 0 : -1;
}
