/* fuzz-datafile.c - the dicts/ file parsers on arbitrary bytes.
 *
 * The first input byte picks the format, the rest is the file:
 *   0  abbreviations, parsed from memory (dg_abbrevs_add)
 *   1  the line reader every format shares (dg_datafile_parse)
 *   2  a names file        } given to dg_engine_new() as a file, the way a
 *   3  an abbreviation file} user gives one; the "file" is a memfd, so
 *   4  a phrase-rule file  } nothing touches the disk
 *   5  a dictionary word list
 * A parser may accept a file or reject it with DG_ERR_DATA naming the file
 * and with a message; anything else (a crash, another status, an error
 * without a file) aborts.  An accepted file's engine then fixes the file's
 * own text, so that odd data reaches the stages too.
 *
 * The engine is built without the built-in data and with a two-word
 * hunspell dictionary, so that one run takes milliseconds, not the
 * seconds loading en_US would. */
#include "degarble.h"

#include "abbrev.h"
#include "datafile.h"
#include "props.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmpdir[64];
static char tiny_dic[128], tiny_aff[128];
static int memfd = -1;
static char memfd_path[64];
static int verbose;

static void cleanup(void)
{
    if (tiny_dic[0])
        unlink(tiny_dic);
    if (tiny_aff[0])
        unlink(tiny_aff);
    if (tmpdir[0])
        rmdir(tmpdir);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    strcpy(tmpdir, "/tmp/dg-fuzz-datafile-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        exit(1);
    }
    atexit(cleanup);
    snprintf(tiny_dic, sizeof tiny_dic, "%s/tiny.dic", tmpdir);
    snprintf(tiny_aff, sizeof tiny_aff, "%s/tiny.aff", tmpdir);
    write_file(tiny_aff, "SET UTF-8\n");
    write_file(tiny_dic, "3\nParis\nhello\nworld\n");
    memfd = memfd_create("dg-fuzz-data", 0);
    if (memfd < 0) {
        perror("memfd_create");
        exit(1);
    }
    snprintf(memfd_path, sizeof memfd_path, "/proc/self/fd/%d", memfd);
    /* DG_FUZZ_VERBOSE=1: say what each parser made of each input, for
     * checking that seeds reach the parser they are meant for. */
    verbose = getenv("DG_FUZZ_VERBOSE") != NULL;
    return 0;
}

static void die(const char *what, dg_status st, const dg_error *err)
{
    fprintf(stderr, "fuzz-datafile: %s: %s (%d): file \"%s\" line %u: %s\n", what,
            dg_status_str(st), (int)st, err->file, err->line, err->message);
    abort();
}

/* DG_OK or DG_ERR_DATA with a file and a message; nothing else. */
static void check_status(const char *what, dg_status st, const dg_error *err)
{
    if (verbose)
        fprintf(stderr, "fuzz-datafile: %s: %s%s%s:%u: %s\n", what, dg_status_str(st),
                st == DG_OK ? "" : " ", err->file, err->line, err->message);
    if (st == DG_OK)
        return;
    if (st != DG_ERR_DATA || err->code != DG_ERR_DATA || !err->file[0] ||
        !err->message[0])
        die(what, st, err);
}

/* The line reader's promises to every format's parser. */
static dg_status check_line(const dg_datafile_line *l, void *ctx, dg_error *err)
{
    unsigned *last = ctx;
    if (l->lineno <= *last || l->nfields == 0 || l->nfields > DG_DATAFILE_MAX_FIELDS) {
        fprintf(stderr, "fuzz-datafile: line %u after %u with %zu fields\n", l->lineno,
                *last, l->nfields);
        abort();
    }
    *last = l->lineno;
    for (size_t i = 0; i < l->nfields; i++) {
        const char *f = l->field[i];
        if (strlen(f) != l->len[i] || memchr(f, '\t', l->len[i]) || memchr(f, '\n', l->len[i]) ||
            (l->len[i] && (f[0] == ' ' || f[l->len[i] - 1] == ' '))) {
            fprintf(stderr, "fuzz-datafile: line %u field %zu is not trimmed or has a "
                    "tab/newline (len %zu)\n", l->lineno, i, l->len[i]);
            abort();
        }
    }
    (void)err;
    return DG_OK;
}

static void via_engine(int mode, const char *text, size_t len)
{
    if (ftruncate(memfd, 0) != 0 || pwrite(memfd, text, len, 0) != (ssize_t)len) {
        perror("memfd");
        exit(1);
    }
    const char *files[] = {memfd_path, NULL};
    dg_options o = {.no_builtin_data = 1, .hunspell_dic = tiny_dic, .lang = tiny_dic,
                    .disabled_stages = DG_STAGE_DICTIONARY};
    const char *what = "?";
    switch (mode) {
    case 2: o.names_files = files, what = "names file"; break;
    case 3: o.abbrev_files = files, what = "abbreviation file"; break;
    case 4: o.rules_files = files, what = "phrase-rule file"; break;
    default:
        o.dict_files = files, what = "dictionary word list";
        o.disabled_stages = 0;
        break;
    }
    dg_engine *e = NULL;
    dg_error err;
    dg_status st = dg_engine_new(&o, &e, &err);
    check_status(what, st, &err);
    if (st != DG_OK)
        return;
    dgp_msg msg = {{0}};
    unsigned bad = dgp_check_all(e, text, len, 0, &msg);
    dg_engine_free(e);
    if (bad) {
        fprintf(stderr, "fuzz-datafile: engine from a %s, fixing the file's text: %s\n",
                what, msg.text);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memfd < 0)
        LLVMFuzzerInitialize(NULL, NULL);
    if (size == 0)
        return 0;
    int mode = data[0] % 6;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    dg_error err;
    memset(&err, 0, sizeof err);
    if (mode == 0) {
        dg_abbrevs *a = dg_abbrevs_new();
        if (!a)
            abort();
        check_status("abbreviations", dg_abbrevs_add(a, "fuzz.txt", text, len, &err), &err);
        dg_abbrevs_free(a);
    } else if (mode == 1) {
        unsigned last = 0;
        check_status("datafile", dg_datafile_parse("fuzz.txt", text, len, check_line,
                                                   &last, &err), &err);
    } else {
        via_engine(mode, text, len);
    }
    return 0;
}
