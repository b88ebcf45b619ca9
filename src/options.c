#include "config.h"

#include "options.h"

#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "flow/url.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define CMD_BIT(c) (1u << (c))
#define ALL_CMDS ((1u << CMD_COUNT) - 1)
#define ACTION_CMDS (CMD_BIT(CMD_REFUSE) | CMD_BIT(CMD_PASS))
#define JOB_CMDS (ACTION_CMDS | CMD_BIT(CMD_LOG))
#define RUN_CMDS (CMD_BIT(CMD_CONSOLE) | CMD_BIT(CMD_GATES) | JOB_CMDS)
#define LIST_CMDS (RUN_CMDS | CMD_BIT(CMD_RUNS))

/* One table gives getopt its options and --help its text. */
#define OPTIONS(X)                                                                                        \
	X(PIPELINE, "pipeline", 1, "ID", LIST_CMDS, N_("pipeline id"))                                    \
	X(RUN, "run", 1, "ID", RUN_CMDS, N_("pipeline run id"))                                           \
	X(URL, "url", 1, "URL", LIST_CMDS, N_("the run (or .../current: the newest) of a Flow web link")) \
	X(JOB, "job", 1, "ID", JOB_CMDS, N_("job id (from 'flowgate gates --all')"))                      \
	X(MINE, "mine", 0, NULL, CMD_BIT(CMD_INBOX), N_("only the gates you may pass or refuse"))         \
	X(PARALLEL, "parallel", 1, "N", CMD_BIT(CMD_INBOX) | CMD_BIT(CMD_CONSOLE),                        \
	  N_("requests in flight at once, 1 to 32 (default 8)"))                                          \
	X(STATUS, "status", 1, "S", CMD_BIT(CMD_RUNS),                                                    \
	  N_("only runs in status S: RUNNING, SUCCESS, FAIL, CANCELED, WAITING"))                         \
	X(ALL, "all", 0, NULL, CMD_BIT(CMD_GATES), N_("every job of the run, not only pending gates"))    \
	X(ORG, "org", 1, "ID", ALL_CMDS, N_("organization id (FLOWGATE_ORG)"))                            \
	X(ENDPOINT, "endpoint", 1, "URL", ALL_CMDS, N_("API endpoint (FLOWGATE_ENDPOINT)"))               \
	X(API, "api", 1, "classic|yunxiao", ALL_CMDS, N_("API generation (default classic)"))             \
	X(EDITION, "edition", 1, "central|region", ALL_CMDS,                                              \
	  N_("the token API's edition (YUNXIAO_EDITION; default central)"))                               \
	X(SIGNATURE, "signature", 1, "v3|v1", ALL_CMDS, N_("request signature (default v3)"))             \
	X(PROFILE, "profile", 1, "NAME", ALL_CMDS, N_("config file section and aliyun CLI profile"))      \
	X(CONFIG, "config", 1, "FILE", ALL_CMDS, N_("config file (default ~/.config/flowgate/config)"))   \
	X(JSON, "json", 0, NULL, ALL_CMDS & ~CMD_BIT(CMD_CONSOLE), N_("print JSON"))                      \
	X(LANG, "lang", 1, "en|zh", ALL_CMDS, N_("language of messages (default from the locale)"))       \
	X(TIMEOUT, "timeout", 1, "SEC", ALL_CMDS, N_("give up on a request after SEC seconds (default 20)")) \
	X(READONLY, "readonly", 0, NULL, ALL_CMDS, N_("never pass or refuse"))                            \
	X(NO_COLOR, "no-color", 0, NULL, CMD_BIT(CMD_CONSOLE), N_("no colours (also NO_COLOR)"))          \
	X(INTERVAL, "interval", 1, "SEC", CMD_BIT(CMD_CONSOLE), N_("console refresh interval (default 15)")) \
	X(MOUSE, "mouse", 0, NULL, CMD_BIT(CMD_CONSOLE), N_("let the console use the mouse"))             \
	X(BELL, "bell", 0, NULL, CMD_BIT(CMD_CONSOLE), N_("ring when a new gate starts waiting"))         \
	X(VERBOSE, "verbose", 0, NULL, ALL_CMDS, N_("print each request and its timing to stderr"))       \
	X(HELP, "help", 0, NULL, ALL_CMDS, N_("show this help"))                                          \
	X(VERSION, "version", 0, NULL, ALL_CMDS, N_("show the version"))

enum option_id {
	OPT_BASE = 256,
#define AS_ENUM(id, name, arg, meta, cmds, help) OPT_##id,
	OPTIONS(AS_ENUM)
#undef AS_ENUM
};

struct option_info {
	const char *name;
	const char *meta;
	unsigned cmds;
	const char *help;
};

static const struct option_info option_info[] = {
#define AS_INFO(id, name, arg, meta, cmds, help) { name, meta, cmds, help },
	OPTIONS(AS_INFO)
#undef AS_INFO
};

#define NOPTIONS (sizeof(option_info) / sizeof(option_info[0]))

static const struct option long_options[] = {
#define AS_LONG(id, name, arg, meta, cmds, help) { name, arg, NULL, OPT_##id },
	OPTIONS(AS_LONG)
#undef AS_LONG
	{ NULL, 0, NULL, 0 },
};

static const struct {
	const char *name;
	const char *usage;
	const char *summary;
} commands[] = {
	[CMD_CONSOLE] = { "", "[--pipeline ID] [--run ID] [URL]", N_("the interactive console (needs a terminal)") },
	[CMD_PIPELINES] = { "pipelines", "", N_("list pipelines") },
	[CMD_RUNS] = { "runs", "--pipeline ID [--status S]", N_("list runs, newest first") },
	[CMD_GATES] = { "gates", "--pipeline ID --run ID [--all]", N_("pending manual gates of a run") },
	[CMD_REFUSE] = { "refuse", "--pipeline ID --run ID --job ID", N_("refuse a manual gate (irreversible)") },
	[CMD_PASS] = { "pass", "--pipeline ID --run ID --job ID", N_("pass a manual gate") },
	[CMD_INBOX] = { "inbox", "[--mine]", N_("every pending gate of the organization's running runs") },
	[CMD_LOG] = { "log", "--pipeline ID --run ID --job ID", N_("print a job's log") },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* Names the option without its value: "--secret=abc" is reported as "--secret". */
static void name_option(char *out, size_t outlen, const char *arg)
{
	size_t n = strcspn(arg, "=");
	snprintf(out, outlen, "%.*s", (int)(n < 60 ? n : 60), arg);
}

static bool looks_like_secret_option(const char *name)
{
	static const char *const words[] = { "secret", "token", "password", "key" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(name, words[i]))
			return true;
	return false;
}

static int unknown_option(const char *arg, char *err, size_t errlen)
{
	char name[64];
	name_option(name, sizeof(name), arg);
	if (looks_like_secret_option(name))
		snprintf(err, errlen, _("%s: secrets are never taken from the command line; set "
		                        "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (or YUNXIAO_ACCESS_TOKEN), "
		                        "or use a profile of ~/.aliyun/config.json"), name);
	else
		snprintf(err, errlen, _("unknown option %s"), name);
	return EXIT_USAGE;
}

static bool plain_word(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 20)
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && *s != '-')
			return false;
	return true;
}

static bool is_link(const char *s)
{
	return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
}

static int find_command(const char *word, enum command *out, char *err, size_t errlen)
{
	for (size_t i = 1; i < NCOMMANDS; i++) {
		if (strcmp(word, commands[i].name) == 0) {
			*out = (enum command)i;
			return 0;
		}
	}
	if (plain_word(word))
		snprintf(err, errlen, _("unknown command '%s'"), word);
	else
		snprintf(err, errlen, _("unexpected argument (commands are: pipelines, runs, gates, refuse, pass, inbox, log)"));
	return EXIT_USAGE;
}

/* A flag that is a setting of the config file: the same words, the same checks, but a usage error. */
static int set_setting(struct options *o, int id, const char *arg, char *err, size_t errlen)
{
	const char *name = option_info[id - OPT_BASE - 1].name;
	char why[200];
	if (id == OPT_ENDPOINT && *arg && session_endpoint_check(arg, why, sizeof(why)) != 0) {
		snprintf(err, errlen, _("%s: %s"), "--endpoint", why);
		return EXIT_USAGE;
	}
	if (conf_set(&o->flags, name, arg, why, sizeof(why)) == 0)
		return 0;
	/* An empty value is not quoted back: "--org must not be empty" says it all. */
	if (!*arg)
		snprintf(err, errlen, "--%s", why);
	else
		snprintf(err, errlen, _("--%s, not '%.40s'"), why, arg);
	return EXIT_USAGE;
}

/* A flag that names a file or a section: anything but nothing. */
static int set_name(int id, const char *arg, char **slot, char *err, size_t errlen)
{
	if (!*arg) {
		snprintf(err, errlen, _("--%s must not be empty"), option_info[id - OPT_BASE - 1].name);
		return EXIT_USAGE;
	}
	free(*slot);
	*slot = xstrdup(arg);
	return 0;
}

/* An id is a plain positive decimal number, parsed here once: "01", "+1", "1e3", " 1" are not. */
static int set_id(int id, const char *arg, int64_t *out, char *err, size_t errlen)
{
	int64_t v;
	if (flow_parse_id(arg, &v) == 0) {
		*out = v;
		return 0;
	}
	snprintf(err, errlen, _("--%s must be a positive decimal number without leading zeros, not '%.40s'"),
	         option_info[id - OPT_BASE - 1].name, arg);
	return EXIT_USAGE;
}

/*
 * A run's web link: its pipeline and run, or (.../current) its pipeline and "the newest run".
 * A bare link (bare) is named as such in a complaint, since no --url was typed.
 */
static int set_url(struct options *o, const char *arg, bool bare, char *err, size_t errlen)
{
	char why[200];
	int64_t pipeline, run;

	if (flow_url_parse(arg, &pipeline, &run, why, sizeof(why)) != 0) {
		/* TRANSLATORS: a link given alone on the command line, named in a complaint about it. */
		const char *what = bare ? _("the link") : "--url";
		snprintf(err, errlen, _("%s: %s"), what, why);
		return EXIT_USAGE;
	}
	o->pipeline = pipeline;
	o->run = run;
	o->latest = run == 0;
	return 0;
}

static int set_option(struct options *o, int id, const char *arg, char *err, size_t errlen)
{
	int64_t job;
	switch (id) {
	case OPT_PIPELINE: return set_id(id, arg, &o->pipeline, err, errlen);
	case OPT_RUN: return set_id(id, arg, &o->run, err, errlen);
	case OPT_JOB:
		o->job = arg;
		return set_id(id, arg, &job, err, errlen);
	case OPT_STATUS: o->status = arg; break;
	case OPT_ALL: o->all = true; break;
	case OPT_MINE: o->mine = true; break;
	case OPT_URL: return set_url(o, arg, false, err, errlen);
	case OPT_PROFILE: return set_name(id, arg, &o->flags.profile, err, errlen);
	case OPT_CONFIG: return set_name(id, arg, &o->flags.config_file, err, errlen);
	case OPT_ORG:
	case OPT_ENDPOINT:
	case OPT_API:
	case OPT_SIGNATURE:
	case OPT_LANG:
	case OPT_TIMEOUT:
	case OPT_INTERVAL:
	case OPT_EDITION:
	case OPT_PARALLEL:
		return set_setting(o, id, arg, err, errlen);
	case OPT_JSON: o->flags.json = CONF_YES; break;
	case OPT_READONLY: o->flags.readonly = CONF_YES; break;
	case OPT_NO_COLOR: o->flags.no_color = CONF_YES; break;
	case OPT_MOUSE: o->flags.mouse = CONF_YES; break;
	case OPT_BELL: o->flags.bell = CONF_YES; break;
	case OPT_VERBOSE: o->flags.verbose = CONF_YES; break;
	case OPT_HELP: o->help = true; break;
	case OPT_VERSION: o->version = true; break;
	}
	return 0;
}

/* Each option is checked against the command only once the command word is known. */
static int check_applies(const struct options *o, const bool *given, char *err, size_t errlen)
{
	for (size_t i = 0; i < NOPTIONS; i++) {
		if (given[i] && !(option_info[i].cmds & CMD_BIT(o->cmd))) {
			snprintf(err, errlen, _("%s does not take --%s"), o->cmd == CMD_CONSOLE ? _("the console") : commands[o->cmd].name,
			         option_info[i].name);
			return EXIT_USAGE;
		}
	}
	return 0;
}

static int check_required(const struct options *o, char *err, size_t errlen)
{
	const char *missing = NULL;
	unsigned cmd = CMD_BIT(o->cmd);
	if (cmd & (LIST_CMDS & ~CMD_BIT(CMD_CONSOLE)))
		missing = !o->pipeline ? "--pipeline" : NULL;
	if (!missing && (cmd & (RUN_CMDS & ~CMD_BIT(CMD_CONSOLE))))
		missing = !o->run && !o->latest ? "--run" : NULL;
	if (!missing && (cmd & JOB_CMDS))
		missing = !o->job ? "--job" : NULL;
	if (missing) {
		snprintf(err, errlen, _("%s needs %s"), commands[o->cmd].name, missing);
		return EXIT_USAGE;
	}
	if (o->run && !o->pipeline) {
		snprintf(err, errlen, _("--run needs --pipeline"));
		return EXIT_USAGE;
	}
	return 0;
}

static int check_values(const struct options *o, char *err, size_t errlen)
{
	if (o->status) {
		static const char *const statuses[] = { "RUNNING", "SUCCESS", "FAIL", "CANCELED", "WAITING" };
		for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
			if (strcasecmp(o->status, statuses[i]) == 0)
				return 0;
		snprintf(err, errlen, _("--status must be RUNNING, SUCCESS, FAIL, CANCELED or WAITING, not '%.40s'"),
		         o->status);
		return EXIT_USAGE;
	}
	return 0;
}

static int option_error(int id, const char *arg, char *err, size_t errlen)
{
	if (id == ':' || (optopt > OPT_BASE && optopt <= OPT_BASE + (int)NOPTIONS)) {
		char name[64];
		name_option(name, sizeof(name), arg);
		snprintf(err, errlen, _("%s needs a value"), name);
		return EXIT_USAGE;
	}
	return unknown_option(arg, err, errlen);
}

/*
 * Read by the same getopt_long and the same table as options_parse, so the two cannot disagree
 * about what is a --lang flag: "--org --lang" gives --org its value, "--" ends the options,
 * "--lang=zh" and "--la zh" count, and a flag after the command word too. Nothing else is looked
 * at and nothing is reported here: every error is options_parse's. An invalid value ("--lang fr")
 * counts as none, so options_parse's complaint about it comes in the language the rest picks.
 * getopt reads a copy: it permutes what it reads, and would move a command word behind a last
 * flag that lacks its value ("pipelines --org"), where options_parse would take it for that value.
 */
enum conf_lang options_lang(int argc, char **argv)
{
	enum conf_lang lang = CONF_LANG_UNSET;
	char **copy = xmalloc(((size_t)argc + 1) * sizeof(*copy));
	int id;

	memcpy(copy, argv, ((size_t)argc + 1) * sizeof(*copy));
	opterr = 0;
	/* 0: glibc's getopt starts afresh, whatever an earlier scan left half read. */
	optind = 0;
	while ((id = getopt_long(argc, copy, ":hV", long_options, NULL)) != -1) {
		struct conf c;
		char why[200];

		conf_init(&c);
		if (id == OPT_LANG && conf_set(&c, "lang", optarg, why, sizeof(why)) == 0)
			lang = c.lang;
		conf_free(&c);
	}
	free(copy);
	return lang;
}

int options_parse(struct options *o, int argc, char **argv, char *err, size_t errlen)
{
	bool given[NOPTIONS] = { false };
	int id, rc;

	memset(o, 0, sizeof(*o));
	conf_init(&o->flags);
	opterr = 0;
	optind = 0;
	/* getopt permutes argv: options may stand before or after the command word. */
	while ((id = getopt_long(argc, argv, ":hV", long_options, NULL)) != -1) {
		if (id == '?' || id == ':')
			return option_error(id, argv[optind - 1], err, errlen);
		id = id == 'h' ? OPT_HELP : id == 'V' ? OPT_VERSION : id;
		/* Of two values, either could be meant: a second --job must not pick another gate. */
		if (optarg && given[id - OPT_BASE - 1]) {
			snprintf(err, errlen, _("--%s is given more than once"), option_info[id - OPT_BASE - 1].name);
			return EXIT_USAGE;
		}
		given[id - OPT_BASE - 1] = true;
		if ((rc = set_option(o, id, optarg, err, errlen)) != 0)
			return rc;
	}
	/* A bare link: the console, opened on that run. */
	if (optind + 1 == argc && is_link(argv[optind])) {
		if ((rc = set_url(o, argv[optind++], true, err, errlen)) != 0)
			return rc;
		given[OPT_URL - OPT_BASE - 1] = true;
	}
	if (optind < argc && (rc = find_command(argv[optind++], &o->cmd, err, errlen)) != 0)
		return rc;
	if (optind < argc) {
		snprintf(err, errlen, _("unexpected argument after the command (see 'flowgate %s --help')"),
		         commands[o->cmd].name);
		return EXIT_USAGE;
	}
	if (o->help || o->version)
		return 0;
	if (given[OPT_URL - OPT_BASE - 1] && (given[OPT_PIPELINE - OPT_BASE - 1] || given[OPT_RUN - OPT_BASE - 1])) {
		snprintf(err, errlen, _("--url names the pipeline and the run: give it without --pipeline and --run"));
		return EXIT_USAGE;
	}
	if ((rc = check_applies(o, given, err, errlen)) != 0)
		return rc;
	if ((rc = check_required(o, err, errlen)) != 0)
		return rc;
	return check_values(o, err, errlen);
}

void options_free(struct options *o)
{
	conf_free(&o->flags);
}

/* An option as the help names it: "--name META". */
static void option_left(const struct option_info *oi, char *left, size_t size)
{
	snprintf(left, size, "--%s%s%s", oi->name, oi->meta ? " " : "", oi->meta ? oi->meta : "");
}

/* The width of the widest option the help names, so that every option's help starts in one column. */
static int options_left_width(void)
{
	size_t widest = 0;

	for (size_t i = 0; i < NOPTIONS; i++) {
		char left[48];

		option_left(&option_info[i], left, sizeof(left));
		widest = strlen(left) > widest ? strlen(left) : widest;
	}
	return (int)widest;
}

/* One row of the options' help: the option, then its help two spaces past the widest option. */
static void print_option_row(FILE *out, const char *left, const char *help)
{
	fprintf(out, "  %-*s  %s\n", options_left_width(), left, help);
}

/* The options every command in `need` takes and none in `skip`: the global ones, or the others. */
static void print_options(FILE *out, unsigned need, unsigned skip, bool global)
{
	for (size_t i = 0; i < NOPTIONS; i++) {
		const struct option_info *oi = &option_info[i];
		bool is_global = oi->cmds == ALL_CMDS || oi->cmds == (ALL_CMDS & ~CMD_BIT(CMD_CONSOLE));
		if ((oi->cmds & need) != need || (oi->cmds & skip) || is_global != global)
			continue;
		char left[48];
		option_left(oi, left, sizeof(left));
		print_option_row(out, left, _(oi->help));
	}
}

void options_usage(FILE *out, enum command cmd)
{
	if (cmd == CMD_CONSOLE) {
		fputs(_("flowgate: pass or refuse the manual gates of Yunxiao Flow pipeline runs\n\nUsage:\n"), out);
		for (size_t i = 0; i < NCOMMANDS; i++)
			fprintf(out, "  flowgate [OPTIONS] %s%s%-*s %s\n", commands[i].name, *commands[i].name ? " " : "",
			        (int)(44 - strlen(commands[i].name)), commands[i].usage, _(commands[i].summary));
		fputs(_("\nConsole options:\n"), out);
		print_options(out, CMD_BIT(CMD_CONSOLE), CMD_BIT(CMD_INBOX), false);
		fputs(_("\nOptions of the console and inbox:\n"), out);
		print_options(out, CMD_BIT(CMD_CONSOLE) | CMD_BIT(CMD_INBOX), 0, false);
		fputs(_("\nOptions for every command:\n"), out);
		print_options(out, CMD_BIT(CMD_PIPELINES), 0, true);
		print_option_row(out, "-h, -V", _("short for --help, --version"));
		fputs(_("\nCredentials come from ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET\n"
		        "(+ ALIBABA_CLOUD_SECURITY_TOKEN), else ~/.aliyun/config.json; never from the command line.\n"
		        "Exit codes: 0 ok, 1 the server refused, 2 usage, 3 credentials or configuration,\n"
		        "4 network or timeout, 5 unusable response, 6 output not written, 7 sent but its\n"
		        "outcome not in the audit log, 128+N ended by signal N.\n"
		        "'flowgate COMMAND --help' and 'man flowgate' say more.\n"),
		      out);
		return;
	}
	const char *summary = _(commands[cmd].summary);

	fprintf(out, _("Usage: flowgate [OPTIONS] %s %s\n\n%c%s.\n\n"), commands[cmd].name, commands[cmd].usage,
	        toupper((unsigned char)summary[0]), summary + 1);
	fputs(_("Options:\n"), out);
	print_options(out, CMD_BIT(cmd), 0, false);
	print_options(out, CMD_BIT(cmd), 0, true);
}
