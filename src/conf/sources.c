#include "config.h"

#include "conf/sources.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

const char *conf_env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

char *conf_home(void)
{
	const char *home = conf_env("HOME");
	if (home)
		return xstrdup(home);
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_dir && *pw->pw_dir)
		return xstrdup(pw->pw_dir);
	return NULL;
}

char *conf_xdg_path(const char *xdg_var, const char *home_rel, const char *leaf)
{
	const char *base = getenv(xdg_var);
	if (base && base[0] == '/')
		return xasprintf("%s/flowgate/%s", base, leaf);
	char *home = conf_home();
	if (!home)
		return NULL;
	char *path = xasprintf("%s/%s/flowgate/%s", home, home_rel, leaf);
	free(home);
	return path;
}

char *conf_expand_home(const char *path)
{
	if (strncmp(path, "~/", 2) != 0)
		return xstrdup(path);
	char *home = conf_home();
	if (!home)
		return xstrdup(path);
	char *full = xasprintf("%s/%s", home, path + 2);
	free(home);
	return full;
}

/* The path as one shell word, so the suggested command can be pasted as it is. */
static void shell_quote(struct strbuf *sb, const char *path)
{
	if (path[0] && strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./+-,:@%=")
	                   == strlen(path)) {
		strbuf_puts(sb, path);
		return;
	}
	strbuf_putc(sb, '\'');
	for (const char *p = path; *p; p++) {
		if (*p == '\'')
			strbuf_puts(sb, "'\\''");
		else
			strbuf_putc(sb, *p);
	}
	strbuf_putc(sb, '\'');
}

int conf_check_stat(const struct stat *st, const char *path, const char *what, char *err, size_t errlen)
{
	if (!S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "%s %s is not a regular file; replace it with one", what, path);
		return -1;
	}
	if ((st->st_mode & 077) == 0)
		return 0;
	struct strbuf fix = STRBUF_INIT;
	strbuf_puts(&fix, "chmod 600 ");
	shell_quote(&fix, path);
	snprintf(err, errlen, "%s %s may be read or changed by group or others (mode %04o); "
	         "make it private: %s", what, path, (unsigned)(st->st_mode & 07777), strbuf_cstr(&fix));
	strbuf_free(&fix);
	return -1;
}
