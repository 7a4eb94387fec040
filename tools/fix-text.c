/*
 * fix-text - repair garbled machine-translated English, as a filter.
 *
 * A thin command over the public API (include/degarble.h): it parses
 * options, reads, calls dg_fix() piece by piece (or record by record with
 * --jsonl), and writes what the mode asks for: the text, the text back into
 * the file (-i), a unified diff, a list of edits, JSON Lines, or only an
 * exit status (--check).  Anything another program could want belongs in
 * the library, not here.  This file keeps the options, the modes and
 * main; fix-text.h lists the other parts and their jobs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "fix-text.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Exit statuses besides 0 and EXIT_TROUBLE (2).  1 is --check's "would
 * change", as black and clang-format use it; 3 says the output is complete
 * but some --jsonl records were malformed and were copied unchanged.  When
 * several apply, trouble wins over bad records, which win over changes. */
#define EXIT_CHANGED 1
#define EXIT_BAD_RECORDS 3

/* --jsonl records longer than this (line end included) are copied
 * unchanged after a message; --max-record sets another limit.  Memory is
 * about the record plus a constant, so this bounds it too. */
#define RECORD_MAX ((size_t)256 << 20)

/* Bytes asked of fread() at a time. */
#define READ_SIZE ((size_t)64 << 10)

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
    size_t max_record;       /* --max-record: longer records are copied */
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
    size_t too_big;          /* --jsonl records over --max-record */
    struct sink *text_out;   /* where fixed text goes, NULL if nowhere */
    struct diff *diff;
    struct progress prog;
    int status;
};

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
"Modes:\n"
"  -i, --in-place            write the fixed text back into each FILE\n"
"                            (atomically, keeping mode and owner; a file\n"
"                            with nothing to fix is not touched; FIFOs,\n"
"                            devices and files whose owner could not be\n"
"                            kept are refused)\n"
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
"      --max-record SIZE     copy records longer than SIZE bytes (K, M, G\n"
"                            allowed; default 256M) unchanged, with a message\n"
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

/* ---- Fixing ------------------------------------------------------------ */

/* Everything a mode does with one result.  record >= 0 is a --jsonl record
 * (its line number), whose text goes out through json_record(). */
static void use_result(const struct config *cfg, struct job *j,
                       const char *text, size_t len, const dg_result *res,
                       long record, size_t field_offset)
{
    struct origin o = { j->name, j->at, j->offset, record,
                        record >= 0 ? cfg->field : NULL };

    if (record >= 0)
        o.offset = field_offset;
    switch (cfg->mode) {
    case MODE_EXPLAIN:
        list_edits(stdout, &o, text, len, res, 0);
        list_edits(stdout, &o, text, len, res, 1);
        sink_check(&out_stdout);
        break;
    case MODE_JSON:
        json_edits(&out_stdout, &o, text, res);
        break;
    default:
        break;
    }
    if (cfg->report)
        list_edits(stderr, &o, text, len, res, 1);
    j->edits += dg_result_edit_count(res);
}

/* What the stream's callback needs besides the piece. */
struct piece_ctx {
    const struct config *cfg;
    struct job *job;
    struct buf scratch;      /* the diff's line being rebuilt */
};

static int output_failed(const struct job *j)
{
    return out_stdout.err || (j->text_out && j->text_out->err);
}

/* Uses one fixed piece of a text input.  A piece the library could not
 * fix is passed through unchanged after a message. */
static dg_status use_piece(void *arg, const dg_piece *p)
{
    struct piece_ctx *c = arg;
    struct job *j = c->job;
    size_t out_len;
    const char *out;

    if (p->status != DG_OK) {
        fprintf(stderr, "%s: %s: %s\n", progname, j->name,
                dg_status_str(p->status));
        j->status = EXIT_TROUBLE;
        if (j->text_out)
            sink_write(j->text_out, p->text, p->len);
        if (j->diff)
            diff_add(j->diff, p->text, p->len, p->text, p->len);
    } else {
        if (j->text_out) {
            out = dg_result_text(p->result, &out_len);
            sink_write(j->text_out, out, out_len);
        }
        if (j->diff)
            diff_piece(j->diff, p->text, p->len, p->result, &c->scratch);
        use_result(c->cfg, j, p->text, p->len, p->result, -1, 0);
        j->invalid += p->invalid;
    }
    advance(&j->at, p->text, 0, p->len);
    j->offset += p->len;
    /* Output that cannot be written ends the input: the caller reports. */
    return output_failed(j) ? DG_ERR_IO : DG_OK;
}

/* Streams a text input through the engine in pieces (dg_stream: bounded
 * memory whatever the input looks like). */
static void process_pieces(const dg_engine *engine, const struct config *cfg,
                           struct job *j, FILE *f, char *buf)
{
    struct piece_ctx ctx = { cfg, j, { 0 } };
    dg_stream *stream;
    dg_status st;
    int eof = 0;

    st = dg_stream_new(engine, 0, use_piece, &ctx, &stream);
    if (st == DG_ERR_NOMEM)
        die_nomem();
    while (!eof && st == DG_OK) {
        size_t got = fread(buf, 1, READ_SIZE, f);
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
        st = dg_stream_feed(stream, buf, got);
    }
    /* After a write error the held-back tail is dropped with the rest. */
    dg_stream_finish(stream);
    dg_stream_free(stream);
    buf_free(&ctx.scratch);
}

/* --jsonl: a record's field goes through a dg_stream in pieces, decoded a
 * slice at a time, so that memory is the record's line plus a constant. */
struct record_ctx {
    const struct config *cfg;
    struct job *job;
    long record;
    const char *line;        /* the record */
    size_t raw, raw_end;     /* line offsets: the next piece's first byte,
                                the field's closing quote */
    struct buf *out;         /* --diff: the new line goes here; else it
                                goes to job->text_out as it is made */
    struct buf enc;          /* a fixed piece, encoded */
};

static void record_put(struct record_ctx *c, const char *p, size_t n)
{
    if (c->out)
        buf_add(c->out, p, n);
    else if (c->job->text_out)
        sink_write(c->job->text_out, p, n);
}

/* One piece of the field: an unchanged piece is copied as it was written
 * (escapes and all), a fixed one encoded as jansson would. */
static dg_status record_piece(void *arg, const dg_piece *p)
{
    struct record_ctx *c = arg;
    size_t next = json_skip_decoded(c->line, c->raw, c->raw_end, p->len);
    size_t n;
    const char *t;

    if (p->status != DG_OK) {
        fprintf(stderr, "%s: %s:%ld: %s; that part of the record copied "
                "unchanged\n", progname, c->job->name, c->record,
                dg_status_str(p->status));
        c->job->status = EXIT_TROUBLE;
    }
    if (p->status != DG_OK || dg_result_edit_count(p->result) == 0) {
        record_put(c, c->line + c->raw, next - c->raw);
    } else {
        t = dg_result_text(p->result, &n);
        c->enc.len = 0;
        json_encode(&c->enc, t, n);
        record_put(c, c->enc.p, c->enc.len);
    }
    if (p->status == DG_OK)
        use_result(c->cfg, c->job, p->text, p->len, p->result, c->record,
                   p->offset);
    c->raw = next;
    return output_failed(c->job) ? DG_ERR_IO : DG_OK;
}

/* Reads one line, its line end included, into line.  0 at the end of the
 * input, 1 for a line, 2 when the line is longer than max: line then holds
 * its first max + 1 bytes and the rest is still unread. */
static int read_record(FILE *f, struct buf *line, size_t max)
{
    int c;

    line->len = 0;
    while ((c = getc_unlocked(f)) != EOF) {
        if (line->len == line->cap) {
            size_t cap = line->cap ? line->cap * 2 : 4096;
            char *np = realloc(line->p, cap);
            if (!np)
                die_nomem();
            line->p = np;
            line->cap = cap;
        }
        line->p[line->len++] = (char)c;
        if (c == '\n')
            return 1;
        if (line->len > max)
            return 2;
    }
    return line->len ? 1 : 0;
}

/* The rest of a record over the size limit, copied as it comes. */
static void copy_rest(struct job *j, FILE *f, char *chunk)
{
    int c = 0;

    while (c != '\n') {
        size_t n = 0;
        while (n < READ_SIZE && (c = getc_unlocked(f)) != EOF) {
            chunk[n++] = (char)c;
            if (c == '\n')
                break;
        }
        if (j->text_out)
            sink_write(j->text_out, chunk, n);
        if (j->diff)
            diff_add(j->diff, chunk, n, chunk, n);
        progress_update(&j->prog, j->name, n);
        j->offset += n;
        if (c == EOF || n == 0)
            break;
    }
}

/* Streams a JSON Lines input record by record.  Every line goes out: fixed,
 * as it was, or (malformed, with --skip-bad) not at all, after a message. */
static void process_records(const dg_engine *engine,
                            const struct config *cfg, struct job *j, FILE *f,
                            char *chunk)
{
    struct record_ctx ctx = { cfg, j, 0, NULL, 0, 0, NULL, { 0 } };
    struct buf line = { 0 }, fixed = { 0 };
    dg_stream *stream;
    char why[256];
    int r;

    if (dg_stream_new(engine, 0, record_piece, &ctx, &stream) != DG_OK)
        die_nomem();
    while (!output_failed(j) && (r = read_record(f, &line, cfg->max_record))) {
        size_t len = line.len, body = len, vs = 0, ve = 0;
        const char *out = line.p;
        size_t out_len = len;

        progress_update(&j->prog, j->name, len);
        ctx.record++;
        if (r == 2) {
            j->too_big++;
            fprintf(stderr, "%s: %s:%ld: record longer than %zu bytes "
                    "(--max-record), copied unchanged\n", progname, j->name,
                    ctx.record, cfg->max_record);
            if (j->text_out)
                sink_write(j->text_out, line.p, len);
            if (j->diff)
                diff_add(j->diff, line.p, len, line.p, len);
            j->offset += len;
            copy_rest(j, f, chunk);
            continue;
        }
        if (line.p[body - 1] == '\n')
            body--;
        /* Blank lines are not records; they are kept, not complained
         * about. */
        if (!blank(line.p, body)) {
            j->records++;
            switch (json_scan(line.p, body, cfg->field, &vs, &ve, why,
                              sizeof why)) {
            case RECORD_FIXED: {
                /* The field's bytes between its quotes, decoded a slice
                 * at a time into the stream. */
                size_t pos = vs + 1, end = ve - 1;
                dg_status st = DG_OK;
                ctx.line = line.p;
                ctx.raw = pos;
                ctx.raw_end = end;
                ctx.out = j->diff ? &fixed : NULL;
                fixed.len = 0;
                record_put(&ctx, line.p, pos);
                while (pos < end && st == DG_OK) {
                    size_t n = json_decode(line.p, &pos, end, chunk,
                                           READ_SIZE);
                    st = dg_stream_feed(stream, chunk, n);
                }
                if (dg_stream_finish(stream) == DG_OK && st == DG_OK)
                    record_put(&ctx, line.p + end, len - end);
                if (j->diff)
                    diff_add(j->diff, line.p, len, fixed.p, fixed.len);
                j->offset += len;
                continue;
            }
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
            diff_add(j->diff, line.p, len, out, out_len);
        j->offset += len;
    }
    if (ferror(f)) {
        fprintf(stderr, "%s: %s: %s\n", progname, j->name, strerror(errno));
        j->status = EXIT_TROUBLE;
    }
    if (j->records && j->no_field == j->records)
        fprintf(stderr, "%s: %s: warning: no record has a field \"%s\"\n",
                progname, j->name, cfg->field);
    dg_stream_free(stream);
    buf_free(&ctx.enc);
    buf_free(&fixed);
    buf_free(&line);
}

/* ---- Inputs ------------------------------------------------------------ */

static int worse(int a, int b)
{
    static const int rank[] = { 0, 1, 3, 2 };   /* by exit status 0..3 */
    return rank[b] > rank[a] ? b : a;
}

static const char *file_kind(mode_t m)
{
    return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO"
         : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
         : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

/* Opens an input for reading.  For -i without blocking: should the file
 * have been swapped for a FIFO since the stat, the open still returns and
 * the fstat that follows refuses it. */
static FILE *open_input(const char *path, int in_place)
{
    int fd = open(path, O_RDONLY | O_NOCTTY | (in_place ? O_NONBLOCK : 0));
    FILE *f;

    if (fd < 0)
        return NULL;
    if (in_place) {
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0)
            (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    }
    f = fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
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
        /* -i rewrites regular files only, and finds out before opening:
         * opening a FIFO would wait for a writer, a device could do
         * anything. */
        if (cfg->in_place && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
            fprintf(stderr, "%s: %s: %s, not a regular file; cannot rewrite "
                    "it in place\n", progname, path, file_kind(st.st_mode));
            return EXIT_TROUBLE;
        }
        f = open_input(path, cfg->in_place);
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
    progress_start(&j.prog, cfg->progress,
                   !cfg->in_place && cfg->mode != MODE_NONE,
                   S_ISREG(st.st_mode) ? (size_t)st.st_size : 0);

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
        /* A rewritten file that changed owner would be a silent change
         * of who may do what with it: such a file is refused. */
        if (temp_take_owner(&tmp, &st) != 0) {
            fprintf(stderr, "%s: %s: owned by user %ld, group %ld, which a "
                    "rewritten copy could not keep (%s); file left "
                    "unchanged\n", progname, path, (long)st.st_uid,
                    (long)st.st_gid, strerror(errno));
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
        process_records(engine, cfg, &j, f, buf);
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
    /* Copied, never dropped: --skip-bad does not make them fine. */
    if (j.too_big)
        j.status = worse(j.status, EXIT_BAD_RECORDS);
    return j.status;
}

/* ---- Options ----------------------------------------------------------- */

enum {
    OPT_HELP = 256, OPT_VERSION, OPT_EXPLAIN, OPT_REPORT, OPT_NO_PUNCT,
    OPT_NO_CASING, OPT_NO_PHRASES, OPT_NO_DICTIONARY, OPT_MIN_CONFIDENCE,
    OPT_NAMES, OPT_ABBREVS, OPT_DICT, OPT_RULES, OPT_LANG, OPT_DIFF,
    OPT_CHECK, OPT_JSON, OPT_JSONL, OPT_FIELD, OPT_SKIP_BAD, OPT_COLOR,
    OPT_PROGRESS, OPT_NO_PROGRESS, OPT_CHECK_RULES, OPT_LIST_RULES,
    OPT_MAX_RECORD
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
    { "max-record", required_argument, NULL, OPT_MAX_RECORD },
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

/* The engine lives until the process ends.  Freeing it at exit gives back
 * nothing the exit would not, and costs: hunspell's destructor alone takes
 * ~25M instructions (7 ms) once the dictionary was loaded.  So fix-text
 * leaves it to the exit, reachable from here (valgrind calls that "still
 * reachable", LeakSanitizer nothing), unless DG_FREE_AT_EXIT is set: the
 * sanitizer and valgrind runs (tools/ci-sanitize.sh) set it, so that their
 * leak checks still see every allocation of the engine freed. */
static dg_engine *engine;

static void finish_engine(void)
{
    if (getenv("DG_FREE_AT_EXIT"))
        dg_engine_free(engine);
    /* else: reachable from engine until the exit */
}

int main(int argc, char **argv)
{
    struct config cfg = { MODE_TEXT, 0, 0, 0, 0, "text", 0, 0, -1,
                          RECORD_MAX };
    const char *mode_name = NULL, *color = "auto";
    dg_options opts = { 0 };
    int list_rules = 0;
    dg_error err = { 0 };
    dg_status st;

    atexit(free_option_lists);
#ifdef M_MMAP_THRESHOLD
    /* Each piece's token list and stage tables are megabytes, allocated
     * and freed once a piece: from their own mappings they go back to the
     * system when freed, whereas glibc's default raises its threshold
     * after the first free and leaves them to fragment the heap (peak
     * resident set 65 -> 61 MB on 5 MB of text).  Below 1 MB an array
     * comes from the heap and its pages stay resident for the next one:
     * at 256 KB every one of them was a fresh mapping, faulted in page by
     * page (2026-12-03, 20 MB of clean and of garbled text: a third fewer
     * page faults, a tenth less CPU time, peak RSS 52.6 -> 55.0 MB and
     * 53.2 -> 55.2 MB). */
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
#endif
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
        case OPT_MAX_RECORD: {
            unsigned long long v;
            errno = 0;
            v = strtoull(optarg, &end, 10);
            if (*end == 'k' || *end == 'K')
                v <<= 10, end++;
            else if (*end == 'M')
                v <<= 20, end++;
            else if (*end == 'G')
                v <<= 30, end++;
            if (errno || end == optarg || *end || v == 0 || *optarg == '-')
                usage_error("--max-record: '%s' is not a size (bytes, or "
                            "with K, M or G)", optarg);
            cfg.max_record = (size_t)v;
            break;
        }
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
                opts.min_confidence = DG_APPLY_ALL;
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
    if ((cfg.skip_bad || strcmp(cfg.field, "text") ||
         cfg.max_record != RECORD_MAX) && !cfg.jsonl)
        usage_error("%s needs --jsonl",
                    cfg.skip_bad ? "--skip-bad"
                    : strcmp(cfg.field, "text") ? "--field" : "--max-record");
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
    temp_cleanup_on_exit();

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
        finish_engine();
        return status;
    }

    /* The one read buffer; dg_stream holds back what a piece needs. */
    buf = malloc(READ_SIZE);
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
    finish_engine();
    return status;
}
