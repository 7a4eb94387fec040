/* builtin-data.h - dicts/ files compiled into the library by
 * tools/embed-data.py.  Each array is NUL-terminated; _len excludes it. */
#ifndef DG_BUILTIN_DATA_H
#define DG_BUILTIN_DATA_H

#include <stddef.h>

extern const char dg_builtin_names[];
extern const size_t dg_builtin_names_len;
extern const char dg_builtin_abbreviations[];
extern const size_t dg_builtin_abbreviations_len;

extern const char dg_builtin_phrases[];
extern const size_t dg_builtin_phrases_len;
extern const char dg_builtin_tickers[];
extern const size_t dg_builtin_tickers_len;
extern const char dg_builtin_organizations[];
extern const size_t dg_builtin_organizations_len;
extern const char dg_builtin_words[];
extern const size_t dg_builtin_words_len;
extern const char dg_builtin_uncountable[];
extern const size_t dg_builtin_uncountable_len;
extern const char dg_builtin_names_bare[];
extern const size_t dg_builtin_names_bare_len;
extern const char dg_builtin_compounds[];
extern const size_t dg_builtin_compounds_len;

#endif
