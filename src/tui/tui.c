#include "config.h"

#include "tui/tui.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/session.h"
#include "tui/console.h"
#include "tui/provide_curses.h"
#include "util/i18n.h"
#include "util/text.h"

#define ESC_DELAY_MS 25
#define PASTE_QUIET_MS 1000    /* a paste whose end marker got lost ends after this silence */
#define TEST_NOW_DEFAULT "1749542400"   /* 2025-06-10 08:00:00 UTC */

static SCREEN *screen;
static FILE *screen_out, *screen_in;
static bool screen_pastes;     /* bracketed paste was turned on in the real terminal */

/* Bracketed paste (xterm's mode 2004): the terminal marks what is pasted, so it never reads as keys. */
static void screen_paste(bool on)
{
	const char *seq = on ? TUI_PASTE_ON : TUI_PASTE_OFF;
	ssize_t n;

	if (!screen_pastes)
		return;
	n = write(STDOUT_FILENO, seq, strlen(seq));
	(void)n;   /* a terminal that is gone needs no mode turned off */
}

/* Also run by exit(), so that a fatal error never leaves the terminal raw. */
static void screen_close(void)
{
	if (!screen)
		return;
	signals_rescue_disarm();
	screen_paste(false);
	screen_pastes = false;
	/* With no alternate screen to leave, the last frame would stay under what is printed next. */
	if (!terminal_has_alternate()) {
		clear();
		refresh();
	}
	endwin();
	delscreen(screen);
	screen = NULL;
	if (screen_out)
		fclose(screen_out);
	if (screen_in)
		fclose(screen_in);
	screen_out = screen_in = NULL;
}

static int screen_open(struct tui *t, char *err, size_t errlen)
{
	const char *term = getenv("TERM");
	bool color = t->s->conf.no_color != CONF_YES;   /* NO_COLOR is resolved into it */

	if (t->script && !(term && *term))
		term = "xterm";
	if (terminal_check(term, STDOUT_FILENO, err, errlen) != 0)
		return -1;
	if (t->script) {
		/* Test mode paints to /dev/null; the screen model is what the dumps read. */
		screen_out = fopen("/dev/null", "w");
		screen_in = fopen("/dev/null", "r");
		if (screen_out && screen_in)
			screen = newterm(term, screen_out, screen_in);
	} else {
		signals_rescue_save(STDOUT_FILENO);
		screen = newterm(term, stdout, stdin);
	}
	if (!screen) {
		snprintf(err, errlen, _("cannot drive the terminal (TERM=%s)"), term ? term : "");
		screen_close();
		return -1;
	}
	atexit(screen_close);
	set_escdelay(ESC_DELAY_MS);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	mousemask(t->mouse ? BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED : 0, NULL);
	define_key("\033[200~", TUI_PASTE_BEGIN_CODE);
	define_key("\033[201~", TUI_PASTE_END_CODE);
	theme_init(color, t->utf8);
	if (!t->script) {
		signals_rescue_arm(STDOUT_FILENO, t->mouse);
		screen_pastes = true;
		screen_paste(true);
	}
	return 0;
}

void tui_resize(struct tui *t, int lines, int cols)
{
	if (lines > 0 && cols > 0)
		resizeterm(lines, cols);
	t->dirty = true;
}

/* The terminal's size may have changed (SIGWINCH, or while the console was stopped). */
static void tui_size(struct tui *t)
{
	struct winsize ws;

	if (!t->script && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		tui_resize(t, ws.ws_row, ws.ws_col);
	t->dirty = true;
}

/*
 * Back from a stop, or continued: what the terminal shows is unknown, its size may be new, and
 * keys typed meanwhile were meant for the shell; an open dialog waits its guard time again.
 */
static void tui_resume(struct tui *t)
{
	screen_paste(true);
	flushinp();
	dialog_rearm(t);
	tui_size(t);
	t->repaint = true;
}

/*
 * Reads what the handlers wrote. A storm of SIGWINCH is one resize; Ctrl-Z hands the terminal
 * back and stops, and the loop goes on where it was once continued.
 */
static void signals_drain(struct tui *t)
{
	unsigned char buf[64];
	bool winch = false, stop, resume = false;
	ssize_t n;

	do {
		stop = false;
		while ((n = read(t->sigpipe[0], buf, sizeof(buf))) > 0)
			for (ssize_t i = 0; i < n; i++) {
				winch = winch || buf[i] == SIGWINCH;
				stop = stop || buf[i] == SIGTSTP;
				resume = resume || buf[i] == SIGCONT;
				if (!t->signal && signals_ends(buf[i]))
					t->signal = buf[i];
			}
		if (stop && !t->signal) {
			screen_paste(false);
			signals_stop();
			resume = true;
		}
	} while (stop && !t->signal);
	if (t->signal)
		return;
	if (resume)
		tui_resume(t);
	else if (winch)
		tui_size(t);
}

static unsigned tui_quit(struct tui *t)
{
	if (t->flights && !t->quit_armed) {
		t->quit_armed = true;
		status_note(t, ROLE_WARN, _("A %s is waiting for its answer: q again quits anyway (its outcome is then unknown)."),
		            gate_op_word(t->flights->op));
		return TUI_REDRAW;
	}
	return TUI_QUIT;
}

static unsigned tui_refresh_now(struct tui *t)
{
	int64_t now = clock_ms(t);

	if (now < t->not_before) {
		status_note(t, ROLE_WARN, _("The server asked us to slow down: next try in %lds."),
		            (long)clock_seconds_left(now, t->not_before));
		return TUI_REDRAW;
	}
	return TUI_REFETCH;
}

/*
 * r and p act on the marks where gates are listed; elsewhere, and with no marks, on the gate
 * under the cursor: the screen's own, or the job's (where there is none, gate_request says what
 * to do instead).
 */
static unsigned tui_decide(struct tui *t, enum flow_op op)
{
	const struct view_ops *v = view_of(t->level);
	unsigned r;

	if (gate_on_marks(t))
		return marks_request(t, op);
	r = v->act ? v->act(t, op == FLOW_OP_PASS ? ACTION_PASS : ACTION_REFUSE) : 0;
	return r ? r : gate_request(t, op, view_current_job(t));
}

static unsigned tui_act(struct tui *t, enum action a)
{
	const struct view_ops *v = view_of(t->level);
	unsigned r;

	switch (a) {
	case ACTION_NONE: return 0;
	case ACTION_QUIT: return tui_quit(t);
	case ACTION_HELP: return help_open(t);
	case ACTION_REDRAW: return TUI_REPAINT;
	case ACTION_REFRESH: return tui_refresh_now(t);
	case ACTION_FILTER: return filter_begin(t);
	case ACTION_STATUS_OLDER: return status_scroll(t, 1);
	case ACTION_STATUS_NEWER: return status_scroll(t, -1);
	case ACTION_BACK: return nav_back(t);
	case ACTION_PIPELINES: return nav_pick_pipeline(t);
	case ACTION_REFUSE: return tui_decide(t, FLOW_OP_REFUSE);
	case ACTION_PASS: return tui_decide(t, FLOW_OP_PASS);
	case ACTION_LOG: return logv_open(t, view_current_job(t));
	case ACTION_LINK: return link_show(t);
	default: break;
	}
	r = list_move(t, a);
	if (!r && a == ACTION_OPEN)
		r = list_open_more(t);
	if (!r && v->act)
		r = v->act(t, a);
	return r;
}

static unsigned tui_mouse(struct tui *t)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return 0;
	if (ev.bstate & BUTTON4_PRESSED)
		return list_move(t, ACTION_UP);
	if (ev.bstate & BUTTON5_PRESSED)
		return list_move(t, ACTION_DOWN);
	return list_click(t, ev.y);
}

/* Below the minimum size nothing is visible to act on: only quitting and redrawing work. */
static unsigned tui_key_small(struct tui *t, int key)
{
	enum action a = keys_action(key);

	if (t->dialog.open)
		return dialog_cancel(t, _(" (terminal too small)"));
	return a == ACTION_QUIT || a == ACTION_REDRAW ? tui_act(t, a) : 0;
}

/*
 * Pasted text is swallowed whole: it opens, answers and triggers nothing, and cancels an open
 * dialog. It ends at the end marker, or at a key after a silence no paste has (a lost marker).
 */
static unsigned tui_paste(struct tui *t, int key)
{
	if (key == TUI_KEY_PASTE_BEGIN) {
		t->input.pasting = true;
		if (t->dialog.open)
			return dialog_cancel(t, _(" (pasted text ignored; dialog cancelled)"));
		status_note(t, ROLE_NORMAL, "%s", _("Pasted text ignored: the console takes keys typed one by one."));
		return TUI_REDRAW;
	}
	if (key == TUI_KEY_PASTE_END)
		t->input.pasting = false;
	return 0;
}

static bool tui_pasted(struct tui *t, int key)
{
	if (t->input.pasting && t->input.gap_ms >= PASTE_QUIET_MS && key != TUI_KEY_PASTE_END)
		t->input.pasting = false;
	return t->input.pasting || key == TUI_KEY_PASTE_BEGIN || key == TUI_KEY_PASTE_END;
}

/* Key handlers return reactions; the overlays take keys before the screen does. */
static unsigned tui_key(struct tui *t, int key)
{
	enum action a;

	if (tui_pasted(t, key))
		return tui_paste(t, key);
	if (key == TUI_KEY_FN(KEY_RESIZE))
		return TUI_REDRAW;
	if (!draw_fits())
		return tui_key_small(t, key);
	if (t->dialog.open)
		return dialog_key(t, key);
	if (t->help)
		return help_key(t, key);
	if (t->filtering)
		return filter_key(t, key);
	if (t->log.open) {
		bool mine;
		unsigned r = logv_key(t, key, &mine);

		if (mine)
			return r;
	}
	if (key == TUI_KEY_FN(KEY_MOUSE))
		return tui_mouse(t);
	a = keys_action(key);
	if (a != ACTION_QUIT)
		t->quit_armed = false;
	return tui_act(t, a);
}

static void tui_input(struct tui *t, int key)
{
	unsigned r = tui_key(t, key);

	t->dirty = t->dirty || (r & (TUI_REDRAW | TUI_REPAINT));
	t->repaint = t->repaint || (r & TUI_REPAINT);
	t->refresh_due = t->refresh_due || (r & TUI_REFETCH);
	t->quit = t->quit || (r & TUI_QUIT);
}

/* A resize or a mouse report is the terminal speaking, not the keyboard: it makes no burst. */
static bool tui_key_typed(int key)
{
	return key != TUI_KEY_FN(KEY_RESIZE) && key != TUI_KEY_FN(KEY_MOUSE);
}

/* Notes when each key came (the dialog tells a deliberate y from a burst by it), then handles it. */
void tui_keys(struct tui *t, const int *keys, size_t n)
{
	struct tui_input *in = &t->input;
	size_t typed = 0;

	for (size_t i = 0; i < n; i++)
		typed += tui_key_typed(keys[i]);
	for (size_t i = 0; i < n && !t->quit && !t->signal; i++) {
		int64_t now = clock_ms(t);

		in->key = keys[i];
		if (!tui_key_typed(keys[i])) {
			tui_input(t, keys[i]);
			continue;
		}
		in->batch = typed > 1;
		in->gap_ms = in->seen ? now - in->last_ms : INT64_MAX;
		in->last_ms = now;
		in->seen = true;
		tui_input(t, keys[i]);
	}
}

/* Timers: the refresh that is due, the clock and countdown, the spinner, the bell. */
void tui_tick(struct tui *t)
{
	int64_t now = clock_ms(t);
	bool loading = t->level == LEVEL_INBOX ? view_inbox_busy(t) : t->fetch[view_of(t->level)->fetch].busy;

	/*
	 * A refresh asked for after an action waits for a load under way, whose answer may have been
	 * read before the action landed: it would show the gate as still waiting.
	 */
	if (t->refresh_due ? !loading : now >= t->next_refresh) {
		t->refresh_due = false;
		t->next_refresh = now + t->interval_ms;
		if (t->level == LEVEL_INBOX)
			view_inbox_refresh(t);
		else
			fetch_start(t, view_of(t->level)->fetch);
		t->dirty = true;
	}
	view_inbox_tick(t);
	/*
	 * After the screen's own request has loaded, so both go over one kept-alive connection and
	 * a server that cannot be reached is not waited for twice.
	 */
	if (t->names_due && !fetch_any_busy(t) && !t->fetch[view_of(t->level)->fetch].failed &&
	    now >= t->not_before) {
		t->names_due = false;
		fetch_name(t);
	}
	logv_tick(t);
	gatecount_tick(t);
	if (clock_wall(t) != t->painted_second || t->flights || fetch_any_busy(t) || view_inbox_busy(t))
		t->dirty = true;
	if (t->ring) {
		t->ring = false;
		if (t->bell) {
			beep();
			t->bells++;
		}
	}
}

void tui_paint(struct tui *t)
{
	if (!t->dirty)
		return;
	draw_screen(t);
	link_emit(t);
	t->dirty = false;
	t->painted_second = clock_wall(t);
}

static int tui_timeout(const struct tui *t)
{
	int64_t wait = t->next_refresh - clock_ms(t);
	struct timespec ts;
	int to_second;

	clock_gettime(CLOCK_REALTIME, &ts);
	to_second = 1000 - (int)(ts.tv_nsec / 1000000);
	if (wait > to_second)
		wait = to_second;
	if ((t->flights || fetch_any_busy(t) || view_inbox_busy(t)) && wait > SPINNER_MS)
		wait = SPINNER_MS;
	if (view_inbox_timeout(t) >= 0 && wait > view_inbox_timeout(t))
		wait = view_inbox_timeout(t);
	return wait < 0 ? 0 : (int)wait;
}

void tui_pump(struct tui *t, int timeout_ms)
{
	struct pollfd fd = { t->sigpipe[0], POLLIN, 0 };

	session_poll(t->s, &fd, 1, timeout_ms);
	signals_drain(t);
	session_progress(t->s);
	tui_tick(t);
}

/* Wake-ups with the terminal readable and no key in a row: it can only be at its end. */
#define TUI_EMPTY_READS_MAX 20
#define TUI_READ_KEYS 256      /* keys handled as one read; a longer run is several, back to back */

/*
 * Reads the keys there are. A terminal that reads as an I/O error (EIO: the session lost it)
 * or keeps waking the loop with nothing to read and no error (end of file) is gone, as after a
 * hang-up. A read a signal interrupted says nothing either way.
 */
static void tui_read_keys(struct tui *t)
{
	int keys[TUI_READ_KEYS];
	size_t n, total = 0;
	wint_t wc;
	int r;

	errno = 0;
	do {
		n = 0;
		while (n < TUI_READ_KEYS && (r = get_wch(&wc)) != ERR)
			keys[n++] = r == KEY_CODE_YES ? TUI_KEY_FN((int)wc) : (int)wc;
		tui_keys(t, keys, n);
		total += n;
	} while (n == TUI_READ_KEYS && !t->quit && !t->signal);
	if (total) {
		t->empty_reads = 0;
		return;
	}
	if ((errno == EIO || (errno == 0 && ++t->empty_reads >= TUI_EMPTY_READS_MAX)) && !t->signal)
		t->signal = SIGHUP;
}

/* One poll over the terminal, the self-pipe and curl's sockets, with the nearest timer. */
static void tui_wait(struct tui *t)
{
	struct pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 }, { t->sigpipe[0], POLLIN, 0 } };

	session_poll(t->s, fds, 2, tui_timeout(t));
	signals_drain(t);
	if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
		/* The terminal is gone (an SSH drop): as good as SIGHUP. */
		if (!t->signal)
			t->signal = SIGHUP;
	} else if (fds[0].revents & POLLIN) {
		tui_read_keys(t);
	}
	session_progress(t->s);
}

static void tui_loop(struct tui *t)
{
	while (!t->quit && !t->signal) {
		tui_tick(t);
		tui_paint(t);
		if (!t->script) {
			tui_wait(t);
		} else if (!script_step(t)) {
			t->quit = true;
		} else {
			signals_drain(t);
		}
	}
}

static int tui_init(struct tui *t, const struct tui_args *a, char *err, size_t errlen)
{
	const struct conf *c = &a->session->conf;
	const char *script = getenv("FLOWGATE_TEST_SCRIPT");

	t->s = a->session;
	t->sigpipe[0] = t->sigpipe[1] = -1;
	t->exit_code = EXIT_USAGE;
	t->pipeline_id = a->pipeline;
	t->run_id = a->run;
	t->readonly = c->readonly == CONF_YES;
	t->bell = c->bell == CONF_YES;
	t->mouse = c->mouse == CONF_YES;
	t->interval_ms = (c->interval > 0 ? c->interval : CONF_DEFAULT_INTERVAL) * 1000LL;
	t->utf8 = text_locale_is_utf8();
	if (script && *script) {
		const char *now = getenv("FLOWGATE_TEST_NOW");

		t->script = script_open(script, err, errlen);
		if (!t->script)
			return -1;
		t->dump_dir = getenv("FLOWGATE_TEST_DUMP_DIR");
		if (clock_init(&t->clock, now && *now ? now : TEST_NOW_DEFAULT) != 0) {
			snprintf(err, errlen, _("FLOWGATE_TEST_NOW: not an epoch second: %s"), now);
			return -1;
		}
	} else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, _("the console needs a terminal; the subcommands work without one (see --help)"));
		return -1;
	}
	t->exit_code = EXIT_CONFIG;
	if (signals_install(t) != 0) {
		snprintf(err, errlen, _("cannot create a pipe: %s"), strerror(errno));
		return -1;
	}
	if (screen_open(t, err, errlen) != 0)
		return -1;
	t->exit_code = EXIT_OK;
	t->level = a->run ? LEVEL_GATES : a->pipeline ? LEVEL_RUNS : LEVEL_INBOX;
	t->refresh_due = true;
	t->dirty = true;
	return 0;
}

static void tui_free(struct tui *t)
{
	gate_free(t);
	for (int lv = 0; lv < LEVEL_COUNT; lv++)
		list_free(&t->list[lv]);
	flow_pipeline_list_free(&t->pipelines);
	flow_run_list_free(&t->runs);
	flow_run_detail_free(&t->run);
	fetch_free(t);
	dialog_close(&t->dialog);
	marks_free(t);
	view_inbox_free(t);
	status_free(&t->status);
	free(t->job_id);
	free(t->pipeline_name);
	free(t->link);
	logv_close(&t->log);
	gatecount_free(&t->counts);
	script_free(t->script);
}

int tui_run(const struct tui_args *a)
{
	struct tui t;
	char err[512];
	bool abandoned;
	int rc;

	memset(&t, 0, sizeof(t));
	if (tui_init(&t, a, err, sizeof(err)) != 0) {
		screen_close();
		signals_restore(&t);
		fprintf(stderr, "flowgate: %s\n", err);
		rc = t.exit_code;
		tui_free(&t);
		return rc;
	}
	for (int lv = 0; lv < LEVEL_COUNT; lv++)
		list_sync(&t, (enum tui_level)lv);
	/* The pipeline list names the pipeline that --pipeline gave only by its id. */
	t.names_due = t.level != LEVEL_INBOX;
	tui_loop(&t);
	/*
	 * Unanswered requests end here; a pass or refuse among them is audited as unknown, and the
	 * console exits as the command line does for an outcome unknown.
	 */
	abandoned = t.flights != NULL;
	if (session_in_flight(t.s))
		session_cancel_all(t.s);
	screen_close();
	signals_restore(&t);
	status_print_actions(&t, stderr);
	rc = t.signal ? 128 + t.signal : t.exit_code;
	if (abandoned && rc == EXIT_OK)
		rc = EXIT_NETWORK;
	tui_free(&t);
	return rc;
}
