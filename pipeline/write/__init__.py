"""Stage 4, write: the Word, Excel and CSV reports, each file written atomically.

`words` writes every value (dates, periods, rates, grades, fraction labels, forms, links);
`word_kit` and `excel_kit` hold page set-up, styles, tables, charts and properties; the four
documents — `plan_word`, `plan_excel` and `district` (Word and Excel) — are built from them."""
