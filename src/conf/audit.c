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
	for (size_t left = strlen(s); left > 0;) {
		uint32_t cp;
		bool ok;
		size_t n = text_utf8_decode(s, left, &cp, &ok);
		if (!ok) {
			/* Byte by byte, so each bad byte is one U+FFFD. */
			strbuf_puts(sb, "\\ufffd");
			n = 1;
		} else if (cp < 0x80) {
			json_ascii(sb, (unsigned char)cp);
		} else if (needs_escape(cp)) {
			strbuf_printf(sb, "\\u%04x", (unsigned)cp);
		} else {
			strbuf_append(sb, s, n);
		}
		s += n;
		left -= n;
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
	put_str(sb, "attempt", e->attempt);
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
