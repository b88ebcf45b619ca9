#ifndef FLOWGATE_UTIL_I18N_H
#define FLOWGATE_UTIL_I18N_H
/*
 * Messages in the user's language, with GNU gettext. _() translates a string where it stands;
 * N_() only marks a string that a table holds, and _() translates it where it is shown;
 * P_(one, many, n) picks the form for a count.
 * NC_(context, s) marks a table's string whose word means something else elsewhere (a msgctxt,
 * as gettext's pgettext has it); i18n_pgettext() translates it where it is shown.
 */

#include <stdbool.h>

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define P_(one, many, n) ngettext(one, many, n)
#else
#define _(s) (s)
#define P_(one, many, n) ((n) == 1 ? (one) : (many))
#endif
#define N_(s) (s)
#define NC_(context, s) context "\004" s

/* The translation of a string NC_() marked; the string itself (without its context) when there is none. */
const char *i18n_pgettext(const char *marked);

/*
 * Binds the program's catalogues, in UTF-8: the installed ones, or those under
 * FLOWGATE_LOCALEDIR when it is an absolute path (the tests and ./demo use the build tree's).
 */
void i18n_init(void);

/*
 * Messages in Chinese or in English from now on, whichever locales the system has: Debian
 * often has only C.UTF-8, and gettext reads LANGUAGE only when the messages locale is not "C".
 * Chinese only when the character set (LC_CTYPE) is UTF-8; otherwise English.
 * Returns whether the messages are Chinese now.
 */
bool i18n_use(bool chinese);

#endif
