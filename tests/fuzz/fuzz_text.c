/*
 * The terminal text functions on any bytes: text_sanitize, text_width and text_fit.
 *
 * Input: a flags byte (bit 0 ascii_only, bit 1 pad), a signed byte of cells for text_fit,
 * then the text (NUL bytes included: text_sanitize takes a length, text_fit a C string).
 */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "util/xalloc.h"

static void check_sanitize(const char *s, size_t n, bool ascii_only)
{
	char *clean = text_sanitize(s, n, ascii_only);
	fuzz_assert_inert(clean, ascii_only);

	/* Sanitised text is left as it is. */
	char *again = text_sanitize(clean, strlen(clean), ascii_only);
	FUZZ_ASSERT(strcmp(again, clean) == 0);
	free(again);

	/* Each cell comes from at least one input byte: wide characters take three or four. */
	int width = text_width(clean);
	FUZZ_ASSERT(width >= 0 && (size_t)width <= n);
	FUZZ_ASSERT(!ascii_only || (size_t)width == strlen(clean));
	free(clean);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	unsigned flags = fuzz_take_u8(&in);
	int cells = (int8_t)fuzz_take_u8(&in);
	bool ascii_only = flags & 1, pad = flags & 2;

	check_sanitize((const char *)in.p, in.n, ascii_only);

	char *s = xmalloc(in.n + 1);
	memcpy(s, in.p, in.n);
	s[in.n] = '\0';
	fuzz_assert_fit(s, cells, pad, ascii_only);
	free(s);
	return 0;
}
