/*
 * The aliyun CLI config.json reader, through conf_credentials_load as the program runs it: the
 * input is written to ~/.aliyun/config.json in a private home, with no key in the environment.
 *
 * Input: a selector byte, then the file.
 *   selector bits 0-1  the profile, as --profile: none, default, dev, prod
 *            bit 2     ALIBABA_CLOUD_PROFILE=dev in the environment
 */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf/credentials.h"
#include "home.h"
#include "util/xalloc.h"

#define SOURCE_PREFIX "~/.aliyun/config.json profile "

static void check_loaded(const struct conf_credentials *cr)
{
	FUZZ_ASSERT(cr->ak_id && *cr->ak_id);
	FUZZ_ASSERT(cr->ak_secret && *cr->ak_secret);
	FUZZ_ASSERT(cr->sts_token == NULL || *cr->sts_token);
	FUZZ_ASSERT(cr->token == NULL);
	FUZZ_ASSERT(strncmp(cr->source, SOURCE_PREFIX, strlen(SOURCE_PREFIX)) == 0);
	fuzz_assert_inert(cr->source, false);

	/* The masked id is what messages and logs show: printable ASCII whatever the file held. */
	char masked[16];
	conf_mask_id(masked, cr->ak_id);
	FUZZ_ASSERT(strlen(masked) < sizeof(masked));
	fuzz_assert_inert(masked, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const profiles[] = { NULL, "default", "dev", "prod" };
	static char *path;
	if (!path) {
		char *dir = xasprintf("%s/.aliyun", fuzz_home());
		FUZZ_ASSERT(mkdir(dir, 0700) == 0);
		path = xasprintf("%s/config.json", dir);
		free(dir);
	}

	struct fuzz_input in = { data, size };
	unsigned sel = fuzz_take_u8(&in);
	if (sel & 4)
		setenv("ALIBABA_CLOUD_PROFILE", "dev", 1);
	else
		unsetenv("ALIBABA_CLOUD_PROFILE");
	fuzz_write_file(path, in.p, in.n);

	struct conf_credentials cr;
	char err[1024] = "";
	if (conf_credentials_load(&cr, CONF_API_CLASSIC, profiles[sel & 3], err, sizeof(err)) == 0) {
		check_loaded(&cr);
	} else {
		/* The message may name profiles and modes from the file: it goes to a terminal as it is. */
		FUZZ_ASSERT(*err);
		fuzz_assert_inert(err, false);
		FUZZ_ASSERT(!cr.ak_id && !cr.ak_secret && !cr.sts_token && !cr.token);
	}
	conf_credentials_free(&cr);
	return 0;
}
