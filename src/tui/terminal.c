#include "config.h"

#include "tui/console.h"

#include <stdio.h>

#include "tui/provide_curses.h"
#include <term.h>

#include "util/i18n.h"

/* Whether the terminal set up last has the string capability. */
static bool terminal_has(const char *cap)
{
	const char *s = tigetstr(cap);

	return s && s != (const char *)-1 && *s;
}

bool terminal_has_alternate(void)
{
	return terminal_has("smcup");
}

/*
 * terminfo knows the type but curses will not drive it: a printing terminal (hc) or a generic
 * type (gn) that names no real terminal. setupterm() leaves the entry loaded to tell which.
 */
static int terminal_refuse_kind(const char *term, char *err, size_t errlen)
{
	bool paper = cur_term && tigetflag("hc") > 0;

	if (cur_term)
		del_curterm(cur_term);
	if (paper)
		snprintf(err, errlen, _("TERM=%s is a printing terminal (hardcopy): the console needs a screen "
		                        "that can move the cursor (the subcommands work without one, see --help)"), term);
	else
		snprintf(err, errlen, _("TERM=%s is a generic terminal type that names no real terminal: set TERM "
		                        "to your terminal's own type (the subcommands work without one, see --help)"), term);
	return -1;
}

/*
 * The console draws a whole screen and a dialog over it. A terminal that cannot move the cursor
 * or clear the screen (dumb, a printing terminal, one terminfo does not know) would show only
 * part of it, and a dialog that is not shown must not be answerable: such a terminal is refused
 * before anything is loaded.
 */
int terminal_check(const char *term, int fd, char *err, size_t errlen)
{
	int found = 0, rc;
	bool usable;

	if (!term || !*term) {
		snprintf(err, errlen, "%s", _("TERM is not set: the console needs a terminal that can move the cursor "
		                              "(the subcommands work without one, see --help)"));
		return -1;
	}
	rc = setupterm(term, fd, &found);
	if (rc != OK && found == 1)
		return terminal_refuse_kind(term, err, errlen);
	if (rc != OK) {
		snprintf(err, errlen, _("TERM=%s is not a terminal type this system knows (terminfo): the "
		                        "console needs one that can move the cursor (the subcommands work "
		                        "without one, see --help)"), term);
		return -1;
	}
	usable = terminal_has("cup") && terminal_has("clear");
	del_curterm(cur_term);
	if (!usable) {
		snprintf(err, errlen, _("TERM=%s cannot move the cursor or clear the screen, so the console "
		                        "could not show its dialogs: use a full-screen terminal (the subcommands "
		                        "work without one, see --help)"), term);
		return -1;
	}
	return 0;
}
