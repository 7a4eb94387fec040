/* props.c - result properties shared by test-properties and the fuzzers.
 * See props.h. */
#include "props.h"

#include <stdarg.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Byte classes of an input, one byte of flags per input byte. */
#define BAD 0x01u  /* invalid UTF-8 or NUL: no edit may touch it */
#define MID 0x02u  /* inside a valid multi-byte character: not a boundary */
#define NUL 0x04u  /* a NUL byte (BAD too); not reported as invalid UTF-8 */

size_t dgp_utf8_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    /* Unicode 15, table 3-7: the second byte's range depends on the first,
     * which is what rules out overlongs, surrogates and > U+10FFFF. */
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c == 0xE0)
        n = 3, lo = 0xA0;
    else if (c == 0xED)
        n = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF)
        n = 3;
    else if (c == 0xF0)
        n = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
        n = 4;
    else if (c == 0xF4)
        n = 4, hi = 0x8F;
    else
        return 0;
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

static unsigned char *classify(const char *in, size_t len)
{
    unsigned char *m = calloc(len + 1, 1);
    if (!m)
        return NULL;
    const unsigned char *s = (const unsigned char *)in;
    for (size_t i = 0; i < len;) {
        size_t k = s[i] ? dgp_utf8_len(s + i, len - i) : 0;
        if (k == 0) {
            m[i] = BAD | (s[i] ? 0 : NUL);
            i++;
            continue;
        }
        for (size_t j = 1; j < k; j++)
            m[i + j] = MID;
        i += k;
    }
    return m;
}

void dgp_escape(char *out, size_t cap, const char *s, size_t len, size_t max)
{
    size_t w = 0;
    if (cap == 0)
        return;
    for (size_t i = 0; i < len && i < max && w + 5 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
            out[w++] = (char)c;
        else
            w += (size_t)snprintf(out + w, cap - w, "\\x%02X", c);
    }
    if (len > max && w + 4 < cap) {
        memcpy(out + w, "...", 3);
        w += 3;
    }
    out[w] = '\0';
}

static unsigned fail(dgp_msg *msg, unsigned bit, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static unsigned fail(dgp_msg *msg, unsigned bit, const char *fmt, ...)
{
    if (msg && !msg->text[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg->text, sizeof msg->text, fmt, ap);
        va_end(ap);
    }
    return bit;
}

/* "rule [s,e) "context" -> "replacement"" for messages. */
static void describe_edit(char *out, size_t cap, const char *in, size_t len,
                          const dg_edit *e)
{
    size_t s = dg_edit_start(e), end = dg_edit_end(e), rl;
    const char *repl = dg_edit_replacement(e, &rl);
    char span[160], rep[160];
    if (s <= end && end <= len)
        dgp_escape(span, sizeof span, in + s, end - s, 40);
    else
        snprintf(span, sizeof span, "(out of range)");
    if (repl)
        dgp_escape(rep, sizeof rep, repl, rl, 40);
    else
        snprintf(rep, sizeof rep, "(none)");
    const char *rule = dg_edit_rule(e);
    snprintf(out, cap, "%s [%zu,%zu) \"%s\" -> \"%s\"", rule ? rule : "(no rule)",
             s, end, span, rep);
}

static int valid_stage(dg_stage st)
{
    return st != 0 && (st & (st - 1)) == 0 && (st & ~(unsigned)DG_STAGE_ALL) == 0;
}

/* Rule ids are "stage.rule-name" and must name the stage they come from. */
static int rule_matches_stage(const dg_edit *e)
{
    const char *rule = dg_edit_rule(e);
    const char *name = dg_stage_name(dg_edit_stage(e));
    size_t n = strlen(name);
    return rule && strncmp(rule, name, n) == 0 && rule[n] == '.' && rule[n + 1];
}

static unsigned check_edit_fields(const char *in, size_t len, const dg_edit *e,
                                  const char *what, size_t i, dgp_msg *msg)
{
    char d[512];
    describe_edit(d, sizeof d, in, len, e);
    double c = dg_edit_confidence(e);
    const char *reason = dg_edit_reason(e);
    if (!valid_stage(dg_edit_stage(e)))
        return fail(msg, DGP_LOST, "%s %zu has stage %u: %s", what, i,
                    (unsigned)dg_edit_stage(e), d);
    if (!rule_matches_stage(e))
        return fail(msg, DGP_LOST, "%s %zu: rule id does not start with \"%s.\": %s",
                    what, i, dg_stage_name(dg_edit_stage(e)), d);
    if (!(c >= 0 && c <= 1))
        return fail(msg, DGP_LOST, "%s %zu: confidence %g outside 0..1: %s", what, i, c, d);
    if (!reason || !reason[0])
        return fail(msg, DGP_LOST, "%s %zu: no reason: %s", what, i, d);
    return 0;
}

unsigned dgp_check_result(const char *in, size_t len, const dg_result *r,
                          dgp_msg *msg)
{
    unsigned bad = 0;
    char d[512];
    size_t olen;
    if (!in)
        in = "";   /* dg_fix() takes NULL with length 0; memcpy() does not */
    const char *out = dg_result_text(r, &olen);
    if (!out)
        return fail(msg, DGP_LOST, "result has no text");
    if (out[olen] != '\0')
        bad |= fail(msg, DGP_LOST, "result text is not NUL-terminated");
    unsigned char *m = classify(in, len);
    if (!m)
        return fail(msg, DGP_ERROR, "out of memory in the check");

    /* Rebuild the output from the input and the reported edits. */
    size_t n = dg_result_edit_count(r), total = len;
    for (size_t i = 0; i < n; i++) {
        size_t rl = 0;
        dg_edit_replacement(dg_result_edit(r, i), &rl);
        total += rl;
    }
    char *re = malloc(total + 1);
    if (!re) {
        free(m);
        return fail(msg, DGP_ERROR, "out of memory in the check");
    }
    size_t w = 0, pos = 0, last_ins = SIZE_MAX;
    int rebuilt = 1;
    for (size_t i = 0; i < n; i++) {
        const dg_edit *e = dg_result_edit(r, i);
        if (!e) {
            bad |= fail(msg, DGP_LOST, "edit %zu of %zu is NULL", i, n);
            rebuilt = 0;
            break;
        }
        size_t s = dg_edit_start(e), end = dg_edit_end(e), rl;
        const char *repl = dg_edit_replacement(e, &rl);
        describe_edit(d, sizeof d, in, len, e);
        if (s > end || end > len) {
            bad |= fail(msg, DGP_LOST, "edit %zu outside the input (%zu bytes): %s", i, len, d);
            rebuilt = 0;
            break;
        }
        if (s < pos || (s == end && s == last_ins)) {
            bad |= fail(msg, DGP_LOST, "edit %zu unsorted or overlapping its predecessor "
                        "(which ends at %zu): %s", i, pos, d);
            rebuilt = 0;
            break;
        }
        if (!repl) {
            bad |= fail(msg, DGP_LOST, "applied edit %zu has no replacement: %s", i, d);
            rebuilt = 0;
            break;
        }
        bad |= check_edit_fields(in, len, e, "edit", i, msg);
        if (dg_edit_stage(e) == DG_STAGE_INPUT)
            bad |= fail(msg, DGP_LOST, "edit %zu applied by the input stage, which only reports: %s",
                        i, d);
        if ((m[s] & MID) || (end < len && (m[end] & MID)))
            bad |= fail(msg, DGP_LOST, "edit %zu splits a UTF-8 character: %s", i, d);
        for (size_t p = s; p < end; p++) {
            if (m[p] & BAD) {
                bad |= fail(msg, DGP_INVALID, "edit %zu covers %s byte 0x%02X at %zu: %s", i,
                            (m[p] & NUL) ? "a NUL" : "an invalid", (unsigned char)in[p], p, d);
                break;
            }
        }
        if (s == end && s > 0 && s < len && (m[s - 1] & BAD) && (m[s] & BAD))
            bad |= fail(msg, DGP_INVALID, "edit %zu inserts inside a run of invalid bytes: %s",
                        i, d);
        for (size_t p = 0; p < rl;) {
            size_t k = repl[p] ? dgp_utf8_len((const unsigned char *)repl + p, rl - p) : 0;
            if (k == 0) {
                bad |= fail(msg, DGP_LOST, "edit %zu's replacement has an invalid or NUL byte "
                            "at %zu: %s", i, p, d);
                break;
            }
            p += k;
        }
        memcpy(re + w, in + pos, s - pos);
        w += s - pos;
        memcpy(re + w, repl, rl);
        w += rl;
        pos = end;
        last_ins = s == end ? s : SIZE_MAX;
    }
    if (rebuilt) {
        memcpy(re + w, in + pos, len - pos);
        w += len - pos;
        if (w != olen || memcmp(re, out, olen) != 0) {
            size_t k = 0;
            while (k < w && k < olen && re[k] == out[k])
                k++;
            char a[200], b[200];
            dgp_escape(a, sizeof a, re + k, w - k, 40);
            dgp_escape(b, sizeof b, out + k, olen - k, 40);
            bad |= fail(msg, DGP_LOST, "applying the %zu edits gives %zu bytes, the result "
                        "has %zu; first difference at output byte %zu: edits give \"%s\", "
                        "result has \"%s\"", n, w, olen, k, a, b);
        }
    }
    free(re);

    /* The output's invalid bytes are the input's, in order: an edit next to
     * invalid bytes must not complete or break a sequence ("\xC3 \xA9"
     * with the space removed would become a valid "é"). */
    unsigned char *om = classify(out, olen);
    if (om) {
        size_t i = 0, j = 0;
        for (;;) {
            while (i < len && !(m[i] & BAD))
                i++;
            while (j < olen && !(om[j] & BAD))
                j++;
            if (i == len || j == olen) {
                if (i != len || j != olen)
                    bad |= fail(msg, DGP_INVALID, "the output has %s invalid/NUL bytes than "
                                "the input (input byte %zu, output byte %zu)",
                                i == len ? "more" : "fewer", i, j);
                break;
            }
            if (in[i] != out[j]) {
                bad |= fail(msg, DGP_INVALID, "invalid byte 0x%02X at input %zu came out as "
                            "0x%02X at output %zu", (unsigned char)in[i], i,
                            (unsigned char)out[j], j);
                break;
            }
            i++, j++;
        }
        free(om);
    }

    /* Findings: sorted, inside the input, and invalid UTF-8 (not NUL) is
     * reported by the input stage byte for byte. */
    size_t nf = dg_result_finding_count(r), prev = 0;
    unsigned char *cov = calloc(len + 1, 1);
    for (size_t i = 0; i < nf; i++) {
        const dg_edit *e = dg_result_finding(r, i);
        if (!e) {
            bad |= fail(msg, DGP_LOST, "finding %zu of %zu is NULL", i, nf);
            break;
        }
        size_t s = dg_edit_start(e), end = dg_edit_end(e);
        describe_edit(d, sizeof d, in, len, e);
        if (s > end || end > len || s < prev) {
            bad |= fail(msg, DGP_LOST, "finding %zu out of order or outside the input: %s", i, d);
            break;
        }
        prev = s;
        bad |= check_edit_fields(in, len, e, "finding", i, msg);
        if (dg_edit_stage(e) == DG_STAGE_INPUT && cov)
            memset(cov + s, 1, end - s);
    }
    if (cov) {
        for (size_t p = 0; p < len; p++) {
            int invalid = (m[p] & BAD) && !(m[p] & NUL);
            if (invalid && !cov[p]) {
                bad |= fail(msg, DGP_INVALID, "invalid byte 0x%02X at %zu is not reported",
                            (unsigned char)in[p], p);
                break;
            }
            if (!invalid && cov[p]) {
                bad |= fail(msg, DGP_INVALID, "input stage reports byte 0x%02X at %zu, which "
                            "is not invalid UTF-8", (unsigned char)in[p], p);
                break;
            }
        }
        free(cov);
    }
    free(m);
    return bad;
}

unsigned dgp_check_idempotent(const dg_engine *e, const dg_result *r, dgp_msg *msg)
{
    size_t olen;
    const char *out = dg_result_text(r, &olen);
    dg_result *r2;
    dg_status st = dg_fix(e, out, olen, &r2);
    if (st != DG_OK)
        return fail(msg, DGP_ERROR, "dg_fix on the output: %s", dg_status_str(st));
    size_t n2 = dg_result_edit_count(r2), len2;
    const char *out2 = dg_result_text(r2, &len2);
    unsigned bad = 0;
    if (n2 || len2 != olen || memcmp(out, out2, olen) != 0) {
        char d[2][240] = {"", ""};
        for (size_t i = 0; i < n2 && i < 2; i++)
            describe_edit(d[i], sizeof d[i], out, olen, dg_result_edit(r2, i));
        /* Both outputs from the start of the line the first difference is
         * on, so that the failure shows what changed, not only the rule. */
        size_t k = 0;
        while (k < olen && k < len2 && out[k] == out2[k])
            k++;
        size_t ls = k;
        while (ls > 0 && out[ls - 1] != '\n' && k - ls < 60)
            ls--;
        char a[200], b[200];
        dgp_escape(a, sizeof a, out + ls, olen - ls, 100);
        dgp_escape(b, sizeof b, out2 + ls, len2 - ls, 100);
        bad = fail(msg, DGP_IDEMPOTENT, "second pass applies %zu edit%s: %s%s%s%s; from byte "
                   "%zu the first output is \"%s\", the second \"%s\"", n2,
                   n2 == 1 ? "" : "s", d[0], n2 > 1 ? "; " : "", d[1], n2 > 2 ? "; ..." : "",
                   ls, a, b);
    }
    dg_result_free(r2);
    return bad;
}

unsigned dgp_check_tokens(const char *in, size_t len, const dg_tokens *t, dgp_msg *msg)
{
    if (!in)
        in = "";
    unsigned char *m = classify(in, len);
    if (!m)
        return fail(msg, DGP_ERROR, "out of memory in the check");
    size_t n = dg_tokens_count(t), pos = 0;
    unsigned bad = 0;
    char span[200];
    for (size_t i = 0; i < n && !bad; i++) {
        const dg_token *k = dg_tokens_get(t, i);
        if (!k) {
            bad = fail(msg, DGP_TOKENS, "token %zu of %zu is NULL", i, n);
            break;
        }
        if (k->start != pos || k->end <= k->start || k->end > len) {
            bad = fail(msg, DGP_TOKENS, "token %zu [%zu,%zu) does not continue at %zu "
                       "(input %zu bytes)", i, (size_t)k->start, (size_t)k->end, pos, len);
            break;
        }
        dgp_escape(span, sizeof span, in + k->start, k->end - k->start, 40);
        if (k->stem_end < k->start || k->stem_end > k->end)
            bad = fail(msg, DGP_TOKENS, "token %zu \"%s\": stem_end %zu outside [%zu,%zu)", i,
                       span, (size_t)k->stem_end, (size_t)k->start, (size_t)k->end);
        if (k->kind < DG_TOKEN_WORD || k->kind > DG_TOKEN_INVALID)
            bad = fail(msg, DGP_TOKENS, "token %zu \"%s\": kind %d", i, span, (int)k->kind);
        if ((m[k->start] & MID) || (k->end < len && (m[k->end] & MID)))
            bad = fail(msg, DGP_TOKENS, "token %zu \"%s\" [%zu,%zu) splits a character", i,
                       span, (size_t)k->start, (size_t)k->end);
        for (size_t p = k->start; p < k->end && !bad; p++) {
            int want = k->kind == DG_TOKEN_INVALID;
            if (!!(m[p] & BAD) != want)
                bad = fail(msg, DGP_TOKENS, "token %zu \"%s\" is %s but byte %zu (0x%02X) is %s",
                           i, span, dg_token_kind_name(k->kind), p, (unsigned char)in[p],
                           (m[p] & BAD) ? "invalid or NUL" : "valid");
        }
        pos = k->end;
    }
    if (!bad && pos != len)
        bad = fail(msg, DGP_TOKENS, "tokens end at %zu, input has %zu bytes", pos, len);
    free(m);
    return bad;
}

unsigned dgp_check_all(const dg_engine *e, const char *in, size_t len, int check_idem,
                       dgp_msg *msg)
{
    unsigned bad = 0;
    dg_result *r;
    dg_status st = dg_fix(e, in, len, &r);
    if (st != DG_OK)
        return fail(msg, DGP_ERROR, "dg_fix: %s", dg_status_str(st));
    bad |= dgp_check_result(in, len, r, msg);
    if (check_idem)
        bad |= dgp_check_idempotent(e, r, msg);
    dg_result_free(r);

    dg_tokens *t;
    st = dg_tokenize(e, in, len, &t);
    if (st != DG_OK)
        return bad | fail(msg, DGP_ERROR, "dg_tokenize: %s", dg_status_str(st));
    bad |= dgp_check_tokens(in, len, t, msg);
    dg_tokens_free(t);
    return bad;
}

static void describe_token(char *out, size_t cap, const char *in, const dg_token *k)
{
    char span[200];
    if (!k) {
        snprintf(out, cap, "(no token)");
        return;
    }
    dgp_escape(span, sizeof span, in + k->start, k->end - k->start, 60);
    snprintf(out, cap, "[%zu,%zu) stem %zu %s flags 0x%02X \"%s\"", (size_t)k->start,
             (size_t)k->end, (size_t)k->stem_end, dg_token_kind_name(k->kind), k->flags, span);
}

unsigned dgp_check_fast_path(const dg_engine *e, const char *in, size_t len, dgp_msg *msg)
{
    if (!in)
        in = "";
    dg_tokens *fast, *icu;
    unsetenv("DG_TOKENIZER_ICU_ONLY");
    dg_status st = dg_tokenize(e, in, len, &fast);
    if (st != DG_OK)
        return fail(msg, DGP_ERROR, "dg_tokenize (fast path): %s", dg_status_str(st));
    setenv("DG_TOKENIZER_ICU_ONLY", "1", 1);
    st = dg_tokenize(e, in, len, &icu);
    unsetenv("DG_TOKENIZER_ICU_ONLY");
    if (st != DG_OK) {
        dg_tokens_free(fast);
        return fail(msg, DGP_ERROR, "dg_tokenize (ICU only): %s", dg_status_str(st));
    }
    size_t nf = dg_tokens_count(fast), ni = dg_tokens_count(icu), i = 0;
    for (; i < nf && i < ni; i++) {
        const dg_token *a = dg_tokens_get(fast, i), *b = dg_tokens_get(icu, i);
        if (a->start != b->start || a->end != b->end || a->stem_end != b->stem_end ||
            a->kind != b->kind || a->flags != b->flags)
            break;
    }
    unsigned bad = 0;
    if (i < nf || i < ni) {
        const dg_token *a = i < nf ? dg_tokens_get(fast, i) : NULL;
        const dg_token *b = i < ni ? dg_tokens_get(icu, i) : NULL;
        size_t at = a ? a->start : b->start, ls = at, le = at;
        while (ls > 0 && at - ls < 80 && in[ls - 1] != '\n')
            ls--;
        while (le < len && le - at < 80 && in[le] != '\n')
            le++;
        char da[300], db[300], ctx[400];
        describe_token(da, sizeof da, in, a);
        describe_token(db, sizeof db, in, b);
        dgp_escape(ctx, sizeof ctx, in + ls, le - ls, 160);
        bad = fail(msg, DGP_FAST_PATH, "token %zu differs: fast path %s, ICU %s; "
                   "context at byte %zu: \"%s\"", i, da, db, ls, ctx);
    }
    dg_tokens_free(fast);
    dg_tokens_free(icu);
    return bad;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **dgp_list_dir(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **paths = NULL;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || strcmp(de->d_name, "README") == 0 ||
            de->d_type == DT_DIR)
            continue;
        char **grown = realloc(paths, (*n + 1) * sizeof *paths);
        char *p = malloc(strlen(dir) + strlen(de->d_name) + 2);
        if (!grown || !p) {
            free(p);
            paths = grown ? grown : paths;
            break;
        }
        paths = grown;
        sprintf(p, "%s/%s", dir, de->d_name);
        paths[(*n)++] = p;
    }
    closedir(d);
    if (*n)
        qsort(paths, *n, sizeof *paths, by_name);
    return paths ? paths : calloc(1, sizeof *paths);
}

void dgp_free_list(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

dg_engine *dgp_tokenizer_engine(const char *who)
{
    dg_options o = {.disabled_stages = DG_STAGE_DICTIONARY};
    dg_engine *e = NULL;
    dg_error err;
    dg_status st = dg_engine_new(&o, &e, &err);
    if (st != DG_OK) {
        fprintf(stderr, "%s: engine: %s: %s:%u: %s\n", who, dg_status_str(st), err.file,
                err.line, err.message);
        exit(1);
    }
    return e;
}
