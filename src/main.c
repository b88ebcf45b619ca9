#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "app/session.h"
#include "cli.h"
#include "options.h"
#include "tui/tui.h"
#include "util/i18n.h"
#include "util/text.h"

/*
 * A locale passed along by ssh may not exist on this machine, and then setlocale() changes
 * nothing. Its character set is still what the terminal speaks: keep UTF-8 when it says so.
 */
static void locale_init(void)
{
	if (setlocale(LC_ALL, ""))
		return;
	const char *names[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = getenv(names[i]);
		if (!v || !*v)
			continue;
		if (strcasestr(v, "utf-8") || strcasestr(v, "utf8"))
			setlocale(LC_CTYPE, "C.UTF-8");
		return;
	}
}

/*
 * Started with stdin, stdout or stderr closed, the next file opened (a socket, the audit log)
 * would take that number, and messages meant for the terminal would go into it. Each closed one
 * is taken by /dev/null opened for reading only: a closed stdout stays one that cannot be
 * written (EBADF), so its output is reported lost (exit 6), never silently thrown away.
 */
static void std_fds_init(void)
{
	/* open() takes the lowest free number: each closed one of 0, 1 and 2 in turn. */
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1)
			open("/dev/null", O_RDONLY);
}

/*
 * Secrets live in this process's memory: no core file may carry them away, and no other process
 * of the same user may read them through ptrace or /proc/PID/mem. Done before any is read.
 */
static void secrets_guard(void)
{
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/*
 * The message may echo what was typed (a flag's value, a profile's name): no escape sequence or
 * newline in it reaches the terminal. A usage error points at --help.
 */
static void print_error(const char *err, bool usage)
{
	char *safe = text_sanitize(err, strlen(err), !text_locale_is_utf8());

	if (usage)
		fprintf(stderr, _("flowgate: %s\nTry 'flowgate --help'.\n"), safe);
	else
		fprintf(stderr, "flowgate: %s\n", safe);
	free(safe);
}

int main(int argc, char **argv)
{
	char err[1024];
	struct options o;
	struct session s;

	secrets_guard();
	std_fds_init();
	locale_init();
	i18n_init();
	/* A closed pipe is an error to report, not a silent death. */
	signal(SIGPIPE, SIG_IGN);
	/* So is a file size limit: the audit log reports it (EFBIG) rather than die of SIGXFSZ. */
	signal(SIGXFSZ, SIG_IGN);

	/*
	 * --lang, wherever it stands, else the locale, for what parsing the flags says and for --help:
	 * the language is chosen before the parse finds an error, not after it has written the message.
	 * Once the session has read the config file, its choice counts too (session_open).
	 */
	enum conf_lang lang = options_lang(argc, argv);
	i18n_use((lang != CONF_LANG_UNSET ? lang : conf_lang_from_locale()) == CONF_LANG_ZH);
	int rc = options_parse(&o, argc, argv, err, sizeof(err));
	if (rc != EXIT_OK) {
		print_error(err, true);
		goto out;
	}
	if (o.version) {
		printf("flowgate %s\n", PACKAGE_VERSION);
		rc = cli_output_done(rc);
		goto out;
	}
	if (o.help) {
		options_usage(stdout, o.cmd);
		rc = cli_output_done(rc);
		goto out;
	}
	rc = session_open(&s, &o.flags, err, sizeof(err));
	if (rc != EXIT_OK) {
		print_error(err, false);
		session_close(&s);
		goto out;
	}
	rc = cli_resolve_latest(&s, &o);
	if (rc != EXIT_OK) {
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
