"""Edit distance between token sequences, shared by the tools that judge
an edit against a reference (calibrate.py, mine-phrases.py)."""


def lev(a, b):
    """Levenshtein distance between two sequences (one row of memory)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]
