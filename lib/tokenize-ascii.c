/* tokenize-ascii.c - ICU's word boundaries for ASCII text, without ICU.
 *
 * ICU's word iterator (ubrk_open(UBRK_WORD, "en"), root rules, UAX #29
 * word boundaries) costs most of the tokenizer's time, yet on ASCII its
 * rules come down to a few character classes:
 *
 *   CR LF Newline(VT FF)  line breaks: CR LF stays together (WB3), a break
 *                         before and after any other (WB3a, WB3b)
 *   WSegSpace (space)     runs of spaces stay together (WB3d)
 *   ALetter (A-Z a-z, and @: ICU's rules add the at sign to ALetter, so
 *            that name@example.com is one segment)
 *   Numeric (0-9), ExtendNumLet (_)
 *                         join one another (WB5, WB8-10, WB13a, WB13b)
 *   MidNumLet (.) and Single_Quote (')
 *                         join letter to letter (WB6/7) and digit to digit
 *                         (WB11/12): U.S, don't, 4.5, 1'000
 *   MidNum (, ;)          join digit to digit only: 1,300
 *   everything else       one character a segment (WB999).  ICU's root
 *                         rules take the colon out of MidLetter, so "a:b"
 *                         is three segments; tab is Other, not WSegSpace.
 *
 * The rule status is what ubrk_getRuleStatus() reports: ICU tags each rule
 * (letters 200, numbers 100, a lone "_" none) and returns the largest tag
 * of the rules that end at the segment's last character, which comes down
 * to the classes of its last two characters: a letter last is 200, a digit
 * last 100 (a1, 1a1), an underscore last 100 after a digit (1_) and 200
 * after a letter or another underscore (a_, 1__).  A boundary restarts ICU's
 * state machine (rules chain only through the start state), so these
 * segments match ICU's over any stretch of text that begins and ends at a
 * boundary.  tests/test-tokenize-ascii.c compares the two on every string
 * of up to 6 characters from an alphabet of each class, and on every
 * corpus the project has.
 */
#include "tokenize-ascii.h"

#include <unicode/ubrk.h>

enum {
    OT,   /* Other */
    CR,
    LF,   /* LF, VT, FF: a break before and after */
    SP,
    AL,   /* ALetter */
    NU,   /* Numeric */
    EX,   /* ExtendNumLet */
    MNL,  /* MidNumLet and Single_Quote */
    MN    /* MidNum */
};

static const unsigned char word_class[128] = {
    ['\r'] = CR, ['\n'] = LF, ['\v'] = LF, ['\f'] = LF, [' '] = SP,
    ['A'] = AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL,
    AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL,
    ['a'] = AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL,
    AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL, AL,
    ['0'] = NU, NU, NU, NU, NU, NU, NU, NU, NU, NU,
    ['@'] = AL, ['_'] = EX, ['.'] = MNL, ['\''] = MNL, [','] = MN, [';'] = MN,
};

static inline int cls(const char *t, size_t p)
{
    return word_class[(unsigned char)t[p] & 0x7F];
}

/* The status of a segment whose last character has class x and comes
 * right after one of class prev (AL, NU or EX): the largest tag of the
 * rules ending there. */
static inline int step_status(int prev, int x)
{
    if (x == AL)
        return UBRK_WORD_LETTER;
    if (x == NU)
        return UBRK_WORD_NUMBER;
    return prev == NU ? UBRK_WORD_NUMBER : UBRK_WORD_LETTER;
}

size_t dg_ascii_word_next(const char *t, size_t p, size_t e, int *status)
{
    int prev = cls(t, p);
    size_t q = p + 1;
    *status = UBRK_WORD_NONE;
    switch (prev) {
    case CR:
        return q < e && t[q] == '\n' ? q + 1 : q;
    case SP:
        while (q < e && t[q] == ' ')
            q++;
        return q;
    case AL:
        *status = UBRK_WORD_LETTER;
        break;
    case NU:
        *status = UBRK_WORD_NUMBER;
        break;
    case EX:
        break;
    default:
        return q;
    }
    while (q < e) {
        int x = cls(t, q);
        if (x == AL || x == NU || x == EX) {
            *status = step_status(prev, x);
            prev = x;
            q++;
            continue;
        }
        if ((x == MNL || x == MN) && q + 1 < e) {
            int y = cls(t, q + 1);
            if (prev == AL && y == AL && x == MNL) {
                *status = UBRK_WORD_LETTER;
                q += 2;
                continue;
            }
            if (prev == NU && y == NU) {
                *status = UBRK_WORD_NUMBER;
                q += 2;
                continue;
            }
        }
        break;
    }
    return q;
}

/* Where ICU's word boundaries are certain whatever the text around: after
 * a line feed (WB3a), and between a space and an ASCII character that is
 * not one, either way (no rule joins anything to a space but another
 * space, U+3000 among them).  Between a space and a non-ASCII character it
 * is not certain: a combining mark attaches to the space (WB4), another
 * kind of space joins it (WB3d). */
size_t dg_ascii_span(const char *t, size_t s, size_t e, size_t *icu_end)
{
    size_t x = s;
    while (x < e && !((unsigned char)t[x] & 0x80))
        x++;
    if (x == e) {
        *icu_end = e;
        return e;
    }
    /* Back to the start of the word (or of the spaces) holding x. */
    size_t b = x;
    while (b > s && t[b - 1] != ' ' && t[b - 1] != '\n')
        b--;
    if (b == x && b > s && t[b - 1] == ' ') {
        while (b > s && t[b - 1] == ' ')
            b--;
    }
    /* On to the first certain boundary after x. */
    size_t y = x + 1;
    while (y < e && t[y - 1] != '\n' &&
           !(t[y] == ' ' && !((unsigned char)t[y - 1] & 0x80) && t[y - 1] != ' '))
        y++;
    *icu_end = y;
    return b;
}
