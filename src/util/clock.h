#ifndef FLOWGATE_UTIL_CLOCK_H
#define FLOWGATE_UTIL_CLOCK_H
/* The one reading of the monotonic clock: timeouts, pauses and countdowns all measure with it. */

#include <stdint.h>

/* Milliseconds since an arbitrary point; never goes back when the wall clock is set. */
int64_t clock_monotonic_ms(void);

#endif
