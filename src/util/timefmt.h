#ifndef FLOWGATE_UTIL_TIMEFMT_H
#define FLOWGATE_UTIL_TIMEFMT_H
/*
 * Times as people read them, the same on the command line and in the console: the server's epoch
 * milliseconds in local time, and short durations.
 */

#include <stddef.h>
#include <stdint.h>

enum timefmt_style {
	TIMEFMT_DATE_TIME,         /* "2026-11-28 19:26" */
	TIMEFMT_SHORT,             /* "11-28 19:26", for narrow columns */
	TIMEFMT_CLOCK,             /* "19:26:05" */
};

/* epoch_ms in local time, or "-" when it is unknown (<= 0). */
void timefmt_local(char *buf, size_t n, int64_t epoch_ms, enum timefmt_style style);

/*
 * At most five characters, so that it fits the narrowest column: "45s", "30m", "1h59m", "3d04h",
 * "12d" (from ten days on, up to "9999d"); "-" when negative, a time that is not known.
 */
void timefmt_duration(char *buf, size_t n, int64_t seconds);

/* The duration from epoch_ms to now_s (epoch seconds); "-" when epoch_ms is unknown (<= 0) or later. */
void timefmt_age(char *buf, size_t n, int64_t epoch_ms, int64_t now_s);

#endif
