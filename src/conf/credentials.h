#ifndef FLOWGATE_CONF_CREDENTIALS_H
#define FLOWGATE_CONF_CREDENTIALS_H
/*
 * Where the secrets come from: the environment, else the aliyun CLI's ~/.aliyun/config.json
 * (modes AK and StsToken), or a Yunxiao personal access token. Never from argv; never printed.
 */

#include <stddef.h>

#include "conf/config.h"

struct conf_credentials {
	char *ak_id;
	char *ak_secret;
	char *sts_token;           /* NULL unless STS */
	char *token;               /* Yunxiao personal access token (yunxiao backend) */
	char source[160];          /* where they came from, for messages: "environment", "~/.aliyun/config.json profile dev" */
};

/*
 * Loads credentials for the API api. profile: --profile, else NULL (then ALIBABA_CLOUD_PROFILE,
 * else the file's "current"). 0, or -1 with a message in err that says how to provide them.
 */
int conf_credentials_load(struct conf_credentials *cr, enum conf_api api, const char *profile,
                          char *err, size_t errlen);
void conf_credentials_free(struct conf_credentials *cr);   /* wipes the secrets */

/*
 * A profile chosen by name (named_by: "--profile" or "ALIBABA_CLOUD_PROFILE") must exist in the
 * flowgate config file or in ~/.aliyun/config.json, or a typo would silently choose nothing.
 * The caller has looked in the config file (config_profiles: the names it has, ", "-separated)
 * and not found it. 0 when ~/.aliyun/config.json has it; else -1 and a message naming the
 * profiles both files have.
 */
int conf_profile_check(const char *name, const char *named_by, const char *config_path,
                       const char *config_profiles, char *err, size_t errlen);

/*
 * How logs and messages name the credential in use: an AccessKey id masked (conf_mask_id), a
 * token by its fingerprint (conf_fingerprint), never by any of its characters.
 */
void conf_credential_label(char out[16], const struct conf_credentials *cr);

/* "sha256:" and the first 8 hex digits of the SHA-256 of secret: tells tokens apart, reveals none. */
void conf_fingerprint(char out[16], const char *secret);

/* "LTAI****abcd": the first four and last four characters; shorter ids become "****". */
void conf_mask_id(char out[16], const char *id);

#endif
