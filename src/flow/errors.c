#include "config.h"

#include "flow/errors.h"

#include <stdbool.h>
#include <string.h>

#include "util/xalloc.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * English texts stay plain ASCII so they survive a terminal that is not UTF-8. The seed rows keep
 * the server's own wording (and its misspelt code) because the server sends exactly those codes.
 */
static const struct flow_error_entry catalog[] = {
	/* The RefusePipelineValidate error table, row for row. */
	{ 400, "InvalidCluster.NotFound",
	  "No cluster is available to generate the workspace.",
	  "没有可用的集群,无法创建工作空间" },
	{ 400, "InvalidCodeUrl.NotSupportSVN",
	  "The parameter codeUrl is invalid. SVN is not supported.",
	  "参数错误,不支持svn" },
	{ 400, "InvalidParam.ParamNotPresent",
	  "The parameter is invalid.",
	  "参数有误,请检查参数" },
	{ 400, "InvalidResource.NotFound",
	  "No resource is found. You cannot create the workspace. Please try again later.",
	  "没有资源,无法创建工作空间,请稍后尝试" },
	{ 400, "InvalidResourceRole.NotFoun",
	  "The member role is invalid.",
	  "无效的成员角色,请检查参数" },
	{ 400, "InvalidResourceRole.NotFound",
	  "The member role is invalid.",
	  "无效的成员角色,请检查参数" },
	{ 400, "InvalidUser.NotFound",
	  "The user that is invoking the API service is not a registered user.",
	  "调用 API 的用户,未注册为云效用户" },
	{ 400, "InvalidUser.ResourceMemberCouldNotDeleteOwner",
	  "Resource owner cannot be deleted.",
	  "无法删除资源owner" },
	{ 400, "InvalidUser.ResourceMemberNotExists",
	  "The resource member does not exist.",
	  "该资源成员不存在,请检查参数" },
	{ 400, "InvalidUser.UserNotInCurrentOrganization",
	  "The user is not in the organization.",
	  "当前用户不在该企业中" },
	{ 400, "InvalidWorkspaceStatus.NotSuccess",
	  "The workspace status is invalid. You can only operate workspaces with the SUCCESS status.",
	  "工作空间状态非法,只能操作状态是SUCCESS的工作空间" },
	{ 400, "InvalidWorkspaceTemplate.NotFound",
	  "The parameter workspaceTemplate is not found.",
	  "技术栈(即空间模板)不存在" },
	{ 403, "Forbidden.AccessDenied",
	  "The user is not authorized to perform the operation.",
	  "用户无权限执行相关操作" },
	{ 403, "Forbidden.UserNotAdminOrOwner",
	  "The current user is not an admin or owner in the organization and is not authorized to perform the operation.",
	  "当前用户非该企业管理员或拥有者,无权进行操作。" },
	{ 403, "Forbidden.UserNotInCurrentOrganization",
	  "The user is not in the organization and is not authorized to perform the operation.",
	  "当前用户不在该企业中,无权进行操作。" },
	{ 404, "InvalidOrganization.NotFound",
	  "The organization is not found.",
	  "企业不存在,请检查企业ID是否正确" },
	{ 404, "InvalidPipeline.NotFound",
	  "The pipeline is not found.",
	  "流水线不存在" },
	{ 404, "InvalidPipelineRun.NotFound",
	  "The pipeline execution instance is not found.",
	  "流水线运行实例不存在" },
	{ 404, "InvalidUser.UserNotInCurrentOrganization",
	  "The current user is not in the organization and has no permission to operate.",
	  "当前用户不在该企业中,无权进行操作。" },
	{ 404, "InvalidWorkspace.NotFound",
	  "The workspace is not found.",
	  "工作空间不存在" },

	/* Gateway codes: signature, credentials, clock, throttling, availability. */
	{ 400, "SignatureDoesNotMatch",
	  "The server rejected the request signature. Check the AccessKey secret (it must belong to "
	  "this AccessKey ID); --verbose shows the server's string-to-sign.",
	  "服务端拒绝了请求签名。请检查 AccessKey Secret（须与该 AccessKey ID 配对）；"
	  "使用 --verbose 可查看服务端的待签名字符串。" },
	{ 0, "IncompleteSignature",
	  "The server found the request signature incomplete. Check the AccessKey ID and secret; "
	  "--verbose shows the server's own message.",
	  "服务端认为请求签名不完整。请检查 AccessKey ID 与 Secret；使用 --verbose 可查看服务端的原始信息。" },
	{ 404, "InvalidAccessKeyId.NotFound",
	  "This AccessKey ID does not exist. Check which credentials are in use (the profile, or "
	  "ALIBABA_CLOUD_ACCESS_KEY_ID).",
	  "该 AccessKey ID 不存在。请检查当前使用的凭据（配置档或 ALIBABA_CLOUD_ACCESS_KEY_ID）。" },
	{ 0, "InvalidAccessKeyId.Inactive",
	  "This AccessKey is disabled. Ask its owner to enable it in the RAM console, or use another AccessKey.",
	  "该 AccessKey 已被禁用。请联系其所有者在 RAM 控制台启用，或改用其他 AccessKey。" },
	{ 0, "InvalidTimeStamp.Expired",
	  "The request time is out of range: check this computer's clock, the server allows "
	  "+/-15 minutes.",
	  "请求时间超出允许范围：请检查本机时钟，服务端只允许 ±15 分钟的偏差。" },
	{ 0, "InvalidTimeStamp.Format",
	  "The server could not read the request time. Check this computer's clock and time zone; "
	  "the server allows +/-15 minutes.",
	  "服务端无法识别请求时间。请检查本机时钟和时区设置，服务端只允许 ±15 分钟的偏差。" },
	{ 0, "SignatureNonceUsed",
	  "The server has seen this request before (its nonce was already used). Refresh to see "
	  "whether the earlier attempt took effect before trying again.",
	  "服务端已收到过该请求（随机数 nonce 已被使用）。请先刷新确认之前的操作是否已生效，再决定是否重试。" },
	{ 0, "InvalidSecurityToken.Expired",
	  "The STS security token has expired. Get fresh STS credentials and try again.",
	  "STS 安全令牌已过期。请重新获取 STS 临时凭据后再试。" },
	{ 0, "InvalidSecurityToken.Malformed",
	  "The STS security token is malformed. Check that ALIBABA_CLOUD_SECURITY_TOKEN (or the "
	  "profile's sts_token) was copied whole.",
	  "STS 安全令牌格式有误。请检查 ALIBABA_CLOUD_SECURITY_TOKEN（或配置档中的 sts_token）是否完整复制。" },
	{ 0, "InvalidSecurityToken.MismatchWithAccessKey",
	  "The STS security token does not belong to this AccessKey ID. Use the AccessKey ID, secret "
	  "and token that were issued together.",
	  "STS 安全令牌与该 AccessKey ID 不匹配。请使用同一次签发的 AccessKey ID、Secret 和令牌。" },
	{ 0, "Throttling",
	  "The server is throttling requests; this one was not carried out. Wait a minute and try again.",
	  "请求被服务端限流，本次操作未执行。请稍等一分钟后重试。" },
	{ 0, "Throttling.User",
	  "This account is sending too many requests; this one was not carried out. Wait a minute "
	  "and try again.",
	  "当前账号请求过于频繁，本次操作未执行。请稍等一分钟后重试。" },
	{ 0, "Throttling.Api",
	  "This operation is being called too often; this request was not carried out. Wait a minute "
	  "and try again.",
	  "该接口调用过于频繁，本次操作未执行。请稍等一分钟后重试。" },
	{ 0, "ServiceUnavailable",
	  "The service is temporarily unavailable. Wait a few minutes, refresh to check that the gate "
	  "is still waiting, then try again.",
	  "服务暂时不可用。请等待几分钟，刷新确认卡点仍在等待后再重试。" },
	{ 0, "InternalError",
	  "The server hit an internal error. A pass or refuse may or may not have been applied: refresh "
	  "to check the gate's state before trying again.",
	  "服务端内部错误。通过或拒绝操作可能已生效也可能未生效：重试前请先刷新确认卡点状态。" },

	/* Yunxiao OpenAPI (personal access token) codes. */
	{ 400, "BadRequest",
	  "Yunxiao refused the request as malformed. Check the organization, pipeline, run and job ids.",
	  "云效认为请求格式有误。请检查企业、流水线、运行实例和任务的 ID。" },
	{ 400, "UnsupportedInCurrentEnv",
	  "This Yunxiao edition does not offer this API. Check the API base URL (central or region "
	  "edition).",
	  "当前云效实例版本不支持该接口。请检查 API 地址（中心版或区域版）。" },
	{ 400, "UnsupportedCurrentTokenType",
	  "This API does not accept this kind of token. Use a Yunxiao personal access token (pt-...).",
	  "该接口不支持当前令牌类型。请使用云效个人访问令牌（pt-...）。" },
	{ 401, "Unauthorized",
	  "Yunxiao did not accept the credentials. Check the token in YUNXIAO_ACCESS_TOKEN (or the "
	  "configured one).",
	  "云效未接受当前凭据。请检查 YUNXIAO_ACCESS_TOKEN（或配置中的令牌）。" },
	{ 401, "InvalidTokenError",
	  "The Yunxiao personal access token is not valid. Check that YUNXIAO_ACCESS_TOKEN was copied "
	  "whole and has not been revoked.",
	  "云效个人访问令牌无效。请检查 YUNXIAO_ACCESS_TOKEN 是否完整复制、是否已被吊销。" },
	{ 401, "ExpiredTokenError",
	  "The Yunxiao personal access token has expired. Create a new one in Yunxiao's personal "
	  "settings and update YUNXIAO_ACCESS_TOKEN.",
	  "云效个人访问令牌已过期。请在云效个人设置中新建令牌，并更新 YUNXIAO_ACCESS_TOKEN。" },
	{ 403, "Forbidden.InvalidUser.UserNotInCurrentOrganization",
	  "The token's user has not joined this organization. Check the organization id, or ask an "
	  "admin to add you.",
	  "令牌所属用户未加入该企业。请检查企业 ID，或联系管理员将您加入企业。" },
	{ 403, "Forbidden.InvalidOrganizationMember",
	  "The token's user is not an active member of this organization. Ask an organization admin "
	  "to check your membership.",
	  "令牌所属用户在该企业中无效。请联系企业管理员检查您的成员身份。" },
	{ 403, "Forbidden",
	  "Permission denied: this account may not act on this gate. Check that you are one of its "
	  "approvers and what the token is allowed to do.",
	  "无权限：当前账号无权操作该卡点。请确认您是该卡点的审批人，并检查令牌的权限范围。" },
	{ 429, "TooManyRequests",
	  "Yunxiao is limiting how often this token may call it; this request was not carried out. "
	  "Wait a minute and try again.",
	  "云效限制了该令牌的调用频率，本次操作未执行。请稍等一分钟后重试。" },
	{ 500, "InternalServerError",
	  "Yunxiao hit an internal error. A pass or refuse may or may not have been applied: refresh "
	  "to check the gate's state before trying again.",
	  "云效内部错误。通过或拒绝操作可能已生效也可能未生效：重试前请先刷新确认卡点状态。" },
};

struct status_text {
	long lo, hi;
	const char *en;
	const char *zh;
};

static const struct status_text status_texts[] = {
	{ 400, 400,
	  "The server refused the request as invalid. Check the organization, pipeline, run and job ids.",
	  "服务端认为请求无效。请检查企业、流水线、运行实例和任务的 ID。" },
	{ 401, 401,
	  "The server did not accept the credentials. Check the AccessKey (or Yunxiao token) in use.",
	  "服务端未接受当前凭据。请检查所用的 AccessKey（或云效令牌）。" },
	{ 403, 403,
	  "Permission denied: this account may not do this. Check that you are an approver of this "
	  "gate, or ask an organization admin.",
	  "无权限：当前账号无权执行此操作。请确认您是该卡点的审批人，或联系企业管理员。" },
	{ 404, 404,
	  "Not found: the organization, pipeline, run or job does not exist, or this account cannot "
	  "see it. Check the ids.",
	  "未找到：企业、流水线、运行实例或任务不存在，或当前账号无权查看。请检查 ID。" },
	{ 409, 409,
	  "Conflict: the gate changed meanwhile (someone may have passed or refused it already). "
	  "Refresh and look again.",
	  "冲突：卡点状态已发生变化（可能已被他人通过或拒绝）。请刷新后再查看。" },
	{ 429, 429,
	  "Too many requests; this one was not carried out. Wait a minute and try again.",
	  "请求过于频繁，本次操作未执行。请稍等一分钟后重试。" },
	{ 500, 599,
	  "The server failed. A pass or refuse may or may not have been applied: refresh to check the "
	  "gate's state before trying again.",
	  "服务端出错。通过或拒绝操作可能已生效也可能未生效：重试前请先刷新确认卡点状态。" },
};

static const struct status_text status_other = {
	0, 0,
	"The request failed. Refresh to check the gate's state before trying again.",
	"请求失败。重试前请先刷新确认卡点状态。",
};

static const char *in_lang(const char *en, const char *zh, enum flow_lang lang)
{
	return lang == FLOW_LANG_ZH ? zh : en;
}

static bool has_text(const char *s)
{
	return s && *s;
}

const struct flow_error_entry *flow_error_lookup(const char *code, long http_status)
{
	const struct flow_error_entry *first = NULL;

	if (!has_text(code))
		return NULL;
	for (size_t i = 0; i < COUNT(catalog); i++) {
		if (strcmp(catalog[i].code, code) != 0)
			continue;
		if (catalog[i].http_status == http_status)
			return &catalog[i];
		if (!first)
			first = &catalog[i];
	}
	return first;
}

const struct flow_error_entry *flow_error_catalog(size_t *n)
{
	if (n)
		*n = COUNT(catalog);
	return catalog;
}

const char *flow_error_status_text(long http_status, enum flow_lang lang)
{
	for (size_t i = 0; i < COUNT(status_texts); i++) {
		const struct status_text *t = &status_texts[i];
		if (http_status >= t->lo && http_status <= t->hi)
			return in_lang(t->en, t->zh, lang);
	}
	return in_lang(status_other.en, status_other.zh, lang);
}

char *flow_error_describe(const struct flow_result *res, enum flow_lang lang)
{
	if (!res)
		return xstrdup(flow_error_status_text(0, lang));
	if (res->status == FLOW_E_RESPONSE && has_text(res->error_message))
		return xstrdup(res->error_message);
	if (has_text(res->error_code)) {
		const struct flow_error_entry *e = flow_error_lookup(res->error_code, res->http_status);
		if (e)
			return xstrdup(in_lang(e->en, e->zh, lang));
		if (has_text(res->error_message))
			return xstrdup(res->error_message);
	}
	return xstrdup(flow_error_status_text(res->http_status, lang));
}

/* A read changes nothing, so its failure never speaks of a pass or refuse that may have been applied. */
char *flow_error_describe_read(const struct flow_result *res, enum flow_lang lang)
{
	if (!res || res->status != FLOW_E_API || res->http_status < 500 || res->http_status > 599)
		return flow_error_describe(res, lang);
	if (lang == FLOW_LANG_ZH)
		return xasprintf("服务端内部错误（HTTP %ld）；没有任何更改：请稍后再试。", res->http_status);
	return xasprintf("The server hit an internal error (HTTP %ld); nothing was changed: try again later.",
	                 res->http_status);
}
