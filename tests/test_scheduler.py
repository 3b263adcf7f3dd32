"""The scheduler wake-up workaround: one pending timer, however often a round asks for one."""

import threading
import time

from framescope.workflow import scheduler as snakemake_fixes


class _FakeScheduler:
    def __init__(self):
        self._open_jobs = threading.Semaphore(0)


def _releases(sem: threading.Semaphore) -> int:
    n = 0
    while sem.acquire(blocking=False):
        n += 1
    return n


def test_many_requests_give_one_wakeup_then_the_next_round_may_ask_again():
    sched = _FakeScheduler()
    for _ in range(50):  # fifty scheduling rounds in a row, each asking to look again
        snakemake_fixes._one_pending_timer(sched, 0.05)
    assert sched._open_jobs.acquire(timeout=5)  # the wake-up comes
    time.sleep(0.2)
    assert _releases(sched._open_jobs) == 0  # and only one (Snakemake's own: fifty)
    snakemake_fixes._one_pending_timer(sched, 0.05)  # the round it started asks again
    assert sched._open_jobs.acquire(timeout=5)


def test_patch_is_installed_once_on_snakemakes_scheduler():
    from snakemake.scheduling.job_scheduler import JobScheduler

    assert snakemake_fixes.coalesce_scheduler_wakeups()
    assert snakemake_fixes.coalesce_scheduler_wakeups()
    assert JobScheduler._schedule_reevalutation is snakemake_fixes._one_pending_timer
