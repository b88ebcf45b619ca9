#include "config.h"

#include "conf/config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "conf_fixture.h"

#define CONFIG_REL ".config/flowgate/config"

static char err[1024];

/* Resolves flags (NULL: none) with a config file holding text (NULL: no file) at the default place. */
static int resolve(struct conf *out, const struct conf *flags, const char *text)
{
	struct conf none;
	conf_init(&none);
	if (text)
		free(fixture_write(CONFIG_REL, 0600, text));
	err[0] = '\0';
	return conf_resolve(out, flags ? flags : &none, err, sizeof(err));
}

/* The error a config file holding text gives, in err; the return says whether it failed. */
static int file_fails(const char *text)
{
	struct conf out;
	fixture_fresh_home();
	int rc = resolve(&out, NULL, text);
	conf_free(&out);
	return rc == -1;
}

static void test_defaults(void)
{
	struct conf out;
	fixture_fresh_home();
	is_int(resolve(&out, NULL, NULL), 0, "no config file anywhere is fine");
	is_str(out.endpoint, CONF_DEFAULT_ENDPOINT, "default endpoint is the classic one");
	is_int(out.api, CONF_API_CLASSIC, "default api is classic");
	is_int(out.signature, CONF_SIGNATURE_V3, "default signature is v3");
	is_int(out.timeout, 20, "default timeout is 20 s");
	is_int(out.interval, 15, "default interval is 15 s");
	ok(out.json == CONF_NO && out.readonly == CONF_NO && out.no_color == CONF_NO && out.verbose == CONF_NO &&
	   out.mouse == CONF_NO && out.bell == CONF_NO, "every boolean defaults to NO");
	is_int(out.lang, CONF_LANG_EN, "no flag, no file and no locale variable: English");
	ok(out.org == NULL, "org stays unset when nothing sets it");
	ok(out.profile == NULL, "no profile when none is chosen");
	char *want = fixture_path(".local/state/flowgate/audit.log");
	is_str(out.audit_log, want, "audit log defaults to ~/.local/state/flowgate/audit.log");
	free(want);
	want = fixture_path(CONFIG_REL);
	is_str(out.config_file, want, "config file defaults to ~/.config/flowgate/config");
	free(want);
	conf_free(&out);
}

static void test_yunxiao_defaults(void)
{
	struct conf flags, out;
	fixture_fresh_home();
	conf_init(&flags);
	flags.api = CONF_API_YUNXIAO;
	resolve(&out, &flags, NULL);
	is_str(out.endpoint, "https://openapi-rdc.aliyuncs.com", "yunxiao api defaults to the Yunxiao endpoint");
	conf_free(&out);

	setenv("YUNXIAO_API_BASE_URL", "https://yx.example", 1);
	resolve(&out, &flags, "endpoint = https://file.example\n");
	is_str(out.endpoint, "https://yx.example", "YUNXIAO_API_BASE_URL beats the file when the api is yunxiao");
	conf_free(&out);

	setenv("FLOWGATE_ENDPOINT", "https://fg.example", 1);
	resolve(&out, &flags, NULL);
	is_str(out.endpoint, "https://fg.example", "FLOWGATE_ENDPOINT beats YUNXIAO_API_BASE_URL");
	conf_free(&out);
	conf_free(&flags);

	fixture_fresh_home();
	setenv("YUNXIAO_API_BASE_URL", "https://yx.example", 1);
	resolve(&out, NULL, NULL);
	is_str(out.endpoint, CONF_DEFAULT_ENDPOINT, "YUNXIAO_API_BASE_URL is ignored for the classic api");
	conf_free(&out);

	resolve(&out, NULL, "api = yunxiao\n");
	is_str(out.endpoint, "https://yx.example", "YUNXIAO_API_BASE_URL applies when the file chooses yunxiao");
	conf_free(&out);
}

static void test_edition_and_parallel(void)
{
	struct conf flags, out;

	fixture_fresh_home();
	conf_init(&flags);
	flags.api = CONF_API_YUNXIAO;
	is_int(resolve(&out, &flags, NULL), 0, "the token API resolves");
	is_int(out.edition, CONF_EDITION_CENTRAL, "the edition defaults to central");
	is_int(out.parallel, 8, "parallel defaults to 8");
	conf_free(&out);

	resolve(&out, &flags, "edition = region\nparallel = 3\n");
	ok(out.edition == CONF_EDITION_REGION && out.parallel == 3, "the file sets edition and parallel");
	conf_free(&out);

	setenv("YUNXIAO_EDITION", "CENTRAL", 1);
	resolve(&out, &flags, "edition = region\n");
	is_int(out.edition, CONF_EDITION_CENTRAL, "YUNXIAO_EDITION beats the file, in any case");
	conf_free(&out);
	flags.edition = CONF_EDITION_REGION;
	resolve(&out, &flags, NULL);
	is_int(out.edition, CONF_EDITION_REGION, "the flag beats YUNXIAO_EDITION");
	conf_free(&out);

	setenv("YUNXIAO_EDITION", "regional", 1);
	is_int(resolve(&out, &flags, NULL), -1, "a YUNXIAO_EDITION that is no edition is an error");
	ok(strstr(err, "YUNXIAO_EDITION must be central or region") != NULL, "that names the variable: %s", err);
	unsetenv("YUNXIAO_EDITION");

	conf_init(&flags);
	flags.edition = CONF_EDITION_REGION;
	is_int(resolve(&out, &flags, NULL), -1, "the classic API has no region edition");
	ok(strstr(err, "--api yunxiao") != NULL, "the error says what to use: %s", err);

	is_int(conf_set(&flags, "parallel", "0", err, sizeof(err)), -1, "parallel 0 is refused");
	is_str(err, "parallel must be a whole number from 1 to 32", "with its range");
	is_int(conf_set(&flags, "parallel", "33", err, sizeof(err)), -1, "and 33");
	is_int(conf_set(&flags, "parallel", "32", err, sizeof(err)), 0, "32 is the most");
	conf_free(&flags);
}

static void test_precedence(void)
{
	struct conf flags, out;
	const char *file = "org = file-org\nendpoint = https://file.example\ntimeout = 30\nlang = zh\n";

	fixture_fresh_home();
	resolve(&out, NULL, file);
	is_str(out.org, "file-org", "the file beats the default (org)");
	is_int(out.timeout, 30, "the file beats the default (timeout)");
	is_str(out.endpoint, "https://file.example", "the file beats the default (endpoint)");
	is_int(out.lang, CONF_LANG_ZH, "the file sets lang");
	conf_free(&out);

	setenv("FLOWGATE_ORG", "env-org", 1);
	setenv("FLOWGATE_ENDPOINT", "https://env.example", 1);
	resolve(&out, NULL, file);
	is_str(out.org, "env-org", "FLOWGATE_ORG beats the file");
	is_str(out.endpoint, "https://env.example", "FLOWGATE_ENDPOINT beats the file");
	conf_free(&out);

	setenv("FLOWGATE_ORG", "", 1);
	resolve(&out, NULL, file);
	is_str(out.org, "file-org", "an empty FLOWGATE_ORG counts as unset");
	conf_free(&out);

	setenv("FLOWGATE_ORG", "env-org", 1);
	conf_init(&flags);
	flags.org = strdup("flag-org");
	flags.endpoint = strdup("https://flag.example");
	flags.timeout = 45;
	flags.lang = CONF_LANG_EN;
	resolve(&out, &flags, file);
	is_str(out.org, "flag-org", "the flag beats FLOWGATE_ORG");
	is_str(out.endpoint, "https://flag.example", "the flag beats FLOWGATE_ENDPOINT");
	is_int(out.timeout, 45, "the flag beats the file (timeout)");
	is_int(out.lang, CONF_LANG_EN, "the flag beats the file (lang)");
	conf_free(&out);
	conf_free(&flags);
}

static void test_colour(void)
{
	struct conf out;
	fixture_fresh_home();
	resolve(&out, NULL, "color = no\n");
	is_int(out.no_color, CONF_YES, "color = no in the file sets no_color");
	conf_free(&out);

	setenv("NO_COLOR", "1", 1);
	resolve(&out, NULL, "color = yes\n");
	is_int(out.no_color, CONF_YES, "NO_COLOR beats color = yes in the file");
	conf_free(&out);

	setenv("NO_COLOR", "", 1);
	resolve(&out, NULL, "color = yes\n");
	is_int(out.no_color, CONF_NO, "an empty NO_COLOR leaves colours on");
	conf_free(&out);
}

static void test_booleans(void)
{
	struct conf out;
	fixture_fresh_home();
	resolve(&out, NULL, "readonly = yes\nmouse = On\nbell = 1\n");
	ok(out.readonly == CONF_YES && out.mouse == CONF_YES && out.bell == CONF_YES,
	   "yes, On and 1 read as YES");
	conf_free(&out);
	resolve(&out, NULL, "readonly = false\nmouse = off\nbell = 0\n");
	ok(out.readonly == CONF_NO && out.mouse == CONF_NO && out.bell == CONF_NO,
	   "false, off and 0 read as NO");
	conf_free(&out);
}

static void test_profiles(void)
{
	const char *file = "org = top\ninterval = 30\n"
	                   "[profile dev]\norg = dev-org\n"
	                   "[ profile   prod ]\norg = prod-org\ntimeout = 99\n";
	struct conf flags, out;

	fixture_fresh_home();
	resolve(&out, NULL, file);
	is_str(out.org, "top", "without a profile only top-level keys apply");
	is_int(out.timeout, 20, "without a profile a section's keys do not apply");
	conf_free(&out);

	conf_init(&flags);
	flags.profile = strdup("dev");
	resolve(&out, &flags, file);
	is_str(out.org, "dev-org", "the selected profile's section overrides a top-level key");
	is_int(out.interval, 30, "top-level keys the section does not set still apply");
	is_int(out.timeout, 20, "another profile's section does not apply");
	is_str(out.profile, "dev", "the chosen profile is kept in the result");
	conf_free(&out);

	setenv("ALIBABA_CLOUD_PROFILE", "prod", 1);
	resolve(&out, &flags, file);
	is_str(out.org, "dev-org", "the --profile flag beats ALIBABA_CLOUD_PROFILE");
	conf_free(&out);
	conf_free(&flags);

	resolve(&out, NULL, file);
	is_str(out.org, "prod-org", "ALIBABA_CLOUD_PROFILE selects a section (with blanks inside the brackets)");
	is_int(out.timeout, 99, "the section's timeout applies");
	is_str(out.profile, "prod", "ALIBABA_CLOUD_PROFILE is the resolved profile");
	conf_free(&out);

	ok(resolve(&out, NULL, "[profile prod]\norg = one\n[profile x]\norg = x\n[profile prod]\ntimeout = 7\n") == -1 &&
	       strstr(err, ":5:") && strstr(err, "first on line 1"),
	   "the selected profile in two sections is an error, not a merge");
	conf_free(&out);
}

static void test_comments_and_blanks(void)
{
	struct conf out;
	fixture_fresh_home();
	int rc = resolve(&out, NULL,
	                 "# a comment\n"
	                 "\n"
	                 "   \t\n"
	                 "  # an indented comment\n"
	                 "\torg\t=\t  spaced  \r\n"
	                 "endpoint=https://h.example/#frag # trailing comment\n"
	                 "audit_log = ~/logs/audit.log\n");
	is_int(rc, 0, "comments, blank lines, tabs and CRLF are accepted");
	is_str(out.org, "spaced", "blanks around keys and values are trimmed");
	is_str(out.endpoint, "https://h.example/#frag", "a # inside a word is kept and one after a blank starts a comment");
	char *want = fixture_path("logs/audit.log");
	is_str(out.audit_log, want, "a leading ~/ in audit_log means the home directory");
	free(want);
	conf_free(&out);
}

static void test_syntax_errors(void)
{
	ok(file_fails("org = a\n\nthis is not a setting\n") && strstr(err, "config:3:"),
	   "a line without = is an error naming its line number");
	ok(file_fails("[dev]\n") && strstr(err, ":1:") && strstr(err, "[profile NAME]"),
	   "a section other than [profile NAME] is an error");
	ok(file_fails("[profile dev\n"), "an unclosed section is an error");
	ok(file_fails("[profile two words]\n"), "a profile name with a blank is an error");
	ok(file_fails("= value\n") && strstr(err, ":1:"), "a line without a key is an error");
	ok(file_fails("org = a\ntiemout = 5\n") && strstr(err, ":2:") && strstr(err, "unknown key 'tiemout'"),
	   "an unknown key is an error naming the key and the line");
	char *path = fixture_path(CONFIG_REL);
	ok(strstr(err, path) != NULL, "a file error names the file");
	free(path);
	ok(file_fails("org =\n") && strstr(err, "org"), "an empty value is an error");
	ok(file_fails("org = a\n[profile p]\nreadonly = yes\n# later\nreadonly = no\n") && strstr(err, ":5:") &&
	       strstr(err, "'readonly' is set again") && strstr(err, "line 3"),
	   "a key set twice in one section is an error naming both lines");
	ok(file_fails("org = a\n\norg = b\n") && strstr(err, ":3:") && strstr(err, "line 1"),
	   "so is one set twice at the top of the file");
	ok(file_fails("[profile p]\nreadonly = yes\n[profile q]\n[profile p]\nreadonly = no\n") &&
	       strstr(err, ":4:") && strstr(err, "[profile p] comes again") && strstr(err, "line 1"),
	   "a section that comes again is an error naming both lines");
	struct conf c;
	ok(resolve(&c, NULL, "readonly = no\n[profile p]\nreadonly = yes\n[profile q]\nreadonly = no\n") == 0,
	   "the same key at the top and in each profile is no repeat");
	conf_free(&c);
}

static void test_bad_values(void)
{
	static const struct {
		const char *text, *key, *name;
	} cases[] = {
		{ "timeout = 0\n", "timeout", "a timeout of 0 is refused" },
		{ "timeout = 601\n", "timeout", "a timeout of 601 is refused" },
		{ "timeout = 1O\n", "timeout", "a timeout that is not a number is refused" },
		{ "timeout = -5\n", "timeout", "a negative timeout is refused" },
		{ "interval = 1\n", "interval", "an interval of 1 is refused" },
		{ "interval = 3601\n", "interval", "an interval of 3601 is refused" },
		{ "api = modern\n", "api", "an unknown api is refused" },
		{ "signature = v2\n", "signature", "an unknown signature is refused" },
		{ "lang = fr\n", "lang", "an unknown lang is refused" },
		{ "readonly = maybe\n", "readonly", "a boolean that is not yes or no is refused" },
		{ "[profile other]\ntimeout = 0\n", "timeout", "a bad value in an unselected profile is refused too" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(file_fails(cases[i].text) && strstr(err, cases[i].key) && strstr(err, ":"), "%s", cases[i].name);

	struct conf out;
	fixture_fresh_home();
	resolve(&out, NULL, "timeout = 600\ninterval = 2\n");
	ok(out.timeout == 600 && out.interval == 2, "the range limits themselves are accepted");
	conf_free(&out);
	resolve(&out, NULL, "api = YunXiao\nsignature = V1\n");
	is_int(out.api, CONF_API_YUNXIAO, "a choice is read in any case (api)");
	is_int(out.signature, CONF_SIGNATURE_V1, "a choice is read in any case (signature)");
	conf_free(&out);
}

/* conf_set: what the command line sets its flags with, the config file's words and checks. */
static void test_set(void)
{
	static const struct {
		const char *key, *value, *why;
	} refused[] = {
		{ "timeout", "0", "timeout must be a whole number of seconds from 1 to 600" },
		{ "timeout", "601", "timeout must be a whole number of seconds from 1 to 600" },
		{ "timeout", "-5", "timeout must be a whole number of seconds from 1 to 600" },
		{ "timeout", "99999999999", "timeout must be a whole number of seconds from 1 to 600" },
		{ "interval", "1", "interval must be a whole number of seconds from 2 to 3600" },
		{ "api", "modern", "api must be classic or yunxiao" },
		{ "signature", "v2", "signature must be v3 or v1" },
		{ "lang", "fr", "lang must be en or zh" },
		{ "org", "", "org must not be empty" },
		{ "endpoint", "", "endpoint must not be empty" },
		{ "colour", "yes", "unknown key 'colour'" },
	};
	struct conf c;
	conf_init(&c);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		err[0] = '\0';
		is_int(conf_set(&c, refused[i].key, refused[i].value, err, sizeof(err)), -1, "%s '%s' is refused",
		       refused[i].key, refused[i].value);
		is_str(err, refused[i].why, "and the message says what %s takes", refused[i].key);
	}
	ok(c.timeout == -1 && c.interval == -1 && c.api == CONF_API_UNSET && c.signature == CONF_SIGNATURE_UNSET &&
	   c.lang == CONF_LANG_UNSET && !c.org && !c.endpoint, "a refused value leaves the setting unset");

	ok(conf_set(&c, "api", "YUNXIAO", err, sizeof(err)) == 0 && c.api == CONF_API_YUNXIAO,
	   "api is read once, in any case, into its enum");
	ok(conf_set(&c, "signature", "v1", err, sizeof(err)) == 0 && c.signature == CONF_SIGNATURE_V1,
	   "signature v1 reads as CONF_SIGNATURE_V1");
	ok(conf_set(&c, "lang", "zh", err, sizeof(err)) == 0 && c.lang == CONF_LANG_ZH, "lang zh reads as CONF_LANG_ZH");
	ok(conf_set(&c, "timeout", "600", err, sizeof(err)) == 0 && c.timeout == 600, "timeout 600, the limit, is taken");
	ok(conf_set(&c, "org", "o1", err, sizeof(err)) == 0 && c.org && strcmp(c.org, "o1") == 0, "org is taken as text");
	conf_free(&c);
}

/* With neither a flag nor the file naming one, the language comes from the locale variables. */
static void test_lang_from_locale(void)
{
	static const struct {
		const char *language, *lc_all, *lc_messages, *lang;
		enum conf_lang want;
		const char *name;
	} cases[] = {
		{ NULL, "zh_CN.UTF-8", NULL, NULL, CONF_LANG_ZH, "LC_ALL=zh_CN.UTF-8 is Chinese" },
		{ NULL, "zh-TW", NULL, NULL, CONF_LANG_ZH, "LC_ALL=zh-TW is Chinese" },
		{ NULL, "ZH", NULL, NULL, CONF_LANG_ZH, "LC_ALL=ZH is Chinese" },
		{ NULL, "zhx", NULL, NULL, CONF_LANG_EN, "a language that only starts with zh is not Chinese" },
		{ NULL, "C", "zh_CN.UTF-8", "zh_CN.UTF-8", CONF_LANG_EN, "LC_ALL=C beats Chinese LC_MESSAGES and LANG" },
		{ NULL, NULL, "en_US.UTF-8", "zh_CN.UTF-8", CONF_LANG_EN, "LC_MESSAGES beats LANG (en over zh)" },
		{ NULL, NULL, "zh_CN.UTF-8", "C", CONF_LANG_ZH, "LC_MESSAGES beats LANG (zh over C)" },
		{ NULL, "", "", "zh", CONF_LANG_ZH, "empty LC_ALL and LC_MESSAGES are skipped" },
		{ NULL, NULL, NULL, "POSIX", CONF_LANG_EN, "LANG=POSIX is English" },
		{ NULL, NULL, NULL, NULL, CONF_LANG_EN, "no locale variable: English" },
		{ "zh_CN:en", NULL, NULL, "en_US.UTF-8", CONF_LANG_ZH, "LANGUAGE beats LANG (zh over en), its first entry decides" },
		{ "en:zh_CN", NULL, NULL, "zh_CN.UTF-8", CONF_LANG_EN, "LANGUAGE beats LANG (en over zh)" },
		{ "zh_CN", NULL, NULL, "C.UTF-8", CONF_LANG_ZH, "LANGUAGE counts in the C.UTF-8 locale" },
		{ "zh_CN", "C", NULL, "zh_CN.UTF-8", CONF_LANG_EN, "LANGUAGE does not count in the C locale, as in gettext" },
		{ "zh_CN", NULL, NULL, NULL, CONF_LANG_EN, "nor with no locale variable at all" },
	};
	const char *vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	struct conf flags, out;
	fixture_fresh_home();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *values[] = { cases[i].language, cases[i].lc_all, cases[i].lc_messages, cases[i].lang };
		for (size_t v = 0; v < 4; v++) {
			if (values[v])
				setenv(vars[v], values[v], 1);
			else
				unsetenv(vars[v]);
		}
		resolve(&out, NULL, NULL);
		is_int(out.lang, cases[i].want, "%s", cases[i].name);
		conf_free(&out);
	}
	setenv("LC_ALL", "zh_CN.UTF-8", 1);
	conf_init(&flags);
	flags.lang = CONF_LANG_EN;
	resolve(&out, &flags, NULL);
	is_int(out.lang, CONF_LANG_EN, "the flag beats LC_ALL");
	conf_free(&out);
	resolve(&out, NULL, "lang = en\n");
	is_int(out.lang, CONF_LANG_EN, "the config file beats LC_ALL");
	conf_free(&out);
	setenv("LANGUAGE", "zh_CN", 1);
	setenv("LC_ALL", "en_US.UTF-8", 1);
	resolve(&out, &flags, NULL);
	is_int(out.lang, CONF_LANG_EN, "the flag beats LANGUAGE");
	conf_free(&out);
	conf_free(&flags);
	for (size_t v = 0; v < 4; v++)
		unsetenv(vars[v]);
}

static void test_permissions(void)
{
	struct conf out;
	char want[1200];

	fixture_fresh_home();
	char *path = fixture_write(CONFIG_REL, 0644, "org = x\n");
	ok(resolve(&out, NULL, NULL) == -1, "a config file others can read is refused");
	snprintf(want, sizeof(want), "chmod 600 %s", path);
	ok(strstr(err, want) != NULL, "the refusal gives the exact chmod fix");
	conf_free(&out);

	chmod(path, 0640);
	ok(resolve(&out, NULL, NULL) == -1, "a config file the group can read is refused");
	conf_free(&out);

	chmod(path, 0620);
	ok(resolve(&out, NULL, NULL) == -1, "a config file the group can write is refused");
	conf_free(&out);

	chmod(path, 0600);
	ok(resolve(&out, NULL, NULL) == 0 && strcmp(out.org, "x") == 0, "a 0600 config file is read");
	conf_free(&out);
	free(path);

	fixture_fresh_home();
	path = fixture_path("with space/config");
	fixture_write_at(path, 0604, "org = x\n");
	struct conf flags;
	conf_init(&flags);
	flags.config_file = strdup(path);
	ok(conf_resolve(&out, &flags, err, sizeof(err)) == -1, "a named file others can read is refused");
	snprintf(want, sizeof(want), "chmod 600 '%s'", path);
	ok(strstr(err, want) != NULL, "the chmod fix quotes a path with a blank");
	conf_free(&flags);
	free(path);

	fixture_fresh_home();
	free(fixture_write(CONFIG_REL "/inside", 0600, ""));
	ok(resolve(&out, NULL, NULL) == -1 && strstr(err, "not a regular file"),
	   "a config path that is not a regular file is refused");
	conf_free(&out);
}

static void test_named_file(void)
{
	struct conf flags, out;

	fixture_fresh_home();
	conf_init(&flags);
	flags.config_file = fixture_path("nowhere/config");
	ok(conf_resolve(&out, &flags, err, sizeof(err)) == -1 && strstr(err, flags.config_file),
	   "a missing file named by --config is an error naming it");
	conf_free(&flags);

	setenv("FLOWGATE_CONFIG", "/nonexistent/flowgate/config", 1);
	ok(conf_resolve(&out, &flags, err, sizeof(err)) == -1 &&
	   strstr(err, "/nonexistent/flowgate/config"), "a missing file named by FLOWGATE_CONFIG is an error");

	char *path = fixture_write("elsewhere.conf", 0600, "org = from-env-file\n");
	setenv("FLOWGATE_CONFIG", path, 1);
	free(fixture_write(CONFIG_REL, 0600, "org = default-file\n"));
	conf_resolve(&out, &flags, err, sizeof(err));
	is_str(out.org, "from-env-file", "FLOWGATE_CONFIG names the file to read instead of the default");
	is_str(out.config_file, path, "the resolved config_file is the file named by FLOWGATE_CONFIG");
	conf_free(&out);
	free(path);

	path = fixture_write("flag.conf", 0600, "org = from-flag-file\n");
	flags.config_file = strdup(path);
	conf_resolve(&out, &flags, err, sizeof(err));
	is_str(out.org, "from-flag-file", "--config beats FLOWGATE_CONFIG");
	conf_free(&out);
	conf_free(&flags);
	free(path);
}

static void test_xdg(void)
{
	struct conf out;

	fixture_fresh_home();
	char *xdg = fixture_path("xdg-config");
	setenv("XDG_CONFIG_HOME", xdg, 1);
	char *path = fixture_write("xdg-config/flowgate/config", 0600, "org = xdg\n");
	char *got = conf_default_path();
	is_str(got, path, "XDG_CONFIG_HOME places the default config file");
	free(got);
	resolve(&out, NULL, NULL);
	is_str(out.org, "xdg", "the file under XDG_CONFIG_HOME is read");
	conf_free(&out);
	free(path);
	free(xdg);

	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	got = conf_default_path();
	path = fixture_path(CONFIG_REL);
	is_str(got, path, "a relative XDG_CONFIG_HOME is ignored");
	free(got);
	free(path);

	xdg = fixture_path("xdg-state");
	setenv("XDG_STATE_HOME", xdg, 1);
	resolve(&out, NULL, NULL);
	path = fixture_path("xdg-state/flowgate/audit.log");
	is_str(out.audit_log, path, "XDG_STATE_HOME places the default audit log");
	conf_free(&out);
	free(path);
	free(xdg);
}

#define NOBODY 65534       /* the uid of nobody on Debian */

/* The config file's place holds a symbolic link to target. */
static void link_config(const char *target)
{
	char *path = fixture_path(CONFIG_REL);
	fixture_write_at(path, 0600, "");
	unlink(path);
	if (symlink(target, path) != 0)
		exit(99);
	free(path);
}

static void test_symlinked_file(void)
{
	struct conf out;

	fixture_fresh_home();
	char *target = fixture_write("dotfiles/flowgate", 0600, "org = linked\n");
	char *config = fixture_path(CONFIG_REL);
	link_config(target);
	ok(resolve(&out, NULL, NULL) == 0 && strcmp(out.org, "linked") == 0,
	   "a link to a 0600 file of the user's own is followed");
	conf_free(&out);

	chmod(target, 0644);
	ok(resolve(&out, NULL, NULL) == -1, "a link to a file others can read is refused");
	ok(strstr(err, "chmod 600") != NULL, "the refusal gives the chmod fix");
	conf_free(&out);
	chmod(target, 0600);

	if (geteuid() != 0) {
		printf("ok %d - a link to another user's file is refused # SKIP needs root to give a file away\n", ++tap_n);
		free(config);
		free(target);
		return;
	}
	chown(target, NOBODY, NOBODY);
	ok(resolve(&out, NULL, NULL) == -1, "a link to another user's 0600 file is refused");
	ok(strstr(err, "chown root") && strstr(err, "not to you"), "the refusal says whose it is and gives the chown fix");
	conf_free(&out);
	unlink(config);
	fixture_write_at(config, 0600, "org = theirs\n");
	chown(config, NOBODY, NOBODY);
	ok(resolve(&out, NULL, NULL) == -1, "a config file owned by another user is refused, link or not");
	conf_free(&out);
	free(config);
	free(target);
}

static void test_audit_log_path(void)
{
	struct conf out, flags;

	fixture_fresh_home();
	resolve(&out, NULL, "audit_log = logs/audit.log\n");
	char *want = fixture_path(".config/flowgate/logs/audit.log");
	is_str(out.audit_log, want, "a relative audit_log is relative to the config file's directory");
	free(want);
	conf_free(&out);

	char *named = fixture_write("etc/fg.conf", 0600, "audit_log = audit.log\n");
	conf_init(&flags);
	if (chdir(fixture_home) != 0)
		exit(99);
	flags.config_file = strdup("etc/fg.conf");
	conf_resolve(&out, &flags, err, sizeof(err));
	want = fixture_path("etc/audit.log");
	is_str(out.audit_log, want, "a config file named by a relative path still gives an absolute audit_log");
	free(want);
	free(named);
	conf_free(&out);
	conf_free(&flags);

	resolve(&out, NULL, "audit_log = /var/log/fg/audit.log\n");
	is_str(out.audit_log, "/var/log/fg/audit.log", "an absolute audit_log stays as it is");
	conf_free(&out);

	resolve(&out, NULL, "audit_log = off\n");
	is_str(out.audit_log, "off", "audit_log = off is kept as the word off");
	conf_free(&out);
}

static void test_unknown_profile(void)
{
	struct conf out, flags;

	fixture_fresh_home();
	conf_init(&flags);
	flags.profile = strdup("readonly-prd");
	ok(resolve(&out, &flags, "[profile readonly-prod]\nreadonly = yes\n[profile dev]\n") == -1,
	   "a --profile in neither the config file nor ~/.aliyun/config.json is an error");
	ok(strstr(err, "readonly-prd") && strstr(err, "readonly-prod, dev") && strstr(err, "--profile"),
	   "the error names the profile, where it came from and the profiles that exist");
	conf_free(&out);

	free(fixture_write(".aliyun/config.json", 0600, "{\"profiles\":[{\"name\":\"readonly-prd\"}]}"));
	ok(resolve(&out, &flags, NULL) == 0, "a profile found in ~/.aliyun/config.json alone is fine");
	conf_free(&out);
	conf_free(&flags);

	conf_init(&flags);
	setenv("ALIBABA_CLOUD_PROFILE", "\x1b]0;x\x07typo", 1);
	ok(resolve(&out, &flags, NULL) == -1 && strstr(err, "ALIBABA_CLOUD_PROFILE"),
	   "an ALIBABA_CLOUD_PROFILE found nowhere is an error naming the variable");
	ok(!strchr(err, '\x1b') && !strchr(err, '\x07'), "the name is quoted without its control characters");
	ok(strstr(err, "readonly-prd") != NULL, "the error names the aliyun CLI's profiles");
	unsetenv("ALIBABA_CLOUD_PROFILE");
	conf_free(&out);
	conf_free(&flags);
}

int main(void)
{
	test_defaults();
	test_yunxiao_defaults();
	test_edition_and_parallel();
	test_precedence();
	test_colour();
	test_booleans();
	test_profiles();
	test_symlinked_file();
	test_audit_log_path();
	test_unknown_profile();
	test_comments_and_blanks();
	test_syntax_errors();
	test_bad_values();
	test_set();
	test_lang_from_locale();
	test_permissions();
	test_named_file();
	test_xdg();
	fixture_cleanup();
	return tap_done();
}
