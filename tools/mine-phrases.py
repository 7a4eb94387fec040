#!/usr/bin/env python3
"""mine-phrases.py - find phrase repairs in real machine-translation damage.

Round-trips clean English (WordNet glosses, the only prose the project may
learn from) through apertium (eng->XX->eng for every pair that is
installed), aligns each round trip with its source token by token, and
lists the repairs that would bring the round trip back, with how often
each was seen and its precision measured on held-apart lines.  It also
scores the phrase rules a fixer already has on those held-apart lines.

Not run by the build or the tests; apertium is needed only here:

    apt-get install apertium-eng-spa apertium-eng-cat apertium-en-gl

usage:
  mine-phrases.py corpus  [--lines N] [--out DIR]    glosses -> DIR/source.txt
  mine-phrases.py trip    [--out DIR] [--pair spa,cat,gl]
                                                     DIR/rt-PAIR.txt
  mine-phrases.py mine    [--out DIR] [--min-count K] [--top N]
                                                     candidate repairs
  mine-phrases.py score   [--out DIR] --fixer CMD    per-rule precision of a
                 [--rules FILE] [--check]            fixer's phrase edits, with
                                                     the confidence each rule
                                                     claims (OVER: claims more
                                                     than it measures)
  mine-phrases.py bare-names --names TSV > dicts/names-bare.txt
                                                     place names written
                                                     without "the"

Lines whose words appear in any file of ../shared/devset/ are left out of
the corpus: those are the lines the project is measured on.  Even lines go
to mining, odd lines are held apart for measuring (--split).

README.md ("Mining phrase rules") says how a candidate becomes a rule.
"""
import argparse, collections, difflib, glob, json, os, random, re, subprocess, sys

from tokdist import lev

HERE = os.path.dirname(os.path.abspath(__file__))
WORDNET = '/usr/share/wordnet'
DEVSET = os.path.join(HERE, '..', '..', 'shared', 'devset')
PAIRS = {'spa': ('eng-spa', 'spa-eng'), 'cat': ('eng-cat', 'cat-eng'),
         'gl': ('en-gl', 'gl-en')}
TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def norm(line):
    return ' '.join(re.findall(r'\w+', line.lower()))


def tokens(line):
    return TOKEN.findall(line)


# ---- corpus ---------------------------------------------------------------

def wordnet_sentences():
    """Definitions and examples of every synset, as sentences."""
    for f in sorted(glob.glob(os.path.join(WORDNET, 'data.*'))):
        with open(f, encoding='latin-1') as fh:
            for line in fh:
                if line.startswith('  ') or '|' not in line:
                    continue
                gloss = line.split('|', 1)[1].strip()
                for part in re.split(r';\s*', gloss):
                    part = part.strip().strip('"').strip()
                    if len(part.split()) < 6:
                        continue
                    s = part[0].upper() + part[1:]
                    if not re.search(r'[.!?]$', s):
                        s += '.'
                    yield s


def cmd_corpus(a):
    held = set()
    for f in glob.glob(os.path.join(DEVSET, '*.txt')):
        with open(f, encoding='utf-8', errors='replace') as fh:
            for line in fh:
                held.add(norm(line))
    seen, proper, common = set(), [], []
    for s in wordnet_sentences():
        n = norm(s)
        if n in held or n in seen or len(s.split()) > 40:
            continue
        seen.add(n)
        (proper if re.search(r'\s[A-Z]', s) else common).append(s)
    rnd = random.Random(17)
    rnd.shuffle(proper)
    rnd.shuffle(common)
    k = a.lines * 3 // 4
    lines = proper[:k] + common[:a.lines - k]
    rnd.shuffle(lines)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, 'source.txt'), 'w', encoding='utf-8') as fh:
        fh.write('\n'.join(lines) + '\n')
    print(f'{len(lines)} lines ({k} with a proper noun) -> {a.out}/source.txt; '
          f'{len(held)} devset lines excluded')


# ---- round trips ----------------------------------------------------------

def apertium(mode, lines):
    """One apertium call for all lines; blank lines keep them apart."""
    text = '\n\n'.join(lines) + '\n'
    p = subprocess.run(['apertium', '-u', mode], input=text, capture_output=True,
                       text=True, check=True)
    out = p.stdout.rstrip('\n').split('\n\n')
    if len(out) != len(lines):
        raise SystemExit(f'apertium {mode}: {len(out)} lines back for {len(lines)}')
    return [o.replace('\n', ' ').strip() for o in out]


def cmd_trip(a):
    src = read(a.out, 'source.txt')
    for pair in a.pair.split(','):
        there, back = PAIRS[pair]
        out = []
        for i in range(0, len(src), 2000):
            out += apertium(back, apertium(there, src[i:i + 2000]))
        with open(os.path.join(a.out, f'rt-{pair}.txt'), 'w', encoding='utf-8') as fh:
            fh.write('\n'.join(out) + '\n')
        print(f'rt-{pair}.txt: {len(out)} lines')


def read(d, name):
    with open(os.path.join(d, name), encoding='utf-8') as fh:
        return fh.read().rstrip('\n').split('\n')


def trips(d):
    src = read(d, 'source.txt')
    for f in sorted(glob.glob(os.path.join(d, 'rt-*.txt'))):
        out = read(d, os.path.basename(f))
        for i, (s, o) in enumerate(zip(src, out)):
            yield i, s, o


# ---- candidates -----------------------------------------------------------
# A candidate is a pattern (tuple of elements) and a replacement.  Elements
# are literal tokens or classes; a class stands for a word that the repair
# moves or keeps, so the candidate generalizes beyond the one word seen.

def wclass(t):
    if re.fullmatch(r'\d[\d,.]*', t):
        return '<NUM>'
    if t[:1].isupper():
        return '<CAP>'
    if t[:1].isalpha():
        return '<LOWER>'
    return None


FUNCTION = set('''a an the of in on at to for from by with and or as is was are were
be been that which who this these those its it his her their our your not no than
into onto over under about after before between during out up down off than'''.split())


def candidates_of(o, s):
    """(pattern, replacement) candidates from one aligned pair of token lists."""
    sm = difflib.SequenceMatcher(a=o, b=s, autojunk=False)
    ops = sm.get_opcodes()
    res = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == 'equal' or i2 - i1 > 5 or j2 - j1 > 5:
            continue
        # Context: one token each side, so deletions and insertions anchor.
        for lc in (0, 1):
            for rc in (0, 1):
                if (i1 - lc < 0) or (i2 + rc > len(o)):
                    continue
                if i2 == i1 and lc + rc == 0:
                    continue
                if j1 - lc < 0 or j2 + rc > len(s):
                    continue
                pat = tuple(o[i1 - lc:i2 + rc])
                rep = tuple(s[j1 - lc:j2 + rc])
                if pat == rep or not pat:
                    continue
                res.append(('lit', pat, rep))
    # Reorderings: a window of the round trip whose words are the source's
    # words in another order, with at most two function words dropped or
    # added: "architecture of Renaissance" <- "Renaissance architecture".
    for w in range(3, 7):
        for i in range(0, len(o) - w + 1):
            pat = o[i:i + w]
            if not any(t[:1].isupper() for t in pat[1:]):
                continue
            low = [t.lower() for t in pat]
            content = [t for t in low if t not in FUNCTION]
            if len(content) < 2:
                continue
            sl = [t.lower() for t in s]
            for j in range(0, len(s) - len(content) + 1):
                seg = sl[j:j + len(content)]
                if sorted(seg) == sorted(content) and seg != content:
                    elems, rep = [], []
                    for t, u in zip(pat, low):
                        elems.append(wclass(t) if u in content else u)
                    used = set()
                    for t in seg:
                        for q, u in enumerate(low):
                            if u == t and q not in used:
                                used.add(q)
                                rep.append('$%d' % (q + 1))
                                break
                    if None not in elems:
                        if i == 0:
                            elems[0] = '^' + elems[0]
                        res.append(('pat', tuple(elems), tuple(rep)))
                        # The same with the capitalized words as written:
                        # "<CAP> of United States".
                        lit = [u if (q > 0 and pat[q][:1].isupper()) else e
                               for q, (e, u) in enumerate(zip(elems, low))]
                        if lit != elems:
                            res.append(('pat', tuple(lit), tuple(rep)))
                    break
    return res


def el_match(el, t):
    el = el.lstrip('^')
    if el == '<CAP>':
        return t[:1].isupper()
    if el == '<LOWER>':
        return t[:1].islower()
    if el == '<NUM>':
        return bool(re.fullmatch(r'\d[\d,.]*', t))
    return t.lower() == el.lower()


def apply_at(kind, pat, rep, toks, i):
    n = len(pat)
    seg = toks[i:i + n]
    if kind == 'lit':
        return toks[:i] + list(rep) + toks[i + n:]
    out = []
    for r in rep:
        out.append(seg[int(r[1:]) - 1] if r.startswith('$') else r)
    if i == 0 and out and seg:
        # At the line start the first word's capital stays first.
        if seg[0][:1].isupper() and out[0] != seg[0]:
            out = [out[0][:1].upper() + out[0][1:]] + out[1:]
            for q in range(1, len(out)):
                if out[q] is seg[0] or out[q] == seg[0]:
                    out[q] = out[q][:1].lower() + out[q][1:]
    return toks[:i] + out + toks[i + n:]


def matches(kind, pat, toks):
    n = len(pat)
    for i in range(0, len(toks) - n + 1):
        if pat[0].startswith('^') and i > 0:
            break
        if kind == 'lit':
            if tuple(toks[i:i + n]) == pat:
                yield i
        elif all(el_match(e, t) for e, t in zip(pat, toks[i:i + n])):
            yield i




class Index:
    """Held-apart lines by lower-cased token, so that a candidate is tried
    only on lines holding its rarest literal token."""

    def __init__(self, lines):
        self.lines = lines
        self.by_tok = collections.defaultdict(set)
        for n, (s, o) in enumerate(lines):
            for t in set(s) | set(o):
                self.by_tok[t.lower()].add(n)

    def lines_for(self, kind, pat):
        lits = [e.lower() for e in pat if not e.lstrip('^').startswith('<')]
        if not lits:
            return self.lines
        best = min((self.by_tok.get(t, set()) for t in lits), key=len)
        return [self.lines[n] for n in sorted(best)]


def measure(cand, index):
    """On held-apart (src, rt) pairs: applications to round trips that bring
    them closer to the source (good), that do not (bad), and applications
    to the clean source itself (harm: clean English the rule would change)."""
    kind, pat, rep = cand
    good = bad = harm = 0
    for s, o in index.lines_for(kind, pat):
        for i in matches(kind, pat, o):
            d0 = lev(o, s)
            d1 = lev(apply_at(kind, pat, rep, o, i), s)
            if d1 < d0:
                good += 1
            else:
                bad += 1
        for _ in matches(kind, pat, s):
            harm += 1
    return good, bad, harm


def show(cand):
    kind, pat, rep = cand
    return ' '.join(pat), ' '.join(rep)


def cmd_mine(a):
    data = [(i, tokens(s), tokens(o)) for i, s, o in trips(a.out)]
    train = [(s, o) for i, s, o in data if i % 2 == 0]
    test = [(s, o) for i, s, o in data if i % 2 == 1]
    # Clean lines that are never damaged still count for harm.
    cnt = collections.Counter()
    for s, o in train:
        for c in set(candidates_of(o, s)):
            cnt[c] += 1
    top = [c for c, n in cnt.most_common() if n >= a.min_count][:a.top * 4]
    rows = []
    index = Index(test)
    for c in top:
        g, b, h = measure(c, index)
        fires = g + b + h
        prec = g / fires if fires else 0.0
        rows.append((prec, cnt[c], g, b, h, c))
    rows.sort(key=lambda r: (-r[0], -r[1]))
    shown = 0
    print('# precision  train-count  held-apart good/bad/clean-hits  pattern -> replacement')
    for prec, n, g, b, h, c in rows:
        if prec < a.min_precision or g < 2:
            continue
        p, r = show(c)
        print(f'{prec:.3f}\t{n}\t{g}/{b}/{h}\t{c[0]}\t{p}\t->\t{r}')
        shown += 1
        if shown >= a.top:
            break


# ---- scoring a fixer's rules ----------------------------------------------

def cmd_score(a):
    """Runs the fixer with --json on the held-apart round trips and on their
    sources, and gives per phrase rule: edits on round trips that bring the
    line closer to its source, edits that do not, and edits on clean lines."""
    src = read(a.out, 'source.txt')
    stats = collections.defaultdict(lambda: [0, 0, 0, 0])
    words = 0
    sets = [('clean', src)] + [(os.path.basename(f), read(a.out, os.path.basename(f)))
                               for f in sorted(glob.glob(os.path.join(a.out, 'rt-*.txt')))]
    for name, lines in sets:
        idx = [i for i in range(len(lines)) if i % 2 == 1]
        text = '\n'.join(lines[i] for i in idx) + '\n'
        words += len(text.split()) if name == 'clean' else 0
        p = subprocess.run(a.fixer + ' --json', shell=True, input=text, capture_output=True,
                           text=True)
        fixed = subprocess.run(a.fixer, shell=True, input=text, capture_output=True,
                               text=True).stdout.rstrip('\n').split('\n')
        per_line = collections.defaultdict(list)
        for j in p.stdout.splitlines():
            e = json.loads(j)
            if e.get('applied') and e['rule'].startswith(a.prefix):
                per_line[e['line'] - 1].append(e)
        for ln, edits in per_line.items():
            i = idx[ln]
            o = lines[i]
            for e in edits:
                st = stats[e['rule']]
                if name == 'clean':
                    st[2] += 1
                    continue
                b = o.encode()
                st0 = e['column'] - 1
                st1 = st0 + e['end'] - e['start']
                one = (b[:st0] + e['after'].encode() + b[st1:]).decode(errors='replace')
                d0, d1 = lev(tokens(o), tokens(src[i])), lev(tokens(one), tokens(src[i]))
                st[0 if d1 < d0 else 3 if d1 == d0 else 1] += 1
                if a.verbose and d1 >= d0 and (not a.rule or a.rule in e['rule']):
                    print(f'  bad {e["rule"]}: {o}\n      -> {one}\n    src {src[i]}')
    claimed = claimed_confidences(a.rules)
    print(f'# held-apart lines; clean: {words} words of source text')
    print(f'# rule  good  neutral  worse  clean-hits  precision (good / all)  claimed  '
          f'verdict (OVER: claimed above precision with at least {a.min_apps} applications)')
    over = 0
    for r, (g, b, h, z) in sorted(stats.items()):
        n = g + b + h + z
        prec = g / n if n else 0
        c = claimed.get(r)
        verdict = ('few' if n < a.min_apps else 'OVER' if c is not None and c > prec + 1e-9
                   else 'ok')
        over += verdict == 'OVER'
        print(f'{r}\t{g}\t{z}\t{b}\t{h}\t{prec:.3f}\t'
              f'{"?" if c is None else f"{c:.3f}"}\t{verdict}')
    unused = sorted(set(claimed) - set(stats))
    print(f'# {len(claimed)} rules in {a.rules}; {len(unused)} made no edit here: '
          + ' '.join(r[len('phrases.'):] for r in unused))
    print(f'# OVER: {over}')
    if a.check and over:
        sys.exit(1)


def claimed_confidences(path):
    """phrases.<id> -> the confidence a rules file gives it (0.95 when it
    gives none, as the engine reads it)."""
    out, rule = {}, None
    with open(path, encoding='utf-8') as f:
        for line in f:
            key, _, val = line.rstrip('\n').partition('\t')
            val = re.sub(r'\s+#.*', '', val).strip()
            if key == 'rule':
                rule = 'phrases.' + val
                out[rule] = 0.95
            elif key in ('define', 'ticker', 'org'):
                rule = None
            elif key == 'confidence' and rule:
                out[rule] = float(val)
    return out


# ---- place names written without an article -------------------------------

def cmd_bare_names(a):
    """dicts/names-bare.txt: place names of the generated table (--names: the
    TSV of gen-names.py --dump) that English writes without "the": WordNet's
    glosses use them at least twice, at most one use in 20 after "the", and
    iso-codes never writes "the" before them ("Kingdom of the Netherlands",
    "Republic of the Gambia").  The phrase rule "the X's" -> "X's" (X a name
    of this list) reads it."""
    names = {}
    with open(a.names, encoding='utf-8') as f:
        for line in f:
            k, form, flags, _src = line.rstrip('\n').split('\t')
            if int(flags, 16) & 0x400 and form[:1].isupper():
                names[form] = True
    with_the = set()
    for js in glob.glob('/usr/share/iso-codes/json/iso_3166-*.json'):
        for top in json.load(open(js, encoding='utf-8')).values():
            for e in top:
                for fld in ('name', 'official_name', 'common_name'):
                    v = e.get(fld, '')
                    for m in re.finditer(r'\b[Tt]he ((?:[A-Z][\w-]*)(?: [A-Z][\w-]*)*)', v):
                        with_the.add(m.group(1))
                    if v.endswith(', The') or ', The ' in v:
                        with_the.add(v.split(',')[0])
    by_first = collections.defaultdict(list)
    for n in names:
        by_first[n.split(' ')[0]].append(n.split(' '))
    tok = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|'s|[^\w\s]")
    the, bare = collections.Counter(), collections.Counter()
    for g in wordnet_sentences():
        ws = tok.findall(g.replace('\u2019', "'"))
        for i, w in enumerate(ws):
            for c in by_first.get(w, ()):
                e = i + len(c)
                if ws[i:e] != c or (e < len(ws) and ws[e][:1].isupper()):
                    continue
                if i > 0 and ws[i - 1][:1].isupper() and ws[i - 1] != 'The':
                    continue
                n = ' '.join(c)
                if i > 0 and ws[i - 1] in ('the', 'The'):
                    the[n] += 1
                else:
                    bare[n] += 1
    print('# names-bare.txt - generated by tools/mine-phrases.py bare-names; do not edit.')
    print('# Place names (generated name table) that English writes without "the":')
    print('# in WordNet glosses at least 2 uses, at most 1 in 20 after "the"; never')
    print('# after "the" in iso-codes (iso_3166) names.  Comment: the / bare uses.')
    for n in sorted(bare):
        if bare[n] >= 2 and the[n] * 20 <= bare[n] and n not in with_the:
            print(f'{n}\t# {the[n]} {bare[n]}')


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('cmd', choices=['corpus', 'trip', 'mine', 'score', 'bare-names'])
    ap.add_argument('--out', default='mine')
    ap.add_argument('--lines', type=int, default=12000)
    ap.add_argument('--pair', default='spa,cat,gl')
    ap.add_argument('--min-count', type=int, default=3)
    ap.add_argument('--min-precision', type=float, default=0.5)
    ap.add_argument('--top', type=int, default=200)
    ap.add_argument('--fixer', default='build/tools/fix-text --no-casing --no-dictionary --no-punct')
    ap.add_argument('--prefix', default='phrases.')
    ap.add_argument('--rules', default=os.path.join(HERE, '..', 'dicts', 'phrases.txt'),
                    help='score: the rules file whose claimed confidences are compared')
    ap.add_argument('--min-apps', type=int, default=20,
                    help='score: applications needed for a verdict')
    ap.add_argument('--check', action='store_true',
                    help='score: exit 1 when a rule claims more than it measures')
    ap.add_argument('-v', '--verbose', action='store_true')
    ap.add_argument('--rule', default='', help='with -v: only this rule')
    ap.add_argument('--names', help='bare-names: the TSV of tools/gen-names.py --dump')
    a = ap.parse_args()
    {'corpus': cmd_corpus, 'trip': cmd_trip, 'mine': cmd_mine, 'score': cmd_score,
     'bare-names': cmd_bare_names}[a.cmd](a)


if __name__ == '__main__':
    main()
