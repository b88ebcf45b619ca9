#ifndef FLOWGATE_UTIL_TEXT_H
#define FLOWGATE_UTIL_TEXT_H
/* Text from the server made safe for a terminal, and measured in terminal cells. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/*
 * A copy of s (n bytes) in which nothing can drive the terminal: C0/C1 controls, DEL,
 * bidi overrides and isolates, and invalid UTF-8 each become U+FFFD (or '?' when ascii_only),
 * tabs and newlines become a single space. Never returns NULL (NULL in gives "").
 */
char *text_sanitize(const char *s, size_t n, bool ascii_only);

/*
 * One UTF-8 sequence at s (n > 0). Returns the bytes consumed and sets *ok; an ill-formed
 * sequence (overlong, surrogate, beyond U+10FFFF, cut short) consumes its maximal subpart, so
 * one bad lead byte never swallows the valid characters after it.
 */
size_t text_utf8_decode(const char *s, size_t n, uint32_t *cp, bool *ok);

/*
 * Drops a UTF-8 sequence cut short at the end of s, as snprintf leaves one when a message is longer
 * than its buffer: a message ends on a whole character.
 */
void text_utf8_trim_cut(char *s);

/* True for what text_sanitize replaces: C0/C1 controls, DEL, bidi overrides and isolates. */
bool text_codepoint_is_control(uint32_t cp);

/* Display width in cells of a sanitised UTF-8 string (wide CJK = 2 cells). */
int text_width(const char *s);

/*
 * Appends s to sb cut to at most `cells` cells on a character boundary; when cut, the
 * last cell is an ellipsis ("…", or "~" when ascii_only). With pad, spaces fill up to `cells`.
 * Returns the cells appended.
 */
int text_fit(struct strbuf *sb, const char *s, int cells, bool pad, bool ascii_only);
/*
 * The same cut, never padded: a wide character that does not fit leaves its cell unused, so what
 * follows stands right after the ellipsis. Returns the cells appended, perhaps one fewer than `cells`.
 */
int text_fit_tight(struct strbuf *sb, const char *s, int cells, bool ascii_only);

/*
 * How many bytes of s make its first line when wrapped at `cells` cells: the line ends after a
 * space, or beside a Chinese (wide) character but not before closing punctuation such as "，" or
 * after opening such as "（"; a word longer than the line is cut. At least one character, unless s
 * is empty.
 */
size_t text_wrap(const char *s, int cells);

/* True when the locale's character set is UTF-8 (call after setlocale). */
bool text_locale_is_utf8(void);

#endif
