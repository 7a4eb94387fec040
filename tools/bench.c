/* bench.c - throughput of each stage and of the whole engine.
 *
 * usage: degarble-bench [--reps N] [--threads N] [--only TEXT] FILE
 *
 * Loads FILE once, then for each configuration (tokenizer alone, each stage
 * alone, everything) fixes it in the pieces dg_cut() gives, as fix-text
 * does (through dg_stream), N times, and prints the median and spread of MB/s and
 * tokens/s.  With --threads T the whole engine is also run by T threads
 * sharing one engine, each on its own share of the pieces.  Timing is wall
 * clock (CLOCK_MONOTONIC); run it on a quiet machine.  MB/cpu-s is bytes
 * per second of CPU time of all threads together: with T threads it stays
 * near the one-thread figure when they do not slow each other down, even on
 * a machine too busy to show that in wall clock time.  --only runs just the
 * configurations whose name contains TEXT (for profiling one).  Not a test:
 * it reports figures and never fails on speed.
 */
#include "degarble.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct piece {
    const char *p;
    size_t len;
} piece;

static piece *pieces;
static size_t npieces;
static const char *only;   /* --only: a part of the configuration names to run */

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of all threads: MB per CPU second stays put when threads do not
 * get in each other's way, even on a machine too busy to show it in wall
 * clock time. */
static double cpu_now(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts v and returns its median. */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The pieces fix-text would hand to dg_fix(): dg_cut() decides. */
static void cut(const char *buf, size_t len)
{
    size_t cap = len / (DG_CHUNK_HINT / 2) + 2;
    pieces = malloc(cap * sizeof *pieces);
    for (size_t pos = 0, n; pos < len; pos += n) {
        n = dg_cut(buf + pos, len - pos, 0);
        pieces[npieces++] = (piece){buf + pos, n};
    }
}

typedef struct work {
    const dg_engine *e;
    size_t from, step;
    size_t tokens;
    int tokenize_only;
} work;

static void *run(void *arg)
{
    work *w = arg;
    for (size_t i = w->from; i < npieces; i += w->step) {
        if (w->tokenize_only) {
            dg_tokens *t;
            if (dg_tokenize(w->e, pieces[i].p, pieces[i].len, &t) == DG_OK)
                w->tokens += dg_tokens_count(t);
            dg_tokens_free(t);
        } else {
            dg_result *r;
            if (dg_fix(w->e, pieces[i].p, pieces[i].len, &r) != DG_OK) {
                fprintf(stderr, "degarble-bench: dg_fix failed\n");
                exit(1);
            }
            dg_result_free(r);
        }
    }
    return NULL;
}

static size_t count_tokens(const dg_engine *e)
{
    work w = {.e = e, .from = 0, .step = 1, .tokenize_only = 1};
    run(&w);
    return w.tokens;
}

static void measure(const char *name, unsigned disabled, int text_only, int tokenize_only,
                    int threads, int reps, size_t bytes, size_t tokens)
{
    if (only && !strstr(name, only))
        return;
    dg_options o = {.disabled_stages = disabled, .text_only = text_only};
    dg_engine *e;
    dg_error err;
    if (dg_engine_new(&o, &e, &err) != DG_OK) {
        fprintf(stderr, "degarble-bench: %s\n", err.message);
        exit(1);
    }
    double *mbs = calloc((size_t)reps, sizeof *mbs);
    double *cpu = calloc((size_t)reps, sizeof *cpu);
    /* One untimed run first: what an engine builds on first use (the
     * hunspell dictionary, loaded by the first lookup) is start-up, not
     * throughput. */
    work warm = {.e = e, .from = 0, .step = 1, .tokenize_only = tokenize_only};
    run(&warm);
    for (int r = 0; r < reps; r++) {
        work w[16];
        pthread_t th[16];
        double t0 = now(), c0 = cpu_now();
        for (int i = 0; i < threads; i++) {
            w[i] = (work){.e = e, .from = (size_t)i, .step = (size_t)threads,
                          .tokenize_only = tokenize_only};
            pthread_create(&th[i], NULL, run, &w[i]);
        }
        for (int i = 0; i < threads; i++)
            pthread_join(th[i], NULL);
        mbs[r] = bytes / 1e6 / (now() - t0);
        cpu[r] = bytes / 1e6 / (cpu_now() - c0);
    }
    double med = median(mbs, reps);   /* sorts mbs: min and max are at the ends */
    printf("%-24s %7d %10.1f %10.1f %10.1f %14.0f %10.1f\n", name, threads, med, mbs[0],
           mbs[reps - 1], med * 1e6 / bytes * tokens, median(cpu, reps));
    free(mbs);
    free(cpu);
    dg_engine_free(e);
}

int main(int argc, char **argv)
{
    int reps = 5, threads = 2;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else {
            fprintf(stderr, "usage: degarble-bench [--reps N] [--threads N] [--only TEXT] FILE\n");
            return 2;
        }
    }
    if (!path || reps < 1 || threads < 1 || threads > 16) {
        fprintf(stderr, "usage: degarble-bench [--reps N] [--threads N] [--only TEXT] FILE\n");
        return 2;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "degarble-bench: cannot read %s\n", path);
        return 2;
    }
    fclose(f);
    cut(buf, (size_t)n);

    dg_engine *e;
    dg_error err;
    if (dg_engine_new(NULL, &e, &err) != DG_OK) {
        fprintf(stderr, "degarble-bench: %s\n", err.message);
        return 1;
    }
    size_t tokens = count_tokens(e);
    dg_engine_free(e);

    printf("# %s: %.1f MB, %zu tokens, %zu pieces, %d repetitions\n", path, n / 1e6, tokens,
           npieces, reps);
    printf("%-24s %7s %10s %10s %10s %14s %10s\n", "configuration", "threads", "MB/s(med)",
           "min", "max", "tokens/s", "MB/cpu-s");
    unsigned all = DG_STAGE_ALL & ~DG_STAGE_INPUT;
    /* Stages alone include the tokenizer they need.  "text only" is what
     * fix-text runs when it prints only the text (dg_options.text_only);
     * "with findings" also computes every finding, as --report does. */
    measure("tokenizer only", all, 0, 1, 1, reps, (size_t)n, tokens);
    measure("punct", all & ~DG_STAGE_PUNCT, 0, 0, 1, reps, (size_t)n, tokens);
    measure("phrases", all & ~DG_STAGE_PHRASES, 0, 0, 1, reps, (size_t)n, tokens);
    measure("casing", all & ~DG_STAGE_CASING, 0, 0, 1, reps, (size_t)n, tokens);
    measure("dictionary (findings)", all & ~DG_STAGE_DICTIONARY, 0, 0, 1, reps, (size_t)n, tokens);
    measure("dictionary (text only)", all & ~DG_STAGE_DICTIONARY, 1, 0, 1, reps, (size_t)n, tokens);
    measure("whole, with findings", 0, 0, 0, 1, reps, (size_t)n, tokens);
    measure("whole, text only", 0, 1, 0, 1, reps, (size_t)n, tokens);
    if (threads > 1)
        measure("whole, text only", 0, 1, 0, threads, reps, (size_t)n, tokens);
    free(pieces);
    free(buf);
    return 0;
}
