/* engine.h - what the engine holds.  Private.  Stages never include it:
 * they see only their own table and the document (stage.h). */
#ifndef DG_ENGINE_H
#define DG_ENGINE_H

#include "degarble.h"
#include "stage.h"
#include "tokenize.h"

struct dg_abbrevs;
struct dg_casing;
struct dg_dictionary;
struct dg_phrases;

struct dg_engine {
    unsigned enabled;            /* DG_STAGE_* bits */
    double min_confidence;
    int text_only;               /* dg_options.text_only */
    void *word_bi, *sent_bi;     /* ICU break iterator templates */
    struct dg_abbrevs *abbrevs;
    struct dg_casing *casing;
    struct dg_phrases *phrases;
    struct dg_dictionary *dictionary;
    char *warning;
};

#endif
