#include "config.h"

#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#define ELLIPSIS "\xE2\x80\xA6"

uint8_t fuzz_take_u8(struct fuzz_input *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

uint32_t fuzz_take_u32(struct fuzz_input *in)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v = v << 8 | fuzz_take_u8(in);
	return v;
}

char *fuzz_take_str(struct fuzz_input *in)
{
	size_t len = fuzz_take_u8(in);
	if (len > in->n)
		len = in->n;
	char *s = xmalloc(len + 1);
	memcpy(s, in->p, len);
	s[len] = '\0';
	in->p += len;
	in->n -= len;
	return s;
}

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	abort();
}

/*
 * The code point at s and its length, or 0 for an ill-formed sequence. Written apart from
 * util/text.c on purpose: the check must not share the decoder it checks.
 */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	if (len == 0 || s[0] > 0xF4)
		return 0;
	uint32_t v = len == 1 ? s[0] : s[0] & (0x7Fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3Fu);
	}
	if (v < least[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

static bool drives_terminal(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

void fuzz_assert_inert(const char *s, bool ascii_only)
{
	FUZZ_ASSERT(s != NULL);
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp = 0;
		size_t len = utf8_next(p, &cp);
		FUZZ_ASSERT(len > 0);
		FUZZ_ASSERT(!drives_terminal(cp));
		FUZZ_ASSERT(!ascii_only || cp < 0x80);
		p += len;
	}
}

void fuzz_assert_sanitized(const char *s)
{
	char *clean = text_sanitize(s, s ? strlen(s) : 0, false);
	fuzz_assert_inert(clean, false);
	free(clean);
}

void fuzz_assert_fit(const char *s, int cells, bool pad, bool ascii_only)
{
	if (!s)
		s = "";
	struct strbuf sb = STRBUF_INIT;
	int used = text_fit(&sb, s, cells, pad, ascii_only);
	const char *out = strbuf_cstr(&sb);
	fuzz_assert_inert(out, ascii_only);
	FUZZ_ASSERT(text_width(out) == used);
	if (cells <= 0) {
		FUZZ_ASSERT(used == 0 && *out == '\0');
		strbuf_free(&sb);
		return;
	}
	FUZZ_ASSERT(used <= cells);
	FUZZ_ASSERT(!pad || used == cells);

	char *clean = text_sanitize(s, strlen(s), ascii_only);
	size_t len = strlen(clean);
	if (text_width(clean) <= cells) {
		FUZZ_ASSERT(strncmp(out, clean, len) == 0);
		FUZZ_ASSERT(strspn(out + len, " ") == strlen(out + len));
	} else {
		const char *mark = ascii_only ? "~" : ELLIPSIS;
		size_t marklen = strlen(mark), end = strlen(out);
		while (end > 0 && out[end - 1] == ' ')
			end--;
		FUZZ_ASSERT(used == cells);
		FUZZ_ASSERT(end >= marklen && memcmp(out + end - marklen, mark, marklen) == 0);
		/* What stands before the mark is a prefix of the sanitised text. */
		size_t kept = end - marklen;
		FUZZ_ASSERT(kept <= len && memcmp(out, clean, kept) == 0);
	}
	free(clean);
	strbuf_free(&sb);
}

void fuzz_assert_displayable(const char *s)
{
	for (int ascii_only = 0; ascii_only < 2; ascii_only++) {
		char *clean = text_sanitize(s, s ? strlen(s) : 0, ascii_only);
		fuzz_assert_inert(clean, ascii_only);
		FUZZ_ASSERT(text_width(clean) >= 0);
		free(clean);
		fuzz_assert_fit(s, 12, true, ascii_only);
		fuzz_assert_fit(s, 3, false, ascii_only);
	}
}
