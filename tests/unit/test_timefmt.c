#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"
#include "util/timefmt.h"

#include "../tap.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DAY 86400LL

static void duration_edges(void)
{
	static const struct {
		long long s;
		const char *want, *what;
	} cases[] = {
		{ 0, "0s", "no time at all" },
		{ 59, "59s", "59 s, the last in seconds" },
		{ 60, "1m", "60 s is a minute" },
		{ 3599, "59m", "3599 s, the last in minutes, is rounded down" },
		{ 3600, "1h00m", "an hour shows its minutes" },
		{ 86399, "23h59m", "86399 s, the last in hours" },
		{ 86400, "1d00h", "a day shows its hours" },
		{ 10 * DAY - 1, "9d23h", "the last second of nine days" },
		{ 10 * DAY, "10d", "from ten days on, days alone" },
		{ 9999 * DAY + 3600, "9999d", "9999 days" },
		{ 1000000 * DAY, "9999d", "a longer time stops at 9999d" },
		{ -1, "-", "a negative time is not known" },
		{ -90 * DAY, "-", "nor is a very negative one" },
	};
	char buf[16];

	for (size_t i = 0; i < N(cases); i++) {
		timefmt_duration(buf, sizeof(buf), cases[i].s);
		is_str(buf, cases[i].want, "duration %lld: %s", cases[i].s, cases[i].what);
	}
	timefmt_duration(buf, sizeof(buf), 9999 * DAY);
	ok(strlen(buf) <= 5, "the longest duration fits five cells");
}

static void age_edges(void)
{
	const int64_t now = 1749542400;
	char buf[16];

	timefmt_age(buf, sizeof(buf), now * 1000, now);
	is_str(buf, "0s", "an age of now is 0s");
	timefmt_age(buf, sizeof(buf), (now - 3599) * 1000 + 999, now);
	is_str(buf, "59m", "milliseconds of the start do not round an age up");
	timefmt_age(buf, sizeof(buf), (now - 2 * DAY - 3 * 3600) * 1000, now);
	is_str(buf, "2d03h", "an age of two days and three hours");
	timefmt_age(buf, sizeof(buf), (now + 5) * 1000, now);
	is_str(buf, "-", "a start after now (another clock) is not known");
	timefmt_age(buf, sizeof(buf), 0, now);
	is_str(buf, "-", "no start time is not known");
	timefmt_age(buf, sizeof(buf), -5000, now);
	is_str(buf, "-", "a negative start time is not known");
}

static void local_times(void)
{
	const int64_t ms = 1749542460123LL;   /* 2025-06-10 08:01:00.123 UTC */
	char buf[32];

	setenv("TZ", "UTC", 1);
	tzset();
	timefmt_local(buf, sizeof(buf), ms, TIMEFMT_DATE_TIME);
	is_str(buf, "2025-06-10 08:01", "date and time");
	timefmt_local(buf, sizeof(buf), ms, TIMEFMT_SHORT);
	is_str(buf, "06-10 08:01", "the short form leaves out the year");
	timefmt_local(buf, sizeof(buf), ms, TIMEFMT_CLOCK);
	is_str(buf, "08:01:00", "the clock shows seconds");
	timefmt_local(buf, sizeof(buf), 0, TIMEFMT_DATE_TIME);
	is_str(buf, "-", "0 is not known");
	timefmt_local(buf, sizeof(buf), -1, TIMEFMT_CLOCK);
	is_str(buf, "-", "a negative time is not known");
	timefmt_local(buf, 4, ms, TIMEFMT_DATE_TIME);
	is_str(buf, "-", "a buffer too small for the time says not known rather than a cut time");

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	timefmt_local(buf, sizeof(buf), ms, TIMEFMT_DATE_TIME);
	is_str(buf, "2025-06-10 16:01", "in local time");
}

static void monotonic_clock(void)
{
	int64_t a = clock_monotonic_ms();
	struct timespec pause = { 0, 20 * 1000000 };
	nanosleep(&pause, NULL);
	int64_t b = clock_monotonic_ms();
	ok(a > 0 && b - a >= 20 && b - a < 2000, "the monotonic clock counts milliseconds (%lld ms)", (long long)(b - a));
}

int main(void)
{
	duration_edges();
	age_edges();
	local_times();
	monotonic_clock();
	return tap_done();
}
