#ifndef FLOWGATE_TUI_CONSOLE_H
#define FLOWGATE_TUI_CONSOLE_H
/*
 * The console's state and the contracts between the files of src/tui (private to them).
 * One struct tui holds everything; each file owns the part named after it.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "flow/api.h"
#include "flow/model.h"
#include "flow/pager.h"
#include "tui/actions.h"
#include "util/strbuf.h"

struct session;
struct outcome;
struct script;
struct gate_ref;
struct tui;

/* What a key handler asks of the loop (htop's idea): the loop acts on the flags. */
enum {
	TUI_REDRAW = 1 << 0,
	TUI_REFETCH = 1 << 1,      /* load the current screen's data now */
	TUI_QUIT = 1 << 2,
	TUI_REPAINT = 1 << 3,      /* forget what the terminal shows and paint every cell */
};

/*
 * The screens, from the top of the hierarchy down; Back goes one up, and from the gates of a run
 * opened in the inbox back to the inbox.
 */
enum tui_level { LEVEL_INBOX, LEVEL_PIPELINES, LEVEL_RUNS, LEVEL_GATES, LEVEL_JOB, LEVEL_COUNT };

/* What a screen loads from the server (the inbox: view_inbox.c walks it, not fetch.c). */
enum fetch_kind { FETCH_PIPELINES, FETCH_RUNS, FETCH_RUN, FETCH_INBOX, FETCH_COUNT };

/* ---- theme.c: attributes per role, line-drawing and spinner glyphs --------------------------- */
enum role {
	ROLE_NORMAL,
	ROLE_TITLE,
	ROLE_HEADER,
	ROLE_CURSOR,
	ROLE_DIM,
	ROLE_DIM_CURSOR,
	ROLE_OK,
	ROLE_ERROR,
	ROLE_WARN,
	ROLE_FOOTER,
	ROLE_KEY,
	ROLE_FOCUS,
	ROLE_COUNT
};

struct glyphs {
	bool ascii;                /* no character outside ASCII may be drawn */
	const char *hline, *vline, *tl, *tr, *bl, *br;
	const char *sep;           /* between parts of the title */
	const char *refresh;       /* before the countdown */
	const char *spinner[10];
	int nspinner;
};

void theme_init(bool color, bool utf8);
attr_t theme_attr(enum role r);   /* curses attributes, colour pair included */
const struct glyphs *theme_glyphs(void);

/* ---- clock.c: wall and monotonic time; fixed and advanced by the script in test mode --------- */
struct tui_clock {
	bool fixed;
	int64_t ms;                /* test mode: monotonic milliseconds so far */
	time_t epoch;              /* test mode: the wall clock at ms 0 */
};

int clock_init(struct tui_clock *c, const char *fixed_now);
int64_t clock_ms(const struct tui *t);
/* Whole seconds from now_ms to until_ms as a countdown shows them; 0 once it has passed. */
int64_t clock_seconds_left(int64_t now_ms, int64_t until_ms);
time_t clock_wall(const struct tui *t);

/* ---- keys.c: the bindings and names generated from actions.h ------------------------------- */
enum action keys_action(int key);
void keys_names(enum action a, struct strbuf *out);   /* "k, Up" */
const char *keys_hint(enum action a);
const char *keys_help(enum action a);
void keys_first_name(enum action a, char *buf, size_t n);
/* Turned off (--readonly turns off refuse, pass and marks): not in the footer, dimmed in the help. */
bool keys_off(const struct tui *t, enum action a);
/* A key from its name as the help shows it ("Enter", "PgDn", "Ctrl-L", "F5", "r"); -1 if none. */
int keys_parse(const char *name);

/* ---- list.c: rows, cursor, scrolling and filter shared by every screen ---------------------- */
#define ROW_MAX_CELLS 8

struct row {
	const char *cell[ROW_MAX_CELLS];   /* raw text: sanitised when drawn */
	char buf[ROW_MAX_CELLS][256];      /* room for cells the screen formats itself */
	enum role role;
};

struct column {
	const char *title;
	int width;                 /* preferred cells */
	int min;                   /* fewest cells before columns are cut */
	bool flex;                 /* takes what is left */
	bool optional;             /* left out first when the minimums do not fit */
	bool fit;                  /* grows to its widest cell or heading (up to `width`) before the flexible ones */
};

struct list {
	size_t *map;               /* source indexes of the rows shown, in order */
	size_t n, cap;
	bool more;                 /* a "more..." row follows them: the list has further pages */
	size_t cursor, top;        /* positions in map; cursor == n is on the "more..." row */
	char *ident;               /* identity of the row under the cursor */
	bool after;                /* the cursor is on the row after ident's: the "more..." row */
	struct strbuf filter;
};

void list_sync(struct tui *t, enum tui_level lv);
void list_reset(struct tui *t, enum tui_level lv);
/* Puts the cursor on the row with this identity once it is there, unless it already has a row. */
void list_aim(struct tui *t, enum tui_level lv, const char *ident);
/* Moves the cursor; onto the "more..." row, it loads the next page. */
unsigned list_move(struct tui *t, enum action a);
/* Enter on the "more..." row loads the next page; 0 elsewhere. */
unsigned list_open_more(struct tui *t);
bool list_selected(const struct tui *t, enum tui_level lv, size_t *src);
void list_draw(struct tui *t, int y, int height, int width);
unsigned list_click(struct tui *t, int row);
void list_free(struct list *l);

/* ---- view_*.c: one table of callbacks per screen (tig's view_ops) ------------------------- */
struct view_ops {
	enum fetch_kind fetch;
	const struct column *columns;
	size_t ncolumns;
	size_t (*count)(const struct tui *t);
	bool (*include)(const struct tui *t, size_t i);            /* NULL: every item is a row */
	void (*row)(const struct tui *t, size_t i, struct row *out);
	void (*ident)(const struct tui *t, size_t i, struct strbuf *out);
	void (*empty)(const struct tui *t, struct strbuf *out);   /* loaded, but no rows */
	const char *more;          /* what the "more..." row loads ("older runs"); NULL: one page only */
	unsigned (*act)(struct tui *t, enum action a);            /* 0: not handled; NULL: none */
};

extern const struct view_ops view_inbox, view_pipelines, view_runs, view_gates, view_job;
const struct view_ops *view_of(enum tui_level lv);
/* The job under the cursor of the gates screen, or the job of the detail screen. */
const struct flow_job *view_current_job(const struct tui *t);

/* ---- nav.c: moving between the screens ----------------------------------------------------- */
void nav_enter(struct tui *t, enum tui_level lv);
unsigned nav_open_pipeline(struct tui *t, const struct flow_pipeline *p);
unsigned nav_open_run(struct tui *t, int64_t run);
/* The gates of a run found in the inbox, the cursor on one of them; Back returns to the inbox. */
unsigned nav_open_inbox_run(struct tui *t, int64_t pipeline, int64_t run, const char *job_id);
unsigned nav_open_job(struct tui *t, const struct flow_job *job);
unsigned nav_back(struct tui *t);
/* P: the pipeline picker, one key away from every screen. */
unsigned nav_pick_pipeline(struct tui *t);
const char *nav_pipeline_name(const struct tui *t);   /* NULL when not known */

/* ---- fetch.c: loading the screens' data through the transport ------------------------------ */
struct fetch_slot {
	unsigned gen;              /* the newest request; older answers are dropped */
	bool busy;
	int64_t pipeline, run;     /* what the newest request asked for */
	/* A list comes in pages: a load walks them one after the other, then shows what it got. */
	bool append;               /* this walk adds to the list shown ("more..."), else replaces it */
	int limit;                 /* pages this walk gets before it shows them */
	char *search;              /* the pipeline picker's search this walk asks the server for */
	int shown;                 /* pages in the list shown: a refresh walks as many */
	struct flow_pager pager;   /* this walk's pages: where it goes on, the ids it has, its caps */
	int64_t started_ms;        /* clock_ms when this walk began */
	time_t loaded_at;          /* wall clock of the last load that worked: a failed refresh shows its age */
	struct flow_pipeline_list pipelines;   /* the pages gathered so far */
	struct flow_run_list runs;
	bool failed;
	long fail_status;          /* the last failure, to report a repeated one only once */
	char *fail_code;
};

void fetch_start(struct tui *t, enum fetch_kind k);
bool fetch_any_busy(const struct tui *t);
/* Lists that come in pages: whether there are more, loading them, and whether that is under way. */
bool fetch_has_more(const struct tui *t, enum fetch_kind k);
void fetch_more(struct tui *t, enum fetch_kind k);
bool fetch_more_busy(const struct tui *t, enum fetch_kind k);
/* Drops what was loaded for another pipeline or run, and any answer still coming for it. */
void fetch_forget(struct tui *t, enum fetch_kind k);
/* The server asks us to slow down: no request before its retry-after, refreshes back off. */
void fetch_throttled(struct tui *t, const struct flow_result *res);
/* Asks GetPipeline for the name of the pipeline shown (one request). */
void fetch_name(struct tui *t);
void fetch_free(struct tui *t);

/* ---- gate_action.c: pass and refuse, from the key to the audit line ------------------------- */
struct flight {
	struct flight *next;
	struct tui *t;
	enum flow_op op;
	char *job_id;
	unsigned status_id;
};

/* Checks that the job may be acted on (explaining in the status pane if not), then asks. */
unsigned gate_request(struct tui *t, enum flow_op op, const struct flow_job *job);
/* The same for a pending gate known by its place; validators: who may act, NULL when not known. */
unsigned gate_request_ref(struct tui *t, enum flow_op op, const struct gate_ref *g, const char *validators);
/* Why a job is not a gate waiting for someone, or NULL when it is one. */
const char *gate_not_pending(const struct flow_job *job);
/* Whether r and p act on the marks here rather than on the gate under the cursor. */
bool gate_on_marks(const struct tui *t);
/* Whether r and p have something here to open a dialog on or to explain: the footer offers them then. */
bool gate_in_sight(const struct tui *t);
void gate_send(struct tui *t, enum flow_op op, const struct gate_ref *g);
/* "pass" or "refuse" in the user's language. */
const char *gate_op_word(enum flow_op op);
/* Why op cannot be done on a gate with these FLOW_GATE_* bits now, or NULL when it can. */
const char *gate_refusal_bits(const struct tui *t, enum flow_op op, const char *job_id, unsigned gate);
const struct flight *gate_in_flight(const struct tui *t, const char *job_id);
/* For the screens: what the user may do with a job, how long it has waited. */
const char *gate_may(const struct tui *t, const struct flow_job *job);
const char *gate_permission(const struct flow_job *job, enum flow_op op);
bool gate_disabled(const struct flow_job *job);
void gate_waiting(const struct tui *t, const struct flow_job *job, char *buf, size_t n);
/* Flights still unanswered at exit. */
void gate_free(struct tui *t);

/* ---- marks.c: gates named by their place, marked for one dialog, decided elsewhere ------------ */
/* A gate as the console remembers it apart from the data it came with (a mark, a dialog's line). */
struct gate_ref {
	int64_t pipeline, run;
	char *pipeline_name;       /* NULL when not known */
	char *stage, *job_id, *job_name;
	unsigned gate;             /* FLOW_GATE_* bits when it was remembered */
};

void gate_ref_set(struct gate_ref *g, int64_t pipeline, int64_t run, const char *pipeline_name,
                  const struct flow_job *job);
void gate_ref_copy(struct gate_ref *dst, const struct gate_ref *src);
void gate_ref_clear(struct gate_ref *g);
bool gate_ref_is(const struct gate_ref *g, int64_t pipeline, int64_t run, const char *job_id);

struct marks {
	struct gate_ref *g;
	size_t n, cap;
};

/*
 * Space on a gate (NULL: no gate here): marks it, or unmarks it. A gate the user may not act on
 * is not marked and the pane says why; not_pending: why it is no waiting gate, NULL when it is.
 */
unsigned marks_toggle(struct tui *t, const struct gate_ref *g, const char *not_pending);
/*
 * Leaving the screen (or the run) where the marks were made drops them, with a note: a mark
 * never acts out of sight.
 */
void marks_drop(struct tui *t);
/* r or p with marks: one dialog for every marked gate, once each may be acted on. */
unsigned marks_request(struct tui *t, enum flow_op op);
/* The mark column's text for a gate. */
const char *marks_cell(const struct tui *t, int64_t pipeline, int64_t run, const char *job_id);
/*
 * A run's gates were loaded again: old (NULL when not loaded) to fresh. A gate that no longer
 * waits was acted on here, or decided elsewhere: then the status pane says so, once; its mark is
 * dropped and a dialog that names it closes without sending.
 */
void marks_run_refreshed(struct tui *t, int64_t pipeline, const struct flow_run_detail *old,
                         const struct flow_run_detail *fresh);
/* An action on this gate was sent from here: its gate leaving the list is no news. */
void marks_sent(struct tui *t, const struct gate_ref *g);
/* ... unless it changed nothing (not sent, or refused by the server): then it is news again. */
void marks_unsent(struct tui *t, int64_t pipeline, int64_t run, const char *job_id);
/* The inbox walked again: snapshot (the gates it showed) becomes now, those gone noted as above. */
void marks_inbox_refreshed(struct tui *t, struct marks *snapshot, const struct marks *now);
void marks_free(struct tui *t);
bool marks_contain(const struct marks *m, const struct gate_ref *g);
void marks_list_free(struct marks *m);

/* ---- view_inbox.c: every pending gate of the organisation, walked by app/inbox.c ------------ */
struct inbox;

struct tui_inbox {
	struct inbox *ib;          /* NULL until the inbox is first shown */
	bool walking;              /* a walk this screen started has not ended yet */
	unsigned long base;        /* requests started before this walk */
	struct marks seen;         /* the gates the last whole walk showed */
	char *failures;            /* the failures last reported, so that a repeat is not */
};

/* Starts a walk unless one is under way (the loop's refresh of the inbox screen). */
void view_inbox_refresh(struct tui *t);
bool view_inbox_busy(const struct tui *t);
/* The loop's turn: starts the requests that are due; ms until one is (-1: none waits on time). */
void view_inbox_tick(struct tui *t);
int view_inbox_timeout(const struct tui *t);
/* " (loading 5/9)": answers so far of the requests asked so far; "" when no walk is under way. */
void view_inbox_progress(const struct tui *t, struct strbuf *out);
void view_inbox_free(struct tui *t);
/* The run of the highlighted gate; false when none is highlighted. */
bool view_inbox_run(const struct tui *t, int64_t *pipeline, int64_t *run);

/* ---- dialog.c: "Really refuse …? (y/N)" --------------------------------------------------- */
#define DIALOG_GUARD_MS 250
#define DIALOG_BURST_MS 30    /* keys closer than this were not typed one by one by a person */

struct dialog {
	bool open;
	enum flow_op op;
	struct gate_ref *gates;    /* what y acts on, each once */
	size_t n;
	bool batch;                /* opened for the marks */
	int64_t opened_ms;
	int opener;                /* the key that opened it: its repeats (a held key) are swallowed */
	bool hasty;                /* another key came in its guard time: y then cancels */
};

/* Opens it for the key being handled, on one gate or (batch) on the marked ones. */
void dialog_open(struct tui *t, enum flow_op op, const struct gate_ref *gates, size_t n, bool batch);
/* Keys in the next DIALOG_GUARD_MS are ignored again, as when it opened (after a stop). */
void dialog_rearm(struct tui *t);
unsigned dialog_key(struct tui *t, int key);
/* Closes it, saying in the status pane that nothing was sent; why: "" or " (the reason)". */
unsigned dialog_cancel(struct tui *t, const char *why);
/* Whether it acts on this gate. */
bool dialog_names(const struct tui *t, int64_t pipeline, int64_t run, const char *job_id);
void dialog_draw(const struct tui *t);
void dialog_close(struct dialog *d);

/* ---- status.c: the status pane and its history ------------------------------------------- */
#define STATUS_LINES 3

struct status_entry {
	unsigned id;
	enum role role;
	bool action;               /* a pass/refuse outcome, repeated on stderr at exit */
	char *line[STATUS_LINES];  /* raw text, NULL where unused */
	bool cut[STATUS_LINES];    /* a line cut at the pane's edge, never wrapped (a link) */
};

struct status {
	struct status_entry *e;
	size_t n, cap;
	unsigned next_id;
	size_t back;               /* lines scrolled back from the newest */
};

unsigned status_note(struct tui *t, enum role r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A line under the first of entry `id` (raw text, drawn unstamped), while it has room for one. */
void status_add_line(struct tui *t, unsigned id, const char *text);
/* The same for a link: one row of its own, cut at the pane's edge rather than wrapped inside. */
void status_add_link(struct tui *t, unsigned id, const char *url);
unsigned status_sending(struct tui *t, const char *what);
void status_outcome(struct tui *t, unsigned id, const char *what, const struct outcome *o, bool action);
unsigned status_scroll(struct tui *t, int dir);
void status_draw(struct tui *t, int y, int height, int width);
int status_newest_rows(const struct tui *t, int width);
bool status_scrolled(const struct tui *t);
void status_print_actions(const struct tui *t, FILE *f);
void status_free(struct status *s);

/* ---- filter.c: the "/" prompt ------------------------------------------------------------- */
unsigned filter_begin(struct tui *t);
unsigned filter_key(struct tui *t, int key);
/* Edits a prompt's text (Backspace, Ctrl-U, a character): false when the key is none of those. */
bool filter_edit(struct strbuf *f, int key);

/* ---- help.c ---------------------------------------------------------------------------------- */
unsigned help_open(struct tui *t);
/* Scrolls a help taller than the terminal (j k PgUp PgDn g G); any other key closes it. */
unsigned help_key(struct tui *t, int key);
void help_draw(const struct tui *t);

/* ---- view_log.c: a job's log, end first, reloaded while the job runs ------------------------ */
struct logview {
	bool open;
	int64_t pipeline, run;
	char *job_id, *job_name;
	char **lines;              /* sanitised, one per line of the log */
	size_t nlines;
	bool loaded, more, busy, failed;
	unsigned gen;              /* the newest request; older answers are dropped */
	int64_t next_ms;           /* clock_ms of the next reload while the job runs */
	size_t top;                /* first display row shown (long lines take several) */
	bool follow;               /* on the last row: stays there as the log grows */
	size_t total;              /* display rows at the last paint */
	int page, width;           /* rows and cells of the text at the last paint */
	bool searching;            /* typing the search */
	struct strbuf search;
	size_t hit;                /* the line of the last match, plus one; 0: none */
};

/* Opens the log of the job: on any screen that has a current job. */
unsigned logv_open(struct tui *t, const struct flow_job *job);
/* Keys while the log is open; *mine is false for those the rest of the console handles. */
unsigned logv_key(struct tui *t, int key, bool *mine);
void logv_tick(struct tui *t);
void logv_draw(struct tui *t, int y, int height, int width);
void logv_close(struct logview *l);

/* ---- gatecount.c: how many gates each running run of the run picker waits at ---------------- */
struct gate_count {
	int64_t pipeline, run;
	int pending;               /* -1 until known */
	bool busy;
	int64_t asked_ms;
};

struct gate_counts {
	struct gate_count *items;
	size_t n, cap;
	unsigned in_flight;
};

/* The pending gates of a run, -1 when not known (yet). */
int gatecount_get(const struct tui *t, int64_t pipeline, int64_t run);
void gatecount_tick(struct tui *t);
void gatecount_free(struct gate_counts *c);

/* ---- link.c: the run's link, as a terminal hyperlink and on the clipboard ------------------- */
unsigned link_show(struct tui *t);
/* After a paint on a real terminal: the link shown is made a hyperlink and offered to the clipboard. */
void link_emit(struct tui *t);

/* ---- draw.c: the frame and the primitives every painter uses ------------------------------- */
#define TUI_MIN_COLS 40
#define TUI_MIN_LINES 10
#define SPINNER_MS 100        /* one frame of the spinner: the loop wakes this often while it turns */

void draw_screen(struct tui *t);
bool draw_fits(void);          /* false below the minimum size */
/* Our own text, cut to `cells`; with pad, spaces fill the rest. Returns the cells drawn. */
int draw_text(int y, int x, const char *s, int cells, bool pad, enum role r);
/* Text from the server: made inert for the terminal first. */
int draw_raw(int y, int x, const char *raw, int cells, bool pad, enum role r);
void draw_box(int y, int x, int h, int w, const char *title, enum role r);
/* The spinner's frame for now. */
const char *draw_spinner(const struct tui *t);

/* ---- script.c and dump.c: the hidden test mode --------------------------------------------- */
struct script *script_open(const char *path, char *err, size_t errlen);
void script_free(struct script *sc);
/* Runs the next command; false once the script is done (or broken: then t->exit_code is set). */
bool script_step(struct tui *t);
int dump_screen(const struct tui *t, const char *path);

/* ---- signals.c: the self-pipe, Ctrl-Z, and the terminal's rescue from a crash -------------- */
int signals_install(struct tui *t);
void signals_restore(struct tui *t);
bool signals_ends(int sig);    /* a signal the console ends on (128 + it is the exit status) */
/* Hands the terminal back (endwin) and stops as Ctrl-Z asks; returns once continued. */
void signals_stop(void);
/* The terminal's settings before curses changed them, then what else undoes curses on it. */
void signals_rescue_save(int fd);
void signals_rescue_arm(int fd, bool mouse);
void signals_rescue_disarm(void);

/* ---- terminal.c: what the terminal must be able to do --------------------------------------- */
/*
 * 0 when terminfo knows `term` as a terminal that can move the cursor and clear the screen;
 * else -1 with a message that says what to do instead.
 */
int terminal_check(const char *term, int fd, char *err, size_t errlen);

/* Whether the terminal curses drives has an alternate screen (smcup) to leave on exit. */
bool terminal_has_alternate(void);

/* Bracketed paste (xterm's mode 2004): the terminal marks what is pasted, so it never reads as keys. */
#define TUI_PASTE_ON "\033[?2004h"
#define TUI_PASTE_OFF "\033[?2004l"

/* ---- tui.c: the loop ------------------------------------------------------------------------- */
/* When the key being handled came: what tells a key pressed on purpose from a burst or a paste. */
struct tui_input {
	int key;                   /* the key being handled */
	bool batch;                /* it came in one read with other keys */
	int64_t gap_ms;            /* since the key before it (INT64_MAX for the first) */
	int64_t last_ms;           /* when the key before it came */
	bool seen;                 /* a key came before */
	bool pasting;              /* between the bracketed-paste markers: keys are swallowed */
};

/* Keys read together, from the terminal or the test script: handled one by one, reactions applied. */
void tui_keys(struct tui *t, const int *keys, size_t n);
void tui_tick(struct tui *t);
void tui_paint(struct tui *t);
/* Waits up to timeout_ms for the network or a signal, then moves everything on. */
void tui_pump(struct tui *t, int timeout_ms);
void tui_resize(struct tui *t, int lines, int cols);

struct tui {
	struct session *s;
	bool utf8, readonly, bell, mouse;
	int64_t interval_ms;

	/* where the user is */
	enum tui_level level;
	struct list list[LEVEL_COUNT];
	bool show_all;
	bool from_inbox;           /* the gates screen was opened from the inbox */
	int64_t pipeline_id, run_id;
	char *job_id;              /* the job of the detail screen */

	/* what the server said */
	struct flow_pipeline_list pipelines;
	struct flow_run_list runs;
	struct flow_run_detail run;
	bool loaded[FETCH_COUNT];

	/* requests */
	struct fetch_slot fetch[FETCH_COUNT];
	struct gate_counts counts;
	struct flight *flights;
	bool refresh_due;          /* refresh at the next turn of the loop */
	bool names_due;            /* ask for the pipeline's name once the first screen has loaded */
	char *pipeline_name;       /* GetPipeline's answer for pipeline_id; NULL until it came */
	int64_t named_pipeline;    /* the pipeline it names */
	int64_t next_refresh;      /* clock_ms of the next automatic refresh */
	int64_t not_before;        /* throttled: no request before this */
	int64_t backoff_ms;

	/* on top of the screen */
	struct tui_input input;
	struct dialog dialog;
	struct tui_inbox inbox;
	struct marks marks;
	struct marks settled;      /* gates acted on from here or said to be decided: no news when they go */
	struct status status;
	bool help, filtering;
	struct logview log;
	char *link;                /* a link to hand to the terminal after the next paint */
	int help_top;              /* first row of the help shown, counting wrapped rows */

	/* the loop */
	int list_rows;             /* rows of the list at the last paint: the page size */
	int list_y;                /* its first line, for the mouse */
	bool dirty, repaint, quit, quit_armed;
	int signal;                /* the signal that ends the console, 0 if none */
	bool ring;                 /* a new pending gate appeared: ring the bell once */
	unsigned bells;
	int exit_code;
	int sigpipe[2];
	int empty_reads;           /* wake-ups in a row with the terminal readable and no key */
	time_t painted_second;

	/* test mode */
	struct tui_clock clock;
	struct script *script;
	const char *dump_dir;
};

#endif
