"""Benchmark: generates seed-shaped plans and prints every figure of the speed targets beside
its target, the whole-process ones measured side by side in one run, as ratios.

    python bench/bench.py [--plans 300] [--repeats 1] [--country] [--big-rows 1200] [--keep DIR]

Figures (targets from the project's issue "A district in seconds, the country in minutes"):
- `check` over N plans, start to finish, ÷ a plain python-docx walk of the same files in one
  process (`for t in doc.tables: for r in t.rows: [c.text for c in r.cells]`): target ≤ 0.4;
- `district` over N plans (every plan's Word, Excel and CSV reports plus the summary) ÷ that
  walk: target ≤ 1.0; the peak memory of all its processes;
- writing one plan's Word and Excel reports, in process: target ≤ 30 ms together;
- `run` on one plan ÷ a bare `python -c "import pandas, pandera, openpyxl, docx, click"`:
  target ≤ 1.3 (the benchmark says whether the test extras, hypothesis among them, are installed);
- with `--country`: `district` over 3,000 plans, its time per plan ÷ the N-plan figure (target
  ≤ 1.1) and the peak memory of all its processes (target < 1 GiB);
- and, in process: read + normalize of one plan (≤ 10 ms), ingest throughput (≥ 100 plans/s),
  big plans (1,000+ rows) per row, to show reading stays linear.
Generated plans have the seed plan's shape (8 fractions, 4-5 activities each, stale years,
recurring phrases, a table without an audience column, one without headings) with varied
school names, titles, dates and evidence lines."""
from __future__ import annotations

import argparse
import compileall
import datetime as dt
import importlib.util
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


# The baseline every batch figure is a ratio of: python-docx's own walk over the plans' cells.
DOCX_WALK = """
import sys
from pathlib import Path
import docx
for path in sorted(Path(sys.argv[1]).glob("*.docx")):
    for t in docx.Document(str(path)).tables:
        for r in t.rows:
            [c.text for c in r.cells]
"""
BARE_IMPORTS = "import pandas, pandera, openpyxl, docx, click"
AS_OF = "2025-10-27"


def docx_walk(folder: Path) -> list[str]:
    return [sys.executable, "-c", DOCX_WALK, str(folder)]


def batch(verb: str, folder: Path, out: Path) -> list[str]:
    args = ["--input", str(folder), "--output", str(out)]
    return plan_report(verb, *args) if verb == "check" else plan_report(verb, *args, "--as-of", AS_OF)


def side_by_side(commands: dict[str, list[str]], repeats: int) -> dict[str, tuple[list[float], int]]:
    """Each command's wall seconds per round and its largest peak memory (KiB), the commands run
    in turn in every round so that a drift of the machine's speed touches them alike."""
    figures: dict[str, tuple[list[float], int]] = {name: ([], 0) for name in commands}
    for _ in range(repeats):
        for name, args in commands.items():
            seconds, peak = timed_command(args)
            times, top = figures[name]
            figures[name] = (times + [seconds], max(top, peak))
    return figures


def ratio(figures: dict[str, tuple[list[float], int]], a: str, b: str) -> float:
    """The median, over the rounds, of a's time over b's in the same round."""
    return statistics.median(x / y for x, y in zip(figures[a][0], figures[b][0]))


def writers_ms(plan_folder: Path, work: Path, repeats: int = 20) -> tuple[float, float, float]:
    """Median milliseconds of writing one plan's Word report, its Excel report, and both, in process."""
    from pipeline.run import run
    from pipeline.write.plan_excel import write_xlsx
    from pipeline.write.plan_word import write_docx

    report = next(o.report for o in run(plan_folder, work / "out-writers", as_of=dt.date.fromisoformat(AS_OF)).outcomes
                  if o.report is not None)
    word, excel = [], []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        write_docx(report, work / "writers.docx")
        middle = time.perf_counter()
        write_xlsx(report, work / "writers.xlsx")
        word.append((middle - start) * 1000)
        excel.append((time.perf_counter() - middle) * 1000)
    word, excel = word[1:], excel[1:]
    return statistics.median(word), statistics.median(excel), statistics.median(w + e for w, e in zip(word, excel))


def compile_package() -> None:
    """The package's modules compiled to bytecode, as an installed package has them (pip compiles
    at install): with PYTHONDONTWRITEBYTECODE set, or a fresh checkout, every command would
    otherwise compile the project's source first, while the libraries it is measured against are
    compiled."""
    for package in ("pipeline", "schemas"):
        compileall.compile_dir(ROOT / package, quiet=1)


def has_test_extras() -> bool:
    return importlib.util.find_spec("hypothesis") is not None


def line(figure: str, measured: str, target: str, met: bool | None = None) -> None:
    verdict = "" if met is None else ("   met" if met else "   NOT MET")
    print(f"{figure}: {measured}   target {target}{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plans", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=1, help="rounds of the side-by-side batch figures")
    parser.add_argument("--country", action="store_true", help="also district over 3,000 plans (minutes)")
    parser.add_argument("--big-rows", type=int, default=1200)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="plan-report-bench-"))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; test extras installed: "
          f"{'yes' if has_test_extras() else 'no'}; {dt.date.today()}; work folder {work}")
    compile_package()
    print("the package's modules compiled to bytecode, as an installed package has them")

    started = time.perf_counter()
    plans = work / "input"
    if not (plans.is_dir() and len(list(plans.glob("*.docx"))) == options.plans):
        generate(plans, options.plans)
    sample = generate(work / "one", 1, seed=1)[0]
    print(f"generated {options.plans} plans in {time.perf_counter() - started:.1f} s")

    figures = side_by_side({"walk": docx_walk(plans), "check": batch("check", plans, work / "out-check"),
                            "district": batch("district", plans, work / "out")}, options.repeats)
    walk = statistics.median(figures["walk"][0])
    check_ratio, district_ratio = ratio(figures, "check", "walk"), ratio(figures, "district", "walk")
    district_s = statistics.median(figures["district"][0])
    line(f"check, {options.plans} plans ÷ python-docx walk", f"{statistics.median(figures['check'][0]):.1f} s ÷ "
         f"{walk:.1f} s = {check_ratio:.2f}", "≤ 0.4", check_ratio <= 0.4)
    line(f"district, {options.plans} plans ÷ python-docx walk", f"{district_s:.1f} s ÷ {walk:.1f} s = "
         f"{district_ratio:.2f} ({district_s / options.plans * 1000:.0f} ms per plan), peak "
         f"{figures['district'][1] / 1024:.0f} MiB for all processes", "≤ 1.0", district_ratio <= 1.0)

    word_ms, excel_ms, both_ms = writers_ms(sample.parent, work)
    line("writing one plan's Word + Excel reports, in process", f"{word_ms:.0f} + {excel_ms:.0f} = {both_ms:.0f} ms",
         "≤ 30 ms", both_ms <= 30)

    one = side_by_side({"bare": [sys.executable, "-c", BARE_IMPORTS],
                        "run": batch("run", sample.parent, work / "out-one")}, repeats=5)
    one_ratio = ratio(one, "run", "bare")
    line("run, one plan ÷ bare imports", f"{statistics.median(one['run'][0]):.2f} s ÷ "
         f"{statistics.median(one['bare'][0]):.2f} s = {one_ratio:.2f}", "≤ 1.3", one_ratio <= 1.3)

    if options.country:
        country = work / "country"
        if not (country.is_dir() and len(list(country.glob("*.docx"))) == 3000):
            generate(country, 3000)
        # The N-plan district again, right before, so that both per-plan times see the same machine.
        pair = side_by_side({"district": batch("district", plans, work / "out"),
                             "country": batch("district", country, work / "out-country")}, repeats=1)
        seconds, peak = pair["country"][0][0], pair["country"][1]
        per_plan = ratio(pair, "country", "district") * options.plans / 3000
        line("district, 3,000 plans: time per plan ÷ the N-plan figure", f"{seconds:.0f} s, {seconds / 3:.0f} ms per "
             f"plan ÷ {pair['district'][0][0] / options.plans * 1000:.0f} ms = {per_plan:.2f}", "≤ 1.10", per_plan <= 1.1)
        line("district, 3,000 plans, peak memory of all processes", f"{peak / 1024:.0f} MiB", "< 1024 MiB",
             peak < 1024 * 1024)

    median_ms, first_ms = read_normalize_ms(sample)
    line("read + normalize, one seed-sized plan, in process", f"{median_ms:.1f} ms median (first call "
         f"{first_ms:.1f} ms)", "≤ 10 ms", median_ms <= 10)
    rate, count = ingest_throughput(plans)
    line(f"ingest only (read, normalize, validate) of {count} plans, in process", f"{rate:.0f} plans/s",
         "≥ 100 plans/s", rate >= 100)
    for rows in (options.big_rows // 2, options.big_rows, options.big_rows * 2):
        path = big_plan(work / f"big-{rows}.docx", rows)
        median_ms, _ = read_normalize_ms(path, repeats=3)
        print(f"big plan, {rows} rows: {median_ms:.0f} ms ({median_ms / rows * 1000:.0f} µs per row)")


if __name__ == "__main__":
    main()
