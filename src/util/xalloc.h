#ifndef FLOWGATE_UTIL_XALLOC_H
#define FLOWGATE_UTIL_XALLOC_H
/* Allocation that cannot fail: out of memory ends the process with a message. */

#include <stddef.h>

/* Says "out of memory" on stderr and aborts: for a library call that failed for want of memory. */
_Noreturn void xalloc_die(void);

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);          /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);
/*
 * Room for one more item in an array of n items of `size` bytes that holds *cap: when it is
 * full, *cap doubles (from `first`) and the array is reallocated. Returns the array, perhaps moved.
 */
void *xgrow(void *p, size_t n, size_t *cap, size_t size, size_t first);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Overwrites a secret in a way the compiler may not optimise away, then frees it. */
void xfree_secret(char *s);
void xwipe(void *p, size_t n);

#endif
