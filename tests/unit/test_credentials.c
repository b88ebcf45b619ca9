#include "config.h"

#include "conf/credentials.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tap.h"
#include "conf_fixture.h"

#define ALIYUN_REL ".aliyun/config.json"
#define SECRET "S3cr3tValueThatMustNeverShow"
#define STS "StsTokenThatMustNeverShowEither"

/* An AK profile of ~/.aliyun/config.json, as `aliyun configure` writes it. */
#define PROFILE_AK(name, id) \
	"{\"name\":\"" name "\",\"mode\":\"AK\",\"access_key_id\":\"" id "\",\"access_key_secret\":\"" SECRET "\"}"

static char err[1024];

static int load(struct conf_credentials *cr, enum conf_api b, const char *profile)
{
	err[0] = '\0';
	return conf_credentials_load(cr, b, profile, err, sizeof(err));
}

/* Loading fails, leaves nothing behind and keeps every secret out of the message. */
static int fails_cleanly(enum conf_api b, const char *profile)
{
	struct conf_credentials cr;
	int rc = load(&cr, b, profile);
	int clean = !cr.ak_id && !cr.ak_secret && !cr.sts_token && !cr.token;
	int secret_kept_out = !strstr(err, SECRET) && !strstr(err, STS);
	conf_credentials_free(&cr);
	return rc == -1 && clean && secret_kept_out && err[0];
}

static void write_aliyun(const char *json)
{
	free(fixture_write(ALIYUN_REL, 0600, json));
}

static void test_environment(void)
{
	struct conf_credentials cr;

	fixture_fresh_home();
	setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenvironment1", 1);
	setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET, 1);
	write_aliyun("{\"current\":\"dev\",\"profiles\":[" PROFILE_AK("dev", "LTAIfromfile0001") "]}");
	is_int(load(&cr, CONF_API_CLASSIC, NULL), 0, "an AccessKey pair in the environment loads");
	is_str(cr.ak_id, "LTAIenvironment1", "the environment beats ~/.aliyun/config.json");
	is_str(cr.ak_secret, SECRET, "the secret comes from ALIBABA_CLOUD_ACCESS_KEY_SECRET");
	ok(cr.sts_token == NULL, "no STS token unless ALIBABA_CLOUD_SECURITY_TOKEN is set");
	is_str(cr.source, "environment", "the source says the environment");
	conf_credentials_free(&cr);
	ok(!cr.ak_id && !cr.ak_secret, "free leaves no pointers behind");

	setenv("ALIBABA_CLOUD_SECURITY_TOKEN", STS, 1);
	load(&cr, CONF_API_CLASSIC, NULL);
	is_str(cr.sts_token, STS, "ALIBABA_CLOUD_SECURITY_TOKEN gives the STS token");
	conf_credentials_free(&cr);

	fixture_fresh_home();
	setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenvironment1", 1);
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"),
	   "an id without a secret is an error naming the missing secret variable");

	fixture_fresh_home();
	setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET, 1);
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "ALIBABA_CLOUD_ACCESS_KEY_ID is not"),
	   "a secret without an id is an error naming the missing id variable");
}

static void test_nothing_anywhere(void)
{
	fixture_fresh_home();
	ok(fails_cleanly(CONF_API_CLASSIC, NULL), "no credentials anywhere is an error");
	ok(strstr(err, "ALIBABA_CLOUD_ACCESS_KEY_ID") && strstr(err, "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
	   "the error names the environment variables to set");
	ok(strstr(err, "aliyun configure") && strstr(err, "~/.aliyun/config.json"),
	   "the error names aliyun configure and its file");
}

static void test_aliyun_file(void)
{
	struct conf_credentials cr;
	const char *two = "{\"current\":\"dev\",\"profiles\":[" PROFILE_AK("dev", "LTAIdevprofile01") ","
	                  PROFILE_AK("prod", "LTAIprodprofile1") "]}";

	fixture_fresh_home();
	write_aliyun(two);
	is_int(load(&cr, CONF_API_CLASSIC, NULL), 0, "an AK profile of ~/.aliyun/config.json loads");
	is_str(cr.ak_id, "LTAIdevprofile01", "without a profile the file's current one is used");
	is_str(cr.ak_secret, SECRET, "the profile's access_key_secret is the secret");
	ok(cr.sts_token == NULL, "an AK profile has no STS token");
	is_str(cr.source, "~/.aliyun/config.json profile dev", "the source names the file and the profile");
	conf_credentials_free(&cr);

	setenv("ALIBABA_CLOUD_PROFILE", "prod", 1);
	load(&cr, CONF_API_CLASSIC, NULL);
	is_str(cr.ak_id, "LTAIprodprofile1", "ALIBABA_CLOUD_PROFILE beats the file's current profile");
	conf_credentials_free(&cr);

	load(&cr, CONF_API_CLASSIC, "dev");
	is_str(cr.ak_id, "LTAIdevprofile01", "the profile argument beats ALIBABA_CLOUD_PROFILE");
	conf_credentials_free(&cr);

	fixture_fresh_home();
	write_aliyun("{\"current\":\"old\",\"profiles\":[{\"name\":\"old\",\"access_key_id\":\"LTAIoldprofile01\","
	             "\"access_key_secret\":\"" SECRET "\"}]}");
	load(&cr, CONF_API_CLASSIC, NULL);
	is_str(cr.ak_id, "LTAIoldprofile01", "a profile without a mode is read as AK");
	conf_credentials_free(&cr);

	fixture_fresh_home();
	write_aliyun("{\"profiles\":[" PROFILE_AK("other", "LTAIotherprofil1") "," PROFILE_AK("default", "LTAIdefaultprof1") "]}");
	load(&cr, CONF_API_CLASSIC, NULL);
	is_str(cr.ak_id, "LTAIdefaultprof1", "without a current profile the one named default is used");
	conf_credentials_free(&cr);
}

static void test_sts_profile(void)
{
	struct conf_credentials cr;

	fixture_fresh_home();
	write_aliyun("{\"current\":\"sts\",\"profiles\":[{\"name\":\"sts\",\"mode\":\"StsToken\","
	             "\"access_key_id\":\"STS.idofthetoken\",\"access_key_secret\":\"" SECRET "\","
	             "\"sts_token\":\"" STS "\"}]}");
	is_int(load(&cr, CONF_API_CLASSIC, NULL), 0, "a StsToken profile loads");
	is_str(cr.sts_token, STS, "a StsToken profile gives its sts_token");
	is_str(cr.ak_secret, SECRET, "a StsToken profile gives its secret");
	conf_credentials_free(&cr);

	write_aliyun("{\"current\":\"sts\",\"profiles\":[{\"name\":\"sts\",\"mode\":\"StsToken\","
	             "\"access_key_id\":\"STS.idofthetoken\",\"access_key_secret\":\"" SECRET "\"}]}");
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "sts_token"),
	   "a StsToken profile without sts_token is an error naming the field");

	write_aliyun("{\"current\":\"ak\",\"profiles\":[{\"name\":\"ak\",\"mode\":\"AK\","
	             "\"access_key_id\":\"LTAIhalfprofile1\",\"access_key_secret\":\"\"}]}");
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "access_key_secret"),
	   "an AK profile with an empty secret is an error naming the field");
}

static void test_unsupported_modes(void)
{
	static const char *const modes[] = { "RamRoleArn", "EcsRamRole", "OIDC", "ChainableRamRoleArn", "External",
		                             "CredentialsURI" };
	char json[512], want[256];

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		fixture_fresh_home();
		snprintf(json, sizeof(json), "{\"current\":\"role\",\"profiles\":[{\"name\":\"role\",\"mode\":\"%s\","
		         "\"access_key_id\":\"LTAIroleprofile1\",\"access_key_secret\":\"" SECRET "\"}]}", modes[i]);
		write_aliyun(json);
		snprintf(want, sizeof(want), "profile role uses mode %s, which flowgate does not support; "
		         "use mode AK or StsToken", modes[i]);
		ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, want) &&
		   strstr(err, "ALIBABA_CLOUD_ACCESS_KEY_ID"), "mode %s is refused with the way out", modes[i]);
	}
}

static void test_missing_profile(void)
{
	fixture_fresh_home();
	write_aliyun("{\"current\":\"dev\",\"profiles\":[" PROFILE_AK("dev", "LTAIdevprofile01") ","
	             PROFILE_AK("prod", "LTAIprodprofile1") "]}");
	ok(fails_cleanly(CONF_API_CLASSIC, "staging") && strstr(err, "profile staging not found"),
	   "a missing profile is an error naming it");
	ok(strstr(err, "dev, prod") != NULL, "the error lists the profiles the file has");

	setenv("ALIBABA_CLOUD_PROFILE", "qa", 1);
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "profile qa not found"),
	   "a missing ALIBABA_CLOUD_PROFILE profile is an error naming it");

	fixture_fresh_home();
	write_aliyun("{\"current\":\"dev\"}");
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "none"),
	   "a file without profiles says there are none");
}

static void test_bad_files(void)
{
	char want[1024];

	fixture_fresh_home();
	write_aliyun("{\"current\":\"dev\",\"profiles\":[{\"name\":\"dev\",\"access_key_secret\":\"" SECRET "\"");
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "not valid JSON"),
	   "a file cut short is an error that says it is not valid JSON");

	write_aliyun("[\"" SECRET "\"]");
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "not valid JSON"),
	   "a file that is not a JSON object is refused");

	write_aliyun("");
	ok(fails_cleanly(CONF_API_CLASSIC, NULL), "an empty file is refused");

	fixture_fresh_home();
	char *path = fixture_write(ALIYUN_REL, 0644,
	                           "{\"current\":\"dev\",\"profiles\":[" PROFILE_AK("dev", "LTAIdevprofile01") "]}");
	snprintf(want, sizeof(want), "chmod 600 %s", path);
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, want),
	   "a ~/.aliyun/config.json others can read is refused with the chmod fix");
	free(path);

	fixture_fresh_home();
	free(fixture_write(ALIYUN_REL "/inside", 0600, ""));
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "not a regular file"),
	   "a ~/.aliyun/config.json that is a directory is refused");
}

static void test_yunxiao_token(void)
{
	struct conf_credentials cr;

	fixture_fresh_home();
	setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenvironment1", 1);
	setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET, 1);
	ok(fails_cleanly(CONF_API_YUNXIAO, NULL) && strstr(err, "YUNXIAO_ACCESS_TOKEN"),
	   "the yunxiao backend without YUNXIAO_ACCESS_TOKEN is an error naming it");

	setenv("YUNXIAO_ACCESS_TOKEN", STS, 1);
	is_int(load(&cr, CONF_API_YUNXIAO, NULL), 0, "the yunxiao backend loads YUNXIAO_ACCESS_TOKEN");
	is_str(cr.token, STS, "the token is the variable's value");
	ok(cr.ak_secret == NULL, "the yunxiao backend takes no AccessKey");
	ok(strstr(cr.source, "YUNXIAO_ACCESS_TOKEN") != NULL, "the source names YUNXIAO_ACCESS_TOKEN");
	conf_credentials_free(&cr);
	conf_credentials_free(NULL);
}

/* True when s holds a byte that could drive a terminal: a C0 control, DEL or a C1 control. */
static int has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			return 1;
	return 0;
}

static void test_hostile_names(void)
{
	struct conf_credentials cr;
	char json[4096];

	fixture_fresh_home();
	write_aliyun("{\"current\":\"\\u001b]0;owned\\u0007\\u009b2J\",\"profiles\":["
	             PROFILE_AK("\\u001b[31mred", "LTAIredprofile01") "]}");
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "not found"),
	   "a current profile named with escape sequences is still reported missing");
	ok(!has_control(err), "escape sequences in profile names never reach the message");

	fixture_fresh_home();
	write_aliyun("{\"current\":\"role\",\"profiles\":[{\"name\":\"role\",\"mode\":\"\\u001b[2JRole\","
	             "\"access_key_id\":\"LTAIroleprofile1\",\"access_key_secret\":\"" SECRET "\"}]}");
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "[2JRole"), "an unsupported mode is still named");
	ok(!has_control(err), "escape sequences in a mode never reach the message");

	fixture_fresh_home();
	write_aliyun("{\"current\":\"\\u001b]0;t\\u0007\",\"profiles\":["
	             PROFILE_AK("\\u001b]0;t\\u0007", "LTAIescprofile01") "]}");
	is_int(load(&cr, CONF_API_CLASSIC, NULL), 0, "a profile named with escape sequences loads");
	ok(!has_control(cr.source), "the source names that profile without its escape sequences");
	conf_credentials_free(&cr);

	/* Sixty profiles of three-byte characters: far more than a message holds. */
	fixture_fresh_home();
	size_t n = (size_t)snprintf(json, sizeof(json), "{\"profiles\":[");
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(json + n, sizeof(json) - n, "%s{\"name\":\"生产环境%02d\"}", i ? "," : "", i);
	snprintf(json + n, sizeof(json) - n, "]}");
	write_aliyun(json);
	ok(fails_cleanly(CONF_API_CLASSIC, "staging") && strstr(err, "生产环境00, 生产环境01") && strstr(err, "..."),
	   "a long list of profiles is cut short with an ellipsis");
	const char *tail = "`aliyun configure --profile staging`";
	ok(strlen(err) > strlen(tail) && strcmp(err + strlen(err) - strlen(tail), tail) == 0,
	   "a long list of profiles leaves the message whole, never cut inside a character");
}

static void test_mask(void)
{
	char out[16];

	conf_mask_id(out, "LTAI5tAbCdEfGhIjabcd");
	is_str(out, "LTAI****abcd", "an id shows its first four and last four characters");
	conf_mask_id(out, "123456789");
	is_str(out, "1234****6789", "a nine-character id is masked in the middle");
	conf_mask_id(out, "12345678");
	is_str(out, "****", "an id of eight characters is hidden entirely");
	conf_mask_id(out, "");
	is_str(out, "****", "an empty id is hidden");
	conf_mask_id(out, NULL);
	is_str(out, "****", "no id is hidden");
	conf_mask_id(out, "LT\x1b[31mXXXXXXX\n1");
	is_str(out, "LT?[****XX?1", "control characters in an id are replaced");
}

static void test_label(void)
{
	char out[16];
	char token[] = "pt-MockTestToken0001ForTestsOnly", id[] = "LTAI5tAbCdEfGhIjabcd";
	struct conf_credentials cr = { .token = token };

	conf_credential_label(out, &cr);
	is_str(out, "sha256:ff8c6682", "a token is named by the first 8 hex digits of its SHA-256");
	ok(!strstr(out, "pt-") && !strstr(out, "Only"), "the label keeps none of the token's characters");
	token[sizeof(token) - 2] = 'z';
	conf_credential_label(out, &cr);
	ok(strncmp(out, "sha256:", 7) == 0 && strcmp(out, "sha256:ff8c6682") != 0,
	   "tokens that differ in their last character are told apart");
	cr = (struct conf_credentials){ .ak_id = id, .token = token };
	conf_credential_label(out, &cr);
	is_str(out, "LTAI****abcd", "an AccessKey id stays masked as before");
}

static void test_symlinked_file(void)
{
	struct conf_credentials cr;

	fixture_fresh_home();
	char *target = fixture_write("dotfiles/aliyun.json", 0600,
	                             "{\"current\":\"dev\",\"profiles\":[" PROFILE_AK("dev", "LTAIfromlink0001") "]}");
	char *path = fixture_path(ALIYUN_REL);
	fixture_write_at(path, 0600, "");
	unlink(path);
	if (symlink(target, path) != 0)
		exit(99);
	is_int(load(&cr, CONF_API_CLASSIC, NULL), 0, "a link to a 0600 file of the user's own is followed");
	conf_credentials_free(&cr);
	chmod(target, 0640);
	ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "chmod 600"),
	   "a link to a file the group can read is refused with the chmod fix");
	chmod(target, 0600);
	if (geteuid() != 0) {
		printf("ok %d - a link to another user's file is refused # SKIP needs root to give a file away\n", ++tap_n);
	} else {
		chown(target, 65534, 65534);
		ok(fails_cleanly(CONF_API_CLASSIC, NULL) && strstr(err, "chown root"),
		   "a link to another user's 0600 file is refused with the chown fix");
	}
	free(path);
	free(target);
}

int main(void)
{
	test_environment();
	test_nothing_anywhere();
	test_aliyun_file();
	test_sts_profile();
	test_unsupported_modes();
	test_missing_profile();
	test_bad_files();
	test_yunxiao_token();
	test_hostile_names();
	test_label();
	test_symlinked_file();
	test_mask();
	fixture_cleanup();
	return tap_done();
}
