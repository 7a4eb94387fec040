/* tap.h - a tiny TAP producer for the C tests: meson reads the plan and
 * the ok/not ok lines. */
#ifndef DG_TAP_H
#define DG_TAP_H

#include "degarble.h"

#include <stddef.h>

/* Records one check; prints "ok N - name" or "not ok N - name".  The name
 * stays on one line that meson reads: line breaks, tabs, control bytes and
 * invalid UTF-8 are written as \n \t \r \xHH.  A '#' is left as it is,
 * so that a name can end in a directive (" # TODO why", " # SKIP why");
 * text from data must not bring one in ("a # TODO" would turn a failure
 * into an expected one): table_where escapes it.  Returns cond. */
int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Compares two byte strings; on mismatch prints both, escaped. */
int tap_str(const char *got, size_t got_len, const char *want,
            const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Prints a diagnostic "# ..."; a line break in it starts another "# "
 * line, and control bytes and invalid UTF-8 are escaped. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the plan and returns the exit status: 0, since the TAP lines
 * carry the verdict. */
int tap_done(void);
/* Skips the whole program with a reason (exit status 77 is not used: TAP
 * "1..0 # SKIP" is what meson understands). */
int tap_skip_all(const char *reason);
/* malloc and realloc that end the test with "Bail out!" when memory runs
 * out, so that callers need not check. */
void *tap_xmalloc(size_t n);
void *tap_xrealloc(void *p, size_t n);
/* Reads a whole file into a new NUL-terminated buffer (*len excludes the
 * NUL).  Returns NULL with errno set when it cannot. */
char *tap_read_file(const char *path, size_t *len);
/* The same into *text and *len; returns 0 or the errno that stopped it. */
int tap_read_into(const char *path, char **text, size_t *len);
/* Undoes the escapes test tables use: \t \n \r \\ and \xHH (for bytes
 * that are not valid UTF-8); any other \X stands for X.  Writes at most
 * cap - 1 bytes and a NUL; returns the length. */
size_t tap_unescape(const char *s, size_t n, char *out, size_t cap);
/* Prints bytes as one line that cannot break the TAP stream: newlines,
 * tabs, quotes, control bytes and invalid UTF-8 escaped. */
void tap_put_escaped(const char *s, size_t n);
/* Shows an edit in place: up to 24 bytes of context either side (stopping
 * at a line break, never splitting a UTF-8 sequence) and the change in
 * white brackets, "a sequence of ⟦old → new⟧ characters": a bare " " -> ""
 * says little, its neighbours say which space went. */
void tap_put_in_context(const char *in, size_t len, size_t s, size_t t,
                        const char *repl, size_t rl);
/* An engine built from opts (NULL: defaults), or "Bail out!" with the
 * status, message, file and line; a warning of the engine's is printed as
 * a diagnostic. */
dg_engine *tap_engine_new(const dg_options *opts);
/* Source root from DG_SOURCE_ROOT (for data files), "." when unset. */
const char *tap_source_root(void);

#endif
