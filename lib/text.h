/* text.h - the text basics every stage and loader shares.  Private.
 *
 * Strict UTF-8 validation (no overlongs, no surrogates, nothing above
 * U+10FFFF) is the gate before ICU ever sees the text. */
#ifndef DG_TEXT_H
#define DG_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Length (1-4) of the valid sequence starting at s[0], or 0 when the bytes
 * there are not valid UTF-8.  *cp receives the code point when valid. */
size_t dg_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp);

/* True when s[0, n) is valid UTF-8 throughout (data files, user text that
 * will be copied into the output). */
int dg_utf8_valid(const char *s, size_t n);

/* Folds token text for comparison: lower case (ICU simple case folding) and
 * every apostrophe-like quote to '.  Returns the folded length, or 0 when it
 * does not fit in out (size cap). */
size_t dg_fold(const char *s, size_t len, char *out, size_t cap);

/* True when the word at s starts with an upper-case or title-case letter. */
int dg_starts_upper(const char *s, size_t len);

/* Folds text for lookup: lower case (full Unicode simple folding), and the
 * typographic apostrophes ’ ‘ become '.  Code points map one to one, so a
 * key and its text have the same number of code points.  Returns the key
 * length, or (size_t)-1 when it does not fit in cap or is not UTF-8. */
size_t dg_gaz_fold(const char *s, size_t len, char *out, size_t cap);

/* Optimal string alignment distance between a[0, na) and b[0, nb) in bytes
 * (adjacent swaps count once), capped: anything above cap comes back as
 * cap + 1, and so do strings longer than 64 bytes. */
int dg_osa_distance(const char *a, size_t na, const char *b, size_t nb, int cap);

/* The file name of path without its directories ("dicts/names.txt" ->
 * "names.txt"), as data-file sources and rule reasons name files. */
const char *dg_base_name(const char *path);

#endif
