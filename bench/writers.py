"""The writers' speed: one plan's Word and Excel reports, its marked copy, the district summary.

    python bench/writers.py [--repeat 30] [--profile docx|xlsx|marked|district] [--snapshot DIR]

Reports are built in process from the golden sample plans (`tests/golden/plans/`, the school's real
plan and its Excel copy, quarter II as of 30 December 2025) and the report fixture of the tests;
each writer runs `--repeat` times and the median of its CPU time (the machine is shared: wall
time there measures the other users) is printed beside the target (Word + Excel of one
plan together at most 30 ms). `--snapshot DIR` writes every output once into DIR and the
canonical XML of each of their parts beside it, to compare two versions' outputs part by part."""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import importlib
import io
import pstats
import re
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate.district import district_summary  # noqa: E402
from pipeline.write.district import write_district_docx, write_district_xlsx  # noqa: E402
from pipeline.write.marked_plan import write_marked_plan  # noqa: E402
from pipeline.write.plan_excel import write_xlsx  # noqa: E402
from pipeline.write.plan_word import write_docx  # noqa: E402
from tests import report_fixtures  # noqa: E402

run_verb = importlib.import_module("pipeline.run")  # `pipeline.run` the module, not the verb

PLANS = ROOT / "tests" / "golden" / "plans"
AS_OF = dt.date(2025, 12, 30)
TARGET_MS = 30.0


def sample_run(output: Path):
    """The golden plans run in process (one job), and the reports the run built, by source."""
    reports = {}
    write_plan_report = run_verb.write_plan_report

    def keep(report, status, folder):
        reports[report.source] = report
        return write_plan_report(report, status, folder)

    run_verb.write_plan_report = keep
    try:
        result = run_verb.run(PLANS, output, scope="2", as_of=AS_OF, lang="kk", jobs=1)
    finally:
        run_verb.write_plan_report = write_plan_report
    return result, reports


def median_ms(write, repeat: int) -> tuple[float, float]:
    """The median and the fastest of `repeat` runs of `write`, in CPU milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        write()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times), min(times)


# The times of writing ("modified", a comment's date): they differ from run to run.
_NOW = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def snapshot(outputs: dict[str, Path | io.BytesIO], folder: Path) -> None:
    """Each output's parts as canonical XML, times of writing blanked, under `folder/<name>/`; an
    embedded workbook is expanded the same way, other binary parts are kept as they are."""
    for name, path in outputs.items():
        with zipfile.ZipFile(path) as archive:
            for part in archive.namelist():
                data = archive.read(part)
                target = folder / name / part
                if part.endswith(".xlsx"):
                    snapshot({part: io.BytesIO(data)}, folder / name)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                if part.endswith((".xml", ".rels")):
                    data = etree.tostring(etree.fromstring(data), method="c14n")
                    data = _NOW.sub(b"(now)", etree.tostring(etree.fromstring(data), pretty_print=True))
                target.write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", choices=["docx", "xlsx", "marked", "district"])
    parser.add_argument("--snapshot", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        result, reports = sample_run(out / "run")
        fixture = {"fixture-kk": report_fixtures.sample_report("kk"), "fixture-ru": report_fixtures.sample_report("ru")}
        plans = reports | fixture
        summary = district_summary(result.outcomes, "kk")
        found = result.ingested.files
        notes = result.ingested.notes
        jobs = {}
        for name, report in plans.items():
            jobs[f"{name}.docx"] = ("docx", lambda r=report, n=name: write_docx(r, out / f"{n}.docx"))
            jobs[f"{name}.xlsx"] = ("xlsx", lambda r=report, n=name: write_xlsx(r, out / f"{n}.xlsx"))
        places = {plan.source: plan.places for plan in result.ingested.read}
        for plan_file in found:
            plan_notes = [n for n in notes if n.file == plan_file.name]
            folder = out / "marked" / plan_file.path.stem
            folder.mkdir(parents=True, exist_ok=True)
            jobs[f"marked-{plan_file.path.name}"] = ("marked", lambda p=plan_file, ns=plan_notes, f=folder:
                                                     write_marked_plan(p, ns, f, "kk", places[p.name]))
        jobs["district.docx"] = ("district", lambda: write_district_docx(summary, out / "district.docx"))
        jobs["district.xlsx"] = ("district", lambda: write_district_xlsx(summary, out / "district.xlsx"))
        if args.snapshot:
            snapshot({name: Path(write()) for name, (_, write) in jobs.items()}, args.snapshot)
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.repeat):
                for kind, write in jobs.values():
                    if kind == args.profile:
                        write()
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
            return
        figures = {name: median_ms(write, args.repeat) for name, (_, write) in jobs.items()}
    print(f"{'':58s}  median   fastest (CPU ms)")
    for name, (median, fastest) in figures.items():
        print(f"{name:58s} {median:7.1f} {fastest:7.1f}")
    for name in plans:
        median, fastest = (figures[f"{name}.docx"][i] + figures[f"{name}.xlsx"][i] for i in (0, 1))
        print(f"{name:42s} Word + Excel {median:7.1f} {fastest:7.1f}  (target ≤ {TARGET_MS:.0f} ms)")


if __name__ == "__main__":
    main()
