"""Per-fraction statistics of a report period and of the year to date, and the forms of activities."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from pipeline.base import vocab
from pipeline.base.text import fold_plain
from schemas import STATUSES
from schemas import Activities as A
from schemas import FractionStats as F
from schemas import QuarterStatus as S

_FORMS = vocab.table("forms")
_OTHER = _FORMS["other"]
_FORM_BY_WORD = {fold_plain(word): form["kk"] for form in _FORMS["form"] for word in form["words"]}
_FORM_WORDS = re.compile(
    r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(_FORM_BY_WORD, key=len, reverse=True))) + r")(?!\w)")
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|„[^“”]*[“”]|\"[^\"]*\"")
_FORM_NAMES = {form["kk"]: form for form in (*_FORMS["form"], _OTHER)}

# Per scope: the status frame's columns of expected, due, held, status and evidence links.
_SCOPE_COLUMNS = {
    "quarter": (S.expected, S.due, S.held, S.status, S.evidence_links),
    "year_to_date": (S.ytd_expected, S.ytd_due, S.ytd_held, S.ytd_status, S.ytd_evidence_links),
}
_STATS_COLUMNS = list(F.to_schema().columns)
_SEPARATOR = "; "   # of links, partner roles and forms


class _Figures(NamedTuple):
    """One activity's figures in one scope."""
    expected: int
    due: int
    held: int
    status: str
    links: int


class _Row(NamedTuple):
    """One status row with what the statistics need of its activity."""
    title: str
    grades: str
    partners: str
    in_period: bool
    figures: dict[str, _Figures]   # per scope


def fraction_stats(activities: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """Per plan and fraction, for the period (scope "quarter") and the year to date, as a validated
    `schemas.FractionStats` frame; rows by plan (in the activities' order), scope, fraction number.

    Every fraction of the activities has a row in each scope, with zeros when none of its
    activities has a row in `status` (so no fraction drops out of the report). The period scope
    sums the rows `in_period`; the year-to-date scope sums the `ytd_` columns of every row.
    - `activities`: its rows in `status`; `expected`, `due`: their sums;
    - `held`: the sum of min(held, expected) per activity: evidence beyond the plan adds nothing;
    - `completion_rate`: the sum of min(held, due) over the sum of due (equal to `held` over `due`,
      since evaluate counts what was held as due), empty when nothing is due;
    - counts by status; `links`: the number of evidence links counted in the scope;
    - `grades`, `partners`, `forms`: what the activities with something held in the scope
      reached, all on that one basis: every grade ("1,2,3") and partner role ("; ", first seen
      first), and the activities by form, "акция: 2; байқау: 1" (most first, then by name; see
      `form_of`)."""
    fractions = plan_fractions(activities)
    rows_of: dict[tuple[str, int], list[_Row]] = {key: [] for key in fractions}
    for key, row in _status_rows(activities, status):
        rows_of[key].append(row)
    by_plan: dict[str, list[tuple[int, str]]] = {}
    for (source, number), name in fractions.items():
        by_plan.setdefault(source, []).append((number, name))
    records = [
        (source, number, name, scope, *_scope_figures([r.figures[scope] for r in _in_scope(rows_of[(source, number)], scope)]),
         *_coverage(_in_scope(rows_of[(source, number)], scope), scope))
        for source, plan_fractions in by_plan.items()
        for scope in _SCOPE_COLUMNS
        for number, name in plan_fractions
    ]
    frame = pd.DataFrame.from_records(records, columns=_STATS_COLUMNS)
    frame[F.completion_rate] = frame[F.completion_rate].astype("float64")
    return F.validate(frame, lazy=True)


# The columns a totals row sums over the fractions.
TOTAL_COUNTS = (F.activities, F.expected, F.due, F.held, *STATUSES, F.links)


def scope_totals(stats: Mapping[str, Sequence] | pd.DataFrame) -> dict[str, dict]:
    """The totals row of each scope of one plan's `fraction_stats` (a frame, or its columns by
    name), by scope: the counts of `TOTAL_COUNTS` summed over the fractions, and
    `completion_rate`, held (capped per activity) over due of all fractions (None when nothing
    was due): each fraction's rate weighted by its due occurrences, the same ratio as over the
    activities themselves.

    The columns are read once into arrays: a plan has a few rows, and pandas takes longer to
    select and sum each column of each scope than the sums take."""
    scopes = np.asarray(stats[F.scope], dtype=object)
    counts = np.column_stack([np.asarray(stats[column], dtype=np.int64) for column in TOTAL_COUNTS])
    rates, due = np.asarray(stats[F.completion_rate], dtype=float), np.asarray(stats[F.due], dtype=float)
    totals = {}
    for scope in dict.fromkeys(scopes.tolist()):
        rows = scopes == scope
        summed = dict(zip(TOTAL_COUNTS, (int(n) for n in counts[rows].sum(axis=0))))
        rated = rows & ~np.isnan(rates)
        # summed by numpy, as pandas sums a column, so that the rate is the same to the last digit
        held = (rates[rated] * due[rated]).sum()
        totals[scope] = {**summed, F.completion_rate: float(held / summed[F.due]) if summed[F.due] else None}
    return totals


@lru_cache(maxsize=16384)
def form_of(title: str) -> str:
    """The form of an activity named by its title, by its Kazakh name in `data/forms.toml`
    ("«Жомарт жүрек» акциясы" → "акция"; "Конкурс чтецов" → "байқау"); "басқа" when none is named.

    The first form written outside «quotes» wins, else the first inside them."""
    if not isinstance(title, str):
        return _OTHER["kk"]
    for text in (_QUOTED.sub(" ", title), title):
        match = _FORM_WORDS.search(fold_plain(text))
        if match:
            return _FORM_BY_WORD[match.group()]
    return _OTHER["kk"]


def forms_in(forms: str, lang: str) -> str:
    """A `forms` statistic ("акция: 2; байқау: 1") with the form names in `lang` ("kk" or "ru")."""
    parts = []
    for part in filter(None, forms.split(_SEPARATOR)):
        name, _, count = part.rpartition(": ")
        form = _FORM_NAMES.get(name)
        parts.append(f"{form.get(lang, name) if form else name}: {count}")
    return _SEPARATOR.join(parts)


def _scope_figures(figures: list[_Figures]) -> tuple:
    """activities, expected, due, held, completion_rate and the counts by status."""
    due = sum(f.due for f in figures)
    statuses = Counter(f.status for f in figures)
    return (
        len(figures),
        sum(f.expected for f in figures),
        due,
        sum(capped_held(f.held, f.expected) for f in figures),
        sum(min(f.held, f.due) for f in figures) / due if due else None,
        *(statuses[s] for s in STATUSES),
    )


def capped_held(held: int, expected: int) -> int:
    """What an activity's held occurrences count for in the statistics: evidence beyond the
    plan adds nothing."""
    return min(held, expected)


def _in_scope(rows: list[_Row], scope: str) -> list[_Row]:
    """The rows that count in `scope`: the period's own for "quarter", all for the year to date."""
    return rows if scope == "year_to_date" else [r for r in rows if r.in_period]


def _coverage(rows: list[_Row], scope: str) -> tuple[int, str, str, str]:
    """links; grades, partners and forms of the activities with something held in `scope`."""
    reached = [r for r in rows if r.figures[scope].held > 0]
    grades = sorted({int(g) for r in reached for g in r.grades.split(",") if g})
    partners = dict.fromkeys(p for r in reached for p in r.partners.split(_SEPARATOR) if p)
    return (
        sum(r.figures[scope].links for r in rows),
        ",".join(map(str, grades)),
        _SEPARATOR.join(partners),
        _forms_text(Counter(form_of(r.title) for r in reached)),
    )


def _forms_text(counts: Counter) -> str:
    """"акция: 2; байқау: 1": most frequent first, then by name."""
    return _SEPARATOR.join(f"{name}: {n}" for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _status_rows(activities: pd.DataFrame, status: pd.DataFrame):
    """Each status row of a known activity as ((source, fraction number), _Row)."""
    info_columns = (A.fraction_no, A.title, A.grades, A.partners)
    info = {
        (source, activity_id): values
        for source, activity_id, *values in zip(
            *(activities[c].tolist() for c in (A.source, A.activity_id, *info_columns)))
    }
    scope_values = {scope: [status[c].tolist() for c in columns] for scope, columns in _SCOPE_COLUMNS.items()}
    in_period = status[S.in_period].tolist()
    for i, key in enumerate(zip(status[S.source].tolist(), status[S.activity_id].tolist())):
        activity = info.get(key)
        if activity is None:
            continue
        number, title, grades, partners = activity
        figures = {scope: _Figures(expected[i], due[i], held[i], state[i], _link_count(links[i]))
                   for scope, (expected, due, held, state, links) in scope_values.items()}
        yield (key[0], int(number)), _Row(title, grades, partners, in_period[i], figures)


def _link_count(links: str) -> int:
    return sum(1 for link in links.split(_SEPARATOR) if link)


def plan_fractions(activities: pd.DataFrame) -> dict[tuple[str, int], str]:
    """Per (source, fraction number), sorted by number within a plan: the fraction's name as
    first written."""
    names: dict[tuple[str, int], str] = {}
    for source, number, name in zip(*(activities[c].tolist() for c in (A.source, A.fraction_no, A.fraction))):
        names.setdefault((source, int(number)), name)
    order = {source: i for i, source in enumerate(dict.fromkeys(s for s, _ in names))}
    return dict(sorted(names.items(), key=lambda item: (order[item[0][0]], item[0][1])))
