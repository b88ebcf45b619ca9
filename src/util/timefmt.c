#include "config.h"

#include "util/timefmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#define MINUTE 60
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)
#define MAX_DAYS 9999

/* Literal formats, so that the compiler checks each one. */
static size_t format_tm(char *buf, size_t n, const struct tm *tm, enum timefmt_style style)
{
	switch (style) {
	case TIMEFMT_DATE_TIME:
		return strftime(buf, n, "%Y-%m-%d %H:%M", tm);
	case TIMEFMT_SHORT:
		return strftime(buf, n, "%m-%d %H:%M", tm);
	case TIMEFMT_CLOCK:
		return strftime(buf, n, "%H:%M:%S", tm);
	}
	return 0;
}

void timefmt_local(char *buf, size_t n, int64_t epoch_ms, enum timefmt_style style)
{
	time_t secs = (time_t)(epoch_ms / 1000);
	struct tm tm;

	if (epoch_ms <= 0 || !localtime_r(&secs, &tm) || format_tm(buf, n, &tm, style) == 0)
		snprintf(buf, n, "-");
}

void timefmt_duration(char *buf, size_t n, int64_t s)
{
	if (s < 0)
		snprintf(buf, n, "-");
	else if (s < MINUTE)
		snprintf(buf, n, "%" PRId64 "s", s);
	else if (s < HOUR)
		snprintf(buf, n, "%" PRId64 "m", s / MINUTE);
	else if (s < DAY)
		snprintf(buf, n, "%" PRId64 "h%02" PRId64 "m", s / HOUR, s % HOUR / MINUTE);
	else if (s < 10 * DAY)
		snprintf(buf, n, "%" PRId64 "d%02" PRId64 "h", s / DAY, s % DAY / HOUR);
	else
		snprintf(buf, n, "%" PRId64 "d", s / DAY < MAX_DAYS ? s / DAY : MAX_DAYS);
}

void timefmt_age(char *buf, size_t n, int64_t epoch_ms, int64_t now_s)
{
	timefmt_duration(buf, n, epoch_ms > 0 ? now_s - epoch_ms / 1000 : -1);
}
