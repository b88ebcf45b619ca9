/*
 * The config file parser, through conf_resolve as the program runs it: the input is written to
 * a private file named as --config would name it.
 *
 * Input: a selector byte (bits 0-1: the profile, as --profile: none, dev, prod, default),
 * then the file.
 */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "home.h"
#include "util/xalloc.h"

static bool is_one_of(const char *s, const char *a, const char *b)
{
	return s && (strcmp(s, a) == 0 || (b && strcmp(s, b) == 0));
}

static bool is_set(enum conf_bool v)
{
	return v == CONF_YES || v == CONF_NO;
}

/* A resolved configuration has every field set to a value the program accepts. */
static void check_resolved(const struct conf *c, const char *path, const char *profile)
{
	FUZZ_ASSERT(c->api == CONF_API_CLASSIC || c->api == CONF_API_YUNXIAO);
	FUZZ_ASSERT(c->signature == CONF_SIGNATURE_V3 || c->signature == CONF_SIGNATURE_V1);
	FUZZ_ASSERT(c->lang == CONF_LANG_EN || c->lang == CONF_LANG_ZH);
	FUZZ_ASSERT(c->org == NULL || *c->org);
	FUZZ_ASSERT(c->endpoint && *c->endpoint);
	FUZZ_ASSERT(c->audit_log && *c->audit_log);
	FUZZ_ASSERT(is_one_of(c->config_file, path, NULL));
	FUZZ_ASSERT(profile ? is_one_of(c->profile, profile, NULL) : c->profile == NULL);
	FUZZ_ASSERT(c->timeout >= 1 && c->timeout <= 600);
	FUZZ_ASSERT(c->interval >= 2 && c->interval <= 3600);
	FUZZ_ASSERT(is_set(c->json) && is_set(c->readonly) && is_set(c->no_color));
	FUZZ_ASSERT(is_set(c->verbose) && is_set(c->mouse) && is_set(c->bell));
	fuzz_assert_sanitized(c->org);
	fuzz_assert_sanitized(c->endpoint);
	fuzz_assert_sanitized(c->audit_log);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const profiles[] = { NULL, "dev", "prod", "default" };
	static char *path;
	if (!path)
		path = xasprintf("%s/config", fuzz_home());

	struct fuzz_input in = { data, size };
	const char *profile = profiles[fuzz_take_u8(&in) & 3];
	fuzz_write_file(path, in.p, in.n);

	struct conf flags, out;
	conf_init(&flags);
	flags.config_file = xstrdup(path);
	flags.profile = xstrdup(profile);
	char err[512] = "";
	if (conf_resolve(&out, &flags, err, sizeof(err)) == 0) {
		check_resolved(&out, path, profile);
	} else {
		/* The message names the line and the key but never prints the file's bytes raw. */
		FUZZ_ASSERT(*err);
		fuzz_assert_inert(err, false);
		FUZZ_ASSERT(out.api == CONF_API_UNSET && out.endpoint == NULL && out.timeout == -1);
	}
	conf_free(&out);
	conf_free(&flags);
	return 0;
}
