"""Rebuild the sample plan `input/mektep-parlamenti-2025-2026.docx`: the filled quarter I plan
(`../shared/plans/mektep-parlamenti-2025-2026-filled-q1.docx`, outside a fresh clone) with the lines
the people responsible add in quarter II: links, "Анықтама №…, dd.mm.2025", "Өткізілді dd.mm.2025",
a not-held and a moved line.

    python tests/build_sample_plan.py ../shared/plans/mektep-parlamenti-2025-2026-filled-q1.docx input/mektep-parlamenti-2025-2026.docx
"""
import copy
import sys

import docx
from docx.text.paragraph import Paragraph

# (table, row) -> lines added to the completion cell, as the people responsible write them
Q2_LINES = {
    (0, 4): ["Анықтама №3, 14.11.2025", "Анықтама №4, 12.12.2025"],
    (0, 5): ["Өткізілді 20.11.2025", "https://www.instagram.com/p/ml2_kukyk_kezdesu/"],
    (1, 2): ["13.11.2025 https://t.me/ml2_parlament/5", "11.12.2025 https://t.me/ml2_parlament/7"],
    (1, 3): ["07.11.2025 https://www.instagram.com/p/ml2_uzdik_9/", "14.11.2025 https://www.instagram.com/p/ml2_uzdik_10/",
             "21.11.2025 https://www.instagram.com/p/ml2_uzdik_11/", "05.12.2025 https://www.instagram.com/p/ml2_uzdik_13/",
             "12.12.2025 https://www.instagram.com/p/ml2_uzdik_14/", "19.12.2025 https://www.instagram.com/p/ml2_uzdik_15/"],
    (1, 5): ["06.11.2025 https://t.me/ml2_news/21", "13.11.2025 https://t.me/ml2_news/22", "20.11.2025 https://t.me/ml2_news/23",
             "27.11.2025 https://t.me/ml2_news/24", "04.12.2025 https://t.me/ml2_news/25", "11.12.2025 https://t.me/ml2_news/26",
             "18.12.2025 https://t.me/ml2_news/27", "25.12.2025 https://t.me/ml2_news/28"],
    (2, 1): ["Өткізілді 10.11.2025", "https://www.instagram.com/p/ml2_densaulyk_baylyk/"],
    (2, 2): ["Анықтама №5, 21.11.2025", "Анықтама №8, 19.12.2025"],
    (2, 3): ["Өткізілмеді: тұмау карантиніне байланысты"],
    (2, 4): ["Анықтама №6, 27.11.2025"],
    (2, 5): ["14.11.2025 https://www.instagram.com/p/ml2_taza_mektep_1/", "28.11.2025 https://www.instagram.com/p/ml2_taza_mektep_2/",
             "12.12.2025 https://www.instagram.com/p/ml2_taza_mektep_3/"],
    (3, 1): ["Өткізілді 03.12.2025", "https://www.facebook.com/ml2kokshetau/posts/2234"],
    (3, 2): ["Ауыстырылды 17.12.2025"],
    (3, 3): ["Өткізілді 15.12.2025 https://www.instagram.com/p/ml2_men_erekshe/"],
    (3, 4): ["https://t.me/ml2_parlament/9"],
    (3, 5): ["Анықтама №7, 16.12.2025", "https://www.instagram.com/p/ml2_30_uzdik/"],
    (4, 4): ["Өткізілді 26.12.2025", "https://www.instagram.com/p/ml2_kayyrymdylyk/"],
}



def add_lines(cell, lines: list[str]) -> None:
    """`lines` as new paragraphs at the end of `cell`, each formatted like its last paragraph."""
    model = cell.paragraphs[-1]
    for line in lines:
        paragraph = copy.deepcopy(model._p)
        cell._tc.append(paragraph)
        new = Paragraph(paragraph, cell)
        for run in new.runs[1:]:
            run._r.getparent().remove(run._r)
        if new.runs:
            new.runs[0].text = line
        else:
            new.add_run(line)


def main(source: str, target: str) -> None:
    document = docx.Document(source)
    for (table_no, row_no), lines in Q2_LINES.items():
        add_lines(document.tables[table_no].rows[row_no].cells[-1], lines)
    document.save(target)


if __name__ == "__main__":
    main(*sys.argv[1:3])

