#include "config.h"

#include "reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define JSON_TYPE "application/json;charset=utf-8"

static void set_body(struct reply *r, int status, cJSON *root)
{
	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	strbuf_reset(&r->body);
	strbuf_puts(&r->body, text);
	cJSON_free(text);
	r->status = status;
	r->content_type = JSON_TYPE;
	r->nheaders = 0;
}

static void set_code(struct reply *r, const char *code)
{
	free(r->code);
	r->code = xstrdup(code);
}

static cJSON *envelope(const struct reply *r, bool success, const char *code, const char *message)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "requestId", r->request_id);
	cJSON_AddBoolToObject(root, "success", success);
	cJSON_AddStringToObject(root, "errorCode", code);
	cJSON_AddStringToObject(root, "errorMessage", message);
	return root;
}

/* The documented success example carries junk in the error fields; `success` alone decides. */
void reply_api_ok(struct reply *r, cJSON *payload, bool junk_on_success)
{
	cJSON *root = junk_on_success ? envelope(r, true, "\"\"", "\xe2\x80\x9d\xe2\x80\x9c")
	                              : envelope(r, true, "", "");
	while (payload && payload->child) {
		cJSON *item = cJSON_DetachItemViaPointer(payload, payload->child);
		cJSON_AddItemToObject(root, item->string, item);
	}
	cJSON_Delete(payload);
	set_code(r, NULL);
	set_body(r, 200, root);
}

void reply_api_error(struct reply *r, int status, const char *code, const char *message)
{
	set_code(r, code);
	set_body(r, status, envelope(r, false, code, message));
}

void reply_gateway_error(struct reply *r, int status, const char *code, const char *message,
                         const char *host_id)
{
	cJSON *root = cJSON_CreateObject();
	struct strbuf rec = STRBUF_INIT;
	strbuf_printf(&rec, "https://api.aliyun.com/troubleshoot?q=%s&product=devops&requestId=%s",
	              code, r->request_id);
	cJSON_AddStringToObject(root, "RequestId", r->request_id);
	cJSON_AddStringToObject(root, "HostId", host_id ? host_id : "devops.cn-hangzhou.aliyuncs.com");
	cJSON_AddStringToObject(root, "Code", code);
	cJSON_AddStringToObject(root, "Message", message);
	cJSON_AddStringToObject(root, "Recommend", strbuf_cstr(&rec));
	strbuf_free(&rec);
	set_code(r, code);
	set_body(r, status, root);
}

void reply_raw(struct reply *r, int status, const char *body, const char *content_type)
{
	strbuf_reset(&r->body);
	strbuf_puts(&r->body, body);
	r->status = status;
	r->content_type = content_type;
	r->nheaders = 0;
	set_code(r, NULL);
}

void reply_token_ok(struct reply *r, cJSON *body)
{
	set_code(r, NULL);
	set_body(r, 200, body);
}

/* The mock has no tracing: its traceId is the request id. */
void reply_token_error(struct reply *r, int status, const char *code, const char *message)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "errorCode", code);
	cJSON_AddStringToObject(root, "errorMessage", message);
	cJSON_AddStringToObject(root, "requestId", r->request_id);
	cJSON_AddStringToObject(root, "traceId", r->request_id);
	set_code(r, code);
	set_body(r, status, root);
}

void reply_error(struct reply *r, enum mock_api api, int status, const char *code, const char *message)
{
	if (api == MOCK_API_YUNXIAO)
		reply_token_error(r, status, code, message);
	else
		reply_api_error(r, status, code, message);
}

void reply_header(struct reply *r, const char *name, long long value)
{
	/* The routes add at most two: running out is a bug in the mock. */
	if (r->nheaders == REPLY_MAX_HEADERS)
		abort();
	r->headers[r->nheaders].name = name;
	snprintf(r->headers[r->nheaders].value, sizeof r->headers[r->nheaders].value, "%lld", value);
	r->nheaders++;
}

void reply_pad(struct reply *r, int mb)
{
	size_t want = (size_t)mb << 20;
	bool object = r->body.len > 1 && r->body.buf[r->body.len - 1] == '}';
	if (want <= r->body.len)
		return;
	size_t fill = want - r->body.len;
	if (object) {
		r->body.len--;
		strbuf_puts(&r->body, ",\"padding\":\"");
		fill = fill > 13 ? fill - 13 : 0;   /* the member's quoting, less the moved brace */
	}
	char chunk[4096];
	memset(chunk, 'x', sizeof chunk);
	while (fill) {
		size_t n = fill < sizeof chunk ? fill : sizeof chunk;
		strbuf_append(&r->body, chunk, n);
		fill -= n;
	}
	if (object)
		strbuf_puts(&r->body, "\"}");
}

void reply_free(struct reply *r)
{
	if (!r)
		return;
	strbuf_free(&r->body);
	free(r->code);
	r->code = NULL;
}
