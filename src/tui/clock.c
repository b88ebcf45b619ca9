#include "config.h"

#include "tui/console.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "util/clock.h"

/* fixed_now: NULL for the real clocks, else the epoch second the test-mode clock starts at. */
int clock_init(struct tui_clock *c, const char *fixed_now)
{
	char *end;

	c->fixed = fixed_now != NULL;
	c->ms = 0;
	c->epoch = 0;
	if (!fixed_now)
		return 0;
	errno = 0;
	c->epoch = (time_t)strtoll(fixed_now, &end, 10);
	return errno || end == fixed_now || *end ? -1 : 0;
}

int64_t clock_ms(const struct tui *t)
{
	return t->clock.fixed ? t->clock.ms : clock_monotonic_ms();
}

time_t clock_wall(const struct tui *t)
{
	struct timespec ts;

	if (t->clock.fixed)
		return t->clock.epoch + (time_t)(t->clock.ms / 1000);
	/*
	 * The clock the loop times its wake-ups with: time() reads a coarser one, which just after
	 * the wake-up may still say the last second, and then the wake-up painted nothing.
	 */
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

/* Rounded up, so that a wait still under way never reads as 0s. */
int64_t clock_seconds_left(int64_t now_ms, int64_t until_ms)
{
	return until_ms > now_ms ? (until_ms - now_ms + 999) / 1000 : 0;
}
