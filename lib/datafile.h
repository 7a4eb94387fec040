/* datafile.h - reading the plain-text data files in dicts/.
 *
 * Every format is line based: '#' starts a comment when it begins the line
 * or follows white space, fields are separated by one or more tabs, blank
 * lines are ignored.  A parser that rejects a line reports it through
 * dg_datafile_error() so that the message names the file and line. */
#ifndef DG_DATAFILE_H
#define DG_DATAFILE_H

#include "degarble.h"

#include <stddef.h>

#define DG_DATAFILE_MAX_FIELDS 8

typedef struct dg_datafile_line {
    const char *name;    /* file name for messages ("builtin:names.txt") */
    unsigned lineno;
    size_t nfields;
    const char *field[DG_DATAFILE_MAX_FIELDS]; /* NUL-terminated, trimmed */
    size_t len[DG_DATAFILE_MAX_FIELDS];
} dg_datafile_line;

/* Calls fn for each non-blank, non-comment line of buf.  fn returns 0 to go
 * on or non-zero to stop (after filling err).  Returns DG_OK or the error. */
typedef dg_status (*dg_datafile_fn)(const dg_datafile_line *line, void *ctx,
                                    dg_error *err);

dg_status dg_datafile_parse(const char *name, const char *buf, size_t len,
                            dg_datafile_fn fn, void *ctx, dg_error *err);

/* Reads a whole file and parses it. */
dg_status dg_datafile_load(const char *path, dg_datafile_fn fn, void *ctx,
                           dg_error *err);

/* Reads a whole file into a new NUL-terminated buffer. */
dg_status dg_read_file(const char *path, char **buf, size_t *len,
                       dg_error *err);

/* Fills err with code, file, line and a printf-style message; returns code. */
dg_status dg_datafile_error(dg_error *err, dg_status code, const char *file,
                            unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
