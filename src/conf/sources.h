#ifndef FLOWGATE_CONF_SOURCES_H
#define FLOWGATE_CONF_SOURCES_H
/*
 * Where settings and secrets come from, shared by config, credentials and audit: the environment,
 * the home directory and XDG base directories, and the check that a private file is kept private.
 */

#include <stddef.h>
#include <sys/stat.h>

/* The variable's value, or NULL when it is unset or empty (an empty variable counts as unset). */
const char *conf_env(const char *name);

/* $HOME, else the home directory of the passwd entry; NULL when there is none. */
char *conf_home(void);

/*
 * $XDG_VAR/flowgate/leaf when XDG_VAR is an absolute path, else ~/home_rel/flowgate/leaf
 * (the XDG base directory rules). NULL when there is no home.
 */
char *conf_xdg_path(const char *xdg_var, const char *home_rel, const char *leaf);

/* "~/rest" with the home directory put in; any other path copied as it is. */
char *conf_expand_home(const char *path);

/*
 * 0 when st is a regular file with no permission for group or others; else -1 and a message
 * naming `what` and `path`, with the chmod command that fixes it.
 */
int conf_check_stat(const struct stat *st, const char *path, const char *what, char *err, size_t errlen);

#endif
