/*
 * fix-text.h - what the parts of fix-text share: growable buffers, output
 * sinks that remember their first error, the unified diff writer and the
 * JSON writers.  Private to the command; nothing here is library API.
 */
#ifndef FIX_TEXT_H
#define FIX_TEXT_H

#include "degarble.h"

#include <stdio.h>
#include <stddef.h>

#define EXIT_TROUBLE 2

extern const char *progname;

/* Out of memory in the command is not worth recovering from: say so and
 * exit 2.  (The temporary file of -i is removed by the exit handler.) */
void die_nomem(void) __attribute__((noreturn));

struct buf {
    char *p;
    size_t len, cap;
};

void buf_add(struct buf *b, const void *p, size_t n);
void buf_free(struct buf *b);

/* An output with its first write error (an errno value, 0 while fine).
 * After an error, writes are dropped: the caller checks err at a piece or
 * record boundary and stops. */
struct sink {
    FILE *f;
    int err;
};

void sink_write(struct sink *s, const void *p, size_t n);
/* Checks the stream's error flag after fprintf-style writes. */
void sink_check(struct sink *s);

/* ---- Unified diff (fix-text-diff.c) ------------------------------------ */

struct diff;

/* A diff of one input, written to out.  name is used in the --- and +++
 * headers, which appear only when something changed. */
struct diff *diff_new(struct sink *out, const char *name, int color);

/* Feeds the next span of the input (old) and what it becomes (new).  old
 * must end at a line end, except for the last span of the input and for a
 * span that stops at a piece cut inside a line: those are held until the
 * line is complete.  new is what the same input bytes turned into. */
void diff_add(struct diff *d, const char *old, size_t olen, const char *new,
              size_t nlen);

/* Writes the last hunk and frees the diff. */
void diff_finish(struct diff *d);

/* ---- JSON (fix-text-json.c) -------------------------------------------- */

/* Where an edit is, for messages and JSON objects. */
struct where {
    const char *file;     /* as shown in messages */
    size_t line, col;     /* 1-based; col counts bytes */
    size_t base;          /* added to edit offsets to make "start"/"end" */
    const char *field;    /* --jsonl: the field the edit is in, else NULL */
};

/* One JSON Lines object for an applied edit or a finding.  text is the
 * buffer given to dg_fix(). */
void json_edit(struct sink *out, const struct where *w, const char *text,
               const dg_edit *e, int applied);

/* One JSON Lines object describing a phrase rule (--list-rules --json). */
void json_rule(struct sink *out, const dg_rule_info *r);

/* What became of one --jsonl record. */
enum record_status {
    RECORD_FIXED,       /* the field was fixed; *out holds the new line */
    RECORD_UNCHANGED,   /* nothing to change; copy the line as it was */
    RECORD_NO_FIELD,    /* no such field, or null: copied as it was */
    RECORD_BAD          /* not a JSON object, or the field not a string;
                           *why says what is wrong */
};

/* Decodes one record line (without its line end) and hands the field's
 * text to fix(), which returns the dg_result (or NULL after reporting a
 * library error: the record is then copied unchanged).  On RECORD_FIXED
 * the line with the field replaced is in *out. */
typedef dg_result *(*fix_fn)(void *ctx, const char *text, size_t len);
enum record_status json_record(const char *line, size_t len,
                               const char *field, fix_fn fix, void *ctx,
                               struct buf *out, char *why, size_t why_size);

#endif /* FIX_TEXT_H */
