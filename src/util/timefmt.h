#ifndef FLOWGATE_UTIL_TIMEFMT_H
#define FLOWGATE_UTIL_TIMEFMT_H
/* Times as people read them: the server's epoch milliseconds in local time, and short ages. */

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* "2026-11-28 19:26" in local time, or "-" when ms <= 0. */
void timefmt_local(char out[20], int64_t epoch_ms);

/* "45s", "12m", "3h05m", "2d04h": the time from epoch_ms to now; "-" when unknown or in the future. */
void timefmt_age(char out[16], int64_t epoch_ms, time_t now);

#endif
