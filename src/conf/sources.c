#include <config.h>   /* the build's; "config.h" here would be conf/config.h */

#include "conf/sources.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/i18n.h"
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

char *conf_path_beside(const char *file, const char *path)
{
	if (path[0] == '/' || strncmp(path, "~/", 2) == 0)
		return conf_expand_home(path);
	const char *slash = strrchr(file, '/');
	int dirlen = slash ? (int)(slash - file) : 0;
	if (file[0] == '/')
		return xasprintf("%.*s/%s", dirlen, file, path);
	char *cwd = getcwd(NULL, 0);
	char *full = slash ? xasprintf("%s/%.*s/%s", cwd ? cwd : ".", dirlen, file, path)
	                   : xasprintf("%s/%s", cwd ? cwd : ".", path);
	free(cwd);
	return full;
}

void conf_shell_quote(struct strbuf *sb, const char *path)
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

/* The user's name, or the uid as a number when it has none. */
static void user_name(struct strbuf *sb, uid_t uid)
{
	struct passwd *pw = getpwuid(uid);
	if (pw && pw->pw_name && *pw->pw_name)
		strbuf_puts(sb, pw->pw_name);
	else
		strbuf_printf(sb, "%lu", (unsigned long)uid);
}

int conf_fail_owner(uid_t uid, const char *path, const char *what, char *err, size_t errlen)
{
	struct strbuf owner = STRBUF_INIT, me = STRBUF_INIT, fix = STRBUF_INIT;
	user_name(&owner, uid);
	user_name(&me, geteuid());
	strbuf_printf(&fix, "chown %s ", strbuf_cstr(&me));
	conf_shell_quote(&fix, path);
	/* TRANSLATORS: what the file is ("config file", "audit log"…), its path, its owner, the user,
	 * and the command that gives it back. */
	snprintf(err, errlen, _("%s %s belongs to %s, not to you (%s), so flowgate does not use it; "
	                        "if it is yours, give it back to you as root: %s"), what, path, strbuf_cstr(&owner),
	         strbuf_cstr(&me), strbuf_cstr(&fix));
	strbuf_free(&owner);
	strbuf_free(&me);
	strbuf_free(&fix);
	return -1;
}

int conf_check_stat(const struct stat *st, enum conf_owner owner, const char *path, const char *what,
                    char *err, size_t errlen)
{
	if (!S_ISREG(st->st_mode)) {
		snprintf(err, errlen, _("%s %s is not a regular file; replace it with one"), what, path);
		return -1;
	}
	bool root_ok = owner == CONF_OWNER_USER_OR_ROOT && st->st_uid == 0;
	if (st->st_uid != geteuid() && !root_ok)
		return conf_fail_owner(st->st_uid, path, what, err, errlen);
	if ((st->st_mode & 077) == 0)
		return 0;
	struct strbuf fix = STRBUF_INIT;
	strbuf_puts(&fix, "chmod 600 ");
	conf_shell_quote(&fix, path);
	snprintf(err, errlen, _("%s %s may be read or changed by group or others (mode %04o); "
	                        "make it private: %s"), what, path, (unsigned)(st->st_mode & 07777), strbuf_cstr(&fix));
	strbuf_free(&fix);
	return -1;
}

int conf_open_private(const char *path, const char *what, int *fd, char *err, size_t errlen)
{
	/* O_NONBLOCK: a FIFO in the file's place must not hang the program (it is refused below). */
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (*fd < 0 || fstat(*fd, &st) != 0) {
		int e = errno;
		snprintf(err, errlen, _("cannot read %s %s: %s"), what, path, strerror(e));
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		return e == ENOENT ? 1 : -1;
	}
	if (conf_check_stat(&st, CONF_OWNER_USER_OR_ROOT, path, what, err, errlen) < 0) {
		close(*fd);
		*fd = -1;
		return -1;
	}
	return 0;
}
