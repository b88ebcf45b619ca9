#include "config.h"

#include "util/urlenc.h"

#include <stdbool.h>

static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == '~';
}

void urlenc_encode(struct strbuf *out, const char *s)
{
	static const char digits[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (unreserved(*p)) {
			strbuf_putc(out, (char)*p);
			continue;
		}
		char esc[3] = { '%', digits[*p >> 4], digits[*p & 0x0f] };
		strbuf_append(out, esc, sizeof esc);
	}
}
