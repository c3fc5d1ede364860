"""Render every report of the sample plans to PNG pages, to look at them as a reader would.

    python bench/render.py [--plans DIR] [--out DIR] [--periods 1:2025-10-31,2:2025-12-30]

For each language (kk, ru) it runs `check`, then `run` and `district` for each period (quarter and
as-of date; default quarter I on 31 October, when the filled plan's evidence counts, and quarter II
in the winter break) over the plans (default: the golden sample plans, the filled Word plan and
its Excel copy) and converts every .docx and .xlsx
written — the plan reports, the district summary and the marked plan copies — to PDF with
LibreOffice (`soffice --headless`), then each PDF to PNG pages with `pdftoppm` (poppler-utils).
Pages land in `<out>/<lang>/png/<file>-<page>.png`; the script prints how many it made."""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "tests" / "golden" / "plans"
LANGS = ("kk", "ru")
DOCUMENTS = (".docx", ".xlsx")
# Comments (the marked plan's notes) exported too: as margin notes where LibreOffice can (7.5 on),
# else as PDF annotations, which a PNG shows as a note icon on the commented cell.
_NOTES = '"ExportNotes":{"type":"boolean","value":"true"}'
PDF_FILTERS = {
    ".docx": 'pdf:writer_pdf_Export:{' + _NOTES + ',"ExportNotesInMargin":{"type":"boolean","value":"true"}}',
    ".xlsx": 'pdf:calc_pdf_Export:{' + _NOTES + '}',
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=Path, default=PLANS, help="folder of plan files")
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "render", help="where the pages go")
    parser.add_argument("--periods", default="1:2025-10-31,2:2025-12-30",
                        help="quarter:as-of pairs, comma-separated")
    parser.add_argument("--dpi", default="60")
    args = parser.parse_args()
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils")
    pages = 0
    for lang in LANGS:
        out = args.out / lang
        shutil.rmtree(out, ignore_errors=True)
        reports = out / "reports"
        periods = [period.split(":") for period in args.periods.split(",")]
        verbs = [["check"]] + [[verb, "--quarter", quarter, "--as-of", as_of]
                               for quarter, as_of in periods for verb in ("run", "district")]
        for verb in verbs:
            subprocess.run([sys.executable, "-m", "pipeline", *verb, "--lang", lang, "--input", str(args.plans),
                            "--output", str(reports)], check=False, capture_output=True)
        documents = sorted(p for p in reports.rglob("*") if p.suffix in DOCUMENTS)
        pages += sum(_render(document, reports, out / "png", args.dpi) for document in documents)
    print(f"{pages} pages in {args.out}")
    return 0


def _render(document: Path, reports: Path, png_dir: Path, dpi: str) -> int:
    """`document` as PNG pages in `png_dir`, named after its path under `reports`; the page count."""
    png_dir.mkdir(parents=True, exist_ok=True)
    name = "-".join(document.relative_to(reports).parts).replace(" ", "_").replace(".", "_")
    with tempfile.TemporaryDirectory() as tmp:
        # A profile of its own: a LibreOffice already open for the user does not block the conversion.
        profile = Path(tmp, "profile").as_uri()
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                        PDF_FILTERS[document.suffix], "--outdir", tmp, str(document)], check=False, capture_output=True)
        pdf = Path(tmp, document.with_suffix(".pdf").name)
        if not pdf.exists():
            print(f"not converted: {document}", file=sys.stderr)
            return 0
        before = len(list(png_dir.glob(f"{name}-*.png")))
        # poppler warns about the note annotations LibreOffice 7.4 exports; the pages are fine
        subprocess.run(["pdftoppm", "-png", "-r", dpi, str(pdf), str(png_dir / name)], check=True, capture_output=True)
        return len(list(png_dir.glob(f"{name}-*.png"))) - before


if __name__ == "__main__":
    sys.exit(main())
