#include "config.h"

#include "util/timefmt.h"

#include <stdio.h>

void timefmt_local(char out[20], int64_t epoch_ms)
{
	struct tm tm;
	time_t t = (time_t)(epoch_ms / 1000);
	if (epoch_ms <= 0 || !localtime_r(&t, &tm) || strftime(out, 20, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out, 20, "-");
}

void timefmt_age(char out[16], int64_t epoch_ms, time_t now)
{
	int64_t s = (int64_t)now - epoch_ms / 1000;
	if (epoch_ms <= 0 || s < 0)
		snprintf(out, 16, "-");
	else if (s < 60)
		snprintf(out, 16, "%ds", (int)s);
	else if (s < 3600)
		snprintf(out, 16, "%dm", (int)(s / 60));
	else if (s < 86400)
		snprintf(out, 16, "%dh%02dm", (int)(s / 3600), (int)(s % 3600 / 60));
	else if (s < 100 * 86400LL)
		snprintf(out, 16, "%dd%02dh", (int)(s / 86400), (int)(s % 86400 / 3600));
	else
		snprintf(out, 16, "%dd", (int)(s / 86400 > 99999 ? 99999 : s / 86400));
}
