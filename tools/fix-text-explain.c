/*
 * fix-text-explain.c - where each edit is (file, line, column) and how it
 * is listed: the readable lines of --explain and --report, and the objects
 * of --json (written by fix-text-json.c).
 */
#include "fix-text.h"

#include <stdio.h>
#include <string.h>

/* How far context reaches from an edit that only touches white space: to
 * the neighbouring words, at most CONTEXT_MAX bytes, never into another
 * line and never splitting a UTF-8 character. */
#define CONTEXT_MAX 24

static size_t context_left(const char *text, size_t start)
{
    size_t i = start;
    while (i > 0 && start - i < CONTEXT_MAX && !blank(text + i - 1, 1))
        i--;
    while (i < start && ((unsigned char)text[i] & 0xc0) == 0x80)
        i++;
    return i;
}

static size_t context_right(const char *text, size_t len, size_t end)
{
    size_t i = end;
    while (i < len && i - end < CONTEXT_MAX && !blank(text + i, 1))
        i++;
    while (i > end && i < len && ((unsigned char)text[i] & 0xc0) == 0x80)
        i--;
    return i;
}

static void print_edit(FILE *f, const struct where *w, const char *text,
                       size_t len, const dg_edit *e, int finding)
{
    size_t start = dg_edit_start(e), end = dg_edit_end(e), rlen = 0;
    size_t left = start, right = end;
    const char *repl = dg_edit_replacement(e, &rlen);
    const char *reason = dg_edit_reason(e);

    /* `" " -> ""` says little; `"Tuesday ," -> "Tuesday,"` says what
     * happened.  Word edits are clear as they are. */
    if (blank(text + start, end - start) && (!repl || blank(repl, rlen))) {
        left = context_left(text, start);
        right = context_right(text, len, end);
    }
    fprintf(f, "%s:%zu:%zu: %s%s (%s, confidence %.2f): ", w->file, w->line,
            w->col, finding ? "finding: " : "", dg_edit_rule(e),
            dg_stage_name(dg_edit_stage(e)), dg_edit_confidence(e));
    put_quoted(f, text + left, right - left);
    if (repl) {
        fputs(" -> \"", f);
        put_raw(f, text + left, start - left);
        put_raw(f, repl, rlen);
        put_raw(f, text + end, right - end);
        fputc('"', f);
    }
    if (reason && *reason)
        fprintf(f, " - %s", reason);
    fputc('\n', f);
}

/* Finds positions of edits in one piece or record, in increasing order. */
struct walker {
    const struct origin *o;
    const char *text;
    struct position pos;
    size_t done;
};

static struct walker walker_start(const struct origin *o, const char *text)
{
    struct walker w = { o, text, o->at, 0 };
    return w;
}

static struct where walk_to(struct walker *w, size_t offset)
{
    struct where at = { w->o->name, 0, 0, w->o->offset, NULL };
    if (w->o->record >= 0) {
        /* Records are one line each; the column is within the field. */
        at.line = (size_t)w->o->record;
        at.col = w->o->offset + offset + 1;
        at.field = w->o->field;
        return at;
    }
    advance(&w->pos, w->text, w->done, offset);
    w->done = offset;
    at.line = w->pos.line;
    at.col = w->pos.col;
    return at;
}

static const dg_edit *edit_or_finding(const dg_result *res, int finding,
                                      size_t i)
{
    return finding ? dg_result_finding(res, i) : dg_result_edit(res, i);
}

static size_t count_of(const dg_result *res, int finding)
{
    return finding ? dg_result_finding_count(res)
                   : dg_result_edit_count(res);
}

/* Lists edits (or findings) of one piece or record, readably. */
void list_edits(FILE *f, const struct origin *o, const char *text,
                size_t len, const dg_result *res, int findings)
{
    struct walker w = walker_start(o, text);
    size_t n = count_of(res, findings);
    for (size_t i = 0; i < n; i++) {
        const dg_edit *e = edit_or_finding(res, findings, i);
        struct where at = walk_to(&w, dg_edit_start(e));
        print_edit(f, &at, text, len, e, findings);
    }
}

/* JSON Lines for edits and findings together, in input order: a reader
 * that follows the text sees them where they are. */
void json_edits(struct sink *out, const struct origin *o, const char *text,
                const dg_result *res)
{
    struct walker w = walker_start(o, text);
    size_t ne = dg_result_edit_count(res), nf = dg_result_finding_count(res);
    size_t ie = 0, in = 0;

    while (ie < ne || in < nf) {
        const dg_edit *e = ie < ne ? dg_result_edit(res, ie) : NULL;
        const dg_edit *fd = in < nf ? dg_result_finding(res, in) : NULL;
        int applied = e && (!fd || dg_edit_start(e) <= dg_edit_start(fd));
        const dg_edit *x = applied ? e : fd;
        struct where at = walk_to(&w, dg_edit_start(x));
        json_edit(out, &at, text, x, applied);
        if (applied)
            ie++;
        else
            in++;
    }
}
