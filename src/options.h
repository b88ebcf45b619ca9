#ifndef FLOWGATE_OPTIONS_H
#define FLOWGATE_OPTIONS_H
/* The command line: which command, its arguments, and the settings given as flags. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf/config.h"

enum command {
	CMD_CONSOLE,               /* no command word: the interactive console */
	CMD_PIPELINES,
	CMD_RUNS,
	CMD_GATES,
	CMD_REFUSE,
	CMD_PASS,
	CMD_INBOX,
	CMD_LOG,
	CMD_COUNT,
};

struct options {
	struct conf flags;         /* only what the command line set */
	enum command cmd;
	bool help;
	bool version;
	int64_t pipeline;          /* 0: not given */
	int64_t run;               /* 0: not given */
	const char *job;           /* into argv, a checked id like the others; NULL: not given */
	const char *status;        /* into argv */
	bool all;
	bool mine;                 /* inbox: only the gates the caller may pass or refuse */
	bool latest;               /* a .../current link: the run is the pipeline's newest, still to be asked for */
};

/*
 * The last valid --lang of argv, or CONF_LANG_UNSET: known before options_parse, so that what it
 * reports (even of a flag before --lang, as in "--bogus --lang zh") can be in that language.
 * argv is left as it is.
 */
enum conf_lang options_lang(int argc, char **argv);

/* 0, or EXIT_USAGE with a message in err (never echoing what might be a secret). */
int options_parse(struct options *o, int argc, char **argv, char *err, size_t errlen);
void options_free(struct options *o);

/* The --help text of a command (CMD_CONSOLE: the whole program). */
void options_usage(FILE *out, enum command cmd);

#endif
