#ifndef FLOWGATE_CLI_H
#define FLOWGATE_CLI_H
/* The non-interactive commands: text or --json on stdout, messages on stderr, exit codes 0-5. */

#include "app/session.h"
#include "options.h"

int cli_run(struct session *s, const struct options *o);

#endif
