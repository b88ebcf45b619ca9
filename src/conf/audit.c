#include <config.h>   /* the build's; "config.h" here would be conf/config.h */

#include "conf/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conf/sources.h"
#include "util/i18n.h"
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

bool audit_is_off(const char *path)
{
	return path && strcmp(path, "off") == 0;
}

/* Creates each missing directory above path, private to the user. */
static int make_parents(const char *path, char *err, size_t errlen)
{
	char *dir = xstrdup(path);
	int rc = 0;

	for (char *s = strchr(dir + 1, '/'); s && rc == 0; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errlen, _("cannot create directory %s for the audit log: %s"), dir,
			         strerror(errno));
			rc = -1;
		}
		*s = '/';
	}
	free(dir);
	return rc;
}

/* The directory part of path: "." when it has none, "/" for a file at the root. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

/* Others who may write to the directory could put a file or a link in the log's place. */
static int check_dir(int dfd, const char *dir, char *err, size_t errlen)
{
	struct stat st;
	if (fstat(dfd, &st) != 0) {
		snprintf(err, errlen, _("cannot open the audit log's directory %s: %s"), dir, strerror(errno));
		return -1;
	}
	if (st.st_uid != geteuid())
		return conf_fail_owner(st.st_uid, dir, _("the audit log's directory"), err, errlen);
	if ((st.st_mode & 022) == 0)
		return 0;
	struct strbuf fix = STRBUF_INIT;
	strbuf_puts(&fix, "chmod go-w ");
	conf_shell_quote(&fix, dir);
	snprintf(err, errlen, _("the audit log's directory %s may be written by group or others (mode %04o), who "
	                        "could put a link in the log's place; make it yours alone: %s"), dir,
	         (unsigned)(st.st_mode & 07777), strbuf_cstr(&fix));
	strbuf_free(&fix);
	return -1;
}

/*
 * A directory above the log's own (OpenSSH's StrictModes, with /tmp's rule): it belongs to root or
 * to the user, and group and others may not write to it unless it is sticky, or they could rename
 * the directories below it and put their own in their place.
 */
static int check_ancestor(const char *path, const char *anc, char *err, size_t errlen)
{
	struct stat st;
	if (lstat(anc, &st) != 0)
		return 0;   /* gone meanwhile: opening the log's directory says why */
	if (st.st_uid != 0 && st.st_uid != geteuid())
		return conf_fail_owner(st.st_uid, anc, _("a directory above the audit log"), err, errlen);
	if ((st.st_mode & 022) == 0 || (st.st_mode & S_ISVTX))
		return 0;
	struct strbuf fix = STRBUF_INIT;
	strbuf_puts(&fix, "chmod go-w ");
	conf_shell_quote(&fix, anc);
	snprintf(err, errlen, _("audit log %s lies under %s, which group or others may write to (mode %04o) and "
	                        "could put a directory of their own in the log's way; make it not writable "
	                        "by them: %s"), path, anc, (unsigned)(st.st_mode & 07777), strbuf_cstr(&fix));
	strbuf_free(&fix);
	return -1;
}

/* Every directory from the one above the log's own (dir) up to /, links resolved. */
static int check_ancestors(const char *path, const char *dir, char *err, size_t errlen)
{
	char *anc = realpath(dir, NULL);
	int rc = 0;
	if (!anc)
		return 0;   /* opening the log's directory says why */
	while (rc == 0 && anc[1]) {
		char *slash = strrchr(anc, '/');
		slash[slash == anc ? 1 : 0] = '\0';
		rc = check_ancestor(path, anc, err, errlen);
	}
	free(anc);
	return rc;
}

/* The log's directory, opened without following a link; created 0700 when missing. */
static int open_dir(const char *path, const char *dir, char *err, size_t errlen)
{
	int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	int dfd = open(dir, flags);
	if (dfd < 0 && errno == ENOENT) {
		if (make_parents(path, err, errlen) < 0)
			return -1;
		dfd = open(dir, flags);
	}
	if (dfd < 0) {
		struct stat st;
		if (errno == ELOOP || (errno == ENOTDIR && lstat(dir, &st) == 0 && S_ISLNK(st.st_mode)))
			snprintf(err, errlen, _("the audit log's directory %s is a symbolic link, which flowgate "
			                        "does not follow; make it a directory of your own, or set audit_log "
			                        "to the real path"), dir);
		else
			snprintf(err, errlen, _("cannot open the audit log's directory %s: %s"), dir, strerror(errno));
		return -1;
	}
	if (check_dir(dfd, dir, err, errlen) < 0 || check_ancestors(path, dir, err, errlen) < 0) {
		close(dfd);
		return -1;
	}
	return dfd;
}

/* The log file in dfd, created 0600 when missing (then *created is set). */
static int open_file(int dfd, const char *leaf, bool *created)
{
	/* O_NONBLOCK: a FIFO put in the log's place must not hang the program (it is refused later). */
	int flags = O_RDWR | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW;
	*created = false;
	for (int i = 0; i < 2; i++) {
		int fd = openat(dfd, leaf, flags);
		if (fd >= 0 || errno != ENOENT)
			return fd;
		fd = openat(dfd, leaf, flags | O_CREAT | O_EXCL, 0600);
		if (fd >= 0 || errno != EEXIST) {
			*created = fd >= 0;
			return fd;
		}
	}
	return -1;
}

static void link_refused(const char *path, char *err, size_t errlen)
{
	struct strbuf fix = STRBUF_INIT;
	strbuf_puts(&fix, "rm ");
	conf_shell_quote(&fix, path);
	snprintf(err, errlen, _("audit log %s is a symbolic link, which flowgate does not follow; remove it "
	                        "and flowgate creates the log: %s"), path, strbuf_cstr(&fix));
	strbuf_free(&fix);
}

/*
 * Why the log (leaf in dfd) could not be opened, from errno. Permission denied most often means
 * another user's log: its owner and mode tell, and the message gives the fix.
 */
static void open_refused(int dfd, const char *leaf, const char *path, char *err, size_t errlen)
{
	int e = errno;
	struct stat st;

	if (e == ELOOP) {
		link_refused(path, err, errlen);
		return;
	}
	if (e == EACCES && fstatat(dfd, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    conf_check_stat(&st, CONF_OWNER_USER, path, _("audit log"), err, errlen) < 0)
		return;
	snprintf(err, errlen, _("cannot open audit log %s: %s"), path, strerror(e));
}

static int open_log(const char *path, char *err, size_t errlen)
{
	char *dir = dir_of(path);
	const char *leaf = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int dfd = open_dir(path, dir, err, errlen), fd = -1;
	bool created;
	free(dir);
	if (dfd < 0)
		return -1;
	fd = open_file(dfd, *leaf ? leaf : ".", &created);
	if (fd < 0)
		open_refused(dfd, *leaf ? leaf : ".", path, err, errlen);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) != 0) {
		snprintf(err, errlen, _("cannot open audit log %s: %s"), path, strerror(errno));
		close(fd);
		fd = -1;
	}
	/* It tells who acted on what: it is kept from other users like a secret is. */
	if (fd >= 0 && conf_check_stat(&st, CONF_OWNER_USER, path, _("audit log"), err, errlen) < 0) {
		close(fd);
		fd = -1;
	}
	/* A new name in the directory lasts only once the directory is synced too. */
	if (fd >= 0 && created && fsync(dfd) != 0) {
		snprintf(err, errlen, _("cannot write audit log %s: %s"), path, strerror(errno));
		close(fd);
		fd = -1;
	}
	close(dfd);
	return fd;
}

/* Whether the log ends inside a line (left torn by a crash), so the next line must start afresh. */
static bool ends_torn(int fd, off_t size)
{
	char last;
	return size > 0 && pread(fd, &last, 1, size - 1) == 1 && last != '\n';
}

/*
 * One write() of the whole line, so lines from concurrent writers never interleave, then fsync,
 * so the line outlasts a crash. The lock makes the size before the write the place to cut back
 * to, should the write or the sync fail: no torn line is left behind.
 */
static int write_line(int fd, const struct strbuf *line, const char *path, char *err, size_t errlen)
{
	struct stat st;
	while (flock(fd, LOCK_EX) != 0)
		if (errno != EINTR)
			goto fail;
	if (fstat(fd, &st) != 0)
		goto fail;
	/* line starts with a newline, written only to end a torn line before it. */
	size_t skip = ends_torn(fd, st.st_size) ? 0 : 1, len = line->len - skip;
	ssize_t n;
	do
		n = write(fd, line->buf + skip, len);
	while (n < 0 && errno == EINTR);
	if (n >= 0 && (size_t)n != len) {
		if (ftruncate(fd, st.st_size) == 0)
			snprintf(err, errlen, _("cannot write audit log %s: only %zd of %zu bytes fit (the disk, or "
			                        "the file size limit, is full); the partial line was removed"),
			         path, n, len);
		else
			snprintf(err, errlen, _("cannot write audit log %s: only %zd of %zu bytes fit, and the partial "
			                        "line could not be removed: %s"), path, n, len, strerror(errno));
		return -1;
	}
	if (n < 0 || fsync(fd) != 0) {
		int e = errno;
		if (n > 0 && ftruncate(fd, st.st_size) == 0)
			fsync(fd);
		errno = e;
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, _("cannot write audit log %s: %s"), path, strerror(errno));
	return -1;
}

int audit_append(const char *path, const struct audit_entry *e, char *err, size_t errlen)
{
	if (!path || !*path) {
		snprintf(err, errlen, "%s",
		         _("no audit log path: set HOME or XDG_STATE_HOME, or audit_log in the config file"));
		return -1;
	}
	if (audit_is_off(path)) {
		snprintf(err, errlen, "%s", _("the audit log is off (audit_log = off): there is nothing to write to"));
		return -1;
	}
	int fd = open_log(path, err, errlen);
	if (fd < 0)
		return -1;
	struct strbuf line = STRBUF_INIT;
	strbuf_putc(&line, '\n');
	audit_format(&line, e, time(NULL));
	int rc = write_line(fd, &line, path, err, errlen);
	strbuf_free(&line);
	if (close(fd) != 0 && rc == 0) {
		snprintf(err, errlen, _("cannot write audit log %s: %s"), path, strerror(errno));
		rc = -1;
	}
	return rc;
}
