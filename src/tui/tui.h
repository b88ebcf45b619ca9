#ifndef FLOWGATE_TUI_TUI_H
#define FLOWGATE_TUI_TUI_H
/* The interactive console. */

struct conf;
struct conf_credentials;

struct tui_args {
	const struct conf *conf;
	const struct conf_credentials *cred;
	const char *pipeline;      /* NULL: start at the pipeline picker */
	const char *run;           /* NULL: start at the run picker */
};

/* Runs the console until the user quits; returns the process exit code. */
int tui_run(const struct tui_args *a);

#endif
