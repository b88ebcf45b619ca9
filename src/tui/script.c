#include "config.h"

#include "tui/console.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "app/session.h"
#include "util/clock.h"
#include "util/xalloc.h"

/*
 * The hidden test mode drives the real console from a file of commands (tig's method):
 *   key NAME          one key by name: r, Enter, Esc, Up, PgDn, Backspace, Ctrl-L, F5 ...
 *   keys TEXT         each character of TEXT as a key, all in one read (a burst)
 *   wait-idle         until no request is in flight (the network moves only here and in pump-ms)
 *   pump-ms N         let the network move for N real milliseconds, idle or not
 *   sleep-ms N        advance the console's clock by N ms (timers fire, nothing sleeps)
 *   resize COLS LINES
 *   dump NAME         write the screen model, text and attributes, to $FLOWGATE_TEST_DUMP_DIR/NAME
 *   signal NAME       raise HUP, TERM, INT, QUIT or CONT
 *   mark NAME         print "mark NAME SECONDS.MICROSECONDS", the wall clock, on stderr (benchmarks)
 * Blank lines and lines starting with # are skipped.
 */

#define WAIT_IDLE_MS 15000

struct script {
	FILE *f;
	char *path;
	unsigned line;
};

struct script *script_open(const char *path, char *err, size_t errlen)
{
	struct script *sc;
	FILE *f = fopen(path, "r");

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	sc = xcalloc(1, sizeof(*sc));
	sc->f = f;
	sc->path = xstrdup(path);
	return sc;
}

void script_free(struct script *sc)
{
	if (!sc)
		return;
	fclose(sc->f);
	free(sc->path);
	free(sc);
}

static bool script_wait_idle(struct tui *t)
{
	int64_t deadline = clock_monotonic_ms() + WAIT_IDLE_MS;

	tui_tick(t);
	while (session_in_flight(t->s) || t->refresh_due || view_inbox_busy(t)) {
		if (clock_monotonic_ms() > deadline || t->signal)
			return t->signal != 0;
		tui_pump(t, 50);
	}
	return true;
}

static bool script_pump(struct tui *t, int ms)
{
	int64_t until = clock_monotonic_ms() + ms;

	while (clock_monotonic_ms() < until && !t->signal)
		tui_pump(t, 10);
	return true;
}

/* The keys of TEXT as one read, as when they are typed faster than a person can or pasted unmarked. */
static bool script_keys(struct tui *t, const char *text)
{
	mbstate_t st;
	size_t len = strlen(text), n = 0;
	int *keys = xcalloc(len ? len : 1, sizeof(*keys));
	bool ok = true;

	memset(&st, 0, sizeof(st));
	while (len && ok) {
		wchar_t wc;
		size_t used = mbrtowc(&wc, text, len, &st);

		ok = used != 0 && used <= len;
		if (ok) {
			keys[n++] = (int)wc;
			text += used;
			len -= used;
		}
	}
	if (ok)
		tui_keys(t, keys, n);
	free(keys);
	return ok;
}

static bool script_dump(struct tui *t, const char *name)
{
	char *path;
	int rc;

	if (!*name || strchr(name, '/'))
		return false;
	tui_tick(t);
	tui_paint(t);
	path = xasprintf("%s/%s", t->dump_dir && *t->dump_dir ? t->dump_dir : ".", name);
	rc = dump_screen(t, path);
	free(path);
	return rc == 0;
}

static bool script_signal(const char *name)
{
	static const struct { const char *name; int sig; } sigs[] = {
		{ "HUP", SIGHUP }, { "TERM", SIGTERM }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "CONT", SIGCONT },
	};

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (strcmp(name, sigs[i].name) == 0)
			return raise(sigs[i].sig) == 0;
	return false;
}

/* Benchmarks time the screens from the launch of the process, so the clock is the wall clock. */
static bool script_mark(const char *name)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(stderr, "mark %s %lld.%06ld\n", name, (long long)ts.tv_sec, ts.tv_nsec / 1000);
	return true;
}

static bool script_run(struct tui *t, const char *cmd, const char *arg)
{
	int a, b;

	if (strcmp(cmd, "key") == 0) {
		int key = keys_parse(arg);

		if (key < 0)
			return false;
		tui_keys(t, &key, 1);
		return true;
	}
	if (strcmp(cmd, "keys") == 0)
		return script_keys(t, arg);
	if (strcmp(cmd, "wait-idle") == 0)
		return script_wait_idle(t);
	if (strcmp(cmd, "pump-ms") == 0 && sscanf(arg, "%d", &a) == 1 && a >= 0)
		return script_pump(t, a);
	if (strcmp(cmd, "sleep-ms") == 0 && sscanf(arg, "%d", &a) == 1 && a >= 0) {
		t->clock.ms += a;
		return true;
	}
	if (strcmp(cmd, "resize") == 0 && sscanf(arg, "%d %d", &a, &b) == 2 && a > 0 && b > 0) {
		tui_resize(t, b, a);
		return true;
	}
	if (strcmp(cmd, "dump") == 0)
		return script_dump(t, arg);
	if (strcmp(cmd, "signal") == 0)
		return script_signal(arg);
	if (strcmp(cmd, "mark") == 0)
		return script_mark(arg);
	return false;
}

bool script_step(struct tui *t)
{
	struct script *sc = t->script;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool ok = true, ran = false;

	while (!ran && (n = getline(&line, &cap, sc->f)) >= 0) {
		char *cmd = line, *arg;

		sc->line++;
		line[strcspn(line, "\r\n")] = '\0';
		cmd += strspn(cmd, " \t");
		if (!*cmd || *cmd == '#')
			continue;
		arg = cmd + strcspn(cmd, " \t");
		if (*arg)
			*arg++ = '\0';
		ok = script_run(t, cmd, arg);
		ran = true;
		if (!ok) {
			fprintf(stderr, "flowgate: %s:%u: cannot do \"%s %s\"\n", sc->path, sc->line, cmd, arg);
			t->exit_code = EXIT_USAGE;
		}
	}
	free(line);
	return ran && ok;
}
