#ifndef FLOWGATE_CONF_AUDIT_H
#define FLOWGATE_CONF_AUDIT_H
/* The append-only audit log: one JSON line per pass/refuse attempt. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct audit_entry {
	const char *action;        /* "refuse" | "pass" */
	const char *key_id;        /* already masked */
	const char *endpoint;
	const char *org;
	int64_t pipeline;
	int64_t run;
	const char *job;
	const char *job_name;      /* NULL when not known (command line) */
	long http_status;          /* 0 when no answer came */
	const char *error_code;
	const char *request_id;
	const char *outcome;       /* "sending" | "ok" | "refused" | "network-error" | "unknown" */
	const char *attempt;       /* 16 hex digits shared by an attempt's "sending" and outcome lines */
	const char *via;           /* "cli" | "console" */
};

/* $XDG_STATE_HOME/flowgate/audit.log, else ~/.local/state/flowgate/audit.log. */
char *audit_default_path(void);

/*
 * True when path is "off": the user turned the log off (`audit_log = off`, stated explicitly in
 * the config file). Callers check it before audit_append, which refuses to write to "off".
 */
bool audit_is_off(const char *path);

/*
 * Appends one line with the current UTC time, durably: one write() of the whole line, then
 * fsync. A write cut short (disk full, file size limit) is cut back off the file, so no torn line
 * survives. Creates missing directories 0700 and the file 0600.
 *
 * Nothing is followed or trusted that another user could have planted (OpenSSH StrictModes): the
 * file is opened with O_NOFOLLOW and must be a regular file owned by the user with no permission
 * for group or others; its directory must not be a symbolic link, must be owned by the user and
 * not be writable by group or others.
 *
 * 0, or -1 with a message in err that says why and where, and the chmod/chown that fixes it.
 */
int audit_append(const char *path, const struct audit_entry *e, char *err, size_t errlen);

#endif
