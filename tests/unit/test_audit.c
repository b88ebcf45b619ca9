#include "config.h"

#include "conf/audit.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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

int main(void)
{
	test_default_path();
	test_one_line();
	test_absent_values();
	test_appends();
	test_hostile_strings();
	test_errors();
	fixture_cleanup();
	return tap_done();
}
