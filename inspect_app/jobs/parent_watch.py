"""Stop with the parent: a scheduler started by a script (``scripts/dev-server``) must
not outlive it. Killed outright (SIGKILL, the OOM killer), the script cannot stop its
children; the scheduler, in a process group of its own, would run on against the
database, from a folder that may be gone.

Two guards, so either is enough: on Linux the kernel's parent-death signal
(``prctl(PR_SET_PDEATHSIG)``), and everywhere a thread that watches the parent's pid. Both
deliver SIGINT, the signal the script's own clean stop uses: a job that is running
finishes and releases its lock, then the process exits.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 1.0


def _parent_death_signal(signal_number: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal_number, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _stop() -> None:
    log.warning("the parent process is gone: stopping")
    os.kill(os.getpid(), signal.SIGINT)


def stop_with_parent(parent_pid: int) -> None:
    """Stop this process (SIGINT) when ``parent_pid``, its parent, dies. Call it in the
    main thread, before the threads that should inherit nothing of it start."""
    if signal.getsignal(signal.SIGINT) in (signal.SIG_IGN, signal.SIG_DFL):
        signal.signal(signal.SIGINT, signal.default_int_handler)
    _parent_death_signal(signal.SIGINT)
    if os.getppid() != parent_pid:  # it died before the guard was in place
        _stop()
        return

    def watch() -> None:
        stopped = threading.Event()
        while not stopped.wait(POLL_SECONDS):
            if os.getppid() != parent_pid:
                _stop()
                return

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
