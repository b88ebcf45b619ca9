#include "config.h"

#include <stdlib.h>

#include "util/strbuf.h"
#include "util/urlenc.h"

#include "../tap.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char *encoded(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	urlenc_encode(&sb, s);
	return strbuf_detach(&sb);
}

static void percent_encoding(void)
{
	static const struct {
		const char *in, *out, *what;
	} cases[] = {
		{ "AZaz09-_.~", "AZaz09-_.~", "unreserved characters are kept, ~ included" },
		{ "a b", "a%20b", "a space becomes %20, never +" },
		{ "a*b", "a%2Ab", "* becomes %2A" },
		{ "a+b/c=d&e", "a%2Bb%2Fc%3Dd%26e", "+ / = & are encoded" },
		{ "!'()", "%21%27%28%29", "!'() are encoded" },
		{ "%41", "%2541", "a percent sign is encoded, so nothing is decoded twice" },
		{ "\xc3\xa9\xe4\xb8\xad", "%C3%A9%E4%B8%AD", "UTF-8 bytes become upper-case %XX" },
		{ "\x01\x7f\xff", "%01%7F%FF", "control bytes, DEL and 0xFF are encoded" },
		{ "", "", "the empty string stays empty" },
	};
	for (size_t i = 0; i < N(cases); i++) {
		char *got = encoded(cases[i].in);
		is_str(got, cases[i].out, "percent-encoding: %s", cases[i].what);
		free(got);
	}
}

static void appends_to_what_is_there(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "/jobs/");
	urlenc_encode(&sb, "a/b");
	is_str(strbuf_cstr(&sb), "/jobs/a%2Fb", "the encoding is appended to what the buffer holds");
	strbuf_free(&sb);
}

int main(void)
{
	percent_encoding();
	appends_to_what_is_there();
	return tap_done();
}
