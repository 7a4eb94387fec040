/* replay.c - a main() for the fuzz targets when libFuzzer is not there
 * (gcc builds): runs the target once on each file named, or on each file
 * of each directory named, so that the seed corpora and the regression
 * inputs run in every build, sanitizers included. */
#include "props.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t n_run;

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 4096, len = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *p = realloc(buf, cap *= 2);
            if (!p)
                free(buf);
            buf = p;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "%s: out of memory\n", path);
        return 1;
    }
    /* An exact-size copy, so that AddressSanitizer sees a read past the
     * end as the fuzzer would. */
    uint8_t *exact = malloc(len ? len : 1);
    memcpy(exact, buf, len);
    free(buf);
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    n_run++;
    return 0;
}

static int run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path);
    size_t n;
    char **paths = dgp_list_dir(path, &n);
    if (!paths) {
        perror(path);
        return 1;
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        rc |= run_file(paths[i]);
    dgp_free_list(paths, n);
    return rc;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int rc = 0;
    for (int i = 1; i < argc; i++)
        if (argv[i][0] != '-')   /* libFuzzer flags are ignored here */
            rc |= run_path(argv[i]);
    printf("replay: %zu inputs, no crash\n", n_run);
    return rc;
}
