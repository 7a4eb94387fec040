/*
 * fix-text.h - what the parts of fix-text share.  Private to the command;
 * nothing here is library API.  The parts, each calling only those listed
 * before it (and the library):
 *   fix-text-io.c       program name, out-of-memory exit, buffers, output
 *                       sinks, message quoting, line counting, progress bar
 *   fix-text-diff.c     unified diffs
 *   fix-text-json.c     JSON: --json objects, --jsonl records
 *   fix-text-explain.c  where edits are; --explain/--report lines, --json
 *   fix-text-inplace.c  the temporary file and rename behind -i
 *   fix-text.c          options, modes, reading inputs, main
 */
#ifndef FIX_TEXT_H
#define FIX_TEXT_H

#include "degarble.h"

#include <stdio.h>
#include <stddef.h>
#include <sys/stat.h>

#define EXIT_TROUBLE 2

/* ---- I/O helpers (fix-text-io.c) --------------------------------------- */

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

/* Standard output as a sink (main sets f). */
extern struct sink out_stdout;

void sink_write(struct sink *s, const void *p, size_t n);
/* Checks the stream's error flag after fprintf-style writes. */
void sink_check(struct sink *s);

/* Bytes for a one-line message: valid UTF-8 kept, anything that could
 * break the line or the terminal escaped; put_quoted adds quotes. */
/* Length of the valid UTF-8 sequence at p[i] (n bytes in all), or 0:
 * shortest form only, no surrogates, nothing above U+10FFFF. */
size_t utf8_seq_len(const unsigned char *p, size_t i, size_t n);
void put_raw(FILE *f, const char *p, size_t n);
void put_quoted(FILE *f, const char *p, size_t n);

/* True when p[0, n) holds nothing but white space (or nothing). */
int blank(const char *p, size_t n);

/* Where a byte offset of the current input falls, 1-based line and byte
 * column; advanced monotonically so that a piece is scanned once. */
struct position {
    size_t line, col;
};

struct progress {
    int want;                /* allowed for this input */
    int tty;
    size_t total;            /* input size, 0 when unknown */
    size_t done;
    double started, shown;
    int drawn;
};

/* Moves pos over text[from, to). */
void advance(struct position *pos, const char *text, size_t from, size_t to);

/* setting: 1 always, 0 never, -1 when standard error is a terminal and
 * (text_on_stdout) the text does not go to a terminal.  total: the input
 * size, 0 when unknown. */
void progress_start(struct progress *p, int setting, int text_on_stdout,
                    size_t total);
void progress_update(struct progress *p, const char *name, size_t n);
void progress_end(struct progress *p, const char *name);

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

/* Feeds one fixed piece: unchanged lines as themselves, the lines edits
 * touch with what they become.  scratch is reused between calls. */
void diff_piece(struct diff *d, const char *text, size_t len,
                const dg_result *res, struct buf *scratch);

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

/* What a --jsonl record is, for json_scan(). */
enum record_status {
    RECORD_FIXED,       /* the field is a string at [*vstart, *vend) */
    RECORD_UNCHANGED,   /* (not returned by json_scan) */
    RECORD_NO_FIELD,    /* no such field, or null: copied as it was */
    RECORD_BAD          /* not valid JSON, not an object, the field twice
                           or not a string; *why says what is wrong */
};

/* Checks that line[0, len) (without its line end) is one JSON object
 * (RFC 8259: any number, any escape, \u0000 included, nesting up to 2048)
 * and finds its top-level member field, quotes included in the span.
 * Builds nothing and allocates nothing. */
enum record_status json_scan(const char *line, size_t len, const char *field,
                             size_t *vstart, size_t *vend, char *why,
                             size_t why_size);

/* Decodes the string bytes raw[*pos, end) (inside a string json_scan()
 * accepted) into out, at most cap bytes and never half a character;
 * advances *pos and returns the bytes written. */
size_t json_decode(const char *raw, size_t *pos, size_t end, char *out,
                   size_t cap);

/* The raw offset reached after decoding count bytes from raw[pos]. */
size_t json_skip_decoded(const char *raw, size_t pos, size_t end,
                         size_t count);

/* Appends text encoded as the inside of a JSON string, as jansson writes
 * it: " \ and control characters escaped, everything else as it is. */
void json_encode(struct buf *out, const char *text, size_t len);

/* ---- Listing edits (fix-text-explain.c) -------------------------------- */

/* Where the text given to dg_fix() lies in the input. */
struct origin {
    const char *name;        /* the input, as shown in messages */
    struct position at;      /* line and column of text[0] */
    size_t offset;           /* input (or field) bytes before text[0] */
    long record;             /* --jsonl: the record's line; else -1 */
    const char *field;       /* --jsonl: the field fixed; else NULL */
};

/* One line per edit (findings 0) or finding (findings 1) of res, in
 * order: FILE:LINE:COL: RULE (STAGE, confidence C): "before" -> "after"
 * - reason. */
void list_edits(FILE *f, const struct origin *o, const char *text,
                size_t len, const dg_result *res, int findings);

/* One --json object per edit and finding, together in input order. */
void json_edits(struct sink *out, const struct origin *o, const char *text,
                const dg_result *res);

/* ---- In place (fix-text-inplace.c) ------------------------------------- */

/* The temporary file sits beside its target so that rename() is atomic
 * (same file system) and the directory's permissions are the ones that
 * count.  On any failure before the rename the original is untouched. */
struct temp {
    char *path;
    int fd;
    FILE *f;
    struct sink sink;
};

/* Removes a temporary file still open on exit or on SIGINT, SIGTERM or
 * SIGHUP. */
void temp_cleanup_on_exit(void);
/* Creates .NAME.fix-text-XXXXXX beside target; 0, or -1 with errno. */
int temp_open(struct temp *t, const char *target);
/* Gives the new file st's owner and group before anything is written;
 * -1 with errno (EPERM: someone else's file) after removing it. */
int temp_take_owner(struct temp *t, const struct stat *st);
/* Closes and removes it. */
void temp_discard(struct temp *t);
/* Gives it st's mode, syncs it and renames it over target;
 * 0, or -1 with errno set (the temporary file is then removed). */
int temp_commit(struct temp *t, const char *target, const struct stat *st);

#endif /* FIX_TEXT_H */
