/* utf8.h - strict UTF-8 validation (no overlongs, no surrogates, nothing
 * above U+10FFFF), the gate before ICU ever sees the text. */
#ifndef DG_UTF8_H
#define DG_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length (1-4) of the valid sequence starting at s[0], or 0 when the bytes
 * there are not valid UTF-8.  *cp receives the code point when valid. */
size_t dg_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp);

/* True when s[0, n) is valid UTF-8 throughout (data files, user text that
 * will be copied into the output). */
int dg_utf8_valid(const char *s, size_t n);

#endif
