#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"
#include "../tap.h"

static void empty_buffer_reads_as_empty_string(void)
{
	struct strbuf sb = STRBUF_INIT;
	is_str(strbuf_cstr(&sb), "", "an empty buffer reads as \"\"");
	char *s = strbuf_detach(&sb);
	is_str(s, "", "detaching an empty buffer gives an owned \"\"");
	free(s);
}

static void appends_grow_past_the_first_allocation(void)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 1000; i++)
		strbuf_putc(&sb, (char)('a' + i % 26));
	is_int(sb.len, 1000, "a thousand single appends keep every byte");
	ok(sb.buf[999] == 'a' + 999 % 26 && sb.buf[1000] == '\0', "the buffer stays NUL-terminated");
	strbuf_free(&sb);
	ok(sb.buf == NULL && sb.len == 0, "free leaves an empty buffer");
}

static void printf_appends_formatted_text(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "id=");
	strbuf_printf(&sb, "%d/%s", 42, "x");
	is_str(strbuf_cstr(&sb), "id=42/x", "printf appends after existing text");
	strbuf_reset(&sb);
	is_str(strbuf_cstr(&sb), "", "reset empties the buffer");
	strbuf_free(&sb);
}

static void binary_data_is_kept(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_append(&sb, "a\0b", 3);
	ok(sb.len == 3 && memcmp(sb.buf, "a\0b", 3) == 0, "embedded NUL bytes are kept");
	strbuf_free_secret(&sb);
	ok(sb.buf == NULL, "free_secret releases the buffer");
}

static void arrays_grow_by_doubling(void)
{
	int *a = NULL;
	size_t n = 0, cap = 0;
	a = xgrow(a, n, &cap, sizeof(*a), 4);
	is_int((int)cap, 4, "an empty array grows to its first size");
	for (n = 0; n < 4; n++)
		a[n] = (int)n;
	int *same = xgrow(a, 3, &cap, sizeof(*a), 4);
	ok(same == a && cap == 4, "an array with room is left as it is");
	a = xgrow(a, n, &cap, sizeof(*a), 4);
	is_int((int)cap, 8, "a full array doubles");
	a[4] = 4;
	ok(a[0] == 0 && a[3] == 3 && a[4] == 4, "and keeps its items");
	free(a);
}

int main(void)
{
	empty_buffer_reads_as_empty_string();
	appends_grow_past_the_first_allocation();
	printf_appends_formatted_text();
	binary_data_is_kept();
	arrays_grow_by_doubling();
	return tap_done();
}
