/* test-stream-window.c - a stream's output does not depend on where it cuts
 * (include/degarble.h, "Streaming"; lib/casing.c, judge_name()).
 *
 * The input is generated to exercise the casing stage's same-text evidence
 * windows: names written capitalized once and in lower case at distances
 * around 32 KB (the capital's reach) and 64 KB (the reach of lower-case
 * counts), with paragraphs of plain English between them.  It is fixed
 * whole by dg_fix(), then streamed with pieces of many sizes, and each
 * stream's output must be byte for byte the whole call's.  So that the test
 * can fail, fixing the same pieces without context (dg_cut() + dg_fix()
 * alone) must give a different text: the cuts do fall inside the
 * evidence.  The stream's edits must be the whole call's too, reasons
 * included: a reason that quoted an offset would quote one counted from
 * the start of the piece's window.  Two garbled entity names ("Hacker,
 * Home" for Hacker House, lib/entity-variant.c) test the phrase stage's
 * same-text evidence the same way: one 20 KB after the right spelling,
 * which is evidence and is fixed, and one 280 KB after it, further than
 * any piece's context reaches, which must be no evidence for the whole
 * call either.  Initials written both joined and spaced ("X.Y.Z." and "X.
 * Y. Z.", lib/punct.c, join-abbrev) are the punctuation stage's same-text
 * evidence, tested the same way at 15 KB and 350 KB.  And a name with
 * inner capitals written with its first letter in lower case ("youTube",
 * casing.inner-name) is repaired unless the text writes it so more often
 * than the name nearby: three such uses within 6 KB stay, one 270 KB on
 * is repaired. */
#include "stream-collect.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void puts_(sc_buf *b, const char *s)
{
    sc_put(b, s, strlen(s));
}

/* Plain English (no name, nothing to fix) up to offset at, in paragraphs
 * of a few lines; the line that follows is the caller's. */
static void filler_to(sc_buf *b, size_t at)
{
    static const char *lines[] = {
        "The committee met on the second floor and agreed to read the report again.\n",
        "Most of the members had questions about the budget for the coming year.\n",
        "A short summary was written for those who could not attend the meeting.\n",
    };
    for (unsigned k = 0; b->len < at; k++) {
        puts_(b, lines[k % 3]);
        if (k % 3 == 2)
            puts_(b, "\n");
    }
}

/* A use of a name at about offset at: the writer's capital ("We like
 * Debian a lot."), or the lower-case form in the middle of a sentence. */
static void use_at(sc_buf *b, size_t at, const char *name, int cap)
{
    filler_to(b, at);
    char line[160], low[40];
    size_t n = strlen(name);
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)(i == 0 && !cap ? name[i] - 'A' + 'a' : name[i]);
    snprintf(line, sizeof line, "They said that %s was used here for years.\n\n", low);
    puts_(b, line);
}

/* Line s at about offset at. */
static void line_at(sc_buf *b, size_t at, const char *s)
{
    filler_to(b, at);
    puts_(b, s);
}

static char *generate(size_t *len)
{
    sc_buf b = {0};
    const size_t K = 1024;
    /* Debian: a capital, lower case 10 and 20 KB on (evidence), then 50 KB
     * on (no capital within 32 KB: it blocks the use at 20 KB). */
    use_at(&b, 2 * K, "Debian", 1);
    line_at(&b, 6 * K, "The V.X.Z. group met.\n\n");
    use_at(&b, 12 * K, "Debian", 0);
    use_at(&b, 22 * K, "Debian", 0);
    use_at(&b, 52 * K, "Debian", 0);
    /* Scott: lower case first, the capital 30 KB later, lower case again
     * 25 KB after it. */
    use_at(&b, 70 * K, "Scott", 0);
    use_at(&b, 100 * K, "Scott", 1);
    use_at(&b, 125 * K, "Scott", 0);
    line_at(&b, 150 * K, "The firm Nova Labs said it found the flaw.\n\n");
    line_at(&b, 160 * K, "I watched it on youTube yesterday.\n\n");
    line_at(&b, 163 * K, "I watched it on youTube again.\n\n");
    line_at(&b, 166 * K, "I watched it on youTube at last.\n\n");
    /* Unix: written in lower case often around 200 KB (on purpose), and
     * capitalized once at 265 KB, with a lower-case use near each end of
     * the 64 KB reach of those counts. */
    for (size_t k = 0; k < 6; k++)
        use_at(&b, (190 + 4 * k) * K, "Unix", 0);
    use_at(&b, 265 * K, "Unix", 1);
    use_at(&b, 273 * K, "Unix", 0);
    use_at(&b, 287 * K, "Unix", 0);
    line_at(&b, 300 * K, "The firm Hacker House said it found the flaw.\n\n");
    line_at(&b, 320 * K, "A spokesman for the firm, Hacker, Home, said so.\n\n");
    line_at(&b, 330 * K, "The X.Y.Z. group met.\n\n");
    line_at(&b, 345 * K, "Then the X. Y. Z. group left.\n\n");
    line_at(&b, 356 * K, "Then the V. X. Z. group left.\n\n");
    line_at(&b, 430 * K, "A spokesman for the firm, Nova, Lab, said so.\n\n");
    line_at(&b, 436 * K, "I watched it on youTube once more.\n\n");
    use_at(&b, 400 * K, "Debian", 1);
    use_at(&b, 420 * K, "Debian", 0);
    filler_to(&b, 450 * K);
    *len = b.len;
    return b.p;
}

int main(void)
{
    dg_engine *e = tap_engine_new(NULL);
    size_t len, wl;
    char *text = generate(&len);
    dg_result *whole = NULL;

    if (!tap_ok(dg_fix(e, text, len, &whole) == DG_OK, "dg_fix of the whole %zu bytes", len))
        return tap_done();
    const char *want = dg_result_text(whole, &wl);
    size_t same_text = 0;
    for (size_t i = 0; i < dg_result_edit_count(whole); i++)
        same_text += strstr(dg_edit_reason(dg_result_edit(whole, i)), "same text") != NULL;
    tap_ok(same_text >= 3, "the whole call makes edits on same-text evidence (%zu)", same_text);
    size_t variants = 0;
    for (size_t i = 0; i < dg_result_edit_count(whole); i++) {
        const dg_edit *x = dg_result_edit(whole, i);
        variants += strcmp(dg_edit_rule(x), "phrases.entity-variant") == 0;
    }
    tap_ok(variants == 1 && strstr(want, "firm, Hacker House, said") &&
               strstr(want, "firm, Nova, Lab, said"),
           "the entity variant 20 KB from its evidence is fixed, the one 280 KB away is not "
           "(%zu edits)", variants);
    tap_ok(strstr(want, "the X.Y.Z. group left") && strstr(want, "the V. X. Z. group left"),
           "initials 15 KB from their joined form are joined, those 350 KB away are not");
    tap_ok(strstr(want, "on youTube yesterday") && strstr(want, "on youTube at last") &&
               strstr(want, "on YouTube once more"),
           "youTube written three times stays, once 270 KB on it is repaired");
    tap_ok(wl != len || memcmp(want, text, len) != 0, "the whole call changes the text");
    sc_buf want_edits = {0};
    sc_put_edits(&want_edits, whole, 0);
    dg_result *again = NULL;
    size_t al = 0;
    const char *again_text = dg_fix(e, want, wl, &again) == DG_OK ? dg_result_text(again, &al) : "";
    tap_ok(al == wl && memcmp(again_text, want, wl) == 0, "a second call changes nothing");
    dg_result_free(again);

    /* Many cut points: pieces of 20 to 96 KB (each one is fixed with up to
     * 128 KB of context either side, so smaller ones only cost time), fed
     * in odd amounts. */
    static const size_t pieces[] = { 20000, 47000, 98304 };
    int context_matters = 0;
    for (size_t k = 0; k < sizeof pieces / sizeof *pieces; k++) {
        sc_collected out = {{0}, {0}, 0, 0};
        dg_stream *s = NULL;
        dg_status st = dg_stream_new(e, pieces[k], sc_collect, &out, &s);
        for (size_t at = 0, step = 7777; st == DG_OK && at < len; at += step) {
            if (step > len - at)
                step = len - at;
            st = dg_stream_feed(s, text + at, step);
        }
        if (st == DG_OK)
            st = dg_stream_finish(s);
        dg_stream_free(s);
        tap_ok(st == DG_OK && out.text.len == wl && memcmp(out.text.p, want, wl) == 0,
               "pieces of at most %zu bytes: the stream's text is the whole call's", pieces[k]);
        int same = st == DG_OK && sc_same_edits(&out.edits, &want_edits);
        tap_ok(same, "and its edits, reasons included, are the whole call's");
        sc_collected_free(&out);

        /* The same cuts without context. */
        sc_buf bare = {0};
        for (size_t at = 0, n; at < len; at += n) {
            dg_result *r;
            size_t rl;
            n = dg_cut(text + at, len - at, pieces[k]);
            if (dg_fix(e, text + at, n, &r) != DG_OK)
                break;
            const char *rt = dg_result_text(r, &rl);
            sc_put(&bare, rt, rl);
            dg_result_free(r);
        }
        if (bare.len != wl || memcmp(bare.p, want, wl) != 0)
            context_matters = 1;
        free(bare.p);
    }
    tap_ok(context_matters,
           "fixing the same pieces without context gives another text: the cuts matter");

    free(want_edits.p);
    dg_result_free(whole);
    free(text);
    dg_engine_free(e);
    return tap_done();
}
