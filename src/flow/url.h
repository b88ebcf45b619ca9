#ifndef FLOWGATE_FLOW_URL_H
#define FLOWGATE_FLOW_URL_H
/*
 * Links to runs in the Flow web console, both ways: https://HOST/pipelines/{pid}/builds/{runId}
 * names a run and https://HOST/pipelines/{pid}/current the pipeline's newest one. Any host with
 * that path shape is accepted (dedicated instances have their own).
 */

#include <stddef.h>
#include <stdint.h>

#define FLOW_URL_DEFAULT_BASE "https://flow.aliyun.com"

/*
 * Reads the pipeline and run ids of a run link; *run is 0 for .../current. A trailing slash, a
 * query and a fragment are allowed; anything else (another scheme, user info, a junk id, an
 * extra path segment, spaces or control characters) is refused. Returns 0, or -1 with the
 * reason in err, leaving the ids unchanged.
 */
int flow_url_parse(const char *url, int64_t *pipeline, int64_t *run, char *err, size_t errlen);

/*
 * The link of a run (`run` 0: the pipeline's newest run, .../current) under `base` (NULL or "":
 * FLOW_URL_DEFAULT_BASE; trailing slashes are dropped). NULL when pipeline is not positive or
 * run is negative. The caller frees it.
 */
char *flow_url_of_run(const char *base, int64_t pipeline, int64_t run);

#endif
