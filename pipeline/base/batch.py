"""Running one job per plan over many plans, on every CPU core when the batch is large."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many plans, starting worker processes costs more than it saves.
PARALLEL_FROM = 8
# Items handed to a worker at a time: fewer round trips, still an even spread.
CHUNK = 4
# How worker processes start: None is the platform's default, "spawn" on Windows (a fresh
# interpreter importing the job's module), "fork" or "forkserver" elsewhere. Jobs and items must
# work under "spawn"; the tests run a batch that way.
START_METHOD: str | None = None


class Progress:
    """Told of each plan done in each phase of a batch ("read", "write"); prints nothing itself.

    The command line shows it as a progress bar on a terminal and as plain lines elsewhere."""

    def step(self, phase: str, done: int, total: int, name: str) -> None:
        """`done` of `total` plans of `phase` are finished, the last one being `name`."""


def worker_count(jobs: int | None, items: int) -> int:
    """How many processes to use: `jobs` when given, else every core for a large batch, else one."""
    if jobs:
        return max(1, jobs)
    return (os.cpu_count() or 1) if items >= PARALLEL_FROM else 1


def map_plans(job: Callable[[T], R], items: list[T], names: list[str], jobs: int | None = None,
              progress: Progress | None = None, phase: str = "") -> list[R]:
    """`job(item)` for every item, results in the items' order, `progress` told after each one.

    `job` must be a module-level function and items picklable when more than one process runs."""
    workers = min(worker_count(jobs, len(items)), max(1, len(items)))
    if workers == 1:
        return list(_each(map(job, items), names, progress, phase))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(START_METHOD)) as pool:
        return list(_each(pool.map(job, items, chunksize=CHUNK), names, progress, phase))


def _each(results: Iterable[R], names: list[str], progress: Progress | None, phase: str):
    for done, (name, result) in enumerate(zip(names, results), start=1):
        if progress:
            progress.step(phase, done, len(names), name)
        yield result
