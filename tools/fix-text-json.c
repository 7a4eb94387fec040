/*
 * fix-text-json.c - JSON for --json (one object per edit or finding) and
 * --jsonl (records whose text field is fixed).  jansson reads and writes
 * all JSON; the one thing done by hand is finding where, in a record that
 * jansson has already accepted, the field's value starts and ends, so that
 * only those bytes are replaced (see locate_field()).
 */
#include "fix-text.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Confidences are two-digit numbers; jansson's default of 17 significant
 * digits would print 0.95 as 0.94999999999999996. */
#define DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))

static void set(json_t *obj, const char *key, json_t *value)
{
    if (!value || json_object_set_new(obj, key, value) != 0)
        die_nomem();
}

static const char hex[] = "0123456789abcdef";

static json_t *hex_string(const char *p, size_t n)
{
    char *s = malloc(2 * n + 1);
    json_t *v;
    if (!s)
        die_nomem();
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = hex[(unsigned char)p[i] >> 4];
        s[2 * i + 1] = hex[(unsigned char)p[i] & 15];
    }
    s[2 * n] = '\0';
    v = json_string(s);
    free(s);
    return v;
}

void json_edit(struct sink *out, const struct where *w, const char *text,
               const dg_edit *e, int applied)
{
    size_t start = dg_edit_start(e), end = dg_edit_end(e), rlen = 0;
    const char *repl = dg_edit_replacement(e, &rlen);
    const char *reason = dg_edit_reason(e);
    json_t *obj = json_object(), *before;
    char *s;

    if (!obj)
        die_nomem();
    set(obj, "file", json_string(w->file));
    set(obj, "line", json_integer((json_int_t)w->line));
    set(obj, "column", json_integer((json_int_t)w->col));
    if (w->field)
        set(obj, "field", json_string(w->field));
    set(obj, "start", json_integer((json_int_t)(w->base + start)));
    set(obj, "end", json_integer((json_int_t)(w->base + end)));
    /* json_stringn() takes NUL bytes (as \u0000) but refuses invalid
     * UTF-8, which the input stage reports; that is given as hex, so that
     * nothing about it is lost. */
    before = json_stringn(text + start, end - start);
    if (before) {
        set(obj, "before", before);
    } else {
        set(obj, "before", json_null());
        set(obj, "before_hex", hex_string(text + start, end - start));
    }
    set(obj, "after", repl ? json_stringn(repl, rlen) : json_null());
    set(obj, "stage", json_string(dg_stage_name(dg_edit_stage(e))));
    set(obj, "rule", json_string(dg_edit_rule(e) ? dg_edit_rule(e) : ""));
    set(obj, "confidence", json_real(dg_edit_confidence(e)));
    set(obj, "reason", json_string(reason ? reason : ""));
    set(obj, "applied", json_boolean(applied));

    s = json_dumps(obj, DUMP_FLAGS);
    json_decref(obj);
    if (!s)
        die_nomem();
    sink_write(out, s, strlen(s));
    sink_write(out, "\n", 1);
    free(s);
}

void json_rule(struct sink *out, const dg_rule_info *r)
{
    json_t *obj = json_object();
    char *s;

    if (!obj)
        die_nomem();
    set(obj, "rule", json_string(r->rule));
    set(obj, "category", json_string(r->category ? r->category : ""));
    set(obj, "pattern", json_string(r->pattern));
    set(obj, "replacement", json_string(r->replacement));
    set(obj, "note", json_string(r->note ? r->note : ""));
    set(obj, "file", json_string(r->file));
    set(obj, "line", json_integer(r->line));
    set(obj, "confidence", json_real(r->confidence));
    set(obj, "examples", json_integer((json_int_t)r->examples));
    s = json_dumps(obj, DUMP_FLAGS);
    json_decref(obj);
    if (!s)
        die_nomem();
    sink_write(out, s, strlen(s));
    sink_write(out, "\n", 1);
    free(s);
}

/* ---- Records ----------------------------------------------------------- */

static size_t skip_space(const char *p, size_t i, size_t n)
{
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
                     p[i] == '\n'))
        i++;
    return i;
}

/* p[i] is the opening quote of a string jansson has accepted. */
static size_t skip_string(const char *p, size_t i, size_t n)
{
    for (i++; i < n; i++) {
        if (p[i] == '\\')
            i++;
        else if (p[i] == '"')
            return i + 1;
    }
    return n;
}

static size_t skip_value(const char *p, size_t i, size_t n)
{
    size_t depth = 0;

    if (p[i] != '{' && p[i] != '[' && p[i] != '"') {
        while (i < n && p[i] && !strchr(",}] \t\r\n", p[i]))
            i++;
        return i;
    }
    while (i < n) {
        if (p[i] == '"') {
            i = skip_string(p, i, n);
        } else {
            if (p[i] == '{' || p[i] == '[')
                depth++;
            else if (p[i] == '}' || p[i] == ']')
                depth--;
            i++;
        }
        if (depth == 0)
            return i;
    }
    return n;
}

/* Is the key spelled in p[start, end) (quotes included) the name field? */
static int key_is(const char *p, size_t start, size_t end, const char *field)
{
    size_t flen = strlen(field);
    json_t *key;
    int same;

    if (!memchr(p + start, '\\', end - start))
        return end - start == flen + 2 &&
               memcmp(p + start + 1, field, flen) == 0;
    /* An escaped key ("\u0074ext") is decoded by jansson, not by hand. */
    key = json_loadb(p + start, end - start, JSON_DECODE_ANY, NULL);
    same = key && json_string_length(key) == flen &&
           memcmp(json_string_value(key), field, flen) == 0;
    json_decref(key);
    return same;
}

/* Finds the byte span of the top-level value of field in a record jansson
 * has parsed.  This is a scanner over text already known to be valid JSON
 * (strings and nesting only), never a parser: it decides nothing about
 * validity.  It exists because re-serialising the whole record would
 * rewrite the other fields (0.1 becomes 0.10000000000000001, "\u00e9"
 * becomes "é", spacing changes), and they must pass through untouched. */
static int locate_field(const char *p, size_t n, const char *field,
                        size_t *vstart, size_t *vend)
{
    size_t i = skip_space(p, 0, n);

    if (i >= n || p[i] != '{')
        return 0;
    i++;
    for (;;) {
        size_t kstart, kend;
        i = skip_space(p, i, n);
        if (i >= n || p[i] != '"')
            return 0;
        kstart = i;
        kend = i = skip_string(p, i, n);
        i = skip_space(p, i, n);
        if (i >= n || p[i] != ':')
            return 0;
        i = skip_space(p, i + 1, n);
        if (i >= n)
            return 0;
        *vstart = i;
        i = skip_value(p, i, n);
        *vend = i;
        if (key_is(p, kstart, kend, field))
            return 1;
        i = skip_space(p, i, n);
        if (i >= n || p[i] != ',')
            return 0;
        i++;
    }
}

enum record_status json_record(const char *line, size_t len,
                               const char *field, fix_fn fix, void *ctx,
                               struct buf *out, char *why, size_t why_size)
{
    json_error_t jerr;
    json_t *root, *value, *fixed;
    dg_result *res;
    const char *text;
    size_t text_len, vstart, vend;
    char *enc;
    enum record_status status;

    /* Duplicate keys are refused: which one is "the" field would be a
     * guess, and a guess could lose text. */
    root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf(why, why_size, "column %d: %s", jerr.column, jerr.text);
        return RECORD_BAD;
    }
    if (!json_is_object(root)) {
        snprintf(why, why_size, "not a JSON object");
        json_decref(root);
        return RECORD_BAD;
    }
    value = json_object_get(root, field);
    if (!value || json_is_null(value)) {
        json_decref(root);
        return RECORD_NO_FIELD;
    }
    if (!json_is_string(value)) {
        snprintf(why, why_size, "field \"%s\" is not a string", field);
        json_decref(root);
        return RECORD_BAD;
    }
    text = json_string_value(value);
    text_len = json_string_length(value);
    res = fix(ctx, text, text_len);
    if (!res || dg_result_edit_count(res) == 0) {
        json_decref(root);
        return RECORD_UNCHANGED;
    }

    text = dg_result_text(res, &text_len);
    fixed = json_stringn(text, text_len);
    if (!fixed)
        die_nomem();
    status = RECORD_FIXED;
    out->len = 0;
    if (locate_field(line, len, field, &vstart, &vend)) {
        enc = json_dumps(fixed, JSON_ENCODE_ANY);
        if (!enc)
            die_nomem();
        buf_add(out, line, vstart);
        buf_add(out, enc, strlen(enc));
        buf_add(out, line + vend, len - vend);
    } else {
        /* Not reached for input jansson accepts; should it be, the record
         * is still written whole, in its key order, by jansson. */
        json_object_set(root, field, fixed);
        enc = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!enc)
            die_nomem();
        buf_add(out, enc, strlen(enc));
    }
    free(enc);
    json_decref(fixed);
    json_decref(root);
    return status;
}
