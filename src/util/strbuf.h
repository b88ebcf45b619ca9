#ifndef FLOWGATE_UTIL_STRBUF_H
#define FLOWGATE_UTIL_STRBUF_H
/* A growable, always NUL-terminated byte buffer. A zeroed struct is an empty buffer. */

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;   /* NULL until the first append; strbuf_cstr() never returns NULL */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_append(struct strbuf *sb, const void *data, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
const char *strbuf_cstr(const struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);          /* empty, keeps the memory */
char *strbuf_detach(struct strbuf *sb);        /* caller owns the string; buffer is empty again */
void strbuf_free(struct strbuf *sb);
void strbuf_free_secret(struct strbuf *sb);    /* wipes before freeing */

#endif
