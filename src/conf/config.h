#ifndef FLOWGATE_CONF_CONFIG_H
#define FLOWGATE_CONF_CONFIG_H
/*
 * Settings resolved as flags > environment > config file > compiled-in defaults.
 * The config file is `key = value` lines with `[profile NAME]` sections; `#` starts a comment.
 */

#include <stdbool.h>
#include <stddef.h>

#include "flow/api.h"
#include "net/sign.h"

#define CONF_DEFAULT_ENDPOINT "https://devops.cn-hangzhou.aliyuncs.com"
#define CONF_DEFAULT_TIMEOUT 20
#define CONF_DEFAULT_INTERVAL 15

/* A tri-state for booleans that may be unset at one level and set at another. */
enum conf_bool { CONF_UNSET = -1, CONF_NO = 0, CONF_YES = 1 };

struct conf {
	char *org;
	char *endpoint;
	char *api;                 /* "classic" | "yunxiao" */
	char *signature;           /* "v3" | "v1" */
	char *profile;
	char *config_file;
	char *lang;                /* "en" | "zh" | NULL: from the locale */
	char *audit_log;           /* path of the audit log */
	int timeout;               /* seconds, -1 unset */
	int interval;              /* console refresh seconds, -1 unset */
	enum conf_bool json, readonly, no_color, verbose, mouse, bell;
};

void conf_init(struct conf *c);     /* everything unset */
void conf_free(struct conf *c);

/* The config file path: the flag, else $XDG_CONFIG_HOME/flowgate/config, else ~/.config/flowgate/config. */
char *conf_default_path(void);

/*
 * Resolves `flags` (what argv set) with the environment, the config file and the defaults into
 * `out`. A missing config file is fine unless it was named explicitly. A file that group or others
 * may read, a syntax error (with line number), an unknown key or a bad value: -1 and a message in
 * err (exit code 3). `out` then has every field set; booleans are YES or NO.
 */
int conf_resolve(struct conf *out, const struct conf *flags, char *err, size_t errlen);

/* Validated readings of resolved values. */
enum flow_backend conf_backend(const struct conf *c);
enum sign_version conf_signature(const struct conf *c);

#endif
