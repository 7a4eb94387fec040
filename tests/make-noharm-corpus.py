#!/usr/bin/env python3
"""Builds the no-harm corpora: clean English the engine must leave alone.

usage: make-noharm-corpus.py WORDNET_DIR OUTPUT STEP
       make-noharm-corpus.py --technical OUTPUT
       make-noharm-corpus.py --held-apart OUTPUT
       make-noharm-corpus.py --wide OUTPUT

WordNet (the first form):

Writes every STEP-th gloss of data.noun, data.verb, data.adj and data.adv (in
that order, counting from the first) one per line.  WordNet's glosses are
edited English prose: definitions and quoted usage examples, with names,
abbreviations, numbers and parentheses, which is what the engine must leave
alone.  The selection is a pure function of the files and STEP so that the
rate the test reports is comparable between runs; the corpus is a build
product and is never committed.

Technical English (--technical, issue 14): what scraped corpora are full of
and what a fixer for garbled prose is most tempted to "repair": Debian's
licences (/usr/share/common-licenses), the manual pages of the packages in
MAN_PACKAGES rendered as text (groff -Tascii at 78 columns, what `man -P cat`
shows at MANWIDTH=80: justified lines with doubled spaces, options, paths,
literal punctuation, list markers), and the READMEs, NEWS files, changelogs
and copyright files in /usr/share/doc of DOC_PACKAGES, each capped at
DOC_CAP bytes (cut at a blank line) so that no single changelog dominates.
Every file comes from a package that tools/bootstrap.sh installs; which
files is decided by `dpkg-query -L`, so the selection is a pure function of
the installed package versions.  OUTPUT.sources lists, for each source, the
corpus line it starts on, so that the test can say where an edit was made.
Sources are separated by a blank line.  A source that is missing is left
out (and named on standard error); the test then decides whether what
remains is enough.

Held apart (--held-apart): the same kinds of text from other packages,
none of them in MAN_PACKAGES or DOC_PACKAGES: the manual pages of
HELD_MAN_PACKAGES and the docs of HELD_DOC_PACKAGES (also their top-level
.txt documents), each source capped at HELD_CAP bytes.  No rule was tuned
on it when it was made (session 5: 4.18 edits per 10,000 words then, 136
of the 162 doubled spaces of terminal-rendered and change-log text), so it
measures what unseen technical text gets; fixes for it must be general.

Wide (--wide): measuring only, for a new rule's author: the man pages and
docs of WIDE_PACKAGES where installed (no test uses it; the set depends on
the machine).  Measure with: build/tests/noharm --measure --technical FILE.
"""
import concurrent.futures
import gzip
import os
import re
import subprocess
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


# Essential packages on every Debian system: their manuals are the command
# line text people paste into documents.
MAN_PACKAGES = ("coreutils", "findutils", "grep", "sed", "tar", "gzip",
                "bash")
# The same, plus packages the project installs anyway (tools/bootstrap.sh).
DOC_PACKAGES = MAN_PACKAGES + ("groff-base", "meson", "ninja-build",
                               "python3", "parallel", "patch",
                               "wordnet-base", "hunspell-en-us",
                               "libhunspell-dev", "libjansson-dev",
                               "libicu-dev", "base-files")
# Held apart (--held-apart): packages whose text nothing was tuned on.  The
# required/important ones are on every Debian system; the others are in
# tools/bootstrap.sh's PACKAGES.  Man pages of HELD_MAN_PACKAGES, docs of
# HELD_DOC_PACKAGES (neither list shares a package with the lists above).
HELD_MAN_PACKAGES = ("util-linux", "dpkg", "apt", "diffutils", "debianutils",
                     "bsdutils", "login", "passwd", "mount", "ncurses-bin",
                     "sensible-utils", "patch", "parallel", "groff-base",
                     "time", "pkgconf", "man-db", "procps")
HELD_DOC_PACKAGES = ("util-linux", "dpkg", "apt", "diffutils", "debianutils",
                     "login", "passwd", "time", "pkgconf", "man-db",
                     "procps", "binutils")
# The held-apart corpus also takes util-linux's and apt's plain-text
# documents (howto-*.txt and the like).
HELD_DOC_NAMES = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*[.]txt(\.gz)?$")
HELD_CAP = 60000
# Wider still (--wide, measuring only: no test, no bootstrap package): the
# man pages and docs of these packages where they are installed, none of
# them in the lists above.  Session 5: 1.20 million words here, 40 edits
# (0.33 per 10,000 words) after its fixes; a near-identical set of 1.25
# million words had 75 (0.60) before them.
WIDE_PACKAGES = ("make", "gcc-12", "e2fsprogs", "less", "perl", "git",
                 "openssh-client", "curl", "wget", "rsync", "vim-common",
                 "gdb", "strace", "file", "xz-utils", "bzip2", "unzip", "zip",
                 "cpio", "gawk", "mawk", "iproute2", "sudo", "cron",
                 "systemd", "kmod", "psmisc", "lsof", "jq", "sqlite3",
                 "valgrind", "python3.11", "hunspell", "gettext-base",
                 "openssl", "gnupg", "gpg", "adduser", "bc", "ed", "m4",
                 "cmake", "nano")
WIDE_DOC_PACKAGES = WIDE_PACKAGES + ("libssl3", "libc6", "zlib1g",
                                     "libpcre2-8-0", "libsqlite3-0",
                                     "libcurl4", "libxml2", "libjson-c5")
DOC_NAMES = re.compile(r"^(README|NEWS|changelog|CHANGES|copyright|"
                       r"AUTHORS|THANKS|TODO|BUGS|PROBLEMS|INTRO)"
                       r"([.][A-Za-z0-9.]*)?(\.gz)?$")
DOC_CAP = 40000
LICENSES = "/usr/share/common-licenses"
MAN_WIDTH = "78n"


def package_files(pkg):
    try:
        out = subprocess.run(["dpkg-query", "-L", pkg], capture_output=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        sys.stderr.write("make-noharm-corpus: package %s not found\n" % pkg)
        return []
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\n")
            if p]


def read_maybe_gz(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    return data


def squeeze(text):
    """Overstrike resolved as col -b does (the last byte wins), trailing
    blanks dropped, runs of blank lines made one."""
    text = re.sub(rb"[^\n]\x08", b"", text)
    lines = [ln.rstrip() for ln in text.split(b"\n")]
    out = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    while out and not out[-1]:
        out.pop()
    return b"\n".join(out)


def render_man(path):
    src = read_maybe_gz(path)
    # A page that only points at another (".so man1/grep.1") would repeat it.
    if src.lstrip().startswith(b".so "):
        return None
    env = dict(os.environ, LC_ALL="C")
    try:
        res = subprocess.run(["groff", "-t", "-man", "-Tascii", "-P-c",
                              "-P-b", "-P-u", "-rLL=" + MAN_WIDTH,
                              "-rLT=" + MAN_WIDTH], input=src,
                             capture_output=True, env=env, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.stderr.write("make-noharm-corpus: cannot render %s: %s\n"
                         % (path, e))
        return None
    return squeeze(res.stdout)


def cap(text, limit):
    if len(text) <= limit:
        return text
    cut = text.rfind(b"\n\n", 0, limit)
    return text[:cut if cut > 0 else limit]


def technical_sources(held=False):
    """(label, text) pairs in a fixed order."""
    out = []
    if held == "wide":
        return (man_sources(WIDE_PACKAGES, HELD_CAP)
                + doc_sources(WIDE_DOC_PACKAGES, HELD_CAP, HELD_DOC_NAMES))
    if held:
        return (man_sources(HELD_MAN_PACKAGES, HELD_CAP)
                + doc_sources(HELD_DOC_PACKAGES, HELD_CAP, HELD_DOC_NAMES))
    if os.path.isdir(LICENSES):
        for name in sorted(os.listdir(LICENSES)):
            path = os.path.join(LICENSES, name)
            # GPL -> GPL-3 and the like would count the same text twice.
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            out.append(("licence " + name, squeeze(read_maybe_gz(path))))
    else:
        sys.stderr.write("make-noharm-corpus: no %s\n" % LICENSES)
    return (out + man_sources(MAN_PACKAGES, None)
            + doc_sources(DOC_PACKAGES, DOC_CAP, None))


def man_sources(packages, limit):
    out, pages = [], []
    for pkg in packages:
        for p in sorted(package_files(pkg)):
            # English pages only (translations live in /usr/share/man/LANG).
            if (re.match(r"^/usr/share/man/man[1-9]/", p)
                    and os.path.isfile(p) and not os.path.islink(p)):
                pages.append((pkg, p))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
        texts = list(ex.map(lambda pp: render_man(pp[1]), pages))
    for (pkg, p), text in zip(pages, texts):
        if text:
            out.append(("man %s %s" % (pkg, os.path.basename(p)),
                        cap(text, limit) if limit else text))
    return out


def doc_sources(packages, limit, extra):
    out = []
    for pkg in packages:
        base = "/usr/share/doc/%s/" % pkg
        for p in sorted(package_files(pkg)):
            if (not p.startswith(base) or "/" in p[len(base):]
                    or not (DOC_NAMES.match(p[len(base):])
                            or (extra and extra.match(p[len(base):])))
                    or os.path.islink(p) or not os.path.isfile(p)):
                continue
            try:
                text = squeeze(read_maybe_gz(p))
            except (OSError, EOFError, gzip.BadGzipFile) as e:
                sys.stderr.write("make-noharm-corpus: %s: %s\n" % (p, e))
                continue
            if text:
                out.append(("doc %s %s" % (pkg, p[len(base):]),
                            cap(text, limit)))
    return out


def technical(output, held=False):
    parts, index, line = [], [], 1
    for label, text in technical_sources(held):
        index.append("%d\t%s" % (line, label))
        parts.append(text)
        line += text.count(b"\n") + 2
    tmp = output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(b"\n\n".join(parts) + b"\n")
    with open(output + ".sources.tmp", "w") as f:
        f.write("\n".join(index) + "\n")
    os.replace(output + ".sources.tmp", output + ".sources")
    os.replace(tmp, output)
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--technical":
        return technical(argv[2])
    if len(argv) == 3 and argv[1] == "--held-apart":
        return technical(argv[2], held=True)
    if len(argv) == 3 and argv[1] == "--wide":
        return technical(argv[2], held="wide")
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
