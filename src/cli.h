#ifndef FLOWGATE_CLI_H
#define FLOWGATE_CLI_H
/* The non-interactive commands: text or --json on stdout, messages on stderr, exit codes 0-6. */

#include "app/session.h"
#include "options.h"

int cli_run(struct session *s, const struct options *o);

/*
 * Flushes stdout. When anything written to it was lost (a full disk, a closed pipe), says so on
 * stderr and returns EXIT_OUTPUT unless rc already tells of a failure; else returns rc.
 */
int cli_output_done(int rc);

#endif
