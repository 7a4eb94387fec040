#!/usr/bin/env python3
"""gen-names.py - builds the compiled proper-name tables from Debian's name data.

usage: gen-names.py --out FILE.c [--report FILE] [--icu-dump FILE] [source options]

Run by the build (lib/meson.build); nothing here is typed by hand.  Sources
(each optional: a missing file is skipped with a note in the report, so that
the build still works, with a smaller table, where a package is missing):

  --iso DIR        iso-codes JSON: 3166-1 countries, 3166-2 subdivisions,
                   4217 currencies (the adjective before the unit), 639-2
                   languages
  --scowl DIR      SCOWL's raw lists (package scowl): *-proper-names.N and
                   *-upper.N give names with a size level N (35 = common ...
                   95 = insane); *-words.N give ordinary words
  --hunspell DIR   en_US and en_GB .dic/.aff: capitalized stems are names,
                   lower-case stems with their affixes are ordinary words
  --gweather FILE  libgweather's Locations.xml: countries, states, cities
  --tzdata DIR     zone1970.tab: the city part of each zone id
  --icu-dump FILE  output of tools/icu-names (CLDR through ICU): time-zone
                   exemplar cities, months, days
  --wordnet DIR    wordnet-base data.*: how often each word is written in
                   lower case in the glosses (the one prose source allowed)
  --gcide FILE     dict-gcide's gcide.dict.dz: the second prose source, with
                   the glosses, for words that introduce names and name
                   endings
  --census FILE    libtext-names-perl's Text/Names.pm: the US Census 1990
                   lists of male and female given names and surnames, each
                   with its frequency (the dg_nt_census table)

Output: a C file with three tables (see lib/names-table.h):
  dg_nt_names   one dg_name per name, its source ("iso3166-2 GB-ENG", "scowl
                proper-names.50", ...) and flags measured here: whether its
                lower-case form is an English word (DG_NAME_AMBIGUOUS), whether
                WordNet's glosses write it in lower case (DG_NAME_WN_LOWER),
                what kind of name it is (place, month, day, person list)
  dg_nt_slots   an open-addressing hash of the folded keys (FNV-1a, the same
                function as lib/names-table.h), prefixes of multiword names
                included, so a lookup costs one probe sequence and start-up
                costs nothing
  dg_nt_lexicon sorted lower-case English words, for classifying names that
                come from files at run time
"""
import argparse
import collections
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

# Flag bits: the same values as lib/gazetteer.h.
AMBIGUOUS = 0x01
EXACT = 0x02
ACRONYM = 0x04
COMMON_WORDS = 0x08
WEAK = 0x10
COUNTRY = 0x20
PREFIX = 0x100
REGION = 0x200
PLACE = 0x400
MONTH = 0x800
WEEKDAY = 0x1000
WN_LOWER = 0x2000
RARE = 0x4000
PERSONLIST = 0x8000
GENERATED = 0x10000
DESIGNATOR = 0x20000
WORD_NAME = 0x40000     # the lower-case form is a word, but the capitalized
                        # form is the usual one in WordNet's glosses
SHARE_KNOWN = 0x80000   # bits 24-30: percent of gloss uses capitalized
GLOSS_PHRASE = 0x400000 # several words the glosses write title-cased (at
                        # least twice); then bits 24-30 are the percent of
                        # its uses with a capital that are all title-cased
GLOSS_TITLE = 0x800000  # ... at least 3 times, and never all in lower case
WN_LOWER_HYPHEN = 0x100000  # every lower-case use in the glosses is one part
                            # of a hyphenated word ("french-fried")
GCIDE_NAME = 0x200000   # (one-word entries; GLOSS_LOWER_TITLE on phrases) GCIDE writes it capitalized at least
                        # GCIDE_NAME_USES times, in lower case in under
                        # GCIDE_NAME_LOWER of 100 uses (napoleon, java; not
                        # commons, trinity, confederate)
GCIDE_NAME_USES = 5
GCIDE_NAME_LOWER = 5
GLOSS_UNMIXED = 0x80000000  # ... and never with some words capitalized, some
                        # not, nor are 5% of the uses of phrases ending in its
                        # last word
# On multiword entries only (on one word the bit is WN_LOWER_HYPHEN):
GLOSS_MIXED_TITLE = 0x100000  # written with its first word capitalized and a
                        # later one not, it is the title-cased phrase with a
                        # capital lost (phrase_estimates: at least MIXED_MIN)
GLOSS_LOWER_TITLE = 0x200000  # written all in lower case, the same (LOWER_MIN)

MAX_WORDS = 8
# SCOWL sizes up to 70 ("large") count as English words; 80 and 95 add
# rare words and junk (un, der) that would make names look ambiguous.
LEXICON_LEVEL = 70
MAX_KEY = 255

# Source strength: lower sorts first and wins the canonical form.
STRENGTH = {'cldr': 0, 'iso3166-1': 1, 'iso3166-2': 2, 'iso4217': 3,
            'iso639-2': 3, 'tzdata': 4, 'gweather': 5, 'scowl': 6,
            'hunspell': 7, 'wordnet': 8, 'census': 9}

notes = []


def fold(s):
    """Lower case one code point to one (like the C side's simple folding);
    typographic apostrophes become '."""
    out = []
    for ch in s:
        if ch in '\u2019\u2018':
            out.append("'")
            continue
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return ''.join(out)


WORD_RE = re.compile(r"^[^\W\d_](?:[^\W\d_]|')*$")


def normalize(name):
    """Words joined by one space (hyphens split words, as matching does), or
    None when the name is not a plain word sequence."""
    name = name.strip()
    if not name:
        return None
    words = [w for w in re.split(r"[ \-]+", name) if w]
    if not words or len(words) > MAX_WORDS:
        return None
    for w in words:
        if not WORD_RE.match(w.replace('\u2019', "'")):
            return None
    form = ' '.join(words)
    if len(fold(form).encode()) > MAX_KEY or form == fold(form):
        return None
    return form


def shape(word):
    up = sum(1 for c in word if c.isupper())
    low = sum(1 for c in word if c.islower())
    if up >= 2 and low == 0:
        return ACRONYM
    if any(c.isupper() for c in word[1:]):
        return EXACT
    return 0


class Table:
    def __init__(self):
        self.entries = {}        # key -> dict(form, flags, source, strength, ...)
        self.counts = collections.Counter()

    def add(self, name, flags, kind, detail, level=None):
        form = normalize(name)
        if form is None:
            return
        key = fold(form)
        words = form.split(' ')
        if len(words) == 1:
            flags |= shape(form)
            letters = sum(1 for c in form if c != "'")
            if letters < 2 or (letters < 3 and not flags & ACRONYM):
                return      # Al, Ed, Jo: lower-case text means something else
        strength = STRENGTH[kind]
        src = kind + (' ' + detail if detail else '')
        e = self.entries.get(key)
        self.counts[kind] += 1
        if e is None:
            self.entries[key] = {'form': form, 'flags': flags, 'source': src,
                                 'strength': strength, 'kinds': {kind},
                                 'level': level}
            return
        e['kinds'].add(kind)
        e['flags'] |= flags & (PLACE | MONTH | WEEKDAY | COUNTRY | REGION | PERSONLIST)
        if level is not None and (e['level'] is None or level < e['level']):
            e['level'] = level
        if strength < e['strength']:
            e['form'], e['source'], e['strength'] = form, src, strength
            e['flags'] = (e['flags'] & ~(EXACT | ACRONYM)) | (flags & (EXACT | ACRONYM))


# ---- sources ---------------------------------------------------------------

def load_json(path, top):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)[top]
    except OSError as e:
        notes.append('skipped %s: %s' % (path, e.strerror))
        return []


def iso_sources(t, d):
    for c in load_json(os.path.join(d, 'iso_3166-1.json'), '3166-1'):
        for field in ('name', 'common_name'):
            if field in c:
                t.add(c[field], PLACE | COUNTRY | REGION, 'iso3166-1', c['alpha_2'])
    for s in load_json(os.path.join(d, 'iso_3166-2.json'), '3166-2'):
        # "Bayern" and "Bavaria" are not both given; the name is the local one.
        t.add(s['name'], PLACE, 'iso3166-2', s['code'])
    for c in load_json(os.path.join(d, 'iso_4217.json'), '4217'):
        words = c['name'].split(' ')
        # "Swiss Franc": the unit is a common noun, the words before it the
        # adjective.
        if len(words) >= 2 and not c['alpha_3'].startswith('X'):
            t.add(' '.join(words[:-1]), COUNTRY, 'iso4217', c['alpha_3'])
    for lang in load_json(os.path.join(d, 'iso_639-2.json'), '639-2'):
        for part in lang['name'].split(';'):
            t.add(part, 0, 'iso639-2', lang['alpha_3'])


def latin1_lines(path):
    with open(path, encoding='latin-1') as f:
        for line in f:
            w = line.strip()
            if w:
                yield w


SCOWL_SPELLINGS = ('english', 'american', 'british', 'canadian')


def scowl_files(d, category):
    out = []
    for sp in SCOWL_SPELLINGS:
        for path in glob.glob(os.path.join(d, '%s-%s.*' % (sp, category))):
            level = path.rsplit('.', 1)[1]
            if level.isdigit():
                out.append((int(level), path))
    return sorted(out)


def scowl_names(t, d, max_level):
    found = False
    for cat in ('upper', 'proper-names'):
        for level, path in scowl_files(d, cat):
            if level > max_level:
                continue
            found = True
            for w in latin1_lines(path):
                if w.endswith("'s"):
                    continue
                flags = PERSONLIST if cat == 'proper-names' else 0
                if level > 70:
                    flags |= RARE
                t.add(w, flags, 'scowl', '%s.%d' % (cat, level), level)
    if not found:
        notes.append('skipped SCOWL names: no lists in %s' % d)


def scowl_words(d):
    """Lower-case words with their smallest SCOWL size level."""
    words = {}
    for level, path in scowl_files(d, 'words'):
        for w in latin1_lines(path):
            if w == w.lower() and words.get(w, 999) > level:
                words[w] = level
    return words


def read_aff(path):
    rules = []     # (suffix?, flag, strip, add, cond_regex)
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            lines = f.read().splitlines()
    except OSError as e:
        notes.append('skipped %s: %s' % (path, e.strerror))
        return rules
    for line in lines:
        f = line.split()
        if len(f) >= 5 and f[0] in ('SFX', 'PFX'):
            strip = '' if f[2] == '0' else f[2]
            add = f[3].split('/')[0]
            add = '' if add == '0' else add
            cond = f[4]
            if cond == '.':
                rx = None
            else:
                try:
                    rx = re.compile((cond + '$') if f[0] == 'SFX' else ('^' + cond))
                except re.error:
                    continue
            rules.append((f[0] == 'SFX', f[1], strip, add, rx))
    return rules


def read_dic(path):
    out = []
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            lines = f.read().splitlines()
    except OSError as e:
        notes.append('skipped %s: %s' % (path, e.strerror))
        return out
    for line in lines[1:]:
        line = line.split('\t')[0].split(' ')[0]
        if not line:
            continue
        word, _, flags = line.partition('/')
        out.append((word.lstrip('\ufeff'), flags))
    return out


def expand(word, flags, rules):
    """word and the forms its affix rules make (one suffix and/or one
    prefix; enough to know whether a form is an ordinary word)."""
    forms = [word]
    sfx = []
    for suffix, flag, strip, add, rx in rules:
        if flag not in flags:
            continue
        if suffix:
            if strip and not word.endswith(strip):
                continue
            if rx and not rx.search(word):
                continue
            f = word[:len(word) - len(strip)] + add
            forms.append(f)
            sfx.append(f)
        else:
            if strip and not word.startswith(strip):
                continue
            if rx and not rx.search(word):
                continue
            forms.append(add + word[len(strip):])
            for s in sfx:
                forms.append(add + s[len(strip):])
    return forms


def hunspell_sources(t, d, lexicon):
    for lang in ('en_US', 'en_GB'):
        rules = read_aff(os.path.join(d, lang + '.aff'))
        for word, flags in read_dic(os.path.join(d, lang + '.dic')):
            if word == word.lower():
                for f in expand(word, flags, rules):
                    lexicon.setdefault(f, 'hunspell ' + lang)
                continue
            t.add(word, 0, 'hunspell', lang)
            if shape(word) & ACRONYM:
                continue
            for suffix, flag, strip, add, rx in rules:
                # Plurals of names: Germans, Koreans, the Kennedys.
                if (suffix and flag in flags and add.endswith('s') and "'" not in add
                        and word.endswith(strip) and (rx is None or rx.search(word))):
                    t.add(word[:len(word) - len(strip)] + add, 0, 'hunspell', lang)


def gweather_source(t, path):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        notes.append('skipped %s: %s' % (path, e))
        return

    def walk(node, country):
        for child in node:
            tag = child.tag
            if tag in ('region', 'country', 'state', 'city'):
                name = child.findtext('_name') or child.findtext('name')
                code = child.findtext('iso-code') or country
                if name and tag != 'region':
                    flags = PLACE | (COUNTRY | REGION if tag == 'country' else 0)
                    t.add(name, flags, 'gweather', '%s%s' % (tag, ' ' + code if code else ''))
                walk(child, code if tag == 'country' else country)
    walk(root, None)


def tzdata_source(t, d):
    path = os.path.join(d, 'zone1970.tab')
    try:
        with open(path, encoding='utf-8') as f:
            lines = f.read().splitlines()
    except OSError as e:
        notes.append('skipped %s: %s' % (path, e.strerror))
        return
    for line in lines:
        if line.startswith('#'):
            continue
        f = line.split('\t')
        if len(f) >= 3:
            city = f[2].rsplit('/', 1)[-1].replace('_', ' ')
            t.add(city, PLACE, 'tzdata', f[2])


def icu_source(t, path):
    try:
        with open(path, encoding='utf-8') as f:
            lines = f.read().splitlines()
    except OSError as e:
        notes.append('skipped %s: %s' % (path, e.strerror))
        return
    for line in lines:
        f = line.split('\t')
        if len(f) != 3:
            continue
        kind, code, name = f
        if kind == 'zone-city':
            t.add(name, PLACE, 'cldr', 'zone-city ' + code)
        elif kind == 'month':
            t.add(name, MONTH, 'cldr', 'month %d' % (int(code) + 1))
        elif kind == 'weekday':
            t.add(name, WEEKDAY, 'cldr', 'weekday')


# Lines the project is measured on (../shared/devset: its clean-*.txt and
# rt-source.txt are WordNet glosses, or parts of them).  A gloss containing
# one of them is left out of every statistic mined here, so that the devset
# score does not rest on its own text (set by --exclude-devset).
HELD = {}
NORM_RE = re.compile(r'\w+')
HELD_PREFIX = 3


def norm_words(line):
    return NORM_RE.findall(line.lower())


def load_held(d):
    """Indexes the devset's reference lines by their first words."""
    files = sorted(glob.glob(os.path.join(d, 'clean-*.txt')) +
                   glob.glob(os.path.join(d, 'rt-source.txt')))
    if not files:
        notes.append('no devset lines to exclude in %s' % d)
        return
    n = 0
    for path in files:
        with open(path, encoding='utf-8', errors='replace') as f:
            for line in f:
                w = norm_words(line)
                if len(w) >= HELD_PREFIX:
                    HELD.setdefault(tuple(w[:HELD_PREFIX]), set()).add(tuple(w))
                    n += 1
    notes.append('excluding glosses that contain one of %d devset lines (%s)'
                 % (n, ', '.join(os.path.basename(p) for p in files)))


def is_held(gloss):
    if not HELD:
        return False
    w = norm_words(gloss)
    for i in range(len(w) - HELD_PREFIX + 1):
        cands = HELD.get(tuple(w[i:i + HELD_PREFIX]))
        if cands:
            for c in cands:
                if tuple(w[i:i + len(c)]) == c:
                    return True
    return False


GLOSS_CACHE = {}


def wordnet_data_lines(d):
    """The synset lines of WordNet's data.* files in directory d (the
    licence header, whose lines start with two spaces, left out)."""
    for p in ('noun', 'verb', 'adj', 'adv'):
        try:
            f = open(os.path.join(d, 'data.' + p), encoding='utf-8', errors='replace')
        except OSError:
            continue
        with f:
            for line in f:
                if not line.startswith('  '):
                    yield line


def gloss_lines(d):
    if d in GLOSS_CACHE:
        yield from GLOSS_CACHE[d]
        return
    out = []
    held = 0
    for line in wordnet_data_lines(d):
        bar = line.find(' | ')
        if bar >= 0:
            g = line[bar + 3:]
            if is_held(g):
                held += 1
            else:
                out.append(g)
    if HELD:
        notes.append('%d WordNet glosses left out (devset lines)' % held)
    GLOSS_CACHE[d] = out
    yield from out


def phrase_counts(d, keys):
    """(lower, capitalized) uses of multiword names in the glosses: "new
    york" written in lower case would count against it."""
    by_first = collections.defaultdict(list)
    for k in keys:
        words = k.split(' ')
        by_first[words[0]].append(words)
    lower, upper = collections.Counter(), collections.Counter()
    tok = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
    for gloss in gloss_lines(d):
        words = tok.findall(gloss)
        folded = [fold(w) for w in words]
        for i, w in enumerate(folded):
            cands = by_first.get(w)
            if not cands:
                continue
            for c in cands:
                if folded[i:i + len(c)] == c:
                    key = ' '.join(c)
                    span = words[i:i + len(c)]
                    if all(x == x.lower() for x in span):
                        lower[key] += 1
                    elif i > 0 and span[0][0].isupper():
                        upper[key] += 1
    return lower, upper


def lower_lemma_pairs(d, t):
    """Two-word WordNet lemmas written in lower case whose first word is a
    one-word name that is also a common word the glosses capitalize at
    least half the time ("french_fries", beside "French_horn"): the name
    word there is a plain modifier.  Lemmas, not
    gloss text, so no devset line is read."""
    pairs = set()
    for line in wordnet_data_lines(d):
        fields = line.split(' ')
        try:
            n = int(fields[3], 16)
        except (IndexError, ValueError):
            continue
        for lemma in fields[4:4 + 2 * n:2]:
            lemma = re.sub(r'\([a-z]+\)$', '', lemma)
            parts = lemma.split('_')
            if len(parts) != 2 or lemma != lemma.lower() or not all(
                    x.isalpha() and x.isascii() for x in parts):
                continue
            e = t.entries.get(parts[0])
            # Only names the glosses capitalize at least half the
            # time: for the rest the pair is no exception.
            if e and e['flags'] & AMBIGUOUS and e['flags'] & SHARE_KNOWN and \
                    (e['flags'] >> 24) & 0x7f >= 50:
                pairs.add(' '.join(parts))
    return pairs


def hyphen_lower_counts(d):
    """Lower-case uses of each word in WordNet's glosses that are one part of
    a hyphenated word ("french-fried potatoes", "french-fry the potatoes"):
    counted apart, since a name written so inside a compound says little of
    how the word alone is written."""
    parts = collections.Counter()
    word = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
    for gloss in gloss_lines(d):
        for m in word.finditer(gloss):
            w = m.group()
            if not w[0].islower():
                continue
            a, b = m.start(), m.end()
            if (a > 0 and gloss[a - 1] == '-') or (b < len(gloss) and gloss[b] == '-'):
                parts[w] += 1
    return parts


def wordnet_counts(d):
    """(lower, capitalized) uses of each folded word in WordNet's glosses.
    A capital right after the start, ';', ':', '.', a quote or a bracket is
    positional and not counted; nor is a capitalized word beside another
    capitalized word ("United States", "Great Lakes"): that measures the
    phrase, which phrase_counts does, not the word alone."""
    lower, upper = collections.Counter(), collections.Counter()
    tok = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|[^\w\s]")
    any_file = False
    for gloss in gloss_lines(d):
        any_file = True
        toks = tok.findall(gloss)
        for i, w in enumerate(toks):
            if not w[0].isalpha():
                continue
            if w[0].islower():
                lower[w] += 1
                continue
            prev = toks[i - 1] if i > 0 else ';'
            if prev in ';:.!?"(\'`' or (len(w) > 1 and w.isupper()):
                continue
            nxt = toks[i + 1] if i + 1 < len(toks) else ''
            if prev[0].isupper() or (nxt and nxt[0].isupper()):
                continue
            upper[fold(w)] += 1
    if not any_file:
        notes.append('skipped WordNet: no data files in %s' % d)
    return lower, upper


# Phrases of title-cased words in the glosses ("Black Sea", "Supreme
# Court", "House of Lords"): a run of two to four words, "of" allowed inside.
# A capital at the gloss start or after ; : . ! ? a quote or a bracket is
# positional: that word is not counted.  A run beside a hyphen is part of a
# compound ("Indo-European languages") and is not counted either.
PHRASE_LINKS = {'of'}
PHRASE_MIN = 2         # title-cased uses a phrase needs to enter the table
PHRASE_TITLE_MIN = 3   # ... to count as never written in lower case


def gloss_phrases(d, keys):
    """Counts, per folded phrase, the glosses' uses: all title-cased (T),
    all in lower case (L), and mixed (M: some words capitalized away from a
    start, some not).  Candidates are the runs of title-cased words and the
    multiword keys given.  Returns (T, L, M, form) with form the most usual
    title-cased spelling."""
    tok = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+|[^\w\s]")
    positional = set(';:.!?"(\'`')

    def title(w):
        return len(w) >= 2 and w[0].isupper() and w[1:] == w[1:].lower()

    def base(w):
        return w[:-2] if w.endswith("'s") else w

    forms = collections.defaultdict(collections.Counter)
    glosses = [tok.findall(g) for g in gloss_lines(d)]
    for t in glosses:
        i = 0
        while i < len(t):
            if not title(t[i]):
                i += 1
                continue
            run, j = [t[i]], i + 1
            while j < len(t):
                if title(t[j]):
                    run.append(t[j])
                    j += 1
                elif t[j] in PHRASE_LINKS and j + 1 < len(t) and title(t[j + 1]):
                    run += [t[j], t[j + 1]]
                    j += 2
                else:
                    break
            prev = t[i - 1] if i > 0 else ';'
            nxt = t[j] if j < len(t) else ''
            if prev in positional:
                run = run[1:]
                if run and run[0] in PHRASE_LINKS:
                    run = run[1:]
            if prev != '-' and nxt != '-' and 2 <= len(run) <= 4:
                run = [base(w) for w in run]
                forms[fold(' '.join(run))][' '.join(run)] += 1
            i = j
    by_first = collections.defaultdict(list)
    for k in set(forms) | set(keys):
        ws = k.split(' ')
        if 2 <= len(ws) <= MAX_WORDS:
            by_first[ws[0]].append(ws)
    T, L, M = collections.Counter(), collections.Counter(), collections.Counter()
    for t in glosses:
        f = [fold(base(w)) for w in t]
        for i, w in enumerate(f):
            for c in by_first.get(w, ()):
                if f[i:i + len(c)] != c:
                    continue
                span = t[i:i + len(c)]
                k = ' '.join(c)
                lead = i == 0 or t[i - 1] in positional
                words = [x for x, cw in zip(span, c) if cw not in PHRASE_LINKS]
                if all(x == x.lower() for x in span):
                    L[k] += 1
                elif all(title(x) for x in words):
                    if not lead:
                        T[k] += 1
                elif not (lead and all(title(x) for x in words[1:])) and \
                        not all(x == x.lower() for x in words[1 if lead else 0:]):
                    M[k] += 1
    form = {k: c.most_common(1)[0][0] for k, c in forms.items()}
    return T, L, M, form


# What a phrase's own uses and its later words' uses say (phrase_estimates).
# MIXED_PRIOR is how many of the phrase's own uses the pooled word figure
# weighs; the two minimums are where casing.c applies the edit.
MIXED_PRIOR = 4
MIXED_MIN = 0.95
LOWER_MIN = 0.95
LOWER_USES = 3


def after_capital(after, after_adj, w):
    """(capitalized, lower-case) uses of w right after a capitalized word in
    the glosses (context_counts, either kind of neighbour): ocean 125:2,
    river 273:114."""
    a = after.get(w, (0, 0)) if after else (0, 0)
    b = after_adj.get(w, (0, 0)) if after_adj else (0, 0)
    return a[0] + b[0], a[1] + b[1]


def phrase_estimates(k, T, L, M, after, after_adj):
    """For phrase k, two estimates of how often it is the title-cased name:
    written with its first word capitalized and a later word in lower case
    ("the Mississippi river", "the Pacific ocean"), the phrase's title-cased
    share of its uses with a capital, its own uses pooled with the later
    words' figure after a capitalized word (the least of them) as MIXED_PRIOR
    uses more; written all in lower case ("the rocky mountains"), its
    title-cased share of all its uses (none counted when under LOWER_USES).
    The caller takes the first only for a phrase never written partly
    capitalized itself, the second only for one never written otherwise
    (calibrate counts each such use of the glosses as a wrong edit): what the estimate adds is the later words' figure
    outweighed by the phrase's own uses ("rocky mountains": 28 title-cased,
    none mixed, though "mountains" after a capital is 66:16).
    -> (mixed, lower, the later word with the least figure, its counts)."""
    ws = k.split(' ')
    worst, wc, pw = None, (0, 0), 1.0
    for w in ws[1:]:
        if w in PHRASE_LINKS:
            continue
        c, lo = after_capital(after, after_adj, w)
        p = c / (c + lo + 1)
        if worst is None or p < pw:
            worst, wc, pw = w, (c, lo), p
    if worst is None:
        return 0.0, 0.0, None, wc
    mixed = (T[k] + MIXED_PRIOR * pw) / (T[k] + M[k] + MIXED_PRIOR)
    lower = T[k] / (T[k] + L[k] + M[k] + 1) if T[k] >= LOWER_USES else 0.0
    return mixed, lower, worst, wc


def add_gloss_phrases(t, d, after=None, after_adj=None):
    """Adds the glosses' title-cased phrases to the table and marks every
    multiword entry with what the glosses measure (GLOSS_PHRASE,
    GLOSS_TITLE, the share of its capitalized uses that are title-cased).
    Run after classify(): it overrides the share of multiword entries."""
    multi = [k for k in t.entries if ' ' in k]
    T, L, M, form = gloss_phrases(d, multi)
    added = 0
    for k, f in form.items():
        if k in t.entries or T[k] < PHRASE_MIN:
            continue
        if M[k] and (L[k] or T[k] < PHRASE_TITLE_MIN):
            continue    # neither mark below: nothing the casing stage uses
        t.add(f, 0, 'wordnet', 'glosses: a title-cased phrase')
        e = t.entries.get(k)
        if e is not None:
            e['flags'] |= COMMON_WORDS
            added += 1
    # A phrase's own uses are few; its last word's, pooled over every phrase
    # it ends, say whether that kind of phrase is written partly capitalized
    # too ("the Colorado river": glosses write river so in 55 of 329 uses).
    last_t, last_m = collections.Counter(), collections.Counter()
    for k in set(form) | set(multi):
        w = k.split(' ')[-1]
        last_t[w] += T[k]
        last_m[w] += M[k]
    n = n_mixed = n_lower = 0
    for k, e in t.entries.items():
        if ' ' not in k or T[k] < PHRASE_MIN:
            continue
        w = k.split(' ')[-1]
        pooled_mixed = 100 * last_m[w] > 5 * (last_t[w] + last_m[w])
        share = int(100 * T[k] / (T[k] + M[k] + 1))
        e['flags'] = (e['flags'] & ~(0x7f << 24)) | GLOSS_PHRASE | SHARE_KNOWN | (share << 24)
        if L[k]:
            e['flags'] |= WN_LOWER
        elif T[k] >= PHRASE_TITLE_MIN:
            e['flags'] |= GLOSS_TITLE
        if not M[k] and not pooled_mixed:
            e['flags'] |= GLOSS_UNMIXED
        e['wn'] = (T[k], L[k])
        e['wn_mixed'] = M[k]
        n += 1
        mixed, lower, worst, wc = phrase_estimates(k, T, L, M, after, after_adj)
        if worst is not None:
            e['wn_estimate'] = (mixed, lower, worst) + wc
            # A partly capitalized use of its own is one the glosses (and
            # prose like them) would see changed: none allowed.
            if mixed >= MIXED_MIN and not M[k]:
                e['flags'] |= GLOSS_MIXED_TITLE
                n_mixed += 1
            if lower >= LOWER_MIN and not L[k] and not M[k]:
                e['flags'] |= GLOSS_LOWER_TITLE
                n_lower += 1
    notes.append('gloss phrases: %d added, %d multiword entries measured' % (added, n))
    notes.append('gloss phrases: %d title-cased when partly capitalized (estimate >= %.2f), '
                 '%d when all lower case (>= %.2f)' % (n_mixed, MIXED_MIN, n_lower, LOWER_MIN))


def context_counts(d, pairs):
    """How WordNet's glosses write a common word beside a capitalized word:
    after one ("the Pacific Ocean", "the Korean War") and before one ("North
    America", "Lake Erie").  Returns two Counters of (capitalized, lower)
    pairs by folded word.  A capitalized neighbour counts only away from a
    start or a mark that asks for a capital, and only in title case (an
    acronym says nothing); the word itself counts only in title case or in
    lower case."""
    after = collections.defaultdict(lambda: [0, 0])
    after_adj = collections.defaultdict(lambda: [0, 0])
    before = collections.defaultdict(lambda: [0, 0])
    before_adj = collections.defaultdict(lambda: [0, 0])
    tok = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+|[^\w\s]")
    positional = set(';:.!?"(\'`')

    def title(w):
        return w[0].isupper() and (len(w) == 1 or w[1:] == w[1:].lower())

    for gloss in gloss_lines(d):
        toks = tok.findall(gloss)
        for i, w in enumerate(toks):
            if not w[0].isalpha() or len(w) < 2:
                continue
            if title(w):
                kind = 0
            elif w == w.lower():
                kind = 1
            else:
                continue
            prev = toks[i - 1] if i > 0 else ';'
            pprev = toks[i - 2] if i > 1 else ';'
            nxt = toks[i + 1] if i + 1 < len(toks) else ''
            fw = fold(w)
            if len(prev) > 1 and prev[0].isalpha() and title(prev) and pprev not in positional \
                    and "'" not in prev and (fold(prev), fw) not in pairs:
                (after_adj if adjective_shape(fold(prev)) else after)[fold(w)][kind] += 1
            if (kind == 1 or prev not in positional) and len(nxt) > 1 and \
                    nxt[0].isalpha() and title(nxt) and (fw, fold(nxt)) not in pairs:
                (before_adj if adjective_shape(fold(nxt)) else before)[fw][kind] += 1
    return after, after_adj, before, before_adj


# A demonym or language adjective by its ending (Korean, Chinese, English,
# Arabic, French, Iraqi): after one, a common word is usually a plain noun
# ("the French department", "the Moslem world"), after another name part
# of the name ("the Treasury Department").  lib/casing.c tests the same.
ADJ_ENDINGS = ('an', 'ese', 'ish', 'ic', 'ch', 'i', 'em')


def adjective_shape(w):
    return w.endswith(ADJ_ENDINGS)


# An automatic edit must be right nearly always: a word enters the context
# table where the glosses capitalize it at least this often (percent).
CONTEXT_MIN = 95


def context_words(after, after_adj, before, before_adj, lexwords):
    """Common words that the glosses capitalize beside a capitalized word at
    least CONTEXT_MIN times in 100 (share = capitalized / (uses + 1)), from at least
    8 uses: war, ocean, north, lake.  After a word of adjective shape
    (adjective_shape) it is measured apart, and so before one ("old
    French breed", "south European plant", but "North American").
    -> {word: (after %, after an adjective %, before %, before one %)}."""
    out = {}
    for w in set(after) | set(after_adj) | set(before) | set(before_adj):
        if w not in lexwords or len(w) < 2:
            continue
        shares = []
        for c in (after, after_adj, before, before_adj):
            up, lo = c.get(w, (0, 0))
            pct = int(100 * up / (up + lo + 1)) if up + lo >= 8 else 0
            shares.append(pct if pct >= CONTEXT_MIN else 0)
        if any(shares):
            out[w] = tuple(shares)
    return out


# A word that introduces a name the dictionaries do not know: "the genus
# prosopis", "the family hemerobiidae", "northern kazakh...".  Measured
# in both prose sources allowed, WordNet's glosses and GCIDE's entries:
# after a lower-case word w, a word that is no English word (lexwords) is
#   - in the glosses, capitalized in every one of at least INTRO_USES uses
#     (after "tropical" or "eastern" they write a few lower-case
#     zoological words: filefishes);
#   - in GCIDE, capitalized in at least INTRO_GCIDE_MIN of 100 from at
#     least INTRO_GCIDE_USES uses (its etymologies and native names are
#     lower-case Latin: "the name algorismus", "native name apara", so
#     "name" and "first" do not hold there);
# and w is no function word: a preposition ("at runtime", "between stdin
# and stdout") is followed by an article in a third to a half of its
# gloss uses, a name's introducer (genus, family, order) in under
# INTRO_ARTICLE of them.  Without GCIDE there are no introducers.
INTRO_USES = 40
INTRO_GCIDE_MIN = 85
INTRO_GCIDE_USES = 20
INTRO_ARTICLE = 0.05
INTRO_COMPOUND_USES = 10
INTRO_COMPOUND_GCIDE = 5
# A word ending that only names have: among the words of at least
# SUFFIX_LETTERS + 3 letters that are no English word and stand away from
# a sentence start, those ending so are capitalized at least SUFFIX_MIN
# times in 100, from at least SUFFIX_USES uses, in the glosses and in
# GCIDE alike; and English words ending so number under one in a hundred
# of the gloss uses (-aceae, -idae: plant and animal families).
SUFFIX_LETTERS = 4
SUFFIX_MIN = 99
SUFFIX_USES = 300
# An English word after an introducer is a name when the glosses write it
# so at least this often there (taxon_words).
TAXON_USES = 1
WORD_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+|[^\w\s]")
POSITIONAL = set(';:.!?"(\'`')


def after_counts(lines, lexwords):
    """Over lines of prose: ({lower-case word: [capitalized, lower-case]
    unknown words after it}, {ending: [capitalized, lower-case]}, uses,
    uses followed by an article) - see intro_counts."""
    after = collections.defaultdict(lambda: [0, 0])
    ending = collections.defaultdict(lambda: [0, 0])
    uses, articles = collections.Counter(), collections.Counter()
    for line in lines:
        toks = WORD_TOKEN.findall(line)
        for i, w in enumerate(toks):
            if not w[0].isalpha():
                continue
            prev = toks[i - 1] if i > 0 else ';'
            if w == w.lower():
                uses[w] += 1
                if i + 1 < len(toks) and toks[i + 1] in ('the', 'a', 'an'):
                    articles[w] += 1
            title = w[0].isupper() and w[1:] == w[1:].lower()
            if not title and w != w.lower():
                continue
            fw = fold(w)
            if fw in lexwords:
                continue
            if prev[0].isalpha() and prev == prev.lower():
                after[prev][0 if title else 1] += 1
            if prev not in POSITIONAL and len(fw) >= SUFFIX_LETTERS + 3:
                ending[fw[-SUFFIX_LETTERS:]][0 if title else 1] += 1
    return after, ending, uses, articles


def taxon_words(d, gcide, lexwords, intro, names=()):
    """English words that are also names after an introducer ("genus
    Lychnis", "genus Paronychia"): in lexwords, written title-cased right
    after a lower-case introducer of intro (intro_counts) at least
    TAXON_USES times in the glosses, and never in lower case after one
    there nor in GCIDE; not a name of the table (china, colorado: the
    gazetteer weighs those).  -> {word: gloss uses capitalized (at most
    255)}."""
    def count(lines):
        c = collections.defaultdict(lambda: [0, 0])
        for line in lines:
            toks = WORD_TOKEN.findall(line)
            for i in range(1, len(toks)):
                w, prev = toks[i], toks[i - 1]
                if prev not in intro or not w[0].isalpha():
                    continue
                title = w[0].isupper() and w[1:] == w[1:].lower()
                if not title and w != w.lower():
                    continue
                # The first word of a longer name ("United States",
                # "Sierra Nevada") is no name alone.
                nxt = toks[i + 1] if i + 1 < len(toks) else ''
                if title and nxt[:1].isupper():
                    continue
                fw = fold(w)
                if fw in lexwords and len(fw) >= 3 and fw not in names:
                    c[fw][0 if title else 1] += 1
        return c
    gl = count(gloss_lines(d))
    gc = count(gcide_lines(gcide)) if gcide else {}
    out = {}
    for w, (up, lo) in gl.items():
        if up >= TAXON_USES and lo == 0 and gc.get(w, (0, 0))[1] == 0:
            out[w] = min(up, 255)
    return out


# ---- US Census 1990 names (libtext-names-perl) ------------------------------
#
# Text/Names.pm keeps the Census Bureau's 1990 lists as three heredocs, one
# name a line: NAME, percent of the population, cumulative percent, rank.
CENSUS_LISTS = (('COMMON_MALE_FIRSTNAMES', 1), ('COMMON_FEMALE_FIRSTNAMES', 2),
                ('COMMON_SURNAMES', 4))
CENSUS_GIVEN_M, CENSUS_GIVEN_F, CENSUS_SURNAME = 1, 2, 4
CENSUS_WORD = 8         # its lower-case form is an English word (lexicon)
CENSUS_ROW = re.compile(r"([A-Z][A-Z'-]+)\s+(\d+\.\d+)\s+\d+\.\d+\s+(\d+)")


def census_names(path):
    """{folded name: [kind bits, given-name rank, surname rank]} from the
    Census lists (ranks 1 = most frequent; 0 = not in that list).  One line
    of the surname list holds two rows: every row of a heredoc is read."""
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            src = f.read()
    except OSError:
        notes.append('skipped census names: cannot read %s (install libtext-names-perl)' % path)
        return {}
    out = {}
    for var, bit in CENSUS_LISTS:
        m = re.search(r'\$' + var + r' = <<ENDNAMES;\n(.*?)\nENDNAMES', src, re.S)
        if not m:
            notes.append('census names: no %s list in %s' % (var, path))
            continue
        for name, _pct, rank in CENSUS_ROW.findall(m.group(1)):
            k = name.lower()
            r = out.setdefault(k, [0, 0, 0])
            r[0] |= bit
            slot = 2 if bit == CENSUS_SURNAME else 1
            if not r[slot] or int(rank) < r[slot]:
                r[slot] = int(rank)
    return out


def census_gloss_counts(d, keys):
    """{name: (lower-case, capitalized)} uses in WordNet's glosses (devset
    lines left out): every capitalized use away from a sentence start,
    beside another capital or not ("John Smith" counts)."""
    out = collections.defaultdict(lambda: [0, 0])
    tok = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|[^\w\s]")
    for gloss in gloss_lines(d):
        toks = tok.findall(gloss)
        for i, w in enumerate(toks):
            k = w.lower()
            if k not in keys:
                continue
            if w == k:
                out[k][0] += 1
            elif w[0].isupper() and w[1:] == k[1:]:
                prev = toks[i - 1] if i > 0 else ';'
                if prev not in POSITIONAL:
                    out[k][1] += 1
    return out


def census_table(t, path, wordnet, lexwords):
    """The dg_nt_census rows: {name: (kind bits, given rank, surname rank,
    percent of gloss uses in lower case or 255 when none)}; each name also
    enters the names table as a "census given name" / "census surname"
    where no stronger source has it."""
    names = census_names(path)
    if not names:
        return {}
    counts = census_gloss_counts(wordnet, set(names)) if wordnet else {}
    rows = {}
    for k, (kind, grank, srank) in names.items():
        if len(k) < 3 or not WORD_RE.match(k):
            continue
        if k in lexwords:
            kind |= CENSUS_WORD
        lo, up = counts.get(k, (0, 0))
        pct = 255 if lo + up == 0 else int(round(100.0 * lo / (lo + up)))
        rows[k] = (kind, grank, srank, pct, lo, up)
        what = 'given name' if kind & (CENSUS_GIVEN_M | CENSUS_GIVEN_F) else 'surname'
        t.add(k.capitalize(), 0, 'census', what)
    notes.append('census names: %d given names, %d surnames (%d of them English words)'
                 % (sum(1 for r in rows.values() if r[0] & 3),
                    sum(1 for r in rows.values() if r[0] & CENSUS_SURNAME),
                    sum(1 for r in rows.values() if r[0] & CENSUS_WORD)))
    return rows


def gcide_lines(path):
    import gzip
    try:
        with gzip.open(path, 'rt', encoding='utf-8', errors='replace') as f:
            for line in f:
                yield line
    except OSError:
        notes.append('skipped GCIDE: cannot read %s' % path)


def gcide_case_counts(gcide, keys):
    """{folded word: [capitalized, lower-case]} uses in GCIDE of the words
    keys, after a lower-case letter, comma or semicolon and a space (where
    a capital is no sentence start)."""
    out = collections.defaultdict(lambda: [0, 0])
    rx = re.compile(r"(?<=[a-z,;] )([^\W\d_]+)\b")
    for line in gcide_lines(gcide):
        for m in rx.finditer(line):
            w = m.group(1)
            k = w.lower()
            if k not in keys:
                continue
            if w == k:
                out[k][1] += 1
            elif w[0].isupper() and w[1:] == k[1:]:
                out[k][0] += 1
    return out


def mark_gcide_names(t, gcide):
    """GCIDE_NAME on the single-word names that are common words too and
    that GCIDE writes capitalized (see GCIDE_NAME)."""
    keys = {k for k, e in t.entries.items() if ' ' not in k and e['flags'] & AMBIGUOUS}
    n = 0
    for k, (up, lo) in gcide_case_counts(gcide, keys).items():
        if up >= GCIDE_NAME_USES and 100 * lo < GCIDE_NAME_LOWER * (up + lo):
            t.entries[k]['flags'] |= GCIDE_NAME
            n += 1
    notes.append('GCIDE capitalizes %d names that are common words too' % n)


def intro_counts(d, gcide, lexwords):
    """-> ({intro word: percent}, {suffix: percent}), see INTRO_USES and
    SUFFIX_MIN; the percent is the glosses' share."""
    after, ending, uses, articles = after_counts(gloss_lines(d), lexwords)
    if gcide:
        g_after, g_ending, _, _ = after_counts(gcide_lines(gcide), lexwords)
    else:
        notes.append('no GCIDE: no name introducers or endings')
        g_after, g_ending = {}, {}
    intro = {}
    for w, (up, lo) in after.items():
        gu, gl = g_after.get(w, (0, 0))
        if up >= INTRO_USES and lo == 0 and articles[w] < INTRO_ARTICLE * uses[w] and \
                w in lexwords and gu + gl >= INTRO_GCIDE_USES and \
                100 * gu >= INTRO_GCIDE_MIN * (gu + gl):
            intro[w] = int(100 * up / (up + lo + 1))
    # A compound of an introducer (suborder, subfamily, subclass): the same
    # tests with fewer uses, since such a word is rarer.
    for w, (up, lo) in after.items():
        gu, gl = g_after.get(w, (0, 0))
        if w not in intro and any(w.endswith(x) and len(w) >= len(x) + 3 for x in list(intro)) and \
                up >= INTRO_COMPOUND_USES and lo == 0 and \
                articles[w] < INTRO_ARTICLE * uses[w] and w in lexwords and \
                gu + gl >= INTRO_COMPOUND_GCIDE and 100 * gu >= INTRO_GCIDE_MIN * (gu + gl):
            intro[w] = int(100 * up / (up + lo + 1))
    suffix = {}
    for e, (up, lo) in ending.items():
        pct = int(100 * up / (up + lo + 1))
        gu, gl = g_ending.get(e, (0, 0))
        if up + lo >= SUFFIX_USES and pct >= SUFFIX_MIN and \
                gu + gl >= SUFFIX_USES and 100 * gu >= SUFFIX_MIN * (gu + gl) and \
                100 * sum(1 for w in lexwords if w.endswith(e)) <= up + lo:
            suffix[e] = pct
    return intro, suffix


# ---- classification --------------------------------------------------------

def classify(t, lexicon, scowl_lex, wn_lower, wn_upper, wn_hyphen=None):
    singles = {}
    for key, e in t.entries.items():
        if ' ' in key:
            continue
        lvl = scowl_lex.get(key)
        if key in lexicon or (lvl is not None and lvl <= LEXICON_LEVEL):
            e['flags'] |= AMBIGUOUS
            # A given name or place that is a common word (will, mark, rose)
            # is still usually capitalized in prose when WordNet's glosses
            # write it capitalized far more often.
            if wn_upper[key] >= 3 and wn_upper[key] >= 4 * wn_lower[key]:
                e['flags'] |= WORD_NAME
        if wn_lower[key] > 0:
            e['flags'] |= WN_LOWER
            if wn_hyphen and wn_hyphen[key] >= wn_lower[key]:
                e['flags'] |= WN_LOWER_HYPHEN
        u, lo = wn_upper[key], wn_lower[key]
        if u + lo > 0:
            share = int(100 * u / (u + lo + 1))
            e['flags'] |= SHARE_KNOWN | (share << 24)
            e['wn'] = (u, lo)
        if e['kinds'] <= {'scowl', 'hunspell'} and e['level'] is not None and e['level'] > 70:
            e['flags'] |= RARE
        singles[key] = e
    for key, e in t.entries.items():
        if ' ' not in key:
            continue
        u, lo = wn_upper[key], wn_lower[key]
        if lo > 0:
            e['flags'] |= WN_LOWER
        if u + lo > 0:
            e['flags'] |= SHARE_KNOWN | (int(100 * u / (u + lo + 1)) << 24)
            e['wn'] = (u, lo)
        proper = False
        for w in key.split(' '):
            s = singles.get(w)
            if s and not s['flags'] & AMBIGUOUS:
                proper = True
        if not proper:
            e['flags'] |= COMMON_WORDS


def designators(t, lexicon, scowl_lex):
    """Words that begin or end many multiword place names and are ordinary
    words in lower case: lake, mount, city, river, island.  Counted in the
    place sources themselves, not typed."""
    first, last = collections.Counter(), collections.Counter()
    for key, e in t.entries.items():
        if ' ' in key and e['flags'] & PLACE:
            words = key.split(' ')
            first[words[0]] += 1
            last[words[-1]] += 1
    out = {}
    for c, pos in ((first, 'first'), (last, 'last')):
        for w, n in c.items():
            if n >= 8 and (w in lexicon or w in scowl_lex) and len(w) > 2:
                out.setdefault(w, set()).add(pos)
    return out


# ---- output ----------------------------------------------------------------

def fnv1a(b):
    h = 0x811c9dc5
    for c in b:
        h ^= c
        h = (h * 0x01000193) & 0xffffffff
    return h


# The fields of a dg_nt_slots entry, low bits first; the same as
# DG_NT_SLOT_* in lib/names-table.h.
SLOT_TAG_BITS = 14
SLOT_LEN_SHIFT, SLOT_LEN_MAX = 14, (1 << 7) - 1
SLOT_ROW_SHIFT, SLOT_ROW_MAX = 21, (1 << 19) - 1
SLOT_OFF_SHIFT, SLOT_OFF_MAX = 40, (1 << 24) - 1
# The low bits of the hash that index dg_nt_bloom (DG_NT_BLOOM_MASK in
# lib/names-table.h).
BLOOM_MASK = (1 << 18) - 1


def c_string(b):
    out = []
    for c in b:
        if c in (0x22, 0x5c):
            out.append('\\' + chr(c))
        elif 0x20 <= c < 0x7f and c != 0x3f:     # '?' avoids trigraphs
            out.append(chr(c))
        else:
            out.append('\\%03o' % c)
    return ''.join(out)


def string_pool():
    """An empty pool of NUL-terminated strings and the function that adds a
    string once and gives its offset: the generated tables hold offsets in
    a pool, not pointers (a pointer in a shared library's data is a
    relocation the loader writes at every start)."""
    pool = bytearray()
    offsets = {}

    def intern(s):
        b = s.encode()
        if b not in offsets:
            offsets[b] = len(pool)
            pool.extend(b + b'\0')
        assert offsets[b] < 1 << 32, 'pool offset beyond uint32_t'
        return offsets[b]
    return pool, intern


def write_c(path, t, lexicon_words, desig, inputs, ctx, intro, suffix, lemmas=(), taxa=None,
            census=None):
    names = []
    prefixes = set()
    for key in sorted(t.entries):
        e = t.entries[key]
        names.append((key, e))
        parts = key.split(' ')
        for i in range(1, len(parts)):
            prefixes.add(' '.join(parts[:i]))
    for w, pos in desig.items():
        e = t.entries.get(w)
        if e is None:
            e = {'form': w.capitalize(), 'flags': AMBIGUOUS, 'source': 'designator',
                 'strength': 9, 'kinds': set(), 'level': None, 'nwords': 0}
            t.entries[w] = e
            names.append((w, e))
        e['flags'] |= DESIGNATOR
        e['desig'] = pos
    keyset = {k for k, _ in names}
    for p in sorted(prefixes - keyset):
        names.append((p, {'form': '', 'flags': PREFIX, 'source': '', 'nwords': 0}))
    for k, e in names:
        if k in prefixes:
            e['flags'] |= PREFIX
    pool, intern = string_pool()

    rows = []
    for k, e in names:
        form = e['form']
        nwords = e.get('nwords', len(form.split(' ')) if form else 0)
        if e.get('source') == 'designator':
            nwords = 0
        src = e['source']
        if 'wn_mixed' in e:
            src += '; WordNet glosses: %d title-cased, %d lower-case, %d mixed' % (
                e['wn'] + (e['wn_mixed'],))
            if 'wn_estimate' in e:
                src += '; "%s" after a capital %d:%d; estimate %.2f partly capitalized, ' \
                       '%.2f all lower' % (e['wn_estimate'][2:] + e['wn_estimate'][:2])
        elif 'wn' in e:
            src += '; WordNet glosses: %d capitalized, %d lower-case' % e['wn']
        if e['flags'] & DESIGNATOR:
            src = (src + '; ' if src != 'designator' else '') + 'designator (%s word of place names)' % '/'.join(sorted(e['desig']))
        prio = 2 if e.get('strength', 9) <= STRENGTH['gweather'] else 1
        rows.append((intern(k), len(k.encode()), intern(form), len(form.encode()),
                     nwords, e['flags'] | GENERATED, intern(src), prio))
    # Each slot carries all a probe needs (lib/names-table.h, DG_NT_SLOT_*):
    # the hash's top bits and the key length reject a mismatch without
    # reading the pool, the offset confirms a match with one memcmp.  A
    # field too narrow for the data stops the build rather than truncate.
    nslots = 1
    while nslots * 5 < len(rows) * 8:
        nslots *= 2
    slots = [0] * nslots
    bloom = [0] * ((BLOOM_MASK + 1) >> 6)
    for i, (koff, klen, *_rest) in enumerate(rows):
        if not 0 < klen <= SLOT_LEN_MAX:
            sys.exit('gen-names.py: key length %d does not fit a slot (1..%d)'
                     % (klen, SLOT_LEN_MAX))
        if i > SLOT_ROW_MAX or koff > SLOT_OFF_MAX:
            sys.exit('gen-names.py: row %d at pool offset %d does not fit a slot '
                     '(rows up to %d, offsets up to %d)'
                     % (i, koff, SLOT_ROW_MAX, SLOT_OFF_MAX))
        full = fnv1a(bytes(pool[koff:koff + klen]))
        h = full & (nslots - 1)
        while slots[h]:
            h = (h + 1) & (nslots - 1)
        slots[h] = (full >> (32 - SLOT_TAG_BITS) | klen << SLOT_LEN_SHIFT
                    | i << SLOT_ROW_SHIFT | koff << SLOT_OFF_SHIFT)
        bloom[(full & BLOOM_MASK) >> 6] |= 1 << (full & 63)
    lex = sorted(w.encode() for w in lexicon_words)
    lexpool = bytearray()
    lexoff = []
    for w in lex:
        lexoff.append(len(lexpool))
        lexpool.extend(w + b'\0')
    with open(path, 'w', encoding='ascii') as out:
        out.write('/* names-table.c - generated by tools/gen-names.py; do not edit.\n')
        out.write(' * Inputs:\n')
        for i in inputs:
            out.write(' *   %s\n' % i)
        out.write(' */\n#include "names-table.h"\n\n')
        out.write('const char dg_nt_pool[] =\n')
        for i in range(0, len(pool), 96):
            out.write('    "%s"\n' % c_string(pool[i:i + 96]))
        out.write('    "";\n\n')
        # One dg_name per key: the casing stage takes these rows as it takes
        # the gazetteer's own entries.  Ids are the row numbers.  Form and
        # source are offsets in dg_nt_pool, not pointers: a pointer in a
        # shared library's data is a relocation the loader writes at every
        # start (150,000 of them, 3 MB of pages made private and dirty).
        out.write('const dg_name dg_nt_names[%d] = {\n' % max(1, len(rows)))
        for i, (koff, klen, foff, flen, nw, fl, soff, prio) in enumerate(rows):
            # The fields of dg_name (lib/gazetteer.h) these must fit.
            assert foff < 1 << 32 and soff < 1 << 32, 'pool offset beyond uint32_t'
            assert flen < 1 << 16, 'form length beyond uint16_t'
            assert 0 <= nw < 1 << 8 and -(1 << 15) <= prio < 1 << 15 and 0 <= fl < 1 << 32
            out.write('    {%d, %d, 0x%x, %d, %d, %d, %d},\n'
                      % (foff, soff, fl, i, flen, prio, nw))
        out.write('};\n')
        out.write('const size_t dg_nt_count = %d;\n\n' % len(rows))
        out.write('const uint64_t dg_nt_slots[%d] = {\n' % nslots)
        for i in range(0, nslots, 6):
            out.write('    ' + ', '.join('0x%xu' % s for s in slots[i:i + 6]) + ',\n')
        out.write('};\nconst size_t dg_nt_nslots = %d;\n\n' % nslots)
        out.write('const uint64_t dg_nt_bloom[%d] = {\n' % len(bloom))
        for i in range(0, len(bloom), 6):
            out.write('    ' + ', '.join('0x%xu' % b for b in bloom[i:i + 6]) + ',\n')
        out.write('};\n\n')
        out.write('const char dg_nt_lexpool[] =\n')
        for i in range(0, len(lexpool), 96):
            out.write('    "%s"\n' % c_string(lexpool[i:i + 96]))
        out.write('    "";\n\n')
        out.write('const uint32_t dg_nt_lexicon[%d] = {\n' % max(1, len(lexoff)))
        for i in range(0, len(lexoff), 16):
            out.write('    ' + ', '.join(str(s) for s in lexoff[i:i + 16]) + ',\n')
        out.write('};\nconst size_t dg_nt_nlexicon = %d;\n' % len(lexoff))
        # Context words (context_words), sorted, with their two shares.
        cpool = bytearray()
        coff = []
        for w in sorted(ctx, key=lambda w: w.encode()):
            coff.append((len(cpool), ctx[w]))
            cpool.extend(w.encode() + b'\0')
        out.write('\nconst char dg_nt_ctxpool[] =\n')
        for i in range(0, len(cpool), 96):
            out.write('    "%s"\n' % c_string(cpool[i:i + 96]))
        out.write('    "";\n\n')
        out.write('const dg_nt_ctx_word dg_nt_ctx[%d] = {\n' % max(1, len(coff)))
        for off, (a, aa, b, ba) in coff:
            out.write('    {%d, %d, %d, %d, %d},\n' % (off, a, aa, b, ba))
        out.write('};\nconst size_t dg_nt_nctx = %d;\n' % len(coff))
        # The words of the small sorted tables below, in one pool: the rows
        # hold offsets in it, not pointers (no relocations, as dg_nt_names).
        wpool, word_at = string_pool()

        stat_tables = []
        # Name introducers and name endings (intro_counts), each sorted.
        for cname, table in (('intro', intro), ('suffix', suffix)):
            words = sorted(table, key=lambda w: w.encode())
            stat_tables.append((cname, [(word_at(w), table[w]) for w in words]))
        # Lower-case two-word lemmas of WordNet (lower_lemma_pairs), sorted.
        words = sorted(lemmas, key=lambda w: w.encode())
        stat_tables.append(('lemma', [(word_at(w), 0) for w in words]))
        # English words that are names after an introducer (taxon_words).
        words = sorted(taxa or {}, key=lambda w: w.encode())
        stat_tables.append(('taxon', [(word_at(w), taxa[w]) for w in words]))
        # US Census 1990 given names and surnames (census_table), sorted.
        words = sorted(census or {}, key=lambda w: w.encode())
        census_rows = [(word_at(w),) + census[w] for w in words]
        out.write('\nconst char dg_nt_wordpool[] =\n')
        for i in range(0, len(wpool), 96):
            out.write('    "%s"\n' % c_string(wpool[i:i + 96]))
        out.write('    "";\n')
        for cname, trows in stat_tables:
            out.write('\nconst dg_nt_stat dg_nt_%s[%d] = {\n' % (cname, max(1, len(trows))))
            for off, pct in trows:
                out.write('    {%d, %d},\n' % (off, pct))
            out.write('};\nconst size_t dg_nt_n%s = %d;\n' % (cname, len(trows)))
        out.write('\nconst dg_nt_census_name dg_nt_census[%d] = {\n' % max(1, len(census_rows)))
        for off, kind, grank, srank, pct, lo, up in census_rows:
            out.write('    {%d, %d, %d, %d, %d},\n' % (off, kind, pct,
                                                   min(grank, 65535), min(srank, 65535)))
        out.write('};\nconst size_t dg_nt_ncensus = %d;\n' % len(census_rows))
    return rows, nslots, len(pool), len(lexpool)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', required=True)
    ap.add_argument('--report')
    ap.add_argument('--iso')
    ap.add_argument('--scowl')
    ap.add_argument('--scowl-max-level', type=int, default=80)
    ap.add_argument('--hunspell')
    ap.add_argument('--gweather')
    ap.add_argument('--tzdata')
    ap.add_argument('--icu-dump')
    ap.add_argument('--wordnet')
    ap.add_argument('--gcide')
    ap.add_argument('--census', help="libtext-names-perl's Text/Names.pm")
    ap.add_argument('--exclude-devset', metavar='DIR',
                    help="the devset's directory: glosses containing its lines are not mined")
    ap.add_argument('--dump', help='also write every entry as KEY TAB FORM TAB FLAGS TAB SOURCE')
    a = ap.parse_args()

    if a.exclude_devset:
        load_held(a.exclude_devset)
    t = Table()
    lexicon = {}
    inputs = []
    # Strongest sources first does not matter (strength decides), but the
    # order is fixed so the output is reproducible.
    if a.icu_dump:
        inputs.append('CLDR via ICU (tools/icu-names)')
        icu_source(t, a.icu_dump)
    if a.iso:
        inputs.append('iso-codes %s' % a.iso)
        iso_sources(t, a.iso)
    if a.tzdata:
        inputs.append('tzdata %s/zone1970.tab' % a.tzdata)
        tzdata_source(t, a.tzdata)
    if a.gweather:
        inputs.append('libgweather %s' % a.gweather)
        gweather_source(t, a.gweather)
    scowl_lex = {}
    if a.scowl:
        inputs.append('SCOWL %s (names up to size %d)' % (a.scowl, a.scowl_max_level))
        scowl_names(t, a.scowl, a.scowl_max_level)
        scowl_lex = scowl_words(a.scowl)
    if a.hunspell:
        inputs.append('hunspell %s en_US, en_GB' % a.hunspell)
        hunspell_sources(t, a.hunspell, lexicon)
    wn_lower, wn_upper = collections.Counter(), collections.Counter()
    wn_hyphen = collections.Counter()
    if a.wordnet:
        inputs.append('WordNet glosses %s (lower-case rates)' % a.wordnet)
        wn_lower, wn_upper = wordnet_counts(a.wordnet)
        wn_hyphen = hyphen_lower_counts(a.wordnet)
    if a.wordnet:
        multi = [k for k in t.entries if ' ' in k]
        pl, pu = phrase_counts(a.wordnet, multi)
        wn_lower.update(pl)
        wn_upper.update(pu)
    lexwords = set(w for w in lexicon if w == w.lower() and len(w.encode()) <= MAX_KEY)
    lexwords |= {w for w, lvl in scowl_lex.items() if lvl <= LEXICON_LEVEL}
    census = {}
    if a.census:
        census = census_table(t, a.census, a.wordnet, lexwords)
        if census:
            inputs.append('US Census 1990 names %s (libtext-names-perl)' % a.census)
    classify(t, lexicon, scowl_lex, wn_lower, wn_upper, wn_hyphen)
    desig = designators(t, lexicon, scowl_lex)
    ctx = {}
    if a.wordnet:
        # Two-word names of the table: the matcher finds those.
        pairs = set()
        for k in t.entries:
            ws = k.split(' ')
            if len(ws) == 2:
                pairs.add((ws[0], ws[1]))
        counts = context_counts(a.wordnet, pairs)
        ctx = context_words(*counts, lexwords)
        add_gloss_phrases(t, a.wordnet, counts[0], counts[1])
    intro, suffix = intro_counts(a.wordnet, a.gcide, lexwords) if a.wordnet else ({}, {})
    if a.gcide:
        mark_gcide_names(t, a.gcide)
    if a.gcide:
        inputs.append('GCIDE %s (name introducers and endings)' % a.gcide)
    lemmas = lower_lemma_pairs(a.wordnet, t) if a.wordnet else set()
    taxa = taxon_words(a.wordnet, a.gcide, lexwords, intro,
                       {k for k in t.entries if ' ' not in k}) if intro else {}
    rows, nslots, poolsize, lexsize = write_c(a.out, t, lexwords, desig, inputs, ctx,
                                              intro, suffix, lemmas, taxa, census)
    if a.dump:
        with open(a.dump, 'w', encoding='utf-8') as d:
            for key in sorted(t.entries):
                e = t.entries[key]
                d.write('%s\t%s\t0x%x\t%s\n' % (key, e['form'], e['flags'], e['source']))
    if a.report:
        by_kind = collections.Counter()
        flags = collections.Counter()
        for e in t.entries.values():
            if e.get('kinds'):
                by_kind[min(e['kinds'], key=lambda k: STRENGTH[k])] += 1
            for bit, name in ((AMBIGUOUS, 'ambiguous'), (WN_LOWER, 'wordnet-lower'),
                              (WN_LOWER_HYPHEN, 'wordnet-lower-hyphen-only'),
                              (WORD_NAME, 'word-name'), (PLACE, 'place'),
                              (RARE, 'rare'), (COMMON_WORDS, 'common-words')):
                if e['flags'] & bit and not (bit == WN_LOWER_HYPHEN and ' ' in e.get('form', '')):
                    flags[name] += 1
        with open(a.report, 'w', encoding='utf-8') as r:
            r.write('names table: %d keys (%d slots), pool %d bytes, lexicon %d words (%d bytes)\n'
                    % (len(rows), nslots, poolsize, len(lexwords), lexsize))
            r.write('entries by strongest source:\n')
            for k, n in sorted(by_kind.items(), key=lambda kv: STRENGTH[kv[0]]):
                r.write('  %-10s %6d  (names given by it: %d)\n' % (k, n, t.counts[k]))
            r.write('flags: %s\n' % ', '.join('%s %d' % kv for kv in sorted(flags.items())))
            r.write('designators: %s\n' % ' '.join(sorted(desig)))
            r.write('context words (%d; %% capitalized after a capitalized word / after an adjective / before one / before an adjective, in WordNet glosses): %s\n'
                    % (len(ctx), ' '.join('%s:%d/%d/%d/%d' % ((w,) + ctx[w]) for w in sorted(ctx))))
            r.write('name introducers (%% of unknown words after them capitalized): %s\n'
                    % ' '.join('%s:%d' % kv for kv in sorted(intro.items())))
            r.write('name endings (%% capitalized): %s\n'
                    % ' '.join('%s:%d' % kv for kv in sorted(suffix.items())))
            r.write('English words that are names after an introducer (%d): %s\n'
                    % (len(taxa), ' '.join('%s:%d' % kv for kv in sorted(taxa.items()))))
            r.write('lower-case two-word lemmas after a name word (%d): %s\n'
                    % (len(lemmas), ' '.join(sorted(w.replace(' ', '_') for w in lemmas))))
            common = sorted(w for w, r in census.items() if r[0] & 3 and r[0] & CENSUS_WORD)
            r.write('census given names that are English words (%d; %% of gloss uses in lower '
                    'case, lower:capitalized): %s\n'
                    % (len(common), ' '.join('%s:%s(%d:%d)' % (w, census[w][3] if census[w][3] != 255
                                                               else '-', census[w][4], census[w][5])
                                            for w in common)))
            for n in notes:
                r.write('note: %s\n' % n)
    for n in notes:
        print('gen-names: ' + n, file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
