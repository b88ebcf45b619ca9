#include <config.h>   /* the build's; "config.h" here would be conf/config.h */

#include "conf/credentials.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/sha.h>

#include "conf/config.h"
#include "conf/sources.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#define ENV_ID "ALIBABA_CLOUD_ACCESS_KEY_ID"
#define ENV_SECRET "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
#define ENV_STS "ALIBABA_CLOUD_SECURITY_TOKEN"
#define ENV_TOKEN "YUNXIAO_ACCESS_TOKEN"
#define ALIYUN_FILE "~/.aliyun/config.json"
#define ALIYUN_MAX_SIZE (1 << 20)
#define QUOTE_MAX 32           /* bytes of a name or mode a message quotes */
#define QUOTE_LIST_MAX 160     /* bytes of the list of profile names */

void conf_credentials_free(struct conf_credentials *cr)
{
	if (!cr)
		return;
	xfree_secret(cr->ak_id);
	xfree_secret(cr->ak_secret);
	xfree_secret(cr->sts_token);
	xfree_secret(cr->token);
	*cr = (struct conf_credentials){ .ak_id = NULL };
}

void conf_fingerprint(char out[16], const char *secret)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	SHA256((const unsigned char *)secret, secret ? strlen(secret) : 0, md);
	snprintf(out, 16, "sha256:%02x%02x%02x%02x", md[0], md[1], md[2], md[3]);
	xwipe(md, sizeof(md));
}

void conf_credential_label(char out[16], const struct conf_credentials *cr)
{
	if (cr->ak_id)
		conf_mask_id(out, cr->ak_id);
	else
		conf_fingerprint(out, cr->token);
}

void conf_mask_id(char out[16], const char *id)
{
	size_t n = id ? strlen(id) : 0;
	if (n <= 8) {
		snprintf(out, 16, "****");
		return;
	}
	snprintf(out, 16, "%.4s****%s", id, id + n - 4);
	/* Only printable ASCII survives, so a strange id cannot drive a terminal or split a character. */
	for (char *p = out; *p; p++)
		if (*p < '!' || *p > '~')
			*p = '?';
}

/* 1 when the environment holds an AccessKey pair, 0 when it holds none of it, -1 when half of it. */
static int load_env_keys(struct conf_credentials *cr, char *err, size_t errlen)
{
	const char *id = conf_env(ENV_ID), *secret = conf_env(ENV_SECRET);
	if (!id && !secret)
		return 0;
	if (!id || !secret) {
		snprintf(err, errlen, _("%s is set but %s is not: set both, or neither to use %s"),
		         id ? ENV_ID : ENV_SECRET, id ? ENV_SECRET : ENV_ID, ALIYUN_FILE);
		return -1;
	}
	cr->ak_id = xstrdup(id);
	cr->ak_secret = xstrdup(secret);
	cr->sts_token = xstrdup(conf_env(ENV_STS));
	snprintf(cr->source, sizeof(cr->source), "%s", _("environment"));
	return 1;
}

/* The whole file; the caller wipes it (*len bytes) before freeing it. Closes fd. */
static char *read_private(int fd, const char *path, size_t *len, char *err, size_t errlen)
{
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (st.st_size > ALIYUN_MAX_SIZE) {
		snprintf(err, errlen, _("%s is too large to be an aliyun CLI config (%lld bytes)"), path,
		         (long long)st.st_size);
		close(fd);
		return NULL;
	}
	/* Sized once from fstat: growing a buffer would leave copies of the secrets behind. */
	size_t cap = (size_t)st.st_size, n = 0;
	char *buf = xmalloc(cap + 1);
	while (n < cap) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* cJSON frees without clearing; the secrets it copied are wiped first. */
static void json_wipe(cJSON *item)
{
	for (; item; item = item->next) {
		if (item->valuestring)
			xwipe(item->valuestring, strlen(item->valuestring));
		json_wipe(item->child);
	}
}

static const char *json_text(const cJSON *obj, const char *name)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(item) && *item->valuestring ? item->valuestring : NULL;
}

/*
 * Text from the file or the command line as a message quotes it: inert for a terminal (a name
 * may hold escape sequences) and short, cut on a character boundary, so that the message
 * itself is never cut inside a character.
 */
static char *quote(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return text_sanitize(s, n, false);
	for (int i = 0; i < 3 && max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80; i++)
		max--;
	char *cut = text_sanitize(s, max, false);
	char *quoted = xasprintf("%s...", cut);
	free(cut);
	return quoted;
}

static const cJSON *find_profile(const cJSON *profiles, const char *name)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, profiles) {
		const char *n = json_text(p, "name");
		if (n && strcmp(n, name) == 0)
			return p;
	}
	return NULL;
}

/* The names of the profiles, ", "-separated. */
static void profile_names(const cJSON *profiles, struct strbuf *names)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, profiles) {
		const char *n = json_text(p, "name");
		if (n)
			strbuf_printf(names, "%s%s", names->len ? ", " : "", n);
	}
}

static void profile_not_found(const cJSON *profiles, const char *name, const char *path, char *err, size_t errlen)
{
	struct strbuf names = STRBUF_INIT;
	profile_names(profiles, &names);
	char *q_name = quote(name, QUOTE_MAX);
	char *q_names = quote(names.len ? strbuf_cstr(&names) : _("none"), QUOTE_LIST_MAX);
	snprintf(err, errlen, _("profile %s not found in %s (profiles there: %s); choose one with --profile "
	                        "or ALIBABA_CLOUD_PROFILE, or create it with `aliyun configure --profile %s`"),
	         q_name, path, q_names, q_name);
	free(q_name);
	free(q_names);
	strbuf_free(&names);
}

/* Fills cr from the profile's AK or StsToken fields. */
static int use_profile(struct conf_credentials *cr, const cJSON *p, const char *name, char *err, size_t errlen)
{
	const char *mode = json_text(p, "mode");
	bool sts = mode && strcasecmp(mode, "StsToken") == 0;
	char *q_name = quote(name, QUOTE_MAX);
	int rc = -1;
	if (mode && !sts && strcasecmp(mode, "AK") != 0) {
		char *q_mode = quote(mode, QUOTE_MAX);
		snprintf(err, errlen, _("profile %s uses mode %s, which flowgate does not support; use mode AK or "
		                        "StsToken, or set %s and %s"), q_name, q_mode, ENV_ID, ENV_SECRET);
		free(q_mode);
		goto done;
	}
	static const char *const fields[] = { "access_key_id", "access_key_secret", "sts_token" };
	const char *values[3];
	for (size_t i = 0; i < (sts ? 3u : 2u); i++) {
		values[i] = json_text(p, fields[i]);
		if (!values[i]) {
			snprintf(err, errlen, _("profile %s has no %s; run `aliyun configure --profile %s`"), q_name,
			         fields[i], q_name);
			goto done;
		}
	}
	cr->ak_id = xstrdup(values[0]);
	cr->ak_secret = xstrdup(values[1]);
	cr->sts_token = sts ? xstrdup(values[2]) : NULL;
	snprintf(cr->source, sizeof(cr->source), _("%s profile %s"), ALIYUN_FILE, q_name);
	rc = 0;
done:
	free(q_name);
	return rc;
}

static int load_aliyun_json(struct conf_credentials *cr, const cJSON *root, const char *path,
                            const char *profile, char *err, size_t errlen)
{
	const char *name = profile ? profile : conf_env("ALIBABA_CLOUD_PROFILE");
	if (!name)
		name = json_text(root, "current");
	if (!name)
		name = "default";
	const cJSON *profiles = cJSON_GetObjectItemCaseSensitive(root, "profiles");
	const cJSON *p = find_profile(profiles, name);
	if (!p) {
		profile_not_found(profiles, name, path, err, errlen);
		return -1;
	}
	return use_profile(cr, p, name, err, errlen);
}

/* ~/.aliyun/config.json, parsed; aliyun_close wipes the secrets it holds. */
struct aliyun_file {
	char *path;
	char *text;
	size_t len;
	cJSON *root;               /* an object */
};

/* 0; 1 when there is no such file (or no home directory); -1 with a message. */
static int aliyun_open(struct aliyun_file *af, char *err, size_t errlen)
{
	*af = (struct aliyun_file){ .path = NULL };
	char *home = conf_home();
	if (!home) {
		snprintf(err, errlen, _("no home directory for %s"), ALIYUN_FILE);
		return 1;
	}
	af->path = xasprintf("%s/.aliyun/config.json", home);
	free(home);
	int fd;
	int rc = conf_open_private(af->path, _("aliyun CLI config"), &fd, err, errlen);
	if (rc != 0)
		return rc;
	af->text = read_private(fd, af->path, &af->len, err, errlen);
	if (!af->text)
		return -1;
	errno = 0;
	af->root = cJSON_ParseWithLength(af->text, af->len);
	if (!af->root && errno == ENOMEM)
		xalloc_die();
	if (!cJSON_IsObject(af->root)) {
		snprintf(err, errlen, _("%s is not valid JSON; repair it or run `aliyun configure` again"), af->path);
		return -1;
	}
	return 0;
}

static void aliyun_close(struct aliyun_file *af)
{
	json_wipe(af->root);
	cJSON_Delete(af->root);
	if (af->text)
		xwipe(af->text, af->len);
	free(af->text);
	free(af->path);
}

static int load_aliyun_file(struct conf_credentials *cr, const char *profile, char *err, size_t errlen)
{
	struct aliyun_file af;
	int rc = aliyun_open(&af, err, errlen);
	if (rc > 0)
		snprintf(err, errlen, _("no credentials found: set %s and %s (with %s for STS credentials), "
		                        "or run `aliyun configure` to write a profile to %s"),
		         ENV_ID, ENV_SECRET, ENV_STS, ALIYUN_FILE);
	if (rc == 0)
		rc = load_aliyun_json(cr, af.root, af.path, profile, err, errlen);
	aliyun_close(&af);
	return rc == 0 ? 0 : -1;
}

int conf_profile_check(const char *name, const char *named_by, const char *config_path,
                       const char *config_profiles, char *err, size_t errlen)
{
	struct aliyun_file af;
	char why[256];
	struct strbuf names = STRBUF_INIT;
	int opened = aliyun_open(&af, why, sizeof(why));
	if (opened < 0)
		strbuf_printf(&names, _("none readable: %s"), why);
	if (opened == 0) {
		const cJSON *profiles = cJSON_GetObjectItemCaseSensitive(af.root, "profiles");
		if (find_profile(profiles, name)) {
			aliyun_close(&af);
			return 0;
		}
		profile_names(profiles, &names);
	}
	aliyun_close(&af);
	char *q_name = quote(name, QUOTE_MAX);
	char *q_config = quote(*config_profiles ? config_profiles : _("none"), QUOTE_LIST_MAX);
	char *q_aliyun = quote(names.len ? strbuf_cstr(&names) : _("none"), QUOTE_LIST_MAX);
	/* TRANSLATORS: the profile, where its name came from, the config file, its profiles,
	 * the aliyun CLI's file and its profiles. */
	snprintf(err, errlen, _("profile %s (from %s) is in neither %s (profiles there: %s) nor %s (profiles "
	                        "there: %s); check its spelling, or choose one of these"),
	         q_name, named_by, config_path,
	         q_config, ALIYUN_FILE, q_aliyun);
	text_utf8_trim_cut(err);
	free(q_name);
	free(q_config);
	free(q_aliyun);
	strbuf_free(&names);
	return -1;
}

static int load_token(struct conf_credentials *cr, char *err, size_t errlen)
{
	const char *token = conf_env(ENV_TOKEN);
	if (!token) {
		snprintf(err, errlen, _("no Yunxiao access token: set %s to a personal access token "
		                        "(created in Yunxiao under personal settings, access tokens)"), ENV_TOKEN);
		return -1;
	}
	cr->token = xstrdup(token);
	snprintf(cr->source, sizeof(cr->source), _("environment (%s)"), ENV_TOKEN);
	return 0;
}

int conf_credentials_load(struct conf_credentials *cr, enum conf_api api, const char *profile,
                          char *err, size_t errlen)
{
	*cr = (struct conf_credentials){ .ak_id = NULL };
	int rc;
	if (api == CONF_API_YUNXIAO) {
		rc = load_token(cr, err, errlen);
	} else {
		rc = load_env_keys(cr, err, errlen);
		if (rc == 0)
			rc = load_aliyun_file(cr, profile, err, errlen);
	}
	if (rc < 0) {
		conf_credentials_free(cr);
		return -1;
	}
	return 0;
}
