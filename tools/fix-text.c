/*
 * fix-text - repair garbled machine-translated English, as a filter.
 *
 * A thin command over the public API (include/degarble.h): it parses
 * options, reads, calls dg_fix() piece by piece, and writes.  Anything
 * another program could want belongs in the library, not here.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "degarble.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_TROUBLE 2

/* Bytes asked of fread() at a time. */
#define READ_SIZE ((size_t)64 << 10)

/* A piece handed to dg_fix() ends somewhere in (PIECE_MIN, PIECE_MAX]: about
 * DG_CHUNK_HINT, with room to reach back to a paragraph or line end.  The
 * buffer never holds more than PIECE_MAX + READ_SIZE bytes, whatever the
 * input looks like, so memory stays bounded even for a 100 MB line. */
#define PIECE_MIN (DG_CHUNK_HINT / 2)
#define PIECE_MAX (DG_CHUNK_HINT + DG_CHUNK_HINT / 2)

enum output_mode { MODE_TEXT, MODE_EXPLAIN };

struct config {
    enum output_mode mode;
    int report;              /* findings to stderr as well as the text */
};

/* Where a byte offset of the current input falls, 1-based line and byte
 * column; advanced monotonically so that a piece is scanned once. */
struct position {
    size_t line, col;
};

struct input {
    const char *name;        /* as shown in messages */
    struct position at;      /* position of the start of the next piece */
    size_t invalid;          /* invalid UTF-8 spans seen so far */
};

static const char *progname = "fix-text";
static int output_failed;

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

static void print_help(void)
{
    printf(
"Usage: %s [OPTION]... [FILE]...\n"
"Repair garbled machine-translated English.  Reads each FILE (standard input\n"
"when there is none or FILE is -) and writes the fixed text to standard\n"
"output.  Every byte outside an edit is copied unchanged; invalid UTF-8 and\n"
"NUL bytes pass through.\n"
"\n"
"Output:\n"
"      --explain             instead of the text, list every edit, one per\n"
"                            line, then the findings (marked \"finding:\"):\n"
"                              FILE:LINE:COL: RULE (STAGE, confidence C):\n"
"                                \"before\" -> \"after\" - reason\n"
"      --report              also list findings (proposals not applied,\n"
"                            invalid UTF-8) on standard error\n"
"\n"
"Stages:\n"
"      --no-punct            no punctuation and spacing repairs\n"
"      --no-phrases          no phrase-table repairs\n"
"      --no-casing           no proper noun or abbreviation casing\n"
"      --no-dictionary       no hunspell checks\n"
"      --min-confidence X    apply only edits with confidence >= X (0..1, default\n"
"                            %.2g); the others become findings; X > 1 applies\n"
"                            nothing\n"
"\n"
"Data (repeatable; added to the built-in data and winning on conflict):\n"
"      --names FILE          extra proper nouns, dicts/names.txt format\n"
"      --abbrevs FILE        extra abbreviations, dicts/abbreviations.txt format\n"
"\n"
"      --help                show this help and exit\n"
"      --version             show the version and exit\n"
"\n"
"LINE and COL are 1-based and point where the edit starts; COL counts bytes.\n"
"An input with invalid UTF-8 gives one warning on standard error.\n"
"\n"
"Exit status: 0 on success; 2 on a usage error, an unreadable file, bad data\n"
"files or a write error.\n",
        progname, DG_DEFAULT_MIN_CONFIDENCE);
}

/* ---- Output ------------------------------------------------------------ */

/* A write error is remembered rather than fatal at once: the caller stops at
 * the next piece boundary and the final fflush/ferror check names it. */
static void out_bytes(const char *p, size_t n)
{
    if (!n || output_failed)
        return;
    errno = 0;
    if (fwrite(p, 1, n, stdout) != n)
        output_failed = errno ? errno : EIO;
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

static void print_edit(FILE *f, const char *name, const struct position *pos,
                       const char *text, size_t len, const dg_edit *e,
                       int finding)
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
    fprintf(f, "%s:%zu:%zu: %s%s (%s, confidence %.2f): ", name, pos->line,
            pos->col, finding ? "finding: " : "", dg_edit_rule(e),
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

/* Lists edits (or findings) of one piece; pos is where the piece starts. */
static void list_edits(FILE *f, const struct input *in, const char *text,
                       size_t len, const dg_result *res, int findings)
{
    struct position pos = in->at;
    size_t n = findings ? dg_result_finding_count(res)
                        : dg_result_edit_count(res);
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        const dg_edit *e = findings ? dg_result_finding(res, i)
                                    : dg_result_edit(res, i);
        advance(&pos, text, done, dg_edit_start(e));
        done = dg_edit_start(e);
        print_edit(f, in->name, &pos, text, len, e, findings);
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

/* Fixes one piece and writes what the mode asks for.  Returns 0, or -1 after
 * printing a message when the library fails. */
static int fix_piece(const dg_engine *engine, const struct config *cfg,
                     struct input *in, const char *text, size_t len)
{
    dg_result *res = NULL;
    dg_status st;
    size_t out_len;
    const char *out;

    if (len == 0)
        return 0;
    st = dg_fix(engine, text, len, &res);
    if (st != DG_OK) {
        fprintf(stderr, "%s: %s: %s\n", progname, in->name,
                dg_status_str(st));
        return -1;
    }
    if (cfg->mode == MODE_EXPLAIN) {
        errno = 0;
        list_edits(stdout, in, text, len, res, 0);
        list_edits(stdout, in, text, len, res, 1);
        if (ferror(stdout) && !output_failed)
            output_failed = errno ? errno : EIO;
    } else {
        out = dg_result_text(res, &out_len);
        out_bytes(out, out_len);
        if (cfg->report)
            list_edits(stderr, in, text, len, res, 1);
    }
    in->invalid += count_invalid(text, res);
    advance(&in->at, text, 0, len);
    dg_result_free(res);
    return 0;
}

/* Streams one input through the engine.  Returns 0 or EXIT_TROUBLE. */
static int process(const dg_engine *engine, const struct config *cfg,
                   char *buf, const char *path)
{
    struct input in = { .at = { 1, 1 } };
    FILE *f;
    size_t len = 0;
    int eof = 0, status = 0;

    if (strcmp(path, "-") == 0) {
        in.name = "<stdin>";
        f = stdin;
    } else {
        in.name = path;
        f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "%s: %s: %s\n", progname, path, strerror(errno));
            return EXIT_TROUBLE;
        }
    }

    while (!eof && !output_failed) {
        size_t got = fread(buf + len, 1, READ_SIZE, f);
        len += got;
        if (got < READ_SIZE) {
            if (ferror(f)) {
                fprintf(stderr, "%s: %s: %s\n", progname, in.name,
                        strerror(errno));
                status = EXIT_TROUBLE;
                /* What was read still goes out: nothing is lost that we
                 * had. */
            }
            eof = 1;
        }
        while (len > PIECE_MAX || (eof && len > 0)) {
            size_t cut = len > PIECE_MAX ? find_cut(buf, len) : len;
            if (fix_piece(engine, cfg, &in, buf, cut) < 0) {
                /* Still pass the piece through unchanged. */
                out_bytes(buf, cfg->mode == MODE_TEXT ? cut : 0);
                status = EXIT_TROUBLE;
            }
            memmove(buf, buf + cut, len - cut);
            len -= cut;
            if (output_failed)
                break;
        }
    }

    if (f == stdin)
        clearerr(stdin);
    else
        fclose(f);
    if (in.invalid)
        fprintf(stderr, "%s: %zu invalid UTF-8 sequence%s passed through\n",
                in.name, in.invalid, in.invalid == 1 ? "" : "s");
    return status;
}

/* ---- Options ----------------------------------------------------------- */

enum {
    OPT_HELP = 256, OPT_VERSION, OPT_EXPLAIN, OPT_REPORT, OPT_NO_PUNCT,
    OPT_NO_CASING, OPT_NO_PHRASES, OPT_NO_DICTIONARY, OPT_MIN_CONFIDENCE,
    OPT_NAMES, OPT_ABBREVS
};

static const struct option long_options[] = {
    { "help", no_argument, NULL, OPT_HELP },
    { "version", no_argument, NULL, OPT_VERSION },
    { "explain", no_argument, NULL, OPT_EXPLAIN },
    { "report", no_argument, NULL, OPT_REPORT },
    { "no-punct", no_argument, NULL, OPT_NO_PUNCT },
    { "no-punctuation", no_argument, NULL, OPT_NO_PUNCT },
    { "no-casing", no_argument, NULL, OPT_NO_CASING },
    { "no-phrases", no_argument, NULL, OPT_NO_PHRASES },
    { "no-dictionary", no_argument, NULL, OPT_NO_DICTIONARY },
    { "min-confidence", required_argument, NULL, OPT_MIN_CONFIDENCE },
    { "names", required_argument, NULL, OPT_NAMES },
    { "abbrevs", required_argument, NULL, OPT_ABBREVS },
    { NULL, 0, NULL, 0 }
};

/* argv outlives the engine options, so the lists can point into it; the
 * extra slot holds the NULL terminator. */
static const char **file_list(int argc)
{
    const char **v = calloc((size_t)argc + 1, sizeof *v);
    if (!v) {
        fprintf(stderr, "%s: out of memory\n", progname);
        exit(EXIT_TROUBLE);
    }
    return v;
}

int main(int argc, char **argv)
{
    struct config cfg = { MODE_TEXT, 0 };
    dg_options opts = { 0 };
    const char **names = file_list(argc), **abbrevs = file_list(argc);
    size_t n_names = 0, n_abbrevs = 0;
    dg_engine *engine = NULL;
    dg_error err = { 0 };
    dg_status st;
    char *buf;
    int c, status = 0;

    while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        char *end;
        switch (c) {
        case OPT_HELP:
            print_help();
            return fflush(stdout) || ferror(stdout) ? EXIT_TROUBLE : 0;
        case OPT_VERSION:
            printf("%s %s\n", progname, dg_version());
            return fflush(stdout) || ferror(stdout) ? EXIT_TROUBLE : 0;
        case OPT_EXPLAIN:
            cfg.mode = MODE_EXPLAIN;
            break;
        case OPT_REPORT:
            cfg.report = 1;
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
            names[n_names++] = optarg;
            break;
        case OPT_ABBREVS:
            abbrevs[n_abbrevs++] = optarg;
            break;
        default:
            /* getopt_long has already said what was wrong. */
            fprintf(stderr, "Try '%s --help'.\n", progname);
            return EXIT_TROUBLE;
        }
    }
    if (n_names)
        opts.names_files = names;
    if (n_abbrevs)
        opts.abbrev_files = abbrevs;

    /* A closed pipe must be an error we report, not a silent death. */
    signal(SIGPIPE, SIG_IGN);

    st = dg_engine_new(&opts, &engine, &err);
    if (st != DG_OK) {
        if (err.file[0] && err.line)
            fprintf(stderr, "%s: %s:%u: %s\n", progname, err.file, err.line,
                    err.message[0] ? err.message : dg_status_str(st));
        else if (err.file[0])
            fprintf(stderr, "%s: %s: %s\n", progname, err.file,
                    err.message[0] ? err.message : dg_status_str(st));
        else
            fprintf(stderr, "%s: %s\n", progname,
                    err.message[0] ? err.message : dg_status_str(st));
        return EXIT_TROUBLE;
    }
    if (dg_engine_warning(engine))
        fprintf(stderr, "%s: warning: %s\n", progname,
                dg_engine_warning(engine));

    /* The one read buffer, whatever the input size: see PIECE_MAX. */
    buf = malloc(PIECE_MAX + READ_SIZE);
    if (!buf) {
        fprintf(stderr, "%s: out of memory\n", progname);
        dg_engine_free(engine);
        return EXIT_TROUBLE;
    }
    if (optind >= argc) {
        status = process(engine, &cfg, buf, "-");
    } else {
        for (int i = optind; i < argc && !output_failed; i++)
            if (process(engine, &cfg, buf, argv[i]))
                status = EXIT_TROUBLE;
    }
    free(buf);

    errno = 0;
    if ((fflush(stdout) != 0 || ferror(stdout)) && !output_failed)
        output_failed = errno ? errno : EIO;
    if (output_failed) {
        fprintf(stderr, "%s: write error: %s\n", progname,
                strerror(output_failed));
        status = EXIT_TROUBLE;
    }
    dg_engine_free(engine);
    free(names);
    free(abbrevs);
    return status;
}
