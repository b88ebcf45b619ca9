#include <config.h>   /* the build's; "config.h" here would be conf/config.h */

#include "conf/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <unistd.h>

#include "conf/audit.h"
#include "conf/credentials.h"
#include "conf/sources.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#define YUNXIAO_DEFAULT_ENDPOINT "https://openapi-rdc.aliyuncs.com"

/* The keys a config file may set; the same table validates the flags. */
enum key_kind {
	KEY_TEXT,
	KEY_PATH,                  /* a path: "~/" is the home directory, relative is beside the config file; or "off" */
	KEY_CHOICE,                /* an enum: the index of its word in choices */
	KEY_SECONDS,
	KEY_COUNT,                 /* a whole number from min to max */
	KEY_BOOL,
};

struct key_spec {
	const char *name;
	enum key_kind kind;
	size_t offset;             /* of the field in struct conf */
	const char *const *choices;
	int min, max;
	bool invert;               /* "color = no" sets no_color */
};

/* In the order of their enums. */
static const char *const api_choices[] = { "classic", "yunxiao", NULL };
static const char *const signature_choices[] = { "v3", "v1", NULL };
static const char *const lang_choices[] = { "en", "zh", NULL };
static const char *const edition_choices[] = { "central", "region", NULL };

/* A choice is read and written through an int, as a number of seconds is. */
_Static_assert(sizeof(enum conf_api) == sizeof(int) && sizeof(enum conf_signature) == sizeof(int) &&
               sizeof(enum conf_lang) == sizeof(int) && sizeof(enum conf_edition) == sizeof(int),
               "a choice is stored as an int");

#define AT(field) .offset = offsetof(struct conf, field)

static const struct key_spec keys[] = {
	{ .name = "org", .kind = KEY_TEXT, AT(org) },
	{ .name = "endpoint", .kind = KEY_TEXT, AT(endpoint) },
	{ .name = "api", .kind = KEY_CHOICE, AT(api), .choices = api_choices },
	{ .name = "signature", .kind = KEY_CHOICE, AT(signature), .choices = signature_choices },
	{ .name = "lang", .kind = KEY_CHOICE, AT(lang), .choices = lang_choices },
	{ .name = "timeout", .kind = KEY_SECONDS, AT(timeout), .min = 1, .max = 600 },
	{ .name = "interval", .kind = KEY_SECONDS, AT(interval), .min = 2, .max = 3600 },
	{ .name = "edition", .kind = KEY_CHOICE, AT(edition), .choices = edition_choices },
	{ .name = "parallel", .kind = KEY_COUNT, AT(parallel), .min = 1, .max = 32 },
	{ .name = "readonly", .kind = KEY_BOOL, AT(readonly) },
	{ .name = "color", .kind = KEY_BOOL, AT(no_color), .invert = true },
	{ .name = "mouse", .kind = KEY_BOOL, AT(mouse) },
	{ .name = "bell", .kind = KEY_BOOL, AT(bell) },
	{ .name = "audit_log", .kind = KEY_PATH, AT(audit_log) },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

void conf_init(struct conf *c)
{
	*c = (struct conf){
		.api = CONF_API_UNSET,
		.signature = CONF_SIGNATURE_UNSET,
		.lang = CONF_LANG_UNSET,
		.edition = CONF_EDITION_UNSET,
		.timeout = -1,
		.interval = -1,
		.parallel = -1,
		.json = CONF_UNSET,
		.readonly = CONF_UNSET,
		.no_color = CONF_UNSET,
		.verbose = CONF_UNSET,
		.mouse = CONF_UNSET,
		.bell = CONF_UNSET,
	};
}

void conf_free(struct conf *c)
{
	if (!c)
		return;
	free(c->org);
	free(c->endpoint);
	free(c->profile);
	free(c->config_file);
	free(c->audit_log);
	conf_init(c);
}

char *conf_default_path(void)
{
	return conf_xdg_path("XDG_CONFIG_HOME", ".config", "config");
}

/* ---- one key: typed access, parsing and validation ------------------------------------------ */

static char **key_str(const struct key_spec *k, struct conf *c)
{
	return (char **)((char *)c + k->offset);
}

static int *key_int(const struct key_spec *k, struct conf *c)
{
	return (int *)((char *)c + k->offset);
}

static enum conf_bool *key_bool(const struct key_spec *k, struct conf *c)
{
	return (enum conf_bool *)((char *)c + k->offset);
}

static const struct key_spec *key_find(const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static void replace_str(char **slot, char *value)
{
	free(*slot);
	*slot = value;
}

/* A choice in any case: the index of its word. */
static int parse_choice(const struct key_spec *k, const char *s, int *out)
{
	for (int i = 0; k->choices[i]; i++) {
		if (strcasecmp(k->choices[i], s) == 0) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

static int parse_seconds(const struct key_spec *k, const char *s, int *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > 9 || strspn(s, "0123456789") != n)
		return -1;
	int v = atoi(s);
	if (v < k->min || v > k->max)
		return -1;
	*out = v;
	return 0;
}

static int parse_bool(const char *s, bool invert, enum conf_bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0 || strcasecmp(s, no[i]) == 0) {
			bool on = strcasecmp(s, yes[i]) == 0;
			*out = on != invert ? CONF_YES : CONF_NO;
			return 0;
		}
	}
	return -1;
}

/*
 * Sets k in c from its text: from the config file `file`, or from a flag or the environment (file
 * NULL). -1, and c unchanged, when k does not accept the value.
 */
static int key_set(const struct key_spec *k, struct conf *c, const char *value, const char *file)
{
	switch (k->kind) {
	case KEY_TEXT:
	case KEY_PATH:
		if (!*value)
			return -1;
		replace_str(key_str(k, c), k->kind == KEY_TEXT || audit_is_off(value) ? xstrdup(value)
		                           : file ? conf_path_beside(file, value) : conf_expand_home(value));
		return 0;
	case KEY_CHOICE:
		return parse_choice(k, value, key_int(k, c));
	case KEY_SECONDS:
	case KEY_COUNT:
		return parse_seconds(k, value, key_int(k, c));
	case KEY_BOOL:
		return parse_bool(value, k->invert, key_bool(k, c));
	}
	return -1;
}

/* "api must be classic or yunxiao": all but the last choice go before the "or". */
static void choices_describe(const struct key_spec *k, struct strbuf *sb)
{
	struct strbuf head = STRBUF_INIT;
	const char *const *c = k->choices;

	for (; c[1]; c++)
		strbuf_printf(&head, "%s%s", head.len ? ", " : "", *c);
	/* TRANSLATORS: a config key, its choices but the last (", "-separated), and the last. */
	strbuf_printf(sb, _("%s must be %s or %s"), k->name, strbuf_cstr(&head), *c);
	strbuf_free(&head);
}

/* "timeout must be a whole number of seconds from 1 to 600" */
static void key_describe(const struct key_spec *k, struct strbuf *sb)
{
	switch (k->kind) {
	case KEY_TEXT:
	case KEY_PATH:
		strbuf_printf(sb, _("%s must not be empty"), k->name);
		break;
	case KEY_CHOICE:
		choices_describe(k, sb);
		break;
	case KEY_SECONDS:
		strbuf_printf(sb, _("%s must be a whole number of seconds from %d to %d"), k->name, k->min, k->max);
		break;
	case KEY_COUNT:
		strbuf_printf(sb, _("%s must be a whole number from %d to %d"), k->name, k->min, k->max);
		break;
	case KEY_BOOL:
		strbuf_printf(sb, _("%s must be yes or no (or true/false, on/off, 1/0)"), k->name);
		break;
	}
}

/* ---- the layers: flags, environment, config file ----------------------------------------- */

static void overlay_str(char **dst, const char *src)
{
	if (src)
		replace_str(dst, xstrdup(src));
}

static void overlay_int(int *dst, int src)
{
	if (src != -1)
		*dst = src;
}

static void overlay_bool(enum conf_bool *dst, enum conf_bool src)
{
	if (src != CONF_UNSET)
		*dst = src;
}

/* Whatever src sets replaces what dst had. */
static void conf_overlay(struct conf *dst, const struct conf *src)
{
	overlay_str(&dst->org, src->org);
	overlay_str(&dst->endpoint, src->endpoint);
	overlay_str(&dst->profile, src->profile);
	overlay_str(&dst->config_file, src->config_file);
	overlay_str(&dst->audit_log, src->audit_log);
	if (src->api != CONF_API_UNSET)
		dst->api = src->api;
	if (src->signature != CONF_SIGNATURE_UNSET)
		dst->signature = src->signature;
	if (src->lang != CONF_LANG_UNSET)
		dst->lang = src->lang;
	if (src->edition != CONF_EDITION_UNSET)
		dst->edition = src->edition;
	overlay_int(&dst->timeout, src->timeout);
	overlay_int(&dst->interval, src->interval);
	overlay_int(&dst->parallel, src->parallel);
	overlay_bool(&dst->json, src->json);
	overlay_bool(&dst->readonly, src->readonly);
	overlay_bool(&dst->no_color, src->no_color);
	overlay_bool(&dst->verbose, src->verbose);
	overlay_bool(&dst->mouse, src->mouse);
	overlay_bool(&dst->bell, src->bell);
}

int conf_set(struct conf *c, const char *key, const char *value, char *err, size_t errlen)
{
	const struct key_spec *k = key_find(key);
	if (!k) {
		snprintf(err, errlen, _("unknown key '%s'"), key);
		return -1;
	}
	if (key_set(k, c, value, NULL) == 0)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	key_describe(k, &sb);
	snprintf(err, errlen, "%s", strbuf_cstr(&sb));
	strbuf_free(&sb);
	return -1;
}

/*
 * The endpoint a variable names, if it is set. Set but empty is an error, not the default: it is
 * a variable meant to hold a test server's address (FLOWGATE_ENDPOINT=$URL with $URL unset), and
 * the default endpoint is the real service.
 */
static int endpoint_from_env(struct conf *layer, const char *name, char *err, size_t errlen)
{
	const char *v = getenv(name);

	if (v && !*v) {
		snprintf(err, errlen, _("%s is set but empty: give it an https:// URL, or unset it for the default endpoint"),
		         name);
		return -1;
	}
	overlay_str(&layer->endpoint, v);
	return 0;
}

/*
 * api: the one already chosen, because YUNXIAO_API_BASE_URL only names a Yunxiao endpoint; with
 * --endpoint given the variables are not read at all.
 */
static int layer_from_env(struct conf *layer, const struct conf *flags, enum conf_api api, char *err,
                          size_t errlen)
{
	overlay_str(&layer->org, conf_env("FLOWGATE_ORG"));
	if (!flags->endpoint && endpoint_from_env(layer, "FLOWGATE_ENDPOINT", err, errlen) != 0)
		return -1;
	if (!flags->endpoint && !layer->endpoint && api == CONF_API_YUNXIAO &&
	    endpoint_from_env(layer, "YUNXIAO_API_BASE_URL", err, errlen) != 0)
		return -1;
	if (conf_env("NO_COLOR"))
		layer->no_color = CONF_YES;
	return 0;
}

/* YUNXIAO_EDITION, as the official Yunxiao MCP server reads it: central or region, any case. */
static int edition_from_env(struct conf *layer, char *err, size_t errlen)
{
	const char *e = conf_env("YUNXIAO_EDITION");
	if (!e || !*e || conf_set(layer, "edition", e, err, errlen) == 0)
		return 0;
	snprintf(err, errlen, "%s", _("YUNXIAO_EDITION must be central or region"));
	return -1;
}

struct section_seen {
	char *name;
	int line;
};

struct parser {
	const char *path;
	int line;
	const char *profile;       /* the selected profile, or NULL */
	struct conf *selected;     /* keys of the selected profile's sections */
	struct conf *other;        /* keys of other profiles: validated, then dropped */
	struct conf *target;       /* where the current line's key goes: first the file's top level */
	struct strbuf *sections;   /* the profile names the file has, ", "-separated */
	bool found;                /* the selected profile has a section */
	int key_line[NKEYS];       /* the line that set each key in the current section, 0 if none */
	struct section_seen *seen; /* the sections so far, to refuse one that comes again */
	size_t nseen;
	char *err;
	size_t errlen;
};


__attribute__((format(printf, 2, 3)))
static int parser_fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->err, p->errlen, "%s:%d: ", p->path, p->line);
	if (n >= 0 && (size_t)n < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	/* The message quotes the file, whose bytes may be anything: inert, and cut on a character. */
	char *clean = text_sanitize(p->err, strlen(p->err), false);
	snprintf(p->err, p->errlen, "%s", clean);
	text_utf8_trim_cut(p->err);
	free(clean);
	return -1;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* A '#' at the start or after blank space starts a comment; one inside a word (a URL, a path) does not. */
static void cut_comment(char *s)
{
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '#' && (i == 0 || isspace((unsigned char)s[i - 1]))) {
			s[i] = '\0';
			return;
		}
	}
}

static int parse_section(struct parser *p, char *s)
{
	size_t n = strlen(s);
	if (s[n - 1] != ']')
		return parser_fail(p, "%s", _("a section must be [profile NAME]"));
	s[n - 1] = '\0';
	char *inner = trim(s + 1);
	if (strncmp(inner, "profile", 7) != 0 || !isblank((unsigned char)inner[7]))
		return parser_fail(p, "%s", _("a section must be [profile NAME]"));
	char *name = trim(inner + 7);
	if (!*name || name[strcspn(name, " \t")])
		return parser_fail(p, "%s", _("a section must be [profile NAME]"));
	/* A section that comes again would silently override what the first one said. */
	for (size_t i = 0; i < p->nseen; i++)
		if (strcmp(p->seen[i].name, name) == 0)
			return parser_fail(p, _("[profile %s] comes again (first on line %d): give each profile one "
			                        "section"), name, p->seen[i].line);
	p->seen = xrealloc(p->seen, (p->nseen + 1) * sizeof(*p->seen));
	p->seen[p->nseen++] = (struct section_seen){ xstrdup(name), p->line };
	memset(p->key_line, 0, sizeof(p->key_line));
	bool selected = p->profile && strcmp(name, p->profile) == 0;
	strbuf_printf(p->sections, "%s%s", p->sections->len ? ", " : "", name);
	p->found = p->found || selected;
	p->target = selected ? p->selected : p->other;
	return 0;
}

static int parse_assignment(struct parser *p, char *s)
{
	char *eq = strchr(s, '=');
	if (!eq)
		return parser_fail(p, "%s", _("expected key = value"));
	*eq = '\0';
	char *name = trim(s), *value = trim(eq + 1);
	size_t n = strlen(name);
	if (n == 0 || strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != n)
		return parser_fail(p, "%s", _("expected key = value"));
	const struct key_spec *k = key_find(name);
	if (!k) {
		struct strbuf known = STRBUF_INIT;
		for (size_t i = 0; i < NKEYS; i++)
			strbuf_printf(&known, "%s%s", i ? ", " : "", keys[i].name);
		parser_fail(p, _("unknown key '%s' (known keys: %s)"), name, strbuf_cstr(&known));
		strbuf_free(&known);
		return -1;
	}
	int *first = &p->key_line[k - keys];
	if (*first)
		return parser_fail(p, _("'%s' is set again in this section (first on line %d): keep one"), name, *first);
	*first = p->line;
	if (key_set(k, p->target, value, p->path) == 0)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	key_describe(k, &sb);
	parser_fail(p, "%s", strbuf_cstr(&sb));
	strbuf_free(&sb);
	return -1;
}

static int parse_line(struct parser *p, char *line, size_t n)
{
	if (strlen(line) != n)
		return parser_fail(p, "%s", _("the line holds a NUL byte"));
	cut_comment(line);
	char *s = trim(line);
	if (!*s)
		return 0;
	return *s == '[' ? parse_section(p, s) : parse_assignment(p, s);
}

static int parse_stream(struct parser *p, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	while (rc == 0 && (n = getline(&line, &cap, f)) >= 0) {
		p->line++;
		rc = parse_line(p, line, (size_t)n);
	}
	if (rc == 0 && ferror(f)) {
		snprintf(p->err, p->errlen, _("cannot read config file %s: %s"), p->path, strerror(errno));
		rc = -1;
	}
	free(line);
	return rc;
}

/*
 * The file's settings as they apply to profile; a missing file is empty unless it was named.
 * sections gets the profile names it has, and *found whether profile is among them.
 */
static int layer_from_file(struct conf *layer, const char *path, bool named, const char *profile,
                           struct strbuf *sections, bool *found, char *err, size_t errlen)
{
	int fd;
	int rc = conf_open_private(path, _("config file"), &fd, err, errlen);
	if (rc != 0)
		return rc > 0 && !named ? 0 : -1;
	FILE *f = fdopen(fd, "r");
	if (!f) {
		snprintf(err, errlen, _("cannot read config file %s: %s"), path, strerror(errno));
		close(fd);
		return -1;
	}
	struct conf selected, other;
	conf_init(&selected);
	conf_init(&other);
	struct parser p = {
		.path = path, .profile = profile, .selected = &selected, .other = &other,
		.target = layer, .sections = sections, .err = err, .errlen = errlen,
	};
	rc = parse_stream(&p, f);
	*found = p.found;
	for (size_t i = 0; i < p.nseen; i++)
		free(p.seen[i].name);
	free(p.seen);
	fclose(f);
	if (rc == 0)
		conf_overlay(layer, &selected);
	conf_free(&selected);
	conf_free(&other);
	return rc;
}

/* layer_from_file, and a profile chosen by name (named_by) must exist there or in the aliyun CLI's file. */
static int layer_from_file_checked(struct conf *layer, const char *path, bool named, const char *profile,
                                   const char *named_by, char *err, size_t errlen)
{
	struct strbuf sections = STRBUF_INIT;
	bool found = false;
	int rc = 0;
	if (path)
		rc = layer_from_file(layer, path, named, profile, &sections, &found, err, errlen);
	if (rc == 0 && profile && !found)
		rc = conf_profile_check(profile, named_by, path ? path : _("the config file"), strbuf_cstr(&sections),
		                        err, errlen);
	strbuf_free(&sections);
	return rc;
}

/* Whether v names the two-letter language `code`: "zh", "zh_CN.UTF-8", "zh-TW", "ZH", "zh:en". */
static bool lang_is(const char *v, const char *code)
{
	return tolower((unsigned char)v[0]) == code[0] && tolower((unsigned char)v[1]) == code[1] &&
	       (v[2] == '\0' || strchr("_-.@:", v[2]));
}

/* The language part alone decides; anything but Chinese is English. */
static enum conf_lang lang_of(const char *v)
{
	return lang_is(v, "zh") ? CONF_LANG_ZH : CONF_LANG_EN;
}

/*
 * LANGUAGE is a list ("fr:zh_CN:en"): as gettext passes over a language it has no messages for,
 * the first entry that is Chinese or English decides. UNSET when none is.
 */
static enum conf_lang lang_of_list(const char *list)
{
	for (const char *v = list; v && *v; v = strchr(v, ':') ? strchr(v, ':') + 1 : NULL) {
		if (lang_is(v, "zh"))
			return CONF_LANG_ZH;
		if (lang_is(v, "en"))
			return CONF_LANG_EN;
	}
	return CONF_LANG_UNSET;
}

/*
 * As gettext decides: the locale for messages is the first of LC_ALL, LC_MESSAGES and LANG that
 * is set (the order POSIX gives them); LANGUAGE comes before it except in the "C" locale.
 */
enum conf_lang conf_lang_from_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *locale = NULL;
	enum conf_lang listed = lang_of_list(conf_env("LANGUAGE"));

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]) && !locale; i++)
		locale = conf_env(vars[i]);
	if (!locale || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0)
		return CONF_LANG_EN;
	return listed != CONF_LANG_UNSET ? listed : lang_of(locale);
}

static void fill_defaults(struct conf *c)
{
	if (c->api == CONF_API_UNSET)
		c->api = CONF_API_CLASSIC;
	if (c->signature == CONF_SIGNATURE_UNSET)
		c->signature = CONF_SIGNATURE_V3;
	if (c->lang == CONF_LANG_UNSET)
		c->lang = conf_lang_from_locale();
	if (!c->endpoint)
		c->endpoint = xstrdup(c->api == CONF_API_YUNXIAO ? YUNXIAO_DEFAULT_ENDPOINT : CONF_DEFAULT_ENDPOINT);
	if (!c->audit_log)
		c->audit_log = audit_default_path();
	if (c->timeout == -1)
		c->timeout = CONF_DEFAULT_TIMEOUT;
	if (c->interval == -1)
		c->interval = CONF_DEFAULT_INTERVAL;
	if (c->parallel == -1)
		c->parallel = CONF_DEFAULT_PARALLEL;
	if (c->edition == CONF_EDITION_UNSET)
		c->edition = CONF_EDITION_CENTRAL;
	enum conf_bool *flags[] = { &c->json, &c->readonly, &c->no_color, &c->verbose, &c->mouse, &c->bell };
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (*flags[i] == CONF_UNSET)
			*flags[i] = CONF_NO;
}

int conf_resolve(struct conf *out, const struct conf *flags, char *err, size_t errlen)
{
	struct conf from_env, from_file;
	int rc = -1;

	conf_init(out);
	conf_init(&from_env);
	conf_init(&from_file);

	const char *profile = flags->profile ? flags->profile : conf_env("ALIBABA_CLOUD_PROFILE");
	const char *named = flags->config_file ? flags->config_file : conf_env("FLOWGATE_CONFIG");
	char *path = named ? xstrdup(named) : conf_default_path();
	if (layer_from_file_checked(&from_file, path, named != NULL, profile,
	                            flags->profile ? "--profile" : "ALIBABA_CLOUD_PROFILE", err, errlen) < 0) {
		free(path);
		goto done;
	}
	if (layer_from_env(&from_env, flags, flags->api != CONF_API_UNSET ? flags->api : from_file.api, err, errlen) != 0 ||
	    edition_from_env(&from_env, err, errlen) != 0) {
		free(path);
		goto done;
	}

	conf_overlay(out, &from_file);
	conf_overlay(out, &from_env);
	conf_overlay(out, flags);
	overlay_str(&out->profile, profile);
	replace_str(&out->config_file, path);
	fill_defaults(out);
	if (out->api == CONF_API_CLASSIC && out->edition == CONF_EDITION_REGION) {
		snprintf(err, errlen, "%s",
		         _("the region edition is the token API's only: use --api yunxiao with --edition region, "
		           "or --edition central"));
		goto done;
	}
	rc = 0;
done:
	if (rc < 0)
		conf_free(out);
	conf_free(&from_env);
	conf_free(&from_file);
	return rc;
}
