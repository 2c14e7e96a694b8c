"""Resident memory of a process and of its descendants, read from /proc (for the benchmarks).

As a program: `python3 scripts/lib/tree_rss.py PID OUT [INTERVAL]` samples PID's tree every
INTERVAL seconds (default 0.05) until PID exits, then writes to OUT the peak RSS in bytes of PID's
descendants without PID itself (PID being /usr/bin/time or another launcher).
"""

import os
import sys
import time

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root):
    """(resident bytes of `root` alone, of `root` with every live descendant)."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/statm") as f:
                rss[int(entry)] = int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue

    def descends(pid):
        while pid and pid != root:
            pid = parents.get(pid, 0)
        return pid == root

    return rss.get(root, 0), sum(size for pid, size in rss.items() if descends(pid))


if __name__ == "__main__":
    root, out = int(sys.argv[1]), sys.argv[2]
    interval = float(sys.argv[3]) if len(sys.argv) > 3 else 0.05
    peak = 0
    while os.path.exists(f"/proc/{root}"):
        own, total = tree_rss(root)
        peak = max(peak, total - own)
        time.sleep(interval)
    with open(out, "w") as f:
        f.write(str(peak))
