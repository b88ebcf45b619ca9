#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
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

int main(void)
{
	empty_buffer_reads_as_empty_string();
	appends_grow_past_the_first_allocation();
	printf_appends_formatted_text();
	binary_data_is_kept();
	return tap_done();
}
