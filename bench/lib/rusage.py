#!/usr/bin/env python3
# Runs one command and prints its wall time, CPU time (user + sys of the child and every
# descendant it waited for, from wait4's rusage, microsecond resolution) and peak RSS as JSON.
# Node cannot read a child's rusage, so the benchmarks measure through this helper.
# Usage: rusage.py [--out FILE] [--cwd DIR] -- CMD ARGS...
import json, os, sys, time

def main():
    args = sys.argv[1:]
    out, cwd = os.devnull, None
    while args and args[0] != '--':
        flag, value, args = args[0], args[1], args[2:]
        if flag == '--out':
            out = value
        elif flag == '--cwd':
            cwd = value
    argv = args[1:]
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        if cwd:
            os.chdir(cwd)
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.execvp(argv[0], argv)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    print(json.dumps({
        'wallMs': wall * 1000,
        'cpuMs': (ru.ru_utime + ru.ru_stime) * 1000,
        'maxRssKiB': ru.ru_maxrss,
        'status': os.waitstatus_to_exitcode(status),
    }))

main()
