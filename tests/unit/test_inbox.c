#include "config.h"

#include "app/inbox.h"

#include <stdlib.h>

#include "../tap.h"

static struct inbox_gate gate(int64_t start, int64_t pipeline, int64_t run, char *job)
{
	return (struct inbox_gate){ .pipeline_id = pipeline, .run_id = run, .job = job, .start_time = start };
}

static int cmp(const void *a, const void *b)
{
	return inbox_gate_cmp(a, b);
}

static void test_order(void)
{
	char j[][2] = { "9", "1", "7", "6", "8", "5" };
	struct inbox_gate g[] = {
		gate(3000, 1, 1, j[0]), gate(0, 1, 1, j[1]), gate(1000, 2, 5, j[2]), gate(1000, 2, 5, j[3]),
		gate(1000, 1, 9, j[4]), gate(2000, 3, 1, j[5]),
	};
	qsort(g, sizeof(g) / sizeof(g[0]), sizeof(g[0]), cmp);
	is_str(g[0].job, "8", "the longest-waiting first; a tie goes to the lower pipeline");
	is_str(g[1].job, "6", "then by run, then by job id");
	is_str(g[2].job, "7", "the same run's next job");
	is_str(g[3].job, "5", "later starts after");
	is_str(g[4].job, "9", "the newest known start last of the known");
	is_str(g[5].job, "1", "an unknown start time goes last, not first");
}

static void test_backoff(void)
{
	is_int(inbox_backoff_ms(1, 0), 500, "the first pause is the base");
	is_int(inbox_backoff_ms(2, 0), 1000, "it doubles");
	is_int(inbox_backoff_ms(3, 0), 2000, "and doubles again");
	is_int(inbox_backoff_ms(2, 4000), 4000, "the server's longer word wins");
	is_int(inbox_backoff_ms(3, 100), 2000, "a shorter word never shortens the back-off");
	is_int(inbox_backoff_ms(40, 0), 30000, "capped");
	is_int(inbox_backoff_ms(1, 600000), 30000, "even when the server asks for more");
}

static void test_empty(void)
{
	struct inbox *ib = inbox_new(NULL, 0, NULL, NULL);

	is_int(inbox_count(ib), 0, "a new inbox has no gates");
	ok(inbox_at(ib, 0) == NULL, "nor a first one");
	is_int(inbox_nfailures(ib), 0, "nor failures");
	ok(!inbox_busy(ib) && !inbox_complete(ib), "it walks only when asked to");
	is_int(inbox_timeout_ms(ib), -1, "and waits on no timer");
	inbox_free(ib);
	inbox_free(NULL);
	ok(1, "inbox_free takes NULL");
}

int main(void)
{
	test_order();
	test_backoff();
	test_empty();
	return tap_done();
}
