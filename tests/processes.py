"""Processes as the kernel lists them (/proc): for the tests and the benchmark that kill a batch."""
from __future__ import annotations

from pathlib import Path


def alive_in_group(pgid: int) -> list[int]:
    """Processes still alive (not zombies, not dead) in the process group `pgid`."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] not in "ZX":
                alive.append(int(entry.name))
    return alive
