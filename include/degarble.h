/*
 * degarble.h - repair garbled machine-translated English.
 *
 * This header is the whole public API of libdegarble and its manual.
 *
 * Model
 * -----
 * A dg_engine is built once (dictionaries, gazetteer and rule tables are
 * compiled at creation) and is immutable afterwards: one engine may be shared
 * by any number of threads without locking.  dg_fix() tokenizes a UTF-8
 * buffer, lets every enabled stage propose edits, keeps the non-overlapping
 * ones by priority, and renders the output by copying every byte outside an
 * edit unchanged.  An edit is a byte span of the *input*, a replacement, and
 * an explanation (stage, rule id, confidence, reason).
 *
 * Edits whose confidence is below the engine's threshold are not applied;
 * they are reported as findings so that a person can decide.  Invalid UTF-8
 * is never inside an edit: it passes through byte for byte and is reported
 * as a finding of stage DG_STAGE_INPUT.
 *
 * Stages and what they may change
 * -------------------------------
 * Stages run in this order and only propose; the resolver decides.
 *  - punct: spaces before , . ; : ) ! ?, after ( [ { “ ‘ «, doubled spaces
 *    inside a sentence, dotted abbreviations split by spaces ("U. N." when
 *    "U.N." is a known proper abbreviation), stray marks inside instrument
 *    codes ("(6502.(T)").  Times, decimals, ellipses, URLs and code are left
 *    alone; a change that depends on doubtful layout is only reported.
 *  - phrases: the rule table (dicts/phrases.txt): photo credits,
 *    organization names confirmed by their acronym, model numbers split by
 *    commas, instrument codes one character off (dicts/tickers.txt), and a
 *    two-word name garbled by a comma when its correct form occurs in the
 *    same text, within 32 KB of it.
 *  - casing: case-only edits from a gazetteer of ICU's English names of
 *    regions, languages and currencies, hunspell's capitalized-only words
 *    and dicts/names.txt, plus known abbreviations and sentence starts
 *    after . ! ?.  A word that is also a common word (china, may, turkey),
 *    or a name known only from hunspell, changes only with evidence: part of
 *    a longer name, a list of places, or the name written capitalized
 *    elsewhere in the same text.  Without it the change is a finding.
 *  - dictionary: words checked with hunspell behind a per-engine cache.
 *    Only closed compounds listed in dicts/compounds.txt are joined
 *    automatically ("smart phones" -> "smartphones", when hunspell accepts
 *    the joined word); case differences, one-edit typos and unknown words
 *    are findings with suggestions, never applied.
 * Fixed point: an applied edit changes what the stages see (a name this
 * call capitalized is same-text evidence for its other uses; a space rule
 * that lost to an overlapping edit applies to the repaired text), so while
 * a pass applies something dg_fix() runs the stages again over its output,
 * at most 8 passes in all.  Each pass's edits are composed back onto the
 * input's offsets: an edit that touches no earlier one keeps its rule (its
 * reason ends "(pass N)"); one that overlaps an earlier edit is merged with
 * it into one edit with the earlier rule, the lower confidence and both
 * reasons.  Findings are those of the last pass, each once.  So fixing
 * fixed text changes nothing.  Input with nothing to fix costs one pass,
 * input with fixes one more.  Spaces closed up before a mark or after an
 * opening bracket, when they are all the punctuation and phrase stages
 * would apply, are made first, in a pass of those two stages alone, so
 * that the other stages read the spaced text once rather than twice.
 *
 * Ownership
 * ---------
 * Every object returned by a dg_*_new() or producing call is owned by the
 * caller and released with the matching dg_*_free().  Pointers obtained from
 * accessors (strings, edits, tokens) belong to the object they came from and
 * stay valid until that object is freed.  Never free() library memory.
 *
 * Environment
 * -----------
 * DG_DICTIONARY_NO_CACHE: when set (to anything) while dg_engine_new()
 * runs, the dictionary stage of that engine keeps no cache of hunspell's
 * verdicts and suggestions.  Output is the same, only much slower; it
 * exists for benchmarks and for the test that shows the cache changes
 * nothing.  TMPDIR: where dg_engine_new() writes the temporary word file
 * described at dg_options.dict_files.  Nothing else is read from the
 * environment.
 *
 * Errors
 * ------
 * Calls that can fail return a dg_status (DG_OK is zero, errors are
 * negative).  dg_status_str() names a code.  dg_engine_new() also fills a
 * dg_error with a readable message and, for data files, the file and line.
 */
#ifndef DEGARBLE_H
#define DEGARBLE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(DG_BUILDING_LIBRARY) && defined(__GNUC__)
#define DG_EXPORT __attribute__((visibility("default")))
#else
#define DG_EXPORT
#endif

/* ---- Version ---------------------------------------------------------- */

#define DG_VERSION_MAJOR 0
#define DG_VERSION_MINOR 1
#define DG_VERSION_PATCH 0
#define DG_VERSION_STRING "0.1.0"

/* The library's version as "MAJOR.MINOR.PATCH"; may differ from the
 * DG_VERSION_* macros the caller was compiled with.  Static string. */
DG_EXPORT const char *dg_version(void);

/* ---- Status codes ----------------------------------------------------- */

typedef enum dg_status {
    DG_OK = 0,
    DG_ERR_NOMEM = -1,   /* an allocation failed */
    DG_ERR_ARG = -2,     /* a NULL or out-of-range argument */
    DG_ERR_IO = -3,      /* a file could not be opened or read */
    DG_ERR_DATA = -4,    /* a data file is malformed (file and line in dg_error) */
    DG_ERR_ICU = -5,     /* ICU reported an error */
    DG_ERR_TOO_BIG = -6  /* input larger than DG_MAX_INPUT */
} dg_status;

/* Largest buffer dg_fix()/dg_tokenize() accept in one call.  Offsets are kept
 * in 32 bits internally; callers with larger inputs split them with
 * dg_cut() or dg_stream (see "Streaming" below). */
#define DG_MAX_INPUT ((size_t)1 << 30)

/* A good piece size for streaming callers: large enough that document-level
 * evidence (a name spelled right elsewhere) is seen, small enough to bound
 * memory. */
#define DG_CHUNK_HINT ((size_t)1 << 20)

/* The default largest piece of dg_cut() and dg_stream: pieces then end in
 * (DG_CHUNK_HINT / 2, DG_PIECE_MAX], with room to reach back to a paragraph
 * or line end. */
#define DG_PIECE_MAX (DG_CHUNK_HINT + DG_CHUNK_HINT / 2)

/* A static, human-readable name for a status code ("out of memory", ...). */
DG_EXPORT const char *dg_status_str(dg_status status);

/* Details of a failed dg_engine_new().  file/line name the offending data
 * file line when code is DG_ERR_DATA or DG_ERR_IO (line 0: the whole file). */
typedef struct dg_error {
    dg_status code;
    unsigned line;
    char file[512];
    char message[512];
} dg_error;

/* ---- Stages ----------------------------------------------------------- */

/* Stages as bit flags; also the value of dg_edit_stage(). */
typedef enum dg_stage {
    DG_STAGE_INPUT = 1u << 0,      /* input checks (invalid UTF-8); reports only */
    DG_STAGE_PUNCT = 1u << 1,      /* punctuation and spacing */
    DG_STAGE_PHRASES = 1u << 2,    /* phrase-repair table */
    DG_STAGE_CASING = 1u << 3,     /* proper nouns, abbreviations, sentence starts */
    DG_STAGE_DICTIONARY = 1u << 4  /* hunspell checks */
} dg_stage;

#define DG_STAGE_ALL 0x1fu

/* Static lower-case name of one stage ("punct", "casing", ...), or "?" */
DG_EXPORT const char *dg_stage_name(dg_stage stage);

/* ---- Engine ----------------------------------------------------------- */

/* Default for dg_options.min_confidence. */
#define DG_DEFAULT_MIN_CONFIDENCE 0.9

/* dg_options.min_confidence value that applies every proposed edit,
 * whatever its confidence (0 cannot say that: it means the default).
 * Reports that propose no text, such as invalid UTF-8, stay findings. */
#define DG_APPLY_ALL (-1.0)

/* Engine options.  An all-zero struct gives the defaults: every stage on,
 * the built-in data compiled into the library, the system hunspell en_US
 * dictionary.  Strings are copied; the struct may be freed after
 * dg_engine_new() returns. */
typedef struct dg_options {
    /* DG_STAGE_* bits of stages to turn off (0: all on). */
    unsigned disabled_stages;
    /* Edits with confidence below this are reported, not applied.
     * 0 means DG_DEFAULT_MIN_CONFIDENCE; DG_APPLY_ALL applies every edit;
     * a value > 1 applies nothing.  Any other negative value (or NaN) is
     * DG_ERR_ARG. */
    double min_confidence;
    /* Extra name files (dicts/names.txt format), NULL-terminated; their
     * entries are added to the built-in ones and win on conflict. */
    const char *const *names_files;
    /* Extra abbreviation files (dicts/abbreviations.txt format). */
    const char *const *abbrev_files;
    /* hunspell dictionary whose case data feeds the casing stage: path of
     * the .dic file (the .aff beside it).  NULL: the system en_US one.  A
     * missing system dictionary is a warning (dg_engine_warning()); a
     * missing explicit one is DG_ERR_IO. */
    const char *hunspell_dic;
    /* Do not use the built-in data at all (only the files given above). */
    int no_builtin_data;
    /* Dictionary stage: the system hunspell dictionary to check words
     * against, "en_US" (NULL) or "en_GB", or a path to a .dic file whose
     * .aff lies beside it.  Only the default en_US may be missing (a
     * warning, and the stage stays off); a dictionary named here that
     * cannot be read is DG_ERR_IO, an unknown name (no such system
     * dictionary, e.g. "xx_YY") or "" DG_ERR_ARG. */
    const char *lang;
    /* Extra word lists for the dictionary stage (hunspell .dic format, one
     * word a line, optional count on the first line, '#' comment lines,
     * word/FLAGS using the dictionary's affix flags), NULL-terminated.  A
     * missing file (or a directory) is DG_ERR_IO, a malformed line
     * DG_ERR_DATA with file and line: a byte order mark in a word, or an
     * affix flag the dictionary's .aff does not define.  hunspell takes words with flags only from a file, so
     * dg_engine_new() writes them to a temporary file
     * $TMPDIR/degarble-words-XXXXXX.dic (/tmp when TMPDIR is unset or
     * empty; created with mkstemps, mode 0600), hands it to hunspell and
     * removes it before returning.  A process killed in between leaves it
     * behind; a file that cannot be created is DG_ERR_IO naming it. */
    const char *const *dict_files;
    /* Extra phrase-rule files (dicts/phrases.txt format), NULL-terminated. */
    const char *const *rules_files;
    /* Non-zero: the caller wants the fixed text and the applied edits only.
     * Work whose only product is findings (the dictionary stage's unknown
     * words and suggestions, by far its largest cost) is skipped; the
     * output text and the applied edits are exactly the same. */
    int text_only;
} dg_options;

typedef struct dg_engine dg_engine;

/* Builds an engine.  opts may be NULL (defaults).  On success stores a new
 * engine in *out and returns DG_OK; on failure returns an error, leaves *out
 * NULL and, if err is not NULL, describes the problem there.  Thread-safe. */
DG_EXPORT dg_status dg_engine_new(const dg_options *opts, dg_engine **out,
                                  dg_error *err);

/* Releases an engine.  NULL is allowed.  No dg_fix() may be running on it. */
DG_EXPORT void dg_engine_free(dg_engine *engine);

/* A warning collected while building the engine (e.g. the system hunspell
 * dictionary is missing, so names from its case data are unavailable), or
 * NULL.  Owned by the engine. */
DG_EXPORT const char *dg_engine_warning(const dg_engine *engine);

/* ---- Fixing text ------------------------------------------------------ */

typedef struct dg_result dg_result;
typedef struct dg_edit dg_edit;

/* Fixes len bytes of text (UTF-8, need not be NUL-terminated, may contain
 * NUL bytes and invalid sequences).  Stores a new result in *out.
 * Thread-safe: any number of calls may run at once on one engine.
 * Returns DG_ERR_TOO_BIG for len > DG_MAX_INPUT. */
DG_EXPORT dg_status dg_fix(const dg_engine *engine, const char *text,
                           size_t len, dg_result **out);

/* Releases a result and everything obtained from it.  NULL is allowed. */
DG_EXPORT void dg_result_free(dg_result *result);

/* The fixed text; *len (if len is not NULL) receives its length.  The text
 * is NUL-terminated for convenience but may contain NUL bytes itself. */
DG_EXPORT const char *dg_result_text(const dg_result *result, size_t *len);

/* Applied edits, in input order, non-overlapping. */
DG_EXPORT size_t dg_result_edit_count(const dg_result *result);
DG_EXPORT const dg_edit *dg_result_edit(const dg_result *result, size_t i);

/* Findings: edits proposed but not applied (confidence below the
 * threshold, or reports such as invalid UTF-8), in input order.  They use
 * the same accessors as edits; a finding may have no replacement. */
DG_EXPORT size_t dg_result_finding_count(const dg_result *result);
DG_EXPORT const dg_edit *dg_result_finding(const dg_result *result, size_t i);

/* Edit accessors.  Offsets are bytes into the input given to dg_fix(). */
DG_EXPORT size_t dg_edit_start(const dg_edit *edit);
DG_EXPORT size_t dg_edit_end(const dg_edit *edit);
/* Replacement bytes (not NUL-terminated when len is used; a NUL is stored
 * after them too).  NULL for a finding that proposes no text. */
DG_EXPORT const char *dg_edit_replacement(const dg_edit *edit, size_t *len);
DG_EXPORT dg_stage dg_edit_stage(const dg_edit *edit);
/* Stable rule identifier, "stage.rule-name", e.g. "punct.space-before". */
DG_EXPORT const char *dg_edit_rule(const dg_edit *edit);
/* 0..1: how sure the rule is. */
DG_EXPORT double dg_edit_confidence(const dg_edit *edit);
/* One line saying why, naming the evidence (data file and line, ICU, ...). */
DG_EXPORT const char *dg_edit_reason(const dg_edit *edit);

/* ---- Tokens ----------------------------------------------------------- */

typedef enum dg_token_kind {
    DG_TOKEN_WORD = 1,   /* letters, with inner hyphens/apostrophes: Ju-min, Korea's */
    DG_TOKEN_NUMBER,     /* 2017, 1,300, 4.5, 10:30, $100 is PUNCT + NUMBER */
    DG_TOKEN_PUNCT,      /* one punctuation or symbol character, or an ellipsis */
    DG_TOKEN_SPACE,      /* horizontal white space */
    DG_TOKEN_NEWLINE,    /* one line break (\n, \r\n, \r, U+2028/2029, U+0085) */
    DG_TOKEN_ABBREV,     /* dotted abbreviation with its dots: U.S., Corp., e.g. */
    DG_TOKEN_CODE,       /* letters and digits mixed: AAPL.O, 2454.TW, MT6737, 3G */
    DG_TOKEN_URL,        /* http://..., www.example.com */
    DG_TOKEN_EMAIL,      /* name@example.com */
    DG_TOKEN_INVALID     /* bytes that are not valid UTF-8 (or a NUL byte) */
} dg_token_kind;

/* Token flags. */
#define DG_TOKEN_SENTENCE_START 0x01u /* first word-like token of a sentence */
#define DG_TOKEN_HYPHENATED 0x02u     /* word with an inner hyphen: Ju-min */
#define DG_TOKEN_POSSESSIVE 0x04u     /* ends in 's, ’s, or s' / s’: see stem_end */
#define DG_TOKEN_LINE_START 0x08u     /* first token of a line */
/* Literal or code context (lib/literal.c): a path, an option, a format, an
 * identifier, a mark named rather than used, an indented or column line.
 * No edit overlaps it and it never starts a sentence. */
#define DG_TOKEN_LITERAL 0x10u
/* A '.' that belongs to the word before it (an abbreviation in ICU's
 * English sentence-break suppressions: Approx., Dept.), not a sentence end. */
#define DG_TOKEN_ABBREV_DOT 0x20u
/* With DG_TOKEN_LITERAL: a word of ASCII letters alone between blanks on a
 * prose line, literal only for its camel-case shape (YouTube, postScript,
 * getValue).  Casing may restore inner capitals of a known name there
 * (casing.inner-name); every other stage treats it as literal. */
#define DG_TOKEN_CAMEL 0x40u

/* A token: a byte span of the input.  stem_end is where a possessive
 * suffix begins (equal to end when there is none).  Offsets fit in 32
 * bits (inputs are at most DG_MAX_INPUT bytes) and kind in 8: 16 bytes a
 * token, the largest part of the engine's memory. */
typedef struct dg_token {
    uint32_t start;
    uint32_t end;
    uint32_t stem_end;
    uint16_t flags;      /* DG_TOKEN_SENTENCE_START ... */
    uint8_t kind;        /* a dg_token_kind */
    uint8_t reserved;    /* 0 */
} dg_token;

typedef struct dg_tokens dg_tokens;

/* Splits text into tokens that cover it exactly, in order, without gaps.
 * Same input rules and thread-safety as dg_fix(). */
DG_EXPORT dg_status dg_tokenize(const dg_engine *engine, const char *text,
                                size_t len, dg_tokens **out);
DG_EXPORT size_t dg_tokens_count(const dg_tokens *tokens);
DG_EXPORT const dg_token *dg_tokens_get(const dg_tokens *tokens, size_t i);
DG_EXPORT void dg_tokens_free(dg_tokens *tokens);
/* Static name of a kind: "word", "number", "punct", ... */
DG_EXPORT const char *dg_token_kind_name(dg_token_kind kind);

/* ---- Streaming -------------------------------------------------------- */

/* Inputs of any size go through dg_fix() in pieces.  dg_cut() says where
 * a piece ends:
 *   1. after the last blank line in the window (a paragraph end), else
 *   2. after the last line end, else
 *   3. after the last single space between words that follows . ! or ?,
 *      else after the last single space between words (or after , ; : )
 *      and before a word), else after the last space, else
 *   4. at a UTF-8 character boundary (a line of several MB without one).
 * The window is (max_piece / 3, max_piece] bytes from the start.
 *
 * A dg_stream fixes each piece with up to 128 KB of the input before and
 * after it as context and keeps the piece's part of the result (an edit
 * across the cut stays whole, and the piece then ends with it).  Every
 * decision of the stages reads at most that far from the word it changes
 * (the casing stage's same-text evidence: 2 x 64 KB, see lib/casing.c;
 * entity variants and joined initials: 32 KB; inner capitals: 64 KB), so
 * the stream's output is dg_fix() of the whole input, whatever
 * max_piece and however the bytes were fed; an input of at most max_piece
 * bytes is one piece, fixed by dg_fix() alone, unless it is denser than
 * prose (see dg_stream_new(), "Memory").  Exceptions, for text
 * longer than the context in one piece: a paragraph over 128 KB (quotes
 * are paired per paragraph); the engine's second pass, when one runs,
 * reading its own first pass's output 128 KB further; and the code
 * vocabulary (a word the text writes as code, "gzip -d", keeps its case
 * in prose anywhere in the text a call reads, so a stream's piece knows
 * only the vocabulary of its window: on the 2.2 MB technical no-harm
 * corpus, pieces of 1 MB make 7 edits more than one call, the default
 * pieces none).  Findings and reasons differ in more ways: the
 * dictionary suggests for the first 500 unknown words of a call, a few
 * casing findings depend on the call (on the WordNet no-harm corpus, five
 * "tv" acronym findings that one call makes and pieces of 300 KB do
 * not), and "(pass N)" counts the passes of the call that made the edit.
 * Context costs time:
 * a default piece is fixed with up to 256 KB more text.  Fixing dg_cut()'s
 * pieces with dg_fix() alone gives the same answer except within 128 KB of
 * a cut.
 *
 * max_piece 0 means DG_PIECE_MAX; other values below 64 count as 64 for
 * dg_cut() and are DG_ERR_ARG for dg_stream_new(), as are values over
 * DG_MAX_INPUT. */

/* The length of the first piece of text[0, len): len itself when len <=
 * max_piece, else a cut as above, in (max_piece / 3, max_piece].  Reads at
 * most max_piece + 1 bytes, allocates nothing, never fails; cutting a
 * whole buffer is
 *     for (size_t at = 0, n; at < len; at += n)
 *         n = dg_cut(text + at, len - at, 0);
 * Thread-safe; needs no engine. */
DG_EXPORT size_t dg_cut(const char *text, size_t len, size_t max_piece);

/* One fixed piece, as a dg_stream hands it to its callback.  text, result
 * and everything obtained from result belong to the stream and are valid
 * only until the callback returns. */
typedef struct dg_piece {
    const char *text;         /* the piece's input bytes */
    size_t len;
    size_t offset;            /* bytes of the stream before text[0] */
    const dg_result *result;  /* dg_fix() of the piece; NULL on failure */
    dg_status status;         /* what dg_fix() returned (DG_OK, DG_ERR_NOMEM...) */
    size_t invalid;           /* invalid UTF-8 spans in the piece (input-stage
                                 findings; NUL bytes are never counted) */
} dg_piece;

/* Receives each piece in order.  Return DG_OK to go on; any other status
 * stops the stream: dg_stream_feed()/dg_stream_finish() return it, and
 * the stream refuses more bytes until dg_stream_finish() (for a write
 * error, return DG_ERR_IO).  A piece that dg_fix() could not fix arrives
 * with result NULL and its status: pass its text through or give up.  The
 * callback must not call the stream's own functions. */
typedef dg_status (*dg_piece_fn)(void *ctx, const dg_piece *piece);

typedef struct dg_stream dg_stream;

/* A stream that cuts the bytes fed to it into pieces (max_piece as for
 * dg_cut()), fixes each with engine and hands it to fn with ctx.
 * Memory: the stream keeps one buffer of max_piece + 1 bytes and its
 * context (1.8 MB by default) and one dg_result at a time, whatever the
 * input's size or line lengths; dg_fix() of a piece with its context
 * needs about 23 times its size on top for English prose (its tokens
 * first, 16 bytes each), so a default stream stays near 40 MB plus the
 * engine.  Text denser than prose (a token every byte, an edit every
 * dozen bytes) would need more a byte; the stream fixes it in smaller
 * pieces, sized by what the piece before held, which bounds the memory
 * the same way and costs time (each smaller piece still reads its full
 * context).  The engine must outlive the stream.  A stream is used by one
 * thread at a time; any number of streams may share one engine. */
DG_EXPORT dg_status dg_stream_new(const dg_engine *engine, size_t max_piece,
                                  dg_piece_fn fn, void *ctx,
                                  dg_stream **out);

/* Feeds the next len bytes of the input, any amount at a time.  Every
 * piece that is complete is fixed and handed to the callback before this
 * returns; a tail shorter than a piece is held back (copied) until more
 * bytes or dg_stream_finish() decide where it ends.  Bytes beyond one
 * piece are cut in the caller's buffer without being copied. */
DG_EXPORT dg_status dg_stream_feed(dg_stream *stream, const char *bytes,
                                   size_t len);

/* Ends the input: the held-back tail becomes the last piece (none when
 * nothing is held).  The stream is then empty and ready for another input,
 * offsets starting again at 0. */
DG_EXPORT dg_status dg_stream_finish(dg_stream *stream);

/* Releases a stream; held-back bytes are dropped.  NULL is allowed. */
DG_EXPORT void dg_stream_free(dg_stream *stream);

/* ---- Phrase rules ----------------------------------------------------- */

/* One rule of an engine's phrase table (dicts/phrases.txt format).  The
 * strings belong to the engine and stay valid until it is freed. */
typedef struct dg_rule_info {
    const char *rule;        /* edit rule id: "phrases.<id>" */
    const char *category;    /* "credit", "organization", ... ("" if none) */
    const char *pattern;     /* the pattern as written */
    const char *replacement; /* the replacement as written */
    const char *note;        /* short note ("" if none) */
    const char *file;        /* the file it came from ("phrases.txt" built in) */
    unsigned line;           /* line of its "rule" line */
    double confidence;
    size_t examples;         /* how many examples it carries */
} dg_rule_info;

/* Number of phrase rules the engine compiled (built-in and rules_files). */
DG_EXPORT size_t dg_engine_rule_count(const dg_engine *engine);

/* Fills *info for rule i (0-based, load order).  DG_ERR_ARG when i is out
 * of range.  Thread-safe. */
DG_EXPORT dg_status dg_engine_rule(const dg_engine *engine, size_t i,
                                   dg_rule_info *info);

/* Receives one problem found by dg_rules_check(): the file, its line (0:
 * the whole file) and a message without a trailing newline. */
typedef void (*dg_rules_report_fn)(const char *file, unsigned line,
                                   const char *message, void *ctx);

/* Lints a phrase-rule file (dicts/phrases.txt format) on its own, with the
 * built-in sets, tickers and organizations but not the built-in rules:
 * malformed lines, duplicate patterns, rules without an example, examples
 * whose input does not give their expected output (with the phrase stage
 * alone, doubtful repairs applied too), rules shadowed by another rule, and
 * rules whose output the table would change again (not idempotent).  Every
 * problem goes to report (may be NULL) and is counted in *problems (may be
 * NULL).  Returns DG_OK when the file could be checked, whatever it holds;
 * DG_ERR_IO when it cannot be read (also reported), DG_ERR_NOMEM or
 * DG_ERR_ICU.  Thread-safe; slow-ish (builds an engine). */
DG_EXPORT dg_status dg_rules_check(const char *path, dg_rules_report_fn report,
                                   void *ctx, unsigned *problems);

#ifdef __cplusplus
}
#endif
#endif /* DEGARBLE_H */
