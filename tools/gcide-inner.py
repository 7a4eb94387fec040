#!/usr/bin/env python3
"""gcide-inner.py - precision of the inner-capital rules on held-apart prose.

usage: gcide-inner.py [--gloss] [--chunk N] FIXER [CLEAN-FILE...]

GCIDE (Debian dict-gcide) writes its own inner-capital names: MacArthur,
DeKalb, McDonald, LaGrange, PostScript.  Every ASCII line of six words or
more is kept; with --gloss WordNet's glosses are added (the devset lines,
which are glosses, left out as tools/gen-names.py --exclude-devset does).
The text is cut into chunks of N lines (default 400: an article's worth,
since same-text evidence reads the whole input) and each word of ASCII
letters with a capital after a lower-case letter is damaged, the same
bytes kept so offsets hold, in three ways:

  lower-first   its first letter in lower case ("macArthur");
  title         title case ("Macarthur");
  alternate     every other use of each such word in its chunk in title
                case or with its first letter in lower case, the others
                as written (the same text writes the form).

FIXER --json runs on each damaged text and on the text as it is (clean:
every proposal of the rules there is wrong), and on each CLEAN-FILE
(the technical no-harm corpus, say: every proposal wrong).  A proposal
(applied or a finding) of casing.inner-name / casing.inner-form is right
when the original has exactly its new letters there.  Prints, per mode,
rule and evidence class (confidence, reason with quoted text and numbers
blanked), right of made, how many distinct names or forms, and up to 6
wrong ones (before -> after | context).  Measuring only: nothing here is
built or tested.
"""
import collections
import glob
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

RULES = ('casing.inner-name', 'casing.inner-form')
WORD = re.compile(r"(?<![A-Za-z0-9'\-])[A-Za-z]*[a-z][A-Z][A-Za-z]*(?![A-Za-z0-9\-])")


def gcide_lines():
    out = []
    with gzip.open('/usr/share/dictd/gcide.dict.dz', 'rt', encoding='utf-8',
                   errors='replace') as f:
        for raw in f:
            line = raw.strip()
            if len(line.split()) >= 6 and line.isascii():
                out.append(line)
    return out


def gloss_lines():
    here = os.path.dirname(os.path.abspath(__file__))
    dev = set()
    for p in glob.glob(os.path.join(here, '..', '..', 'shared', 'devset', '*', '*')):
        try:
            with open(p, encoding='utf-8', errors='replace') as f:
                for line in f:
                    dev.add(line.strip())
        except (IsADirectoryError, OSError):
            pass
    out = []
    for p in glob.glob('/usr/share/wordnet/data.*'):
        with open(p, encoding='utf-8', errors='replace') as f:
            for line in f:
                if line.startswith(' ') or '|' not in line:
                    continue
                g = line.split('|', 1)[1].strip()
                for part in g.split(';'):
                    part = part.strip().strip('"').strip()
                    if len(part.split()) >= 6 and part.isascii() and part not in dev:
                        out.append(part)
    return out


def damage(text, mode):
    seen = collections.Counter()

    def one(m):
        w = m.group(0)
        seen[w] += 1
        if mode == 'alternate':
            if seen[w] % 2:
                return w
            kind = 'title' if w[0].isupper() and len(w) % 2 else 'lower-first'
        else:
            kind = mode
        if kind == 'lower-first':
            return w[0].lower() + w[1:]
        return w[0].upper() + w[1:].lower()
    return WORD.sub(one, text)


def run(fixer, texts):
    """FIXER on each text as its own file (one call); the records by text."""
    with tempfile.TemporaryDirectory() as d:
        names = []
        for k, t in enumerate(texts):
            names.append(os.path.join(d, '%05d' % k))
            with open(names[-1], 'w', encoding='utf-8') as f:
                f.write(t)
        out = subprocess.run([fixer, '--json'] + names, capture_output=True,
                             check=False).stdout.decode()
    by = [[] for _ in texts]
    index = {n: k for k, n in enumerate(names)}
    for rec in out.splitlines():
        r = json.loads(rec)
        if r.get('rule') in RULES and 'after' in r:
            by[index[r['file']]].append(r)
    return by


def judge(res, wrong, words, mode, orig, recs, clean):
    ob = orig.encode()
    for r in recs:
        s, e = r['start'], r['end']
        ok = not clean and ob[s:e].decode(errors='replace') == r['after']
        cls = re.sub(r'"[^"]*"|\d+|\([^;)]*;', '#', r.get('reason', ''))
        cls = re.sub(r'; same text writes the name so', ' +seen', cls)
        key = (mode, r['rule'], '%.2f%s %s' % (r.get('confidence', 0),
                                              '' if r.get('applied') else 'f', cls[:90]))
        res[key + (ok,)] += 1
        q = re.search(r'"([^"]*)"', r.get('reason', ''))
        words[key].add(q.group(1) if q else '')
        if not ok and len(wrong[key]) < 6:
            wrong[key].append('%s -> %s | %s' % (
                r.get('before'), r['after'],
                ob[max(0, s - 40):e + 25].decode(errors='replace').replace('\n', ' ')))


def main():
    args = sys.argv[1:]
    gloss, chunk = False, 400
    while args and args[0].startswith('--'):
        if args[0] == '--gloss':
            gloss = True
            args = args[1:]
        elif args[0] == '--chunk':
            chunk = int(args[1])
            args = args[2:]
        else:
            sys.exit(__doc__)
    fixer, cleans = args[0], args[1:]
    lines = gcide_lines() + (gloss_lines() if gloss else [])
    chunks = ['\n'.join(lines[k:k + chunk]) + '\n' for k in range(0, len(lines), chunk)]
    res = collections.Counter()
    wrong = collections.defaultdict(list)
    words = collections.defaultdict(set)
    for mode in ('clean', 'lower-first', 'title', 'alternate'):
        # The damaged modes change only chunks holding such a word.
        use = chunks if mode == 'clean' else [t for t in chunks if WORD.search(t)]
        done = use if mode == 'clean' else [damage(t, mode) for t in use]
        for t, recs in zip(use, run(fixer, done)):
            judge(res, wrong, words, mode, t, recs, mode == 'clean')
    for path in cleans:
        with open(path, encoding='utf-8', errors='replace') as f:
            t = f.read()
        judge(res, wrong, words, 'clean:' + os.path.basename(path), t, run(fixer, [t])[0], True)
    keys = sorted(set(k[:3] for k in res))
    for k in keys:
        right, made = res[k + (True,)], res[k + (True,)] + res[k + (False,)]
        print('%-12s %-18s %4d right of %4d  %.3f  %3d words  %s' % (
            k[0], k[1], right, made, right / made, len(words[k]), k[2]))
    for k, v in sorted(wrong.items()):
        for x in v:
            print('wrong %s %s %s: %s' % (k[0], k[1], k[2][-40:], x))
    return 0


if __name__ == '__main__':
    sys.exit(main())
