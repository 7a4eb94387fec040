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

/* ---- apostrophes -------------------------------------------------------
 * The one apostrophe set, for the tokenizer (possessives), the fold below,
 * the casing stage, the phrase stage and the dictionary's hunspell keys:
 *   U+0027 '  APOSTROPHE, the typewriter one
 *   U+2019 ’  RIGHT SINGLE QUOTATION MARK, the typographic apostrophe
 *   U+2018 ‘  LEFT SINGLE QUOTATION MARK, what autocorrect and garbling put
 *             for an apostrophe ("‘90s", "the Workers‘ Party")
 *   U+02BC ʼ  MODIFIER LETTER APOSTROPHE
 * Not the grave accent ` (code quoting in technical text) and not the prime
 * ′ (feet, minutes: 5′ 10″).  dicts/phrases.txt documents the same set. */
static inline int dg_is_apostrophe(uint32_t cp)
{
    return cp == 0x27 || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

/* Length in bytes (1, 2 or 3) of the apostrophe that starts s[0, avail), or
 * 0 when none does. */
size_t dg_apostrophe_len(const char *s, size_t avail);

/* ---- case folding -------------------------------------------------------
 * The one fold, for every key compared case-insensitively: rule literals
 * and the tokens they match, gazetteer names, company names and suffixes,
 * abbreviations.  Lower case by ICU simple case folding (u_foldCase, one
 * code point to one code point, so a key and its text have the same number
 * of code points), and every apostrophe of the set above becomes '.
 * Returns the key's length, or 0 when s is empty, is not valid UTF-8, or
 * its key does not fit in cap bytes. */
size_t dg_fold(const char *s, size_t len, char *out, size_t cap);

/* The fold of one code point (what dg_fold does to each). */
uint32_t dg_fold_char(uint32_t c);

/* True when the word at s starts with an upper-case or title-case letter. */
int dg_starts_upper(const char *s, size_t len);

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
