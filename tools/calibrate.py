#!/usr/bin/env python3
"""Measure each rule's precision, per evidence class, against its claimed confidence.

usage: calibrate.py [--build DIR] [--devset DIR] [--clean FILE]... [--no-default-clean]
                    [--min-count N] [--by-set] [--all-classes] [--json FILE] [--check]
       ninja -C build calibrate

An edit's confidence is a promise: "edits of this rule with this evidence are
right this often".  This tool checks the promise.  It runs fix-text --json
over every corpus and judges each proposal (applied edits and findings) on
its own:

  synthetic and round-trip sets (../shared/devset: input -> reference)
      the proposal is applied alone to its line; it is right when that
      brings the line closer to the reference (token Levenshtein distance
      with the glue of score.py), wrong when it moves the line away, and
      neutral when the distance does not change (counted as not right);
  clean corpora (the devset's clean-* sets, the project's no-harm corpora,
      any --clean FILE): there is nothing to fix, so every proposal is wrong.

An evidence class is a rule id, its claimed confidence and the shape of its
reason (quoted text and numbers blanked: "space before ','" and "space before
';'" are one class).  For each class the table gives the proposals made, how
many were right / neutral / wrong, the measured precision (right / made) and
the claimed confidence.  A class with at least --min-count proposals (default
20) whose claimed confidence is above its measured precision is marked OVER:
a bug in that rule's confidence.  Classes with fewer proposals are marked
"few": their precision is not measured well enough to say.  The last line
says whether every claimed confidence is at most its measured precision;
--check exits 1 when any class is OVER.

A finding that proposes no text ("not in the dictionary") is judged on
whether the reference writes the flagged text as a whole word on that line:
right when it does not (the text was damaged there), wrong when it does.

The devset text is for measuring only; nothing here feeds back into the
engine automatically.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

from tokdist import lev

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (name, input file, reference file or None for "clean: nothing to fix")
DEVSETS = [
    ('proper', 'damaged-proper.txt', 'clean-proper.txt'),
    ('common', 'damaged-common.txt', 'clean-common.txt'),
    ('rt-spa', 'rt-spa.txt', 'rt-source.txt'),
    ('rt-cat', 'rt-cat.txt', 'rt-source.txt'),
    ('clean-proper', 'clean-proper.txt', None),
    ('clean-common', 'clean-common.txt', None),
]

TOKEN = re.compile(r'(\s*)(\w+|[^\w\s])')


def tokenize(line):
    """score.py's tokens: (glue, text) pairs, trailing white space last."""
    toks, pos = [], 0
    for m in TOKEN.finditer(line):
        toks.append((m.group(1), m.group(2)))
        pos = m.end()
    if pos < len(line):
        toks.append((line[pos:], ''))
    return toks




QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019")
NUMBER = re.compile(r'\d+(?:\.\d+)?')


def evidence_class(reason):
    """The reason with what varies per edit blanked out."""
    r = QUOTED.sub('_', reason or '')
    r = NUMBER.sub('N', r)
    # Which ICU entry or which line of a data file: the source's kind is the
    # evidence, not the entry.
    r = re.sub(r'\b(icu-[a-z]+) [A-Za-z_]+', r'\1 _', r)
    # Suggestions, lists of alternatives: whatever follows a colon that
    # names them varies per word.
    r = re.sub(r'(suggestions?): .*', r'\1: _', r)
    # Which acronym the dictionary lists ("the acronym CD (en_US.dic:N)").
    r = re.sub(r'\b(acronym) [A-Z]+\b', r'\1 _', r)
    return r


def read_clean(path):
    """A clean corpus; a '#' line in the tests' noharm-*.txt files is a
    comment (tests/noharm.c runs only the other lines)."""
    with open(path, 'rb') as f:
        data = f.read()
    if os.path.basename(path).startswith('noharm-') and path.endswith('.txt') and \
            os.path.dirname(os.path.abspath(path)).endswith(os.path.join('tests', 'data')):
        data = b''.join(l for l in data.splitlines(True) if not l.startswith(b'#'))
    return data


def run_fixer(fixer, data):
    p = subprocess.run([fixer, '--json'], input=data, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode not in (0, 1):
        raise SystemExit(f'calibrate: {fixer} failed: {p.stderr.decode(errors="replace")[-300:]}')
    out = []
    for raw in p.stdout.splitlines():
        if raw.strip():
            out.append(json.loads(raw))
    return out


def line_bounds(data):
    """Offsets of line starts, plus a sentinel."""
    starts = [0]
    for m in re.finditer(b'\n', data):
        starts.append(m.end())
    starts.append(len(data) + 1)
    return starts


def judge(data, starts, refs, e):
    """'right', 'neutral' or 'wrong' for one proposal applied alone."""
    if refs is None:
        return 'wrong'
    s, t = e['start'], e['end']
    ln = e['line'] - 1
    a, b = starts[ln], starts[ln + 1] - 1
    if t > b:           # crosses a line end: not one line's repair
        return 'wrong'
    line = data[a:b]
    fixed = line[:s - a] + e['after'].encode('utf-8') + line[t - a:]
    ref = tokenize(refs[ln])
    before = lev(tokenize(line.decode('utf-8', 'replace')), ref)
    after = lev(tokenize(fixed.decode('utf-8', 'replace')), ref)
    return 'right' if after < before else 'wrong' if after > before else 'neutral'


def judge_flag(data, starts, refs, e):
    """'right' or 'wrong' for a finding that proposes no text ("this word
    is not in the dictionary"): right when the reference line does not have
    the flagged text as a whole word, i.e. it writes something else there."""
    if refs is None:
        return 'wrong'
    ln = e['line'] - 1
    if ln >= len(refs):
        return 'wrong'
    flagged = re.escape(e['before'])
    present = re.search(r'(?<!\w)' + flagged + r'(?!\w)', refs[ln])
    return 'wrong' if present else 'right'


def corpora(args):
    out = []
    for name, inp, ref in DEVSETS:
        ip = os.path.join(args.devset, inp)
        if not os.path.exists(ip):
            continue
        with open(ip, 'rb') as f:
            data = f.read()
        refs = None
        if ref:
            with open(os.path.join(args.devset, ref), encoding='utf-8') as f:
                refs = f.read().split('\n')
        out.append((name, data, refs))
    clean = list(args.clean)
    if not args.no_default_clean:
        clean += sorted(glob.glob(os.path.join(args.build, 'tests', 'noharm-*.txt')))
        clean += sorted(glob.glob(os.path.join(ROOT, 'tests', 'data', 'noharm-*.txt')))
    for path in clean:
        out.append((os.path.basename(path), read_clean(path), None))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'))
    ap.add_argument('--devset', default=os.environ.get('DG_DEVSET_DIR',
                                                       os.path.join(ROOT, '..', 'shared', 'devset')))
    ap.add_argument('--clean', action='append', default=[], metavar='FILE',
                    help='another clean corpus: every proposal in it is wrong')
    ap.add_argument('--no-default-clean', action='store_true',
                    help="leave out the build's and tests/data's noharm-*.txt corpora")
    ap.add_argument('--min-count', type=int, default=20,
                    help='proposals a class needs before its precision is judged (default 20)')
    ap.add_argument('--by-set', action='store_true', help='also print counts per corpus')
    ap.add_argument('--all-classes', action='store_true',
                    help='also list classes with fewer than --min-count proposals')
    ap.add_argument('--json', metavar='FILE', help='write the table as JSON')
    ap.add_argument('--check', action='store_true', help='exit 1 when a class is OVER')
    args = ap.parse_args()

    fixer = os.path.join(args.build, 'tools', 'fix-text')
    if not os.access(fixer, os.X_OK):
        raise SystemExit(f'calibrate: {fixer} is not built')

    # key -> counts
    stats = defaultdict(lambda: dict(made=0, right=0, neutral=0, wrong=0,
                                     found=0, found_right=0,
                                     sets=defaultdict(lambda: [0, 0]), example=None))
    words = {}
    for name, data, refs in corpora(args):
        words[name] = len(data.split())
        starts = line_bounds(data)
        for e in run_fixer(fixer, data):
            if e.get('before') is None:
                continue        # nothing in the text to judge
            key = (e['rule'], round(e['confidence'], 3), evidence_class(e['reason']))
            st = stats[key]
            if e.get('after') is None:
                v = judge_flag(data, starts, refs, e)
            else:
                v = judge(data, starts, refs, e)
            if not e['applied']:
                # A finding: proposed, not applied (below the threshold, or
                # in a literal context).  Counted apart from the edits.
                st['found'] += 1
                st['found_right'] += v == 'right'
                continue
            st['made'] += 1
            st[v] += 1
            st['sets'][name][0] += 1
            st['sets'][name][1] += v == 'right'
            if v != 'right' and st['example'] is None:
                st['example'] = f"{name}:{e['line']}: {e['before']!r} -> {e['after']!r}"

    rows = []
    over = 0
    for (rule, conf, cls), st in sorted(stats.items()):
        # The promise is judged on the edits made; a class that only ever
        # makes findings (below the threshold) on its findings.
        if st['made']:
            n, good = st['made'], st['right']
        else:
            n, good = st['found'], st['found_right']
        prec = good / n if n else 0.0
        fprec = st['found_right'] / st['found'] if st['found'] else None
        enough = n >= args.min_count
        verdict = ('OVER' if conf > prec + 1e-9 else 'ok') if enough else 'few'
        over += verdict == 'OVER'
        rows.append(dict(rule=rule, confidence=conf, evidence=cls, made=st['made'],
                         right=st['right'], neutral=st['neutral'], wrong=st['wrong'],
                         findings=st['found'], findings_right=st['found_right'],
                         precision=round(prec, 4), judged_on='edits' if st['made'] else 'findings',
                         verdict=verdict, sets={k: v for k, v in st['sets'].items()},
                         example=st['example']))

    print(f"corpora: " + ', '.join(f'{k} ({v} words)' for k, v in words.items()))
    print(f"minimum count for a verdict: {args.min_count} proposals")
    print("made/right/neut/wrong: edits applied and their verdicts; fnd: findings (not applied)"
          " and how many were right; prec: right/made, or over the findings when no edit was made")
    print(f"{'rule':<28} {'conf':>5} {'made':>6} {'right':>6} {'neut':>5} {'wrong':>5} "
          f"{'fnd':>6} {'fnd-ok':>6} {'prec':>6}  verdict  evidence")
    for r in rows:
        if r['verdict'] == 'few' and not args.all_classes:
            continue
        print(f"{r['rule']:<28} {r['confidence']:>5.3f} {r['made']:>6} {r['right']:>6} "
              f"{r['neutral']:>5} {r['wrong']:>5} {r['findings']:>6} {r['findings_right']:>6} "
              f"{r['precision']:>6.3f}  {r['verdict']:<7}  {r['evidence'][:80]}")
        if args.by_set:
            print('      ' + ', '.join(f'{k} {v[1]}/{v[0]}' for k, v in r['sets'].items()))
        if r['verdict'] == 'OVER' and r['example']:
            print(f"      e.g. {r['example'][:150]}")
    few = sum(1 for r in rows if r['verdict'] == 'few')
    if few and not args.all_classes:
        print(f"({few} classes with fewer than {args.min_count} proposals not shown; --all-classes)")
    print(f"classes: {len(rows)}, OVER: {over}")
    judged = sum(1 for r in rows if r['verdict'] != 'few')
    if over:
        names = sorted({r['rule'] for r in rows if r['verdict'] == 'OVER'})
        print(f"NOT every claimed confidence is at most its measured precision: "
              f"{over} of {judged} classes with at least {args.min_count} proposals "
              f"claim more ({', '.join(names)})")
    else:
        print(f"Every claimed confidence is at most its measured precision, with "
              f"minimum count {args.min_count} ({judged} classes judged, "
              f"{len(rows) - judged} with fewer proposals)")
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as f:
            json.dump(dict(min_count=args.min_count, words=words, classes=rows), f, indent=1)
            f.write('\n')
    return 1 if args.check and over else 0


if __name__ == '__main__':
    sys.exit(main())
