#ifndef FLOWGATE_TESTS_TAP_H
#define FLOWGATE_TESTS_TAP_H
/*
 * A tiny TAP producer for unit tests: each check is one test point, named after the behaviour it
 * asserts. Include once per test program; call tap_done() at the end of main.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 2, 3)))
__attribute__((unused)) static int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __VA_ARGS__)

#define is_str(got, want, ...)                                                              \
	do {                                                                                \
		const char *is_got_ = (got), *is_want_ = (want);                            \
		int is_same_ = (is_got_ && is_want_) ? strcmp(is_got_, is_want_) == 0       \
		                                     : is_got_ == is_want_;                 \
		if (!tap_ok(is_same_, __VA_ARGS__))                                         \
			printf("#   got:  '%s'\n#   want: '%s'\n", is_got_ ? is_got_ : "(null)", \
			       is_want_ ? is_want_ : "(null)");                             \
	} while (0)

#define is_int(got, want, ...)                                                        \
	do {                                                                          \
		long long is_got_ = (long long)(got), is_want_ = (long long)(want);   \
		if (!tap_ok(is_got_ == is_want_, __VA_ARGS__))                        \
			printf("#   got:  %lld\n#   want: %lld\n", is_got_, is_want_); \
	} while (0)

__attribute__((unused)) static int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
