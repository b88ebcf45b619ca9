#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/api.h"
#include "flow/errors.h"
#include "util/text.h"

#include "../tap.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The error table of the RefusePipelineValidate page, copied line for line as the page text
 * gives it: status, code, English and Chinese run together with no separator.
 */
static const char *const seed_rows[] = {
	"400InvalidCluster.NotFoundNo cluster is available to generate the workspace.没有可用的集群,无法创建工作空间",
	"400InvalidCodeUrl.NotSupportSVNThe parameter codeUrl is invalid. SVN is not supported.参数错误,不支持svn",
	"400InvalidParam.ParamNotPresentThe parameter is invalid.参数有误,请检查参数",
	"400InvalidResource.NotFoundNo resource is found. You cannot create the workspace. Please try again later.没有资源,无法创建工作空间,请稍后尝试",
	"400InvalidResourceRole.NotFounThe member role is invalid.无效的成员角色,请检查参数",
	"400InvalidResourceRole.NotFoundThe member role is invalid.无效的成员角色,请检查参数",
	"400InvalidUser.NotFoundThe user that is invoking the API service is not a registered user.调用 API 的用户,未注册为云效用户",
	"400InvalidUser.ResourceMemberCouldNotDeleteOwnerResource owner cannot be deleted.无法删除资源owner",
	"400InvalidUser.ResourceMemberNotExistsThe resource member does not exist.该资源成员不存在,请检查参数",
	"400InvalidUser.UserNotInCurrentOrganizationThe user is not in the organization.当前用户不在该企业中",
	"400InvalidWorkspaceStatus.NotSuccessThe workspace status is invalid. You can only operate workspaces with the SUCCESS status.工作空间状态非法,只能操作状态是SUCCESS的工作空间",
	"400InvalidWorkspaceTemplate.NotFoundThe parameter workspaceTemplate is not found.技术栈(即空间模板)不存在",
	"403Forbidden.AccessDeniedThe user is not authorized to perform the operation.用户无权限执行相关操作",
	"403Forbidden.UserNotAdminOrOwnerThe current user is not an admin or owner in the organization and is not authorized to perform the operation.当前用户非该企业管理员或拥有者,无权进行操作。",
	"403Forbidden.UserNotInCurrentOrganizationThe user is not in the organization and is not authorized to perform the operation.当前用户不在该企业中,无权进行操作。",
	"404InvalidOrganization.NotFoundThe organization is not found.企业不存在,请检查企业ID是否正确",
	"404InvalidPipeline.NotFoundThe pipeline is not found.流水线不存在",
	"404InvalidPipelineRun.NotFoundThe pipeline execution instance is not found.流水线运行实例不存在",
	"404InvalidUser.UserNotInCurrentOrganizationThe current user is not in the organization and has no permission to operate.当前用户不在该企业中,无权进行操作。",
	"404InvalidWorkspace.NotFoundThe workspace is not found.工作空间不存在",
};

typedef char *describe_fn(const struct flow_result *res, enum flow_lang lang);

static char *describe_with(describe_fn *fn, enum flow_status st, long http_status, const char *code,
                           const char *msg, enum flow_lang lang)
{
	struct flow_result res = {
		.status = st,
		.http_status = http_status,
		.error_code = code ? strdup(code) : NULL,
		.error_message = msg ? strdup(msg) : NULL,
	};
	char *s = fn(&res, lang);
	free(res.error_code);
	free(res.error_message);
	return s;
}

static char *describe(enum flow_status st, long http_status, const char *code, const char *msg,
                      enum flow_lang lang)
{
	return describe_with(flow_error_describe, st, http_status, code, msg, lang);
}

static void api_error_is(long http_status, const char *code, const char *msg, enum flow_lang lang,
                         const char *want, const char *name)
{
	char *got = describe(FLOW_E_API, http_status, code, msg, lang);
	is_str(got, want, "%s", name);
	free(got);
}

/* The seed line's status, and the longest catalog code of that status that starts the line. */
static const char *seed_code(const char *row, long *status)
{
	size_t n, best = 0;
	const struct flow_error_entry *cat = flow_error_catalog(&n);
	const char *code = NULL;

	*status = (row[0] - '0') * 100 + (row[1] - '0') * 10 + (row[2] - '0');
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(cat[i].code);
		if (cat[i].http_status == *status && len > best && strncmp(row + 3, cat[i].code, len) == 0) {
			best = len;
			code = cat[i].code;
		}
	}
	return code;
}

/* After the code: the English column is ASCII, the Chinese one starts at the first other byte. */
static void seed_row_check(size_t i, const char *row)
{
	long status;
	const char *code = seed_code(row, &status);

	if (!ok(code != NULL, "seed row %zu has its code in the catalog", i + 1)) {
		printf("#   row: %s\n", row);
		return;
	}
	const char *en = row + 3 + strlen(code), *zh = en;
	while (*zh && (unsigned char)*zh < 0x80)
		zh++;
	char *en_text = strndup(en, (size_t)(zh - en));

	const struct flow_error_entry *e = flow_error_lookup(code, status);
	ok(e && e->http_status == status, "%s under %ld is found by code and status", code, status);
	char *got = describe(FLOW_E_API, status, code, "server text", FLOW_LANG_EN);
	is_str(got, en_text, "%s under %ld: English exactly as in the table", code, status);
	free(got);
	got = describe(FLOW_E_API, status, code, "server text", FLOW_LANG_ZH);
	is_str(got, zh, "%s under %ld: Chinese exactly as in the table", code, status);
	free(got);
	free(en_text);
}

static void test_seed_table(void)
{
	is_int(COUNT(seed_rows), 20, "the seed's error table has 20 rows");
	for (size_t i = 0; i < COUNT(seed_rows); i++)
		seed_row_check(i, seed_rows[i]);
}

static void test_lookup(void)
{
	const char *dup = "InvalidUser.UserNotInCurrentOrganization";
	const struct flow_error_entry *e;

	e = flow_error_lookup(dup, 400);
	is_str(e ? e->en : NULL, "The user is not in the organization.", "a code listed twice: 400 picks the 400 text");
	e = flow_error_lookup(dup, 404);
	is_str(e ? e->en : NULL, "The current user is not in the organization and has no permission to operate.",
	       "a code listed twice: 404 picks the 404 text");
	e = flow_error_lookup(dup, 500);
	ok(e && e->http_status == 400, "a code listed twice: an unlisted status picks the first entry");
	e = flow_error_lookup("InvalidResourceRole.NotFoun", 400);
	ok(e && strcmp(e->code, "InvalidResourceRole.NotFoun") == 0, "the misspelt code NotFoun is its own entry");
	e = flow_error_lookup("InvalidPipeline.NotFound", 0);
	ok(e && e->http_status == 404, "a code listed once is found whatever the status");
	ok(flow_error_lookup("NoSuch.Code", 400) == NULL, "an unknown code is not found");
	ok(flow_error_lookup("InvalidPipeline", 404) == NULL, "a code prefix is not a match");
	ok(flow_error_lookup(NULL, 400) == NULL, "a NULL code is not found");
	ok(flow_error_lookup("", 400) == NULL, "an empty code is not found");
}

static void test_catalog_shape(void)
{
	size_t n, bad_text = 0, dup = 0, non_ascii_en = 0, ascii_zh = 0;
	const struct flow_error_entry *cat = flow_error_catalog(&n);

	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++)
			dup += strcmp(cat[i].code, cat[j].code) == 0 && cat[i].http_status == cat[j].http_status;
		char *en = text_sanitize(cat[i].en, strlen(cat[i].en), false);
		char *zh = text_sanitize(cat[i].zh, strlen(cat[i].zh), false);
		bad_text += !*cat[i].code || !*cat[i].en || !*cat[i].zh || strcmp(en, cat[i].en) || strcmp(zh, cat[i].zh);
		free(en);
		free(zh);
		bool ascii = true;
		for (const char *p = cat[i].en; *p; p++)
			ascii = ascii && (unsigned char)*p < 0x80;
		non_ascii_en += !ascii;
		ascii = true;
		for (const char *p = cat[i].zh; *p; p++)
			ascii = ascii && (unsigned char)*p < 0x80;
		ascii_zh += ascii;
	}
	is_int(dup, 0, "no code is listed twice under the same status");
	is_int(bad_text, 0, "every entry has a code and clean, non-empty texts in both languages");
	is_int(non_ascii_en, 0, "English texts are plain ASCII, readable on any terminal");
	is_int(ascii_zh, 0, "every Chinese text is written in Chinese");
	ok(n >= COUNT(seed_rows) + 15 + 4, "the catalog holds the seed rows, the gateway and the token-API codes");
}

static void test_extra_codes(void)
{
	static const char *const codes[] = {
		"SignatureDoesNotMatch", "IncompleteSignature", "InvalidAccessKeyId.NotFound",
		"InvalidAccessKeyId.Inactive", "InvalidTimeStamp.Expired", "InvalidTimeStamp.Format",
		"SignatureNonceUsed", "InvalidSecurityToken.Expired", "InvalidSecurityToken.Malformed",
		"InvalidSecurityToken.MismatchWithAccessKey", "Throttling", "Throttling.User", "Throttling.Api",
		"ServiceUnavailable", "InternalError",
		"InvalidTokenError", "ExpiredTokenError", "TooManyRequests", "Forbidden", "Unauthorized",
		"BadRequest", "Forbidden.InvalidOrganizationMember", "InternalServerError",
	};
	for (size_t i = 0; i < COUNT(codes); i++)
		ok(flow_error_lookup(codes[i], 0) != NULL, "the catalog explains %s", codes[i]);

	const struct flow_error_entry *e = flow_error_lookup("InvalidTimeStamp.Expired", 400);
	ok(e && strstr(e->en, "clock") && strstr(e->en, "15 minutes"), "clock skew: English says check the clock, 15 minutes");
	ok(e && strstr(e->zh, "时钟") && strstr(e->zh, "15 分钟"), "clock skew: Chinese says check the clock, 15 minutes");
	e = flow_error_lookup("SignatureDoesNotMatch", 400);
	ok(e && strstr(e->en, "AccessKey secret") && strstr(e->en, "--verbose") && strstr(e->en, "string-to-sign"),
	   "bad signature: English points at the secret and --verbose");
	ok(e && strstr(e->zh, "Secret") && strstr(e->zh, "--verbose"), "bad signature: Chinese points at the secret and --verbose");
	e = flow_error_lookup("ExpiredTokenError", 401);
	ok(e && strstr(e->en, "YUNXIAO_ACCESS_TOKEN"), "expired token: says which token to replace");
}

static void test_status_text(void)
{
	static const long listed[] = { 400, 401, 403, 404, 409, 429, 500 };
	const char *generic = flow_error_status_text(0, FLOW_LANG_EN);
	size_t same = 0;

	for (size_t i = 0; i < COUNT(listed); i++) {
		for (size_t j = i + 1; j < COUNT(listed); j++)
			same += strcmp(flow_error_status_text(listed[i], FLOW_LANG_EN),
			               flow_error_status_text(listed[j], FLOW_LANG_EN)) == 0;
		ok(strcmp(flow_error_status_text(listed[i], FLOW_LANG_EN), generic) != 0,
		   "HTTP %ld has its own text, not the generic one", listed[i]);
		ok(strcmp(flow_error_status_text(listed[i], FLOW_LANG_ZH), flow_error_status_text(listed[i], FLOW_LANG_EN)) != 0,
		   "HTTP %ld has a Chinese text of its own", listed[i]);
	}
	is_int(same, 0, "each listed status has a different text");
	is_str(flow_error_status_text(503, FLOW_LANG_EN), flow_error_status_text(500, FLOW_LANG_EN),
	       "503 shares the server-error text of 500");
	is_str(flow_error_status_text(599, FLOW_LANG_ZH), flow_error_status_text(500, FLOW_LANG_ZH),
	       "599 shares the server-error text of 500 (Chinese)");
	is_str(flow_error_status_text(418, FLOW_LANG_EN), generic, "an unlisted 4xx gets the generic text");
	is_str(flow_error_status_text(600, FLOW_LANG_EN), generic, "600 is not a server error");
	ok(strcmp(flow_error_status_text(0, FLOW_LANG_ZH), generic) != 0, "the generic text exists in Chinese");
	ok(strstr(flow_error_status_text(409, FLOW_LANG_EN), "Refresh") != NULL, "409 tells to refresh");
	ok(strstr(flow_error_status_text(429, FLOW_LANG_EN), "Wait") != NULL, "429 tells to wait");
}

static void test_describe(void)
{
	api_error_is(404, "InvalidPipeline.NotFound", "ignored", FLOW_LANG_ZH, "流水线不存在",
	             "a known code gives the catalog text, not the server's");
	api_error_is(404, "InvalidUser.UserNotInCurrentOrganization", NULL, FLOW_LANG_EN,
	             "The current user is not in the organization and has no permission to operate.",
	             "a known code uses the text for the result's HTTP status");
	api_error_is(400, "Some.NewCode", "The quota of \x1b[31mfoo\x1b[0m is used up.", FLOW_LANG_EN,
	             "The quota of \x1b[31mfoo\x1b[0m is used up.",
	             "an unknown code gives the server's message, raw and with nothing added");
	api_error_is(400, "Some.NewCode", "服务端自己的话", FLOW_LANG_EN, "服务端自己的话",
	             "an unknown code gives the server's message whatever the language");
	api_error_is(403, "Some.NewCode", NULL, FLOW_LANG_EN, flow_error_status_text(403, FLOW_LANG_EN),
	             "an unknown code without a message gives the status text");
	api_error_is(403, "Some.NewCode", "", FLOW_LANG_ZH, flow_error_status_text(403, FLOW_LANG_ZH),
	             "an unknown code with an empty message gives the status text");
	api_error_is(404, NULL, "whatever", FLOW_LANG_EN, flow_error_status_text(404, FLOW_LANG_EN),
	             "no code gives the status text");
	api_error_is(502, "", NULL, FLOW_LANG_ZH, flow_error_status_text(502, FLOW_LANG_ZH),
	             "an empty code gives the status text");
	api_error_is(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.",
	             FLOW_LANG_EN, flow_error_lookup("InvalidTimeStamp.Expired", 400)->en,
	             "a gateway code gives its own text with the hint");

	char *s = describe(FLOW_E_RESPONSE, 502, NULL, "the answer is not JSON (text/html)", FLOW_LANG_ZH);
	is_str(s, "the answer is not JSON (text/html)", "an unusable response gives the result's own message");
	free(s);
	s = describe(FLOW_E_RESPONSE, 502, NULL, NULL, FLOW_LANG_EN);
	is_str(s, flow_error_status_text(502, FLOW_LANG_EN), "an unusable response without a message gives the status text");
	free(s);
	s = flow_error_describe(NULL, FLOW_LANG_EN);
	is_str(s, flow_error_status_text(0, FLOW_LANG_EN), "a NULL result gives the generic text");
	free(s);
}

/* A read's failure: a 5xx says nothing was changed; below 500 it is described as any other. */
static void test_describe_read(void)
{
	char *s = describe_with(flow_error_describe_read, FLOW_E_API, 503, "ServiceUnavailable", NULL, FLOW_LANG_EN);
	is_str(s, "The server hit an internal error (HTTP 503); nothing was changed: try again later.",
	       "a read's 503 says nothing was changed");
	free(s);
	s = describe_with(flow_error_describe_read, FLOW_E_API, 500, "InternalError", NULL, FLOW_LANG_ZH);
	is_str(s, "服务端内部错误（HTTP 500）；没有任何更改：请稍后再试。", "and so in Chinese, whatever the code");
	free(s);
	s = describe_with(flow_error_describe_read, FLOW_E_API, 403, "Forbidden.AccessDenied", NULL, FLOW_LANG_EN);
	is_str(s, flow_error_lookup("Forbidden.AccessDenied", 403)->en, "a read's 403 keeps the catalog text");
	free(s);
}

int main(void)
{
	test_seed_table();
	test_lookup();
	test_catalog_shape();
	test_extra_codes();
	test_status_text();
	test_describe();
	test_describe_read();
	return tap_done();
}
