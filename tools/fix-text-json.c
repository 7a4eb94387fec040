/*
 * fix-text-json.c - JSON for --json (one object per edit or finding),
 * written with jansson, and for --jsonl records: a scanner that checks a
 * record and finds its field without building it, and the decoder and
 * encoder of that field (see "Records" below).
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

/* Records are checked and their field found by a scanner that builds
 * nothing: memory stays at the record itself however large it is, every
 * number is accepted as the grammar allows (a 30-digit integer, 1e400:
 * nothing is converted), and \u0000 is a character like any other.  Only
 * the fixed field is ever decoded, and only a piece at a time. */

/* Nesting deeper than this is refused (jansson's limit too). */
#define MAX_DEPTH 2048

struct scan {
    const unsigned char *p;
    size_t i, n;
    char *why;
    size_t why_size;
};

static int fail(struct scan *s, const char *what)
{
    snprintf(s->why, s->why_size, "column %zu: %s", s->i + 1, what);
    return 0;
}

static void skip_ws(struct scan *s)
{
    while (s->i < s->n && (s->p[s->i] == ' ' || s->p[s->i] == '\t' ||
                           s->p[s->i] == '\r' || s->p[s->i] == '\n'))
        s->i++;
}

static int hex4(const unsigned char *p, size_t i, size_t n, unsigned *v)
{
    *v = 0;
    if (i + 4 > n)
        return 0;
    for (size_t k = 0; k < 4; k++) {
        unsigned char c = p[i + k];
        unsigned d = c >= '0' && c <= '9' ? c - '0'
                   : c >= 'a' && c <= 'f' ? c - 'a' + 10
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 16;
        if (d == 16)
            return 0;
        *v = *v * 16 + d;
    }
    return 1;
}

/* s->p[s->i] is '"': checks the string and moves past its closing quote.
 * *escaped tells whether it holds a backslash. */
static int scan_string(struct scan *s, int *escaped)
{
    *escaped = 0;
    for (s->i++; s->i < s->n;) {
        unsigned char c = s->p[s->i];
        size_t len;
        unsigned u, u2;

        if (c == '"') {
            s->i++;
            return 1;
        }
        if (c == '\\') {
            *escaped = 1;
            if (s->i + 1 >= s->n)
                break;
            c = s->p[s->i + 1];
            if (c != 'u') {
                if (!strchr("\"\\/bfnrt", c) || !c)
                    return fail(s, "invalid escape in a string");
                s->i += 2;
                continue;
            }
            if (!hex4(s->p, s->i + 2, s->n, &u))
                return fail(s, "invalid \\u escape");
            if (u >= 0xdc00 && u <= 0xdfff)
                return fail(s, "invalid Unicode: a lone low surrogate");
            if (u >= 0xd800 && u <= 0xdbff) {
                if (s->i + 12 > s->n || s->p[s->i + 6] != '\\' ||
                    s->p[s->i + 7] != 'u' ||
                    !hex4(s->p, s->i + 8, s->n, &u2) || u2 < 0xdc00 ||
                    u2 > 0xdfff)
                    return fail(s, "invalid Unicode: a lone high surrogate");
                s->i += 12;
            } else {
                s->i += 6;
            }
            continue;
        }
        if (c < 0x20)
            return fail(s, "control character in a string");
        len = utf8_seq_len(s->p, s->i, s->n);
        if (!len)
            return fail(s, "invalid UTF-8");
        s->i += len;
    }
    return fail(s, "unterminated string");
}

static int scan_digits(struct scan *s)
{
    size_t start = s->i;
    while (s->i < s->n && s->p[s->i] >= '0' && s->p[s->i] <= '9')
        s->i++;
    return s->i > start;
}

/* Any number the grammar allows; none is converted, so none overflows. */
static int scan_number(struct scan *s)
{
    if (s->p[s->i] == '-')
        s->i++;
    if (s->i < s->n && s->p[s->i] == '0')
        s->i++;
    else if (!scan_digits(s))
        return fail(s, "invalid number");
    if (s->i < s->n && s->p[s->i] == '.') {
        s->i++;
        if (!scan_digits(s))
            return fail(s, "invalid number");
    }
    if (s->i < s->n && (s->p[s->i] == 'e' || s->p[s->i] == 'E')) {
        s->i++;
        if (s->i < s->n && (s->p[s->i] == '+' || s->p[s->i] == '-'))
            s->i++;
        if (!scan_digits(s))
            return fail(s, "invalid number");
    }
    return 1;
}

static int scan_word(struct scan *s, const char *w)
{
    size_t len = strlen(w);
    if (s->n - s->i < len || memcmp(s->p + s->i, w, len) != 0)
        return fail(s, "unexpected character");
    s->i += len;
    return 1;
}

/* An object member's key and colon; s->p[s->i] should be '"'. */
static int scan_key(struct scan *s)
{
    int esc;
    skip_ws(s);
    if (s->i >= s->n || s->p[s->i] != '"')
        return fail(s, "expected a key string");
    if (!scan_string(s, &esc))
        return 0;
    skip_ws(s);
    if (s->i >= s->n || s->p[s->i] != ':')
        return fail(s, "expected ':'");
    s->i++;
    return 1;
}

/* One value of any kind, nesting included, without recursion. */
static int scan_value(struct scan *s)
{
    unsigned char stack[MAX_DEPTH];
    size_t depth = 0;
    int esc;

    for (;;) {
        skip_ws(s);
        if (s->i >= s->n)
            return fail(s, "unexpected end of record");
        switch (s->p[s->i]) {
        case '{':
        case '[':
            if (depth == MAX_DEPTH)
                return fail(s, "nested too deeply");
            stack[depth++] = s->p[s->i++];
            skip_ws(s);
            if (s->i < s->n && s->p[s->i] == (stack[depth - 1] == '{' ? '}' : ']')) {
                s->i++;
                depth--;
                break;
            }
            if (stack[depth - 1] == '{' && !scan_key(s))
                return 0;
            continue;
        case '"':
            if (!scan_string(s, &esc))
                return 0;
            break;
        case 't':
            if (!scan_word(s, "true"))
                return 0;
            break;
        case 'f':
            if (!scan_word(s, "false"))
                return 0;
            break;
        case 'n':
            if (!scan_word(s, "null"))
                return 0;
            break;
        default:
            if (s->p[s->i] != '-' && (s->p[s->i] < '0' || s->p[s->i] > '9'))
                return fail(s, "unexpected character");
            if (!scan_number(s))
                return 0;
            break;
        }
        /* After a value: close containers, or go on after a comma. */
        for (;;) {
            if (depth == 0)
                return 1;
            skip_ws(s);
            if (s->i >= s->n)
                return fail(s, "unexpected end of record");
            if (s->p[s->i] == ',') {
                s->i++;
                if (stack[depth - 1] == '{' && !scan_key(s))
                    return 0;
                break;
            }
            if (s->p[s->i] != (stack[depth - 1] == '{' ? '}' : ']'))
                return fail(s, stack[depth - 1] == '{' ? "expected ',' or '}'"
                                                        : "expected ',' or ']'");
            s->i++;
            depth--;
        }
    }
}

/* One decoded element (a character or an escape) of a string already
 * scanned, from p[*pos]; writes 1 to 4 bytes to out and returns how
 * many. */
static size_t decode_one(const unsigned char *p, size_t *pos, char *out)
{
    size_t i = *pos;
    unsigned u, u2;

    if (p[i] != '\\') {
        size_t len = p[i] < 0x80 ? 1 : p[i] < 0xe0 ? 2 : p[i] < 0xf0 ? 3 : 4;
        memcpy(out, p + i, len);
        *pos = i + len;
        return len;
    }
    switch (p[i + 1]) {
    case 'b': *out = '\b'; break;
    case 'f': *out = '\f'; break;
    case 'n': *out = '\n'; break;
    case 'r': *out = '\r'; break;
    case 't': *out = '\t'; break;
    case 'u':
        hex4(p, i + 2, i + 6, &u);
        *pos = i + 6;
        if (u >= 0xd800 && u <= 0xdbff) {
            hex4(p, i + 8, i + 12, &u2);
            u = 0x10000 + ((u - 0xd800) << 10) + (u2 - 0xdc00);
            *pos = i + 12;
        }
        if (u < 0x80) {
            out[0] = (char)u;
            return 1;
        }
        if (u < 0x800) {
            out[0] = (char)(0xc0 | u >> 6);
            out[1] = (char)(0x80 | (u & 0x3f));
            return 2;
        }
        if (u < 0x10000) {
            out[0] = (char)(0xe0 | u >> 12);
            out[1] = (char)(0x80 | ((u >> 6) & 0x3f));
            out[2] = (char)(0x80 | (u & 0x3f));
            return 3;
        }
        out[0] = (char)(0xf0 | u >> 18);
        out[1] = (char)(0x80 | ((u >> 12) & 0x3f));
        out[2] = (char)(0x80 | ((u >> 6) & 0x3f));
        out[3] = (char)(0x80 | (u & 0x3f));
        return 4;
    default: *out = (char)p[i + 1]; break;   /* " \ / */
    }
    *pos = i + 2;
    return 1;
}

size_t json_decode(const char *raw, size_t *pos, size_t end, char *out,
                   size_t cap)
{
    const unsigned char *p = (const unsigned char *)raw;
    size_t n = 0;
    while (*pos < end && n + 4 <= cap)
        n += decode_one(p, pos, out + n);
    return n;
}

size_t json_skip_decoded(const char *raw, size_t pos, size_t end,
                         size_t count)
{
    const unsigned char *p = (const unsigned char *)raw;
    char tmp[4];
    while (count > 0 && pos < end) {
        size_t k = decode_one(p, &pos, tmp);
        count = k < count ? count - k : 0;
    }
    return pos;
}

/* Is the key at p[start, end) (quotes included) the name field? */
static int key_is(const char *p, size_t start, size_t end, int escaped,
                  const char *field)
{
    size_t flen = strlen(field), pos = start + 1, n = 0;
    char tmp[4];

    if (!escaped)
        return end - start == flen + 2 &&
               memcmp(p + start + 1, field, flen) == 0;
    /* An escaped key ("\u0074ext") is compared as it decodes. */
    while (pos < end - 1) {
        size_t k = decode_one((const unsigned char *)p, &pos, tmp);
        if (n + k > flen || memcmp(field + n, tmp, k) != 0)
            return 0;
        n += k;
    }
    return n == flen;
}

enum record_status json_scan(const char *line, size_t len, const char *field,
                             size_t *vstart, size_t *vend, char *why,
                             size_t why_size)
{
    struct scan s = { (const unsigned char *)line, 0, len, why, why_size };
    enum record_status st = RECORD_NO_FIELD;
    int found = 0;

    skip_ws(&s);
    if (s.i >= s.n || s.p[s.i] != '{') {
        /* Valid JSON that is not an object says so; anything else says
         * what is wrong with it. */
        if (s.i < s.n && scan_value(&s)) {
            skip_ws(&s);
            if (s.i == s.n)
                snprintf(why, why_size, "not a JSON object");
            else
                fail(&s, "end of record expected");
        } else if (s.i >= s.n) {
            fail(&s, "empty record");
        }
        return RECORD_BAD;
    }
    s.i++;
    skip_ws(&s);
    if (s.i < s.n && s.p[s.i] == '}') {
        s.i++;
    } else {
        for (;;) {
            size_t kstart, kend, v0;
            int esc;

            skip_ws(&s);
            if (s.i >= s.n || s.p[s.i] != '"') {
                fail(&s, "expected a key string");
                return RECORD_BAD;
            }
            kstart = s.i;
            if (!scan_string(&s, &esc))
                return RECORD_BAD;
            kend = s.i;
            skip_ws(&s);
            if (s.i >= s.n || s.p[s.i] != ':') {
                fail(&s, "expected ':'");
                return RECORD_BAD;
            }
            s.i++;
            skip_ws(&s);
            v0 = s.i;
            if (!scan_value(&s))
                return RECORD_BAD;
            if (key_is(line, kstart, kend, esc, field)) {
                /* Which of two is "the" field would be a guess, and a
                 * guess could lose text. */
                if (found) {
                    s.i = kstart;
                    snprintf(why, why_size, "column %zu: duplicate field \"%s\"",
                             kstart + 1, field);
                    return RECORD_BAD;
                }
                found = 1;
                *vstart = v0;
                *vend = s.i;
                st = line[v0] == '"' ? RECORD_FIXED
                   : line[v0] == 'n' ? RECORD_NO_FIELD : RECORD_BAD;
            }
            skip_ws(&s);
            if (s.i < s.n && s.p[s.i] == ',') {
                s.i++;
                continue;
            }
            if (s.i < s.n && s.p[s.i] == '}') {
                s.i++;
                break;
            }
            fail(&s, "expected ',' or '}'");
            return RECORD_BAD;
        }
    }
    skip_ws(&s);
    if (s.i != s.n) {
        fail(&s, "end of record expected");
        return RECORD_BAD;
    }
    if (st == RECORD_BAD)
        snprintf(why, why_size, "field \"%s\" is not a string", field);
    return st;
}

void json_encode(struct buf *out, const char *text, size_t len)
{
    static const char hexd[] = "0123456789ABCDEF";
    size_t run = 0;

    /* As jansson writes strings: " \ and control characters escaped
     * (\b \f \n \r \t by name, the others as \u00XX), everything else,
     * '/' and non-ASCII included, as it is. */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        char esc[6] = { '\\', 0, '0', '0', 0, 0 };
        size_t elen = 2;

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf_add(out, text + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[4] = hexd[c >> 4];
            esc[5] = hexd[c & 15];
            elen = 6;
        }
        buf_add(out, esc, elen);
    }
    buf_add(out, text + run, len - run);
}
