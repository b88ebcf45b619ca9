#include "config.h"

#include "util/i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

const char *i18n_pgettext(const char *marked)
{
#ifdef ENABLE_NLS
	const char *t = gettext(marked);

	if (t != marked)
		return t;
#endif
	return strchr(marked, '\004') + 1;
}

#ifdef ENABLE_NLS

void i18n_init(void)
{
	const char *dir = secure_getenv("FLOWGATE_LOCALEDIR");

	bindtextdomain(PACKAGE, dir && dir[0] == '/' ? dir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

/* Setting LC_MESSAGES again also tells gettext to forget the translations it looked up. */
bool i18n_use(bool chinese)
{
	const char *now = setlocale(LC_MESSAGES, NULL);

	/* Chinese needs a UTF-8 terminal: elsewhere it would come out as '?' (or as bytes it cannot show). */
	if (!chinese || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		setlocale(LC_MESSAGES, "C");
		return false;
	}
	setenv("LANGUAGE", "zh_CN", 1);
	if (!now || strcmp(now, "C") == 0 || strcmp(now, "POSIX") == 0) {
		setlocale(LC_MESSAGES, "C.UTF-8");
		return true;
	}
	char *keep = xstrdup(now);

	setlocale(LC_MESSAGES, keep);
	free(keep);
	return true;
}

#else

void i18n_init(void)
{
}

bool i18n_use(bool chinese)
{
	(void)chinese;
	return false;
}

#endif
