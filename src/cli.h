#ifndef FLOWGATE_CLI_H
#define FLOWGATE_CLI_H
/* The non-interactive commands: text or --json on stdout, messages on stderr, exit codes 0-6. */

#include "app/session.h"
#include "options.h"

/*
 * A .../current link names the pipeline's newest run: asked for with one request, before the
 * command or the console starts. EXIT_OK (o->run set), or the exit code with the reason on stderr.
 */
int cli_resolve_latest(struct session *s, struct options *o);

int cli_run(struct session *s, const struct options *o);

/*
 * Flushes stdout. When anything written to it was lost (a full disk, a closed pipe), says so on
 * stderr and returns EXIT_OUTPUT unless rc already tells of a failure; else returns rc.
 */
int cli_output_done(int rc);

#endif
