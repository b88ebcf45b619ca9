#include "config.h"

#include "home.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"

#include "../unit/conf_fixture.h"

/* Each input is a file write: on tmpfs it costs no disk I/O. */
#define TMPFS "/dev/shm"

const char *fuzz_home(void)
{
	if (!fixture_home[0]) {
		if (!getenv("TMPDIR") && access(TMPFS, W_OK | X_OK) == 0)
			setenv("TMPDIR", TMPFS, 1);
		fixture_fresh_home();
		atexit(fixture_cleanup);
	}
	return fixture_home;
}

void fuzz_write_file(const char *path, const uint8_t *data, size_t n)
{
	/* Overwritten, then cut to length: emptying it first would make some file systems flush it. */
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	FUZZ_ASSERT(fd >= 0);
	FUZZ_ASSERT(ftruncate(fd, (off_t)n) == 0);
	for (size_t done = 0; done < n;) {
		ssize_t w = write(fd, data + done, n - done);
		FUZZ_ASSERT(w > 0);
		done += (size_t)w;
	}
	FUZZ_ASSERT(close(fd) == 0);
}
