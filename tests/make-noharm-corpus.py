#!/usr/bin/env python3
"""Builds the no-harm corpus: clean English glosses from Debian's WordNet.

usage: make-noharm-corpus.py WORDNET_DIR OUTPUT STEP

Writes every STEP-th gloss of data.noun, data.verb, data.adj and data.adv (in
that order, counting from the first) one per line.  WordNet's glosses are
edited English prose: definitions and quoted usage examples, with names,
abbreviations, numbers and parentheses, which is what the engine must leave
alone.  The selection is a pure function of the files and STEP so that the
rate the test reports is comparable between runs; the corpus is a build
product and is never committed.
"""
import os
import sys

POS_FILES = ("data.noun", "data.verb", "data.adj", "data.adv")


def glosses(path):
    with open(path, "rb") as f:
        for raw in f:
            # The license header lines start with two spaces; synset lines
            # start with the byte offset.
            if raw.startswith(b"  "):
                continue
            # The gloss follows the first " | "; the pointer fields before it
            # never contain "|".
            bar = raw.find(b" | ")
            if bar < 0:
                continue
            # WordNet pads the line with trailing blanks; they are file
            # format, not text.
            gloss = raw[bar + 3:].rstrip()
            if gloss:
                yield gloss


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    wordnet_dir, output, step = argv[1], argv[2], int(argv[3])
    if step < 1:
        sys.stderr.write("STEP must be at least 1\n")
        return 2
    out = []
    for name in POS_FILES:
        path = os.path.join(wordnet_dir, name)
        for i, gloss in enumerate(glosses(path)):
            if i % step == 0:
                out.append(gloss)
    tmp = output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(b"\n".join(out) + b"\n")
    os.replace(tmp, output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
