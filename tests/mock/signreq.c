#include "config.h"

/*
 * signreq: signs one classic API request with the project's sign_request() so shell tests can
 * send it with curl(1). Prints the URL on the first line ("url URL"), then every header to send,
 * one "name: value" a line. Credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID,
 * ALIBABA_CLOUD_ACCESS_KEY_SECRET and ALIBABA_CLOUD_SECURITY_TOKEN, never from arguments.
 */

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/sign.h"
#include "util/strbuf.h"
#include "util/urlenc.h"
#include "util/xalloc.h"

struct args {
	enum sign_version version;
	const char *api_version;
	const char *nonce;
	long long skew, at;
	const char *action, *method, *url;
	char **params;
	int nparams;
};

static void usage(FILE *out)
{
	fputs("usage: signreq [--v1] [--api-version V] [--nonce HEX] [--skew SEC] [--time EPOCH]\n"
	      "               ACTION METHOD http://HOST:PORT/PATH [KEY=VALUE ...]\n"
	      "PATH is sent as given (already percent-encoded); KEY=VALUE are raw query parameters.\n",
	      out);
}

static bool parse_ll(const char *s, long long *out)
{
	char *end;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return !errno && *s && !*end;
}

static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option longs[] = {
		{ "v1", no_argument, NULL, '1' },          { "api-version", required_argument, NULL, 'a' },
		{ "nonce", required_argument, NULL, 'n' }, { "skew", required_argument, NULL, 's' },
		{ "time", required_argument, NULL, 't' },  { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	a->version = SIGN_V3;
	a->api_version = "2021-06-25";
	while ((ch = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		switch (ch) {
		case '1': a->version = SIGN_V1; break;
		case 'a': a->api_version = optarg; break;
		case 'n': a->nonce = optarg; break;
		case 's': if (!parse_ll(optarg, &a->skew)) return 2; break;
		case 't': if (!parse_ll(optarg, &a->at)) return 2; break;
		case 'h': usage(stdout); return -1;
		default: return 2;
		}
	}
	if (argc - optind < 3)
		return 2;
	a->action = argv[optind];
	a->method = argv[optind + 1];
	a->url = argv[optind + 2];
	a->params = argv + optind + 3;
	a->nparams = argc - optind - 3;
	return 0;
}

static int sign_and_print(const struct args *a)
{
	const char *ak_id = getenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
	const char *secret = getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
	if (!ak_id || !secret) {
		fputs("signreq: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET\n", stderr);
		return 2;
	}
	if (strncmp(a->url, "http://", 7) != 0 || !strchr(a->url + 7, '/')) {
		fputs("signreq: the URL must be http://HOST:PORT/PATH\n", stderr);
		return 2;
	}
	const char *path = strchr(a->url + 7, '/');
	char *host = xstrndup(a->url + 7, (size_t)(path - a->url - 7));
	struct sign_kv *query = xcalloc((size_t)a->nparams + 1, sizeof *query);
	struct strbuf url = STRBUF_INIT;
	strbuf_puts(&url, a->url);
	for (int i = 0; i < a->nparams; i++) {
		char *eq = strchr(a->params[i], '=');
		query[i].key = a->params[i];
		query[i].value = eq ? eq + 1 : "";
		if (eq)
			*eq = '\0';
		strbuf_putc(&url, i ? '&' : '?');
		urlenc_encode(&url, query[i].key);
		strbuf_putc(&url, '=');
		urlenc_encode(&url, query[i].value);
	}
	struct sign_input in = {
		a->version, a->method, host, path, query, (size_t)a->nparams, a->action, a->api_version,
		ak_id, secret, getenv("ALIBABA_CLOUD_SECURITY_TOKEN"), a->nonce,
		a->at ? (time_t)a->at : time(NULL) + (time_t)a->skew,
	};
	struct sign_headers hs;
	sign_request(&in, &hs);
	printf("url %s\n", strbuf_cstr(&url));
	for (size_t i = 0; i < hs.n; i++)
		printf("%s: %s\n", hs.h[i].name, hs.h[i].value);
	sign_headers_free(&hs);
	strbuf_free(&url);
	free(query);
	free(host);
	return 0;
}

int main(int argc, char **argv)
{
	struct args a;
	memset(&a, 0, sizeof a);
	int status = parse_args(argc, argv, &a);
	if (status) {
		if (status > 0)
			usage(stderr);
		return status < 0 ? 0 : status;
	}
	return sign_and_print(&a);
}
