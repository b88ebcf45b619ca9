#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/url.h"

#include "../tap.h"

/* Parses url; on success "pid/run", else "refused: <reason>". */
static char *parsed(const char *url)
{
	static char out[512];
	char err[256] = "";
	int64_t p = -7, r = -7;
	if (flow_url_parse(url, &p, &r, err, sizeof(err)) != 0) {
		snprintf(out, sizeof(out), "refused: %s", err);
		return out;
	}
	snprintf(out, sizeof(out), "%lld/%lld", (long long)p, (long long)r);
	return out;
}

static bool refused(const char *url)
{
	return strncmp(parsed(url), "refused: ", 9) == 0;
}

static void test_parse_links(void)
{
	is_str(parsed("https://flow.aliyun.com/pipelines/2837461/builds/148"), "2837461/148",
	       "a run link gives the pipeline and the run");
	is_str(parsed("https://flow.aliyun.com/pipelines/2837461/current"), "2837461/0",
	       "a .../current link gives the pipeline and run 0");
	is_str(parsed("https://devops.example.cn:8443/pipelines/5/builds/6"), "5/6",
	       "any host, with a port, is accepted");
	is_str(parsed("http://127.0.0.1:8080/pipelines/5/builds/6"), "5/6", "http links are accepted too");
	is_str(parsed("HTTPS://flow.aliyun.com/pipelines/5/builds/6"), "5/6", "the scheme is matched without case");
	is_str(parsed("https://[::1]:8080/pipelines/5/current"), "5/0", "an IPv6 host is accepted");
	is_str(parsed("https://flow.aliyun.com/pipelines/5/builds/6/"), "5/6", "a trailing slash is allowed");
	is_str(parsed("https://flow.aliyun.com/pipelines/5/builds/6?tab=log&x=/pipelines/9"), "5/6",
	       "a query is ignored, slashes in it too");
	is_str(parsed("https://flow.aliyun.com/pipelines/5/current/#/stage/2"), "5/0",
	       "a fragment is ignored");
	is_str(parsed("https://flow.aliyun.com/pipelines/9223372036854775807/builds/1"), "9223372036854775807/1",
	       "the largest int64 id is read exactly");
}

static void test_refuse_hostile_links(void)
{
	static const struct {
		const char *url, *what;
	} bad[] = {
		{ "", "an empty link" },
		{ "flow.aliyun.com/pipelines/5/builds/6", "no scheme" },
		{ "ftp://flow.aliyun.com/pipelines/5/builds/6", "ftp" },
		{ "javascript:alert(1)//pipelines/5/builds/6", "javascript:" },
		{ "file:///pipelines/5/builds/6", "file:" },
		{ "https:///pipelines/5/builds/6", "no host" },
		{ "https://user@flow.aliyun.com/pipelines/5/builds/6", "user info before the host" },
		{ "https://flow.aliyun.com@evil.example/pipelines/5/builds/6", "a host hidden behind user info" },
		{ "https://flow.aliyun.com:/pipelines/5/builds/6", "an empty port" },
		{ "https://flow.aliyun.com:80a/pipelines/5/builds/6", "a port that is not a number" },
		{ "https://flow_aliyun.com/pipelines/5/builds/6", "an underscore in the host" },
		{ "https://flow.aliyun.com", "no path" },
		{ "https://flow.aliyun.com/", "the root path" },
		{ "https://flow.aliyun.com/pipelines", "no pipeline id" },
		{ "https://flow.aliyun.com/pipelines/5", "no run part" },
		{ "https://flow.aliyun.com/pipelines/5/builds", "builds without a run id" },
		{ "https://flow.aliyun.com/pipelines/5/builds/", "builds/ with an empty run id" },
		{ "https://flow.aliyun.com/pipelines/5/builds/6/log", "an extra segment after the run" },
		{ "https://flow.aliyun.com/pipelines/5/builds/6//", "an empty segment at the end" },
		{ "https://flow.aliyun.com/pipelines//5/builds/6", "an empty segment inside" },
		{ "https://flow.aliyun.com/x/pipelines/5/builds/6", "a path prefix" },
		{ "https://flow.aliyun.com/pipelines/5/runs/6", "runs instead of builds" },
		{ "https://flow.aliyun.com/pipelines/5/currentx", "current with more letters" },
		{ "https://flow.aliyun.com/Pipelines/5/builds/6", "Pipelines with a capital" },
		{ "https://flow.aliyun.com/pipelines/0/builds/6", "pipeline id 0" },
		{ "https://flow.aliyun.com/pipelines/5/builds/0", "run id 0" },
		{ "https://flow.aliyun.com/pipelines/-5/builds/6", "a negative pipeline id" },
		{ "https://flow.aliyun.com/pipelines/+5/builds/6", "a plus sign" },
		{ "https://flow.aliyun.com/pipelines/0x10/builds/6", "a hex id" },
		{ "https://flow.aliyun.com/pipelines/1e3/builds/6", "an exponent" },
		{ "https://flow.aliyun.com/pipelines/%35/builds/6", "a percent-encoded digit" },
		{ "https://flow.aliyun.com/pipelines/5/builds/9223372036854775808", "a run id past int64" },
		{ "https://flow.aliyun.com/pipelines/5/builds/99999999999999999999999999999999999999", "a run id of 38 digits" },
		{ "https://flow.aliyun.com/pipelines/5/builds/6 ", "a trailing space" },
		{ " https://flow.aliyun.com/pipelines/5/builds/6", "a leading space" },
		{ "https://flow.aliyun.com/pipelines/5/builds/6\n", "a trailing newline" },
		{ "https://flow.aliyun.com/pipelines/5/builds/6\x1b[2J", "an escape sequence" },
		{ "https://flow.aliyun.com/pipelines/５/builds/6", "a fullwidth digit" },
		{ "https://flow.aliyun.com/pipelines/5/builds/6/../7", "a dot-dot segment" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(refused(bad[i].url), "refused: %s", bad[i].what);
	ok(refused(NULL), "a NULL link is refused");
	ok(strstr(parsed("ftp://h/pipelines/5/builds/6"), "https://") != NULL, "another scheme: the reason says https://");
	ok(strstr(parsed("https://h/pipelines/x/builds/6"), "pipeline id") != NULL, "a junk pipeline id is named as such");
	ok(strstr(parsed("https://h/pipelines/5/builds/x"), "run id") != NULL, "a junk run id is named as such");
	ok(strstr(parsed("https://h/pipelines/5/builds/6/x"), "/pipelines/ID/builds/ID") != NULL,
	   "an extra segment: the reason shows the shape of a run link");

	char *huge = malloc(5000);
	memset(huge, '1', 4999);
	huge[4999] = '\0';
	memcpy(huge, "https://h/pipelines/", 20);
	ok(strstr(parsed(huge), "longer than") != NULL, "a link of thousands of characters is refused as too long");
	free(huge);

	int64_t p = 41, r = 42;
	flow_url_parse("https://h/pipelines/5/builds/x", &p, &r, NULL, 0);
	ok(p == 41 && r == 42, "a refused link leaves the ids as they were (and needs no error buffer)");
}

static void test_links_of_runs(void)
{
	char *s;
	is_str(s = flow_url_of_run(NULL, 2837461, 148), "https://flow.aliyun.com/pipelines/2837461/builds/148",
	       "the default base is flow.aliyun.com");
	free(s);
	is_str(s = flow_url_of_run("", 5, 0), "https://flow.aliyun.com/pipelines/5/current",
	       "run 0 links the pipeline's newest run");
	free(s);
	is_str(s = flow_url_of_run("https://devops.example.cn//", 5, 6), "https://devops.example.cn/pipelines/5/builds/6",
	       "trailing slashes of the base are dropped");
	free(s);
	ok(flow_url_of_run(NULL, 0, 6) == NULL, "no link for pipeline 0");
	ok(flow_url_of_run(NULL, 5, -1) == NULL, "no link for a negative run");

	int64_t p = 0, r = 0;
	s = flow_url_of_run("http://127.0.0.1:9", INT64_MAX, INT64_MAX);
	ok(flow_url_parse(s, &p, &r, NULL, 0) == 0 && p == INT64_MAX && r == INT64_MAX,
	   "a link built is parsed back to the same ids");
	free(s);
}

int main(void)
{
	test_parse_links();
	test_refuse_hostile_links();
	test_links_of_runs();
	return tap_done();
}
