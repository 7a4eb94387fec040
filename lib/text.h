/* text.h - the text basics every stage and loader shares.  Private.
 *
 * Strict UTF-8 validation (no overlongs, no surrogates, nothing above
 * U+10FFFF) is the gate before ICU ever sees the text. */
#ifndef DG_TEXT_H
#define DG_TEXT_H

#include "degarble.h"

#include <stddef.h>
#include <stdint.h>

/* ---- letter classes --------------------------------------------------
 * ASCII only, and independent of the C locale; non-ASCII letters go
 * through ICU (u_isupper ...) on decoded code points. */
static inline int dg_ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline int dg_ascii_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static inline int dg_ascii_alpha(unsigned char c) { return dg_ascii_upper(c) || dg_ascii_lower(c); }
static inline int dg_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static inline int dg_ascii_alnum(unsigned char c) { return dg_ascii_alpha(c) || dg_ascii_digit(c); }

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

/* ---- hunspell dictionaries ----------------------------------------------
 * The one way to find a hunspell dictionary: name is a language code
 * ("en_US": DG_HUNSPELL_DIR/en_US.dic and .aff, DG_HUNSPELL_DIR set by the
 * build) or a path to a .dic file (it contains '/' or ends in ".dic"; the
 * .aff lies beside it).  Fills dic, aff (cap bytes each) and label ("en_US",
 * or the .dic file's name without ".dic").  Returns DG_OK, or DG_ERR_ARG for
 * a name that is neither (err filled).  Nothing is opened. */
dg_status dg_hunspell_find(const char *name, char *dic, char *aff, size_t cap,
                           char *label, size_t label_cap, dg_error *err);

#endif
