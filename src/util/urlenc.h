#ifndef FLOWGATE_UTIL_URLENC_H
#define FLOWGATE_UTIL_URLENC_H
/* Percent-encoding (RFC 3986): what a path segment, a query and a signature all need alike. */

#include "util/strbuf.h"

/* Appends s with A-Z a-z 0-9 - _ . ~ kept and every other byte as %XX (upper-case hex). */
void urlenc_encode(struct strbuf *out, const char *s);

#endif
