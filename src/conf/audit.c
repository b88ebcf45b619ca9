#include "config.h"

#include "conf/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conf/sources.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

char *audit_default_path(void)
{
	return conf_xdg_path("XDG_STATE_HOME", ".local/state", "audit.log");
}

/* Length of the well-formed UTF-8 sequence that starts at s, or 0 when none does. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		lo = s[0] == 0xE0 ? 0xA0 : lo;      /* no overlong forms */
		hi = s[0] == 0xED ? 0x9F : hi;      /* no surrogates */
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		lo = s[0] == 0xF0 ? 0x90 : lo;
		hi = s[0] == 0xF4 ? 0x8F : hi;      /* nothing past U+10FFFF */
	} else {
		return 0;
	}
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

static void json_ascii(struct strbuf *sb, unsigned char c)
{
	switch (c) {
	case '"':
		strbuf_puts(sb, "\\\"");
		return;
	case '\\':
		strbuf_puts(sb, "\\\\");
		return;
	case '\n':
		strbuf_puts(sb, "\\n");
		return;
	case '\r':
		strbuf_puts(sb, "\\r");
		return;
	case '\t':
		strbuf_puts(sb, "\\t");
		return;
	}
	if (c < 0x20 || c == 0x7F)
		strbuf_printf(sb, "\\u%04x", c);
	else
		strbuf_putc(sb, (char)c);
}

/* The code point of a well-formed sequence of n bytes (n from utf8_len). */
static uint32_t utf8_decode(const unsigned char *s, size_t n)
{
	static const unsigned char lead_bits[] = { 0, 0x7F, 0x1F, 0x0F, 0x07 };
	uint32_t cp = s[0] & lead_bits[n];

	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3F);
	return cp;
}

/* Line separators end a line for some readers; controls and bidi ones drive the terminal. */
static bool needs_escape(uint32_t cp)
{
	return text_codepoint_is_control(cp) || cp == 0x2028 || cp == 0x2029;
}

/*
 * s as a JSON string, whatever bytes it holds: invalid UTF-8 becomes U+FFFD, and control
 * characters (C0, DEL, C1, bidi overrides and isolates, line separators) are escaped so that
 * reading the log in a terminal stays safe and shows each line as it is.
 * NULL and "" are absent values: null.
 */
static void json_string(struct strbuf *sb, const char *s)
{
	if (!s || !*s) {
		strbuf_puts(sb, "null");
		return;
	}
	strbuf_putc(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_len(p);
		uint32_t cp = n > 1 ? utf8_decode(p, n) : 0;
		if (n == 0) {
			strbuf_puts(sb, "\\ufffd");
			n = 1;
		} else if (n == 1) {
			json_ascii(sb, *p);
		} else if (needs_escape(cp)) {
			strbuf_printf(sb, "\\u%04x", (unsigned)cp);
		} else {
			strbuf_append(sb, p, n);
		}
		p += n;
	}
	strbuf_putc(sb, '"');
}

static void put_str(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_printf(sb, ",\"%s\":", name);
	json_string(sb, value);
}

/* Ids and HTTP statuses are positive; 0 means not known. */
static void put_num(struct strbuf *sb, const char *name, int64_t value)
{
	if (value > 0)
		strbuf_printf(sb, ",\"%s\":%" PRId64, name, value);
	else
		strbuf_printf(sb, ",\"%s\":null", name);
}

static void audit_format(struct strbuf *sb, const struct audit_entry *e, time_t now)
{
	char stamp[32];
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strbuf_printf(sb, "{\"time\":\"%s\"", stamp);
	put_str(sb, "action", e->action);
	put_str(sb, "via", e->via);
	put_str(sb, "keyId", e->key_id);
	put_str(sb, "endpoint", e->endpoint);
	put_str(sb, "org", e->org);
	put_num(sb, "pipeline", e->pipeline);
	put_num(sb, "run", e->run);
	put_str(sb, "job", e->job);
	put_str(sb, "jobName", e->job_name);
	put_num(sb, "httpStatus", e->http_status);
	put_str(sb, "errorCode", e->error_code);
	put_str(sb, "requestId", e->request_id);
	put_str(sb, "outcome", e->outcome);
	strbuf_puts(sb, "}\n");
}

/* Creates each missing directory above path, private to the user. */
static int make_parents(const char *path, char *err, size_t errlen)
{
	char *dir = xstrdup(path);
	int rc = 0;

	for (char *s = strchr(dir + 1, '/'); s && rc == 0; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create directory %s for the audit log: %s", dir, strerror(errno));
			rc = -1;
		}
		*s = '/';
	}
	free(dir);
	return rc;
}

static int open_log(const char *path, char *err, size_t errlen)
{
	/* O_NONBLOCK: a FIFO put in the log's place must not hang the program (it is refused below). */
	int flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	int fd = open(path, flags, 0600);
	if (fd < 0 && errno == ENOENT) {
		if (make_parents(path, err, errlen) < 0)
			return -1;
		fd = open(path, flags, 0600);
	}
	if (fd < 0) {
		snprintf(err, errlen, "cannot open audit log %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "cannot open audit log %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	/* It tells who acted on what: it is kept from other users like a secret is. */
	if (conf_check_stat(&st, path, "audit log", err, errlen) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One write() of the whole line, so lines from concurrent writers never interleave. */
static int write_line(int fd, const struct strbuf *line, const char *path, char *err, size_t errlen)
{
	ssize_t n;
	do
		n = write(fd, line->buf, line->len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(err, errlen, "cannot write audit log %s: %s", path, strerror(errno));
		return -1;
	}
	if ((size_t)n != line->len) {
		snprintf(err, errlen, "cannot write audit log %s: only %zd of %zu bytes written", path, n,
		         line->len);
		return -1;
	}
	return 0;
}

int audit_append(const char *path, const struct audit_entry *e, char *err, size_t errlen)
{
	if (!path || !*path) {
		snprintf(err, errlen, "no audit log path: set HOME or XDG_STATE_HOME, or audit_log in the config file");
		return -1;
	}
	int fd = open_log(path, err, errlen);
	if (fd < 0)
		return -1;
	struct strbuf line = STRBUF_INIT;
	audit_format(&line, e, time(NULL));
	int rc = write_line(fd, &line, path, err, errlen);
	strbuf_free(&line);
	if (close(fd) != 0 && rc == 0) {
		snprintf(err, errlen, "cannot write audit log %s: %s", path, strerror(errno));
		rc = -1;
	}
	return rc;
}
