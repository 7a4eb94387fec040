#!/usr/bin/env python3
"""gcide-casing.py - precision of casing rules on held-apart prose (GCIDE).

usage: gcide-casing.py [--initials | --before-capital] [--findings] [--glosses]
                       [--words FILE] FIXER RULE[,RULE...] [LINE-REGEX]

GCIDE (Debian dict-gcide, /usr/share/dictd/gcide.dict.dz) is the second
prose source the project may learn from; the devset holds too few
genus/family names to give a class 20 proposals, so this measures them
on GCIDE instead.  Every ASCII line of six words or more (only those
matching LINE-REGEX, when given, to save time) is damaged by writing each
title-case word of 3+ letters that follows a lower-case letter, comma or
semicolon and a space in lower case (same bytes, so offsets hold);
FIXER --json runs on the damaged text, and each applied edit of the named
rules is right when the original text has exactly the edit's new letters
there.  With --initials the title-case words after a capital
letter and a dot ("J. R. R. Tolkien", "U. S. Army") are lower-cased too.
With --before-capital only such a word that a space and a title-case word
follow is lower-cased, and that word stays ("in north America", "western
north American"); --findings judges the findings of the rules too (by
the edit they propose), so that a class can be measured before it applies.
With --words FILE only lines holding one of FILE's words (one a line, any
case) are kept: the lines where a class keyed on those words can act.
With --glosses the text is WordNet's glosses instead (wordnet-base), the
devset's lines left out as tools/gen-names.py --exclude-devset leaves
them out (../shared/devset beside the source tree).
Lines written in lower case on purpose (Latin etymologies, species
epithets) stay as they are, so a rule that capitalizes them is wrong.
Prints counts per rule and evidence, then up to 8 wrong edits per rule.
Measuring only: nothing here is built or tested.
"""
import collections
import gzip
import json
import re
import subprocess
import sys


def gloss_text():
    """WordNet's glosses, one a line, without the devset's lines."""
    import contextlib
    import importlib.util
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location('gen_names', os.path.join(here, 'gen-names.py'))
    gn = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gn)
    gn.load_held(os.path.join(here, '..', '..', 'shared', 'devset'))
    return contextlib.nullcontext(list(gn.gloss_lines('/usr/share/wordnet')))


def main():
    args = sys.argv[1:]
    initials = before_cap = findings = False
    glosses = False
    words = None
    while args and args[0] in ('--initials', '--before-capital', '--findings', '--glosses',
                               '--words'):
        if args[0] == '--words':
            with open(args[1], encoding='utf-8') as wf:
                words = {w.strip().lower() for w in wf if w.strip()}
            args = args[2:]
            continue
        glosses |= args[0] == '--glosses'
        initials |= args[0] == '--initials'
        before_cap |= args[0] == '--before-capital'
        findings |= args[0] == '--findings'
        args = args[1:]
    fixer, rules = args[0], set(args[1].split(','))
    keep = re.compile(args[2]) if len(args) > 2 else None
    lines = []
    with (gloss_text() if glosses else
          gzip.open('/usr/share/dictd/gcide.dict.dz', 'rt', encoding='utf-8',
                    errors='replace')) as f:
        for raw in f:
            line = raw.strip()
            if len(line.split()) >= 6 and line.isascii() and \
                    (keep is None or keep.search(line)) and \
                    (words is None or not words.isdisjoint(re.findall(r'[a-z]+', line.lower()))):
                lines.append(line)
    orig = '\n'.join(lines) + '\n'
    after = r"(?:(?<=[a-z,;] )|(?<=\b[A-Z]\. ))" if initials else r"(?<=[a-z,;] )"
    ahead = r"(?= [A-Z][a-z])" if before_cap else ""
    damaged = re.sub(after + r"[A-Z][a-z]{2,}\b" + ahead, lambda m: m.group(0).lower(), orig)
    out = subprocess.run([fixer, '--json'], input=damaged.encode(),
                         capture_output=True, check=False).stdout.decode()
    ob = orig.encode()
    res = collections.Counter()
    wrong = collections.defaultdict(list)
    for rec in out.splitlines():
        r = json.loads(rec)
        if r.get('rule') not in rules or not (r.get('applied') or findings) \
                or 'after' not in r:
            continue
        s, e = r['start'], r['end']
        ok = ob[s:e].decode(errors='replace') == r['after']
        m = re.search(r'(after "[a-z]+"|ending in -[a-z]+|after the initials|regnal number|beside the capitalized name|neither an English word)', r.get('reason', ''))
        if findings:
            # The evidence: the reason's last part after the source.
            why = r.get('reason', '')
            last = re.search(r'; ([^;]*)\)$', why)
            cls = re.sub(r'"[^"]*"|\d+', '#', last.group(1) if last else why)
            m = re.match(r'(.*)', '%.2f %s' % (r.get('confidence', 0), cls[:90]))
        key = m.group(1) if m else ''
        res[(r['rule'], key, ok)] += 1
        wkey = (r['rule'], key) if findings else r['rule']
        if not ok and len(wrong[wkey]) < 8:
            wrong[wkey].append(ob[max(0, s - 40):e + 20].decode(errors='replace')
                               .replace('\n', ' '))
    for rule in sorted(rules):
        right = sum(n for (r, _, ok), n in res.items() if r == rule and ok)
        made = sum(n for (r, _, _), n in res.items() if r == rule)
        print('%-24s %4d right of %4d  %.3f' % (rule, right, made, right / made if made else 0))
    for k in sorted(res):
        print('  %s %s %s %d' % (k[0], k[1], 'right' if k[2] else 'wrong', res[k]))
    for rule, v in sorted(wrong.items()):
        for x in v:
            print('wrong %s | %s' % (rule, x))
    return 0


if __name__ == '__main__':
    sys.exit(main())
