/*
 * A harness without libFuzzer: replays every input of its seed corpus once, for `make check`.
 * With arguments, replays those files and directories instead (to reproduce a crash in a
 * normal build). One TAP test point; a broken check aborts the program, which fails it too.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "../tap.h"

static int unreadable;   /* files or directories that could not be read */

static int cannot_read(const char *path)
{
	printf("# cannot read %s\n", path);
	unreadable++;
	return 0;
}

/* 1 when the file was replayed, 0 when it could not be read. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char chunk[4096];
	size_t n;
	while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_append(&sb, chunk, n);
	if (!f || ferror(f)) {
		if (f)
			fclose(f);
		strbuf_free(&sb);
		return cannot_read(path);
	}
	fclose(f);
	/* An exact-size copy, so the sanitizers see a read past the input's end. */
	uint8_t *data = xmalloc(sb.len ? sb.len : 1);
	memcpy(data, strbuf_cstr(&sb), sb.len);
	printf("# %s\n", path);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data, sb.len);
	free(data);
	strbuf_free(&sb);
	return 1;
}

static int select_visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* The number of inputs replayed from a file or a directory's files, in name order. */
static int replay_path(const char *path)
{
	struct stat st;
	struct dirent **names;
	int count, done = 0;

	if (stat(path, &st) != 0)
		return cannot_read(path);
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	count = scandir(path, &names, select_visible, alphasort);
	if (count < 0)
		return cannot_read(path);
	for (int i = 0; i < count; i++) {
		char *file = xasprintf("%s/%s", path, names[i]->d_name);
		done += replay_file(file);
		free(file);
		free(names[i]);
	}
	free(names);
	return done;
}

int main(int argc, char **argv)
{
	int total = 0;

	for (int i = 1; i < argc; i++)
		total += replay_path(argv[i]);
	if (argc == 1) {
		const char *top = getenv("top_srcdir");
		char *dir = xasprintf("%s/tests/fuzz/corpus/%s", top && *top ? top : ".", FUZZ_NAME);
		total = replay_path(dir);
		free(dir);
	}
	ok(unreadable == 0 && total > 0, "%s replays its %d corpus inputs without a crash or a failed check",
	   FUZZ_NAME, total);
	return tap_done();
}
