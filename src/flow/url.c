#include "config.h"

#include "flow/url.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "flow/api.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Longer than any link the console makes; a longer one is something else. */
#define URL_MAX 2048

/* why: a message marked with N_(), translated here. */
static int url_fail(char *err, size_t errlen, const char *why)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", _(why));
	return -1;
}

/* Printable ASCII without spaces: what a link pasted whole consists of. */
static bool url_chars_ok(const char *s)
{
	for (; *s; s++)
		if (*s <= ' ' || *s > '~')
			return false;
	return true;
}

/* After "scheme://": the length of the host (and port), or 0 when it is not one. */
static size_t host_len(const char *s)
{
	size_t n = strcspn(s, "/?#");
	size_t colon = n;
	if (n == 0 || memchr(s, '@', n))
		return 0;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', n);
		if (!close)
			return 0;
		colon = (size_t)(close - s) + 1;
	} else {
		colon = strcspn(s, ":/?#");
		for (size_t i = 0; i < colon; i++)
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-", s[i]))
				return 0;
	}
	if (colon == n)
		return n;
	if (s[colon] != ':' || colon + 1 == n)
		return 0;
	for (size_t i = colon + 1; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n;
}

/* The next path segment as a copy in buf; false when it is empty or too long. */
static bool segment(const char **p, const char *end, char *buf, size_t size)
{
	if (*p >= end || **p != '/')
		return false;
	const char *s = *p + 1;
	size_t n = strcspn(s, "/");
	if (s + n > end)
		n = (size_t)(end - s);
	if (n == 0 || n >= size)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*p = s + n;
	return true;
}

static const char *const SHAPE =
	N_("a run link is https://HOST/pipelines/ID/builds/ID or https://HOST/pipelines/ID/current");

/* The path up to its query or fragment, one optional trailing slash already dropped. */
static int path_parse(const char *path, const char *end, int64_t *pipeline, int64_t *run, char *err,
                      size_t errlen)
{
	char word[32], pid[32], rid[32];
	int64_t p, r = 0;
	if (!segment(&path, end, word, sizeof(word)) || strcmp(word, "pipelines") != 0 ||
	    !segment(&path, end, pid, sizeof(pid)) || !segment(&path, end, word, sizeof(word)))
		return url_fail(err, errlen, SHAPE);
	if (flow_parse_id(pid, &p) != 0)
		return url_fail(err, errlen, N_("the pipeline id in the link is not a positive whole number"));
	if (strcmp(word, "builds") == 0) {
		if (!segment(&path, end, rid, sizeof(rid)))
			return url_fail(err, errlen, SHAPE);
		if (flow_parse_id(rid, &r) != 0)
			return url_fail(err, errlen, N_("the run id in the link is not a positive whole number"));
	} else if (strcmp(word, "current") != 0) {
		return url_fail(err, errlen, SHAPE);
	}
	if (path != end)
		return url_fail(err, errlen, SHAPE);
	*pipeline = p;
	*run = r;
	return 0;
}

int flow_url_parse(const char *url, int64_t *pipeline, int64_t *run, char *err, size_t errlen)
{
	if (!url || !*url)
		return url_fail(err, errlen, N_("the link is empty"));
	if (strlen(url) > URL_MAX) {
		if (err && errlen)
			snprintf(err, errlen, _("the link is longer than %d characters"), URL_MAX);
		return -1;
	}
	if (!url_chars_ok(url))
		return url_fail(err, errlen, N_("the link holds spaces, control characters or non-ASCII bytes"));
	size_t skip;
	if (strncasecmp(url, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		skip = 7;
	else
		return url_fail(err, errlen, N_("a run link starts with https:// or http://"));
	const char *host = url + skip;
	size_t hn = host_len(host);
	if (hn == 0)
		return url_fail(err, errlen, N_("the link has no usable host name"));
	const char *path = host + hn;
	const char *end = path + strcspn(path, "?#");
	if (end > path + 1 && end[-1] == '/')
		end--;
	return path_parse(path, end, pipeline, run, err, errlen);
}

char *flow_url_of_run(const char *base, int64_t pipeline, int64_t run)
{
	if (pipeline <= 0 || run < 0)
		return NULL;
	if (!base || !*base)
		base = FLOW_URL_DEFAULT_BASE;
	size_t n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	if (run == 0)
		return xasprintf("%.*s/pipelines/%" PRId64 "/current", (int)n, base, pipeline);
	return xasprintf("%.*s/pipelines/%" PRId64 "/builds/%" PRId64, (int)n, base, pipeline, run);
}
