#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "app/session.h"
#include "cli.h"
#include "options.h"
#include "tui/tui.h"

int main(int argc, char **argv)
{
	char err[1024];
	struct options o;
	struct session s;

	setlocale(LC_ALL, "");
	/* A closed pipe is an error to report, not a silent death. */
	signal(SIGPIPE, SIG_IGN);

	int rc = options_parse(&o, argc, argv, err, sizeof(err));
	if (rc != EXIT_OK) {
		fprintf(stderr, "flowgate: %s\nTry 'flowgate --help'.\n", err);
		goto out;
	}
	if (o.version) {
		printf("flowgate %s\n", PACKAGE_VERSION);
		goto out;
	}
	if (o.help) {
		options_usage(stdout, o.cmd);
		goto out;
	}
	rc = session_open(&s, &o.flags, err, sizeof(err));
	if (rc != EXIT_OK) {
		fprintf(stderr, "flowgate: %s\n", err);
		session_close(&s);
		goto out;
	}
	if (o.cmd == CMD_CONSOLE) {
		struct tui_args a = { .session = &s, .pipeline = o.pipeline, .run = o.run };
		rc = tui_run(&a);
	} else {
		rc = cli_run(&s, &o);
	}
	session_close(&s);
out:
	options_free(&o);
	return rc;
}
