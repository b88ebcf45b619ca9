#include "config.h"

#include "util/text.h"

#include <langinfo.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REPLACEMENT "\xEF\xBF\xBD"   /* U+FFFD */
#define ELLIPSIS "\xE2\x80\xA6"      /* U+2026, one cell */

struct range {
	uint32_t lo, hi;
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Characters that reorder the text around them: a name could make the line lie about itself. */
static const struct range bidi_controls[] = {
	{ 0x061C, 0x061C }, { 0x200E, 0x200F }, { 0x202A, 0x202E }, { 0x2066, 0x2069 },
};

/*
 * Zero cells: combining marks of the common scripts, zero-width format characters, Hangul
 * medial and final jamo, variation selectors, tags. Compact on purpose, not all of Unicode.
 */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x05BF, 0x05BF },
	{ 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 }, { 0x05C7, 0x05C7 }, { 0x0610, 0x061A },
	{ 0x064B, 0x065F }, { 0x0670, 0x0670 }, { 0x06D6, 0x06DC }, { 0x06DF, 0x06E4 },
	{ 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED }, { 0x0711, 0x0711 }, { 0x0730, 0x074A },
	{ 0x0900, 0x0902 }, { 0x093A, 0x093A }, { 0x093C, 0x093C }, { 0x0941, 0x0948 },
	{ 0x094D, 0x094D }, { 0x0951, 0x0957 }, { 0x0962, 0x0963 }, { 0x0E31, 0x0E31 },
	{ 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E }, { 0x1160, 0x11FF }, { 0x1AB0, 0x1AFF },
	{ 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x2060, 0x206F }, { 0x20D0, 0x20FF },
	{ 0x302A, 0x302D }, { 0x3099, 0x309A }, { 0xD7B0, 0xD7FF }, { 0xFE00, 0xFE0F },
	{ 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF }, { 0xE0000, 0xE0FFF },
};

/* Two cells: East Asian Wide and Fullwidth (CJK, kana, Hangul, fullwidth forms) and emoji. */
static const struct range double_width[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x23E9, 0x23EC },
	{ 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 }, { 0x25FD, 0x25FE }, { 0x2614, 0x2615 },
	{ 0x2648, 0x2653 }, { 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 }, { 0x26CE, 0x26CE },
	{ 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA }, { 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 },
	{ 0x26FA, 0x26FA }, { 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 },
	{ 0x2757, 0x2757 }, { 0x2795, 0x2797 }, { 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF },
	{ 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x303E },
	{ 0x3041, 0x33FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF },
	{ 0xA960, 0xA97F }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE10, 0xFE19 },
	{ 0xFE30, 0xFE6F }, { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x16FE0, 0x16FE4 },
	{ 0x17000, 0x18CFF }, { 0x1B000, 0x1B2FF }, { 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF },
	{ 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A }, { 0x1F200, 0x1F202 }, { 0x1F210, 0x1F23B },
	{ 0x1F240, 0x1F248 }, { 0x1F250, 0x1F251 }, { 0x1F260, 0x1F265 }, { 0x1F300, 0x1F64F },
	{ 0x1F680, 0x1F6FF }, { 0x1F7E0, 0x1F7EB }, { 0x1F90C, 0x1F9FF }, { 0x1FA70, 0x1FAFF },
	{ 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

static int range_cmp(const void *key, const void *elem)
{
	uint32_t cp = *(const uint32_t *)key;
	const struct range *r = elem;
	if (cp < r->lo)
		return -1;
	return cp > r->hi ? 1 : 0;
}

static bool in_ranges(uint32_t cp, const struct range *table, size_t n)
{
	return bsearch(&cp, table, n, sizeof(*table), range_cmp) != NULL;
}

/* The process locale is never consulted: the tests and a C-locale console measure alike. */
static int codepoint_width(uint32_t cp)
{
	if (in_ranges(cp, zero_width, COUNT(zero_width)))
		return 0;
	return in_ranges(cp, double_width, COUNT(double_width)) ? 2 : 1;
}

bool text_codepoint_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
	       in_ranges(cp, bidi_controls, COUNT(bidi_controls));
}

static bool codepoint_is_line_break(uint32_t cp)
{
	return cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029;
}

size_t text_utf8_decode(const char *str, size_t n, uint32_t *cp, bool *ok)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t len;

	*ok = false;
	if (c < 0x80) {
		*cp = c;
		*ok = true;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		lo = c == 0xE0 ? 0xA0 : 0x80;   /* E0 80..9F would be overlong */
		hi = c == 0xED ? 0x9F : 0xBF;   /* ED A0..BF would be a surrogate */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		lo = c == 0xF0 ? 0x90 : 0x80;   /* F0 80..8F would be overlong */
		hi = c == 0xF4 ? 0x8F : 0xBF;   /* F4 90.. would pass U+10FFFF */
	} else {
		return 1;
	}
	uint32_t v = c & (0xFFu >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if (i >= n || s[i] < lo || s[i] > hi)
			return i;
		v = (v << 6) | (s[i] & 0x3Fu);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	*ok = true;
	return len;
}

/* One character as it will reach the terminal. */
struct glyph {
	const char *out;   /* the input bytes themselves, or a replacement */
	size_t outlen;
	size_t inlen;      /* input bytes consumed */
	uint32_t cp;       /* the character read (0 when ill-formed) */
	int width;
};

static void glyph_next(const char *s, size_t n, bool ascii_only, struct glyph *g)
{
	uint32_t cp = 0;
	bool ok;
	const char *out;

	g->inlen = text_utf8_decode(s, n, &cp, &ok);
	g->cp = ok ? cp : 0;
	g->width = 1;
	if (ok && codepoint_is_line_break(cp))
		out = " ";
	else if (!ok || text_codepoint_is_control(cp))
		out = ascii_only ? "?" : REPLACEMENT;
	else if (ascii_only && cp >= 0x80)
		out = "?";
	else
		out = NULL;
	if (out) {
		g->out = out;
		g->outlen = strlen(out);
		return;
	}
	g->out = s;
	g->outlen = g->inlen;
	g->width = codepoint_width(cp);
}

static int span_width(const char *s, size_t n, bool ascii_only)
{
	int cells = 0;
	struct glyph g;

	while (n > 0) {
		glyph_next(s, n, ascii_only, &g);
		cells += g.width;
		s += g.inlen;
		n -= g.inlen;
	}
	return cells;
}

/* Appends whole characters while they fit in budget cells; returns the cells used. */
static int span_put(struct strbuf *sb, const char *s, size_t n, int budget, bool ascii_only)
{
	int cells = 0;
	struct glyph g;

	while (n > 0) {
		glyph_next(s, n, ascii_only, &g);
		if (cells + g.width > budget)
			break;
		strbuf_append(sb, g.out, g.outlen);
		cells += g.width;
		s += g.inlen;
		n -= g.inlen;
	}
	return cells;
}

char *text_sanitize(const char *s, size_t n, bool ascii_only)
{
	struct strbuf sb = STRBUF_INIT;

	if (s)
		span_put(&sb, s, n, INT_MAX, ascii_only);
	return strbuf_detach(&sb);
}

int text_width(const char *s)
{
	return s ? span_width(s, strlen(s), false) : 0;
}

static bool cp_listed(uint32_t cp, const uint32_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp == list[i])
			return true;
	return false;
}

/* Punctuation a line may not start with (it closes what comes before it) or end with. */
static bool wrap_closing(uint32_t cp)
{
	static const uint32_t closing[] = { ',', '.', ':', ';', '!', '?', ')', ']', '}', 0x3001, 0x3002,
		                            0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0xFF01, 0xFF09,
		                            0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0x2026 };

	return cp_listed(cp, closing, sizeof(closing) / sizeof(closing[0]));
}

static bool wrap_opening(uint32_t cp)
{
	static const uint32_t opening[] = { '(', '[', 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0xFF08, 0xFF3B };

	return cp_listed(cp, opening, sizeof(opening) / sizeof(opening[0]));
}

/* May a line end between these two characters? After a space; and beside a wide (CJK) one. */
static bool wrap_between(const struct glyph *prev, const struct glyph *next)
{
	if (prev->cp == ' ')
		return true;
	if (prev->width < 2 && next->width < 2)
		return false;
	return !wrap_closing(next->cp) && !wrap_opening(prev->cp);
}

size_t text_wrap(const char *s, int cells)
{
	size_t len = strlen(s), used = 0, brk = 0;
	struct glyph prev = { 0 }, g = { 0 };
	int w = 0;

	while (used < len) {
		glyph_next(s + used, len - used, false, &g);
		if (used && wrap_between(&prev, &g))
			brk = used;
		if (w + g.width > cells)
			break;
		w += g.width;
		used += g.inlen;
		prev = g;
	}
	if (!used)
		return len ? g.inlen : 0;
	if (!s[used] || s[used] == ' ' || brk == used)
		return used;
	/* Where the line is cut inside a word, cut it at the last break instead, unless that is early. */
	if (brk > used / 3)
		return brk;
	/* A word cut where it overflows still puts no "，" first on the next line, nor "（" last on this. */
	if ((wrap_closing(g.cp) || wrap_opening(prev.cp)) && used > prev.inlen)
		return used - prev.inlen;
	return used;
}

/*
 * s cut to at most `cells` cells, an ellipsis last when cut (and then *cut); never padded.
 * Sanitises as it goes, so raw text is safe here too.
 */
static int fit(struct strbuf *sb, const char *s, int cells, bool ascii_only, bool *cut)
{
	*cut = false;
	if (cells <= 0)
		return 0;
	if (!s)
		s = "";

	size_t n = strlen(s);
	*cut = span_width(s, n, ascii_only) > cells;
	int used = span_put(sb, s, n, *cut ? cells - 1 : cells, ascii_only);

	if (*cut) {
		strbuf_puts(sb, ascii_only ? "~" : ELLIPSIS);
		used++;
	}
	return used;
}

/*
 * A cut line is always exactly `cells` wide: when a wide character leaves one cell unused, a space
 * after the ellipsis fills it.
 */
int text_fit(struct strbuf *sb, const char *s, int cells, bool pad, bool ascii_only)
{
	bool cut;
	int used = fit(sb, s, cells, ascii_only, &cut);

	for (; (pad || cut) && used < cells; used++)
		strbuf_putc(sb, ' ');
	return used;
}

int text_fit_tight(struct strbuf *sb, const char *s, int cells, bool ascii_only)
{
	bool cut;

	return fit(sb, s, cells, ascii_only, &cut);
}

bool text_locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0);
}

void text_utf8_trim_cut(char *s)
{
	size_t n = strlen(s), lead = n;

	/* At most three continuation bytes stand before the lead byte of the last sequence. */
	while (lead > 0 && n - lead < 4 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead == 0 || ((unsigned char)s[lead - 1] & 0xC0) != 0xC0)
		return;
	uint32_t cp;
	bool ok;
	lead--;
	if (text_utf8_decode(s + lead, n - lead, &cp, &ok) < n - lead || !ok)
		s[lead] = '\0';
}
