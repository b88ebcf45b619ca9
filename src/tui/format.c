#include "config.h"

#include "tui/console.h"

#include <inttypes.h>
#include <stdio.h>
#include <time.h>

/* At most five characters, so that it fits the narrowest layout: 45s, 30m, 1h59m, 3d04h. */
void format_duration(char *buf, size_t n, int64_t s)
{
	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(buf, n, "%" PRId64 "s", s);
	else if (s < 3600)
		snprintf(buf, n, "%" PRId64 "m", s / 60);
	else if (s < 86400)
		snprintf(buf, n, "%" PRId64 "h%02" PRId64 "m", s / 3600, s / 60 % 60);
	else
		snprintf(buf, n, "%" PRId64 "d%02" PRId64 "h", s / 86400, s / 3600 % 24);
}

void format_time(char *buf, size_t n, int64_t epoch_ms)
{
	time_t secs = (time_t)(epoch_ms / 1000);
	struct tm tm;

	if (epoch_ms <= 0 || !localtime_r(&secs, &tm) || !strftime(buf, n, "%m-%d %H:%M", &tm))
		snprintf(buf, n, "-");
}

void format_clock(char *buf, size_t n, time_t when)
{
	struct tm tm;

	if (localtime_r(&when, &tm))
		strftime(buf, n, "%H:%M:%S", &tm);
}

