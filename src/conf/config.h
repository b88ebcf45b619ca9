#ifndef FLOWGATE_CONF_CONFIG_H
#define FLOWGATE_CONF_CONFIG_H
/*
 * Settings resolved as flags > environment > config file > compiled-in defaults.
 * The config file is `key = value` lines with `[profile NAME]` sections; `#` starts a comment.
 */

#include <stdbool.h>
#include <stddef.h>

#define CONF_DEFAULT_ENDPOINT "https://devops.cn-hangzhou.aliyuncs.com"
#define CONF_DEFAULT_TIMEOUT 20
#define CONF_DEFAULT_INTERVAL 15
#define CONF_DEFAULT_PARALLEL 8     /* requests in flight at once, at most, while walking the inbox */

/* A tri-state for booleans that may be unset at one level and set at another. */
enum conf_bool { CONF_UNSET = -1, CONF_NO = 0, CONF_YES = 1 };

/* The choices, read once from their words; UNSET only until conf_resolve. */
enum conf_api { CONF_API_UNSET = -1, CONF_API_CLASSIC, CONF_API_YUNXIAO };
enum conf_signature { CONF_SIGNATURE_UNSET = -1, CONF_SIGNATURE_V3, CONF_SIGNATURE_V1 };
enum conf_lang { CONF_LANG_UNSET = -1, CONF_LANG_EN, CONF_LANG_ZH };
enum conf_edition { CONF_EDITION_UNSET = -1, CONF_EDITION_CENTRAL, CONF_EDITION_REGION };

struct conf {
	char *org;
	char *endpoint;
	enum conf_api api;
	enum conf_signature signature;
	char *profile;
	char *config_file;
	enum conf_lang lang;       /* resolved: the flag, else the file, else conf_lang_from_locale() */
	enum conf_edition edition; /* the token API's: central (default) or a region instance (YUNXIAO_EDITION) */
	char *audit_log;           /* path of the audit log */
	int timeout;               /* seconds, -1 unset */
	int interval;              /* console refresh seconds, -1 unset */
	int parallel;              /* requests in flight at once, 1 to 32, -1 unset */
	enum conf_bool json, readonly, no_color, verbose, mouse, bell;
};

void conf_init(struct conf *c);     /* everything unset */
void conf_free(struct conf *c);

/* The config file path: the flag, else $XDG_CONFIG_HOME/flowgate/config, else ~/.config/flowgate/config. */
char *conf_default_path(void);

/*
 * Sets the setting `key` (a config file key: "api", "timeout"...) of c from its text, as a line
 * "key = value" of the config file would: 0, or -1 with what the key takes in err ("timeout must
 * be a whole number of seconds from 1 to 600"). The command line sets its flags with it.
 */
int conf_set(struct conf *c, const char *key, const char *value, char *err, size_t errlen);

/*
 * Resolves `flags` (what argv set, each value already checked by conf_set) with the environment,
 * the config file and the defaults into `out`. A missing config file is fine unless it was named
 * explicitly. A file that group or others may read, a syntax error (with line number), an unknown
 * key or a bad value: -1 and a message in err (exit code 3). `out` then has every field set but
 * org and profile; booleans are YES or NO, and no choice is UNSET.
 */
int conf_resolve(struct conf *out, const struct conf *flags, char *err, size_t errlen);

/* The language the locale variables ask for: LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them. */
enum conf_lang conf_lang_from_locale(void);

#endif
