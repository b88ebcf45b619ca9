#ifndef FLOWGATE_CONF_AUDIT_H
#define FLOWGATE_CONF_AUDIT_H
/* The append-only audit log: one JSON line per pass/refuse attempt. */

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
 * Appends one line with the current UTC time (O_APPEND, one write). Creates the directory 0700
 * and the file 0600. 0, or -1 with a message in err.
 */
int audit_append(const char *path, const struct audit_entry *e, char *err, size_t errlen);

#endif
