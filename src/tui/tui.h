#ifndef FLOWGATE_TUI_TUI_H
#define FLOWGATE_TUI_TUI_H
/* The interactive console. */

struct session;

struct tui_args {
	struct session *session;   /* opened by the caller, which also closes it */
	const char *pipeline;      /* NULL: start at the pipeline picker */
	const char *run;           /* NULL: start at the run picker */
};

/*
 * Runs the console until the user quits; returns the process exit code (128 + the signal
 * number when a signal ended it). Needs a terminal on stdin and stdout, except in the hidden
 * test mode (FLOWGATE_TEST_SCRIPT), which paints to /dev/null and takes its keys from a script.
 */
int tui_run(const struct tui_args *a);

#endif
