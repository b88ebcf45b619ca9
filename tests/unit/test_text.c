#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/text.h"

#include "../tap.h"

#define FFFD "\xEF\xBF\xBD"
#define GATE "\xE9\x83\xA8\xE7\xBD\xB2\xE5\x88\xB0\xE7\x94\x9F\xE4\xBA\xA7\xE7\x8E\xAF\xE5\xA2\x83"   /* 部署到生产环境 */

/* A string literal with its exact byte count, embedded NULs included. */
#define LIT(s) (s), (sizeof(s) - 1)

static void sanitized_is(const char *in, size_t n, bool ascii_only, const char *want, const char *name)
{
	char *got = text_sanitize(in, n, ascii_only);
	is_str(got, want, "%s", name);
	free(got);
}

static void fit_is(const char *in, int cells, bool pad, bool ascii_only, const char *want,
                   int want_cells, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	int got = text_fit(&sb, in, cells, pad, ascii_only);
	is_str(strbuf_cstr(&sb), want, "%s", name);
	is_int(got, want_cells, "%s: returns the cells appended", name);
	strbuf_free(&sb);
}

static void test_sanitize_controls(void)
{
	char *s = text_sanitize(LIT("\x1b[2J"), false);
	ok(strchr(s, 0x1b) == NULL, "clear-screen escape loses its ESC");
	free(s);
	sanitized_is(LIT("\x1b[2J"), false, FFFD "[2J", "ESC becomes U+FFFD, the rest stays visible");
	sanitized_is(LIT("\x1b]0;pwned\x07"), false, FFFD "]0;pwned" FFFD, "window-title sequence: ESC and BEL inert");
	sanitized_is(LIT("a\xc2\x9b" "31mb"), false, "a" FFFD "31mb", "C1 CSI (U+009B) becomes U+FFFD");
	sanitized_is(LIT("a\xc2\x85z"), false, "a" FFFD "z", "C1 NEL (U+0085) becomes U+FFFD");
	sanitized_is(LIT("a\x7f" "b"), false, "a" FFFD "b", "DEL becomes U+FFFD");
	sanitized_is(LIT("a\0b"), false, "a" FFFD "b", "an embedded NUL within n becomes U+FFFD");
	sanitized_is(LIT("a\bb"), false, "a" FFFD "b", "backspace becomes U+FFFD");
	sanitized_is(LIT("a\tb\nc\rd"), false, "a b c d", "tab, newline and CR each become one space");
	sanitized_is(LIT("a\r\nb"), false, "a  b", "CR LF becomes two spaces, one per character");
	sanitized_is(LIT("a\xe2\x80\xa8" "b"), false, "a b", "line separator U+2028 becomes a space");
}

static void test_sanitize_bidi(void)
{
	char *s = text_sanitize(LIT("deploy\xe2\x80\xaegnp.exe"), false);
	ok(strstr(s, "\xe2\x80\xae") == NULL, "right-to-left override U+202E is removed");
	free(s);
	sanitized_is(LIT("a\xe2\x80\xaa" "b"), false, "a" FFFD "b", "left-to-right embedding U+202A becomes U+FFFD");
	sanitized_is(LIT("a\xe2\x81\xa6" "b\xe2\x81\xa9"), false, "a" FFFD "b" FFFD,
	             "isolates U+2066 and U+2069 become U+FFFD");
	sanitized_is(LIT("a\xe2\x80\x8f" "b"), false, "a" FFFD "b", "right-to-left mark U+200F becomes U+FFFD");
	sanitized_is(LIT("a\xd8\x9c" "b"), false, "a" FFFD "b", "Arabic letter mark U+061C becomes U+FFFD");
	sanitized_is(LIT("a\xe2\x80\x8d" "b"), false, "a\xe2\x80\x8d" "b", "zero-width joiner (not bidi) is kept");
}

static void test_sanitize_invalid_utf8(void)
{
	sanitized_is(LIT("a\x80z"), false, "a" FFFD "z", "a lone continuation byte becomes U+FFFD");
	sanitized_is(LIT("a\xffz"), false, "a" FFFD "z", "byte 0xFF becomes U+FFFD");
	sanitized_is(LIT("a\xe9\x83"), false, "a" FFFD, "a sequence cut off at the end becomes one U+FFFD");
	sanitized_is(LIT("\xe9\x83" "abc"), false, FFFD "abc", "a cut sequence does not swallow the ASCII after it");
	sanitized_is(LIT("\xe9\x83\xe9\x83\xa8"), false, FFFD "\xe9\x83\xa8",
	             "a cut sequence does not swallow the valid character after it");
	sanitized_is(LIT("\xed\xa0\x80"), false, FFFD FFFD FFFD, "a UTF-8 encoded surrogate becomes U+FFFD");
	sanitized_is(LIT("\xf4\x90\x80\x80"), false, FFFD FFFD FFFD FFFD, "a code point past U+10FFFF becomes U+FFFD");
}

static void test_sanitize_overlong(void)
{
	sanitized_is(LIT("\xc0\xaf"), false, FFFD FFFD, "two-byte overlong '/' is not decoded");
	sanitized_is(LIT("\xc1\x9b"), false, FFFD FFFD, "two-byte overlong ESC is not decoded");
	sanitized_is(LIT("\xe0\x80\xaf"), false, FFFD FFFD FFFD, "three-byte overlong '/' is not decoded");
	sanitized_is(LIT("\xf0\x80\x80\xaf"), false, FFFD FFFD FFFD FFFD, "four-byte overlong '/' is not decoded");
	sanitized_is(LIT("\xe0\x82\x9b"), false, FFFD FFFD FFFD, "overlong C1 CSI is not decoded");
}

static void test_sanitize_keeps_text(void)
{
	sanitized_is(LIT(GATE), false, GATE, "Chinese job names are kept as they are");
	sanitized_is(LIT("caf\xc3\xa9 \xf0\x9f\x9a\x80"), false, "caf\xc3\xa9 \xf0\x9f\x9a\x80",
	             "Latin-1 letters and 4-byte emoji are kept");
	sanitized_is("abcdef", 3, false, "abc", "only n bytes are read");
	char *s = text_sanitize(NULL, 5, false);
	is_str(s, "", "NULL input gives an empty string, not NULL");
	free(s);
}

static void test_sanitize_ascii_only(void)
{
	sanitized_is(LIT(GATE " ok"), true, "??????? ok", "ascii_only turns each Chinese character into '?'");
	sanitized_is(LIT("\x1b[2J"), true, "?[2J", "ascii_only turns ESC into '?'");
	sanitized_is(LIT("a\xc0\xaf" "b"), true, "a??b", "ascii_only turns invalid bytes into '?'");
	sanitized_is(LIT("a\xe2\x80\xae" "b"), true, "a?b", "ascii_only turns a bidi override into '?'");
	sanitized_is(LIT("a\tb"), true, "a b", "ascii_only still turns a tab into a space");
	sanitized_is(LIT("caf\xc3\xa9"), true, "caf?", "ascii_only turns an accented letter into '?'");
}

static void test_width(void)
{
	is_int(text_width(GATE), 14, "seven CJK characters take 14 cells");
	is_int(text_width("deploy"), 6, "ASCII takes one cell per character");
	is_int(text_width("\xed\x95\x9c\xea\xb5\xad"), 4, "Hangul syllables take two cells");
	is_int(text_width("\xef\xbc\xa1\xef\xbc\xa2"), 4, "fullwidth Latin letters take two cells");
	is_int(text_width("\xe3\x82\xab"), 2, "katakana takes two cells");
	is_int(text_width("\xef\xbd\xb6"), 1, "halfwidth katakana takes one cell");
	is_int(text_width("\xf0\x9f\x9a\x80"), 2, "an emoji takes two cells");
	is_int(text_width("\xe3\x80\x82"), 2, "the ideographic full stop takes two cells");
	is_int(text_width("e\xcc\x81"), 1, "a combining accent takes no cell");
	is_int(text_width("a\xe2\x80\x8b" "b"), 2, "a zero-width space takes no cell");
	is_int(text_width("\xe2\x80\xa6"), 1, "the ellipsis takes one cell");
	is_int(text_width(FFFD), 1, "the replacement character takes one cell");
	is_int(text_width("\xf0\xa0\x80\x80"), 2, "a CJK Extension B ideograph takes two cells");
	is_int(text_width(""), 0, "the empty string takes no cell");
	is_int(text_width(NULL), 0, "NULL takes no cell");
}

static void test_fit(void)
{
	fit_is(GATE, 5, false, false, "\xe9\x83\xa8\xe7\xbd\xb2\xe2\x80\xa6", 5,
	       "a CJK name cut to 5 cells ends in an ellipsis");
	fit_is(GATE, 6, false, false, "\xe9\x83\xa8\xe7\xbd\xb2\xe2\x80\xa6 ", 6,
	       "a wide character that would be split is dropped and the cell is padded");
	fit_is(GATE, 2, false, false, "\xe2\x80\xa6 ", 2, "two cells before a wide character: ellipsis and space");
	fit_is(GATE, 14, false, false, GATE, 14, "a name that fits exactly is not cut");
	fit_is(GATE, 5, false, true, "????~", 5, "ascii_only cuts with '~' and shows '?' per character");
	fit_is("deployment", 5, false, false, "depl\xe2\x80\xa6", 5, "ASCII cut to 5 cells ends in an ellipsis");
	fit_is("deployment", 1, false, false, "\xe2\x80\xa6", 1, "one cell holds only the ellipsis");
	fit_is("deployment", 0, true, false, "", 0, "zero cells append nothing");
	fit_is("ab", 5, true, false, "ab   ", 5, "pad fills up to the width");
	fit_is("ab", 5, false, false, "ab", 2, "without pad a short text is not padded");
	fit_is(NULL, 3, true, false, "   ", 3, "NULL with pad gives spaces");
	fit_is("ab\xcc\x81" "cdef", 3, false, false, "ab\xcc\x81\xe2\x80\xa6", 3,
	       "a combining accent stays with its letter at the cut");
	fit_is("\x1b[2J", 10, false, false, FFFD "[2J", 4, "text_fit makes escape sequences inert itself");
	fit_is("a\xe2\x80\xae" "b", 10, false, true, "a?b", 3, "text_fit with ascii_only shows '?' for a bidi override");

	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "job: ");
	text_fit(&sb, GATE, 5, false, false);
	is_str(strbuf_cstr(&sb), "job: \xe9\x83\xa8\xe7\xbd\xb2\xe2\x80\xa6", "text_fit appends after existing content");
	strbuf_free(&sb);
}

/* text_fit_tight's result for `in` in `cells`, checked against `want` and the cells it says it took. */
static void fit_tight_is(const char *in, int cells, const char *want, int want_cells, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	int got = text_fit_tight(&sb, in, cells, false);

	is_str(strbuf_cstr(&sb), want, "%s", name);
	is_int(got, want_cells, "%s: returns the cells appended", name);
	strbuf_free(&sb);
}

static void test_fit_tight(void)
{
	fit_tight_is(GATE, 6, "\xe9\x83\xa8\xe7\xbd\xb2\xe2\x80\xa6", 5,
	             "tight: a wide character that would be split leaves its cell unused, not padded");
	fit_tight_is(GATE, 5, "\xe9\x83\xa8\xe7\xbd\xb2\xe2\x80\xa6", 5, "tight: a cut that fills the cells is as text_fit's");
	fit_tight_is(GATE, 2, "\xe2\x80\xa6", 1, "tight: two cells before a wide character hold the ellipsis alone");
	fit_tight_is("ab", 5, "ab", 2, "tight: a short text is not padded");
	fit_tight_is("deployment", 0, "", 0, "tight: zero cells append nothing");
}

static void test_locale(void)
{
	setlocale(LC_ALL, "C");
	ok(!text_locale_is_utf8(), "the C locale is not UTF-8");
	is_int(text_width(GATE), 14, "CJK width does not depend on the C locale");
	if (setlocale(LC_ALL, "C.UTF-8") || setlocale(LC_ALL, "en_US.UTF-8"))
		ok(text_locale_is_utf8(), "a UTF-8 locale is recognised");
	else
		ok(1, "# SKIP no UTF-8 locale installed");
	setlocale(LC_ALL, "C");
}

static void test_utf8_trim_cut(void)
{
	char cut[] = "names: \xe4\xb8\xad\xef\xbf", lead[] = "a\xe4", whole[] = "\xe4\xb8\xad", plain[] = "abc";

	text_utf8_trim_cut(cut);
	is_str(cut, "names: \xe4\xb8\xad", "a character cut short at the end is dropped, the one before it kept");
	text_utf8_trim_cut(lead);
	is_str(lead, "a", "so is a lone lead byte");
	text_utf8_trim_cut(whole);
	is_str(whole, "\xe4\xb8\xad", "a whole character at the end stays");
	text_utf8_trim_cut(plain);
	is_str(plain, "abc", "ASCII stays");
}

static void test_wrap(void)
{
	static const struct {
		const char *s;
		int cells;
		const char *line; /* the first line it wraps to */
		const char *why;
	} cases[] = {
		{ "refuse the gate now", 12, "refuse the ",
		  "English breaks after the last space that fits" },
		{ "abcdefghijkl", 5, "abcde",
		  "a word longer than the line is cut" },
		{ "short", 10, "short",
		  "a line that fits is whole" },
		{ "", 10, "",
		  "nothing from nothing" },
		{ "生产发布审批流程", 7, "生产发",
		  "Chinese breaks between any two characters, on whole cells" },
		{ "拒绝生产发布审批", 8, "拒绝生产",
		  "a line of Chinese fills its cells" },
		{ "已拒绝，请求号", 6, "已拒",
		  "a line never starts with a closing comma: the character before it goes along" },
		{ "作业（生产）审批", 6, "作业",
		  "a line never ends with an opening bracket" },
		{ "拒绝 Production approval", 12, "拒绝 ",
		  "Chinese then English: the break after the space" },
		{ "拒绝作业Production", 12, "拒绝作业",
		  "between Chinese and a Latin word" },
		{ "ab生产", 1, "a",
		  "at least one character" },
		{ "生产", 1, "生",
		  "even one wider than the line" },
		{ "reallylongwordhere 生产", 12, "reallylongwo",
		  "no break early in the line: the word is cut" },
		{ "release-xxxxxxxx，确认", 16, "release-xxxxxxx",
		  "a word cut where it overflows leaves no comma to start the next line" },
		{ "release-xxxxxx（确认）", 16, "release-xxxxxx",
		  "nor a bracket to end this one" },
		{ "ab，", 2, "a", "the comma takes the letter before it along" },
		{ "，，，", 2, "，", "a line of nothing but commas is still cut" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char line[256];

		snprintf(line, sizeof(line), "%.*s", (int)text_wrap(cases[i].s, cases[i].cells), cases[i].s);
		is_str(line, cases[i].line, "%s", cases[i].why);
	}
}

int main(void)
{
	test_wrap();
	test_utf8_trim_cut();
	test_sanitize_controls();
	test_sanitize_bidi();
	test_sanitize_invalid_utf8();
	test_sanitize_overlong();
	test_sanitize_keeps_text();
	test_sanitize_ascii_only();
	test_width();
	test_fit();
	test_fit_tight();
	test_locale();
	return tap_done();
}
