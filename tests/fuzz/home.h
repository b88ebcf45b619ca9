#ifndef FLOWGATE_TESTS_FUZZ_HOME_H
#define FLOWGATE_TESTS_FUZZ_HOME_H
/*
 * For the harnesses of the file readers, which read only through the real path: a private
 * home made once per process (HOME set there, flowgate's variables cleared, removed at exit)
 * and each input written to a file in it.
 */

#include <stddef.h>
#include <stdint.h>

/* The fresh home; made on first use. */
const char *fuzz_home(void);

/* Makes path hold exactly the n bytes (mode 0600 when it is new). Aborts on failure. */
void fuzz_write_file(const char *path, const uint8_t *data, size_t n);

#endif
