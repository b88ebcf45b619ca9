#ifndef FLOWGATE_TESTS_FUZZ_H
#define FLOWGATE_TESTS_FUZZ_H
/*
 * What the fuzz harnesses share: the libFuzzer entry point, a reader that takes fields from
 * the front of an input, and the checks every harness asserts. A failed check aborts, so
 * libFuzzer keeps the input that broke it.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The unread rest of an input. Past its end every field reads as zero or empty. */
struct fuzz_input {
	const uint8_t *p;
	size_t n;
};

uint8_t fuzz_take_u8(struct fuzz_input *in);
uint32_t fuzz_take_u32(struct fuzz_input *in);
/* A length byte and that many bytes, as a new NUL-terminated string (cut at an inner NUL). */
char *fuzz_take_str(struct fuzz_input *in);

/* Prints what broke and aborts. */
#define FUZZ_ASSERT(cond) ((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))
__attribute__((noreturn)) void fuzz_fail(const char *file, int line, const char *what);

/*
 * Aborts unless s is valid UTF-8 with nothing that drives a terminal: no C0 or C1 control,
 * DEL, bidi override, isolate or mark, and no line or paragraph separator. With ascii_only,
 * every byte must be printable ASCII.
 */
void fuzz_assert_inert(const char *s, bool ascii_only);

/* s (raw server or file text, NULL allowed) as text_sanitize gives it to the screen is inert. */
void fuzz_assert_sanitized(const char *s);

/*
 * text_fit of s (raw text, NULL allowed) in `cells`: the whole sanitised text when it fits,
 * else a cut to exactly `cells` that ends in the ellipsis; inert, and as wide as it says.
 */
void fuzz_assert_fit(const char *s, int cells, bool pad, bool ascii_only);

/*
 * Takes s (raw server or file text, NULL allowed) through each way it reaches the screen,
 * text_sanitize, text_width and text_fit in both character sets, asserting the output inert.
 */
void fuzz_assert_displayable(const char *s);

#endif
