#include "config.h"

#include "tui/console.h"

#include "tui/provide_curses.h"

/* Colour pairs, fixed so that screen dumps name the same pair on every run. */
enum { PAIR_TITLE = 1, PAIR_OK, PAIR_ERROR, PAIR_WARN, PAIR_HEADER };

static attr_t attrs[ROLE_COUNT];

static const struct glyphs glyphs_utf8 = {
	false, "─", "│", "┌", "┐", "└", "┘", " › ", "⟳",
	{ "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" }, 10,
};

static const struct glyphs glyphs_ascii = {
	true, "-", "|", "+", "+", "+", "+", " > ", "~",
	{ "|", "/", "-", "\\" }, 4,
};

static const struct glyphs *glyphs = &glyphs_ascii;

static void theme_plain(void)
{
	attrs[ROLE_NORMAL] = A_NORMAL;
	attrs[ROLE_TITLE] = A_REVERSE | A_BOLD;
	attrs[ROLE_HEADER] = A_BOLD | A_UNDERLINE;
	attrs[ROLE_CURSOR] = A_REVERSE;
	attrs[ROLE_DIM] = A_DIM;
	attrs[ROLE_DIM_CURSOR] = A_REVERSE | A_DIM;
	attrs[ROLE_OK] = A_NORMAL;
	attrs[ROLE_ERROR] = A_BOLD;
	attrs[ROLE_WARN] = A_BOLD;
	attrs[ROLE_FOOTER] = A_REVERSE;
	attrs[ROLE_KEY] = A_BOLD;
	attrs[ROLE_FOCUS] = A_REVERSE | A_BOLD;
}

static void theme_colour(void)
{
	start_color();
	use_default_colors();
	init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_OK, COLOR_GREEN, -1);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	init_pair(PAIR_WARN, COLOR_YELLOW, -1);
	init_pair(PAIR_HEADER, COLOR_CYAN, -1);
	attrs[ROLE_TITLE] = (attr_t)COLOR_PAIR(PAIR_TITLE) | A_BOLD;
	attrs[ROLE_HEADER] = (attr_t)COLOR_PAIR(PAIR_HEADER) | A_BOLD;
	attrs[ROLE_OK] = (attr_t)COLOR_PAIR(PAIR_OK);
	attrs[ROLE_ERROR] = (attr_t)COLOR_PAIR(PAIR_ERROR) | A_BOLD;
	attrs[ROLE_WARN] = (attr_t)COLOR_PAIR(PAIR_WARN) | A_BOLD;
}

void theme_init(bool color, bool utf8)
{
	glyphs = utf8 ? &glyphs_utf8 : &glyphs_ascii;
	theme_plain();
	if (color && has_colors())
		theme_colour();
}

attr_t theme_attr(enum role r)
{
	return attrs[r];
}

const struct glyphs *theme_glyphs(void)
{
	return glyphs;
}
