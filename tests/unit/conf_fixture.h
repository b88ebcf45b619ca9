#ifndef FLOWGATE_TESTS_CONF_FIXTURE_H
#define FLOWGATE_TESTS_CONF_FIXTURE_H
/*
 * A fresh home for each check: HOME points into a new temporary directory and every variable
 * that flowgate reads is cleared, so no test reads or writes the real home or depends on the
 * caller's environment.
 */

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char fixture_home[512];

static int fixture_remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	chmod(path, 0700);
	return remove(path);
}

__attribute__((unused)) static void fixture_cleanup(void)
{
	if (fixture_home[0])
		nftw(fixture_home, fixture_remove_one, 16, FTW_DEPTH | FTW_PHYS);
	fixture_home[0] = '\0';
}

__attribute__((unused)) static const char *fixture_fresh_home(void)
{
	static const char *const vars[] = {
		"XDG_CONFIG_HOME", "XDG_STATE_HOME", "FLOWGATE_ORG", "FLOWGATE_ENDPOINT", "FLOWGATE_CONFIG",
		"NO_COLOR", "YUNXIAO_API_BASE_URL", "ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_ACCESS_KEY_ID",
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN", "YUNXIAO_ACCESS_TOKEN", "YUNXIAO_EDITION",
		"LC_ALL", "LC_MESSAGES", "LANG",
	};
	fixture_cleanup();
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	umask(022);
	const char *tmp = getenv("TMPDIR");
	snprintf(fixture_home, sizeof(fixture_home), "%s/flowgate-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fixture_home)) {
		perror("mkdtemp");
		exit(99);
	}
	setenv("HOME", fixture_home, 1);
	return fixture_home;
}

/* A path under the fresh home; the caller frees it. */
__attribute__((unused, format(printf, 1, 2))) static char *fixture_path(const char *fmt, ...)
{
	char rel[512], *path;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (asprintf(&path, "%s/%s", fixture_home, rel) < 0)
		exit(99);
	return path;
}

/* Writes text to the absolute path with mode, creating the directories above it. */
__attribute__((unused)) static void fixture_write_at(const char *path, mode_t mode, const char *text)
{
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *s = strchr(dir + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(dir, 0700);
		*s = '/';
	}
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0 || chmod(path, mode) != 0) {
		perror(path);
		exit(99);
	}
}

/* Writes text to a file under the fresh home; returns its path (the caller frees it). */
__attribute__((unused)) static char *fixture_write(const char *rel, mode_t mode, const char *text)
{
	char *path = fixture_path("%s", rel);
	fixture_write_at(path, mode, text);
	return path;
}

#endif
