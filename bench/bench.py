"""Benchmark: generates realistic plans and prints the figures the README states.

    python bench/bench.py [--plans 300] [--big-rows 1200] [--keep DIR]

Figures (targets from the project's issue on batches):
- read + normalize of one seed-sized plan, in-process, before validation (target ≤ 10 ms);
- ingest-only throughput (read, normalize, validate) of N plans (target ≥ 100 plans/s);
- `plan-report run` on the sample plan, start to finish, against a bare
  `python -c "import pandas, pandera, openpyxl, docx, click"` (target ≤ 1.6×);
- N plans, full run with per-plan reports and the district summary (target < 60 s, < 1 GB);
- read + normalize of big plans (1,000+ rows), per row, to show it stays linear.
Generated plans have the seed plan's shape (8 fractions, 4-5 activities each, stale years,
recurring phrases, a table without an audience column, one without headings) with varied
school names, titles, dates and evidence lines."""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.docx_plans import KK_FRONT, KK_HEADER, Section, build_plan, row  # noqa: E402

FRACTIONS = ["ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "АҚПАРАТ", "СПОРТ ЖӘНЕ САЛАУАТТЫ ӨМІР САЛТЫ", "ӨЗІН-ӨЗІ ТАНУ",
             "ҚАЙЫРЫМДЫЛЫҚ", "ДЕБАТ ҚОЗҒАЛЫСЫ", "ЭКОЛОГИЯ", "МӘДЕНИЕТ ЖӘНЕ ӨНЕР"]
MONTHS = ["ҚЫРКҮЙЕК", "ҚАЗАН", "ҚАРАША", "ЖЕЛТОҚСАН", "ҚАҢТАР", "АҚПАН", "НАУРЫЗ", "СӘУІР"]
MONTH_NUMBERS = [9, 10, 11, 12, 1, 2, 3, 4]
FORMS = ["акциясы", "байқауы", "пікірталас", "ток-шоу", "кездесу", "рейд", "челлендж", "көрмесі", "флеш-моб"]
TOPICS = ["«Таза мектеп»", "«Жас спортшы»", "«Мейірім»", "«Кітап – білім бұлағы»", "«Менің ұстазым»",
          "«Жасыл ел»", "«Адал ұрпақ»", "«Отан қорғаушы»", "«Бала дауысы»", "«Салауатты өмір»"]
RECURRING = ["Айына бір рет", "Аптасына 1 рет", "Токсанына 1 рет", "жыл бойы"]
AUDIENCES = ["5-9 сыныптар", "1-9 сынып білім алушылары", "7-сынып білім алушылары", "1-4 сыныптар 5-9 сыныптар"]
PARTNERS = "ДТЖО\nПедагог-ұйымдастырушы\nТәлімгер\nСынып жетекшілер"
TEMPLATE = "Әлеуметтік желіге жариялау /Сілтеме/"


def school_front(rng: random.Random, number: int) -> list[str]:
    school = f"{rng.choice(['Көкшетау', 'Степногорск', 'Щучинск', 'Атбасар'])} қаласының №{number} мектеп-гимназиясы"
    return [line.replace("Көкшетау қаласының №2 МЛ-нің", school) for line in KK_FRONT]


def evidence(rng: random.Random, month: int, plan_no: int) -> str:
    """The completion cell as of the end of quarter I: mostly template, some links, marks, references."""
    roll = rng.random()
    if roll < 0.5:
        return TEMPLATE
    day = rng.randint(1, 28)
    date = f"{day:02d}.{month:02d}.{2025 if month >= 9 else 2026}"
    if roll < 0.75:
        return f"{TEMPLATE}\n{date} https://www.instagram.com/p/s{plan_no}_{rng.randint(1, 10**6)}/"
    if roll < 0.9:
        return f"Өткізілді {date}\nhttps://t.me/school{plan_no}/{rng.randint(1, 999)}"
    return rng.choice([f"Анықтама №{rng.randint(1, 9)}, {date}", "Өткізілмеді", f"Ауыстырылды {date}"])


def section(rng: random.Random, index: int, plan_no: int, rows: int) -> Section:
    month = MONTH_NUMBERS[index % 8]
    stale = rng.choice(["2022", "2023", "2024"])
    body = []
    for n in range(1, rows + 1):
        if rng.random() < 0.25:
            when = rng.choice(RECURRING)
        else:
            start = rng.randint(1, 20)
            when = f"{start:02d}-{start + rng.randint(1, 6):02d}.{month:02d}.{stale}ж."
        project = f"«{rng.choice(TOPICS).strip('«»')}» ЖОБАСЫ" if n == 1 or rng.random() < 0.2 else ""
        body.append(row(n, project, f"{rng.choice(TOPICS)} {rng.choice(FORMS)}", when,
                        audience=rng.choice(AUDIENCES), partners=PARTNERS, evidence=evidence(rng, month, plan_no)))
    no_audience = index == 4
    header = [h for h in KK_HEADER if "аудитория" not in h] if no_audience else list(KK_HEADER)
    if no_audience:
        body = [r[:6] + [r[6] + "\n" + r[7]] for r in body]
    headless = index == 6
    return Section(body, month=None if headless else f"{MONTHS[index % 8]} АЙЫ",
                   fraction=None if headless else f"{index + 1}. {FRACTIONS[index % 8]} ФРАКЦИЯСЫ",
                   header=header, merge_project=rng.random() < 0.3)


def generate(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """`count` seed-shaped plans in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for plan_no in range(count):
        sections = [section(rng, i, plan_no, rng.randint(4, 5)) for i in range(8)]
        paths.append(build_plan(folder / f"school-{plan_no:03d}.docx", sections, front=school_front(rng, plan_no + 1)))
    return paths


def big_plan(path: Path, rows: int) -> Path:
    """One plan whose single fraction table has `rows` activities."""
    rng = random.Random(rows)
    return build_plan(path, [section(rng, 0, 0, rows)], front=school_front(rng, 1))


def read_normalize_ms(path: Path, repeats: int = 30) -> tuple[float, float]:
    """Median and first-call milliseconds of read + normalize (no validation) of one plan."""
    from pipeline.normalize.activities import normalize_plan
    from pipeline.read.word import read_docx

    data = path.read_bytes()
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        normalize_plan(read_docx(path.name, data))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[1:]), times[0]


def ingest_throughput(folder: Path) -> tuple[float, int]:
    """Plans per second of read + normalize + validate of every plan in `folder`, and the count."""
    from pipeline.normalize.ingest import ingest_folder

    start = time.perf_counter()
    ingested = ingest_folder(folder)
    elapsed = time.perf_counter() - start
    assert not ingested.failed, ingested.failed
    return len(ingested.read) / elapsed, len(ingested.read)


def timed_command(args: list[str], repeats: int = 1) -> tuple[float, int]:
    """Median wall seconds of a command, and the peak memory (KiB) of its process tree."""
    times, peaks = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sampler = _TreeMemory(process.pid)
        sampler.start()
        code = process.wait()
        times.append(time.perf_counter() - start)
        sampler.stop()
        if code != 0:
            raise SystemExit(f"{' '.join(args)} failed with exit code {code}")
        peaks.append(sampler.peak_kib)
    return statistics.median(times), max(peaks)


class _TreeMemory(threading.Thread):
    """Samples the summed resident memory of a process and its descendants (Linux /proc)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.running = pid, 0, True

    def run(self) -> None:
        while self.running:
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in _tree(self.pid)))
            time.sleep(0.05)

    def stop(self) -> None:
        self.running = False
        self.join()


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def plan_report(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plans", type=int, default=300)
    parser.add_argument("--big-rows", type=int, default=1200)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="plan-report-bench-"))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; work folder {work}")

    started = time.perf_counter()
    generate(work / "input", options.plans)
    sample = generate(work / "one", 1, seed=1)[0]
    print(f"generated {options.plans} plans in {time.perf_counter() - started:.1f} s")

    median_ms, first_ms = read_normalize_ms(sample)
    print(f"read + normalize, one seed-sized plan: {median_ms:.1f} ms median (first call {first_ms:.1f} ms)"
          f"   target ≤ 10 ms")

    rate, count = ingest_throughput(work / "input")
    print(f"ingest only (read, normalize, validate) of {count} plans: {rate:.0f} plans/s   target ≥ 100 plans/s")

    bare, _ = timed_command([sys.executable, "-c", "import pandas, pandera, openpyxl, docx, click"], repeats=5)
    one, _ = timed_command(plan_report("run", "--input", str(work / "one"), "--output", str(work / "out-one"),
                                       "--as-of", "2025-10-27"), repeats=5)
    print(f"plan-report run, one plan: {one:.2f} s; bare imports {bare:.2f} s; ratio {one / bare:.2f}   target ≤ 1.6")

    full, peak = timed_command(plan_report("run", "--input", str(work / "input"), "--output", str(work / "out"),
                                           "--as-of", "2025-10-27"))
    district, district_peak = timed_command(plan_report("district", "--input", str(work / "input"), "--output",
                                                        str(work / "out"), "--as-of", "2025-10-27"))
    print(f"{count} plans, full run with reports: {full:.1f} s ({full / count * 1000:.0f} ms per plan), "
          f"peak memory {peak / 1024:.0f} MiB; district summary: {district:.1f} s, "
          f"{district_peak / 1024:.0f} MiB   target < 60 s, < 1024 MiB")

    for rows in (options.big_rows // 2, options.big_rows, options.big_rows * 2):
        path = big_plan(work / f"big-{rows}.docx", rows)
        median_ms, _ = read_normalize_ms(path, repeats=3)
        print(f"big plan, {rows} rows: {median_ms:.0f} ms ({median_ms / rows * 1000:.0f} µs per row)")


if __name__ == "__main__":
    main()
