"""Running one job per plan over many plans, on every CPU core when the batch is large.

The process pool's modules are imported when a pool is first started: a batch of a few plans
runs in the calling process and does not pay for them."""
from __future__ import annotations

import os
from collections import deque
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Callable, Generic, Iterable, Iterator, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

# Below this many plans, starting worker processes costs more than it saves.
PARALLEL_FROM = 8
# Items handed to a worker at a time: fewer round trips, still an even spread.
CHUNK = 4
# Chunks handed out ahead per worker, so that none waits for its next one.
AHEAD = 2
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


def map_plans(job: Callable[[T], R], items: Iterable[T], names: list[str], jobs: int | None = None,
              progress: Progress | None = None, phase: str = "") -> Iterator[R]:
    """`job(item)` for every item (one per name), yielded in the items' order as they are done,
    `progress` told after each one.

    Items are taken from `items` only as workers get free (a few chunks ahead of them), so that
    items made on demand, and the results, are never all held at once: a batch of thousands of
    plans keeps a window of them in memory. `job` must be a module-level function and items
    picklable when more than one process runs."""
    workers = min(worker_count(jobs, len(names)), max(1, len(names)))
    if workers == 1:
        yield from _each(map(job, items), names, progress, phase)
    elif _shared is not None:
        pool = _shared.pool(workers)
        yield from _each(_in_order(pool, job, items, ahead=_shared.workers * AHEAD), names, progress, phase)
    else:
        with _start(workers) as pool:
            yield from _each(_in_order(pool, job, items, ahead=workers * AHEAD), names, progress, phase)


class Started(Generic[R]):
    """Jobs started on the workers of a `shared_workers` block as soon as they are made, while
    the caller goes on with other work (a batch's marked copies while it is evaluated); their
    results are taken later, in order, by `results`. Every chunk is handed to the workers at
    once, so that the items must be small. Outside a block, or for a batch run in one process,
    the jobs run when their results are asked for, as `map_plans` runs them."""

    def __init__(self, job: Callable[[T], R], items: list[T], names: list[str], jobs: int | None = None):
        self._job, self._items, self._names, self._jobs = job, items, names, jobs
        self._chunks: list[Future] = []
        workers = min(worker_count(jobs, len(names)), max(1, len(names)))
        if workers > 1 and _shared is not None:
            pool = _shared.pool(workers)
            self._chunks = [pool.submit(_run_chunk, job, items[i:i + CHUNK]) for i in range(0, len(items), CHUNK)]

    @property
    def running(self) -> bool:
        """Whether the jobs were handed to the workers (else they run when their results are asked for)."""
        return bool(self._chunks)

    def results(self, progress: Progress | None = None, phase: str = "") -> Iterator[R]:
        """Each job's result in the items' order, `progress` told after each one."""
        if not self._chunks:
            yield from map_plans(self._job, self._items, self._names, self._jobs, progress, phase)
            return
        yield from _each((result for chunk in self._chunks for result in chunk.result()), self._names, progress, phase)


class _Shared:
    """The worker processes every batch inside a `shared_workers` block runs on."""

    def __init__(self) -> None:
        self.started: ProcessPoolExecutor | None = None
        self.workers = 0

    def pool(self, workers: int) -> ProcessPoolExecutor:
        """The block's pool, started with `workers` processes by the first batch that asks."""
        if self.started is None:
            self.started, self.workers = _start(workers), workers
        return self.started


_shared: _Shared | None = None


@contextmanager
def shared_workers() -> Iterator[None]:
    """Every parallel `map_plans` inside the block runs on the same worker processes, started by
    the first one and stopped at the block's end. A verb reading plans and then writing their
    reports starts its workers while it holds little: processes started for the writing would
    begin as copies of a parent holding the whole batch (and cost their start-up again)."""
    global _shared
    outer, _shared = _shared, _Shared()
    try:
        yield
    finally:
        block, _shared = _shared, outer
        if block.started is not None:
            block.started.shutdown()


def _start(workers: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(START_METHOD))


def _in_order(pool: ProcessPoolExecutor, job: Callable[[T], R], items: Iterable[T], ahead: int) -> Iterator[R]:
    """The results of `job` over `items` in order, at most `ahead` chunks handed out at a time."""
    pending: deque = deque()
    remaining = iter(items)
    while chunk := list(islice(remaining, CHUNK)):
        pending.append(pool.submit(_run_chunk, job, chunk))
        if len(pending) >= ahead:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _run_chunk(job: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [job(item) for item in chunk]


def _each(results: Iterable[R], names: list[str], progress: Progress | None, phase: str) -> Iterator[R]:
    for done, (name, result) in enumerate(zip(names, results), start=1):
        if progress:
            progress.step(phase, done, len(names), name)
        yield result
