#ifndef FLOWGATE_FLOW_ERRORS_H
#define FLOWGATE_FLOW_ERRORS_H
/*
 * The error catalog: every row of the RefusePipelineValidate error table, the gateway codes,
 * the token-API codes, and a fallback by HTTP status, each in English and Chinese.
 */

#include <stddef.h>

#include "flow/api.h"

enum flow_lang { FLOW_LANG_EN, FLOW_LANG_ZH };

struct flow_error_entry {
	long http_status;          /* 0 where the code is not tied to one status */
	const char *code;
	const char *en;
	const char *zh;
};

/*
 * The catalog entry for code; where one code is listed under several statuses, the one for
 * http_status wins. NULL when the code is unknown.
 */
const struct flow_error_entry *flow_error_lookup(const char *code, long http_status);

/* Every entry, for tests and documentation. */
const struct flow_error_entry *flow_error_catalog(size_t *n);

/* A message for an HTTP status alone (fallback when the code is unknown or absent). */
const char *flow_error_status_text(long http_status, enum flow_lang lang);

/*
 * The human message for a failed result, newly allocated and not yet sanitised: the catalog
 * text for a known code; for an unknown code the server's own message; else the status text.
 * Clock skew and signature errors carry a hint of what to check.
 */
char *flow_error_describe(const struct flow_result *res, enum flow_lang lang);

/*
 * The same for a read (a list, a run, a log): a 5xx answer says that nothing was changed rather
 * than that a pass or refuse may have been applied.
 */
char *flow_error_describe_read(const struct flow_result *res, enum flow_lang lang);

#endif
