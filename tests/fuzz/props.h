/* props.h - the properties every dg_fix()/dg_tokenize() result must have,
 * whatever the input.  Shared by tests/test-properties.c and the fuzz
 * targets so that a fuzzer crash and a failing test mean the same thing.
 *
 * Only the public API is used, and UTF-8 is decoded here independently of
 * lib/text.c: a check that reused the library's decoder would agree with
 * the library's mistakes. */
#ifndef DG_PROPS_H
#define DG_PROPS_H

#include "degarble.h"

#include <stddef.h>

/* Failure classes, as bits, so that a caller can count them separately. */
#define DGP_ERROR 0x01u      /* dg_fix()/dg_tokenize() did not return DG_OK */
#define DGP_LOST 0x02u       /* edits do not reproduce the output, or are
                                unsorted, overlapping, out of range, split a
                                character or carry invalid replacements */
#define DGP_INVALID 0x04u    /* an edit touches an invalid or NUL byte, the
                                output's invalid bytes differ from the
                                input's, or invalid UTF-8 is not reported */
#define DGP_IDEMPOTENT 0x08u /* fixing the output again changes something */
#define DGP_TOKENS 0x10u     /* tokens do not cover the input exactly */
#define DGP_FAST_PATH 0x20u  /* the tokenizer's ASCII fast path and ICU alone
                                give different tokens */

/* Where a check writes what went wrong (the first violation only). */
typedef struct dgp_msg {
    char text[1024];
} dgp_msg;

/* Checks a result against its input: nothing lost (DGP_LOST) and invalid
 * bytes untouched and reported (DGP_INVALID).  Returns the failed bits. */
unsigned dgp_check_result(const char *in, size_t len, const dg_result *r,
                          dgp_msg *msg);

/* Fixes the result's text again and checks that no edit is applied and the
 * text is unchanged.  Names the rule ids of any second-pass edit. */
unsigned dgp_check_idempotent(const dg_engine *e, const dg_result *r,
                              dgp_msg *msg);

/* Checks tokens: in order, no gaps, no overlap, covering [0, len), never
 * splitting a character, INVALID exactly on invalid and NUL bytes. */
unsigned dgp_check_tokens(const char *in, size_t len, const dg_tokens *t,
                          dgp_msg *msg);

/* Tokenizes in twice, with the tokenizer's ASCII fast path (as always) and
 * with ICU alone (the library's internal switch DG_TOKENIZER_ICU_ONLY set in
 * the environment for that call), and compares the token streams: offsets,
 * stems, kinds and flags.  On a difference msg shows the first differing
 * token of each with its place and context.  Sets and unsets the variable:
 * not for threads. */
unsigned dgp_check_fast_path(const dg_engine *e, const char *in, size_t len,
                             dgp_msg *msg);

/* All of the above for one input with one engine; idempotence only when
 * check_idem is non-zero. */
unsigned dgp_check_all(const dg_engine *e, const char *in, size_t len,
                       int check_idem, dgp_msg *msg);

/* Length of the valid UTF-8 sequence (1-4) at s, 0 when invalid.  NUL is
 * valid UTF-8 but the library treats it like an invalid byte; callers
 * decide. */
size_t dgp_utf8_len(const unsigned char *s, size_t avail);

/* Appends up to max bytes of s to out as a C string literal body (\xNN for
 * anything not printable ASCII), for diagnostics. */
void dgp_escape(char *out, size_t cap, const char *s, size_t len, size_t max);

/* The input files of a regression or corpus directory, sorted by name so
 * that runs are repeatable: "DIR/NAME" paths, malloc'ed, in a malloc'ed
 * array of *n.  Dot files, README and subdirectories (which hold other
 * targets' inputs) are left out.  NULL with *n == 0 when dir cannot be
 * opened.  dgp_free_list() frees the paths and the array. */
char **dgp_list_dir(const char *dir, size_t *n);
void dgp_free_list(char **paths, size_t n);

/* An engine for the tokenizer targets: the tokenizer needs the
 * abbreviation table, and the dictionary stage would only slow engine
 * creation down, so it is off.  Exits naming who on failure. */
dg_engine *dgp_tokenizer_engine(const char *who);

#endif
