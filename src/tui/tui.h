#ifndef FLOWGATE_TUI_TUI_H
#define FLOWGATE_TUI_TUI_H
/* The interactive console. */

#include <stdint.h>

struct session;

struct tui_args {
	struct session *session;   /* opened by the caller, which also closes it */
	int64_t pipeline;          /* 0: start at the pipeline picker */
	int64_t run;               /* 0: start at the run picker (needs a pipeline) */
};

/*
 * Runs the console until the user quits; returns the process exit code (128 + the signal
 * number when a signal ended it). Needs a terminal on stdin and stdout, except in the hidden
 * test mode (FLOWGATE_TEST_SCRIPT), which paints to /dev/null and takes its keys from a script.
 */
int tui_run(const struct tui_args *a);

#endif
