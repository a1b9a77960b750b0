"""Runs one server under supervisord so that nothing it spawned can outlive it.

    python -m bot.run.process_group -- COMMAND ARGS…

supervisord makes each program the leader of its own process group, and `stopasgroup`/`killasgroup` stop
the whole group when supervisord stops a program. But a server that *crashes* leaves its own children
behind (the action server's Sanic worker kept port 5055 after its main process was killed, so every
restart failed). This wrapper waits for the server and, whatever way it ends, stops every other process
still in its group before exiting, so supervisord's restart finds the port free. If supervisord itself
dies, the kernel signals the wrapper (PR_SET_PDEATHSIG) and the group goes with it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time

PR_SET_PDEATHSIG = 1
GRACE_SECONDS = 5.0


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """Ask the kernel to send `signum` to this process when its parent exits (Linux; elsewhere a no-op)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def group_members(pgid: int) -> list[int]:
    """Processes in the process group, other than this one (from /proc)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                # pid (comm) state ppid pgrp …; comm may hold spaces or parentheses, so split after the last ')'.
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != b"Z":
            members.append(int(entry))
    return members


def stop_group(pgid: int, grace_seconds: float = GRACE_SECONDS) -> None:
    """SIGTERM every other member of the group, then SIGKILL whatever is left after the grace period."""
    members = group_members(pgid)
    for pid in members:
        with _suppress():
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    while members and time.monotonic() < deadline:
        time.sleep(0.1)
        members = group_members(pgid)
    for pid in members:
        with _suppress():
            os.kill(pid, signal.SIGKILL)


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        return kind is not None and issubclass(kind, ProcessLookupError | PermissionError)


def run(command: list[str]) -> int:
    die_with_parent()
    if os.getpgrp() != os.getpid():
        os.setpgrp()  # run by hand rather than by supervisord: still lead a group of our own
    pgid = os.getpgrp()
    child = subprocess.Popen(command, preexec_fn=die_with_parent)

    def forward(signum, _frame):
        with _suppress():
            child.send_signal(signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, forward)
    code = child.wait()
    stop_group(pgid)
    return code if code >= 0 else 128 - code


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        sys.exit("usage: python -m bot.run.process_group -- COMMAND ARGS…")
    sys.exit(run(argv))


if __name__ == "__main__":
    main()
