#include "config.h"

#include "conf/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "../tap.h"
#include "conf_fixture.h"

static char err[1024];

static struct audit_entry sample(void)
{
	return (struct audit_entry){
		.action = "refuse",
		.key_id = "LTAI****abcd",
		.endpoint = "https://devops.cn-hangzhou.aliyuncs.com",
		.org = "5f0e1c2d3b4a",
		.pipeline = 123456,
		.run = 42,
		.job = "job-7",
		.job_name = "人工卡点",
		.http_status = 200,
		.error_code = "Pipeline.NotFound",
		.request_id = "A1B2-C3D4",
		.outcome = "ok",
		.attempt = "0123456789abcdef",
		.via = "console",
	};
}

/* The whole file, NUL-terminated; the caller frees it. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = calloc(1, 65536);
	size_t n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int count_lines(const char *text)
{
	int n = 0;
	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/* The n-th line (from 0) of the file, parsed. */
static cJSON *parse_line(const char *path, int n)
{
	char *text = slurp(path);
	if (!text)
		return NULL;
	char *line = text;
	for (int i = 0; i < n && line; i++) {
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	cJSON *json = NULL;
	if (line) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		json = cJSON_Parse(line);
	}
	free(text);
	return json;
}

static const char *text_of(const cJSON *obj, const char *name)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

static int same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static double number_of(const cJSON *obj, const char *name)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsNumber(item) ? item->valuedouble : -1;
}

static int is_null(const cJSON *obj, const char *name)
{
	return cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(obj, name));
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_mode & 07777 : 0;
}

static void test_default_path(void)
{
	fixture_fresh_home();
	char *got = audit_default_path();
	char *want = fixture_path(".local/state/flowgate/audit.log");
	is_str(got, want, "the audit log defaults to ~/.local/state/flowgate/audit.log");
	free(got);
	free(want);

	want = fixture_path("state/flowgate/audit.log");
	char *xdg = fixture_path("state");
	setenv("XDG_STATE_HOME", xdg, 1);
	got = audit_default_path();
	is_str(got, want, "XDG_STATE_HOME places the audit log");
	free(got);
	free(want);
	free(xdg);

	setenv("XDG_STATE_HOME", "state", 1);
	got = audit_default_path();
	want = fixture_path(".local/state/flowgate/audit.log");
	is_str(got, want, "a relative XDG_STATE_HOME is ignored");
	free(got);
	free(want);
}

static void test_one_line(void)
{
	fixture_fresh_home();
	char *path = audit_default_path();
	struct audit_entry e = sample();
	time_t before = time(NULL);

	is_int(audit_append(path, &e, err, sizeof(err)), 0, "an entry is appended");
	char *text = slurp(path);
	is_int(count_lines(text), 1, "one call writes one line");
	ok(text && text[strlen(text) - 1] == '\n', "the line ends with a newline");
	free(text);

	cJSON *j = parse_line(path, 0);
	ok(cJSON_IsObject(j), "the line is a JSON object");
	const char *t = text_of(j, "time");
	struct tm tm = { 0 };
	const char *end = t ? strptime(t, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
	ok(end && *end == '\0', "time is an ISO 8601 UTC timestamp");
	time_t stamp = end ? timegm(&tm) : 0;
	ok(stamp >= before && stamp <= time(NULL), "time is the moment of the call, in UTC");
	is_str(text_of(j, "action"), "refuse", "action is written");
	is_str(text_of(j, "via"), "console", "via is written");
	is_str(text_of(j, "keyId"), "LTAI****abcd", "keyId is written");
	is_str(text_of(j, "endpoint"), e.endpoint, "endpoint is written");
	is_str(text_of(j, "org"), "5f0e1c2d3b4a", "org is written");
	ok(number_of(j, "pipeline") == 123456, "pipeline is written as a number");
	ok(number_of(j, "run") == 42, "run is written as a number");
	is_str(text_of(j, "job"), "job-7", "job is written");
	is_str(text_of(j, "jobName"), "人工卡点", "jobName keeps its UTF-8 text");
	ok(number_of(j, "httpStatus") == 200, "httpStatus is written as a number");
	is_str(text_of(j, "errorCode"), "Pipeline.NotFound", "errorCode is written");
	is_str(text_of(j, "requestId"), "A1B2-C3D4", "requestId is written");
	is_str(text_of(j, "outcome"), "ok", "outcome is written");
	is_str(text_of(j, "attempt"), "0123456789abcdef", "the attempt id is written");
	is_int(cJSON_GetArraySize(j), 15, "the line has exactly the fifteen fields");
	cJSON_Delete(j);

	char *dir = fixture_path(".local/state/flowgate");
	is_int(mode_of(dir), 0700, "the log's directory is created 0700");
	free(dir);
	dir = fixture_path(".local");
	is_int(mode_of(dir), 0700, "each missing parent directory is created 0700");
	free(dir);
	is_int(mode_of(path), 0600, "the log is created 0600");
	free(path);
}

static void test_absent_values(void)
{
	fixture_fresh_home();
	char *path = audit_default_path();
	struct audit_entry e = sample();
	e.job_name = NULL;
	e.http_status = 0;
	e.error_code = NULL;
	e.request_id = "";
	e.outcome = "network-error";
	audit_append(path, &e, err, sizeof(err));
	cJSON *j = parse_line(path, 0);
	ok(is_null(j, "jobName"), "an unknown jobName is null");
	ok(is_null(j, "httpStatus"), "no answer gives a null httpStatus");
	ok(is_null(j, "errorCode"), "no error code is null");
	ok(is_null(j, "requestId"), "an empty requestId is null");
	is_str(text_of(j, "outcome"), "network-error", "the outcome of a failed attempt is written");
	cJSON_Delete(j);
	free(path);
}

static void test_appends(void)
{
	fixture_fresh_home();
	char *path = audit_default_path();
	struct audit_entry e = sample();
	audit_append(path, &e, err, sizeof(err));
	e.action = "pass";
	e.job = "job-8";
	is_int(audit_append(path, &e, err, sizeof(err)), 0, "a second entry is appended");
	char *text = slurp(path);
	is_int(count_lines(text), 2, "two calls give two lines");
	free(text);
	cJSON *first = parse_line(path, 0), *second = parse_line(path, 1);
	is_str(text_of(first, "action"), "refuse", "the first line is kept");
	is_str(text_of(second, "job"), "job-8", "the second line comes after it");
	cJSON_Delete(first);
	cJSON_Delete(second);
	is_int(mode_of(path), 0600, "appending keeps the log 0600");
	free(path);
}

static void test_hostile_strings(void)
{
	static const struct {
		const char *in, *out, *name;
	} cases[] = {
		{ "a\"b\\c", "a\"b\\c", "quotes and backslashes round-trip" },
		{ "one\ntwo\rthree\tfour", "one\ntwo\rthree\tfour", "newlines and tabs round-trip inside one line" },
		{ "\x1b[2J\x07\x7f", "\x1b[2J\x07\x7f", "escape, bell and DEL round-trip" },
		{ "c1\xc2\x9b" "x", "c1\xc2\x9b" "x", "a C1 control round-trips" },
		{ "rlo\xe2\x80\xae" "lri\xe2\x81\xa6" "alm\xd8\x9c", "rlo\xe2\x80\xae" "lri\xe2\x81\xa6" "alm\xd8\x9c",
		  "bidi overrides and isolates round-trip" },
		{ "ls\xe2\x80\xa8" "ps\xe2\x80\xa9", "ls\xe2\x80\xa8" "ps\xe2\x80\xa9", "line and paragraph separators round-trip" },
		{ "bad\xff" "byte", "bad\xef\xbf\xbd" "byte", "an invalid byte becomes U+FFFD" },
		{ "cut\xe4\xba", "cut\xef\xbf\xbd\xef\xbf\xbd", "a cut-short sequence becomes U+FFFD" },
		{ "over\xc0\xaf", "over\xef\xbf\xbd\xef\xbf\xbd", "an overlong form becomes U+FFFD" },
		{ "sur\xed\xa0\x80", "sur\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "a UTF-16 surrogate becomes U+FFFD" },
		{ "big\xf4\x90\x80\x80", "big\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
		  "a code point past U+10FFFF becomes U+FFFD" },
		{ "\xf0\x9f\x9a\x80 阶段", "\xf0\x9f\x9a\x80 阶段", "four-byte and CJK characters are kept" },
	};

	fixture_fresh_home();
	char *path = audit_default_path();
	int n = (int)(sizeof(cases) / sizeof(cases[0]));
	for (int i = 0; i < n; i++) {
		struct audit_entry e = sample();
		e.job_name = cases[i].in;
		e.error_code = cases[i].in;
		audit_append(path, &e, err, sizeof(err));
	}
	char *text = slurp(path);
	is_int(count_lines(text), n, "each hostile entry stays on one line");
	int raw_controls = 0;
	for (const unsigned char *p = (const unsigned char *)text; p && *p; p++)
		raw_controls += (*p < 0x20 && *p != '\n') || *p == 0x7f;
	is_int(raw_controls, 0, "no raw control character reaches the file");
	ok(!strstr(text, "\xc2\x9b"), "no raw C1 control reaches the file");
	ok(!strstr(text, "\xe2\x80\xae") && !strstr(text, "\xe2\x81\xa6") && !strstr(text, "\xd8\x9c"),
	   "no raw bidi control reaches the file");
	ok(!strstr(text, "\xe2\x80\xa8") && !strstr(text, "\xe2\x80\xa9"), "no raw line separator reaches the file");
	free(text);
	for (int i = 0; i < n; i++) {
		cJSON *j = parse_line(path, i);
		ok(same(text_of(j, "jobName"), cases[i].out) && same(text_of(j, "errorCode"), cases[i].out), "%s",
		   cases[i].name);
		cJSON_Delete(j);
	}
	free(path);
}

static void test_errors(void)
{
	char want[1024];
	struct audit_entry e = sample();

	fixture_fresh_home();
	char *file = fixture_write("plain", 0600, "");
	char *path = fixture_path("plain/flowgate/audit.log");
	ok(audit_append(path, &e, err, sizeof(err)) == -1, "a log under a regular file cannot be written");
	ok(strstr(err, fixture_home) && strstr(err, "Not a directory"), "the error names the path and the reason");
	free(path);
	free(file);

	path = fixture_path("adir");
	mkdir(path, 0700);
	ok(audit_append(path, &e, err, sizeof(err)) == -1 && strstr(err, path), "a log path that is a directory is an error");
	free(path);

	path = fixture_write("shared/audit.log", 0644, "old\n");
	ok(audit_append(path, &e, err, sizeof(err)) == -1, "an existing log others can read is refused");
	snprintf(want, sizeof(want), "chmod 600 %s", path);
	ok(strstr(err, want) != NULL, "the refusal gives the chmod fix");
	char *text = slurp(path);
	is_str(text, "old\n", "nothing is appended to a log others can read");
	free(text);
	free(path);

	ok(audit_append(NULL, &e, err, sizeof(err)) == -1 && err[0], "no path is an error, not a crash");
}

#define NOBODY 65534       /* the uid and gid of nobody on Debian */
#define PLANTED "ssh-ed25519 AAAA... victim@host\n"

static void skip(const char *name, const char *why)
{
	printf("ok %d - %s # SKIP %s\n", ++tap_n, name, why);
	fflush(stdout);
}

static int appends(const char *path)
{
	struct audit_entry e = sample();
	err[0] = '\0';
	return audit_append(path, &e, err, sizeof(err)) == 0;
}

static int file_is(const char *path, const char *want)
{
	char *text = slurp(path);
	int same_text = text && strcmp(text, want) == 0;
	free(text);
	return same_text;
}

static void test_symlinks(void)
{
	fixture_fresh_home();
	char *victim = fixture_write("victim/authorized_keys", 0600, PLANTED);
	char *dir = fixture_path("state");
	mkdir(dir, 0700);
	char *path = fixture_path("state/audit.log");
	symlink(victim, path);
	ok(!appends(path), "a symbolic link planted at the log's path is refused");
	ok(strstr(err, path) && strstr(err, "symbolic link"), "the refusal names the path and says it is a link");
	char want[1024];
	snprintf(want, sizeof(want), "rm %s", path);
	ok(strstr(err, want) != NULL, "the refusal gives the command that removes the link");
	ok(file_is(victim, PLANTED), "the link's target is left untouched");
	free(path);
	free(dir);

	char *real = fixture_path("victim");
	char *linked = fixture_path("linked");
	symlink(real, linked);
	path = fixture_path("linked/authorized_keys");
	ok(!appends(path), "a symbolic link planted at the log's directory is refused");
	ok(strstr(err, linked) && strstr(err, "symbolic link"), "the refusal names the directory");
	ok(file_is(victim, PLANTED), "the file in the linked directory is left untouched");
	free(path);
	path = fixture_path("linked/audit.log");
	ok(!appends(path) && access(path, F_OK) != 0, "no new log is created through a linked directory");
	free(path);
	free(linked);
	free(real);
	free(victim);
}

static void test_modes(void)
{
	char want[1024];

	fixture_fresh_home();
	char *path = fixture_write("state/audit.log", 0620, "old\n");
	ok(!appends(path), "a log the group may write is refused");
	snprintf(want, sizeof(want), "chmod 600 %s", path);
	ok(strstr(err, want) != NULL, "the refusal gives the chmod fix for the file");
	ok(file_is(path, "old\n"), "nothing is appended to a log the group may write");
	chmod(path, 0600);

	char *dir = fixture_path("state");
	chmod(dir, 0777);
	ok(!appends(path), "a log in a world-writable directory is refused");
	snprintf(want, sizeof(want), "chmod go-w %s", dir);
	ok(strstr(err, want) != NULL, "the refusal gives the chmod fix for the directory");
	chmod(dir, 0770);
	ok(!appends(path), "a log in a group-writable directory is refused");
	ok(file_is(path, "old\n"), "nothing is appended in a directory others may write");
	chmod(dir, 0755);
	ok(appends(path), "a directory others may only read is fine");
	free(dir);
	free(path);
}

static void test_foreign_owner(void)
{
	const char *name = "a log owned by another user is refused";
	if (geteuid() != 0) {
		skip(name, "needs root to give a file to another user");
		return;
	}
	fixture_fresh_home();
	char *path = fixture_write("state/audit.log", 0600, "theirs\n");
	if (chown(path, NOBODY, NOBODY) != 0) {
		skip(name, "chown to nobody failed");
		free(path);
		return;
	}
	char want[1024];
	ok(!appends(path), "%s", name);
	snprintf(want, sizeof(want), "chown root %s", path);
	ok(strstr(err, want) != NULL, "the refusal gives the chown fix");
	ok(file_is(path, "theirs\n"), "nothing is appended to another user's log");
	unlink(path);

	char *dir = fixture_path("state");
	chown(dir, NOBODY, NOBODY);
	ok(!appends(path), "a log in a directory owned by another user is refused");
	snprintf(want, sizeof(want), "chown root %s", dir);
	ok(strstr(err, want) != NULL, "the refusal gives the chown fix for the directory");
	ok(access(path, F_OK) != 0, "no log is created in another user's directory");
	free(dir);
	free(path);
}

/* Runs audit_append(path) in a child made ready by prepare; its result, with its message in err. */
static int appends_in_child(const char *path, void (*prepare)(void))
{
	int fds[2];
	if (pipe(fds) != 0)
		exit(99);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		prepare();
		int done = appends(path);
		if (write(fds[1], err, strlen(err) + 1) < 0)
			_exit(99);
		_exit(done ? 0 : 1);
	}
	close(fds[1]);
	memset(err, 0, sizeof(err));
	size_t n = 0;
	ssize_t r;
	while (n < sizeof(err) - 1 && (r = read(fds[0], err + n, sizeof(err) - 1 - n)) > 0)
		n += (size_t)r;
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

#define OLD_LINE "{\"outcome\":\"ok\"}\n"

/* The disk is full a few bytes after the end of the log (file size limit; SIGXFSZ ignored). */
static void prepare_nearly_full(void)
{
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit lim = { sizeof(OLD_LINE) - 1 + 10, sizeof(OLD_LINE) - 1 + 10 };
	setrlimit(RLIMIT_FSIZE, &lim);
}

static void prepare_full(void)
{
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit lim = { sizeof(OLD_LINE) - 1, sizeof(OLD_LINE) - 1 };
	setrlimit(RLIMIT_FSIZE, &lim);
}

static void prepare_no_fds(void)
{
	struct rlimit lim = { 16, 16 };
	setrlimit(RLIMIT_NOFILE, &lim);
	while (open("/dev/null", O_RDONLY) >= 0)
		continue;
}

static void prepare_nobody(void)
{
	if (setgid(NOBODY) != 0 || setuid(NOBODY) != 0)
		_exit(98);
}

static void test_full_disk(void)
{
	fixture_fresh_home();
	char *path = fixture_write("state/audit.log", 0600, OLD_LINE);
	ok(!appends_in_child(path, prepare_nearly_full), "a line that does not fit is an error");
	ok(strstr(err, path) && strstr(err, "only 10 of"), "the error names the log and says the line was cut short");
	ok(strstr(err, "removed") != NULL, "the error says the partial line was removed");
	ok(file_is(path, OLD_LINE), "no torn line survives: the log is as it was");

	ok(!appends_in_child(path, prepare_full), "a log that cannot grow at all is an error");
	ok(strstr(err, path) && strstr(err, strerror(EFBIG)), "the error says why and where");
	ok(file_is(path, OLD_LINE), "the log is as it was");

	ok(appends(path), "once there is room again the line is appended");
	cJSON *j = parse_line(path, 1);
	ok(cJSON_IsObject(j), "and it is whole, on a line of its own");
	cJSON_Delete(j);
	free(path);
}

static void test_no_fds(void)
{
	fixture_fresh_home();
	char *path = fixture_path("state/audit.log");
	ok(!appends_in_child(path, prepare_no_fds), "no file descriptor left is an error");
	ok(strstr(err, "state") && strstr(err, strerror(EMFILE)), "the error says why and where");
	free(path);
}

static void test_read_only_dir(void)
{
	fixture_fresh_home();
	char *dir = fixture_path("ro");
	char *path = fixture_path("ro/audit.log");
	mkdir(dir, 0500);
	int done;
	if (geteuid() == 0) {
		/* root writes anywhere: the directory and the writer become nobody's. */
		chmod(fixture_home, 0711);
		chown(dir, NOBODY, NOBODY);
		done = appends_in_child(path, prepare_nobody);
	} else {
		done = appends(path);
	}
	ok(!done, "a log in a read-only directory is an error");
	ok(strstr(err, path) && strstr(err, strerror(EACCES)), "the error says why and where");
	ok(access(path, F_OK) != 0, "no log appears");
	free(path);
	free(dir);
}

/* Run as nobody against a log root keeps in nobody's directory: the message names the owner. */
static void test_log_of_root(void)
{
	const char *name = "a log of another user that cannot even be opened says whose it is";
	if (geteuid() != 0) {
		skip(name, "needs root to run as nobody");
		return;
	}
	static const mode_t modes[] = { 0600, 0644 };
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		fixture_fresh_home();
		chmod(fixture_home, 0711);
		char *path = fixture_write("state/audit.log", modes[i], "root's\n");
		char *dir = fixture_path("state");
		chown(dir, NOBODY, NOBODY);
		char want[1024];
		ok(!appends_in_child(path, prepare_nobody), "%s (mode %04o)", name, (unsigned)modes[i]);
		ok(strstr(err, path) && strstr(err, "belongs to root"), "it names the log and its owner: %s", err);
		snprintf(want, sizeof(want), "chown nobody %s", path);
		ok(strstr(err, want) != NULL, "and gives the chown fix");
		ok(strstr(err, "Permission denied") == NULL, "not a bare permission error");
		ok(file_is(path, "root's\n"), "nothing is appended");
		free(dir);
		free(path);
	}
}

/* Every directory above the log's, up to /, is checked too. */
static void test_ancestors(void)
{
	char want[1024];

	fixture_fresh_home();
	char *path = fixture_write("ww/mine/audit.log", 0600, "old\n");
	char *ww = fixture_path("ww");
	chmod(ww, 0777);
	ok(!appends(path), "a log below a directory everyone may write to is refused");
	snprintf(want, sizeof(want), "chmod go-w %s", ww);
	ok(strstr(err, path) && strstr(err, want), "the refusal names the log and gives the fix for that directory");
	ok(file_is(path, "old\n"), "nothing is appended");
	chmod(ww, 0770);
	ok(!appends(path), "so is one below a directory the group may write to");
	chmod(ww, 01777);
	ok(appends(path), "a sticky directory, like /tmp, is fine: others cannot rename what is ours");
	chmod(ww, 0755);
	ok(appends(path), "and so is one only its owner may write to");
	if (geteuid() == 0 && chown(ww, NOBODY, NOBODY) == 0) {
		ok(!appends(path), "a log below a directory of another user is refused");
		snprintf(want, sizeof(want), "chown root %s", ww);
		ok(strstr(err, want) != NULL, "the refusal gives the chown fix for it");
	} else {
		skip("a log below a directory of another user is refused", "needs root to give it away");
		skip("the refusal gives the chown fix for it", "needs root to give it away");
	}
	free(ww);
	free(path);
}

static void test_torn_line_before(void)
{
	fixture_fresh_home();
	char *path = fixture_write("state/audit.log", 0600, "{\"outcome\":\"sen");
	ok(appends(path), "a log that ends inside a line is appended to");
	char *text = slurp(path);
	ok(text && strncmp(text, "{\"outcome\":\"sen\n{", 16) == 0, "the new line starts on a line of its own");
	free(text);
	cJSON *j = parse_line(path, 1);
	is_str(text_of(j, "outcome"), "ok", "the new line is whole");
	cJSON_Delete(j);
	free(path);
}

static void test_off(void)
{
	fixture_fresh_home();
	ok(audit_is_off("off"), "\"off\" turns the log off");
	ok(!audit_is_off("./off") && !audit_is_off("Off.log") && !audit_is_off(NULL), "only \"off\" itself does");
	if (chdir(fixture_home) != 0)
		exit(99);
	ok(!appends("off") && strstr(err, "audit_log = off"), "audit_append refuses to write to \"off\"");
	ok(access("off", F_OK) != 0, "no file named off is created");
}

int main(void)
{
	test_default_path();
	test_one_line();
	test_absent_values();
	test_appends();
	test_hostile_strings();
	test_errors();
	test_symlinks();
	test_modes();
	test_foreign_owner();
	test_full_disk();
	test_no_fds();
	test_read_only_dir();
	test_log_of_root();
	test_ancestors();
	test_torn_line_before();
	test_off();
	fixture_cleanup();
	return tap_done();
}
