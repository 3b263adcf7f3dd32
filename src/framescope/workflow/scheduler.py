"""A workaround for Snakemake's scheduler waking itself up more and more often.

Snakemake 9's job scheduler (``snakemake.scheduling.job_scheduler.JobScheduler``) ends
every round of scheduling by starting a timer that starts another round one timespan of
``--max-jobs-per-timespan`` later (1 s by default). A round started by that timer starts
a timer of its own, so every round started by anything else (a job finishing, a job
starting) adds one more endless once-a-second chain. By the end of a run with a few
hundred jobs, the scheduler ran hundreds of rounds a second: at 100,000 articles in 32
shards, Snakemake's own process used 10-11 s of CPU a minute, about a fifth of one of the
two cores the jobs needed.

:func:`coalesce_scheduler_wakeups` keeps at most one such timer pending. The pending one
fires within the same timespan as any that would have been added, so the scheduler
still looks again at least once a timespan; it only stops looking hundreds of times.
"""

from __future__ import annotations

import threading


def coalesce_scheduler_wakeups() -> bool:
    """Patch Snakemake's scheduler to keep one re-evaluation timer at a time; True if patched.

    Does nothing (False) on a Snakemake without the method this replaces, so a newer
    Snakemake that changed its scheduler runs unpatched rather than broken.
    """
    try:
        from snakemake.scheduling.job_scheduler import JobScheduler
    except ImportError:  # pragma: no cover - another Snakemake layout
        return False
    original = getattr(JobScheduler, "_schedule_reevalutation", None)  # (sic) Snakemake's spelling
    if original is None:  # pragma: no cover
        return False
    if getattr(original, "_framescope_coalesced", False):
        return True
    JobScheduler._schedule_reevalutation = _one_pending_timer
    return True


_lock = threading.Lock()


def _one_pending_timer(self, delay) -> None:
    with _lock:
        if getattr(self, "_framescope_wakeup_pending", False):
            return
        self._framescope_wakeup_pending = True

    def wake() -> None:
        with _lock:
            self._framescope_wakeup_pending = False
        self._open_jobs.release()

    threading.Timer(delay, wake).start()


_one_pending_timer._framescope_coalesced = True
