#include "config.h"

#include "util/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xalloc_die(void)
{
	fputs("flowgate: out of memory\n", stderr);
	abort();
}

static void *check(void *p)
{
	if (!p)
		xalloc_die();
	return p;
}

void *xmalloc(size_t n)
{
	return check(malloc(n ? n : 1));
}

void *xcalloc(size_t count, size_t size)
{
	return check(calloc(count ? count : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t n)
{
	return check(realloc(p, n ? n : 1));
}

void *xgrow(void *p, size_t n, size_t *cap, size_t size, size_t first)
{
	if (n < *cap)
		return p;
	size_t want = *cap ? *cap * 2 : first;
	if (want <= *cap || want > SIZE_MAX / (size ? size : 1))
		xalloc_die();
	*cap = want;
	return xrealloc(p, want * size);
}

char *xstrdup(const char *s)
{
	return s ? check(strdup(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	return s ? check(strndup(s, n)) : NULL;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		check(NULL);
	return s;
}

void xwipe(void *p, size_t n)
{
	/* A volatile pointer keeps the stores from being removed as dead. */
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

void xfree_secret(char *s)
{
	if (!s)
		return;
	xwipe(s, strlen(s));
	free(s);
}
