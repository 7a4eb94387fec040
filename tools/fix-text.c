/*
 * fix-text - repair garbled machine-translated English, as a filter.
 *
 * A thin command over the public API (include/degarble.h): it parses
 * options, reads, calls dg_fix() piece by piece (or record by record with
 * --jsonl), and writes what the mode asks for: the text, the text back into
 * the file (-i), a unified diff, a list of edits, JSON Lines, or only an
 * exit status (--check).  Anything another program could want belongs in
 * the library, not here.  fix-text-diff.c lays out diffs, fix-text-json.c
 * speaks JSON.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "fix-text.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Exit statuses besides 0 and EXIT_TROUBLE (2).  1 is --check's "would
 * change", as black and clang-format use it; 3 says the output is complete
 * but some --jsonl records were malformed and were copied unchanged.  When
 * several apply, trouble wins over bad records, which win over changes. */
#define EXIT_CHANGED 1
#define EXIT_BAD_RECORDS 3

/* Bytes asked of fread() at a time. */
#define READ_SIZE ((size_t)64 << 10)

/* A piece handed to dg_fix() ends somewhere in (PIECE_MIN, PIECE_MAX]: about
 * DG_CHUNK_HINT, with room to reach back to a paragraph or line end.  The
 * buffer never holds more than PIECE_MAX + READ_SIZE bytes, whatever the
 * input looks like, so memory stays bounded even for a 100 MB line. */
#define PIECE_MIN (DG_CHUNK_HINT / 2)
#define PIECE_MAX (DG_CHUNK_HINT + DG_CHUNK_HINT / 2)

/* Inputs smaller than this finish before a progress bar would be read. */
#define PROGRESS_MIN ((size_t)4 << 20)

enum output_mode {
    MODE_TEXT,      /* the fixed text (to stdout, or back into the file) */
    MODE_EXPLAIN,   /* one readable line per edit and finding */
    MODE_DIFF,      /* unified diff */
    MODE_JSON,      /* one JSON object per edit and finding */
    MODE_NONE       /* --check alone: only messages and the exit status */
};

struct config {
    enum output_mode mode;
    int check;               /* exit 1 when something would change */
    int in_place;            /* -i: the text goes back into each file */
    int report;              /* findings to stderr as well */
    int jsonl;               /* input is JSON Lines records */
    const char *field;       /* --field: the record field to fix */
    int skip_bad;            /* drop malformed records instead of copying */
    int color;               /* --diff colors, resolved from --color */
    int progress;            /* 1 always, 0 never, -1 when stderr is a tty */
};

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

/* One input being processed. */
struct job {
    const char *name;        /* as shown in messages */
    struct position at;      /* position of the start of the next piece */
    size_t offset;           /* input bytes before the next piece */
    size_t invalid;          /* invalid UTF-8 spans seen so far */
    size_t edits;            /* edits applied (or that would be) */
    size_t bad;              /* malformed --jsonl records */
    size_t records, no_field;
    struct sink *text_out;   /* where fixed text goes, NULL if nowhere */
    struct diff *diff;
    struct progress prog;
    int status;
};

const char *progname = "fix-text";
static struct sink out_stdout;

/* The temporary file -i is writing, removed if we die before renaming it:
 * a signal or an exit must not leave a half-written copy beside the
 * user's file.  Set and cleared only around the write. */
static char *volatile live_temp;

static void usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help'.\n", progname);
    exit(EXIT_TROUBLE);
}

void die_nomem(void)
{
    fprintf(stderr, "%s: out of memory\n", progname);
    exit(EXIT_TROUBLE);
}

static void remove_live_temp(void)
{
    if (live_temp)
        unlink(live_temp);
}

static void on_fatal_signal(int sig)
{
    remove_live_temp();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void print_help(void)
{
    printf(
"Usage: %s [OPTION]... [FILE]...\n"
"Repair garbled machine-translated English.  Reads each FILE (standard input\n"
"when there is none or FILE is -) and writes the fixed text to standard\n"
"output.  Every byte outside an edit is copied unchanged; invalid UTF-8 and\n"
"NUL bytes pass through.\n"
"\n"
"Modes:\n"
"  -i, --in-place            write the fixed text back into each FILE\n"
"                            (atomically, keeping mode and owner; a file\n"
"                            with nothing to fix is not touched)\n"
"      --diff                show a unified diff of what would change\n"
"      --check               change nothing; exit 1 if something would\n"
"                            change (combine with --diff to see what)\n"
"      --explain             list every edit, then the findings (marked\n"
"                            \"finding:\"), one per line:\n"
"                              FILE:LINE:COL: RULE (STAGE, confidence C):\n"
"                                \"before\" -> \"after\" - reason\n"
"      --json                JSON Lines: one object per edit and finding\n"
"      --report              also list findings (proposals not applied,\n"
"                            invalid UTF-8) on standard error\n"
"      --color[=WHEN]        color the diff: never, always or auto (the\n"
"                            default: when standard output is a terminal\n"
"                            and NO_COLOR is unset)\n"
"      --progress            show a progress bar on standard error\n"
"      --no-progress         never show one (the default shows it for\n"
"                            inputs over 4 MB when standard error is a\n"
"                            terminal and the text does not go there)\n"
"\n"
"Records:\n"
"      --jsonl               each input line is a JSON object; fix its text\n"
"                            field, pass every other field through\n"
"      --field NAME          the field to fix (default \"text\")\n"
"      --skip-bad            drop malformed records instead of copying them\n"
"\n"
"Stages:\n"
"      --no-punct            no punctuation and spacing repairs (also\n"
"                            --no-punctuation)\n"
"      --no-phrases          no phrase-table repairs\n"
"      --no-casing           no proper noun or abbreviation casing\n"
"      --no-dictionary       no hunspell checks\n"
"      --min-confidence X    apply only edits with confidence >= X (0..1, default\n"
"                            %.2g); the others become findings; X > 1 applies\n"
"                            nothing\n"
"\n"
"Data (FILE options repeatable; added to the built-in data, winning on\n"
"conflict):\n"
"      --names FILE          extra proper nouns, dicts/names.txt format\n"
"      --abbrevs FILE        extra abbreviations, dicts/abbreviations.txt format\n"
"      --dict FILE           extra words for the dictionary stage (hunspell\n"
"                            .dic format)\n"
"      --rules FILE          extra phrase rules, dicts/phrases.txt format\n"
"      --lang LANG           dictionary to check against: en_US (default),\n"
"                            en_GB, or the path of a .dic file\n"
"\n"
"Rules:\n"
"      --list-rules          list the phrase rules (built-in and --rules)\n"
"                            instead of fixing text; JSON Lines with --json\n"
"      --check-rules FILE    check a phrase-rule file (malformed lines,\n"
"                            duplicates, failing examples, shadowed rules)\n"
"                            and list its problems; exit 1 if there are any\n"
"\n"
"      --help                show this help and exit\n"
"      --version             show the version and exit\n"
"\n"
"LINE and COL are 1-based and point where the edit starts; COL counts bytes.\n"
"With --jsonl, LINE is the record's line and COL the byte in its field.\n"
"An input with invalid UTF-8 gives one warning on standard error; a\n"
"malformed record one error line naming it.\n"
"\n"
"Exit status: 0 on success; 1 with --check (or --check-rules) when something\n"
"would change (or a rule file has problems);\n"
"2 on a usage error, an unreadable file, bad data files or a write error;\n"
"3 when --jsonl copied malformed records unchanged.\n",
        progname, DG_DEFAULT_MIN_CONFIDENCE);
}

/* ---- Buffers and output ------------------------------------------------ */

void buf_add(struct buf *b, const void *p, size_t n)
{
    if (n == 0)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *np;
        while (cap < b->len + n)
            cap *= 2;
        np = realloc(b->p, cap);
        if (!np)
            die_nomem();
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

void buf_free(struct buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

void sink_write(struct sink *s, const void *p, size_t n)
{
    if (!n || s->err)
        return;
    errno = 0;
    if (fwrite(p, 1, n, s->f) != n)
        s->err = errno ? errno : EIO;
}

void sink_check(struct sink *s)
{
    if (!s->err && ferror(s->f))
        s->err = errno ? errno : EIO;
}

/* Quotes bytes for a one-line message: valid UTF-8 is kept so that names
 * stay readable, everything that could break the line or the terminal is
 * escaped. */
static void put_raw(FILE *f, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        size_t len = 0;
        if (c >= 0xc2 && c <= 0xdf)
            len = 2;
        else if (c >= 0xe0 && c <= 0xef)
            len = 3;
        else if (c >= 0xf0 && c <= 0xf4)
            len = 4;
        if (len && i + len <= n) {
            size_t k;
            for (k = 1; k < len; k++)
                if (((unsigned char)p[i + k] & 0xc0) != 0x80)
                    break;
            if (k == len) {
                fwrite(p + i, 1, len, f);
                i += len;
                continue;
            }
        }
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(f, "\\x%02x", c);
        else
            fputc(c, f);
        i++;
    }
}

static void put_quoted(FILE *f, const char *p, size_t n)
{
    fputc('"', f);
    put_raw(f, p, n);
    fputc('"', f);
}

static void advance(struct position *pos, const char *text, size_t from,
                    size_t to)
{
    const char *p = text + from, *end = text + to, *nl;
    while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        pos->line++;
        pos->col = 1;
        p = nl + 1;
    }
    pos->col += (size_t)(end - p);
}

/* True when p[0, n) holds nothing but white space (or nothing). */
static int blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            return 0;
    return 1;
}

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
    const struct job *job;
    const char *text;
    long record;             /* --jsonl: the record's line; else -1 */
    const char *field;
    struct position pos;
    size_t done;
};

static struct walker walker_start(const struct job *j, const char *text,
                                  long record, const char *field)
{
    struct walker w = { j, text, record, field, j->at, 0 };
    return w;
}

static struct where walk_to(struct walker *w, size_t offset)
{
    struct where at = { w->job->name, 0, 0, w->job->offset, NULL };
    if (w->record >= 0) {
        /* Records are one line each; the column is within the field. */
        at.line = (size_t)w->record;
        at.col = offset + 1;
        at.base = 0;
        at.field = w->field;
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
static void list_edits(FILE *f, const struct job *j, const char *text,
                       size_t len, const dg_result *res, int findings,
                       long record, const char *field)
{
    struct walker w = walker_start(j, text, record, field);
    size_t n = count_of(res, findings);
    for (size_t i = 0; i < n; i++) {
        const dg_edit *e = edit_or_finding(res, findings, i);
        struct where at = walk_to(&w, dg_edit_start(e));
        print_edit(f, &at, text, len, e, findings);
    }
}

/* JSON Lines for edits and findings together, in input order: a reader
 * that follows the text sees them where they are. */
static void json_edits(const struct job *j, const char *text,
                       const dg_result *res, long record, const char *field)
{
    struct walker w = walker_start(j, text, record, field);
    size_t ne = dg_result_edit_count(res), nf = dg_result_finding_count(res);
    size_t ie = 0, in = 0;

    while (ie < ne || in < nf) {
        const dg_edit *e = ie < ne ? dg_result_edit(res, ie) : NULL;
        const dg_edit *fd = in < nf ? dg_result_finding(res, in) : NULL;
        int applied = e && (!fd || dg_edit_start(e) <= dg_edit_start(fd));
        const dg_edit *x = applied ? e : fd;
        struct where at = walk_to(&w, dg_edit_start(x));
        json_edit(&out_stdout, &at, text, x, applied);
        if (applied)
            ie++;
        else
            in++;
    }
}

/* Invalid UTF-8 is reported by the library as input-stage findings; NUL
 * bytes are protected the same way but are valid UTF-8, so they are not
 * counted. */
static size_t count_invalid(const char *text, const dg_result *res)
{
    size_t n = dg_result_finding_count(res), count = 0;
    for (size_t i = 0; i < n; i++) {
        const dg_edit *e = dg_result_finding(res, i);
        size_t s = dg_edit_start(e), end = dg_edit_end(e);
        if (dg_edit_stage(e) != DG_STAGE_INPUT)
            continue;
        while (s < end && text[s] == '\0')
            s++;
        if (s < end)
            count++;
    }
    return count;
}

/* ---- Pieces ------------------------------------------------------------ */

static int word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* A single space between a word (or the mark that closes one) and the next
 * word: no punctuation or spacing rule spans it. */
static int quiet_space(const char *buf, size_t i)
{
    char before = buf[i - 2], after = buf[i];
    return (word_byte(before) || (before && strchr(".,;:!?)\"", before))) &&
           word_byte(after);
}

/* Where to end a piece of buf[0, len), len > PIECE_MAX: after the last blank
 * line in (PIECE_MIN, PIECE_MAX], else after the last line end there, else
 * after the last quiet space that follows a full stop, else after any quiet
 * space, else after any space, else at a UTF-8 character boundary.  Stages
 * work within a sentence or a line, so a paragraph or line cut loses
 * nothing; the later fallbacks only matter for absurdly long lines, where a
 * cut mid-sentence could make the casing stage see a false sentence start
 * and a cut inside "word , word" would hide the space from the punctuation
 * stage. */
static size_t find_cut(const char *buf, size_t len)
{
    size_t lo = PIECE_MIN, hi = PIECE_MAX < len ? PIECE_MAX : len;
    size_t i, line_end = 0, stop_space = 0, word_space = 0, space = 0;

    /* One backward scan remembers the last line end and spaces met and
     * stops at the first blank line, the best cut there is.  hi < len, so
     * buf[i] is always readable. */
    for (i = hi; i > lo; i--) {
        char c = buf[i - 1];
        if (c == '\n') {
            size_t j = i - 1;
            if (!line_end)
                line_end = i;
            /* A blank line: only spaces, tabs or a CR since the line end
             * before this one. */
            while (j > 0 && (buf[j - 1] == ' ' || buf[j - 1] == '\t' ||
                             buf[j - 1] == '\r'))
                j--;
            if (j > 0 && buf[j - 1] == '\n')
                return i;
        } else if (c == ' ' && !line_end && !stop_space) {
            if (!space)
                space = i;
            if (quiet_space(buf, i)) {
                if (!word_space)
                    word_space = i;
                if (buf[i - 2] == '.' || buf[i - 2] == '!' || buf[i - 2] == '?')
                    stop_space = i;
            }
        }
    }
    if (line_end)
        return line_end;
    if (stop_space)
        return stop_space;
    if (word_space)
        return word_space;
    if (space)
        return space;
    /* Back off continuation bytes so that a character is not split; more
     * than three of them are invalid anyway and pass through either way. */
    for (i = hi; i > hi - 3 && ((unsigned char)buf[i] & 0xc0) == 0x80; i--)
        ;
    return ((unsigned char)buf[i] & 0xc0) == 0x80 ? hi : i;
}

/* ---- Progress ---------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress_start(struct progress *p, const struct config *cfg,
                           size_t total)
{
    memset(p, 0, sizeof *p);
    p->tty = isatty(STDERR_FILENO);
    /* Auto mode stays off when the text itself goes to the terminal: the
     * bar would be drawn over it. */
    p->want = cfg->progress == 1 ||
              (cfg->progress < 0 && p->tty &&
               (cfg->in_place || cfg->mode == MODE_NONE ||
                !isatty(STDOUT_FILENO)));
    p->total = total;
    p->started = now();
}

static void progress_draw(struct progress *p, const char *name, int final)
{
    double mb = 1e6, secs = now() - p->started;
    double rate = secs > 0 ? p->done / mb / secs : 0;

    fprintf(stderr, "%s%s: %s", p->tty ? "\r" : "", progname, name);
    if (p->total) {
        int pct = (int)(p->done * 100 / p->total), fill = pct * 30 / 100;
        fprintf(stderr, " %3d%% [%.*s%*s] %.1f/%.1f MB", pct, fill,
                "##############################", 30 - fill, "",
                p->done / mb, p->total / mb);
    } else {
        fprintf(stderr, " %.1f MB", p->done / mb);
    }
    fprintf(stderr, " %.1f MB/s%s", rate, p->tty ? "\033[K" : "\n");
    if (final && p->tty)
        fputc('\n', stderr);
    p->drawn = 1;
}

static void progress_update(struct progress *p, const char *name, size_t n)
{
    double t;

    p->done += n;
    if (!p->want)
        return;
    if (p->total ? p->total < PROGRESS_MIN : p->done < PROGRESS_MIN)
        return;
    t = now();
    /* Ten redraws a second on a terminal; one a second into a file. */
    if (p->drawn && t - p->shown < (p->tty ? 0.1 : 1.0))
        return;
    p->shown = t;
    progress_draw(p, name, 0);
}

static void progress_end(struct progress *p, const char *name)
{
    if (p->want && (p->drawn || (p->total ? p->total : p->done) >= PROGRESS_MIN))
        progress_draw(p, name, 1);
}

/* ---- Diffs ------------------------------------------------------------- */

/* Where the line holding text[i] ends (after its '\n', or at len). */
static size_t line_end(const char *text, size_t len, size_t i)
{
    const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
    return nl ? (size_t)(nl - text) + 1 : len;
}

/* Hands one piece to the diff as lines: unchanged lines as themselves, the
 * lines an edit touches (several, if it crosses line ends, or several
 * edits touch neighbouring ones) with what they become. */
static void diff_piece(struct diff *d, const char *text, size_t len,
                       const dg_result *res, struct buf *scratch)
{
    size_t n = dg_result_edit_count(res), k = 0, pos = 0;

    while (pos < len || k < n) {
        size_t end = line_end(text, len, pos), cursor = pos;
        const dg_edit *e = k < n ? dg_result_edit(res, k) : NULL;

        if (!e || (dg_edit_start(e) >= end && end < len)) {
            diff_add(d, text + pos, end - pos, text + pos, end - pos);
            pos = end;
            continue;
        }
        scratch->len = 0;
        while (k < n && ((e = dg_result_edit(res, k)),
                         dg_edit_start(e) < end || end == len)) {
            size_t rlen = 0;
            const char *repl = dg_edit_replacement(e, &rlen);
            buf_add(scratch, text + cursor, dg_edit_start(e) - cursor);
            buf_add(scratch, repl, rlen);
            cursor = dg_edit_end(e);
            /* An edit that removes a line end joins the next line in. */
            if (cursor > end)
                end = line_end(text, len, cursor - 1);
            k++;
        }
        buf_add(scratch, text + cursor, end - cursor);
        diff_add(d, text + pos, end - pos, scratch->p, scratch->len);
        pos = end;
    }
}

/* ---- Fixing ------------------------------------------------------------ */

/* Everything a mode does with one result.  record >= 0 is a --jsonl record
 * (its line number), whose text goes out through json_record(). */
static void use_result(const struct config *cfg, struct job *j,
                       const char *text, size_t len, const dg_result *res,
                       long record)
{
    const char *field = record >= 0 ? cfg->field : NULL;

    switch (cfg->mode) {
    case MODE_EXPLAIN:
        list_edits(stdout, j, text, len, res, 0, record, field);
        list_edits(stdout, j, text, len, res, 1, record, field);
        sink_check(&out_stdout);
        break;
    case MODE_JSON:
        json_edits(j, text, res, record, field);
        break;
    default:
        break;
    }
    if (cfg->report)
        list_edits(stderr, j, text, len, res, 1, record, field);
    j->edits += dg_result_edit_count(res);
    j->invalid += count_invalid(text, res);
}

/* Fixes one piece of a text input.  A piece the library cannot fix is
 * passed through unchanged after a message. */
static void fix_piece(const dg_engine *engine, const struct config *cfg,
                      struct job *j, const char *text, size_t len,
                      struct buf *scratch)
{
    dg_result *res = NULL;
    dg_status st;
    size_t out_len;
    const char *out;

    if (len == 0)
        return;
    st = dg_fix(engine, text, len, &res);
    if (st != DG_OK) {
        fprintf(stderr, "%s: %s: %s\n", progname, j->name, dg_status_str(st));
        j->status = EXIT_TROUBLE;
        if (j->text_out)
            sink_write(j->text_out, text, len);
        if (j->diff)
            diff_add(j->diff, text, len, text, len);
    } else {
        if (j->text_out) {
            out = dg_result_text(res, &out_len);
            sink_write(j->text_out, out, out_len);
        }
        if (j->diff)
            diff_piece(j->diff, text, len, res, scratch);
        use_result(cfg, j, text, len, res, -1);
        dg_result_free(res);
    }
    advance(&j->at, text, 0, len);
    j->offset += len;
}

static int output_failed(const struct job *j)
{
    return out_stdout.err || (j->text_out && j->text_out->err);
}

/* Streams a text input through the engine in pieces. */
static void process_pieces(const dg_engine *engine, const struct config *cfg,
                           struct job *j, FILE *f, char *buf)
{
    struct buf scratch = { 0 };
    size_t len = 0;
    int eof = 0;

    while (!eof && !output_failed(j)) {
        size_t got = fread(buf + len, 1, READ_SIZE, f);
        len += got;
        progress_update(&j->prog, j->name, got);
        if (got < READ_SIZE) {
            if (ferror(f)) {
                fprintf(stderr, "%s: %s: %s\n", progname, j->name,
                        strerror(errno));
                j->status = EXIT_TROUBLE;
                /* What was read still goes out: nothing is lost that we
                 * had. */
            }
            eof = 1;
        }
        while (len > PIECE_MAX || (eof && len > 0)) {
            size_t cut = len > PIECE_MAX ? find_cut(buf, len) : len;
            fix_piece(engine, cfg, j, buf, cut, &scratch);
            memmove(buf, buf + cut, len - cut);
            len -= cut;
            if (output_failed(j))
                break;
        }
    }
    buf_free(&scratch);
}

/* What json_record() calls to fix a record's field. */
struct record_ctx {
    const dg_engine *engine;
    const struct config *cfg;
    struct job *job;
    long record;
    dg_result *res;          /* the last result, freed on the next call */
};

static dg_result *fix_record(void *arg, const char *text, size_t len)
{
    struct record_ctx *c = arg;
    dg_status st;

    dg_result_free(c->res);
    c->res = NULL;
    st = dg_fix(c->engine, text, len, &c->res);
    if (st != DG_OK) {
        fprintf(stderr, "%s: %s:%ld: %s; record copied unchanged\n",
                progname, c->job->name, c->record, dg_status_str(st));
        c->job->status = EXIT_TROUBLE;
        return NULL;
    }
    use_result(c->cfg, c->job, text, len, c->res, c->record);
    return c->res;
}

/* Streams a JSON Lines input record by record.  Every line goes out: fixed,
 * as it was, or (malformed, with --skip-bad) not at all, after a message. */
static void process_records(const dg_engine *engine,
                            const struct config *cfg, struct job *j, FILE *f)
{
    struct record_ctx ctx = { engine, cfg, j, 0, NULL };
    struct buf fixed = { 0 };
    char *line = NULL, why[256];
    size_t cap = 0;
    ssize_t got;

    while (!output_failed(j) && (got = getline(&line, &cap, f)) > 0) {
        size_t len = (size_t)got, body = len;
        const char *out = line;
        size_t out_len = len;

        progress_update(&j->prog, j->name, len);
        ctx.record++;
        if (line[body - 1] == '\n')
            body--;
        /* Blank lines are not records; they are kept, not complained
         * about. */
        if (!blank(line, body)) {
            j->records++;
            switch (json_record(line, body, cfg->field, fix_record, &ctx,
                                &fixed, why, sizeof why)) {
            case RECORD_FIXED:
                if (body < len)
                    buf_add(&fixed, "\n", 1);
                out = fixed.p;
                out_len = fixed.len;
                break;
            case RECORD_NO_FIELD:
                j->no_field++;
                break;
            case RECORD_UNCHANGED:
                break;
            case RECORD_BAD:
                j->bad++;
                fprintf(stderr, "%s: %s:%ld: bad record, %s: %s\n", progname,
                        j->name, ctx.record,
                        cfg->skip_bad ? "skipped" : "copied unchanged", why);
                if (cfg->skip_bad)
                    out_len = 0;
                break;
            }
        }
        if (j->text_out)
            sink_write(j->text_out, out, out_len);
        if (j->diff)
            diff_add(j->diff, line, len, out, out_len);
        j->offset += len;
    }
    if (ferror(f)) {
        fprintf(stderr, "%s: %s: %s\n", progname, j->name, strerror(errno));
        j->status = EXIT_TROUBLE;
    }
    if (j->records && j->no_field == j->records)
        fprintf(stderr, "%s: %s: warning: no record has a field \"%s\"\n",
                progname, j->name, cfg->field);
    dg_result_free(ctx.res);
    buf_free(&fixed);
    free(line);
}

/* ---- In place ---------------------------------------------------------- */

/* The temporary file sits beside its target so that rename() is atomic
 * (same file system) and the directory's permissions are the ones that
 * count.  On any failure before the rename the original is untouched. */
struct temp {
    char *path;
    int fd;
    FILE *f;
    struct sink sink;
};

static int temp_open(struct temp *t, const char *target)
{
    char *c1 = strdup(target), *c2 = strdup(target);
    int n;

    if (!c1 || !c2)
        die_nomem();
    /* dirname() and basename() may write into their argument. */
    n = asprintf(&t->path, "%s/.%s.fix-text-XXXXXX", dirname(c1),
                 basename(c2));
    free(c1);
    free(c2);
    if (n < 0)
        die_nomem();
    t->fd = mkstemp(t->path);
    if (t->fd < 0) {
        int e = errno;
        free(t->path);
        t->path = NULL;
        errno = e;
        return -1;
    }
    live_temp = t->path;
    t->f = fdopen(t->fd, "wb");
    if (!t->f) {
        int e = errno;
        close(t->fd);
        unlink(t->path);
        live_temp = NULL;
        free(t->path);
        t->path = NULL;
        errno = e;
        return -1;
    }
    t->sink.f = t->f;
    t->sink.err = 0;
    return 0;
}

static void temp_discard(struct temp *t)
{
    if (t->f)
        fclose(t->f);
    unlink(t->path);
    live_temp = NULL;
    free(t->path);
    t->path = NULL;
}

/* Gives the temporary file the original's owner and mode, makes it
 * durable, and renames it over the target.  Returns 0, or -1 with errno
 * set (the temporary file is then removed). */
static int temp_commit(struct temp *t, const char *target,
                       const struct stat *st)
{
    int dfd, e;
    char *c;

    errno = 0;
    if (fflush(t->f) != 0 || t->sink.err)
        goto fail;
    /* The owner first: chown() clears set-user-ID bits that the chmod
     * then restores.  Not being allowed to give the file away (a user
     * editing a file someone else owns) is no reason to refuse the edit;
     * the group is then kept where possible, as GNU sed does. */
    if (fchown(t->fd, st->st_uid, st->st_gid) != 0)
        (void)!fchown(t->fd, (uid_t)-1, st->st_gid);
    if (fchmod(t->fd, st->st_mode & 07777) != 0 || fsync(t->fd) != 0)
        goto fail;
    if (fclose(t->f) != 0) {
        t->f = NULL;
        goto fail;
    }
    t->f = NULL;
    if (rename(t->path, target) != 0)
        goto fail;
    live_temp = NULL;
    free(t->path);
    t->path = NULL;
    /* The rename itself is durable only once the directory is synced. */
    c = strdup(target);
    if (!c)
        die_nomem();
    dfd = open(dirname(c), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    free(c);
    return 0;
fail:
    e = errno ? errno : EIO;
    temp_discard(t);
    errno = e;
    return -1;
}

/* ---- Inputs ------------------------------------------------------------ */

static int worse(int a, int b)
{
    static const int rank[] = { 0, 1, 3, 2 };   /* by exit status 0..3 */
    return rank[b] > rank[a] ? b : a;
}

/* Processes one input in the configured mode; returns its exit status. */
static int process(const dg_engine *engine, const struct config *cfg,
                   char *buf, const char *path)
{
    struct job j = { .at = { 1, 1 } };
    struct temp tmp = { 0 };
    struct stat st;
    char *target = NULL;
    FILE *f;

    if (strcmp(path, "-") == 0) {
        j.name = "<stdin>";
        f = stdin;
    } else {
        j.name = path;
        f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "%s: %s: %s\n", progname, path, strerror(errno));
            return EXIT_TROUBLE;
        }
    }
    if (fstat(fileno(f), &st) != 0) {
        fprintf(stderr, "%s: %s: %s\n", progname, j.name, strerror(errno));
        if (f != stdin)
            fclose(f);
        return EXIT_TROUBLE;
    }
    progress_start(&j.prog, cfg, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0);

    if (cfg->in_place) {
        /* Renaming over a symbolic link would replace the link; the file
         * it points to is the one to rewrite. */
        target = realpath(path, NULL);
        if (!S_ISREG(st.st_mode) || !target) {
            fprintf(stderr, "%s: %s: %s\n", progname, path,
                    target ? "not a regular file, cannot rewrite it in place"
                           : strerror(errno));
            free(target);
            fclose(f);
            return EXIT_TROUBLE;
        }
        if (temp_open(&tmp, target) != 0) {
            fprintf(stderr, "%s: %s: cannot create a temporary file beside "
                    "it: %s\n", progname, path, strerror(errno));
            free(target);
            fclose(f);
            return EXIT_TROUBLE;
        }
        j.text_out = &tmp.sink;
    } else if (cfg->mode == MODE_TEXT) {
        j.text_out = &out_stdout;
    }
    if (cfg->mode == MODE_DIFF)
        j.diff = diff_new(&out_stdout, j.name, cfg->color);

    if (cfg->jsonl)
        process_records(engine, cfg, &j, f);
    else
        process_pieces(engine, cfg, &j, f, buf);

    if (j.diff)
        diff_finish(j.diff);
    progress_end(&j.prog, j.name);
    if (f == stdin)
        clearerr(stdin);
    else
        fclose(f);

    if (cfg->in_place) {
        if (tmp.sink.err) {
            fprintf(stderr, "%s: %s: write error: %s; file left unchanged\n",
                    progname, path, strerror(tmp.sink.err));
            j.status = EXIT_TROUBLE;
        }
        /* Nothing changed: the file keeps its time stamps and inode. */
        if (j.status == EXIT_TROUBLE || (!j.edits && !(j.bad && cfg->skip_bad))) {
            temp_discard(&tmp);
            if (j.status == EXIT_TROUBLE && !tmp.sink.err)
                fprintf(stderr, "%s: %s: left unchanged\n", progname, path);
        } else if (temp_commit(&tmp, target, &st) != 0) {
            fprintf(stderr, "%s: %s: cannot replace the file: %s; file left "
                    "unchanged\n", progname, path, strerror(errno));
            j.status = EXIT_TROUBLE;
        }
        free(target);
    }

    if (j.invalid)
        fprintf(stderr, "%s: %zu invalid UTF-8 sequence%s passed through\n",
                j.name, j.invalid, j.invalid == 1 ? "" : "s");
    if (cfg->check && j.edits) {
        fprintf(stderr, "%s: %s: would change (%zu edit%s)\n", progname,
                j.name, j.edits, j.edits == 1 ? "" : "s");
        j.status = worse(j.status, EXIT_CHANGED);
    }
    if (j.bad)
        j.status = worse(j.status, cfg->skip_bad ? 0 : EXIT_BAD_RECORDS);
    return j.status;
}

/* ---- Options ----------------------------------------------------------- */

enum {
    OPT_HELP = 256, OPT_VERSION, OPT_EXPLAIN, OPT_REPORT, OPT_NO_PUNCT,
    OPT_NO_CASING, OPT_NO_PHRASES, OPT_NO_DICTIONARY, OPT_MIN_CONFIDENCE,
    OPT_NAMES, OPT_ABBREVS, OPT_DICT, OPT_RULES, OPT_LANG, OPT_DIFF,
    OPT_CHECK, OPT_JSON, OPT_JSONL, OPT_FIELD, OPT_SKIP_BAD, OPT_COLOR,
    OPT_PROGRESS, OPT_NO_PROGRESS, OPT_CHECK_RULES, OPT_LIST_RULES
};

static const struct option long_options[] = {
    { "help", no_argument, NULL, OPT_HELP },
    { "version", no_argument, NULL, OPT_VERSION },
    { "in-place", no_argument, NULL, 'i' },
    { "diff", no_argument, NULL, OPT_DIFF },
    { "check", no_argument, NULL, OPT_CHECK },
    { "explain", no_argument, NULL, OPT_EXPLAIN },
    { "json", no_argument, NULL, OPT_JSON },
    { "report", no_argument, NULL, OPT_REPORT },
    { "color", optional_argument, NULL, OPT_COLOR },
    { "progress", no_argument, NULL, OPT_PROGRESS },
    { "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
    { "jsonl", no_argument, NULL, OPT_JSONL },
    { "field", required_argument, NULL, OPT_FIELD },
    { "skip-bad", no_argument, NULL, OPT_SKIP_BAD },
    { "no-punct", no_argument, NULL, OPT_NO_PUNCT },
    { "no-punctuation", no_argument, NULL, OPT_NO_PUNCT },
    { "no-casing", no_argument, NULL, OPT_NO_CASING },
    { "no-phrases", no_argument, NULL, OPT_NO_PHRASES },
    { "no-dictionary", no_argument, NULL, OPT_NO_DICTIONARY },
    { "min-confidence", required_argument, NULL, OPT_MIN_CONFIDENCE },
    { "names", required_argument, NULL, OPT_NAMES },
    { "abbrevs", required_argument, NULL, OPT_ABBREVS },
    { "dict", required_argument, NULL, OPT_DICT },
    { "rules", required_argument, NULL, OPT_RULES },
    { "lang", required_argument, NULL, OPT_LANG },
    { "check-rules", required_argument, NULL, OPT_CHECK_RULES },
    { "list-rules", no_argument, NULL, OPT_LIST_RULES },
    { NULL, 0, NULL, 0 }
};

/* argv outlives the engine options, so the lists can point into it; the
 * extra slot holds the NULL terminator. */
struct file_list {
    const char **v;
    size_t n;
};

static void list_add(struct file_list *l, int argc, const char *path)
{
    if (!l->v && !(l->v = calloc((size_t)argc + 1, sizeof *l->v)))
        die_nomem();
    l->v[l->n++] = path;
}

/* One output mode at a time: "--diff --json" has no sensible meaning, and
 * guessing which the user wanted could hide the other. */
static void set_mode(enum output_mode *mode, const char **mode_name,
                     enum output_mode m, const char *name)
{
    if (*mode_name && *mode != m)
        usage_error("%s and %s cannot be combined", *mode_name, name);
    *mode = m;
    *mode_name = name;
}

static void print_engine_error(dg_status st, const dg_error *err)
{
    const char *msg = err->message[0] ? err->message : dg_status_str(st);
    if (err->file[0] && err->line)
        fprintf(stderr, "%s: %s:%u: %s\n", progname, err->file, err->line, msg);
    else if (err->file[0])
        fprintf(stderr, "%s: %s: %s\n", progname, err->file, msg);
    else
        fprintf(stderr, "%s: %s\n", progname, msg);
}

/* ---- Rules ------------------------------------------------------------- */

static void lint_report(const char *file, unsigned line, const char *message,
                        void *ctx)
{
    (void)ctx;
    if (line)
        printf("%s:%u: %s\n", file, line, message);
    else
        printf("%s: %s\n", file, message);
}

/* --check-rules: problems on standard output, one a line, as a compiler
 * would list them; the exit status follows --check: 1 when there is
 * something to fix, 2 when a file cannot be checked. */
static int lint_rules(const struct file_list *files)
{
    int status = 0;

    for (size_t i = 0; i < files->n; i++) {
        unsigned problems = 0;
        dg_status st = dg_rules_check(files->v[i], lint_report, NULL,
                                      &problems);
        if (st != DG_OK) {
            /* DG_ERR_IO has been reported through the callback. */
            if (st != DG_ERR_IO)
                fprintf(stderr, "%s: %s: %s\n", progname, files->v[i],
                        dg_status_str(st));
            status = EXIT_TROUBLE;
        } else if (problems) {
            fprintf(stderr, "%s: %s: %u problem%s\n", progname, files->v[i],
                    problems, problems == 1 ? "" : "s");
            status = worse(status, EXIT_CHANGED);
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: write error: %s\n", progname, strerror(errno));
        status = EXIT_TROUBLE;
    }
    return status;
}

/* --list-rules: the phrase table the engine compiled, built-in rules and
 * --rules files alike, readably or as JSON Lines. */
static int print_rules(const dg_engine *engine, int json)
{
    size_t n = dg_engine_rule_count(engine);

    for (size_t i = 0; i < n && !out_stdout.err; i++) {
        dg_rule_info r;
        if (dg_engine_rule(engine, i, &r) != DG_OK)
            continue;
        if (json) {
            json_rule(&out_stdout, &r);
            continue;
        }
        printf("%s [%s] (%s:%u, confidence %.2f): ", r.rule,
               r.category && *r.category ? r.category : "-", r.file, r.line, r.confidence);
        put_quoted(stdout, r.pattern, strlen(r.pattern));
        fputs(" -> ", stdout);
        put_quoted(stdout, r.replacement, strlen(r.replacement));
        if (r.note && *r.note)
            printf(" - %s", r.note);
        putchar('\n');
    }
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout))
        sink_check(&out_stdout);
    if (out_stdout.err) {
        fprintf(stderr, "%s: write error: %s\n", progname,
                strerror(out_stdout.err));
        return EXIT_TROUBLE;
    }
    return 0;
}

/* File scope, so that every way out of main (early error exits included)
 * frees them through atexit and leak checkers stay quiet. */
static struct file_list names, abbrevs, dicts, rules, check_rules;

static void free_option_lists(void)
{
    free(names.v);
    free(abbrevs.v);
    free(dicts.v);
    free(rules.v);
    free(check_rules.v);
}

int main(int argc, char **argv)
{
    struct config cfg = { MODE_TEXT, 0, 0, 0, 0, "text", 0, 0, -1 };
    const char *mode_name = NULL, *color = "auto";
    dg_options opts = { 0 };
    int list_rules = 0;
    dg_engine *engine = NULL;
    dg_error err = { 0 };
    dg_status st;

    atexit(free_option_lists);
    char *buf;
    int c, status = 0;

    out_stdout.f = stdout;
    while ((c = getopt_long(argc, argv, "i", long_options, NULL)) != -1) {
        char *end;
        switch (c) {
        case OPT_HELP:
            print_help();
            return fflush(stdout) || ferror(stdout) ? EXIT_TROUBLE : 0;
        case OPT_VERSION:
            printf("%s %s\n", progname, dg_version());
            return fflush(stdout) || ferror(stdout) ? EXIT_TROUBLE : 0;
        case 'i':
            cfg.in_place = 1;
            break;
        case OPT_DIFF:
            set_mode(&cfg.mode, &mode_name, MODE_DIFF, "--diff");
            break;
        case OPT_EXPLAIN:
            set_mode(&cfg.mode, &mode_name, MODE_EXPLAIN, "--explain");
            break;
        case OPT_JSON:
            set_mode(&cfg.mode, &mode_name, MODE_JSON, "--json");
            break;
        case OPT_CHECK:
            cfg.check = 1;
            break;
        case OPT_REPORT:
            cfg.report = 1;
            break;
        case OPT_COLOR:
            color = optarg ? optarg : "always";
            if (strcmp(color, "never") && strcmp(color, "always") &&
                strcmp(color, "auto"))
                usage_error("--color: '%s' is not never, always or auto",
                            color);
            break;
        case OPT_PROGRESS:
            cfg.progress = 1;
            break;
        case OPT_NO_PROGRESS:
            cfg.progress = 0;
            break;
        case OPT_JSONL:
            cfg.jsonl = 1;
            break;
        case OPT_FIELD:
            if (!*optarg)
                usage_error("--field: the name is empty");
            cfg.field = optarg;
            break;
        case OPT_SKIP_BAD:
            cfg.skip_bad = 1;
            break;
        case OPT_NO_PUNCT:
            opts.disabled_stages |= DG_STAGE_PUNCT;
            break;
        case OPT_NO_CASING:
            opts.disabled_stages |= DG_STAGE_CASING;
            break;
        case OPT_NO_PHRASES:
            opts.disabled_stages |= DG_STAGE_PHRASES;
            break;
        case OPT_NO_DICTIONARY:
            opts.disabled_stages |= DG_STAGE_DICTIONARY;
            break;
        case OPT_MIN_CONFIDENCE:
            errno = 0;
            opts.min_confidence = strtod(optarg, &end);
            if (errno || end == optarg || *end ||
                !isfinite(opts.min_confidence) || opts.min_confidence < 0)
                usage_error("--min-confidence: '%s' is not a number >= 0",
                            optarg);
            /* The library reads 0 as "the default"; a user who says 0
             * means "apply everything". */
            if (opts.min_confidence == 0)
                opts.min_confidence = 1e-9;
            break;
        case OPT_NAMES:
            list_add(&names, argc, optarg);
            break;
        case OPT_ABBREVS:
            list_add(&abbrevs, argc, optarg);
            break;
        case OPT_DICT:
            list_add(&dicts, argc, optarg);
            break;
        case OPT_RULES:
            list_add(&rules, argc, optarg);
            break;
        case OPT_CHECK_RULES:
            list_add(&check_rules, argc, optarg);
            break;
        case OPT_LIST_RULES:
            list_rules = 1;
            break;
        case OPT_LANG:
            if (!*optarg)
                usage_error("--lang: the name is empty");
            opts.lang = optarg;
            break;
        default:
            /* getopt_long has already said what was wrong. */
            fprintf(stderr, "Try '%s --help'.\n", progname);
            return EXIT_TROUBLE;
        }
    }
    if (check_rules.n) {
        if (list_rules || mode_name || cfg.in_place || optind < argc)
            usage_error("--check-rules takes no FILE arguments or modes");
        return lint_rules(&check_rules);
    }
    if (list_rules && (cfg.in_place || cfg.check || optind < argc ||
                       (mode_name && cfg.mode != MODE_JSON)))
        usage_error("--list-rules combines only with --json and data "
                    "options");
    if (cfg.in_place) {
        if (mode_name || cfg.check)
            usage_error("-i cannot be combined with %s",
                        mode_name ? mode_name : "--check");
        if (optind >= argc)
            usage_error("-i needs FILE arguments: standard input cannot be "
                        "rewritten");
        for (int i = optind; i < argc; i++)
            if (strcmp(argv[i], "-") == 0)
                usage_error("-i: standard input (-) cannot be rewritten");
    }
    if ((cfg.skip_bad || strcmp(cfg.field, "text")) && !cfg.jsonl)
        usage_error("%s needs --jsonl",
                    cfg.skip_bad ? "--skip-bad" : "--field");
    if (cfg.check && !mode_name)
        cfg.mode = MODE_NONE;
    /* NO_COLOR (no-color.org) is the one convention for turning color off
     * everywhere; an explicit --color=always still wins. */
    cfg.color = strcmp(color, "always") == 0 ||
                (strcmp(color, "auto") == 0 && isatty(STDOUT_FILENO) &&
                 !(getenv("NO_COLOR") && *getenv("NO_COLOR")));
    /* Only --explain, --json and --report show findings; the other modes
     * let the engine skip the work that only produces them. */
    opts.text_only = !cfg.report && cfg.mode != MODE_EXPLAIN && cfg.mode != MODE_JSON;
    opts.names_files = names.v;
    opts.abbrev_files = abbrevs.v;
    opts.dict_files = dicts.v;
    opts.rules_files = rules.v;

    /* A closed pipe must be an error we report, not a silent death; a
     * signal must not leave -i's temporary file behind. */
    signal(SIGPIPE, SIG_IGN);
    signal(SIGINT, on_fatal_signal);
    signal(SIGTERM, on_fatal_signal);
    signal(SIGHUP, on_fatal_signal);
    atexit(remove_live_temp);

    st = dg_engine_new(&opts, &engine, &err);
    if (st != DG_OK) {
        print_engine_error(st, &err);
        return EXIT_TROUBLE;
    }
    if (dg_engine_warning(engine))
        fprintf(stderr, "%s: warning: %s\n", progname,
                dg_engine_warning(engine));

    if (list_rules) {
        status = print_rules(engine, cfg.mode == MODE_JSON);
        dg_engine_free(engine);
        return status;
    }

    /* The one read buffer, whatever the input size: see PIECE_MAX. */
    buf = malloc(PIECE_MAX + READ_SIZE);
    if (!buf)
        die_nomem();
    if (optind >= argc) {
        status = process(engine, &cfg, buf, "-");
    } else {
        for (int i = optind; i < argc && !out_stdout.err; i++)
            status = worse(status, process(engine, &cfg, buf, argv[i]));
    }
    free(buf);

    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout))
        sink_check(&out_stdout);
    if (out_stdout.err) {
        fprintf(stderr, "%s: write error: %s\n", progname,
                strerror(out_stdout.err));
        status = EXIT_TROUBLE;
    }
    dg_engine_free(engine);
    return status;
}
