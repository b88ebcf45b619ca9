#ifndef FLOWGATE_CONF_SOURCES_H
#define FLOWGATE_CONF_SOURCES_H
/*
 * Where settings and secrets come from, shared by config, credentials and audit: the environment,
 * the home directory and XDG base directories, and the check that a private file is kept private.
 */

#include <stddef.h>
#include <sys/stat.h>

#include "util/strbuf.h"

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
 * A path read from the config file `file`: "~/rest" is under the home directory, an absolute path
 * stays as it is, and a relative one is relative to the directory that holds `file` (so it does
 * not depend on the current directory). Always absolute when `file` can be made so.
 */
char *conf_path_beside(const char *file, const char *path);

/* The path as one shell word (quoted when it needs to be), so a suggested command can be pasted. */
void conf_shell_quote(struct strbuf *sb, const char *path);

/* Who may own a private file besides the user. `what` below names the file in the user's language. */
enum conf_owner { CONF_OWNER_USER, CONF_OWNER_USER_OR_ROOT };

/*
 * -1 with a message: what at path belongs to uid, not to the user, and the chown (run as root)
 * that gives it to the user when it is theirs.
 */
int conf_fail_owner(uid_t uid, const char *path, const char *what, char *err, size_t errlen);

/*
 * 0 when st is a regular file owned as `owner` says with no permission for group or others;
 * else -1 and a message naming `what` and `path`, with the chmod or chown command that fixes it.
 */
int conf_check_stat(const struct stat *st, enum conf_owner owner, const char *path, const char *what,
                    char *err, size_t errlen);

/*
 * Opens a private file for reading (close-on-exec). A symbolic link is followed, and the file
 * it reaches must pass conf_check_stat like any other: owned by the user or root, mode 0600
 * or stricter. Checked on the open descriptor, so the file cannot be swapped after the check.
 * 0 with the descriptor in *fd; 1 when the file does not exist (the message says so too, for a
 * caller that minds); -1 with a message.
 */
int conf_open_private(const char *path, const char *what, int *fd, char *err, size_t errlen);

#endif
