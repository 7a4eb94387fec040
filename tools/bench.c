/* bench.c - throughput of each stage and of the whole engine.
 *
 * usage: degarble-bench [--reps N] [--threads N] [--only TEXT] FILE
 *
 * Loads FILE once, then for each configuration (tokenizer alone, each stage
 * alone, everything) fixes it in the pieces dg_cut() gives, as fix-text
 * does (through dg_stream), N times, and prints the median and spread of MB/s and
 * tokens/s.  With --threads T the whole engine (text only) is also run by
 * T threads sharing one engine, as a multi-threaded caller would use it:
 * the input cut by dg_cut() into small pieces (at least 16 a thread, at
 * most 256 KB each, so at paragraph or line ends), which the threads take
 * from a common list by an atomic counter.  The last piece then costs a
 * thread little idle time, so the figure measures how the engine scales,
 * not how evenly the input splits (two halves of the 2 MB quick input
 * differ by 10% in work).  One thread runs the same pieces, and the ratio
 * of the two wall-clock rates is printed.  Timing is wall
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

typedef struct piece_list {
    piece *v;
    size_t n;
} piece_list;

static piece_list pieces;    /* the pieces fix-text would hand to dg_fix() */
static piece_list small;     /* many small pieces, for the thread rows */
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

/* buf cut by dg_cut() into pieces of at most max bytes (0: the default,
 * the pieces fix-text would hand to dg_fix()). */
static piece_list cut(const char *buf, size_t len, size_t max)
{
    size_t floor = max ? max / 3 : DG_CHUNK_HINT / 2;
    piece_list l = {malloc((len / floor + 2) * sizeof *l.v), 0};
    if (!l.v) {
        fprintf(stderr, "degarble-bench: out of memory\n");
        exit(1);
    }
    for (size_t pos = 0, n; pos < len; pos += n) {
        n = dg_cut(buf + pos, len - pos, max);
        l.v[l.n++] = (piece){buf + pos, n};
    }
    return l;
}

/* The largest piece of the thread rows for an input of len bytes: at
 * least 16 pieces a thread, and no more than 256 KB, so that the share of
 * the slowest thread's last piece in the whole stays small. */
static size_t small_piece(size_t len, int threads)
{
    size_t max = len / (16 * (size_t)threads);
    if (max > (size_t)256 << 10)
        max = (size_t)256 << 10;
    return max < 64 ? 64 : max;
}

typedef struct work {
    const dg_engine *e;
    const piece_list *list;
    size_t *next;             /* the next piece to take, shared */
    size_t tokens;
    int tokenize_only;
} work;

static void *run(void *arg)
{
    work *w = arg;
    const piece_list *l = w->list;
    for (size_t i; (i = __atomic_fetch_add(w->next, 1, __ATOMIC_RELAXED)) < l->n;) {
        if (w->tokenize_only) {
            dg_tokens *t;
            if (dg_tokenize(w->e, l->v[i].p, l->v[i].len, &t) == DG_OK)
                w->tokens += dg_tokens_count(t);
            dg_tokens_free(t);
        } else {
            dg_result *r;
            if (dg_fix(w->e, l->v[i].p, l->v[i].len, &r) != DG_OK) {
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
    size_t next = 0;
    work w = {.e = e, .list = &pieces, .next = &next, .tokenize_only = 1};
    run(&w);
    return w.tokens;
}

/* Runs one configuration reps times on list with threads threads, prints
 * its row and returns the median MB/s (wall clock). */
static double measure(const char *name, const piece_list *list, unsigned disabled,
                      int text_only, int tokenize_only, int threads, int reps,
                      size_t bytes, size_t tokens)
{
    if (only && !strstr(name, only))
        return 0;
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
    size_t next = 0;
    work warm = {.e = e, .list = list, .next = &next, .tokenize_only = tokenize_only};
    run(&warm);
    for (int r = 0; r < reps; r++) {
        work w[16];
        pthread_t th[16];
        next = 0;
        double t0 = now(), c0 = cpu_now();
        for (int i = 0; i < threads; i++) {
            w[i] = (work){.e = e, .list = list, .next = &next,
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
    return med;
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
    pieces = cut(buf, (size_t)n, 0);
    small = cut(buf, (size_t)n, small_piece((size_t)n, threads));

    dg_engine *e;
    dg_error err;
    if (dg_engine_new(NULL, &e, &err) != DG_OK) {
        fprintf(stderr, "degarble-bench: %s\n", err.message);
        return 1;
    }
    size_t tokens = count_tokens(e);
    dg_engine_free(e);

    printf("# %s: %.1f MB, %zu tokens, %zu pieces, %d repetitions\n", path, n / 1e6, tokens,
           pieces.n, reps);
    printf("%-24s %7s %10s %10s %10s %14s %10s\n", "configuration", "threads", "MB/s(med)",
           "min", "max", "tokens/s", "MB/cpu-s");
    unsigned all = DG_STAGE_ALL & ~DG_STAGE_INPUT;
    /* Stages alone include the tokenizer they need.  "text only" is what
     * fix-text runs when it prints only the text (dg_options.text_only);
     * "with findings" also computes every finding, as --report does. */
    measure("tokenizer only", &pieces, all, 0, 1, 1, reps, (size_t)n, tokens);
    measure("punct", &pieces, all & ~DG_STAGE_PUNCT, 0, 0, 1, reps, (size_t)n, tokens);
    measure("phrases", &pieces, all & ~DG_STAGE_PHRASES, 0, 0, 1, reps, (size_t)n, tokens);
    measure("casing", &pieces, all & ~DG_STAGE_CASING, 0, 0, 1, reps, (size_t)n, tokens);
    measure("dictionary (findings)", &pieces, all & ~DG_STAGE_DICTIONARY, 0, 0, 1, reps,
            (size_t)n, tokens);
    measure("dictionary (text only)", &pieces, all & ~DG_STAGE_DICTIONARY, 1, 0, 1, reps,
            (size_t)n, tokens);
    measure("whole, with findings", &pieces, 0, 0, 0, 1, reps, (size_t)n, tokens);
    measure("whole, text only", &pieces, 0, 1, 0, 1, reps, (size_t)n, tokens);
    if (threads > 1) {
        /* One thread and T threads on the same small pieces. */
        char name[64];
        snprintf(name, sizeof name, "whole, text only, %zu pcs", small.n);
        double one = measure(name, &small, 0, 1, 0, 1, reps, (size_t)n, tokens);
        double many = measure(name, &small, 0, 1, 0, threads, reps, (size_t)n, tokens);
        if (one > 0)
            printf("%d threads on one engine: %.2fx the wall-clock rate of 1 thread "
                   "(same %zu pieces)\n", threads, many / one, small.n);
    }
    free(pieces.v);
    free(small.v);
    free(buf);
    return 0;
}
