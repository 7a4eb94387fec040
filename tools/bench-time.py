#!/usr/bin/env python3
"""bench-time.py - runs a command REPS times on FILE (as stdin, output
discarded) and prints, for the run: median wall seconds, median CPU
seconds (user+sys of the whole process, from wait4's rusage, microsecond
resolution), min and max CPU seconds, and the largest peak resident set
size in KiB.

usage: bench-time.py REPS FILE CMD [ARG...]

CPU time counts the process's own work only, so two commands measured side
by side on a busy machine still compare fairly; wall time does not.
"""
import os
import statistics
import sys
import time


def run_once(path, argv):
    with open(path, 'rb') as inp, open(os.devnull, 'wb') as out:
        t0 = time.monotonic()
        pid = os.fork()
        if pid == 0:
            os.dup2(inp.fileno(), 0)
            os.dup2(out.fileno(), 1)
            try:
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        _, status, ru = os.wait4(pid, 0)
        wall = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit('bench-time.py: %s failed (%s)' % (argv[0], status))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    reps, path, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    runs = [run_once(path, argv) for _ in range(reps)]
    walls = [r[0] for r in runs]
    cpus = [r[1] for r in runs]
    print('%.6f %.6f %.6f %.6f %d' % (statistics.median(walls), statistics.median(cpus),
                                      min(cpus), max(cpus), max(r[2] for r in runs)))


main()
